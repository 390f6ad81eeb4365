"""Asking organisations to confirm their listings, and recording their answer.

The e-mail carries a signed link bound to one request and its listing, working for
``LINK_VALID_FOR``: a link for one listing cannot confirm another, and an old link
stops working. Partners need no login."""

import logging
from functools import partial
from typing import NamedTuple

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from wagtail.log_actions import log

from directory.models import ConfirmationRequest, ProgramPage
from directory.models.confirmations import LINK_VALID_FOR
from home import mail
from home.i18n import in_default_language
from home.models import SiteSettings

logger = logging.getLogger(__name__)

LINK_SALT = "brightside.directory.partner-confirmation"
REQUESTED_ACTION = "directory.confirmation_requested"
CONFIRMED_ACTION = "directory.confirmed_by_organisation"


class LinkExpired(Exception):
    """A genuine confirmation link past its time."""


class BadLink(Exception):
    """A confirmation link that was altered, cut short or is for another listing."""


class Asked(NamedTuple):
    """What asking a set of listings came to: the listings to ask (after
    ``ask_to_confirm``, the requests sent) and those skipped, by reason."""

    sent: list
    no_address: list
    recently_asked: list
    not_published: list


def contact_address(program):
    """Where to ask: the program's own e-mail, else its organisation's."""
    return program.email or program.organisation.email


def sort_for_asking(programs):
    """``programs`` split into those to ask and those to skip: not visible to the
    public, no e-mail address, or asked within ``LINK_VALID_FOR``."""
    asked = set(
        ConfirmationRequest.objects.asked_since(timezone.now() - LINK_VALID_FOR)
        .filter(program__in=programs)
        .values_list("program_id", flat=True)
    )
    outcome = Asked([], [], [], [])
    for program in programs:
        if not program.is_visible():
            outcome.not_published.append(program)
        elif not contact_address(program):
            outcome.no_address.append(program)
        elif program.pk in asked:
            outcome.recently_asked.append(program)
        else:
            outcome.sent.append(program)
    return outcome


def programs_to_ask(ids):
    return list(
        ProgramPage.objects.filter(pk__in=ids)
        .select_related("organisation")
        .order_by("title")
    )


def ask_to_confirm(ids, user):
    """Send each listing's organisation a confirmation request, logged in the
    page's history; returns ``Asked`` with the requests sent and the skipped."""
    outcome = sort_for_asking(programs_to_ask(ids))
    sent = []
    for program in outcome.sent:
        confirmation = ConfirmationRequest.objects.create(
            program=program, sent_to=contact_address(program), requested_by=user
        )
        log(
            instance=program,
            action=REQUESTED_ACTION,
            user=user,
            data={"sent_to": confirmation.sent_to, "request": confirmation.pk},
        )
        send_request(confirmation)
        sent.append(confirmation)
    return outcome._replace(sent=sent)


def link_url(confirmation):
    """The absolute address of the request's confirmation page, on the listing's
    own site."""
    token = signing.dumps([confirmation.pk, confirmation.program_id], salt=LINK_SALT)
    path = reverse("directory_confirm", args=[confirmation.program_id, token])
    return absolute_url(confirmation.program, path)


def absolute_url(program, path):
    """``path`` on the listing's own site, for a link in an e-mail."""
    site = program.get_site()
    return (site.root_url if site else settings.WAGTAILADMIN_BASE_URL) + path


@in_default_language
def send_request(confirmation):
    """E-mail the request after the response and record what became of it.
    Replies go to the site's contact address, when there is one."""
    program = confirmation.program
    contact = SiteSettings.for_site(program.get_site()).contact_email
    message = EmailMessage(
        # Translators: %(title)s is the program's name.
        gettext("Is your Brightside listing still right? %(title)s")
        % {"title": program.title},
        render_to_string(
            "directory/email/confirmation_request.txt",
            {
                "program": program,
                "url": link_url(confirmation),
                "days": LINK_VALID_FOR.days,
            },
        ),
        settings.DEFAULT_FROM_EMAIL,
        [confirmation.sent_to],
        reply_to=[contact] if contact else None,
    )
    mail.send(message, partial(record_mail, confirmation.pk))


def record_mail(pk, sent):
    """Record what became of a request's e-mail (idempotent: it may be retried)."""
    ConfirmationRequest.objects.filter(pk=pk).update(
        mail=ConfirmationRequest.Mail.SENT if sent else ConfirmationRequest.Mail.FAILED
    )
    if not sent:
        logger.warning("Confirmation request %s not sent.", pk)


def read_link(token, salt, size, max_age=None):
    """The ``size`` values a signed link's token holds. Raises LinkExpired for a
    genuine token past ``max_age``, BadLink for one altered, cut short or signed
    for another purpose (another ``salt``). The e-mailed links of partner
    confirmations and reopen alerts are read with it."""
    try:
        values = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise BadLink from error
    if not isinstance(values, list) or len(values) != size:
        raise BadLink
    return values


def request_from_link(page_id, token):
    """The request a link stands for. Raises LinkExpired for a genuine link past
    its time, BadLink for one altered, cut short or for another listing."""
    request_pk, program_pk = read_link(token, LINK_SALT, 2, max_age=LINK_VALID_FOR)
    confirmation = (
        ConfirmationRequest.objects.filter(pk=request_pk, program_id=program_pk)
        .select_related("program__organisation")
        .first()
    )
    if confirmation is None or program_pk != page_id:
        raise BadLink
    return confirmation


def confirm(confirmation):
    """Record that the organisation confirmed the listing as it is, once: a second
    press changes nothing. Returns whether this press recorded it."""
    now = timezone.now()
    recorded = ConfirmationRequest.objects.filter(
        pk=confirmation.pk, confirmed_at__isnull=True
    ).update(confirmed_at=now)
    if recorded:
        confirmation.confirmed_at = now
        log(
            instance=confirmation.program,
            action=CONFIRMED_ACTION,
            data={"sent_to": confirmation.sent_to, "request": confirmation.pk},
        )
    return bool(recorded)
