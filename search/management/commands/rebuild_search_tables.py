"""Rebuild the database backend's search tables and full-text index from the
programs patients may see, then refresh the planner statistics."""

import time

from django.core.management.base import BaseCommand

from search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the search tables and full-text index from visible programs."

    def handle(self, *args, **options):
        started = time.monotonic()
        total = rebuild(stdout=self.stdout if options["verbosity"] > 1 else None)
        self.stdout.write(
            f"Indexed {total} programs in {time.monotonic() - started:.1f} s."
        )
