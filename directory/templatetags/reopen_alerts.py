"""The "Tell me when it reopens" box of a closed listing. A tag, because the form
carries a fresh time-trap token (``ProtectedForm``) for each visitor."""

from django import template

from directory.forms import ReopenAlertForm
from directory.services.reopen_alerts import takes_alerts

register = template.Library()


@register.inclusion_tag("directory/reopen_form.html", takes_context=True)
def reopen_alert_box(context, program):
    """The form, when the listing is closed for now; nothing otherwise."""
    shown = bool(program.pk) and takes_alerts(program)
    return {
        "form": ReopenAlertForm(auto_id="reopen-%s") if shown else None,
        "program": program,
        "csrf_token": context.get("csrf_token"),
    }
