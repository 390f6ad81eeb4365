"""The one list of a program's own fields, and the rules across them.

Every way a program is written (the page editor, the partner form, CSV and HSDS
import, the demo-data loader) copies values with ``apply_values`` and checks them
with ``rule_problems``, so a field or a rule added here holds everywhere.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import escape
from django.utils.text import normalize_newlines, slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directory.geo import COUNTRY_SLUG

# Fields of ProgramPage that describe a program and that forms and files carry, in
# editor order. The relations (organisation, needs, places) are set alongside.
PROGRAM_FIELDS = (
    "title",
    "slug",
    "summary",
    "description",
    "nationwide",
    "nationwide_local_sites",
    "service_area_note",
    "cancer_scope",
    "treatment_requirement",
    "income_limit_fpl_percent",
    "no_income_limit",
    "min_age",
    "max_age",
    "other_eligibility",
    "help_types",
    "award",
    "max_award_usd",
    "reapply_rule",
    "reapply_note",
    "typical_turnaround",
    "who_applies",
    "application_status",
    "application_status_checked_at",
    "application_window",
    "application_url",
    "phone",
    "email",
    "application_steps",
    "required_documents",
    "required_documents_other",
    "languages",
    "last_verified_at",
    "verification_note",
    "status",
    "is_demo_data",
    "sources",
    "curator_note",
)

# The patient-facing text a program has in Spanish too, each as ``<name>_es``
# beside the English: one listing in both languages, so ids, counts, saved lists
# and alerts are the same on both sites (docs/translation.md).
SPANISH_FIELDS = (
    "title",
    "summary",
    "description",
    "service_area_note",
    "other_eligibility",
    "award",
    "reapply_note",
    "typical_turnaround",
    "application_window",
    "application_steps",
    "required_documents_other",
)

# The text of a way to help a helper reads, in Spanish too (``WayToHelp.<name>_es``).
WAY_SPANISH_FIELDS = ("next_step", "what", "send_to", "requirements")
# The Spanish twins as the values forms and files carry.
SPANISH_VALUES = tuple(f"{name}_es" for name in SPANISH_FIELDS)
WAY_SPANISH_VALUES = tuple(f"{name}_es" for name in WAY_SPANISH_FIELDS)

# Curators' own fields: never published, left out of public exports.
CURATOR_FIELDS = ("sources", "curator_note", "verification_note")

# Rich-text fields that plain-text channels (the partner form, plain HSDS) fill.
RICH_TEXT_FIELDS = ("description", "application_steps")

# Words the directory page routes on (/programs/need/…/, /programs/state/…/), so no
# program may use them as its slug.
RESERVED_SLUGS = frozenset({"need", "state"})

NEEDS_REQUIRED = _("Choose at least one need this program helps with.")


@dataclass(frozen=True)
class Problem:
    """One broken rule: the field it belongs to, a sentence for the page editor, a
    ``detail`` naming the column and value, for a file's row, and a ``code`` for
    forms that word it in their own labels."""

    field: str
    message: str
    detail: str
    code: str = ""


def rule_problems(values):
    """The cross-field rules, checked on whichever of their fields ``values`` holds
    (so a partial update is checked on what it sets). ``regions`` and
    ``need_categories`` are lists of any kind of item."""
    problems = []
    slug = values.get("slug")
    if slug in RESERVED_SLUGS:
        problems.append(
            Problem(
                "slug",
                gettext(
                    "“%(slug)s” is reserved for directory addresses; choose another "
                    "slug."
                )
                % {"slug": slug},
                f"slug '{slug}' is reserved for directory addresses",
            )
        )
    low, high = values.get("min_age"), values.get("max_age")
    if low is not None and high is not None and low > high:
        problems.append(
            Problem(
                "max_age",
                gettext("The oldest age served must not be below the youngest."),
                f"max_age {high} is below min_age {low}",
            )
        )
    if values.get("no_income_limit") and values.get("income_limit_fpl_percent"):
        problems.append(
            Problem(
                "no_income_limit",
                gettext(
                    "A program with an income limit has one: untick “No income "
                    "limit” or clear the limit."
                ),
                "no_income_limit is yes but income_limit_fpl_percent is set",
            )
        )
    verified = values.get("last_verified_at")
    if verified and verified > timezone.localdate():
        problems.append(
            Problem(
                "last_verified_at",
                gettext("A listing cannot be verified in the future."),
                f"last_verified_at {verified} is in the future",
            )
        )
    if "nationwide" in values and "regions" in values:
        problems += _service_area_problems(
            values["nationwide"],
            values["regions"],
            values.get("partial_states") or [],
        )
    if "need_categories" in values and not values["need_categories"]:
        problems.append(
            Problem(
                "need_categories",
                NEEDS_REQUIRED,
                "need_categories is empty: give at least one need",
            )
        )
    return problems


# Fields of a way to help (``WayToHelp``) that forms and files carry; its places
# (region slugs) are set alongside.
WAY_FIELDS = (
    "kind",
    "whole_organisation",
    "role",
    "what",
    "item_condition",
    "send_to",
    "requirements",
    "next_step",
    "reach",
    "url",
    "source_url",
)


def way_problems(values):
    """The rules of one way to help, for the editor, the partner form, imports and
    the demo data: a volunteer way names its role (and only it has one); items and
    sponsorships say what; "in the places listed" lists places, and only it does;
    every way has a next step and a source. Like ``rule_problems``, each rule is
    checked on the fields ``values`` holds (the page editor knows the places only in
    its form, so it checks them apart)."""
    problems = []
    kind, reach = values.get("kind"), values.get("reach")
    if kind == "volunteer" and not values.get("role"):
        problems.append(
            Problem(
                "role",
                gettext("Say what volunteers do (driver, knitter, cook…)."),
                "a volunteer way to help needs a role",
            )
        )
    if kind != "volunteer" and values.get("role"):
        problems.append(
            Problem(
                "role",
                gettext("Only a volunteer way to help has a role: clear it."),
                f"role '{values['role']}' is only for kind volunteer",
            )
        )
    if kind in ("items", "sponsor") and not (values.get("what") or "").strip():
        problems.append(
            Problem(
                "what",
                gettext("Say which items to give, or what a sponsorship pays for."),
                f"a way to help of kind {kind} needs 'what'",
            )
        )
    places = values.get("places", None)
    if places is not None and reach == "places" and not places:
        problems.append(
            Problem(
                "places",
                gettext("Choose the states or counties where it can be done."),
                "reach 'places' needs at least one place",
            )
        )
    if places and reach != "places":
        problems.append(
            Problem(
                "places",
                gettext(
                    "Places are only for “in person, in the places listed”: clear them."
                ),
                f"reach '{reach}' must not list places",
            )
        )
    for name, message in (
        ("next_step", gettext("Write the one next step a helper takes.")),
        ("source_url", gettext("Give the public page these facts come from.")),
    ):
        if name in values and not (values[name] or "").strip():
            problems.append(Problem(name, message, f"'{name}' is required"))
    return problems


def _service_area_problems(nationwide, regions, partial_states=()):
    """Nationwide or a list of places: never both, never neither; the country is
    never a place (that is "nationwide"); a state is served whole or in part."""
    if any(_kind(region) == "country" for region in regions):
        return [
            Problem(
                "regions",
                gettext(
                    "The whole country is not a place to list: tick “Nationwide” "
                    "instead."
                ),
                "the country is not a region: set nationwide to yes instead",
                code="country_as_region",
            )
        ]
    whole = {_slug(region) for region in regions}
    both = sorted({_name(state) for state in partial_states if _slug(state) in whole})
    if both:
        return [
            Problem(
                "partial_states",
                gettext(
                    "A state is served either whole or in part, not both: %(states)s."
                )
                % {"states": ", ".join(both)},
                f"states both whole and in part: {', '.join(both)}",
                code="whole_and_partial",
            )
        ]
    if nationwide and partial_states:
        return [
            Problem(
                "partial_states",
                gettext(
                    "A nationwide program serves everywhere: untick “Nationwide” or "
                    "clear the states served in part."
                ),
                "a nationwide program must not list states served in part",
                code="nationwide_with_places",
            )
        ]
    regions = [*regions, *partial_states]
    if nationwide and regions:
        return [
            Problem(
                "regions",
                gettext(
                    "A nationwide program serves everywhere: untick “Nationwide” or "
                    "clear these places."
                ),
                "a nationwide program must not list states, counties or ZIP "
                "codes: set nationwide to no or clear them",
                code="nationwide_with_places",
            )
        ]
    if not nationwide and not regions:
        return [
            Problem(
                "regions",
                gettext("Tick “Nationwide” or choose the states or counties served."),
                "say where it helps: nationwide yes, or states, counties or ZIP codes",
                code="no_service_area",
            )
        ]
    return []


def _kind(region):
    """A region's kind, for Region objects and for slugs ("united-states")."""
    kind = getattr(region, "kind", None)
    if kind is not None:
        return kind
    return "country" if region == COUNTRY_SLUG else ""


