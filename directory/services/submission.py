"""Turning a partner's submission into a draft in the moderation workflow, and a
patient's problem report into a flag for curators. Nothing here publishes."""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.text import slugify

from directory.models import (
    DirectoryIndexPage,
    NeedCategory,
    Organisation,
    ProblemReport,
    ProgramPage,
    Region,
    Submission,
)
from directory.models.pages import RESERVED_SLUGS

logger = logging.getLogger(__name__)

MODERATORS_GROUP = "Moderators"


class NoActiveWorkflow(Exception):
    """The directory has no workflow with an active task: starting one would publish
    the page at once, so the submission is held instead."""


def active_workflow(page):
    workflow = page.get_workflow()
    if workflow is None or not workflow.active:
        return None
    if not workflow.tasks.filter(active=True).exists():
        return None
    return workflow


def paragraphs(text):
    """Plain text as simple HTML paragraphs (the form accepts no HTML)."""
    blocks = [block.strip() for block in text.split("\n\n") if block.strip()]
    return "".join(f"<p>{escape(block)}</p>" for block in blocks)


def match_organisation(name, website):
    """The existing organisation with this website's host or this name, else new."""
    if website:
        host = urlsplit(website).hostname or ""
        host = host.removeprefix("www.")
        if host:
            for organisation in Organisation.objects.filter(website__icontains=host):
                if (urlsplit(organisation.website).hostname or "").removeprefix(
                    "www."
                ) == host:
                    return organisation
    organisation = Organisation.objects.filter(name__iexact=name).first()
    if organisation:
        return organisation
    return Organisation.objects.create(name=name, website=website or "")


def apply_data(page, data):
    """Copy the form's answers onto a (draft) program page."""
    page.title = data["title"]
    page.summary = data["summary"]
    page.description = paragraphs(data.get("description", ""))
    page.nationwide = bool(data.get("nationwide"))
    page.cancer_scope = data["cancer_scope"]
    page.treatment_requirement = data["treatment_requirement"]
    page.income_limit_fpl_percent = data.get("income_limit_fpl_percent")
    page.min_age = data.get("min_age")
    page.max_age = data.get("max_age")
    page.other_eligibility = data.get("other_eligibility", "")
    page.help_types = list(data.get("help_types", []))
    page.award = data.get("award", "")
    page.who_applies = data["who_applies"]
    page.application_steps = paragraphs(data.get("application_steps", ""))
    page.application_url = data.get("application_url", "")
    page.phone = data.get("phone", "")
    page.email = data.get("email", "")
    page.required_documents = list(data.get("required_documents", []))
    page.need_categories = list(NeedCategory.objects.filter(slug__in=data["needs"]))
    places = (
        []
        if page.nationwide
        else list(Region.objects.filter(kind="state", code__in=data.get("states", [])))
        + list(Region.objects.filter(kind="county", slug__in=data.get("counties", [])))
    )
    page.regions = places


def unique_slug(parent, title):
    base = slugify(title)[:60] or "program"
    if base in RESERVED_SLUGS:
        base = f"{base}-program"
    slug, number = base, 2
    while parent.get_children().filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


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
    workflow = active_workflow(page or directory)
    if workflow is None:
        logger.error(
            "Submission %s held: no active moderation workflow.", submission.reference
        )
        notify_moderators(submission, held=True)
        raise NoActiveWorkflow(submission.reference)
    with transaction.atomic():
        if page is None:
            draft = ProgramPage(
                slug=unique_slug(directory, data["title"]),
                live=False,
                organisation=match_organisation(
                    data["organisation_name"], data.get("organisation_website", "")
                ),
            )
            apply_data(draft, data)
            directory.add_child(instance=draft)
            draft.save_revision(log_action=True)
            program = draft
        else:
            draft = page.get_latest_revision_as_object()
            apply_data(draft, data)
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
    """E-mail the reference to the submitter. A failing mail server is logged; the
    submission is already stored and the person still sees the reference."""
    try:
        send_mail(
            f"We received your program ({submission.reference})",
            render_to_string(
                "directory/email/submission_received.txt", {"submission": submission}
            ),
            settings.DEFAULT_FROM_EMAIL,
            [submission.submitter_email],
        )
    except OSError:  # SMTP and socket errors
        logger.exception("Confirmation e-mail for %s failed.", submission.reference)
        return False
    Submission.objects.filter(pk=submission.pk).update(confirmation_sent=True)
    return True


def notify_moderators(submission, held=False):
    emails = list(
        Group.objects.filter(name=MODERATORS_GROUP)
        .values_list("user__email", flat=True)
        .exclude(user__email__isnull=True)
        .exclude(user__email="")
    )
    if not emails:
        return
    try:
        send_mail(
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
    except OSError:
        logger.exception("Moderator notice for %s failed.", submission.reference)


def report_problem(program, data):
    return ProblemReport.objects.create(
        program=program,
        reason=data["reason"],
        details=data.get("details", ""),
        email=data.get("email", ""),
    )
