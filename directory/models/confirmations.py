"""Partner confirmations: a curator asks a listing's organisation "is this still
right?" by e-mail, and the organisation answers through a signed link. Kept apart
from a curator's verification: the organisation vouches for its own facts, a
curator checks them against the program."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from directory.models.pages import STALE_AFTER

# How long a confirmation link works; a listing is not asked again meanwhile.
LINK_VALID_FOR = datetime.timedelta(days=30)


class ConfirmationRequestQuerySet(models.QuerySet):
    def asked_since(self, moment):
        return self.filter(requested_at__gte=moment)

    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def last_confirmation(self):
        """The most recent request the organisation confirmed, or None."""
        return self.confirmed().order_by("-confirmed_at").first()


class ConfirmationRequest(models.Model):
    """One e-mail asking an organisation to confirm one listing, and its answer."""

    class Mail(models.TextChoices):
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed: the mail server did not take it"

    program = models.ForeignKey(
        "directory.ProgramPage",
        on_delete=models.CASCADE,
        related_name="confirmation_requests",
    )
    sent_to = models.EmailField(
        help_text="The listing's contact address when the request was sent."
    )
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The curator who sent it.",
    )
    mail = models.CharField(
        max_length=8,
        choices=Mail.choices,
        default=Mail.SENDING,
        help_text="What became of the e-mail.",
    )
    confirmed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the organisation said the listing is all correct.",
    )

    objects = ConfirmationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = "partner confirmation request"
        indexes = [
            models.Index(
                fields=["program", "-requested_at"], name="confirmation_latest"
            ),
        ]

    def __str__(self):
        return f"{self.program} to {self.sent_to} ({self.requested_at:%Y-%m-%d})"

    @property
    def expires_at(self):
        return self.requested_at + LINK_VALID_FOR


def due_for_confirmation(programs):
    """Listings neither verified by a curator nor confirmed by their organisation
    in 180 days, and not asked in the last 30 (their link may still be unanswered)."""
    now = timezone.now()
    cutoff = now - STALE_AFTER
    recently_confirmed = ConfirmationRequest.objects.filter(
        confirmed_at__gte=cutoff
    ).values("program_id")
    recently_asked = ConfirmationRequest.objects.asked_since(
        now - LINK_VALID_FOR
    ).values("program_id")
    return (
        programs.filter(
            Q(last_verified_at__isnull=True)
            | Q(last_verified_at__lt=timezone.localdate() - STALE_AFTER)
        )
        .exclude(pk__in=recently_confirmed)
        .exclude(pk__in=recently_asked)
    )
