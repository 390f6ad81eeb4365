"""Outgoing e-mail that never breaks what a person was doing: an SMTP server that is
down, refuses, hangs up or never answers costs at most ``EMAIL_TIMEOUT`` and is
logged (without the message), never raised into the request or its transaction."""

import logging

from django.core.mail.backends.smtp import EmailBackend

logger = logging.getLogger(__name__)


class ResilientSMTPBackend(EmailBackend):
    """Django's SMTP backend, always failing silently; ``send_messages`` returns how
    many went, so callers can tell the person when none did."""

    def __init__(self, *args, **kwargs):
        kwargs["fail_silently"] = True
        super().__init__(*args, **kwargs)

    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages) or 0
        if email_messages and sent < len(email_messages):
            logger.warning(
                "Mail server: %d of %d message(s) not sent.",
                len(email_messages) - sent,
                len(email_messages),
            )
        return sent
