"""Public form URLs of the directory, and the partner confirmation link."""

from django.urls import path

from directory import (
    converters,  # noqa: F401 - registers <page_id:…>
    screener_views,
    views,
)

urlpatterns = [
    path("qualify/", screener_views.qualify, name="qualify"),
    path("qualify/forget/", screener_views.forget, name="qualify_forget"),
    path("submit/", views.submit, name="directory_submit"),
    path(
        "submit/update/<page_id:page_id>/",
        views.submit,
        name="directory_suggest_update",
    ),
    path(
        "submit/thanks/<str:token>/",
        views.submit_thanks,
        name="directory_submit_thanks",
    ),
    path("report/<page_id:page_id>/", views.report, name="directory_report"),
    path(
        "report/<page_id:page_id>/thanks/",
        views.report_thanks,
        name="directory_report_thanks",
    ),
    path(
        "confirm/<page_id:page_id>/<str:token>/",
        views.confirm_listing,
        name="directory_confirm",
    ),
]
