"""The search interface every backend implements. Reading: a ``SearchQuery`` in,
``SearchResults`` (hits, total, facets with counts, a ``degraded`` flag) out.
Writing: index or remove programs by id, rebuild everything, check against the
database. ``search.indexing`` hands every change to every configured backend."""

import abc
import dataclasses
import datetime
import itertools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext, gettext_lazy

from directory.choices import ApplicationStatus, HelpType, TreatmentRequirement
from directory.taxonomy import taxonomy
from home.i18n import page_language
from search import count_cache
from search.query import BOOLEAN_FILTERS, SearchQuery

if TYPE_CHECKING:
    from search.give import GiveQuery, GiveResults


@dataclass(frozen=True)
class Hit:
    """One program in the results, with what a result card shows."""

    program_id: int
    title: str
    url: str
    organisation: str
    summary: str
    award: str
    area: str
    needs: str
    is_closed: bool
    application_status: str
    treatment_requirement: str
    last_verified_at: datetime.date | None
    is_demo_data: bool
    # "Texas" when the search is for a state that this program serves only in part.
    serves_part_of: str = ""
    # Which of title, summary and award show their English on a page in another
    # language (no translation written yet): the card marks them lang="en".
    in_english: frozenset = frozenset()

    @property
    def treatment_label(self):
        return TreatmentRequirement(self.treatment_requirement).label

    @property
    def application_label(self):
        if self.is_closed and self.application_status != ApplicationStatus.CLOSED:
            return gettext("Not taking applications while the program is paused")
        return ApplicationStatus(self.application_status).label


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    group: str = ""


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    values: tuple[FacetValue, ...]


