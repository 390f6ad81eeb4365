"""The language switch, hreflang alternates and addresses in the page's language."""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import get_text_list
from django.utils.translation import pgettext

from wagtail.templatetags.wagtailcore_tags import richtext

from home.i18n import (
    in_language,
    language_links,
    shown_in_default_language,
    translated,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def page_languages(context):
    """This page in every language (home.i18n.language_links), or nothing when
    there is no request (an e-mail)."""
    request = context.get("request")
    return language_links(request) if request is not None else []


@register.filter
def localized(path):
    """A stored site address (default language) in the page's language."""
    return in_language(path)


@register.simple_tag(takes_context=True)
def nav_section(context):
    """The first part of the page's address with the language prefix taken off
    ("programs", "give", …), for the header's aria-current."""
    request = context.get("request")
    if request is None:
        return ""
    parts = [part for part in request.path_info.split("/") if part]
    if parts and parts[0] == getattr(request, "LANGUAGE_CODE", None):
        parts = parts[1:]
    return parts[0] if parts else ""


def _part(item, attribute):
    """``item``'s ``attribute`` (or key, as a template's dot reads a dict)."""
    if not attribute:
        return item
    return item[attribute] if isinstance(item, dict) else getattr(item, attribute)


def listed(items, attribute, word, each="{}"):
    """``items`` (or each one's ``attribute``) as one phrase in the page's
    language, "a, b and c" / "a, b y c", each item put in ``each`` (HTML with
    the item escaped): so a sentence holding a list is still one message."""
    words = [format_html(each, _part(item, attribute)) for item in items]
    # Each piece is escaped by format_html, the joining word here.
    return mark_safe(get_text_list(words, escape(word)))  # noqa: S308


@register.filter
def and_list(items, attribute=""):
    """ "meals, rides and company" ({{ asks|and_list:"label" }})."""
    return listed(items, attribute, pgettext("list", "and"))


@register.filter
def strong_and_list(items, attribute=""):
    """ "<strong>Rent</strong> and <strong>Rides</strong>"."""
    return listed(items, attribute, pgettext("list", "and"), "<strong>{}</strong>")


@register.filter
def quoted_or_list(items, attribute=""):
    """ "“rnet” or “uitlity”"."""
    return listed(items, attribute, pgettext("list", "or"), "“{}”")


@register.filter(name="translated")
def translated_filter(obj, field):
    """``obj``'s ``field`` in the page's language ({{ settings|translated:"note" }}),
    English where no Spanish is written (``home.i18n.translated``)."""
    return translated(obj, field)


@register.filter
def text(obj, field):
    """``obj``'s ``field`` in the page's language, escaped; the English standing in
    for a translation not written yet is marked ``lang="en"`` for screen readers
    and translators ({{ page|text:"summary" }})."""
    value = translated(obj, field)
    if shown_in_default_language(obj, field):
        return format_html('<span lang="en">{}</span>', value)
    return escape(value)


@register.filter
def rich_text(obj, field):
    """``text`` for a rich-text field: its HTML expanded (as ``|richtext``), in a
    ``lang="en"`` block where it stands in for the translation."""
    html = richtext(translated(obj, field))
    if shown_in_default_language(obj, field):
        return format_html('<div lang="en">{}</div>', html)
    return html


@register.filter
def in_english(obj, field):
    """Whether ``obj``'s ``field`` shows its English, standing in for a translation
    not written yet ({% if page|in_english:"summary" %} lang="en"{% endif %})."""
    return shown_in_default_language(obj, field)
