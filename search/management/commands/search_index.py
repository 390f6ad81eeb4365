"""Manage the Elasticsearch index: ``rebuild`` (new index, then alias swap: no
downtime), ``check`` (programs missing from or stale in the index) and ``retry``
(send the updates that failed while the cluster was down)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search import elastic_index
from search.models import PendingIndexUpdate


class Command(BaseCommand):
    help = "Rebuild, check or catch up the Elasticsearch index of programs."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "check", "retry"])

    def handle(self, *args, action, **options):
        if not settings.ELASTICSEARCH_URL:
            raise CommandError("ELASTICSEARCH_URL is not set.")
        getattr(self, action)(options["verbosity"])

    def rebuild(self, verbosity):
        name, count = elastic_index.rebuild(
            stdout=self.stdout if verbosity > 1 else None
        )
        self.stdout.write(
            f"Indexed {count} programs into {name}; the alias points to it."
        )

    def retry(self, verbosity):
        pending = list(PendingIndexUpdate.objects.values_list("program_id", flat=True))
        if elastic_index.sync(pending):
            self.stdout.write(f"Sent {len(pending)} pending update(s).")
        else:
            raise CommandError("Elasticsearch is still failing; updates stay queued.")

    def check(self, verbosity):
        report = elastic_index.check()
        if report.error:
            self.stdout.write(f"Elasticsearch is unreachable ({report.error}).")
        for label, ids in [
            ("Missing from the index", report.missing),
            ("Stale in the index", report.stale),
            ("In the index but not visible", report.extra),
            ("Updates waiting to be sent", report.pending),
        ]:
            if ids:
                self.stdout.write(f"{label}: {len(ids)}")
        if report.ok:
            self.stdout.write("The index matches the database.")
            return
        self.stdout.write("Programs that need reindexing (id: title):")
        titles = dict(
            elastic_index.ProgramPage.objects.filter(
                pk__in=report.needs_reindex
            ).values_list("pk", "title")
        )
        for pk in report.needs_reindex:
            self.stdout.write(f"  {pk}: {titles.get(pk, '(deleted)')}")
        raise CommandError("The index does not match the database.")
