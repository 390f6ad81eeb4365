"""My list pages: save and remove (POST, no JavaScript needed), the list itself and a
read-only shared copy. Everything here is private to one person: never cached by a
shared cache, never indexed."""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from directory.models import ProgramPage
from home import my_list


def private(response):
    """A response about one person's list: no shared caching, no indexing."""
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    return response


def _back(request):
    """Back where the patient pressed the button: ``next``, a local path whose
    fragment (``#hit-12``) brings the saved card back into view, with or without
    JavaScript. Anything else (another site, ``//host``, control characters) goes
    to My list instead."""
    target = request.POST.get("next", "")
    if (
        not target.startswith("/")
        or not target.isprintable()
        or not url_has_allowed_host_and_scheme(
            target,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        )
    ):
        target = reverse("my_list")
    return private(HttpResponseRedirect(target))


@require_POST
def save(request, program_id):
    """Add a visible program to the list and go back where the patient was."""
    if not ProgramPage.objects.visible().filter(pk=program_id).exists():
        raise Http404("No such program.")
    my_list.save(request, program_id)
    return _back(request)


@require_POST
def remove(request, program_id):
    my_list.remove(request, program_id)
    return _back(request)


def list_view(request):
    """The saved programs side by side, one document checklist, print and share."""
    ids = my_list.saved_ids(request)
    programs = my_list.saved_programs(ids)
    share_url = ""
    if programs:
        token = my_list.share_token([program.pk for program in programs])
        share_url = request.build_absolute_uri(reverse("my_list_shared", args=[token]))
    return private(
        render(
            request,
            "home/my_list.html",
            {
                "programs": programs,
                "checklist": my_list.combined_checklist(programs),
                "share_url": share_url,
                "shared": False,
            },
        )
    )


def shared_view(request, token):
    """A read-only copy of someone's list, from the program ids in a signed link."""
    try:
        ids = my_list.ids_from_token(token)
    except my_list.LinkExpired:
        return private(
            render(
                request,
                "home/my_list_expired.html",
                {"days": settings.MY_LIST_SHARE_DAYS},
                status=410,
            )
        )
    if ids is None:
        raise Http404("This link is not valid.")
    programs = my_list.saved_programs(ids)
    return private(
        render(
            request,
            "home/my_list.html",
            {
                "programs": programs,
                "checklist": my_list.combined_checklist(programs),
                "shared": True,
            },
        )
    )


def csrf_failure(request, reason=""):
    """A form refused by the CSRF check (a page open for a very long time, or
    cookies blocked): a kind page saying what to do, not Django's bare one."""
    return private(
        render(
            request,
            "request_refused.html",
            {
                "message": gettext(
                    "This page was open for a long time, or your browser "
                    "blocked this site's cookies, so it could not be sent safely. "
                    "Go back, reload the page and send it again."
                )
            },
            status=403,
        )
    )
