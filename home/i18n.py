"""The site's two languages: English at /, Spanish at /es/ (config/urls.py).

The language is the one in the address, nothing else. Addresses stored in the
search index are the default language's; they are turned into the visitor's
language when a page shows them."""

import functools

from django.conf import settings
from django.urls import translate_url
from django.utils import translation


def in_language(path, language=None):
    """``path``, a site address in the default language (as the search index keeps
    them), as the same page in ``language`` (the active one if not given)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if not path or language == settings.LANGUAGE_CODE or not path.startswith("/"):
        return path
    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(path, language)


def language_links(request):
    """The page the visitor is on, in each language: (code, name, address,
    current). The address keeps the query string, so a search stays the same
    search in the other language."""
    current = translation.get_language()
    here = request.get_full_path()
    return [
        {
            "code": code,
            "name": name,
            "url": translate_url(here, code),
            "absolute_url": request.build_absolute_uri(translate_url(here, code)),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]


def in_default_language(function):
    """Run ``function`` in the default language: what the search index stores
    (text, labels, addresses) is the same whichever page or admin language
    started the write."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    return wrapper


def address_language(path):
    """The language an address is in: its prefix (/es/…), else the default."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def page_language():
    """The language of the page being made ("en", "es")."""
    return translation.get_language() or settings.LANGUAGE_CODE


def translated(obj, field):
    """``obj``'s ``field`` in the page's language: its ``<field>_<language>``
    (``name_es``) where one is written, else the default language's ``field``."""
    language = page_language()
    if language != settings.LANGUAGE_CODE:
        value = getattr(obj, f"{field}_{language}", "")
        if value and value.strip():
            return value
    return getattr(obj, field)


def shown_in_default_language(obj, field):
    """Whether ``translated(obj, field)`` is the default language's text standing
    in for a translation not written yet (so the page marks it ``lang="en"``)."""
    language = page_language()
    if language == settings.LANGUAGE_CODE:
        return False
    value = getattr(obj, f"{field}_{language}", "")
    return not (value and value.strip()) and bool(getattr(obj, field))
