"""Privacy for patients: a public page requested with a query string (a search, a
ZIP code, a list of needs) is never stored by a shared cache or indexed, whatever
the response, errors and redirects included; and no page may use browser features
the site has no need of."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext

from home.i18n import address_language
from home.my_list import saved_ids


class PrivateQueryMiddleware:
    """Mark every non-admin response to a request with a query string private, and
    every page of a visitor who has saved programs (it shows their list)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            return response
        if request.META.get("QUERY_STRING"):
            patch_cache_control(response, private=True, no_store=True)
            response.headers.setdefault("X-Robots-Tag", "noindex")
        elif saved_ids(request):
            # The page shows this visitor's list (the header count, "Saved" on
            # cards): never for a shared cache.
            patch_cache_control(response, private=True)
        return response


class PermissionsPolicyMiddleware:
    """Send ``PERMISSIONS_POLICY`` (camera, microphone, location… all off)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RequestSizeMiddleware:
    """Refuse, before reading it, a body the site would never need. Django's
    ``DATA_UPLOAD_MAX_MEMORY_SIZE`` leaves file parts out, so a multipart body could
    be any size: here the whole body counts. Public pages take short text forms
    (up to ``DATA_UPLOAD_MAX_MEMORY_SIZE``); the admin, which uploads images and
    documents, up to ``ADMIN_MAX_REQUEST_BYTES``. Over that: 413 and a kind page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = (
            settings.ADMIN_MAX_REQUEST_BYTES
            if request.path.startswith("/admin/")
            else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        )
        if length > limit:
            # This runs before LocaleMiddleware: the page's language from its path.
            with translation.override(address_language(request.path_info)):
                return render(
                    request,
                    "request_refused.html",
                    {
                        "message": gettext(
                            "That was more than this page can take. Please shorten "
                            "what you typed, leave out any file, and send it again."
                        )
                    },
                    status=413,
                )
        return self.get_response(request)


class LanguageFromAddressMiddleware(LocaleMiddleware):
    """The language of a request is the one in its address (/es/… for Spanish),
    else the default: never a cookie or the browser's Accept-Language, so the same
    address always shows the same page and nothing about the visitor is read.
    (The Wagtail admin then applies each curator's own admin language.)"""

    def process_request(self, request):
        translation.activate(address_language(request.path_info))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
