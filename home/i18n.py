"""The site's two languages: English at /, Spanish at /es/ (config/urls.py).

The language is the one in the address, nothing else. Addresses stored in the
search index are the default language's; they are turned into the visitor's
language when a page shows them."""

import functools

from django.conf import settings
from django.db import models
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
        if written(value):
            return value
    return getattr(obj, field)


def written(value):
    """Whether a text (or a StreamField's blocks) has anything in it."""
    return bool(value.strip() if isinstance(value, str) else value)


def shown_in_default_language(obj, field):
    """Whether ``translated(obj, field)`` is the default language's text standing
    in for a translation not written yet (so the page marks it ``lang="en"``)."""
    language = page_language()
    if language == settings.LANGUAGE_CODE:
        return False
    value = getattr(obj, f"{field}_{language}", "")
    return not written(value) and written(getattr(obj, field))


def in_spanish(field, label, max_length=None):
    """A blank Spanish twin of the English ``field`` (named ``label``): the same
    kind and length (or ``max_length``), shown on the Spanish site, the English
    standing in while it is empty."""
    _, path, args, kwargs = field.deconstruct()
    if max_length:
        kwargs["max_length"] = max_length
    kwargs.update(
        verbose_name=f"{label} in Spanish",
        blank=True,
        help_text=f"The {label} in plain Spanish, with the same facts. Leave empty "
        "and the Spanish site shows the English, marked as English.",
    )
    kwargs.pop("validators", None)
    kwargs.pop("default", None)  # an English default would pass for Spanish
    return type(field)(*args, **kwargs)


def spanish_title():
    """The Spanish twin of a page's title (Wagtail's ``Page.title``)."""
    return models.CharField(
        "title in Spanish",
        max_length=255,
        blank=True,
        help_text="The title in plain Spanish; a program's or a place's own name "
        "stays as it is. Leave empty and the Spanish site shows the English, "
        "marked as English.",
    )
