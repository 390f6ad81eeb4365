"""Turning a partner's submission into a draft in the moderation workflow, and a
patient's problem report into a flag for curators. Nothing here publishes."""

import logging
from functools import partial

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext

from directory import geo
from directory.forms import PARTNER_FIELDS
from directory.models import (
    DirectoryIndexPage,
    Organisation,
    ProblemReport,
    ProgramPage,
    Submission,
)
from directory.program_fields import (
    RICH_TEXT_FIELDS,
    apply_values,
    free_slug,
    html_paragraphs,
)
from home import mail
from home.i18n import in_default_language

logger = logging.getLogger(__name__)

MODERATORS_GROUP = "Moderators"


class NoActiveWorkflow(Exception):
    """The directory has no workflow with an active task: starting one would publish
    the page at once, so the submission is held instead. Carries its reference and
    whether a moderator was e-mailed."""

    def __init__(self, reference, moderators_told):
        super().__init__(reference)
        self.reference = reference
        self.moderators_told = moderators_told


def active_workflow(page):
    workflow = page.get_workflow()
    if workflow is None or not workflow.active:
        return None
    if not workflow.tasks.filter(active=True).exists():
        return None
    return workflow


def program_values(data):
    """The partner form's answers as program values for ``apply_values``: plain
    text becomes paragraphs; places are whole states and named counties; the
    ways to help given replace the listing's (an update shows them all)."""
    values = {
        name: data[name]
        for name in PARTNER_FIELDS
        if name in data and name not in RICH_TEXT_FIELDS
    }
    for name in RICH_TEXT_FIELDS:
        values[name] = html_paragraphs(data.get(name, ""))
    values["nationwide"] = bool(data.get("nationwide"))
    values["need_categories"] = list(data["needs"])
    values["regions"] = (
        []
        if values["nationwide"]
        else [geo.state_slug(code) for code in data.get("states", [])]
        + list(data.get("counties", []))
    )
    if "ways_to_help" in data:
        values["ways_to_help"] = list(data["ways_to_help"])
    return values


def match_organisation(name, website):
    """The existing organisation with this website's host or this name, else new."""
    return Organisation.objects.matching(name, website) or Organisation.objects.create(
        name=name, website=website or ""
    )


def submit_program(data, page=None):
    """Store the submission, then create a draft (or a draft revision of ``page``)
    and start the moderation workflow. Raises NoActiveWorkflow (after storing the
    submission as held) when review is not set up."""
    directory = DirectoryIndexPage.objects.get()
    kind = Submission.Kind.UPDATE if page else Submission.Kind.NEW
    submission = Submission.objects.create(
        kind=kind,
        status=Submission.Status.HELD,
        program=page,
        submitter_name=data["submitter_name"],
        submitter_email=data["submitter_email"],
        submitter_role=data.get("submitter_role", ""),
        data=data,
    )
    if page is not None and page.workflow_in_progress:
        # A revision saved now would be published by the approval of the review
        # already running, unseen: keep this update apart until that one is decided.
        Submission.objects.filter(pk=submission.pk).update(
            status=Submission.Status.WAITING
        )
        submission.status = Submission.Status.WAITING
        send_confirmation(submission)
        notify_moderators(submission)
        return submission
    workflow = active_workflow(page or directory)
    if workflow is None:
        logger.error(
            "Submission %s held: no active moderation workflow.", submission.reference
        )
        send_confirmation(submission)
        told = notify_moderators(submission, held=True)
        raise NoActiveWorkflow(submission.reference, told)
    with transaction.atomic():
        if page is None:
            draft = ProgramPage(
                slug=free_slug(
                    data["title"],
                    set(directory.get_children().values_list("slug", flat=True)),
                ),
                live=False,
                organisation=match_organisation(
                    data["organisation_name"], data.get("organisation_website", "")
                ),
            )
            apply_values(draft, program_values(data))
            directory.add_child(instance=draft)
            draft.save_revision(log_action=True)
            program = draft
        else:
            draft = page.get_latest_revision_as_object()
            apply_values(draft, program_values(data))
            draft.save_revision(log_action=True)
            program = page
        if not program.workflow_in_progress:
            workflow.start(program, None)
        submission.program = program
        submission.status = Submission.Status.IN_REVIEW
        submission.save(update_fields=["program", "status"])
    send_confirmation(submission)
    notify_moderators(submission)
    return submission


def send_confirmation(submission):
    """E-mail the reference to the submitter, after the response, and record what
    became of it. The submission is already stored and the person sees the
    reference whatever the mail server does."""
    message = EmailMessage(
        gettext("We received your program (%(reference)s)")
        % {"reference": submission.reference},
        render_to_string(
            "directory/email/submission_received.txt", {"submission": submission}
        ),
        settings.DEFAULT_FROM_EMAIL,
        [submission.submitter_email],
    )
    mail.send(message, partial(record_mail, submission.pk, "confirmation_mail"))


@in_default_language
def notify_moderators(submission, held=False):
    """E-mail every moderator who has an address. Returns whether there was anyone
    to tell (the outcome is recorded on the submission once the mail has gone)."""
    emails = list(
        Group.objects.filter(name=MODERATORS_GROUP)
        .values_list("user__email", flat=True)
        .exclude(user__email__isnull=True)
        .exclude(user__email="")
    )
    if not emails:
        Submission.objects.filter(pk=submission.pk).update(
            moderator_mail=Submission.Mail.NO_ADDRESS
        )
        return False
    message = EmailMessage(
        f"{'Held' if held else 'New'} partner submission {submission.reference}",
        render_to_string(
            "directory/email/moderators_notice.txt",
            {
                "submission": submission,
                "held": held,
                "admin_url": settings.WAGTAILADMIN_BASE_URL,
            },
        ),
        settings.DEFAULT_FROM_EMAIL,
        emails,
    )
    mail.send(message, partial(record_mail, submission.pk, "moderator_mail"))
    return True


def record_mail(pk, field, sent):
    """Record what became of a submission's e-mail (idempotent: it may be retried)."""
    Submission.objects.filter(pk=pk).update(
        **{field: Submission.Mail.SENT if sent else Submission.Mail.FAILED}
    )
    if not sent:
        reference = Submission.objects.filter(pk=pk).values_list("reference", flat=True)
        logger.warning("E-mail (%s) for %s not sent.", field, reference.first())


def report_problem(program, data):
    return ProblemReport.objects.create(
        program=program,
        reason=data["reason"],
        details=data.get("details", ""),
        email=data.get("email", ""),
    )
