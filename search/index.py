"""Keeping the search tables and the full-text index in step with published programs.

Writes happen inside the caller's transaction (same database), so a publish that rolls
back leaves the index as it was. Bulk loads call ``rebuild()``, which also refreshes
the planner statistics that SQLite needs to plan joins with the text index well.
"""

from django.db import connection, connections, transaction

from directory.models import ProgramPage, ProgramSearchEntry
from directory.models.index import THROUGH_MODELS, is_visible, write_rows
from directory.taxonomy import taxonomy
from search import elastic_index
from search.text import PG_TABLE, document, text_index

BATCH_SIZE = 1000


def index_programs(pages):
    """Bring the rows of these programs up to date: written if patients may see the
    program, removed otherwise."""
    pages = list(pages)
    visible = [page for page in pages if is_visible(page)]
    hidden = [page.pk for page in pages if page not in visible]
    with transaction.atomic():
        if hidden:
            _remove_rows(hidden)
        if visible:
            _write(
                ProgramPage.objects.filter(
                    pk__in=[p.pk for p in visible]
                ).with_details()
            )
    elastic_index.schedule([page.pk for page in pages])


def index_program_ids(ids):
    index_programs(ProgramPage.objects.filter(pk__in=list(ids)))


def remove_programs(ids):
    ids = list(ids)
    _remove_rows(ids)
    elastic_index.schedule(ids)


def _remove_rows(ids):
    with transaction.atomic(), connection.cursor() as cursor:
        text_index().remove(cursor, ids)
        ProgramSearchEntry.objects.filter(program_id__in=ids).delete()


def _write(programs):
    """Write the rows and text of these programs; returns them."""
    programs = list(programs)
    write_rows(programs, taxonomy().country_id)
    with connection.cursor() as cursor:
        text_index().write(
            cursor, [(program.pk, document(program)) for program in programs]
        )
    return programs


def rebuild(stdout=None):
    """Rebuild every row from the visible programs, then refresh statistics."""
    total = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            text_index().clear(cursor)
            for model in [*THROUGH_MODELS, ProgramSearchEntry]:
                cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608
        for batch in ProgramPage.objects.visible().in_batches(BATCH_SIZE):
            total += len(_write(batch))
            if stdout:
                stdout.write(f"  {total} programs indexed")
    analyze()
    return total


def analyze(using="default"):
    """Refresh the query planner's statistics. A fresh SQLite database has none and
    then plans joins with the text index badly (see PERFORMANCE.md)."""
    database = connections[using]
    with database.cursor() as cursor:
        if database.vendor == "sqlite":
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA optimize")
        elif database.vendor == "postgresql":
            # VACUUM also sets the visibility map, so index-only scans stay
            # index-only after a bulk load; it cannot run inside a transaction.
            tables = ", ".join(
                [
                    model._meta.db_table
                    for model in [ProgramSearchEntry, *THROUGH_MODELS]
                ]
                + [PG_TABLE]
            )
            if database.in_atomic_block:
                cursor.execute("ANALYZE")
            else:
                cursor.execute(f"VACUUM (ANALYZE) {tables}")
                cursor.execute("ANALYZE")
