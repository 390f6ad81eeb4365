"""Routes of the HSDS API, mounted at /api/hsds/ (paths as HSDS names them)."""

from django.urls import path

from opendata import views

app_name = "hsds"

urlpatterns = [
    path("", views.api_root, name="root"),
    path("services", views.service_list, name="services"),
    path("services/<str:service_id>", views.service_detail, name="service"),
    path("organizations", views.organization_list, name="organizations"),
    path(
        "organizations/<str:organization_id>",
        views.organization_detail,
        name="organization",
    ),
    path("taxonomies", views.taxonomy_list, name="taxonomies"),
    path("taxonomies/<str:taxonomy_id>", views.taxonomy_detail, name="taxonomy"),
    path("taxonomy_terms", views.taxonomy_term_list, name="taxonomy_terms"),
    path(
        "taxonomy_terms/<str:term_id>",
        views.taxonomy_term_detail,
        name="taxonomy_term",
    ),
    path("openapi.json", views.openapi, name="openapi"),
    path("profile/", views.profile, name="profile"),
    path(
        "profile/schema/<str:name>.json",
        views.profile_schema,
        name="profile_schema",
    ),
]
