"""Search tables: one narrow row set per program that patients may see, kept in step
on publish (see search/signals.py) so faceted search never reads the wide page tables.

Only visible programs (live, public, not defunct) have rows, so "published" needs no
test at query time. Through tables use composite primary keys, which double as
covering indexes for the facet ``GROUP BY`` queries.
"""

import datetime

from django.db import models, transaction

from directory.choices import (
    CancerScope,
    Language,
    ProgramStatus,
    RegionKind,
    TreatmentRequirement,
    WhoApplies,
)

EPOCH = datetime.date(2000, 1, 1)


def verified_rank(day):
    """Days since 2000 for a verification date, 0 for never: sorts newest first
    with a plain descending index on every database."""
    return (day - EPOCH).days + 1 if day else 0


class ProgramSearchEntry(models.Model):
    """What search filters, sorts and shows for one visible program."""

    program = models.OneToOneField(
        "directory.ProgramPage",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_entry",
    )
    title = models.CharField(max_length=255)
    sort_title = models.CharField(max_length=255)
    url = models.CharField(max_length=500)
    organisation_name = models.CharField(max_length=255)
    summary = models.CharField(max_length=240)
    award = models.CharField(max_length=255, blank=True)
    area_label = models.TextField(blank=True)
    needs_label = models.TextField(blank=True)
    nationwide = models.BooleanField()
    is_closed = models.BooleanField()
    application_status = models.CharField(max_length=10)
    for_mbc = models.BooleanField()
    maintenance_ok = models.BooleanField()
    self_apply = models.BooleanField()
    min_age = models.PositiveSmallIntegerField(null=True)
    max_age = models.PositiveSmallIntegerField(null=True)
    verified_rank = models.PositiveIntegerField()
    last_verified_at = models.DateField(null=True)
    is_demo_data = models.BooleanField()

    class Meta:
        verbose_name = "program search entry"
        indexes = [
            models.Index(
                fields=["is_closed", "-verified_rank", "sort_title", "program"],
                name="search_entry_verified",
            ),
            models.Index(
                fields=["is_closed", "sort_title", "program"], name="search_entry_name"
            ),
            # Covers the total and the yes/no counts without reading whole rows.
            models.Index(
                fields=[
                    "program",
                    "is_closed",
                    "for_mbc",
                    "maintenance_ok",
                    "self_apply",
                ],
                name="search_entry_flags",
            ),
        ]

    def __str__(self):
        return self.title


class ProgramSearchNeed(models.Model):
    """A need category a visible program helps with."""

    pk = models.CompositePrimaryKey("need_id", "entry_id")
    need = models.ForeignKey("directory.NeedCategory", on_delete=models.CASCADE)
    entry = models.ForeignKey(
        ProgramSearchEntry, on_delete=models.CASCADE, related_name="needs"
    )

    class Meta:
        indexes = [models.Index(fields=["entry", "need"], name="search_need_entry")]

    def __str__(self):
        return f"{self.entry_id} → need {self.need_id}"


class ProgramSearchState(models.Model):
    """A state a visible program serves, whole or in part. Nationwide programs have
    one row for the country, so "serves Texas" is ``state IN (TX, US)``."""

    pk = models.CompositePrimaryKey("state_id", "entry_id")
    state = models.ForeignKey("directory.Region", on_delete=models.CASCADE)
    entry = models.ForeignKey(
        ProgramSearchEntry, on_delete=models.CASCADE, related_name="states"
    )
    whole_state = models.BooleanField()

    class Meta:
        indexes = [
            models.Index(fields=["entry", "state"], name="search_state_entry"),
            models.Index(
                fields=["state", "whole_state", "entry"], name="search_state_whole"
            ),
        ]

    def __str__(self):
        return f"{self.entry_id} → state {self.state_id}"


