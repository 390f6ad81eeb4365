"""The curators' import and export in the admin.

Import: upload a CSV or HSDS 3.0 JSON file, see a dry run of it (what would be
created, changed, left alone, and each bad row with its reason), then confirm. The
file waits in the database (``PendingImport``) between the two steps, so any worker
can finish it. The confirm imports only if the file still does exactly what the
preview showed; otherwise nothing is written and the new preview is shown. The
rules and messages are the command's (``importing.import_programs``), with the bad
rows left out rather than stopping the import.

Export: what the Programs listing shows, with its filters and search, as the files
``export_programs`` writes.
"""

import datetime
import hashlib
import json
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from directory.models import DirectoryIndexPage, ProblemReport, ProgramPage
from directory.wagtail_hooks import ProgramPageFilterSet, ProgramPageListingViewSet
from home.i18n import in_default_language
from opendata import exporting
from opendata.importing import import_programs
from opendata.models import KEPT_FOR, PendingImport
from opendata.reading import ImportFailed, read_rows

# Curators are those who act on problem reports, as for the directory's reports.
CURATORS = ModelPermissionPolicy(ProblemReport)
MAX_FILE_BYTES = 5 * 1024 * 1024
FORMAT_OF_SUFFIX = {
    ".csv": PendingImport.Format.CSV,
    ".json": PendingImport.Format.HSDS,
}


class ImportForm(forms.Form):
    """The file and the publish choice; a file that cannot be read at all is
    refused here, with a message saying how to mend it."""

    file = forms.FileField(
        label="File",
        help_text="A CSV file (the columns the Programs export writes) or an "
        "HSDS 3.0 JSON file, at most 5 MB.",
        error_messages={
            "required": "Choose a file to import.",
            "empty": "The file is empty: it needs a header row and at least one "
            "program.",
        },
    )
    publish = forms.BooleanField(
        label="Publish what is imported",
        required=False,
        help_text="Leave this unticked to import new and changed programs as "
        "drafts, for a curator to review and publish.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_file(self):
        upload = self.cleaned_data["file"]
        file_format = FORMAT_OF_SUFFIX.get(Path(upload.name).suffix.lower())
        if file_format is None:
            raise forms.ValidationError(
                "Choose a .csv file or an HSDS .json file: this import cannot "
                "read other kinds of file (save a spreadsheet as CSV first)."
            )
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB; the import takes "
                "files of up to 5 MB. Split it into smaller files."
            )
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                "The file is not UTF-8 text. In your spreadsheet, save it as "
                "“CSV UTF-8” and upload it again."
            ) from error
        if not text.strip():
            raise forms.ValidationError(self.fields["file"].error_messages["empty"])
        self.cleaned_data["file_format"] = file_format
        self.cleaned_data["text"] = text
        return upload

    def clean_publish(self):
        publish = self.cleaned_data["publish"]
        directory = DirectoryIndexPage.objects.first()
        if publish and directory:
            permissions = directory.permissions_for_user(self.user)
            if not permissions.can_publish_subpage():
                raise forms.ValidationError(
                    "Your account may not publish programs: leave this unticked "
                    "to import them as drafts."
                )
        return publish


def run_import(pending, user, dry_run):
    """Import the pending file (bad rows left out), as ``user``; returns the
    report and the digest of its outcome. Raises ImportFailed for a file that
    cannot be imported at all."""
    report = import_programs(
        read_rows(pending.text, pending.file_format),
        publish=pending.publish,
        dry_run=dry_run,
        skip_bad=True,
        user=user,
    )
    outcome = json.dumps(report.outcome(), sort_keys=True)
    return report, hashlib.sha256(outcome.encode()).hexdigest()


def field_label(name):
    """A changed field as the preview names it ("ways to help" for the ways)."""
    field = ProgramPage._meta.get_field(name)
    if field.auto_created and not field.concrete:  # a relation to child rows
        return str(field.related_model._meta.verbose_name_plural)
    return str(field.verbose_name)


def outcome_lists(report):
    """The report as lists a template shows: each program's title and
    identifier (and, for changes, the fields changed)."""

    def entries(external_ids):
        return [
            {
                "title": report.titles[external_id],
                "external_id": external_id,
                "changes": ", ".join(
                    field_label(name) for name in report.changes.get(external_id, [])
                ),
            }
            for external_id in external_ids
        ]

    return {
        "created": entries(report.created),
        "updated": entries(report.updated),
        "unchanged": entries(report.unchanged),
        "published": entries(report.published),
        "left_out": report.left_out,
        "imports_anything": bool(report.created or report.updated or report.published),
    }


