"""Curators' claims on the listings they are checking ("I'm checking this"), so two
volunteers don't check the same listing at once. A claim lapses after a day by
itself: a lapsed claim counts as none, so no job has to clear it."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

CLAIM_LASTS = datetime.timedelta(days=1)


class VerificationClaimQuerySet(models.QuerySet):
    def active(self):
        """Claims made less than a day ago: the ones that still hold."""
        return self.filter(claimed_at__gt=timezone.now() - CLAIM_LASTS)

    def lapsed(self):
        return self.filter(claimed_at__lte=timezone.now() - CLAIM_LASTS)


class VerificationClaim(models.Model):
    """One curator checking one listing. At most one per listing; released by its
    curator, when the listing is marked verified, or after a day."""

    program = models.OneToOneField(
        "directory.ProgramPage",
        on_delete=models.CASCADE,
        related_name="verification_claim",
        help_text="The listing being checked.",
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The curator checking it.",
    )
    claimed_at = models.DateTimeField(
        default=timezone.now, help_text="When they said “I'm checking this”."
    )

    objects = VerificationClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-claimed_at"]
        verbose_name = "verification claim"

    def __str__(self):
        return f"{self.program} claimed by {self.claimed_by}"

    @property
    def is_active(self):
        return timezone.now() - self.claimed_at < CLAIM_LASTS
