"""Bulk-create synthetic programs for benchmarks (see bench/README.md).

Wagtail pages are two tables (``wagtailcore_page`` + ``directory_programpage``) and
Django's ``bulk_create`` refuses multi-table models, so this command writes the page
rows itself: treebeard's materialised path under the directory page, ``url_path``,
content type, default locale, published flags; then the program rows, the many-to-many
rows, the parent's ``numchild``, and finally the search app's own tables
(``search.indexing.rebuild()``, which also runs ANALYZE).

Generated pages have no revisions, are not in Wagtail's own search index or reference
index, and send no signals. Their ``external_id`` starts with ``gen-`` and their
organisations' websites with ``https://gen-``: ``--clear`` removes exactly those. The
programs' values (vocabulary, weights, service areas) come from ``search.synthetic``.
"""

import random
import time
from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models.sql import InsertQuery
from django.utils import timezone

from wagtail.models import Locale, Page

from directory.models import DirectoryIndexPage, Organisation, ProgramPage
from directory.taxonomy import invalidate, taxonomy
from search.fulltext import fulltext_tables
from search.indexing import rebuild
from search.models import THROUGH_MODELS, ProgramSearchEntry
from search.synthetic import ORG_WEBSITE_PREFIX, PREFIX, SyntheticPrograms


