"""Curator admin for the directory: programs, organisations, needs and regions."""

import django_filters

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property, classproperty
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import AdminOnlyMenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction
from wagtail.admin.views.pages.listing import IndexView as PageIndexView
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from directory import place_picker, queue, reports
from directory.choices import RegionKind
from directory.filters import ProgramCuratorFilterSet
from directory.forms import ProgramSubmissionForm
from directory.models import (
    NeedCategory,
    Organisation,
    PovertyGuideline,
    ProblemReport,
    ProgramPage,
    Region,
    Submission,
)
from directory.models.confirmations import LINK_VALID_FOR, due_for_confirmation
from directory.services.confirmation import (
    CONFIRMED_ACTION,
    REQUESTED_ACTION,
    ask_to_confirm,
    contact_address,
    programs_to_ask,
    sort_for_asking,
)
from directory.services.verification import mark_verified
from directory.views import ListingConfirmationView, tell_curator
from directory.way_forms import way_summary


class ProgramPageFilterSet(ProgramCuratorFilterSet, PageFilterSet):
    """Wagtail's page filters plus the curator filters."""

    class Meta:
        model = ProgramPage
        fields = []


class ProgramPageListingViewSet(PageListingViewSet):
    """Every program in one list, filterable by need, state, status and verification;
    curators can export what it shows and import programs (see ``opendata``)."""

    class IndexView(PageIndexView):
        """The listing, with "Export" links that carry its filters and search, and
        a link to the import, for curators."""

        def annotate_queryset(self, pages):
            # The "Spanish" column counts each program's ways to help too.
            return super().annotate_queryset(pages).prefetch_related("ways_to_help")

        @cached_property
        def header_more_buttons(self):
            buttons = super().header_more_buttons.copy()
            if not self.request.user.has_perm("directory.change_problemreport"):
                return buttons
            query = self.request.GET.copy()
            for name in ("p", "_w_filter_fragment"):  # the page, and a fragment flag
                query.pop(name, None)
            export_url = reverse("opendata_admin:export")
            for priority, (file_format, label) in enumerate(
                [("csv", "Export these as CSV"), ("hsds", "Export these as HSDS JSON")]
            ):
                query["format"] = file_format
                buttons.append(
                    Button(
                        label,
                        url=f"{export_url}?{query.urlencode()}",
                        icon_name="download",
                        priority=90 + priority,
                    )
                )
            buttons.append(
                Button(
                    "Import programs",
                    url=reverse("opendata_admin:import"),
                    icon_name="upload",
                    priority=95,
                )
            )
            return buttons

    model = ProgramPage
    menu_label = "Programs"
    menu_icon = "list-ul"
    filterset_class = ProgramPageFilterSet
    index_view_class = IndexView

    @classproperty
    def columns(cls):
        extra = [
            Column("organisation", label="Organisation", sort_key="organisation__name"),
            Column(
                "application_status",
                label="Applications",
                accessor="get_application_status_display",
                sort_key="application_status",
            ),
            Column("last_verified_at", label="Verified", sort_key="last_verified_at"),
            Column("spanish_missing", label="Spanish", accessor="spanish_missing"),
        ]
        return [col for col in super().columns if col.name != "parent"] + extra


class OrganisationFilterSet(WagtailFilterSet):
    has_website = django_filters.BooleanFilter(
        label="Has a website", field_name="website", method="filter_has_website"
    )

    class Meta:
        model = Organisation
        fields = []

    def filter_has_website(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(website="") if value else queryset.filter(website="")


class OrganisationViewSet(SnippetViewSet):
    """Organisations; searched with the ORM so it works on SQLite as on PostgreSQL."""

    model = Organisation
    icon = "group"
    list_display = [
        "name",
        "website",
        "phone",
        Column("program_count", label="Programs"),
    ]
    search_fields = ["name", "website", "email", "ein"]
    search_backend_name = None
    filterset_class = OrganisationFilterSet
    ordering = ["name"]

    def get_queryset(self, request):
        return Organisation.objects.annotate(program_count=Count("programs"))


class NeedCategoryFilterSet(WagtailFilterSet):
    group = django_filters.ModelChoiceFilter(
        label="Group",
        field_name="parent",
        queryset=NeedCategory.objects.groups(),
        empty_label="Any group",
    )
    is_group = django_filters.BooleanFilter(
        label="Groups only", field_name="parent", lookup_expr="isnull"
    )
    lacks_spanish = django_filters.BooleanFilter(
        label="Spanish missing", method="filter_lacks_spanish"
    )

    class Meta:
        model = NeedCategory
        fields = []

    def filter_lacks_spanish(self, queryset, name, value):
        """Needs whose Spanish name, description or (categories) words are not
        written yet; No: those with all of them."""
        missing = (
            Q(name_es="")
            | (~Q(description="") & Q(description_es=""))
            | (Q(parent__isnull=False) & ~Q(search_words="") & Q(search_words_es=""))
        )
        if value is None:
            return queryset
        return queryset.filter(missing) if value else queryset.exclude(missing)


class NeedCategoryViewSet(SnippetViewSet):
    """Need groups and categories."""

    model = NeedCategory
    icon = "tag"
    list_display = ["name", "name_es", "slug", "parent", "sort_order"]
    search_fields = ["name", "name_es", "slug", "description"]
    search_backend_name = None
    filterset_class = NeedCategoryFilterSet
    ordering = ["parent__sort_order", "sort_order", "name"]

    def get_queryset(self, request):
        return NeedCategory.objects.select_related("parent")


class RegionFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label="Kind", choices=RegionKind.choices)
    state = django_filters.ModelChoiceFilter(
        label="In state",
        field_name="parent",
        queryset=Region.objects.states(),
        empty_label="Any state",
    )

    class Meta:
        model = Region
        fields = []


