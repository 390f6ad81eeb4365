"""The default backend: the database alone. Filters come from the django-filter
FilterSet as id subqueries over narrow search tables, text from the database's own
full-text tables, and each facet's counts from the worker's bitmaps
(``search.bitmaps``) over the ids of the results, or, with ``SEARCH_FACET_BITMAPS``
off, from one ``GROUP BY`` over its through table (docs/search.md says why these
shapes).

Writes happen inside the caller's transaction (same database), so a publish that
rolls back leaves the search tables as they were. ``rebuild()`` also refreshes the
planner statistics that SQLite needs to plan joins with the full-text table well.
"""

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import Case, Count, IntegerField, Q, Value, When

from directory.models import ProgramPage
from directory.taxonomy import taxonomy
from search import bitmaps, count_cache
from search.backends.base import (
    NATIONWIDE,
    NEAR,
    STATEWIDE,
    CheckReport,
    SearchBackend,
    hit_from_entry,
)
from search.backends.database_give import DatabaseGive
from search.filters import ProgramSearchFilterSet, on_entry
from search.fulltext import (
    PG_TABLE,
    PG_TABLE_ES,
    TEXT_COLUMNS,
    document,
    fulltext_table,
    fulltext_tables,
)
from search.models import (
    FACET_ROWS,
    THROUGH_MODELS,
    ProgramSearchCounty,
    ProgramSearchEntry,
    ProgramSearchNeed,
    ProgramSearchState,
    SearchWord,
)
from search.query import BOOLEAN_FILTERS, FLAG_FIELDS
from search.rows import build_rows, with_ways, write_rows
from search.words import stem, vocabulary_words

BATCH_SIZE = 1000

# The FilterSet filters holding each facet's own selection (``SearchQuery.without``).
FACET_FILTERS = {
    "need": ("need",),
    "help": ("help",),
    "state": ("state", "county"),
    **{name: (name,) for name in BOOLEAN_FILTERS},
}