class PagedResults:
    """What a page of results knows of the pages (from ``total`` and the query's
    ``page_size``), for the patient search and /give/ alike."""

    @property
    def num_pages(self):
        size = self.query.page_size
        return max(1, (self.total + size - 1) // size)


@dataclass
class SearchResults(PagedResults):
    query: SearchQuery
    hits: list[Hit]
    total: int
    facets: dict[str, Facet]
    page: int
    degraded: bool = False


# Fewer results than this for all the words: search for any of them.
FEW_RESULTS = 3

# Closeness of a program to the place searched: the county (or, for a state, part of
# it), the whole state, the country.
NEAR, STATEWIDE, NATIONWIDE = 0, 1, 2


def hit_from_entry(entry, query, closeness=None):
    """A result card from a program's search entry. ``closeness`` (see NEAR...) tells
    whether it serves only part of the state searched."""
    part_of = ""
    # Help given at a place is listed where it reaches, not as "parts of" a state.
    if query.state and not query.county and closeness == NEAR and not entry.place_bound:
        part_of = taxonomy().state_names.get(query.state, "")
    text, in_english = card_text(entry)
    return Hit(
        program_id=entry.program_id,
        url=entry.url,
        organisation=entry.organisation_name,
        **text,
        needs=shown_needs(entry.needs_label),
        is_closed=entry.is_closed,
        application_status=entry.application_status,
        treatment_requirement=entry.treatment_requirement,
        last_verified_at=entry.last_verified_at,
        is_demo_data=entry.is_demo_data,
        serves_part_of=part_of,
        in_english=in_english,
    )


CARD_TEXT = ("title", "summary", "award")


def card_text(entry):
    """({title, summary, award, area}, the names of those shown in English) of a
    search entry, in the page's language."""
    text = {name: getattr(entry, name) for name in CARD_TEXT}
    language = page_language()
    if language == settings.LANGUAGE_CODE:
        return {**text, "area": entry.area_label}, frozenset()
    in_english = set()
    for name in CARD_TEXT:
        if written := getattr(entry, f"{name}_{language}", ""):
            text[name] = written
        elif text[name]:
            in_english.add(name)
    area = getattr(entry, f"area_label_{language}", "") or shown_area(entry.area_label)
    return {**text, "area": area}, frozenset(in_english)


def _phrase(message):
    """A pattern matching the English ``message`` with any text for its
    placeholders, which it names: "Parts of %(state)s" matches "Parts of Ohio"."""
    parts = re.split(r"%\((\w+)\)s", message)
    pattern = "".join(
        f"(?P<{part}>.+)" if odd else re.escape(part)
        for odd, part in zip(itertools.cycle((False, True)), parts)
    )
    return re.compile(f"^{pattern}$")


# The site's own phrases in a stored area (``ProgramPage.area_served`` writes the
# search rows in English), to show in the reader's language.
AREA_PHRASES = [
    (_phrase(message), message)
    for message in (
        "Anywhere in the United States",
        "Across the US where a local site exists — check yours",
        "%(area)s — check yours",
        "Parts of %(state)s — ask which areas",
    )
]


def shown_area(label):
    """A stored area in the reader's language: the site's phrases ("Anywhere in
    the United States", "Parts of Texas — ask which areas") translated, places and
    curators' words as written."""
    pieces = []
    for piece in label.split("; "):
        for pattern, message in AREA_PHRASES:
            if found := pattern.match(piece):
                piece = gettext(message) % found.groupdict()
                break
        pieces.append(piece)
    return "; ".join(pieces)


def shown_needs(label):
    """A stored list of needs ("Gas cards, Rides to treatment", the English names)
    in the reader's language; as stored where a name is no longer known."""
    if page_language() == settings.LANGUAGE_CODE:
        return label
    by_name = taxonomy().needs_by_name  # longest first
    names, rest = [], label
    while rest:
        name = next(
            (n for n in by_name if rest == n or rest.startswith(f"{n}, ")), None
        )
        if name is None:
            return label
        names.append(by_name[name].label)
        rest = rest[len(name) + 2 :]
    return ", ".join(names)


FACET_LABELS = {
    "need": gettext_lazy("What you need"),
    "state": gettext_lazy("State"),
    "help": gettext_lazy("How help arrives"),
    **BOOLEAN_FILTERS,
}


@dataclass
class CheckReport:
    """How a backend's stored programs differ from the visible programs."""

    missing: list = field(default_factory=list)
    stale: list = field(default_factory=list)
    extra: list = field(default_factory=list)
    pending: list = field(default_factory=list)
    error: str = ""

    @property
    def ok(self):
        return not (
            self.missing or self.stale or self.extra or self.pending or self.error
        )

    @property
    def needs_reindex(self):
        return sorted(
            set(self.missing) | set(self.stale) | set(self.extra) | set(self.pending)
        )


class SearchBackend(abc.ABC):
    """A way of storing and answering directory searches. Every backend must give
    the same answers as every other (tests/test_search_contract). ``fallback`` is a
    backend that answers when this one cannot, so it must hold every program too."""

    fallback = None

    def search(self, query: SearchQuery) -> SearchResults:
        """Hits for ``query.page``, the total, and disjunctive facet counts. When
        every word together matches too few programs, the programs matching any of
        them, those matching most first (``SearchResults.query.any_word`` says so).
        Searches without words are answered from ``search.count_cache`` when this
        search generation already answered them; degraded answers are not kept."""
        results = count_cache.remember(
            (type(self).__name__, "search"),
            query,
            lambda: self.search_uncached(query),
            keep=lambda results: not results.degraded,
        )
        # A copy, so a caller changing its results cannot change the cached ones;
        # the query asked (a cached answer may come from another ZIP in the county).
        return dataclasses.replace(
            results,
            query=results.query if results.query.any_word else query,
            hits=list(results.hits),
            facets=dict(results.facets),
        )

    def search_uncached(self, query: SearchQuery) -> SearchResults:
        """``search`` computed afresh."""
        results = self.answer(query)
        broader = self.broadened(query, results.total)
        if broader is not None:
            loose = self.answer(broader)
            if loose.total > results.total:
                return loose
        return results

    @abc.abstractmethod
    def answer(self, query: SearchQuery) -> SearchResults:
        """``search`` for exactly this query (all words, or any with ``any_word``)."""

    @staticmethod
    def broadened(query, total):
        """The any-word query to try when ``total`` is too few, else None. When the
        words name a need, its programs are the answer unless there are none."""
        if len(query.terms) < 2 or query.any_word:
            return None
        if total == 0 or (total < FEW_RESULTS and not query.word_needs):
            return query.replace(any_word=True)
        return None

    def give(self, query: "GiveQuery", counts=True) -> "GiveResults":
        """Ways to help for a ``search.give.GiveQuery``: hits for its page, the
        total and disjunctive counts per kind, role and need (docs/ways-to-help.md).
        With ``counts=False`` the caller needs no counts, and a backend may leave
        the facets out."""
        raise NotImplementedError

    def count(self, query: SearchQuery) -> int:
        """The number of results only (backends may answer it more cheaply)."""
        return self.search(query.replace(page=1)).total

    @abc.abstractmethod
    def index_programs(self, ids):
        """Bring these programs up to date: stored if patients may see them,
        removed otherwise."""

    @abc.abstractmethod
    def remove_programs(self, ids):
        """Forget these programs (deleted pages)."""

    @abc.abstractmethod
    def rebuild(self, stdout=None):
        """Store every visible program afresh; returns how many."""

    @abc.abstractmethod
    def check(self) -> CheckReport:
        """Programs missing, stale or extra compared with the database."""

    def retry_pending(self):
        """Send updates that failed earlier; True when none are left waiting."""
        return True

    def refresh_statistics(self, using="default"):
        """After a bulk load: let the store plan its queries well (if it must)."""
        return None

    def configuration_errors(self):
        """What is missing from the settings for this backend to work."""
        return []

    def clamp_page(self, query, total):
        last = max(1, (total + query.page_size - 1) // query.page_size)
        return min(query.page, last)

    def results(self, query, hits, total, page, counts):
        """The answer every backend gives: ``counts`` are raw counts keyed by need
        slug, state code, help type and flag name."""
        return SearchResults(
            query=query,
            hits=hits,
            total=total,
            facets=self.build_facets(query, *counts),
            page=page,
        )

    def build_facets(self, query, need_counts, state_counts, help_counts, flag_counts):
        """Facets from raw counts keyed by need slug, state code, help type and flag
        name. A state's count includes the nationwide programs (key "US")."""
        tax = taxonomy()
        nationwide = state_counts.get("US", 0)
        return {
            "need": Facet(
                "need",
                FACET_LABELS["need"],
                tuple(
                    FacetValue(
                        need.slug,
                        need.label,
                        need_counts.get(need.slug, 0),
                        need.slug in query.needs,
                        need.group_label,
                    )
                    for need in tax.needs
                ),
            ),
            "state": Facet(
                "state",
                FACET_LABELS["state"],
                tuple(
                    FacetValue(
                        code,
                        name,
                        state_counts.get(code, 0) + nationwide,
                        code == query.state,
                    )
                    for code, name, _ in tax.states
                ),
            ),
            "help": Facet(
                "help",
                FACET_LABELS["help"],
                tuple(
                    FacetValue(
                        value, label, help_counts.get(value, 0), value in query.help
                    )
                    for value, label in HelpType.choices
                ),
            ),
            **{
                name: Facet(
                    name,
                    label,
                    (
                        FacetValue(
                            "1", label, flag_counts.get(name, 0), getattr(query, name)
                        ),
                    ),
                )
                for name, label in BOOLEAN_FILTERS.items()
            },
        }
