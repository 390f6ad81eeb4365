"""The results of checking listings' links, one row per link per run, kept so that
a curator can see when a link started failing and so that only a repeated failure
(not one bad minute on someone's server) opens a problem report."""

from django.db import models
from django.utils import timezone


class LinkCheck(models.Model):
    """One check of one of a program's links: what answered and what that means."""

    class Link(models.TextChoices):
        APPLICATION = "application", "Application link"
        WEBSITE = "website", "Organisation website"

    class Outcome(models.TextChoices):
        OK = "ok", "Works"
        MOVED = "moved", "Works, but redirects to another site"
        FAILED = "failed", "Broken"

    program = models.ForeignKey(
        "directory.ProgramPage",
        on_delete=models.CASCADE,
        related_name="link_checks",
    )
    link = models.CharField(max_length=12, choices=Link.choices)
    url = models.URLField(max_length=500)
    checked_at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The last HTTP status received, if any."
    )
    error = models.CharField(
        max_length=30,
        blank=True,
        help_text="Why no usable answer came: timeout, connection, tls, …",
    )
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    final_url = models.URLField(
        max_length=500, blank=True, help_text="Where the redirects ended."
    )

    class Meta:
        ordering = ["-checked_at", "-pk"]
        verbose_name = "link check"
        indexes = [
            models.Index(
                fields=["program", "link", "-checked_at"],
                name="linkcheck_latest",
            ),
            models.Index(fields=["outcome", "-checked_at"], name="linkcheck_outcome"),
        ]

    def __str__(self):
        return f"{self.get_link_display()} of {self.program}: {self.outcome}"
