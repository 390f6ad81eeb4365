"""“Tell me when it reopens”: subscribe with a double opt-in, and one e-mail to each
confirmed address when a curator publishes the listing as taking applications.

Links are signed for one alert and one purpose (confirm, unsubscribe); a confirm
link works for ``UNCONFIRMED_KEPT_FOR``, an unsubscribe link as long as its alert
exists. Reopen e-mails go after the publish commits, as a task; an alert is
claimed (``sending_since``) before its e-mail is handed over, so it is sent once
however often the listing is published, and deleted once the mail server took it.
One the server refused stays, to be sent by the listing's next publish or by
``manage.py send_reopen_alerts``. Addresses are never logged: alerts are named by
their number."""

import logging
from functools import partial

from django_tasks import task

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from directory.choices import ApplicationStatus, ProgramStatus
from directory.models import ProgramPage, ReopenAlert
from directory.models.reopen_alerts import UNCONFIRMED_KEPT_FOR
from directory.services.confirmation import absolute_url, read_link
from home import mail
from home.models import SiteSettings

logger = logging.getLogger(__name__)

LINK_SALT = "brightside.directory.reopen-alert"
CONFIRM = "confirm"
UNSUBSCRIBE = "unsubscribe"
# The application statuses a listing can reopen from. "Not known" is not one: the
# program may be taking applications already, and a promise to write would keep
# people waiting instead of asking them.
CLOSED_STATUSES = {
    ApplicationStatus.CLOSED,
    ApplicationStatus.OUT_OF_FUNDS,
    ApplicationStatus.WAITLIST,
    ApplicationStatus.OPENS_PERIODICALLY,
}


def is_open(program):
    """Taking applications: visible, running and its applications open."""
    return (
        program.is_visible()
        and program.status == ProgramStatus.ACTIVE
        and program.application_status == ApplicationStatus.OPEN
    )


def takes_alerts(program):
    """Whether the listing offers "Tell me when it reopens": visible and closed for
    now (temporarily closed, or applications closed, out of funds, waitlist or at
    set times)."""
    return program.is_visible() and (
        program.status == ProgramStatus.INACTIVE
        or program.application_status in CLOSED_STATUSES
    )


# --- Links ------------------------------------------------------------------------


def link_token(alert, purpose):
    """A token for this alert only: a new alert for the same address, or one that
    reuses a deleted alert's number, gets other tokens."""
    return signing.dumps(
        [alert.pk, alert.program_id, alert.created_at.timestamp()],
        salt=f"{LINK_SALT}:{purpose}",
    )


def alert_from_link(token, purpose, max_age=None):
    """The alert a link stands for, or None when it no longer exists. Raises
    LinkExpired for a genuine link past ``max_age``, BadLink for one altered, cut
    short or made for another purpose."""
    pk, program_id, created = read_link(
        token, f"{LINK_SALT}:{purpose}", 3, max_age=max_age
    )
    alert = (
        ReopenAlert.objects.filter(pk=pk, program_id=program_id)
        .select_related("program")
        .first()
    )
    if alert is None or alert.created_at.timestamp() != created:
        return None
    return alert


def unsubscribe_url(alert):
    return absolute_url(
        alert.program,
        reverse("directory_reopen_unsubscribe", args=[link_token(alert, UNSUBSCRIBE)]),
    )


