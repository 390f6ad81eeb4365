"""Template helpers shared by every app."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """Render ``data`` as a schema.org JSON-LD script, escaped so no value can close the
    script element."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(
        _JSON_SCRIPT_ESCAPES
    )
    # The payload is JSON with <, > and & escaped, so it is safe inside the script.
    safe_payload = mark_safe(payload)  # noqa: S308
    return format_html('<script type="application/ld+json">{}</script>', safe_payload)


@register.filter
def tel_href(phone):
    """A phone number as a tel: link target (digits and a leading + only)."""
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    return f"tel:{digits}"


@register.simple_tag(takes_context=True)
def my_list_ids(context):
    """The program ids this visitor has saved in My list (from the session)."""
    from home.my_list import saved_ids

    request = context.get("request")
    return saved_ids(request) if request is not None else []


@register.simple_tag(takes_context=True)
def list_forms(context):
    """What every save / remove form on a page shares, worked out once a page
    rather than once a card: the two URL prefixes (the program id and "/" follow),
    the CSRF token and the page's own path to come back to."""
    from django.urls import reverse

    request = context.get("request")
    return {
        "save": reverse("my_list_save", args=[1]).removesuffix("1/"),
        "remove": reverse("my_list_remove", args=[1]).removesuffix("1/"),
        "csrf_token": context.get("csrf_token", ""),
        "next": request.get_full_path() if request is not None else "",
    }


@register.simple_tag
def guides_for_needs(needs, limit=3):
    """Live guides covering any of ``needs`` (NeedCategory objects or slugs)."""
    from resources.models import ResourcePage

    return ResourcePage.for_needs(needs, limit)


@register.filter
def described_widget(field):
    """Render a form field's widget tied to its help text and errors
    (aria-describedby, aria-invalid), so screen readers announce them."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-help")
    if field.errors:
        ids.append(f"{field.auto_id}-errors")
    attrs = {"aria-describedby": " ".join(ids)} if ids else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
