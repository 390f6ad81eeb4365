"""What partners and patients send in: program submissions (new programs and
suggested updates) and problem reports. Contact details here are for curators only
and are never published."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

# No 0/O or 1/I, so a reference read over the phone is unambiguous.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference():
    return "BS-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


class Submission(models.Model):
    """A partner's submission, kept whatever happens next: the draft page it created
    (or the page it suggests changes to) goes through the moderation workflow."""

    class Kind(models.TextChoices):
        NEW = "new", "New program"
        UPDATE = "update", "Suggested update"

    class Status(models.TextChoices):
        IN_REVIEW = "in_review", "In review"
        HELD = "held", "Held: no active review workflow"
        WAITING = "waiting", "Waiting: another update to this listing is in review"

    reference = models.CharField(max_length=12, unique=True, default=new_reference)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=12, choices=Status.choices)
    program = models.ForeignKey(
        "directory.ProgramPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
        help_text="The draft page created, or the page an update is for.",
    )
    submitter_name = models.CharField(max_length=120)
    submitter_email = models.EmailField()
    submitter_role = models.CharField(max_length=120, blank=True)
    data = models.JSONField(help_text="Everything the partner typed, as sent.")

    class Mail(models.TextChoices):
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed: the mail server did not take it"
        NO_ADDRESS = "no_address", "Not sent: no moderator has an e-mail address"
        NOT_RECORDED = "not_recorded", "Not recorded (sent before this was kept)"

    confirmation_mail = models.CharField(
        max_length=12,
        choices=Mail.choices,
        default=Mail.SENDING,
        help_text="The e-mail giving the partner their reference.",
    )
    moderator_mail = models.CharField(
        max_length=12,
        choices=Mail.choices,
        default=Mail.SENDING,
        help_text="The e-mail telling moderators about this submission.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("reference", read_only=True),
        FieldPanel("kind", read_only=True),
        FieldPanel("status", read_only=True),
        FieldPanel("program", read_only=True),
        FieldPanel("submitter_name", read_only=True),
        FieldPanel("submitter_email", read_only=True),
        FieldPanel("submitter_role", read_only=True),
        FieldPanel("data", read_only=True),
        FieldPanel("confirmation_mail", read_only=True),
        FieldPanel("moderator_mail", read_only=True),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "partner submission"

    def __str__(self):
        return f"{self.reference} ({self.get_kind_display().lower()})"


class ProblemReport(models.Model):
    """A patient's or caregiver's report that a listing is wrong. An open report
    flags the listing as needing review until a curator resolves it."""

    class Reason(models.TextChoices):
        WRONG_PHONE = "wrong_phone", _("The phone number is wrong")
        BROKEN_LINK = "broken_link", _("A link is broken")
        OUT_OF_FUNDS = "out_of_funds", _("It is out of funds")
        CLOSED = "closed", _("The program has closed")
        ELIGIBILITY = "eligibility", _("Who can apply is wrong")
        OTHER = "other", _("Something else")

    program = models.ForeignKey(
        "directory.ProgramPage",
        on_delete=models.CASCADE,
        related_name="problem_reports",
    )
    reason = models.CharField(
        max_length=20, choices=Reason.choices, help_text="What is wrong."
    )
    details = models.TextField(blank=True, help_text="What the reporter told us.")
    email = models.EmailField(blank=True, help_text="Only to ask them more; private.")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolution_note = models.TextField(
        blank=True, help_text="What the curator did about it."
    )

    panels = [
        FieldPanel("program", read_only=True),
        FieldPanel("reason", read_only=True),
        FieldPanel("details", read_only=True),
        FieldPanel("email", read_only=True),
        FieldPanel("resolution_note"),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "problem report"

    def __str__(self):
        return f"{self.get_reason_display()} — {self.program}"

    @property
    def is_open(self):
        return self.resolved_at is None
