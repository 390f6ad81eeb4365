"""Privacy for patients: a public page requested with a query string (a search, a
ZIP code, a list of needs) is never stored by a shared cache or indexed, whatever
the response, errors and redirects included; and no page may use browser features
the site has no need of."""

from django.conf import settings
from django.utils.cache import patch_cache_control


class PrivateQueryMiddleware:
    """Mark every non-admin response to a request with a query string private."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.META.get("QUERY_STRING") and not request.path.startswith("/admin/"):
            patch_cache_control(response, private=True, no_store=True)
            response.headers.setdefault("X-Robots-Tag", "noindex")
        return response


class PermissionsPolicyMiddleware:
    """Send ``PERMISSIONS_POLICY`` (camera, microphone, location… all off)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
