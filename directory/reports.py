"""Curator reports with CSV/Excel export: stale listings and closed or out-of-funds
programs (problem reports have their own listing with export)."""

import datetime

from django.db.models import Q
from django.utils import timezone

from wagtail.admin.views.reports.base import PageReportView
from wagtail.permission_policies import ModelPermissionPolicy

from directory.choices import ApplicationStatus
from directory.models import ProblemReport, ProgramPage
from directory.models.pages import STALE_AFTER
from directory.models.program_queries import CLOSED


def stale_programs():
    """Live programs not verified in 180 days (or never)."""
    cutoff = timezone.localdate() - STALE_AFTER
    return ProgramPage.objects.live().filter(
        Q(last_verified_at__isnull=True) | Q(last_verified_at__lt=cutoff)
    )


def closed_programs():
    """Live programs that are closed, paused, or reported out of funds."""
    out_of_funds = ProblemReport.objects.filter(
        reason=ProblemReport.Reason.OUT_OF_FUNDS, resolved_at__isnull=True
    ).values("program_id")
    return ProgramPage.objects.live().filter(
        CLOSED
        | Q(application_status=ApplicationStatus.OUT_OF_FUNDS)
        | Q(pk__in=out_of_funds)
    )


def open_reports():
    return ProblemReport.objects.filter(resolved_at__isnull=True)


# A spreadsheet reads a cell that starts with one of these as a formula; patients and
# partners write some of the text exported here.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class FormulaSafeExportMixin:
    """CSV exports with text cells that a spreadsheet would run as a formula
    quoted with a leading apostrophe (XLSX exports are already kept as text)."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if (
            export_format == self.FORMAT_CSV
            and isinstance(value, str)
            and value.startswith(FORMULA_STARTS)
        ):
            return f"'{value}"
        return value


class CuratorReportView(FormulaSafeExportMixin, PageReportView):
    """A page report curators (anyone who may change problem reports) can read."""

    permission_policy = ModelPermissionPolicy(ProblemReport)
    any_permission_required = ["change"]
    header_icon = "list-ul"
    list_export = [
        "title",
        "organisation.name",
        "get_application_status_display",
        "get_status_display",
        "last_verified_at",
        "full_url",
    ]
    export_headings = {
        "organisation.name": "Organisation",
        "get_application_status_display": "Applications",
        "get_status_display": "Status",
        "last_verified_at": "Last verified",
        "full_url": "Address",
    }

    def get_filename(self):
        return f"{self.slug}-{datetime.date.today().isoformat()}"


class StaleListingsView(CuratorReportView):
    page_title = f"Stale listings (not verified in {STALE_AFTER.days} days)"
    slug = "stale-listings"
    index_url_name = "directory_reports:stale"
    index_results_url_name = "directory_reports:stale_results"
    results_template_name = "directory/admin/stale_report_results.html"
    list_export = [
        "title",
        "organisation.name",
        "organisation.website",
        "get_application_status_display",
        "get_status_display",
        "last_verified_at",
        "full_url",
    ]
    export_headings = {
        **CuratorReportView.export_headings,
        "organisation.website": "Website",
        "get_application_status_display": "Status",
        "get_status_display": "Program status",
    }

    def to_row_dict(self, item):
        """A listing never verified says so, rather than leaving a blank cell."""
        row = super().to_row_dict(item)
        if row["last_verified_at"] is None:
            row["last_verified_at"] = "Never"
        return row

    def get_queryset(self):
        return (
            stale_programs()
            .select_related("organisation")
            .order_by("last_verified_at", "title")
        )


class ClosedProgramsView(CuratorReportView):
    page_title = "Closed or out-of-funds programs"
    slug = "closed-programs"
    index_url_name = "directory_reports:closed"
    index_results_url_name = "directory_reports:closed_results"

    def get_queryset(self):
        return closed_programs().select_related("organisation").order_by("title")
