"""URLs of My list (saved programs, kept in the session)."""

from django.urls import path

from directory import converters  # noqa: F401 - registers <page_id:…>
from home import views

urlpatterns = [
    path("my-list/", views.list_view, name="my_list"),
    path("my-list/save/<page_id:program_id>/", views.save, name="my_list_save"),
    path("my-list/remove/<page_id:program_id>/", views.remove, name="my_list_remove"),
    path("my-list/shared/<str:token>/", views.shared_view, name="my_list_shared"),
]
