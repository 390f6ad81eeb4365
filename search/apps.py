from django.apps import AppConfig, apps
from django.core import checks
from django.db.models.signals import post_migrate


def refresh_statistics(sender, using="default", **kwargs):
    """After migrations, give the query planner statistics (SQLite has none on a
    fresh database and then plans text-search joins badly). ``post_migrate`` is sent
    once per app with models; run once, after the last."""
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if with_models and sender is with_models[-1]:
        from search.indexing import refresh_statistics

        refresh_statistics(using)


def check_search_backend(app_configs=None, **kwargs):
    """The configured search backend has the settings it needs."""
    from search.backends import get_backend

    return [
        checks.Error(message, id="search.E001")
        for backend in [get_backend()]
        for message in backend.configuration_errors()
    ]


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        from search import signals  # noqa: F401 - connects the index receivers

        post_migrate.connect(refresh_statistics, dispatch_uid="search-statistics")
        checks.register(check_search_backend)
