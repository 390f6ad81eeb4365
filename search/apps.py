from django.apps import AppConfig
from django.db.models.signals import post_migrate


def refresh_statistics(sender, using="default", **kwargs):
    """After migrations, give the query planner statistics (SQLite has none on a
    fresh database and then plans text-search joins badly)."""
    from search.index import analyze

    analyze(using)


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        from search import signals  # noqa: F401 - connects the index receivers

        post_migrate.connect(refresh_statistics, sender=self)
