"""The curators' import and export of programs in the admin."""

from django.urls import include, path, reverse

from wagtail import hooks

from directory.wagtail_hooks import CuratorReportMenuItem
from opendata import admin_views


@hooks.register("register_admin_urls")
def register_import_export_urls():
    urls = [
        path("import/", admin_views.ImportView.as_view(), name="import"),
        path(
            "import/<int:pk>/", admin_views.ImportView.as_view(), name="pending_import"
        ),
        path("export/", admin_views.ExportView.as_view(), name="export"),
    ]
    return [path("programs-data/", include((urls, "opendata_admin")))]


@hooks.register("register_admin_menu_item")
def import_menu_item():
    return CuratorReportMenuItem(
        "Import programs",
        reverse("opendata_admin:import"),
        icon_name="upload",
        order=155,
    )