def _slug(region):
    return getattr(region, "slug", region)


def _name(region):
    """A region as a message names it: its name, or a slug's state code ("TX")."""
    name = getattr(region, "name", None)
    return name if name is not None else str(region).upper()


def apply_values(page, values):
    """Copy ``values`` onto a (draft) program page: any of PROGRAM_FIELDS and
    SPANISH_VALUES, plus
    ``organisation`` (an Organisation), ``need_categories`` (need slugs),
    ``regions``, ``partial_states`` and ``service_places`` (region slugs) and
    ``ways_to_help`` (dicts of WAY_FIELDS and ``places``, region slugs), which
    replace the page's ways. Keys it does not hold are left as they are."""
    for name in (*PROGRAM_FIELDS, *SPANISH_VALUES):
        if name in values:
            setattr(page, name, one_newline(values[name]))
    if "organisation" in values:
        page.organisation = values["organisation"]
    for relation in ("need_categories", "regions", "partial_states", "service_places"):
        if relation in values:
            model = page._meta.get_field(relation).related_model
            setattr(
                page,
                relation,
                list(model.objects.filter(slug__in=values[relation])),
            )
    if "ways_to_help" in values:
        page.ways_to_help = _ways(page, values["ways_to_help"])


def _ways(page, ways):
    """New WayToHelp children of ``page`` from way dicts, in order, their places
    set in memory so that saving the page or a revision of it keeps them. A way
    keeps the Spanish of the page's way with the same next step, for each text
    whose English is unchanged (unless the dict gives its ``<name>_es``); a way
    whose next step was reworded is matched with the way in its place, if that
    is of the same kind and role."""
    way_model = page._meta.get_field("ways_to_help").related_model
    region_model = way_model._meta.get_field("places").related_model
    slugs = {slug for way in ways for slug in way.get("places", ())}
    regions = {r.slug: r for r in region_model.objects.filter(slug__in=slugs)}
    old_ways = list(page.ways_to_help.all())
    by_step = {way.next_step: way for way in old_ways}
    children = []
    for order, way in enumerate(ways):
        child = way_model(
            sort_order=order, **{name: way[name] for name in WAY_FIELDS if name in way}
        )
        child.places = [regions[s] for s in way.get("places", ()) if s in regions]
        old = by_step.get(child.next_step)
        if old is None and order < len(old_ways):
            in_place = old_ways[order]
            if (in_place.kind, in_place.role) == (child.kind, child.role):
                old = in_place
        for name in WAY_SPANISH_FIELDS:
            if f"{name}_es" in way:
                setattr(child, f"{name}_es", way[f"{name}_es"])
            elif old is not None and getattr(old, name) == getattr(child, name):
                setattr(child, f"{name}_es", getattr(old, f"{name}_es"))
        children.append(child)
    return children


