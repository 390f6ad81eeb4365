"""The "Tell me when it reopens" box of a listing that is closed for now."""

from django import template

from directory.services.reopen_alerts import takes_alerts

register = template.Library()


@register.inclusion_tag("directory/reopen_box.html")
def reopen_alert_box(program):
    """The link to the form when the listing is closed for now; nothing otherwise
    (nor in the preview of a page not saved yet)."""
    return {"shown": bool(program.pk) and takes_alerts(program), "program": program}
