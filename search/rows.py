"""Search rows from programs: what a program's entry and through rows hold, built the
same way for the database tables and the Elasticsearch documents."""

import datetime

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import translation

from directory import geo
from directory.choices import (
    CancerScope,
    HelpReach,
    Language,
    RegionKind,
    TreatmentRequirement,
    WhoApplies,
)
from directory.models.program_queries import WAYS_LOOKUP
from directory.program_fields import WAY_SPANISH_VALUES
from directory.taxonomy import taxonomy
from home.i18n import in_default_language
from search.models import (
    THROUGH_MODELS,
    ProgramSearchCounty,
    ProgramSearchEntry,
    ProgramSearchHelp,
    ProgramSearchLanguage,
    ProgramSearchNeed,
    ProgramSearchReach,
    ProgramSearchState,
    WaySearchEntry,
    WaySearchPlace,
)

EPOCH = datetime.date(2000, 1, 1)


def in_spanish(function):
    """What ``function`` says on the Spanish site."""
    with translation.override("es"):
        return function()


def verified_rank(day):
    """Days since 2000 for a verification date, 0 for never: sorts newest first
    with a plain descending index on every database."""
    return (day - EPOCH).days + 1 if day else 0


@in_default_language
def build_rows(program, country_id):
    """The entry and through rows for one program (not saved), in the default
    language (labels and the address: pages show them in their own)."""
    everywhere = program.serves_everywhere
    entry = ProgramSearchEntry(
        program_id=program.pk,
        title=program.title,
        sort_title=program.title.casefold(),
        url=program.get_url() or "",
        organisation_name=program.organisation.name,
        summary=program.summary,
        award=program.award,
        area_label=program.area_served(),
        title_es=program.title_es,
        summary_es=program.summary_es,
        award_es=program.award_es,
        area_label_es=in_spanish(program.area_served),
        needs_label=", ".join(need.name for need in program.needs),
        nationwide=everywhere and not program.service_place_list,
        is_closed=program.is_closed,
        application_status=program.application_status,
        open_now=program.is_taking_applications,
        for_mbc=program.cancer_scope == CancerScope.METASTATIC_BREAST,
        maintenance_ok=program.treatment_requirement
        != TreatmentRequirement.EXCLUDES_MAINTENANCE,
        maintenance_confirmed=program.treatment_requirement
        in TreatmentRequirement.open_to_maintenance(),
        treatment_requirement=program.treatment_requirement,
        place_bound=bool(program.service_place_list),
        self_apply=program.who_applies == WhoApplies.SELF,
        min_age=program.min_age,
        max_age=program.max_age,
        verified_rank=verified_rank(program.last_verified_at),
        last_verified_at=program.last_verified_at,
        is_demo_data=program.is_demo_data,
    )
    rows = [ProgramSearchNeed(need=need, entry=entry) for need in program.needs]
    states, unnamed = {}, set()
    reach = reach_regions(program)
    if reach:
        # Help given at a place: found from the counties near it that the
        # program serves (its area decides who may apply).
        for county_id, state_id in sorted(reach):
            if serves(program, everywhere, county_id, state_id):
                states.setdefault(state_id, False)
                rows.append(ProgramSearchCounty(county_id=county_id, entry=entry))
    elif everywhere:
        states[country_id] = True
    else:
        for region in program.places:
            if region.kind == RegionKind.STATE:
                states[region.pk] = True
            elif region.kind == RegionKind.COUNTY:
                states.setdefault(region.parent_id, False)
                rows.append(ProgramSearchCounty(county_id=region.pk, entry=entry))
        for state in program.partial_places:
            if not states.get(state.pk):
                states[state.pk] = False
                unnamed.add(state.pk)
    rows += [
        ProgramSearchState(
            state_id=state_id,
            entry=entry,
            whole_state=whole,
            unnamed_parts=state_id in unnamed,
        )
        for state_id, whole in states.items()
    ]
    rows += [
        ProgramSearchReach(county_id=county_id, state_id=state_id, entry=entry)
        for county_id, state_id in sorted(reach)
    ]
    rows += [
        ProgramSearchHelp(help_type=value, entry=entry) for value in program.help_types
    ]
    rows += [
        ProgramSearchLanguage(language=value, entry=entry)
        for value in (program.languages or [Language.ENGLISH])
    ]
    for way in program.ways_to_help.all():
        rows += way_rows(way, entry)
    return entry, rows


def way_rows(way, entry):
    """The search rows of one way to help of a visible program: its entry and the
    places where it is done in person (docs/ways-to-help.md)."""
    places = sorted(way.places.all(), key=lambda region: region.pk)
    way_entry = WaySearchEntry(
        way_id=way.pk,
        entry=entry,
        kind=way.kind,
        role=way.role,
        reach=way.reach,
        next_step=way.next_step,
        sort_next_step=way.next_step.casefold(),
        sort_organisation=entry.organisation_name.casefold(),
        what=way.what,
        condition_label=str(way.condition_label),  # in English, as every row
        send_to=way.send_to,
        requirements=way.requirements,
        url=way.url,
        **{name: getattr(way, name) for name in WAY_SPANISH_VALUES},
        places_label="; ".join(str(region) for region in places),
    )
    rows = [way_entry]
    if way.reach != HelpReach.PLACES:
        return rows
    for region in places:
        whole = region.kind == RegionKind.STATE
        if whole or region.kind == RegionKind.COUNTY:
            rows.append(
                WaySearchPlace(
                    region_id=region.pk,
                    state_id=region.pk if whole else region.parent_id,
                    whole_state=whole,
                    way=way_entry,
                    entry=entry,
                )
            )
    return rows


def with_ways(programs):
    """Fetch the ways to help of these programs and their places (two queries), so
    ``build_rows`` reads none itself."""
    programs = list(programs)
    prefetch_related_objects(programs, WAYS_LOOKUP)
    return programs


def reach_regions(program):
    """(county id, state id) of the counties near where the program gives its
    help; empty for help that is not given at a place."""
    near = set()
    for place in program.service_place_list:
        near |= geo.counties_near(place.slug)
    return taxonomy().county_regions(near)


def serves(program, everywhere, county_id, state_id):
    """Whether the program's area takes people from this county."""
    if everywhere:
        return True
    if any(state.pk == state_id for state in program.partial_places):
        return True
    return any(
        region.pk == county_id
        or (region.kind == RegionKind.STATE and region.pk == state_id)
        for region in program.places
    )


def write_rows(programs, country_id):
    """Replace the rows of ``programs`` (all visible) in bulk."""
    entries, rows = [], []
    for program in with_ways(programs):
        entry, program_rows = build_rows(program, country_id)
        entries.append(entry)
        rows += program_rows
    ids = [entry.program_id for entry in entries]
    with transaction.atomic():
        ProgramSearchEntry.objects.filter(program_id__in=ids).delete()
        ProgramSearchEntry.objects.bulk_create(entries, batch_size=500)
        for model in THROUGH_MODELS:
            model.objects.bulk_create(
                [row for row in rows if isinstance(row, model)], batch_size=1000
            )
    return entries