class RegionViewSet(SnippetViewSet):
    """Country, states and counties served by programs."""

    model = Region
    icon = "site"
    list_display = ["name", "kind", "code", "parent", "slug"]
    search_fields = ["name", "slug", "code"]
    search_backend_name = None
    filterset_class = RegionFilterSet
    ordering = ["kind", "name"]
    list_per_page = 50

    def get_queryset(self, request):
        return Region.objects.select_related("parent")


class PovertyGuidelineViewSet(SnippetViewSet):
    """The HHS poverty guidelines the screener compares incomes with: a new year's
    three rows each January."""

    model = PovertyGuideline
    icon = "table"
    menu_label = "Poverty guidelines"
    list_display = ["year", "area", "first_person", "each_additional_person"]
    list_filter = ["year", "area"]
    search_backend_name = None
    ordering = ["-year", "area"]


class DirectoryGroup(SnippetViewSetGroup):
    menu_label = "Directory"
    menu_icon = "folder-open-inverse"
    menu_order = 150
    items = (
        ProgramPageListingViewSet("programs"),
        OrganisationViewSet,
        NeedCategoryViewSet,
        RegionViewSet,
        PovertyGuidelineViewSet,
    )


register_snippet(DirectoryGroup)


# --- Partner submissions and problem reports --------------------------------------


class NoAddFormMixin:
    """Records made only by their public forms (/submit/, "Report a problem"): no
    add form or "Add" button here (Wagtail 8's snippets always register an add
    URL; it goes back to the listing)."""

    def get_common_view_kwargs(self, **kwargs):
        return {**super().get_common_view_kwargs(**kwargs), "add_url_name": None}

    @property
    def add_view(self):
        listing = self.get_url_name("list")
        return lambda request: redirect(listing)


class ProblemReportFilterSet(WagtailFilterSet):
    is_open = django_filters.BooleanFilter(
        label="Open", field_name="resolved_at", lookup_expr="isnull"
    )
    reason = django_filters.ChoiceFilter(choices=ProblemReport.Reason.choices)

    class Meta:
        model = ProblemReport
        fields = []


class ProblemReportIndexView(reports.FormulaSafeExportMixin, snippet_views.IndexView):
    """The problem reports listing, exported without runnable formulas."""


class ProblemReportViewSet(NoAddFormMixin, SnippetViewSet):
    """Problem reports from patients; curators resolve them (exportable as CSV)."""

    model = ProblemReport
    index_view_class = ProblemReportIndexView
    icon = "warning"
    menu_label = "Problem reports"
    list_display = [
        "program",
        Column("get_reason_display", label="Reason"),
        "created_at",
        Column("is_open", label="Open"),
    ]
    list_export = [
        "program",
        "get_reason_display",
        "details",
        "created_at",
        "resolved_at",
    ]
    export_headings = {"get_reason_display": "Reason"}
    filterset_class = ProblemReportFilterSet
    search_fields = ["details", "program__title"]
    search_backend_name = None

    def get_queryset(self, request):
        return ProblemReport.objects.select_related("program")


# Keys the partner form posts for its own checks, not what the partner told us.
FORM_CHECK_KEYS = {"homepage", "started", "time_trap_nonce", "consent"}


def choice_labels(field):
    """A form field's choices as value -> label, option groups flattened."""
    labels = {}
    for value, label in getattr(field, "choices", ()):
        if isinstance(label, (list, tuple)):
            labels.update(label)
        else:
            labels[value] = label
    return labels


