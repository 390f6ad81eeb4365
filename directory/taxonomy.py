"""The need and place vocabularies as plain lookups, cached per process.

Facet labels, landing URLs and parameter checks need them on every search; they change
only when a curator edits a snippet, which bumps a version in the shared cache so every
worker reloads.
"""

from dataclasses import dataclass
from functools import cached_property

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from directory.choices import RegionKind
from directory.models.snippets import NeedCategory, Region
from home.clients import warn_now_and_then
from home.i18n import translated

VERSION_KEY = "directory:taxonomy-version"


@dataclass(frozen=True)
class Need:
    id: int
    slug: str
    name: str  # in English, as the search index and open data keep it
    group: str  # the group's English name
    # The everyday words and phrases people use for it (``NeedCategory.search_words``).
    words: tuple[str, ...] = ()
    # In Spanish ("" / () where none is written yet: the Spanish site shows English).
    name_es: str = ""
    group_es: str = ""
    words_es: tuple[str, ...] = ()

    @property
    def label(self):
        """The name in the page's language."""
        return translated(self, "name")

    @property
    def group_label(self):
        """The group's name in the page's language."""
        return translated(self, "group")


@dataclass(frozen=True)
class Taxonomy:
    needs: tuple[Need, ...]  # categories in menu order
    need_groups: tuple[tuple[str, tuple[Need, ...]], ...]
    states: tuple[tuple[str, str, int], ...]  # (code, name, id) by name
    counties: dict  # state code -> ((slug, name, id), ...)
    country_id: int
    # group slug -> (group name, its need slugs in menu order)
    groups: dict = None

    def expand_needs(self, slugs):
        """Need slugs with each group slug ("money-and-bills") replaced by the
        needs in it; unknown slugs dropped."""
        expanded = []
        for slug in slugs:
            if slug in (self.groups or {}):
                expanded += self.groups[slug][1]
            elif slug in self.need_slugs:
                expanded.append(slug)
        return list(dict.fromkeys(expanded))

    def group_label(self, slug):
        """A group's name in the page's language, from its slug ("" if unknown)."""
        name, members = (self.groups or {}).get(slug, ("", ()))
        need = self.need_slugs.get(members[0]) if members else None
        return need.group_label if need else name

    @cached_property
    def need_slugs(self):
        return {need.slug: need for need in self.needs}

    def need_ids(self, slugs):
        """The ids of these need slugs (unknown ones dropped)."""
        return [self.need_slugs[slug].id for slug in slugs if slug in self.need_slugs]

    def serving_state_ids(self, code):
        """The place ids whose search rows serve a state: the state and the
        country (nationwide programs)."""
        return [self.state_id(code), self.country_id]

    @cached_property
    def needs_by_name(self):
        """The needs by English name, longest first (to read a stored list)."""
        return {
            need.name: need
            for need in sorted(
                self.needs, key=lambda need: len(need.name), reverse=True
            )
        }

    @cached_property
    def need_by_id(self):
        return {need.id: need for need in self.needs}

    @cached_property
    def state_names(self):
        return {code: name for code, name, _ in self.states}

    def state_id(self, code):
        return next((pk for c, _, pk in self.states if c == code), None)

    @cached_property
    def state_by_id(self):
        return {pk: code for code, _, pk in self.states}

    @cached_property
    def county_state(self):
        return {
            slug: code
            for code, counties in self.counties.items()
            for slug, _, _ in counties
        }

    def county_name(self, state, slug):
        return next(
            (name for s, name, _ in self.counties.get(state, ()) if s == slug), ""
        )

    def county_id(self, state, slug):
        return next(
            (pk for s, _, pk in self.counties.get(state, ()) if s == slug), None
        )

    @cached_property
    def county_ids(self):
        """{county slug: (county id, state id)}."""
        state_ids = {code: pk for code, _, pk in self.states}
        return {
            slug: (pk, state_ids[code])
            for code, counties in self.counties.items()
            for slug, _, pk in counties
            if code in state_ids
        }

    @cached_property
    def county_slug_by_id(self):
        return {pk: slug for slug, (pk, _) in self.county_ids.items()}

    def county_regions(self, slugs):
        """(county id, state id) of each known county among ``slugs``."""
        return {self.county_ids[slug] for slug in slugs if slug in self.county_ids}


def _load():
    categories = NeedCategory.objects.categories().select_related("parent")
    categories = sorted(
        categories,
        key=lambda c: (c.parent.sort_order, c.parent.name, c.sort_order, c.name, c.pk),
    )
    group_slugs = {c.parent.name: c.parent.slug for c in categories}
    need_list = tuple(
        Need(
            c.pk,
            c.slug,
            c.name,
            c.parent.name,
            tuple(c.word_list),
            name_es=c.name_es.strip(),
            group_es=c.parent.name_es.strip(),
            words_es=tuple(c.word_list_es),
        )
        for c in categories
    )
    groups = {}
    for need in need_list:
        groups.setdefault(need.group, []).append(need)
    states = tuple(
        Region.objects.states().order_by("name").values_list("code", "name", "pk")
    )
    counties = {}
    for code, slug, name, pk in (
        Region.objects.counties()
        .order_by("parent__code", "name")
        .values_list("parent__code", "slug", "name", "pk")
    ):
        counties.setdefault(code, []).append((slug, name, pk))
    country = Region.objects.filter(kind=RegionKind.COUNTRY).values_list(
        "pk", flat=True
    )
    return Taxonomy(
        needs=need_list,
        need_groups=tuple((group, tuple(items)) for group, items in groups.items()),
        groups={
            group_slugs[group]: (group, tuple(need.slug for need in items))
            for group, items in groups.items()
        },
        states=states,
        counties={code: tuple(items) for code, items in counties.items()},
        country_id=country.first(),
    )


_cached = {"version": None, "value": None}


def taxonomy():
    """The current taxonomy, reloaded when a curator has changed it."""
    version = cache.get_or_set(VERSION_KEY, 1, timeout=None)
    if version is None:  # the cache errs (its errors read as None): keep going
        warn_now_and_then("Taxonomy: the cache does not answer; changes may show late.")
    if _cached["version"] != version or _cached["value"] is None:
        _cached["value"] = _load()
        _cached["version"] = version
    return _cached["value"]


def taxonomy_version():
    """The version of the taxonomy this process has loaded (what answers computed
    with it were computed from)."""
    taxonomy()
    return _cached["version"]


def invalidate():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)
    _cached["value"] = None


@receiver([post_save, post_delete], sender=NeedCategory)
@receiver([post_save, post_delete], sender=Region)
def taxonomy_changed(sender, **kwargs):
    invalidate()