class ProgramSearchCounty(models.Model):
    """A county a visible program serves (when it does not serve the whole state)."""

    pk = models.CompositePrimaryKey("county_id", "entry_id")
    county = models.ForeignKey("directory.Region", on_delete=models.CASCADE)
    entry = models.ForeignKey(
        ProgramSearchEntry, on_delete=models.CASCADE, related_name="counties"
    )

    class Meta:
        indexes = [models.Index(fields=["entry", "county"], name="search_county_entry")]

    def __str__(self):
        return f"{self.entry_id} → county {self.county_id}"


class ProgramSearchHelp(models.Model):
    """How a visible program's help arrives (HelpType value)."""

    pk = models.CompositePrimaryKey("help_type", "entry_id")
    help_type = models.CharField(max_length=30)
    entry = models.ForeignKey(
        ProgramSearchEntry, on_delete=models.CASCADE, related_name="help_types"
    )

    class Meta:
        indexes = [
            models.Index(fields=["entry", "help_type"], name="search_help_entry")
        ]

    def __str__(self):
        return f"{self.entry_id} → {self.help_type}"


class ProgramSearchLanguage(models.Model):
    """A language a visible program works in. A program that lists none is taken to
    work in English, the language of the directory."""

    pk = models.CompositePrimaryKey("language", "entry_id")
    language = models.CharField(max_length=5)
    entry = models.ForeignKey(
        ProgramSearchEntry, on_delete=models.CASCADE, related_name="languages"
    )

    class Meta:
        indexes = [
            models.Index(fields=["entry", "language"], name="search_language_entry")
        ]

    def __str__(self):
        return f"{self.entry_id} → {self.language}"


THROUGH_MODELS = [
    ProgramSearchNeed,
    ProgramSearchState,
    ProgramSearchCounty,
    ProgramSearchHelp,
    ProgramSearchLanguage,
]


def is_visible(program):
    """Patients may see a program that is live, public and not defunct."""
    return (
        program.live
        and program.status != ProgramStatus.DEFUNCT
        and not program.get_view_restrictions().exists()
    )


def build_rows(program, country_id):
    """The entry and through rows for one program (not saved)."""
    entry = ProgramSearchEntry(
        program_id=program.pk,
        title=program.title,
        sort_title=program.title.casefold(),
        url=program.get_url() or "",
        organisation_name=program.organisation.name,
        summary=program.summary,
        award=program.award,
        area_label=program.area_served(),
        needs_label=", ".join(need.name for need in program.needs),
        nationwide=program.nationwide,
        is_closed=program.is_closed,
        application_status=program.application_status,
        for_mbc=program.cancer_scope == CancerScope.METASTATIC_BREAST,
        maintenance_ok=program.treatment_requirement
        != TreatmentRequirement.ACTIVE_EXCLUDING_MAINTENANCE,
        self_apply=program.who_applies == WhoApplies.SELF,
        min_age=program.min_age,
        max_age=program.max_age,
        verified_rank=verified_rank(program.last_verified_at),
        last_verified_at=program.last_verified_at,
        is_demo_data=program.is_demo_data,
    )
    rows = [ProgramSearchNeed(need=need, entry=entry) for need in program.needs]
    states = {}
    if program.nationwide:
        states[country_id] = True
    else:
        for region in program.places:
            if region.kind == RegionKind.STATE:
                states[region.pk] = True
            elif region.kind == RegionKind.COUNTY:
                states.setdefault(region.parent_id, False)
                rows.append(ProgramSearchCounty(county_id=region.pk, entry=entry))
            else:
                states[region.pk] = True
    rows += [
        ProgramSearchState(state_id=state_id, entry=entry, whole_state=whole)
        for state_id, whole in states.items()
    ]
    rows += [
        ProgramSearchHelp(help_type=value, entry=entry) for value in program.help_types
    ]
    rows += [
        ProgramSearchLanguage(language=value, entry=entry)
        for value in (program.languages or [Language.ENGLISH])
    ]
    return entry, rows


def write_rows(programs, country_id):
    """Replace the rows of ``programs`` (all visible) in bulk."""
    entries, rows = [], []
    for program in programs:
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
