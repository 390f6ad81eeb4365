"""The default backend: the database alone. Filters come from the django-filter
FilterSet as id subqueries over narrow search tables, text from the database's own
full-text index, and each facet's counts from one ``GROUP BY`` over its through table
(see PERFORMANCE.md for why these shapes)."""

from django.db.models import Case, Count, IntegerField, Q, Value, When

from directory.filters import ProgramSearchFilterSet
from directory.models import (
    ProgramSearchCounty,
    ProgramSearchEntry,
    ProgramSearchHelp,
    ProgramSearchNeed,
    ProgramSearchState,
)
from directory.taxonomy import taxonomy
from search.backends.base import (
    NATIONWIDE,
    NEAR,
    STATEWIDE,
    SearchBackend,
    SearchResults,
    hit_from_entry,
)
from search.query import BOOLEAN_FILTERS
from search.text import text_index


class DatabaseSearchBackend(SearchBackend):
    """Searches with five queries: hits, total with the yes/no facet counts, and one
    ``GROUP BY`` each for needs, states and help types."""

    name = "database"

    def search(self, query):
        current = self.matching(query)
        totals = current.aggregate(
            total=Count("pk"),
            for_mbc=Count("pk", filter=Q(for_mbc=True)),
            maintenance_ok=Count("pk", filter=Q(maintenance_ok=True)),
            open_now=Count("pk", filter=Q(is_closed=False)),
            self_apply=Count("pk", filter=Q(self_apply=True)),
        )
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
        need_counts = {
            tax.need_by_id[need_id].slug: count
            for need_id, count in self.counts(
                ProgramSearchNeed, "need_id", query, "need"
            )
            if need_id in tax.need_by_id
        }
        states = {**tax.state_by_id, tax.country_id: "US"}
        state_counts = {
            states[state_id]: count
            for state_id, count in self.counts(
                ProgramSearchState, "state_id", query, "state"
            )
            if state_id in states
        }
        help_counts = dict(self.counts(ProgramSearchHelp, "help_type", query, "help"))
        return SearchResults(
            query=query,
            hits=hits,
            total=total,
            facets=self.build_facets(
                query, need_counts, state_counts, help_counts, flag_counts
            ),
            page=page,
        )

    def count(self, query):
        """Just the number of results (for empty-state suggestions)."""
        return self.matching(query).count()

    def matching(self, query):
        """Entries matching every filter and the text; ``None``-free queryset."""
        queryset = ProgramSearchFilterSet(
            data=query.filter_data(), queryset=ProgramSearchEntry.objects.all()
        ).qs
        if query.terms:
            queryset = queryset.filter(pk__in=text_index().ids(query.terms))
        return queryset

    def counts(self, model, column, query, facet):
        """(value, count) for one facet over the results without its own selection."""
        rows = model.objects.all()
        base = query.without(facet)
        if base.filter_data() or base.terms:
            rows = rows.filter(entry_id__in=self.matching(base).values("pk"))
        return rows.values_list(column).annotate(count=Count("entry_id")).order_by()

    def hits(self, query, current, page):
        queryset = current
        sort = query.effective_sort
        order = ["is_closed"]
        if sort == "relevance":
            queryset = text_index().ranked(queryset, query.terms)
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