def values_of(page):
    """A program's values in the form ``apply_values`` takes (the organisation by
    name), for comparing, exporting and prefilling forms."""
    values = {
        name: one_newline(getattr(page, name))
        for name in (*PROGRAM_FIELDS, *SPANISH_VALUES)
    }
    values["organisation"] = page.organisation.name
    values["need_categories"] = sorted(need.slug for need in page.need_categories.all())
    values["regions"] = sorted(region.slug for region in page.regions.all())
    values["partial_states"] = sorted(r.slug for r in page.partial_states.all())
    values["service_places"] = sorted(r.slug for r in page.service_places.all())
    values["ways_to_help"] = [way_values(way) for way in page.ways_to_help.all()]
    return values


def one_newline(value):
    """Text with every line break as "\n" (a browser's text box sends "\r\n"), so
    a program saved in a form reads the same as its exported file; other values
    as they are."""
    return normalize_newlines(value) if isinstance(value, str) else value


def ways_after(page, ways):
    """The way values ``page`` would have once ``apply_values`` gave it ``ways``
    (their Spanish carried over as it would be), to compare with its own."""
    return [way_values(way) for way in _ways(page, ways)]


def way_values(way):
    """One way to help as ``apply_values`` takes it: its WAY_FIELDS, the Spanish
    texts it has and its places (region slugs, sorted)."""
    values = {name: getattr(way, name) for name in WAY_FIELDS}
    values.update(way_spanish(way))
    values["places"] = sorted(region.slug for region in way.places.all())
    return values


def way_spanish(way):
    """The way's Spanish texts that are written, as ``<name>_es`` values."""
    return {
        name: getattr(way, name) for name in WAY_SPANISH_VALUES if getattr(way, name)
    }


def html_paragraphs(text):
    """Plain text as simple HTML paragraphs, one per non-empty line (plain-text
    channels accept no HTML, so everything is escaped)."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return "".join(f"<p>{escape(line)}</p>" for line in lines)


def free_slug(title, taken):
    """A slug for a new program from its title: not reserved, not in ``taken``."""
    base = slugify(title)[:60] or "program"
    if base in RESERVED_SLUGS:
        base = f"{base}-program"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug
