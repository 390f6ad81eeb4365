"""“Tell me when it reopens”: an e-mail address waiting for one listing to take
applications again. Only what the alert needs is kept: the address, the program
and the dates; never a name, a search or screener answers. Unconfirmed alerts go
after ``UNCONFIRMED_KEPT_FOR``, every alert after ``KEPT_FOR``."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

# How long a confirmation link works, and an unconfirmed address is kept.
UNCONFIRMED_KEPT_FOR = datetime.timedelta(days=7)
# No alert is kept longer than this, confirmed or not.
KEPT_FOR = datetime.timedelta(days=365)
# A reopen e-mail being sent for longer than this was lost (its worker stopped):
# the alert may be sent again.
SENDING_LAPSES_AFTER = datetime.timedelta(hours=1)


class ReopenAlertQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)

    def to_send(self):
        """Confirmed alerts whose reopen e-mail is not being sent right now."""
        return self.confirmed().filter(
            Q(sending_since__isnull=True)
            | Q(sending_since__lt=timezone.now() - SENDING_LAPSES_AFTER)
        )

    def expired(self):
        """Unconfirmed for ``UNCONFIRMED_KEPT_FOR``, or older than ``KEPT_FOR``."""
        now = timezone.now()
        return self.filter(
            Q(confirmed_at__isnull=True, created_at__lt=now - UNCONFIRMED_KEPT_FOR)
            | Q(created_at__lt=now - KEPT_FOR)
        )


class ReopenAlert(models.Model):
    """One address waiting for one listing to reopen; deleted once its e-mail
    went, on unsubscribe, or when it expires."""

    email = models.EmailField(help_text="Where to write when the listing reopens.")
    program = models.ForeignKey(
        "directory.ProgramPage",
        on_delete=models.CASCADE,
        related_name="reopen_alerts",
    )
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the address owner followed the link."
    )
    language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text="The language of the page the person subscribed on: their "
        "e-mails are written in it.",
    )
    sending_since = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the reopen e-mail was handed to the mail server (so it is "
        "sent once); cleared again if the server did not take it.",
    )

    objects = ReopenAlertQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "reopen alert"
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "program", name="reopen_alert_once_per_address"
            )
        ]

    def __str__(self):
        # Never the address: this may reach a log or an error report.
        return f"Reopen alert {self.pk} for {self.program_id}"
