"""The "Next to check" queue: the listings patients see, riskiest first, where a
curator claims one ("I'm checking this") so that volunteers don't check the same
listing twice, releases it, or marks it verified."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.timezone import localtime
from django.views import View

from wagtail.admin.utils import get_user_display_name, get_valid_next_url_from_request
from wagtail.admin.views.generic import BaseListingView, PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from directory.choices import ApplicationStatus
from directory.models import LinkCheck, ProblemReport, ProgramPage, VerificationClaim
from directory.services import verification

RISK_RULES = (
    "Riskiest first: never verified; then an open problem report; then a failing "
    "link (its latest check failed); then an unknown application status; then the "
    "oldest verification. Ties go by title, and listings someone is checking come "
    "last."
)


def latest_outcome(link, url_field):
    """The outcome of the latest check of the program's current ``link``."""
    checks = LinkCheck.objects.filter(
        program=OuterRef("pk"), link=link, url=OuterRef(url_field)
    ).order_by("-checked_at", "-pk")
    return Subquery(checks.values("outcome")[:1])


def flag(condition):
    """True or false, never null: a comparison with a missing link check is null,
    which PostgreSQL would sort before true and SQLite after false."""
    return Case(
        When(condition, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def next_to_check():
    """Visible listings annotated with their reasons to check, in the order of
    ``RISK_RULES``: one query, on SQLite as on PostgreSQL."""
    failed = LinkCheck.Outcome.FAILED
    return (
        ProgramPage.objects.visible()
        .select_related("organisation")
        .annotate(
            is_claimed=Exists(
                VerificationClaim.objects.active().filter(program=OuterRef("pk"))
            ),
            never_verified=flag(Q(last_verified_at__isnull=True)),
            has_open_report=Exists(
                ProblemReport.objects.filter(
                    program=OuterRef("pk"), resolved_at__isnull=True
                )
            ),
            application_link_outcome=latest_outcome(
                LinkCheck.Link.APPLICATION, "application_url"
            ),
            website_outcome=latest_outcome(
                LinkCheck.Link.WEBSITE, "organisation__website"
            ),
            has_failing_link=flag(
                Q(application_link_outcome=failed) | Q(website_outcome=failed)
            ),
            status_unknown=flag(Q(application_status=ApplicationStatus.UNKNOWN)),
        )
        .order_by(
            "is_claimed",
            F("never_verified").desc(),
            F("has_open_report").desc(),
            F("has_failing_link").desc(),
            F("status_unknown").desc(),
            F("last_verified_at").asc(nulls_first=True),
            "title",
            "pk",
        )
    )


def waiting_for_a_check():
    """Unclaimed listings never verified or with a reason to check (the dashboard
    count)."""
    return next_to_check().filter(
        Q(is_claimed=False)
        & (
            Q(never_verified=True)
            | Q(has_open_report=True)
            | Q(has_failing_link=True)
            | Q(status_unknown=True)
        )
    )


def current_claim(program_id):
    """The claim that holds on a listing, if any, with its curator."""
    claims = VerificationClaim.objects.active().select_related("claimed_by")
    return claims.filter(program_id=program_id).first()


def claim_text(claim):
    """“Being checked by Ann since 3 Dec, 14:05”, as other curators read it."""
    when = date_format(localtime(claim.claimed_at), "j M, H:i")
    return f"Being checked by {get_user_display_name(claim.claimed_by)} since {when}"


class CuratorOnlyMixin(PermissionCheckedMixin):
    """Curators only: anyone who may change problem reports, as for the reports."""

    permission_policy = ModelPermissionPolicy(ProblemReport)
    any_permission_required = ["change"]


class NextToCheckView(CuratorOnlyMixin, BaseListingView):
    """The queue, a page at a time, each row with its reasons and who has claimed
    it."""

    page_title = "Next to check"
    header_icon = "tasks"
    template_name = "directory/admin/next_to_check.html"
    results_template_name = "directory/admin/next_to_check_results.html"
    index_url_name = "directory_queue:index"
    paginate_by = 50

    def get_base_queryset(self):
        return next_to_check()

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = context["object_list"] = list(context["object_list"])
        claims = VerificationClaim.objects.active().select_related("claimed_by")
        by_program = {
            claim.program_id: claim
            for claim in claims.filter(program__in=[row.pk for row in rows])
        }
        reports_url = reverse("wagtailsnippets_directory_problemreport:list")
        for row in rows:
            row.claim = by_program.get(row.pk)
            row.claim_text = claim_text(row.claim) if row.claim else ""
            open_reports = urlencode({"is_open": "true", "q": row.title})
            row.reports_url = f"{reports_url}?{open_reports}"
        context.update(risk_rules=RISK_RULES, next_url=self.request.get_full_path())
        return context


class QueueActionView(CuratorOnlyMixin, View):
    """One button on a queue row (POST only); back to the queue with a message."""

    http_method_names = ["post"]

    @cached_property
    def program(self):
        return get_object_or_404(ProgramPage.objects.visible(), pk=self.kwargs["pk"])

    def post(self, request, pk):
        self.act(self.program)
        return redirect(
            get_valid_next_url_from_request(request) or reverse("directory_queue:index")
        )


class ClaimView(QueueActionView):
    def act(self, program):
        try:
            _claim, created = verification.claim(program, self.request.user)
        except verification.AlreadyClaimed as taken:
            messages.error(
                self.request,
                f"“{program.title}”: {claim_text(taken.claim)}. "
                "Please pick another listing.",
            )
            return
        if created:
            messages.success(
                self.request,
                f"You're checking “{program.title}”. Other curators see that until "
                "you release it or mark it verified, or for a day.",
            )
        else:
            messages.info(self.request, f"You're already checking “{program.title}”.")


class ReleaseView(QueueActionView):
    def act(self, program):
        if verification.release(program, self.request.user):
            messages.success(
                self.request, f"Released “{program.title}” for others to check."
            )
        else:
            messages.warning(
                self.request,
                f"You had no claim on “{program.title}” to release (claims lapse "
                "after a day).",
            )


class MarkVerifiedView(QueueActionView):
    def act(self, program):
        if not program.permissions_for_user(self.request.user).can_edit():
            raise PermissionDenied
        claim = current_claim(program.pk)
        if claim is not None and claim.claimed_by_id != self.request.user.pk:
            messages.error(
                self.request,
                f"“{program.title}”: {claim_text(claim)}, so it is theirs to mark "
                "verified. Please pick another listing.",
            )
            return
        verification.mark_verified([program.pk], self.request.user)
        messages.success(self.request, f"“{program.title}” marked verified today.")