class DatabaseSearchBackend(DatabaseGive, SearchBackend):
    """Searches with the hits and the ids of the results, and of the results
    without each facet that has a choice (none of these when the bitmaps hold the
    filters); with the bitmaps off, five queries: hits, total with the yes/no facet
    counts, and one ``GROUP BY`` each for needs, states and help types. One more
    when every word together matched too few programs and any word is searched
    instead."""

    def search_uncached(self, query):
        """As every backend (too few programs with every word: any of them), with
        one query for the all-words total instead of a whole search."""
        filters = self.filterset(query)
        tally = bitmaps.tally()
        current = self.matching(query, filters)
        totals = self.totals(query, current, tally)
        broader = self.broadened(query, totals["total"])
        if broader is not None:
            # The same filters: only the words are read differently.
            wider = self.matching(broader, filters)
            loose = self.totals(broader, wider, tally)
            if loose["total"] > totals["total"]:
                query, current, totals = broader, wider, loose
        return self.answer(query, current, totals, filters, tally)

    @staticmethod
    def totals(query, current, tally=None):
        """The total and the yes/no facet counts of ``current`` (the entries
        matching ``query``): from the bitmaps given a ``tally``, else in one
        query."""
        if tally is not None:
            return tally.totals(current, query)
        # COUNT(1), not COUNT(program_id): SQLite then reads only the flag for
        # each count (a third less time at 100k; Django allows no COUNT(*) FILTER).
        return current.aggregate(
            total=Count("*"),
            **{
                name: Count(Value(1), filter=Q(**{column: wanted}))
                for name, (column, wanted) in FLAG_FIELDS.items()
            },
        )

    def answer(self, query, current=None, totals=None, filters=None, tally=None):
        filters = filters or self.filterset(query)
        if current is None:
            # Asked alone (Elasticsearch's fallback): this search's own tally.
            tally = bitmaps.tally()
            current = self.matching(query, filters)
        totals = dict(totals or self.totals(query, current, tally))
        total = totals.pop("total")
        # A selected yes/no filter's count is the current total (adding it again
        # changes nothing); an unselected one counts the current results having it.
        flag_counts = {
            name: total if getattr(query, name) else totals[name]
            for name in BOOLEAN_FILTERS
        }
        page = self.clamp_page(query, total)
        hits = self.hits(query, current, page) if total else []
        tax = taxonomy()

        def counts(facet):
            return self.counts(facet, query, filters, current, tally)

        need_counts = {
            tax.need_by_id[need_id].slug: count
            for need_id, count in counts("need")
            if need_id in tax.need_by_id
        }
        states = {**tax.state_by_id, tax.country_id: "US"}
        state_counts = {
            states[state_id]: count
            for state_id, count in counts("state")
            if state_id in states
        }
        help_counts = dict(counts("help"))
        return self.results(
            query,
            hits,
            total,
            page,
            counts=(need_counts, state_counts, help_counts, flag_counts),
        )

    def count(self, query):
        """Just the number of results (for empty-state suggestions), remembered
        like searches without words (``search.count_cache``)."""
        return count_cache.remember(
            (type(self).__name__, "count"),
            query.replace(page=1, sort=""),
            lambda: self.count_uncached(query),
        )

    def count_uncached(self, query):
        total = self.matching(query).count()
        broader = self.broadened(query, total)
        return max(total, self.matching(broader).count()) if broader else total

    @staticmethod
    def filterset(query):
        """The query's filters, built once per search (see ``matching``)."""
        return ProgramSearchFilterSet(
            data=query.filter_data(), queryset=ProgramSearchEntry.objects.all()
        )

    def matching(self, query, filters=None, without=(), rows=None):
        """Entries matching every filter and the words (or a need they name).
        ``filters`` is ``filterset(query)`` (of this query's filters: the words may
        differ) when the caller has it; ``without`` names filters left out. Given
        ``rows`` (a through table's), its rows of those entries."""
        filters = filters or self.filterset(query)
        if without or rows is not None:
            queryset = filters.without(*without, rows=rows)
        else:
            queryset = filters.qs
        if query.terms:
            ids = text_table(query).ids(*text_match(query))
            queryset = queryset.filter(on_entry(queryset, "pk__in", ids))
        return queryset

    def counts(self, facet, query, filters, current, tally=None):
        """(value, count) for one facet over the results without its own selection
        (``filters``: the query's FilterSet, asked without the facet's filters):
        from the bitmaps given a ``tally``, else one ``GROUP BY`` over the facet's
        own rows, each filter an id subquery on them."""
        base = query.without(facet)
        if tally is not None:
            if base != query:
                current = self.matching(query, filters, FACET_FILTERS[facet])
            return tally.counts(facet, current, base)
        model, column = FACET_ROWS[facet]
        rows = model.objects.all()
        if base.filter_data() or base.terms:
            rows = self.matching(query, filters, FACET_FILTERS[facet], rows=rows)
        return rows.values_list(column).annotate(count=Count("entry_id")).order_by()

    def hits(self, query, current, page):
        queryset = current
        sort = query.effective_sort
        order = ["is_closed"]
        if sort == "relevance":
            queryset = text_table(query).ranked(queryset, *text_match(query))
            # Programs of the needs the words name, and programs whose title has
            # every word, first (both: first of all); then by their text.
            queryset = queryset.annotate(named=self.named(query))
            order.append("-named")
            if query.any_word:
                # Matching more of the words first.
                queryset = queryset.annotate(words_matched=self.words_matched(query))
                order.append("-words_matched")
            order.append("rank")
        if query.state:
            queryset = queryset.annotate(closeness=self.closeness(query))
            if sort in {"relevance", "closest"}:
                order.append("closeness")
        if sort == "name":
            order += ["sort_title", "program_id"]
        else:
            order += ["-verified_rank", "sort_title", "program_id"]
        start = (page - 1) * query.page_size
        rows = queryset.order_by(*order)[start : start + query.page_size]
        return [
            hit_from_entry(row, query, getattr(row, "closeness", None)) for row in rows
        ]

    @staticmethod
    def named(query):
        """1 for a program in a need the words name, 1 for its title having every
        word: 0 to 2."""
        in_title = Case(
            When(pk__in=text_table(query).title_ids(query.terms), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        if not query.word_needs:
            return in_title
        rows = ProgramSearchNeed.objects.filter(
            need_id__in=taxonomy().need_ids(query.word_needs)
        )
        in_need = Case(
            When(pk__in=rows.values("entry_id"), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        return in_need + in_title

    @staticmethod
    def words_matched(query):
        """How many of the words a program's text has (one subquery per word)."""
        table = text_table(query)
        return sum(
            (
                Case(
                    When(pk__in=table.ids([term]), then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
                for term in query.terms
            ),
            Value(0),
        )

    def closeness(self, query):
        tax = taxonomy()
        if query.county:
            county_id = tax.county_id(query.state, query.county)
            in_county = ProgramSearchCounty.objects.filter(county_id=county_id)
            return Case(
                When(pk__in=in_county.values("entry_id"), then=Value(NEAR)),
                When(nationwide=True, then=Value(NATIONWIDE)),
                default=Value(STATEWIDE),
                output_field=IntegerField(),
            )
        whole_state = ProgramSearchState.objects.filter(
            state_id=tax.state_id(query.state), whole_state=True
        )
        return Case(
            When(nationwide=True, then=Value(NATIONWIDE)),
            When(pk__in=whole_state.values("entry_id"), then=Value(STATEWIDE)),
            default=Value(NEAR),
            output_field=IntegerField(),
        )

    # --- Writing ---

    def index_programs(self, ids):
        pages = list(ProgramPage.objects.filter(pk__in=list(ids)).with_details())
        visible = [page for page in pages if page.is_visible()]
        hidden = {*ids} - {page.pk for page in visible}
        with transaction.atomic():
            if hidden:
                self.remove_programs(hidden)
            if visible:
                self._write(visible)
            count_cache.bump(programs=ids)

    def remove_programs(self, ids):
        ids = list(ids)
        with transaction.atomic(), connection.cursor() as cursor:
            for table in fulltext_tables().values():
                table.remove(cursor, ids)
            ProgramSearchEntry.objects.filter(program_id__in=ids).delete()
            count_cache.bump(programs=ids)

    def _write(self, programs):
        """Write the rows and text of these programs (all visible), and add their
        words to the vocabulary; returns them."""
        programs = list(programs)
        write_rows(programs, taxonomy().country_id)
        documents = [(program.pk, document(program)) for program in programs]
        with connection.cursor() as cursor:
            for language, table in fulltext_tables().items():
                table.write(
                    cursor,
                    documents
                    if language == settings.LANGUAGE_CODE
                    else [
                        (program.pk, document(program, language))
                        for program in programs
                    ],
                )
        words = vocabulary_words(
            doc[column] for _, doc in documents for column in TEXT_COLUMNS[:4]
        )
        SearchWord.objects.bulk_create(
            [SearchWord(word=word, stem=stem(word)) for word in sorted(words)],
            ignore_conflicts=True,
            batch_size=BATCH_SIZE,
        )
        return programs

    def rebuild(self, stdout=None):
        """Rebuild every row from the visible programs, then refresh statistics."""
        total = 0
        with transaction.atomic():
            with connection.cursor() as cursor:
                for table in fulltext_tables().values():
                    table.clear(cursor)
                for model in [*THROUGH_MODELS, ProgramSearchEntry, SearchWord]:
                    cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608
            for batch in ProgramPage.objects.visible().in_batches(BATCH_SIZE):
                total += len(self._write(batch))
                if stdout:
                    stdout.write(f"  {total} programs indexed")
            count_cache.bump()
        self.refresh_statistics()
        return total

    def check(self):
        """Visible programs without rows, rows (or text) of programs no longer
        visible, and rows that differ from what the program would give now or have
        lost their text."""
        country_id = taxonomy().country_id
        stored = set(ProgramSearchEntry.objects.values_list("program_id", flat=True))
        report = CheckReport()
        expected = set()
        for batch in ProgramPage.objects.visible().in_batches(BATCH_SIZE):
            batch = with_ways(batch)
            expected |= {page.pk for page in batch}
            current = stored_rows([page.pk for page in batch])
            for page in batch:
                if page.pk in stored and current[page.pk] != row_values(
                    *build_rows(page, country_id)
                ):
                    report.stale.append(page.pk)
        with connection.cursor() as cursor:
            texts = [table.stored_ids(cursor) for table in fulltext_tables().values()]
        in_every_text = set.intersection(*texts)
        report.stale = sorted({*report.stale, *(expected & stored) - in_every_text})
        report.missing = sorted(expected - stored)
        report.extra = sorted((stored | set.union(*texts)) - expected)
        return report

    def refresh_statistics(self, using="default"):
        """Refresh the query planner's statistics. A fresh SQLite database has none
        and then plans joins with the full-text table badly."""
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
                    + [PG_TABLE, PG_TABLE_ES]
                )
                if database.in_atomic_block:
                    cursor.execute("ANALYZE")
                else:
                    cursor.execute(f"VACUUM (ANALYZE) {tables}")
                    cursor.execute("ANALYZE")


def text_table(query):
    """The full-text table of the language the query's words are read in."""
    return fulltext_table(language=query.words_language)


def text_match(query):
    """(terms, needs, any_word) of a query for the full-text table."""
    return query.terms, query.word_needs, query.any_word


def row_values(entry, rows):
    """An entry and its through rows as comparable values."""
    fields = [f.attname for f in ProgramSearchEntry._meta.concrete_fields]
    return (
        tuple(getattr(entry, name) for name in fields),
        frozenset(_through_key(row) for row in rows),
    )


def _through_key(row):
    names = [f.attname for f in row._meta.concrete_fields if f.attname != "entry_id"]
    return (type(row).__name__, *(getattr(row, name) for name in names))


def stored_rows(ids):
    """{program id: row_values(...)} for the stored rows of these programs."""
    entries = ProgramSearchEntry.objects.in_bulk(ids)
    rows = {pk: [] for pk in entries}
    for model in THROUGH_MODELS:
        for row in model.objects.filter(entry_id__in=ids):
            rows[row.entry_id].append(row)
    return {pk: row_values(entry, rows[pk]) for pk, entry in entries.items()}
