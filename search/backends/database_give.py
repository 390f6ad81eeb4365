"""``/give/`` on the database: ways to help from their narrow search rows
(``WaySearchEntry``, ``WaySearchPlace``), filtered with the ORM, ordered by the
closeness rule of ``search.give`` and counted with one ``GROUP BY`` per facet.
Five queries: the total, the page of hits, and the kind, role and need counts (two
without the counts)."""

from django.db.models import Case, Count, IntegerField, Q, Value, When

from directory.choices import HelpReach
from directory.taxonomy import taxonomy
from search.give import (
    NATIONWIDE,
    NEAR,
    REMOTE,
    STATEWIDE,
    GiveResults,
    build_facets,
    way_hit,
)
from search.models import ProgramSearchNeed, WaySearchEntry, WaySearchPlace


class DatabaseGive:
    """The ``give`` part of the database backend (mixed into it)."""

    def give(self, query, counts=True):
        current = ways_matching(query)
        total = current.count()
        page = self.clamp_page(query, total)
        hits = give_hits(query, current, page) if total else []
        if not counts:
            return GiveResults(query, hits, total, facets={}, page=page)
        tax = taxonomy()
        need_counts = {
            tax.need_by_id[need_id].slug: count
            for need_id, count in facet_counts(query, "need", "entry__needs__need_id")
            if need_id in tax.need_by_id
        }
        return GiveResults(
            query=query,
            hits=hits,
            total=total,
            facets=build_facets(
                query,
                dict(facet_counts(query, "kind", "kind")),
                dict(facet_counts(query, "role", "role")),
                need_counts,
            ),
            page=page,
        )


def ways_matching(query):
    """The ways of visible programs matching every filter of ``query``. Facets are
    ANDed, the values within one ORed."""
    ways = WaySearchEntry.objects.all()
    if query.kinds:
        ways = ways.filter(kind__in=query.kinds)
    if query.roles:
        ways = ways.filter(role__in=query.roles)
    if query.reaches:
        ways = ways.filter(reach__in=query.reaches)
    if query.needs:
        needs = taxonomy().need_slugs
        rows = ProgramSearchNeed.objects.filter(
            need_id__in=[needs[slug].id for slug in query.needs if slug in needs]
        )
        ways = ways.filter(entry_id__in=rows.values("entry_id"))
    if query.has_place:
        ways = ways.filter(
            Q(reach__in=[HelpReach.REMOTE, HelpReach.NATIONWIDE])
            | Q(pk__in=places_matching(query, near=False).values("way_id"))
            | Q(pk__in=places_matching(query, near=True).values("way_id"))
        )
    return ways


def places_matching(query, near):
    """Place rows of ways done near the place searched (``near``: in the county,
    or in named places of the state searched) or anywhere in its state."""
    tax = taxonomy()
    state_id = tax.state_id(query.state)
    if not near:
        return WaySearchPlace.objects.filter(region_id=state_id, whole_state=True)
    if query.county:
        county_id = tax.county_id(query.state, query.county)
        return WaySearchPlace.objects.filter(region_id=county_id)
    return WaySearchPlace.objects.filter(state_id=state_id, whole_state=False)


def facet_counts(query, facet, column):
    """(value, count) for one facet over the ways matching all but its own
    selection: one ``GROUP BY``."""
    ways = ways_matching(query.without(facet))
    # Only volunteer ways have a role; a program has at least one need.
    ways = ways.exclude(role="") if facet == "role" else ways
    return ways.values_list(column).annotate(count=Count("pk")).order_by()


def closeness(query):
    """NEAR... of ``search.give`` for each way."""
    places = When(reach=HelpReach.PLACES, then=Value(NEAR))
    if query.has_place:
        near = places_matching(query, near=True).values("way_id")
        places = When(pk__in=near, then=Value(NEAR))
    return Case(
        When(reach=HelpReach.REMOTE, then=Value(REMOTE)),
        When(reach=HelpReach.NATIONWIDE, then=Value(NATIONWIDE)),
        places,
        default=Value(STATEWIDE),
        output_field=IntegerField(),
    )


def give_hits(query, current, page):
    """One page of ways, nearest first, then by organisation and next step."""
    start = (page - 1) * query.page_size
    rows = (
        current.select_related("entry")
        .annotate(closeness=closeness(query))
        .order_by("closeness", "sort_organisation", "sort_next_step", "way_id")
    )[start : start + query.page_size]
    return [way_hit(row, row.entry, row.closeness, query) for row in rows]
