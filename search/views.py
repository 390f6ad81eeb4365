"""/search/ is an alias: it sends people to the directory search with their query."""

from django.http import HttpResponseRedirect
from django.utils.cache import patch_cache_control

from directory.models import DirectoryIndexPage


def search_redirect(request):
    """Redirect to the directory page with the same query string, never caching it."""
    directory = DirectoryIndexPage.objects.live().first()
    target = directory.url if directory else "/programs/"
    query = request.GET.urlencode()
    response = HttpResponseRedirect(f"{target}?{query}" if query else target)
    patch_cache_control(response, private=True, no_store=True)
    return response
