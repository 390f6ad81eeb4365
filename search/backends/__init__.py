"""The search backend registry: ``DIRECTORY_SEARCH_BACKEND`` names one (``database``
by default) or gives a dotted path to a ``SearchBackend`` subclass."""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

BACKENDS = {
    "database": "search.backends.database.DatabaseSearchBackend",
    "elasticsearch": "search.backends.elasticsearch.ElasticsearchSearchBackend",
}


@cache
def _backend(name):
    return import_string(BACKENDS.get(name, name))()


def get_backend(name=None):
    """The configured backend (one instance per process)."""
    return _backend(name or getattr(settings, "DIRECTORY_SEARCH_BACKEND", "database"))
