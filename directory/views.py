"""Public form views: submit a program, suggest an update, report a problem, and
the partner confirmation pages (the public page behind the e-mailed link, and the
curators' page for one listing)."""

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from directory.forms import PARTNER_FIELDS, ProblemReportForm, ProgramSubmissionForm
from directory.models import ProgramPage, Submission
from directory.models.confirmations import LINK_VALID_FOR
from directory.program_fields import RICH_TEXT_FIELDS
from directory.services.confirmation import (
    BadLink,
    LinkExpired,
    ask_to_confirm,
    confirm,
    contact_address,
    request_from_link,
)
from directory.services.submission import (
    NoActiveWorkflow,
    report_problem,
    submit_program,
)
from directory.way_forms import ways_formset
from home.clients import rate_limited
from home.views import private

PRIVATE_FIELDS = {"homepage", "started", "consent", "time_trap_nonce"}
ALREADY_SENT_MESSAGE = _(
    "This form was already sent once. If you meant to send it again, check your "
    "answers and press Send: what you typed is still here."
)
RATE_LIMIT_MESSAGE = _(
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


def form_refusal(request, form, scope, *parts):
    """Why a public form's POST can't be acted on, as its status (429 over the
    rate limit, 409 sent already, 400 invalid, counting its formset ``parts``) with
    the message on the form; None when it may be. The one check the submit, report
    and reopen forms share."""
    if rate_limited(request, scope):
        form.add_error(None, RATE_LIMIT_MESSAGE)
        return 429
    if not all([form.is_valid(), *(part.is_valid() for part in parts)]):
        return 400
    if not form.claim_token():
        form.add_error(None, ALREADY_SENT_MESSAGE)
        return 409
    return None


@never_cache
def submit(request, page_id=None):
    """/submit/ (a new program) and /submit/update/<id>/ (changes to a listing)."""
    program = visible_program(page_id) if page_id else None
    status = 200
    if request.method == "POST":
        form = ProgramSubmissionForm(request.POST)
        ways = ways_formset(request.POST, program)
        status = form_refusal(request, form, "submit", ways)
        if status is None:
            data = {
                key: value
                for key, value in form.cleaned_data.items()
                if key not in PRIVATE_FIELDS
            }
            if ways.sent:
                data["ways_to_help"] = ways.way_values()
            try:
                submission = submit_program(data, page=program)
            except NoActiveWorkflow as held:
                if held.moderators_told:
                    message = gettext(
                        "We saved what you sent (reference %(reference)s), but it "
                        "cannot go to our reviewers right now, so nothing was "
                        "published. We are e-mailing our curators about it."
                    )
                else:
                    message = gettext(
                        "We saved what you sent (reference %(reference)s), but it "
                        "cannot go to our reviewers right now, so nothing was "
                        "published. Our curators will find it in their list of held "
                        "submissions."
                    )
                form.add_error(None, message % {"reference": held.reference})
                status = 503
            else:
                token = signing.dumps(submission.reference, salt="submission-thanks")
                return redirect("directory_submit_thanks", token=token)
    else:
        form = ProgramSubmissionForm(initial=initial_from(program) if program else None)
        ways = ways_formset(program=program)
    return render(
        request,
        "directory/submit.html",
        {
            "form": form,
            "ways": ways,
            "program": program,
            "problems": len(form.errors) + ways.error_count(),
        },
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
        status = form_refusal(request, form, "report")
        if status is None:
            report_problem(program, form.cleaned_data)
            return redirect(reverse("directory_report_thanks", args=[program.pk]))
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


# --- Partner confirmation -------------------------------------------------------


def confirmation_response(request, template, context, status=200):
    """A page of the confirmation link: never cached by a shared cache, never
    indexed, and its address (which holds the key) never sent to another site as
    a referrer. Same-origin, not no-referrer: under no-referrer browsers post the
    form with "Origin: null", which Django's CSRF check refuses."""
    response = private(render(request, template, context, status=status))
    response["Referrer-Policy"] = "same-origin"
    return response


@require_http_methods(["GET", "POST"])
def confirm_listing(request, page_id, token):
    """The page behind a confirmation e-mail's link: the listing's public facts,
    "Yes, this is all correct" (POST) or "Something has changed" (the update form,
    prefilled). No login: the signed link, for this listing only, is the key."""
    try:
        confirmation = request_from_link(page_id, token)
    except LinkExpired:
        problem = "expired"
    except BadLink:
        problem = "bad"
    else:
        program = (
            ProgramPage.objects.visible().with_details().filter(pk=page_id).first()
        )
        problem = None if program else "gone"
    if problem:
        return confirmation_response(
            request,
            "directory/confirm_link_refused.html",
            {"problem": problem, "days": LINK_VALID_FOR.days},
            status=400 if problem == "bad" else 410,
        )
    if request.method == "POST":
        confirm(confirmation)
        return redirect(request.path)
    return confirmation_response(
        request,
        "directory/confirm_listing.html",
        {"program": program, "confirmation": confirmation},
    )


def tell_curator(request, sent, outcome):
    """Say what asking came to: how many listings were asked (``sent``), and each
    one skipped (``outcome``, an ``Asked``), by name, with the reason."""
    if sent:
        messages.success(
            request, f"Asked the organisation to confirm {sent} listing(s)."
        )
    skipped = [
        (outcome.no_address, "no e-mail address on the listing or its organisation"),
        (outcome.recently_asked, f"asked in the last {LINK_VALID_FOR.days} days"),
        (outcome.not_published, "not published"),
    ]
    for programs, reason in skipped:
        if programs:
            names = ", ".join(f"“{program.title}”" for program in programs)
            messages.warning(request, f"Not sent ({reason}): {names}.")


class ListingConfirmationView(WagtailAdminTemplateMixin, TemplateView):
    """One listing's partner confirmations for curators: the address a request
    goes to, every request sent and its answer, and a button to send one."""

    template_name = "directory/admin/listing_confirmation.html"
    page_title = "Partner confirmation"
    header_icon = "mail"

    def dispatch(self, request, page_id):
        self.program = get_object_or_404(
            ProgramPage.objects.select_related("organisation"), pk=page_id
        )
        if not self.program.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.program.get_admin_display_title()

    def get_context_data(self, **kwargs):
        requests = self.program.confirmation_requests.select_related("requested_by")
        return {
            **super().get_context_data(**kwargs),
            "program": self.program,
            "address": contact_address(self.program),
            "requests": requests,
            "last_confirmation": requests.last_confirmation(),
            "asked_lately": requests.asked_since(
                timezone.now() - LINK_VALID_FOR
            ).first(),
            "days": LINK_VALID_FOR.days,
        }

    def post(self, request, page_id):
        outcome = ask_to_confirm([self.program.pk], request.user)
        tell_curator(request, len(outcome.sent), outcome)
        return redirect(request.path)