def insert_rows(model, fields, objs):
    """INSERT ``objs`` into ``model``'s own table only (its ``fields``), as one
    statement run with many parameter rows: ``bulk_create`` refuses multi-table
    models, and this is faster than multi-row INSERTs capped at 999 parameters."""
    query = InsertQuery(model)
    query.insert_values(fields, objs[:1])
    compiler = query.get_compiler(connection=connection)
    ((sql, _),) = compiler.as_sql()
    rows = [
        [
            compiler.prepare_value(field, compiler.pre_save_val(field, obj))
            for field in fields
        ]
        for obj in objs
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


class Command(BaseCommand):
    help = (
        "Bulk-create N synthetic programs (external_id 'gen-…') under the directory "
        "page for benchmarks, then rebuild the search tables. Pages are inserted in "
        "bulk: no revisions, no Wagtail search or reference index, no signals. "
        "--clear removes previously generated programs and organisations."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=0, help="Programs to add.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed.")
        parser.add_argument(
            "--clear",
            action="store_true",
            help="First remove every generated program and organisation.",
        )
        parser.add_argument(
            "--organisations",
            type=int,
            default=300,
            help="Generated organisations to have (fewer for small counts).",
        )
        parser.add_argument("--batch-size", type=int, default=2000)

    def phase(self, name, started):
        elapsed = time.monotonic() - started
        self.timings.append((name, elapsed))
        self.stdout.write(f"  {name:<34} {elapsed:8.1f} s")
        return time.monotonic()

    def handle(self, *args, count, seed, clear, organisations, batch_size, **options):
        if count < 0:
            raise CommandError("--count must not be negative.")
        self.timings = []
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data
        begun = started = time.monotonic()
        directory = self.directory()
        started = self.phase("site tree", started)
        if clear:
            removed = self.clear(directory)
            started = self.phase(f"clear ({removed} programs)", started)
        if count:
            self.prepare()
            orgs = self.organisations(min(organisations, max(20, count // 20)))
            started = self.phase(f"organisations ({len(orgs)})", started)
            self.create(directory, orgs, count, batch_size)
            started = time.monotonic()
        if count or clear:
            total = rebuild(stdout=self.stdout if options["verbosity"] > 1 else None)
            started = self.phase(f"search tables + ANALYZE ({total})", started)
        self.stdout.write(
            f"Done in {time.monotonic() - begun:.1f} s: "
            f"{ProgramPage.objects.filter(external_id__startswith=PREFIX).count()} "
            f"generated programs, {ProgramPage.objects.count()} programs in all."
        )

    # --- Site tree and taxonomy --------------------------------------------------

    def directory(self):
        directory = DirectoryIndexPage.objects.first()
        if directory is None:
            self.stdout.write("No directory page: running load_initial_data first.")
            call_command("load_initial_data", stdout=self.stdout)
            directory = DirectoryIndexPage.objects.first()
        if directory is None:
            raise CommandError("load_initial_data did not create the directory page.")
        return directory

    def prepare(self):
        invalidate()
        tax = taxonomy()
        if not tax.needs or not tax.states:
            raise CommandError("No need categories or states: run migrate first.")
        self.synthetic = SyntheticPrograms(self.rng, tax)

    # --- Organisations -----------------------------------------------------------

    def organisations(self, wanted):
        generated = list(
            Organisation.objects.filter(website__startswith=ORG_WEBSITE_PREFIX)
        )
        if len(generated) >= wanted:
            return generated
        taken = set(Organisation.objects.values_list("name", flat=True))
        new = self.synthetic.organisations(
            wanted - len(generated), taken, start=len(generated)
        )
        Organisation.objects.bulk_create(new, batch_size=500)
        return list(Organisation.objects.filter(website__startswith=ORG_WEBSITE_PREFIX))

    # --- Programs ----------------------------------------------------------------

    def create(self, directory, orgs, count, batch_size):
        started = time.monotonic()
        page_ct = ContentType.objects.get_for_model(ProgramPage)
        locale = Locale.get_default()
        last = (
            Page.objects.filter(
                path__startswith=directory.path, depth=directory.depth + 1
            )
            .order_by("-path")
            .first()
        )
        position = last._get_lastpos_in_path() if last else 0
        latest = (
            ProgramPage.objects.filter(external_id__startswith=PREFIX)
            .order_by("-external_id")
            .values_list("external_id", flat=True)
            .first()
        )
        number = int(latest[len(PREFIX) :]) if latest else 0
        # Organisations run very different numbers of programs (Zipf-like).
        org_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(orgs))]
        needs_through = ProgramPage.need_categories.through
        regions_through = ProgramPage.regions.through
        program_fields = ProgramPage._meta.local_concrete_fields
        depth = directory.depth + 1
        now = timezone.now()
        timings = Counter()
        with transaction.atomic():
            for start in range(0, count, batch_size):
                size = min(batch_size, count - start)
                tick = time.monotonic()
                programs, need_rows, region_rows = [], [], []
                for _ in range(size):
                    position += 1
                    number += 1
                    org = self.rng.choices(orgs, weights=org_weights)[0]
                    program, needs, regions = self.synthetic.program(number, org, now)
                    program.path = Page._get_path(directory.path, depth, position)
                    program.depth = depth
                    program.url_path = f"{directory.url_path}{program.slug}/"
                    program.content_type_id = page_ct.pk
                    program.locale_id = locale.pk
                    programs.append((program, needs, regions))
                timings["build objects"] += time.monotonic() - tick
                tick = time.monotonic()
                pages = Page.objects.bulk_create(
                    [self.page_row(program) for program, _, _ in programs],
                    batch_size=500,
                )
                timings["insert wagtailcore_page"] += time.monotonic() - tick
                tick = time.monotonic()
                for page, (program, needs, regions) in zip(
                    pages, programs, strict=True
                ):
                    program.id = program.page_ptr_id = page.pk
                    need_rows += [
                        needs_through(programpage_id=page.pk, needcategory_id=need)
                        for need in needs
                    ]
                    region_rows += [
                        regions_through(programpage_id=page.pk, region_id=region)
                        for region in regions
                    ]
                insert_rows(ProgramPage, program_fields, [p for p, _, _ in programs])
                timings["insert directory_programpage"] += time.monotonic() - tick
                tick = time.monotonic()
                needs_through.objects.bulk_create(need_rows, batch_size=1000)
                regions_through.objects.bulk_create(region_rows, batch_size=1000)
                timings["insert needs + regions (M2M)"] += time.monotonic() - tick
                if (start + size) % 10_000 == 0:
                    self.stdout.write(f"    {start + size} / {count} programs")
            tick = time.monotonic()
            Page.objects.filter(pk=directory.pk).update(
                numchild=Page.objects.filter(
                    path__startswith=directory.path, depth=depth
                ).count()
            )
            timings["parent numchild"] += time.monotonic() - tick
        for name, seconds in timings.items():
            self.timings.append((name, seconds))
            self.stdout.write(f"  {name:<34} {seconds:8.1f} s")
        self.stdout.write(
            f"  {'programs total (' + str(count) + ')':<34} "
            f"{time.monotonic() - started:8.1f} s"
        )

    @staticmethod
    def page_row(program):
        """The ``wagtailcore_page`` row of a program (fields Page declares)."""
        return Page(
            **{
                field.attname: getattr(program, field.attname)
                for field in Page._meta.concrete_fields
                if not field.primary_key
            }
        )

    # --- Clearing ------------------------------------------------------------------

    def clear(self, directory):
        """Remove generated programs with plain deletes (they have no revisions,
        log entries or index rows), then generated organisations without programs.
        Generated programs a curator has since edited are deleted the Wagtail way."""
        generated = ProgramPage.objects.filter(external_id__startswith=PREFIX)
        edited = list(generated.filter(latest_revision__isnull=False))
        for page in edited:
            page.delete()
        ids = list(generated.values_list("pk", flat=True))
        needs_through = ProgramPage.need_categories.through
        regions_through = ProgramPage.regions.through
        with transaction.atomic():
            if ids:
                # The search tables are rebuilt afterwards: empty them now so no row
                # points at a page about to go.
                with connection.cursor() as cursor:
                    for table in fulltext_tables().values():
                        table.clear(cursor)
                for model in [*THROUGH_MODELS, ProgramSearchEntry]:
                    model.objects.all()._raw_delete(model.objects.db)
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                for model in (needs_through, regions_through):
                    model.objects.filter(programpage_id__in=chunk)._raw_delete(
                        model.objects.db
                    )
                ProgramPage._base_manager.filter(pk__in=chunk)._raw_delete(
                    ProgramPage.objects.db
                )
                Page.objects.filter(pk__in=chunk)._raw_delete(Page.objects.db)
            Page.objects.filter(pk=directory.pk).update(
                numchild=Page.objects.filter(
                    path__startswith=directory.path, depth=directory.depth + 1
                ).count()
            )
            Organisation.objects.filter(
                website__startswith=ORG_WEBSITE_PREFIX, programs__isnull=True
            ).delete()
        return len(ids) + len(edited)
