"""The directory page at /programs/: the faceted search and its landing URLs."""

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from directory.taxonomy import taxonomy
from home.i18n import in_spanish, spanish_title


class DirectoryIndexPage(RoutablePageMixin, Page):
    """The directory at /programs/. It is the faceted search; its routes are the
    indexable landing URLs for a need, a state, or both."""

    intro = models.TextField(
        blank=True,
        help_text="A short line under the heading, e.g. who the directory is for.",
    )

    title_es = spanish_title()
    intro_es = in_spanish(intro, "intro")

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("title_es"), FieldPanel("intro_es")], heading="In Spanish"
        ),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["directory.ProgramPage"]
    max_count = 1

    class Meta:
        verbose_name = "directory index page"

    @path("")
    def search_view(self, request):
        return self.serve_search(request)

    @path("need/<slug:need>/")
    def need_view(self, request, need):
        return self.serve_search(request, need=self._need_or_404(need))

    @path("state/<str:state>/")
    def state_view(self, request, state):
        if state != state.lower():
            return self._lower_case_redirect(request, state=state)
        return self.serve_search(request, state=self._state_or_404(state))

    @path("need/<slug:need>/state/<str:state>/")
    def need_state_view(self, request, need, state):
        if state != state.lower():
            return self._lower_case_redirect(request, need=need, state=state)
        return self.serve_search(
            request, need=self._need_or_404(need), state=self._state_or_404(state)
        )

    def _lower_case_redirect(self, request, need=None, state=None):
        """/state/TX/ → /state/tx/, keeping any query (then never cached)."""
        self._state_or_404(state.lower())
        target = self.landing_url(need=need, state=state)
        if request.GET:
            response = redirect(f"{target}?{request.GET.urlencode()}")
            patch_cache_control(response, private=True, no_store=True)
            return response
        return redirect(target, permanent=True)

    def serve_search(self, request, **landing):
        """Hand the request to the search app's view (registered as the
        ``serve_directory_search`` hook, so this app never imports it)."""
        handlers = hooks.get_hooks("serve_directory_search")
        if not handlers:
            raise ImproperlyConfigured("No serve_directory_search hook is registered.")
        return handlers[-1](request, self, landing)

    def landing_url(self, need=None, state=None):
        """The canonical landing URL for a need and/or a state (slugs/codes)."""
        parts = []
        if need:
            parts += ["need", need]
        if state:
            parts += ["state", state.lower()]
        return self.url + "".join(f"{part}/" for part in parts)

    @staticmethod
    def _need_or_404(slug):
        tax = taxonomy()
        if slug not in tax.need_slugs and slug not in (tax.groups or {}):
            raise Http404("No such need.")
        return slug

    @staticmethod
    def _state_or_404(code):
        if code != code.lower() or code.upper() not in taxonomy().state_names:
            raise Http404("No such state.")
        return code.upper()