def message_to(alert, subject, template, context):
    """An e-mail to the alert's address with a one-click unsubscribe (RFC 8058: a
    mail program POSTs to the link, no page to visit)."""
    program = alert.program
    unsubscribe = unsubscribe_url(alert)
    contact = SiteSettings.for_site(program.get_site()).contact_email
    return EmailMessage(
        subject,
        render_to_string(
            template, {"program": program, "unsubscribe_url": unsubscribe, **context}
        ),
        settings.DEFAULT_FROM_EMAIL,
        [alert.email],
        reply_to=[contact] if contact else None,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


# --- Subscribing ------------------------------------------------------------------


def prune():
    """Delete alerts unconfirmed for 7 days and all older than 12 months; returns
    how many. Runs on every new subscription and from ``prune_reopen_alerts``."""
    deleted, _ = ReopenAlert.objects.expired().delete()
    return deleted


def subscribe(program, email):
    """Keep ``email`` for ``program`` (one alert per address and listing) and send
    the confirmation e-mail while it is unconfirmed; a confirmed address is sent
    nothing more. What the person sees is the same either way."""
    prune()
    email = email.strip().lower()
    language = translation.get_language()
    alert = ReopenAlert.objects.filter(program=program, email=email).first()
    if alert is None:
        try:
            with transaction.atomic():
                alert = ReopenAlert.objects.create(
                    program=program, email=email, language=language
                )
        except IntegrityError:  # the same address sent twice at once
            return None
    if alert.confirmed_at is None:
        if alert.language != language:  # asked again, on the other language's page
            alert.language = language
            alert.save(update_fields=["language"])
        send_confirmation(alert)
    return alert


def send_confirmation(alert):
    with translation.override(alert.language):
        url = absolute_url(
            alert.program,
            reverse("directory_reopen_confirm", args=[link_token(alert, CONFIRM)]),
        )
        message = message_to(
            alert,
            # Translators: %(title)s is the program's name.
            gettext("Please confirm: tell me when “%(title)s” reopens")
            % {"title": alert.program.title},
            "directory/email/reopen_confirm.txt",
            {"confirm_url": url, "days": UNCONFIRMED_KEPT_FOR.days},
        )
    mail.send(message, partial(note_failure, alert.pk, "confirmation"))


def note_failure(pk, kind, sent):
    if not sent:
        logger.warning("Reopen alert %s: %s e-mail not sent.", pk, kind)


def confirm(alert):
    """Confirm the address; False when the listing reopened meanwhile, so there is
    nothing to wait for and the alert is deleted instead."""
    if is_open(alert.program):
        alert.delete()
        return False
    ReopenAlert.objects.filter(pk=alert.pk, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now()
    )
    return True


def unsubscribe(alert):
    alert.delete()


# --- Reopening --------------------------------------------------------------------


def claim(alert):
    """Mark the alert as being sent; False if another send has it."""
    return bool(
        ReopenAlert.objects.to_send()
        .filter(pk=alert.pk)
        .update(sending_since=timezone.now())
    )


def record_reopen_mail(pk, sent):
    """What became of a reopen e-mail (idempotent: it may be retried): sent, the
    alert is deleted; refused, it is released to be sent again."""
    if sent:
        ReopenAlert.objects.filter(pk=pk).delete()
    else:
        ReopenAlert.objects.filter(pk=pk).update(sending_since=None)
        logger.warning("Reopen alert %s: e-mail not sent; kept to send again.", pk)


def send_reopen_alerts(program_id):
    """E-mail every confirmed address waiting for the listing, if it is open now;
    returns how many e-mails were handed to the mail server."""
    program = ProgramPage.objects.filter(pk=program_id).first()
    if program is None or not is_open(program):
        return 0
    sent = 0
    for alert in program.reopen_alerts.to_send():
        if not claim(alert):
            continue
        alert.program = program
        # In the language the person subscribed in, links included.
        with translation.override(alert.language):
            message = message_to(
                alert,
                # Translators: %(title)s is the program's name.
                gettext("“%(title)s” is taking applications again")
                % {"title": program.title},
                "directory/email/reopen_open.txt",
                {"url": program.full_url},
            )
        mail.send(message, partial(record_reopen_mail, alert.pk))
        sent += 1
    return sent


@task()
def send_reopen_alerts_task(program_id):
    return send_reopen_alerts(program_id)


def alert_after_commit(program_ids):
    """After the change commits, a task per listing that is open and has confirmed
    addresses waiting. The publish never waits for a mail server: the task hands
    the e-mails over, delivery happens off the request (``home.mail``)."""
    ids = list(
        ReopenAlert.objects.confirmed()
        .filter(program_id__in=program_ids)
        .values_list("program_id", flat=True)
        .distinct()
    )
    for program_id in ids:
        transaction.on_commit(
            partial(send_reopen_alerts_task.enqueue, program_id), robust=True
        )


def send_waiting():
    """Send what earlier sends could not, for every open listing; returns how many
    e-mails were handed over (``manage.py send_reopen_alerts``)."""
    ids = (
        ReopenAlert.objects.to_send()
        .values_list("program_id", flat=True)
        .distinct()
        .order_by()
    )
    return sum(send_reopen_alerts(program_id) for program_id in ids)