def readable_value(field, value):
    """One answer as a curator reads it: choices by their labels, lists joined,
    yes/no for ticks."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if value in (None, "", []):
        return "—"
    labels = choice_labels(field) if field is not None else {}
    if isinstance(value, (list, tuple)):
        return ", ".join(str(labels.get(item, item)) for item in value)
    return str(labels.get(value, value))


def county_names(slugs):
    """The counties a partner named, stored as region slugs, by their names."""
    names = dict(Region.objects.filter(slug__in=slugs).values_list("slug", "name"))
    return [names.get(slug, slug) for slug in slugs]


def sent_fields(data):
    """What the partner sent, as (label, value) pairs in the form's order; answers
    the form no longer asks for are kept, under their stored names."""
    fields = ProgramSubmissionForm.base_fields
    if isinstance(data.get("counties"), list):
        data = {**data, "counties": county_names(data["counties"])}
    if isinstance(data.get("ways_to_help"), list):
        data = {**data, "ways_to_help": list(map(way_summary, data["ways_to_help"]))}
    names = [name for name in fields if name in data]
    names += [name for name in data if name not in fields]
    return [
        (
            fields[name].label
            if name in fields
            else name.replace("_", " ").capitalize(),
            readable_value(fields.get(name), data[name]),
        )
        for name in names
        if name not in FORM_CHECK_KEYS
    ]


def draft_link(submission):
    """A link to edit the draft (or the listing an update is for), if it exists."""
    page = submission.program
    if page is None:
        return ""
    label = page.title if page.live else f"{page.title} (draft)"
    return format_html(
        '<a href="{}">{}</a>', reverse("wagtailadmin_pages:edit", args=[page.pk]), label
    )


class SentData(Component):
    """The partner's answers as a read-only list of labels and values."""

    template_name = "directory/admin/submission_sent.html"

    def __init__(self, data):
        self.data = data

    def get_context_data(self, parent_context=None):
        return {"fields": sent_fields(self.data)}


class SubmissionIndexView(snippet_views.IndexView):
    """Every row opens the read-only inspect view: nobody edits what was sent."""

    def get_edit_url(self, instance):
        return None


class SubmissionInspectView(snippet_views.InspectView):
    """What was sent, readable, and a link to the draft it made."""

    def get_program_display_value(self):
        return draft_link(self.object) or "—"

    def get_data_display_value(self):
        return SentData(self.object.data or {})

    def get_field_label(self, field_name, field):
        if field_name == "data":
            return "What was sent"
        if field_name == "program":
            return "Draft or listing"
        return super().get_field_label(field_name, field)


class SubmissionViewSet(NoAddFormMixin, SnippetViewSet):
    """Partner submissions, with the private contact details curators need."""

    model = Submission
    index_view_class = SubmissionIndexView
    inspect_view_class = SubmissionInspectView
    icon = "mail"
    menu_label = "Partner submissions"
    list_display = [
        "reference",
        "kind",
        "status",
        Column("draft", label="Draft", accessor=draft_link),
        "submitter_email",
        "created_at",
    ]
    list_filter = ["kind", "status"]
    search_fields = ["reference", "submitter_name", "submitter_email"]
    search_backend_name = None
    # Curators and Moderators read what a partner sent (view permission), and the
    # draft it made; nobody edits a partner's words.
    inspect_view_enabled = True
    inspect_view_fields = [
        "reference",
        "kind",
        "status",
        "program",
        "submitter_name",
        "submitter_email",
        "submitter_role",
        "data",
        "confirmation_mail",
        "moderator_mail",
        "created_at",
    ]

    def get_queryset(self, request):
        return Submission.objects.select_related("program")


class FeedbackGroup(SnippetViewSetGroup):
    menu_label = "Feedback"
    menu_icon = "help"
    menu_order = 160
    items = (ProblemReportViewSet, SubmissionViewSet)


register_snippet(FeedbackGroup)


@hooks.register("after_edit_snippet")
def resolve_report_on_save(request, instance):
    """Saving a report with a resolution note resolves it."""
    if (
        isinstance(instance, ProblemReport)
        and instance.resolution_note
        and instance.is_open
    ):
        ProblemReport.objects.filter(pk=instance.pk).update(
            resolved_at=timezone.now(), resolved_by=request.user
        )


# --- Reports, dashboard, bulk action -------------------------------------------------


