"""Keep every configured search backend in step with the programs: ``rebuild``
(for Elasticsearch a new index, then an alias swap: no downtime), ``check``
(programs missing from, stale in or extra in a backend) and ``retry`` (send the
updates that failed while a backend was down)."""

from django.core.management.base import BaseCommand, CommandError

from directory.models import ProgramPage
from search import indexing
from search.backends import BACKENDS, get_backend


class Command(BaseCommand):
    help = "Rebuild, check or catch up the search backends' copies of the programs."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "check", "retry"])
        parser.add_argument(
            "--backend",
            choices=sorted(BACKENDS),
            help="Only this backend, e.g. to build the Elasticsearch index before "
            "switching DIRECTORY_SEARCH_BACKEND to it (default: every configured "
            "backend).",
        )

    def handle(self, *args, action, backend=None, **options):
        self.backends = (
            [get_backend(backend)] if backend else indexing.configured_backends()
        )
        for chosen in self.backends:
            if problems := chosen.configuration_errors():
                raise CommandError(" ".join(problems))
        # Not self.check: that is BaseCommand's system-check hook.
        getattr(self, f"run_{action}")(options["verbosity"])

    def run_rebuild(self, verbosity):
        stdout = self.stdout if verbosity > 1 else None
        for backend in self.backends:
            count = backend.rebuild(stdout=stdout)
            self.stdout.write(f"{type(backend).__name__}: indexed {count} programs.")

    def run_retry(self, verbosity):
        if all(backend.retry_pending() for backend in self.backends):
            self.stdout.write("No updates are waiting.")
        else:
            raise CommandError("A search backend still fails; updates stay queued.")

    def run_check(self, verbosity):
        failed = False
        for backend in self.backends:
            label = type(backend).__name__
            report = backend.check()
            if report.error:
                self.stdout.write(f"{label} is unreachable ({report.error}).")
            for heading, ids in [
                ("Missing", report.missing),
                ("Stale", report.stale),
                ("Stored but not visible", report.extra),
                ("Updates waiting to be sent", report.pending),
            ]:
                if ids:
                    self.stdout.write(f"{label}: {heading}: {len(ids)}")
            if report.ok:
                self.stdout.write(f"{label} matches the database.")
                continue
            failed = True
            self.stdout.write(f"{label}: programs that need reindexing (id: title):")
            titles = dict(
                ProgramPage.objects.filter(pk__in=report.needs_reindex).values_list(
                    "pk", "title"
                )
            )
            for pk in report.needs_reindex:
                self.stdout.write(f"  {pk}: {titles.get(pk, '(deleted)')}")
        if failed:
            raise CommandError("A search backend does not match the database.")
