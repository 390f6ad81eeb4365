"""Public form URLs of the directory, the partner confirmation link and the
reopen alerts' pages."""

from django.urls import path

from directory import (
    converters,  # noqa: F401 - registers <page_id:…>
    reopen_views,
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
    path(
        "reopen/<page_id:page_id>/",
        reopen_views.subscribe,
        name="directory_reopen",
    ),
    path(
        "reopen/<page_id:page_id>/thanks/",
        reopen_views.subscribe_thanks,
        name="directory_reopen_thanks",
    ),
    path(
        "reopen/confirm/<str:token>/",
        reopen_views.confirm,
        name="directory_reopen_confirm",
    ),
    path(
        "reopen/unsubscribe/<str:token>/",
        reopen_views.unsubscribe,
        name="directory_reopen_unsubscribe",
    ),
]