@hooks.register("register_admin_urls")
def register_place_picker_urls():
    """The program editor's place search, where wagtail-autocomplete looks for it."""
    return [
        path(
            "autocomplete/objects/", place_picker.objects, name="place_picker_objects"
        ),
        path("autocomplete/search/", place_picker.search, name="place_picker_search"),
    ]


@hooks.register("insert_editor_css")
def place_picker_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("register_admin_urls")
def register_report_urls():
    urls = [
        path("stale/", reports.StaleListingsView.as_view(), name="stale"),
        path(
            "stale/results/",
            reports.StaleListingsView.as_view(results_only=True),
            name="stale_results",
        ),
        path("closed/", reports.ClosedProgramsView.as_view(), name="closed"),
        path(
            "closed/results/",
            reports.ClosedProgramsView.as_view(results_only=True),
            name="closed_results",
        ),
    ]
    return [path("directory-reports/", include((urls, "directory_reports")))]


class CuratorReportMenuItem(AdminOnlyMenuItem):
    def is_shown(self, request):
        return request.user.has_perm("directory.change_problemreport")


@hooks.register("register_reports_menu_item")
def stale_report_menu_item():
    return CuratorReportMenuItem(
        "Stale listings", reverse("directory_reports:stale"), icon_name="time", order=50
    )


@hooks.register("register_reports_menu_item")
def closed_report_menu_item():
    return CuratorReportMenuItem(
        "Closed or out of funds",
        reverse("directory_reports:closed"),
        icon_name="warning",
        order=51,
    )


class DirectoryHealthPanel(Component):
    """Dashboard counts that tell curators where work is waiting."""

    name = "directory_health"
    order = 50
    template_name = "directory/admin/dashboard_panel.html"

    def get_context_data(self, parent_context=None):
        return {
            "next_to_check": queue.waiting_for_a_check().count(),
            "next_to_check_url": reverse("directory_queue:index"),
            "confirmation_due": due_for_confirmation(ProgramPage.objects.all()).count(),
            "confirmation_due_url": reverse("programs:index")
            + "?confirmation_due=true",
            "stale": reports.stale_programs().count(),
            "reports": reports.open_reports().count(),
            "broken_links": reports.open_reports()
            .filter(reason=ProblemReport.Reason.BROKEN_LINK)
            .count(),
            "closed": reports.closed_programs().count(),
            "held": Submission.objects.filter(status=Submission.Status.HELD).count(),
            "stale_url": reverse("directory_reports:stale"),
            "closed_url": reverse("directory_reports:closed"),
            "reports_url": reverse(ProblemReportViewSet().get_url_name("list"))
            + "?is_open=true",
            "broken_links_url": reverse(ProblemReportViewSet().get_url_name("list"))
            + "?is_open=true&reason=broken_link",
        }


@hooks.register("construct_homepage_panels")
def add_directory_health_panel(request, panels):
    if request.user.has_perm("directory.change_problemreport"):
        panels.append(DirectoryHealthPanel())


@hooks.register("register_bulk_action")
class MarkVerifiedBulkAction(PageBulkAction):
    """“Mark verified today”: sets the verification date and curator on the live
    listing and its latest draft, without publishing any pending draft."""

    display_name = "Mark verified today"
    action_type = "mark_verified"
    aria_label = "Mark selected listings verified today"
    template_name = "directory/admin/confirm_bulk_mark_verified.html"
    action_priority = 60

    def check_perm(self, page):
        return (
            page.specific_class is ProgramPage
            and page.permissions_for_user(self.request.user).can_edit()
        )

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        ids = [page.pk for page in objects]
        mark_verified(ids, user)
        return len(ids), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"{num_parent_objects} listing(s) marked verified today."


# --- Partner confirmation ---------------------------------------------------------


@hooks.register("register_admin_urls")
def register_confirmation_urls():
    return [
        path(
            "partner-confirmation/<int:page_id>/",
            ListingConfirmationView.as_view(),
            name="directory_listing_confirmation",
        )
    ]


@hooks.register("register_page_header_buttons")
def confirmation_header_button(page, user, view_name, next_url=None):
    """“Partner confirmation” in a listing's header menu, for those who may edit it."""
    if (
        page.specific_class is ProgramPage
        and page.permissions_for_user(user).can_edit()
    ):
        yield Button(
            "Partner confirmation",
            reverse("directory_listing_confirmation", args=[page.pk]),
            icon_name="mail",
            priority=66,
        )


class ConfirmationLogFormatter(LogFormatter):
    """A confirmation entry in a page's history, with the address asked."""

    def format_comment(self, log_entry):
        sent_to = log_entry.data.get("sent_to")
        return f"E-mail to {sent_to}" if sent_to else ""


