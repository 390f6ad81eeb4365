"""Public form views: submit a program, suggest an update, report a problem."""

from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import strip_tags
from django.views.decorators.cache import never_cache

from directory.forms import PARTNER_FIELDS, ProblemReportForm, ProgramSubmissionForm
from directory.models import ProgramPage, Submission
from directory.program_fields import RICH_TEXT_FIELDS
from directory.services.submission import (
    NoActiveWorkflow,
    report_problem,
    submit_program,
)
from home.clients import rate_limited

PRIVATE_FIELDS = {"homepage", "started", "consent", "time_trap_nonce"}
ALREADY_SENT_MESSAGE = (
    "This form was already sent once. If you meant to send it again, check your "
    "answers and press Send: what you typed is still here."
)
RATE_LIMIT_MESSAGE = (
    "You have sent this form many times in the last hour. Please wait a while and "
    "send it again; what you typed is still here."
)


def visible_program(page_id):
    program = ProgramPage.objects.visible().filter(pk=page_id).first()
    if program is None:
        raise Http404("No such program.")
    return program


def initial_from(program):
    """The submission form prefilled from a live program ("suggest an update")."""
    initial = {name: getattr(program, name) for name in PARTNER_FIELDS}
    for name in RICH_TEXT_FIELDS:
        initial[name] = strip_tags(initial[name])
    initial.update(
        organisation_name=program.organisation.name,
        organisation_website=program.organisation.website,
        needs=[need.slug for need in program.needs],
        nationwide=program.nationwide,
        states=[r.code for r in program.places if r.kind == "state"],
        counties="\n".join(str(r) for r in program.places if r.kind == "county"),
    )
    return initial


@never_cache
def submit(request, page_id=None):
    """/submit/ (a new program) and /submit/update/<id>/ (changes to a listing)."""
    program = visible_program(page_id) if page_id else None
    status = 200
    if request.method == "POST":
        form = ProgramSubmissionForm(request.POST)
        if rate_limited(request, "submit"):
            form.add_error(None, RATE_LIMIT_MESSAGE)
            status = 429
        elif form.is_valid() and not form.claim_token():
            form.add_error(None, ALREADY_SENT_MESSAGE)
            status = 409
        elif form.is_valid():
            data = {
                key: value
                for key, value in form.cleaned_data.items()
                if key not in PRIVATE_FIELDS
            }
            try:
                submission = submit_program(data, page=program)
            except NoActiveWorkflow as held:
                told = (
                    "We are e-mailing our curators about it."
                    if held.moderators_told
                    else "Our curators will find it in their list of held submissions."
                )
                form.add_error(
                    None,
                    "We saved what you sent (reference "
                    f"{held.reference}), but it cannot go to our reviewers right "
                    f"now, so nothing was published. {told}",
                )
                status = 503
            else:
                token = signing.dumps(submission.reference, salt="submission-thanks")
                return redirect("directory_submit_thanks", token=token)
        else:
            status = 400
    else:
        form = ProgramSubmissionForm(initial=initial_from(program) if program else None)
    return render(
        request,
        "directory/submit.html",
        {"form": form, "program": program},
        status=status,
    )


@never_cache
def submit_thanks(request, token):
    try:
        reference = signing.loads(token, salt="submission-thanks", max_age=86400)
    except signing.BadSignature as error:
        raise Http404("Unknown submission.") from error
    submission = get_object_or_404(Submission, reference=reference)
    return render(request, "directory/submit_thanks.html", {"submission": submission})


@never_cache
def report(request, page_id):
    """“Report a problem” with a listing."""
    program = visible_program(page_id)
    status = 200
    if request.method == "POST":
        form = ProblemReportForm(request.POST)
        if rate_limited(request, "report"):
            form.add_error(None, RATE_LIMIT_MESSAGE)
            status = 429
        elif form.is_valid() and not form.claim_token():
            form.add_error(None, ALREADY_SENT_MESSAGE)
            status = 409
        elif form.is_valid():
            report_problem(program, form.cleaned_data)
            return redirect(reverse("directory_report_thanks", args=[program.pk]))
        else:
            status = 400
    else:
        form = ProblemReportForm()
    return render(
        request,
        "directory/report.html",
        {"form": form, "program": program},
        status=status,
    )


@never_cache
def report_thanks(request, page_id):
    return render(
        request, "directory/report_thanks.html", {"program": visible_program(page_id)}
    )
