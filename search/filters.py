"""The patient search filters (django-filter) over the search tables."""

from functools import reduce
from operator import or_

import django_filters

from django.db import connection
from django.db.models import Q

from directory.choices import HelpType, Language
from directory.taxonomy import taxonomy
from search.models import (
    ProgramSearchCounty,
    ProgramSearchEntry,
    ProgramSearchHelp,
    ProgramSearchLanguage,
    ProgramSearchNeed,
    ProgramSearchReach,
    ProgramSearchState,
)
from search.query import FLAG_FIELDS


def _need_choices():
    return [(need.slug, need.name) for need in taxonomy().needs]


def _state_choices():
    return [(code, name) for code, name, _ in taxonomy().states]


def on_entry(queryset, lookup, value):
    """A Q for ``lookup`` on the entry (``pk__in``, a column) of ``queryset``'s
    rows: the entries themselves, or a through table's rows (via ``entry``)."""
    if queryset.model is not ProgramSearchEntry:
        if lookup.startswith("pk__"):
            lookup = "entry_id__" + lookup.removeprefix("pk__")
        else:
            lookup = f"entry__{lookup}"
    return Q(**{lookup: value})


def any_of(queryset, lists):
    """Rows of ``queryset`` whose entry is in any of these id lists. SQLite reads
    one list (UNION ALL) by entry instead of testing every row against each;
    PostgreSQL tests each row against hashed lists (``IN … OR IN …``) faster than
    it joins a union (docs/search.md, "Performance traps")."""
    first, *others = lists
    if connection.vendor == "sqlite" and others:
        return on_entry(queryset, "pk__in", first.union(*others, all=True))
    return reduce(or_, (on_entry(queryset, "pk__in", ids) for ids in lists))


class ProgramSearchFilterSet(django_filters.FilterSet):
    """The patient search filters over the search tables. Values within a facet are
    ORed, facets are ANDed; each filter is an id subquery on a narrow table, so the
    wide page tables are never read. ``search.query.SearchQuery`` builds the data
    after dropping unknown values one by one."""

    need = django_filters.MultipleChoiceFilter(
        choices=_need_choices, method="filter_need"
    )
    help = django_filters.MultipleChoiceFilter(
        choices=HelpType.choices, method="filter_help"
    )
    state = django_filters.ChoiceFilter(
        choices=_state_choices, method="filter_location"
    )
    county = django_filters.CharFilter(method="filter_county")
    for_mbc = django_filters.BooleanFilter(method="filter_flag")
    maintenance_ok = django_filters.BooleanFilter(method="filter_flag")
    maintenance_confirmed = django_filters.BooleanFilter(method="filter_flag")
    open_now = django_filters.BooleanFilter(method="filter_flag")
    self_apply = django_filters.BooleanFilter(method="filter_flag")
    lang = django_filters.ChoiceFilter(choices=Language.choices, method="filter_lang")
    age = django_filters.NumberFilter(method="filter_age")
    nationwide = django_filters.BooleanFilter(method="filter_flag")
    treated = django_filters.CharFilter(method="filter_treated")

    class Meta:
        model = ProgramSearchEntry
        fields = []

    def without(self, *names, rows=None):
        """The entries matching every filter but these (a facet's own, for its
        disjunctive counts). Building a FilterSet deep-copies its filters and cleans
        a form, so a search builds one and asks it for each facet.

        Given ``rows`` (a queryset of a through table), the rows whose entry
        matches instead: the id subqueries test the rows' ``entry_id`` directly,
        not the ids of a subquery over the entries (one id list fewer to build:
        a Texas search's need counts at 100k on SQLite, 27 → 18 ms)."""
        self.errors  # noqa: B018 - cleans the form, as ``qs`` does
        cleaned = self.form.cleaned_data
        self.form.cleaned_data = {
            name: value for name, value in cleaned.items() if name not in names
        }
        try:
            return self.filter_queryset(self.queryset.all() if rows is None else rows)
        finally:
            self.form.cleaned_data = cleaned

    # Slugs and codes become ids here (from the cached taxonomy) so the subqueries
    # read one narrow table each and the planner can use its value statistics.

    def filter_need(self, queryset, name, slugs):
        rows = ProgramSearchNeed.objects.filter(need_id__in=taxonomy().need_ids(slugs))
        return queryset.filter(on_entry(queryset, "pk__in", rows.values("entry_id")))

    def filter_help(self, queryset, name, values):
        helps = ProgramSearchHelp.objects.filter(help_type__in=values)
        return queryset.filter(on_entry(queryset, "pk__in", helps.values("entry_id")))

    def filter_location(self, queryset, name, state):
        """Nationwide, the whole state, or (given a county) that county or parts of
        the state the program does not name; with a state and no county, programs
        serving only some of it match too. Help given at a place is "served" in the
        counties near the place (``search.rows``); with ``treated`` it is found
        near the treatment too."""
        tax = taxonomy()
        places = ProgramSearchState.objects.filter(
            state_id__in=tax.serving_state_ids(state)
        )
        county = self.form.cleaned_data.get("county")
        county_id = tax.county_id(state, county) if county else None
        if county_id is None:
            lists = [places.values("entry_id")]
        else:
            counties = ProgramSearchCounty.objects.filter(county_id=county_id)
            statewide = places.filter(Q(whole_state=True) | Q(unnamed_parts=True))
            lists = [statewide.values("entry_id"), counties.values("entry_id")]
        if self.form.cleaned_data.get("treated"):
            lists.append(self.treated_near())
        return queryset.filter(any_of(queryset, lists))

    def treated_near(self):
        """Ids of the entries of place-bound programs near where the person is
        treated."""
        state, _, county = (self.form.cleaned_data.get("treated") or "").partition(":")
        tax = taxonomy()
        county_id = tax.county_id(state, county) if county else None
        if county_id is not None:
            reach = ProgramSearchReach.objects.filter(county_id=county_id)
        else:
            reach = ProgramSearchReach.objects.filter(state_id=tax.state_id(state))
        return reach.values("entry_id")

    def filter_treated(self, queryset, name, value):
        """With no home place: help given at a place only near the treatment
        (with one, ``filter_location`` adds it as an alternative)."""
        if not value or self.form.cleaned_data.get("state"):
            return queryset
        return queryset.filter(
            on_entry(queryset, "place_bound", False)
            | on_entry(queryset, "pk__in", self.treated_near())
        )

    def filter_county(self, queryset, name, value):
        return queryset  # applied with the state, in filter_location

    def filter_flag(self, queryset, name, value):
        if not value:
            return queryset
        column, wanted = FLAG_FIELDS.get(name, (name, True))
        return queryset.filter(on_entry(queryset, column, wanted))

    def filter_lang(self, queryset, name, value):
        languages = ProgramSearchLanguage.objects.filter(language=value)
        return queryset.filter(
            on_entry(queryset, "pk__in", languages.values("entry_id"))
        )

    def filter_age(self, queryset, name, value):
        return queryset.filter(
            on_entry(queryset, "min_age__isnull", True)
            | on_entry(queryset, "min_age__lte", value),
            on_entry(queryset, "max_age__isnull", True)
            | on_entry(queryset, "max_age__gte", value),
        )
