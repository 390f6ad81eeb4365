"""The patient search filters (django-filter) over the search tables."""

import django_filters

from django.db.models import Q

from directory.choices import HelpType, Language
from directory.taxonomy import taxonomy
from search.models import (
    ProgramSearchCounty,
    ProgramSearchEntry,
    ProgramSearchHelp,
    ProgramSearchLanguage,
    ProgramSearchNeed,
    ProgramSearchState,
)
from search.query import FLAG_FIELDS


def _need_choices():
    return [(need.slug, need.name) for need in taxonomy().needs]


def _state_choices():
    return [(code, name) for code, name, _ in taxonomy().states]


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
    open_now = django_filters.BooleanFilter(method="filter_flag")
    self_apply = django_filters.BooleanFilter(method="filter_flag")
    lang = django_filters.ChoiceFilter(choices=Language.choices, method="filter_lang")
    age = django_filters.NumberFilter(method="filter_age")
    nationwide = django_filters.BooleanFilter(method="filter_flag")

    class Meta:
        model = ProgramSearchEntry
        fields = []

    # Slugs and codes become ids here (from the cached taxonomy) so the subqueries
    # read one narrow table each and the planner can use its value statistics.

    def filter_need(self, queryset, name, slugs):
        needs = taxonomy().need_slugs
        ids = [needs[slug].id for slug in slugs if slug in needs]
        rows = ProgramSearchNeed.objects.filter(need_id__in=ids)
        return queryset.filter(pk__in=rows.values("entry_id"))

    def filter_help(self, queryset, name, values):
        helps = ProgramSearchHelp.objects.filter(help_type__in=values)
        return queryset.filter(pk__in=helps.values("entry_id"))

    def filter_location(self, queryset, name, state):
        """Nationwide, the whole state, or (given a county) that county; with a state
        and no county, programs serving only some of its counties match too."""
        tax = taxonomy()
        state_ids = [tax.state_id(state), tax.country_id]
        places = ProgramSearchState.objects.filter(state_id__in=state_ids)
        county = self.form.cleaned_data.get("county")
        county_id = tax.county_id(state, county) if county else None
        if county_id is None:
            return queryset.filter(pk__in=places.values("entry_id"))
        counties = ProgramSearchCounty.objects.filter(county_id=county_id)
        return queryset.filter(
            Q(pk__in=places.filter(whole_state=True).values("entry_id"))
            | Q(pk__in=counties.values("entry_id"))
        )

    def filter_county(self, queryset, name, value):
        return queryset  # applied with the state, in filter_location

    def filter_flag(self, queryset, name, value):
        if not value:
            return queryset
        column, wanted = FLAG_FIELDS.get(name, (name, True))
        return queryset.filter(**{column: wanted})

    def filter_lang(self, queryset, name, value):
        languages = ProgramSearchLanguage.objects.filter(language=value)
        return queryset.filter(pk__in=languages.values("entry_id"))

    def filter_age(self, queryset, name, value):
        return queryset.filter(
            Q(min_age__isnull=True) | Q(min_age__lte=value),
            Q(max_age__isnull=True) | Q(max_age__gte=value),
        )
