"""Finding a way to help (``/give/``): the query a friend, donor or volunteer asks,
parsed tolerantly like the patient search, what a result card shows, and the rules
every backend shares: which ways a place finds and in what order, and how each
says where it can be done (docs/ways-to-help.md).

A way to help is seen exactly when its program is: its search rows hang on the
program's search entry and are written with it (``search.rows``).
"""

import dataclasses
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directory.choices import HelpKind, HelpReach, VolunteerRole
from directory.program_fields import WAY_SPANISH_VALUES
from directory.taxonomy import taxonomy
from home.i18n import shown_in_default_language, translated
from search.backends.base import Facet, FacetValue, PagedResults, shown_needs
from search.filters import ProgramSearchFilterSet
from search.models import ProgramSearchEntry
from search.query import (
    MAX_PAGE,
    PAGE_SIZE,
    _all,
    _first,
    _int,
    parse_place,
    place_params,
)

FACET_LABELS = {
    "kind": _("How you can help"),
    "role": _("Volunteer role"),
    # Translators: the filter of needs on /give/ (ways to help with a need).
    "need": _("Help with"),
}

# Closeness of a way to the place searched, the order of results: in the county
# (or, for a state alone, in places named in it), anywhere in the state, wherever
# the organisation runs it in the US, from anywhere. With no place searched: in
# named places, nationwide, remote. Both backends compute it the same way
# (``database_give.closeness``, ``elasticsearch_give.CLOSENESS_SCRIPT``).
NEAR, STATEWIDE, NATIONWIDE, REMOTE = 0, 1, 2, 3


@dataclass(frozen=True)
class GiveQuery:
    """What a helper asked for, already validated: a place (a ZIP resolves to its
    state and county), kinds, volunteer roles and needs (a group slug means all its
    needs). Unknown values are dropped one by one; a bad ZIP becomes ``message``."""

    zip: str = ""
    state: str = ""  # USPS code, upper case
    county: str = ""  # county slug, only within ``state``
    kinds: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    # Only ways done so (HelpReach values); set by callers, never by the URL:
    # a page that knows no place asks for the ways done from anywhere.
    reaches: tuple[str, ...] = ()
    page: int = 1
    page_size: int = PAGE_SIZE
    message: str = dataclasses.field(default="", compare=False)

    @classmethod
    def from_params(cls, params):
        """Parse GET parameters (a QueryDict or dict): ``zip`` or ``state`` (and
        ``county``), ``kind``, ``role``, ``need`` (repeatable), ``page``."""
        tax = taxonomy()
        zip_code, state, county, message = parse_place(params)
        return cls(
            zip=zip_code,
            state=state,
            county=county,
            kinds=tuple(dict.fromkeys(HelpKind.parse(_all(params, "kind")))),
            roles=tuple(dict.fromkeys(VolunteerRole.parse(_all(params, "role")))),
            needs=tuple(tax.expand_needs(_all(params, "need"))),
            page=_int(_first(params, "page"), 1, MAX_PAGE) or 1,
            message=message,
        )

    def replace(self, **changes):
        return dataclasses.replace(self, **changes)

    def without(self, facet):
        """This query without one facet's own selection (for disjunctive counts)."""
        return self.replace(**{FACET_FIELDS[facet]: ()})

    @property
    def has_place(self):
        return bool(self.state)

    @property
    def place_label(self):
        """ "Travis County, TX", or "Texas" for a state alone; empty for no place."""
        if self.county:
            return county_label(self.state, self.county)
        return taxonomy().state_names.get(self.state, "")

    def to_params(self):
        """GET parameters that reproduce this query (for links)."""
        params = place_params(self.zip, self.state, self.county)
        params += [("kind", value) for value in self.kinds]
        params += [("role", value) for value in self.roles]
        params += [("need", slug) for slug in self.needs]
        if self.page > 1:
            params.append(("page", str(self.page)))
        return params


FACET_FIELDS = {"kind": "kinds", "role": "roles", "need": "needs"}


@dataclass(frozen=True)
class WayHit:
    """One way to help in the results, with what its card shows."""

    way_id: int
    program_id: int
    program_title: str
    program_url: str
    organisation: str
    kind: str
    kind_label: str
    role: str
    role_label: str
    next_step: str
    what: str
    condition_label: str
    send_to: str
    requirements: str
    reach: str
    where: str  # plain words: "In person in Ohio", "Near you: Travis County, TX"
    url: str
    needs_label: str
    is_demo_data: bool
    # The place searched, when the way is done there ("Travis County, TX").
    near: str = ""
    closeness: int = REMOTE
    # The way's Spanish, where written (the card reads it with the `text` filter).
    next_step_es: str = ""
    what_es: str = ""
    send_to_es: str = ""
    requirements_es: str = ""
    # The program's title is its English, standing in for the page's language.
    program_title_in_english: bool = False
    # Its English title, whatever the page's language (the share page's rules).
    program_title_english: str = ""


@dataclass
class GiveResults(PagedResults):
    query: GiveQuery
    hits: list[WayHit]
    total: int
    facets: dict[str, Facet]
    page: int
    degraded: bool = False


def programs_serving(program_ids, query):
    """The ids among ``program_ids`` of programs whose area takes people from the
    place of ``query`` (without a place: nationwide programs), as the patient
    search reads it, from the search rows every backend keeps (the database's,
    which answers when a cluster cannot)."""
    entries = ProgramSearchEntry.objects.filter(pk__in=program_ids)
    if not query.has_place:
        entries = entries.filter(nationwide=True)
    else:
        data = {"state": query.state, "county": query.county}
        entries = ProgramSearchFilterSet(data=data, queryset=entries).qs
    return set(entries.values_list("pk", flat=True))


def county_label(state, county):
    """ "Travis County, TX" for a county slug."""
    name = taxonomy().county_name(state, county)
    return f"{name}, {state}" if name else state


def where_label(reach, closeness, places_label, query):
    """Where a way can be done, in plain words, for the place searched."""
    if reach == HelpReach.PLACES and query.has_place:
        if closeness == NEAR and query.county:
            return gettext("Near you: %(place)s") % {"place": query.place_label}
        if closeness == STATEWIDE:
            return gettext("Near you: anywhere in %(state)s") % {
                "state": taxonomy().state_names[query.state]
            }
    return HelpReach.words(reach, places_label)


def near_label(closeness, query):
    """The place searched, for the card's first line, when the way is done there."""
    if query.has_place and closeness in (NEAR, STATEWIDE):
        return query.place_label
    return ""


def way_hit(way, program, closeness, query):
    """A result card from a way's search row and its program's (``way`` has the
    fields of ``WaySearchEntry``, ``program`` those of ``ProgramSearchEntry``, as
    model rows or documents)."""
    return WayHit(
        way_id=int(way.way_id),
        program_id=int(program.program_id),
        program_title=translated(program, "title"),
        program_title_in_english=shown_in_default_language(program, "title"),
        program_title_english=program.title,
        program_url=program.url,
        organisation=program.organisation_name,
        kind=way.kind,
        kind_label=HelpKind(way.kind).label,
        role=way.role or "",
        role_label=VolunteerRole(way.role).label if way.role else "",
        next_step=way.next_step,
        what=way.what or "",
        # Stored in English (one of ItemCondition's labels): shown in the page's.
        condition_label=gettext(way.condition_label) if way.condition_label else "",
        send_to=way.send_to or "",
        requirements=way.requirements or "",
        reach=way.reach,
        where=where_label(way.reach, closeness, way.places_label or "", query),
        url=way.url or "",
        needs_label=shown_needs(program.needs_label or ""),
        is_demo_data=bool(program.is_demo_data),
        near=near_label(closeness, query),
        closeness=closeness,
        **{name: getattr(way, name) for name in WAY_SPANISH_VALUES},
    )


def build_facets(query, kind_counts, role_counts, need_counts):
    """The three facets from raw counts keyed by kind, role and need slug."""
    needs = taxonomy().needs
    return {
        "kind": _facet("kind", HelpKind.choices, kind_counts, query.kinds),
        "role": _facet("role", VolunteerRole.choices, role_counts, query.roles),
        "need": _facet(
            "need",
            [(need.slug, need.label) for need in needs],
            need_counts,
            query.needs,
            groups=[need.group_label for need in needs],
        ),
    }


def _facet(name, choices, counts, selected, groups=None):
    groups = groups or [""] * len(choices)
    return Facet(
        name,
        FACET_LABELS[name],
        tuple(
            FacetValue(value, label, counts.get(value, 0), value in selected, group)
            for (value, label), group in zip(choices, groups, strict=True)
        ),
    )
