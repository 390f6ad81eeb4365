"""“Tell me when it reopens”: the subscribe form and its thanks, and the pages
behind the e-mailed links (confirm, unsubscribe). Every page is private, never
indexed, and its address (a link's key) is never sent on as a referrer."""

from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from directory.forms import ReopenAlertForm
from directory.models.reopen_alerts import UNCONFIRMED_KEPT_FOR
from directory.services import reopen_alerts
from directory.services.confirmation import BadLink, LinkExpired
from directory.views import confirmation_response, form_refusal, visible_program


@require_http_methods(["GET", "POST"])
def subscribe(request, page_id):
    """The form (also shown on the listing itself); a listing taking applications
    says so instead."""
    program = visible_program(page_id)
    status = 200
    form = ReopenAlertForm(request.POST or None)
    if not reopen_alerts.takes_alerts(program):
        form = None
        status = 409 if request.method == "POST" else 200
    elif request.method == "POST":
        status = form_refusal(request, form, "reopen")
        if status is None:
            reopen_alerts.subscribe(program, form.cleaned_data["email"])
            return redirect(reverse("directory_reopen_thanks", args=[program.pk]))
    return confirmation_response(
        request,
        "directory/reopen.html",
        {"form": form, "program": program},
        status=status,
    )


def subscribe_thanks(request, page_id):
    return confirmation_response(
        request,
        "directory/reopen_thanks.html",
        {"program": visible_program(page_id), "days": UNCONFIRMED_KEPT_FOR.days},
    )


def refused(request, problem):
    return confirmation_response(
        request,
        "directory/reopen_link_refused.html",
        {"problem": problem, "days": UNCONFIRMED_KEPT_FOR.days},
        status=400 if problem == "bad" else 410,
    )


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button, POST confirms: mail scanners follow links, people
    press buttons."""
    try:
        alert = reopen_alerts.alert_from_link(
            token, reopen_alerts.CONFIRM, max_age=UNCONFIRMED_KEPT_FOR
        )
    except LinkExpired:
        return refused(request, "expired")
    except BadLink:
        return refused(request, "bad")
    if alert is None:
        return refused(request, "gone")
    outcome = "ask"
    if request.method == "POST":
        outcome = "confirmed" if reopen_alerts.confirm(alert) else "open"
    elif alert.confirmed_at:
        outcome = "confirmed"
    return confirmation_response(
        request,
        "directory/reopen_confirm.html",
        {
            "alert": alert,
            "program": alert.program,
            "outcome": outcome,
            "unsubscribe_url": ""
            if outcome == "open"
            else reopen_alerts.unsubscribe_url(alert),
        },
    )


@csrf_exempt  # mail programs POST here (RFC 8058); the signed link is the key
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows a button; POST (the button, or a mail program's one-click
    unsubscribe) deletes the alert. A link whose alert is gone says there is
    nothing left to stop."""
    try:
        alert = reopen_alerts.alert_from_link(token, reopen_alerts.UNSUBSCRIBE)
    except (LinkExpired, BadLink):
        return refused(request, "bad")
    program = alert.program if alert else None
    done = alert is None
    if alert and request.method == "POST":
        reopen_alerts.unsubscribe(alert)
        done = True
    return confirmation_response(
        request,
        "directory/reopen_unsubscribe.html",
        {"program": program, "done": done},
    )