class ImportView(PermissionCheckedMixin, WagtailAdminTemplateMixin, View):
    """Step 1, the upload (and its preview); step 2, the confirm of a pending
    import (``pk``). Only the curator who uploaded a file sees or confirms it."""

    permission_policy = CURATORS
    any_permission_required = ["change"]
    page_title = "Import programs"
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        programs = reverse("programs:index")
        return [
            *self.breadcrumbs_items,
            {"url": programs, "label": "Programs"},
            {"url": "", "label": self.page_title},
        ]

    def render(self, template, **context):
        context = self.get_context_data(**context)
        context["kept_for_hours"] = int(KEPT_FOR.total_seconds() // 3600)
        return TemplateResponse(self.request, f"opendata/admin/{template}", context)

    def get(self, request, pk=None):
        if pk is None:
            return self.render("import_upload.html", form=ImportForm(user=request.user))
        pending = self.pending(pk)
        if pending is None:
            return self.gone()
        try:
            report, digest = run_import(pending, request.user, dry_run=True)
        except ImportFailed as failure:
            return self.failed(pending, failure)
        pending.previewed = digest
        pending.save(update_fields=["previewed"])
        return self.preview(pending, report)

    def post(self, request, pk=None):
        if pk is None:
            return self.upload()
        with transaction.atomic():
            pending = self.pending(pk, lock=True)
            if pending is None:
                return self.gone()
            try:
                report, digest = run_import(pending, request.user, dry_run=False)
            except ImportFailed as failure:
                transaction.set_rollback(True)
                return self.failed(pending, failure)
            changed = digest != pending.previewed
            if changed:
                transaction.set_rollback(True)
            else:
                pending.delete()
        if changed:
            # The directory changed since the preview: nothing was written, and
            # the report (rolled back) is what the file would do now.
            pending.previewed = digest
            pending.save(update_fields=["previewed"])
            messages.warning(
                request,
                "The directory changed since you checked this file, so nothing "
                "was imported. Here is what it would do now: check it and "
                "confirm again.",
            )
            return self.preview(pending, report)
        return self.render(
            "import_done.html",
            file_name=pending.file_name,
            publish=pending.publish,
            **outcome_lists(report),
        )

    def upload(self):
        """Check the uploaded file, keep it, and show its preview."""
        form = ImportForm(self.request.POST, self.request.FILES, user=self.request.user)
        if not form.is_valid():
            return self.render("import_upload.html", form=form)
        PendingImport.objects.expired().delete()
        pending = PendingImport(
            uploaded_by=self.request.user,
            file_name=form.cleaned_data["file"].name[:255],
            file_format=form.cleaned_data["file_format"],
            text=form.cleaned_data["text"],
            publish=form.cleaned_data["publish"],
        )
        try:
            report, pending.previewed = run_import(
                pending, self.request.user, dry_run=True
            )
        except ImportFailed as failure:
            for message in failure.messages:
                form.add_error("file", message)
            return self.render("import_upload.html", form=form)
        pending.save()
        return self.preview(pending, report)

    def pending(self, pk, lock=False):
        uploads = PendingImport.objects.waiting_for(self.request.user)
        if lock:
            uploads = uploads.select_for_update()
        return uploads.filter(pk=pk).first()

    def preview(self, pending, report):
        return self.render(
            "import_preview.html", pending=pending, **outcome_lists(report)
        )

    def failed(self, pending, failure):
        """A kept file that can no longer be imported at all (say, the directory
        page is gone): the upload form, with the reasons."""
        form = ImportForm(user=self.request.user)
        for message in failure.messages:
            form.add_error(None, f"{pending.file_name}: {message}")
        return self.render("import_upload.html", form=form)

    def gone(self):
        messages.info(
            self.request,
            "That import was already done, or it waited more than a day and was "
            "cleared away. Upload the file again to import it.",
        )
        return redirect("opendata_admin:import")


class ExportView(ProgramPageListingViewSet.IndexView):
    """The programs the Programs listing shows, with the same filters and search,
    as a file the importer reads: CSV, or HSDS 3.0 JSON with ``format=hsds``.
    Curators only."""

    model = ProgramPage
    filterset_class = ProgramPageFilterSet

    def dispatch(self, request, *args, **kwargs):
        if not CURATORS.user_has_permission(request.user, "change"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    # Open data in English, whatever language the curator's admin is in.
    @method_decorator(in_default_language)
    def get(self, request, *args, **kwargs):
        listed = [page.pk for page in self.get_queryset()]
        pages = exporting.programs_for_export().filter(pk__in=listed)
        name = f"programs-{datetime.date.today().isoformat()}"
        if request.GET.get("format") == "hsds":
            document = exporting.hsds_document(pages)
            response = HttpResponse(
                json.dumps(document, indent=2, ensure_ascii=False) + "\n",
                content_type="application/json; charset=utf-8",
            )
            name += ".json"
        else:
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            exporting.write_csv(pages, response)
            name += ".csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