@hooks.register("register_log_actions")
def register_confirmation_log_actions(actions):
    @actions.register_action(REQUESTED_ACTION)
    class RequestedFormatter(ConfirmationLogFormatter):
        label = "Confirmation requested"
        message = "Asked the organisation to confirm the listing"

    @actions.register_action(CONFIRMED_ACTION)
    class ConfirmedFormatter(ConfirmationLogFormatter):
        label = "Confirmed by the organisation"
        message = "Confirmed by the organisation, as it is"


@hooks.register("register_bulk_action")
class AskToConfirmBulkAction(PageBulkAction):
    """“Ask the organisation to confirm”: e-mails each listing's contact a signed
    link; listings without an address, asked lately or unpublished are skipped and
    named."""

    display_name = "Ask the organisation to confirm"
    action_type = "ask_to_confirm"
    aria_label = "Ask the selected listings' organisations to confirm them"
    template_name = "directory/admin/confirm_bulk_ask_to_confirm.html"
    action_priority = 61

    def check_perm(self, page):
        return (
            page.specific_class is ProgramPage
            and page.permissions_for_user(self.request.user).can_edit()
        )

    def object_context(self, obj):
        context = super().object_context(obj)
        program = context["item"]
        outcome = sort_for_asking([program])
        context["address"] = contact_address(program)
        context["skip_reason"] = (
            "not published"
            if outcome.not_published
            else "no e-mail address on the listing or its organisation"
            if outcome.no_address
            else f"asked in the last {LINK_VALID_FOR.days} days"
            if outcome.recently_asked
            else ""
        )
        return context

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "days": LINK_VALID_FOR.days}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        outcome = ask_to_confirm([page.pk for page in objects], user)
        return len(outcome.sent), 0

    def prepare_action(self, objects, objects_without_access):
        # Kept to name the skipped listings afterwards (execute_action is a
        # classmethod and returns only counts).
        self.skipped = sort_for_asking(programs_to_ask([page.pk for page in objects]))

    def get_success_message(self, num_parent_objects, num_child_objects):
        tell_curator(self.request, num_parent_objects, self.skipped)


# --- Verification queue ---


@hooks.register("register_admin_urls")
def register_queue_urls():
    urls = [
        path("", queue.NextToCheckView.as_view(), name="index"),
        path("<int:pk>/claim/", queue.ClaimView.as_view(), name="claim"),
        path("<int:pk>/release/", queue.ReleaseView.as_view(), name="release"),
        path(
            "<int:pk>/mark-verified/",
            queue.MarkVerifiedView.as_view(),
            name="mark_verified",
        ),
    ]
    return [path("next-to-check/", include((urls, "directory_queue")))]


@hooks.register("register_admin_menu_item")
def next_to_check_menu_item():
    return CuratorReportMenuItem(
        "Next to check",
        reverse("directory_queue:index"),
        icon_name="tasks",
        order=155,
    )


@hooks.register("register_log_actions")
def register_verification_log_actions(actions):
    actions.register_action(
        "directory.claim", "Claim for checking", "Claimed for checking"
    )
    actions.register_action(
        "directory.claim.release", "Release claim", "Released the claim for checking"
    )
    actions.register_action("directory.verify", "Mark verified", "Marked verified")


@hooks.register("before_edit_page")
def show_who_is_checking(request, page):
    """The edit view says who is checking the listing, as the queue does."""
    if request.method == "GET" and isinstance(page, ProgramPage):
        claim = queue.current_claim(page.pk)
        if claim is not None:
            messages.info(request, f"{queue.claim_text(claim)}.")


# --- Reopen alerts ---


def waiting_text(program):
    """How many addresses wait for the listing to reopen, as a count only: curators
    never see the addresses. Empty when none."""
    counts = program.reopen_alerts.aggregate(
        confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
        unconfirmed=Count("pk", filter=Q(confirmed_at__isnull=True)),
    )
    confirmed, unconfirmed = counts["confirmed"], counts["unconfirmed"]
    if not confirmed and not unconfirmed:
        return ""
    text = (
        f"{confirmed} {'person is' if confirmed == 1 else 'people are'} waiting for "
        "an e-mail when this listing takes applications again"
    )
    if unconfirmed:
        text += f" ({unconfirmed} more not confirmed yet)"
    return text


@hooks.register("before_edit_page")
def show_who_is_waiting(request, page):
    """The edit view counts the reopen alerts: publishing the listing as taking
    applications e-mails the confirmed ones."""
    if request.method == "GET" and isinstance(page, ProgramPage):
        text = waiting_text(page)
        if text:
            messages.info(request, f"{text}.")
