"""URLs of My list (saved programs, kept in the session)."""

from django.urls import path

from home import views

urlpatterns = [
    path("my-list/", views.list_view, name="my_list"),
    path("my-list/save/<int:program_id>/", views.save, name="my_list_save"),
    path("my-list/remove/<int:program_id>/", views.remove, name="my_list_remove"),
    path("my-list/shared/<str:token>/", views.shared_view, name="my_list_shared"),
]
