"""URLs of My list (saved programs, kept in the session) and of How you can help
me (what would help, in a signed link)."""

from django.urls import path

from directory import converters  # noqa: F401 - registers <page_id:…>
from home import help_me_views, views

urlpatterns = [
    path("my-list/", views.list_view, name="my_list"),
    path("my-list/save/<page_id:program_id>/", views.save, name="my_list_save"),
    path("my-list/remove/<page_id:program_id>/", views.remove, name="my_list_remove"),
    path("my-list/shared/<str:token>/", views.shared_view, name="my_list_shared"),
    path("give/ask/", help_me_views.ask, name="help_me_ask"),
    path("give/ask/ready/<str:token>/", help_me_views.ready, name="help_me_ready"),
    path("give/for/<str:token>/", help_me_views.share_page, name="help_me_page"),
]
