"""Registers the search view that the directory page serves (directory never imports
the search app)."""

from wagtail import hooks

from search.views import directory_search


@hooks.register("serve_directory_search")
def serve_directory_search(request, page, landing):
    return directory_search(request, page, landing)
