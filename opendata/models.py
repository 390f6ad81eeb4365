"""Files curators upload in the admin to import, kept between the preview and the
confirm."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

# How long an uploaded file waits for its confirm before it is deleted.
KEPT_FOR = datetime.timedelta(days=1)


class PendingImportQuerySet(models.QuerySet):
    def expired(self):
        return self.filter(uploaded_at__lt=timezone.now() - KEPT_FOR)

    def waiting_for(self, user):
        """The user's own uploads that have not expired."""
        return self.filter(uploaded_by=user, uploaded_at__gte=timezone.now() - KEPT_FOR)


class PendingImport(models.Model):
    """A file a curator uploaded, with what its preview showed. It is kept in the
    database so that whichever worker answers the confirm can import it, and it
    is deleted once imported or after a day."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        HSDS = "hsds", "HSDS 3.0 JSON"

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    file_name = models.CharField(max_length=255)
    file_format = models.CharField(max_length=4, choices=Format.choices)
    text = models.TextField(help_text="The file's contents, as text.")
    publish = models.BooleanField(
        default=False, help_text="Publish what is imported, rather than leave drafts."
    )
    previewed = models.CharField(
        max_length=64,
        blank=True,
        help_text="A digest of the outcome the curator was last shown: the confirm "
        "imports only if the file still does exactly that.",
    )

    objects = PendingImportQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = "pending import"

    def __str__(self):
        return f"{self.file_name} ({self.uploaded_at:%Y-%m-%d %H:%M})"
