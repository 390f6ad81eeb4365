"""What search stores: one narrow row set per program that patients may see (the
search tables, kept in step on publish by ``search.indexing``), so faceted search
never reads the wide page tables, and the Elasticsearch updates still to be sent.

Only visible programs (live, public, not defunct) have rows, so "published" needs no
test at query time. Through tables use composite primary keys, which double as
covering indexes for the facet ``GROUP BY`` queries. The full-text tables, which the
ORM has no word for, are in ``search.fulltext``.
"""

from django.db import models


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
    # The Spanish site's card: the Spanish where it is written (else empty: the
    # English stands in), the area always in Spanish words.
    title_es = models.CharField(max_length=255, blank=True)
    summary_es = models.CharField(max_length=300, blank=True)
    award_es = models.CharField(max_length=300, blank=True)
    area_label_es = models.TextField(blank=True)
    needs_label = models.TextField(blank=True)
    nationwide = models.BooleanField()
    is_closed = models.BooleanField()
    application_status = models.CharField(max_length=20)
    # Taking applications now: status "open" and not closed.
    open_now = models.BooleanField(default=False)
    for_mbc = models.BooleanField()
    # Does not exclude maintenance therapy / is confirmed open to it.
    maintenance_ok = models.BooleanField()
    maintenance_confirmed = models.BooleanField(default=False)
    treatment_requirement = models.CharField(max_length=30, default="unknown")
    # Help given at places (``ProgramSearchReach``): found only near them.
    place_bound = models.BooleanField(default=False)
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
                    "maintenance_confirmed",
                    "open_now",
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
    one row for the country, so "serves Texas" is ``state IN (TX, US)``. A state
    served in areas the program does not name has ``unnamed_parts``: every search
    in the state finds it ("parts of … — ask which areas")."""

    pk = models.CompositePrimaryKey("state_id", "entry_id")
    state = models.ForeignKey("directory.Region", on_delete=models.CASCADE)
    entry = models.ForeignKey(
        ProgramSearchEntry, on_delete=models.CASCADE, related_name="states"
    )
    whole_state = models.BooleanField()
    unnamed_parts = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["entry", "state"], name="search_state_entry"),
            # Covers "the whole state or parts it does not name" (a county's
            # search) and "the whole state" (closeness) without reading rows.
            models.Index(
                fields=["state", "whole_state", "unnamed_parts", "entry"],
                name="search_state_place",
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


class ProgramSearchReach(models.Model):
    """A county near where a place-bound program gives its help (lodging, a
    boutique, meetings), within ``directory.geo.REACH_MILES``: such a program is
    found from where a person lives or is treated only when that is near."""

    pk = models.CompositePrimaryKey("county_id", "entry_id")
    county = models.ForeignKey(
        "directory.Region", on_delete=models.CASCADE, related_name="+"
    )
    state = models.ForeignKey(
        "directory.Region", on_delete=models.CASCADE, related_name="+"
    )
    entry = models.ForeignKey(
        ProgramSearchEntry, on_delete=models.CASCADE, related_name="reach"
    )

    class Meta:
        indexes = [
            models.Index(fields=["entry", "county"], name="search_reach_entry"),
            models.Index(fields=["state", "entry"], name="search_reach_state"),
        ]

    def __str__(self):
        return f"{self.entry_id} → near county {self.county_id}"


class WaySearchEntry(models.Model):
    """What ``/give/`` filters, sorts and shows for one way to help of a visible
    program. It hangs on the program's entry, so it is written and removed with it
    and needs no test of its own for being seen; the program's title, link,
    organisation and needs are read from there."""

    way = models.OneToOneField(
        "directory.WayToHelp",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_entry",
    )
    entry = models.ForeignKey(
        ProgramSearchEntry, on_delete=models.CASCADE, related_name="ways"
    )
    kind = models.CharField(max_length=20)
    role = models.CharField(max_length=20, blank=True)
    reach = models.CharField(max_length=20)
    next_step = models.CharField(max_length=140)
    sort_next_step = models.CharField(max_length=140)
    sort_organisation = models.CharField(max_length=255)
    what = models.CharField(max_length=255, blank=True)
    condition_label = models.CharField(max_length=40, blank=True)
    send_to = models.CharField(max_length=255, blank=True)
    requirements = models.CharField(max_length=255, blank=True)
    url = models.CharField(max_length=500, blank=True)
    # The way's Spanish, where it is written (the card shows the English otherwise).
    next_step_es = models.CharField(max_length=180, blank=True)
    what_es = models.CharField(max_length=320, blank=True)
    send_to_es = models.CharField(max_length=320, blank=True)
    requirements_es = models.CharField(max_length=320, blank=True)
    # "Travis County, TX; Texas": where a way "in the places listed" is done.
    places_label = models.TextField(blank=True)

    class Meta:
        verbose_name = "way to help search entry"
        indexes = [
            models.Index(
                fields=["sort_organisation", "sort_next_step", "way"],
                name="search_way_order",
            ),
            models.Index(fields=["entry", "kind", "role"], name="search_way_entry"),
        ]

    def __str__(self):
        return self.next_step


class WaySearchPlace(models.Model):
    """A state or county where a way to help is done in person ("in the places
    listed"). ``state`` is the state itself for a whole state, the county's state
    otherwise, so "somewhere in Texas" is one lookup."""

    pk = models.CompositePrimaryKey("region_id", "way_id")
    region = models.ForeignKey(
        "directory.Region", on_delete=models.CASCADE, related_name="+"
    )
    state = models.ForeignKey(
        "directory.Region", on_delete=models.CASCADE, related_name="+"
    )
    whole_state = models.BooleanField()
    way = models.ForeignKey(
        WaySearchEntry, on_delete=models.CASCADE, related_name="places"
    )
    # The program's entry, so these rows go with it like every through row.
    entry = models.ForeignKey(
        ProgramSearchEntry, on_delete=models.CASCADE, related_name="way_places"
    )

    class Meta:
        indexes = [
            models.Index(
                fields=["state", "whole_state", "way"], name="search_way_state"
            )
        ]

    def __str__(self):
        return f"way {self.way_id} → {self.region_id}"


# Rows that hang on a program's entry, in the order they are written.
THROUGH_MODELS = [
    ProgramSearchNeed,
    ProgramSearchState,
    ProgramSearchCounty,
    ProgramSearchHelp,
    ProgramSearchLanguage,
    ProgramSearchReach,
    WaySearchEntry,
    WaySearchPlace,
]

# Each facet's through table and the column holding its value.
FACET_ROWS = {
    "need": (ProgramSearchNeed, "need_id"),
    "state": (ProgramSearchState, "state_id"),
    "help": (ProgramSearchHelp, "help_type"),
}


class SearchWord(models.Model):
    """A word of some visible program's text (title, organisation, summary, body),
    with its English stem: the vocabulary that corrections of misspelt words come
    from (``search.words``), so suggestions are always the directory's own words.
    Words are added as programs are written and kept until the next rebuild; a
    suggestion is only made when some program still uses it."""

    word = models.CharField(max_length=40, primary_key=True)
    stem = models.CharField(max_length=40, db_index=True)

    class Meta:
        verbose_name = "search word"

    def __str__(self):
        return self.word


class PendingIndexUpdate(models.Model):
    """A program whose Elasticsearch document could not be written or removed (the
    cluster was down). ``manage.py search_index retry`` sends it again; every later
    successful sync does too; ``search_index check`` lists it."""

    program_id = models.BigIntegerField(unique=True)
    queued_at = models.DateTimeField(auto_now=True)
    attempts = models.PositiveIntegerField(default=1)
    last_error = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["queued_at"]
        verbose_name = "pending index update"

    def __str__(self):
        return f"program {self.program_id} ({self.attempts} attempt(s))"


class SearchGeneration(models.Model):
    """One row: bumped by every write to the search storage and every taxonomy
    change, in the writer's transaction, so each worker's cached counts
    (``search.count_cache``) stop being used at once. ``token`` is new at each bump,
    so a bump that rolls back and a later one never share a number."""

    value = models.BigIntegerField(default=0)
    token = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "search generation"

    def __str__(self):
        return f"generation {self.value}"


class SearchChange(models.Model):
    """What one search generation changed: the programs whose search rows were
    written or removed, or ``None`` for everything (a rebuild, a taxonomy change).
    Written with each bump, in the writer's transaction, so a worker's in-memory
    facet counts (``search.bitmaps``) reload only the programs that changed since
    the generation they hold. The last ``search.count_cache.CHANGES_KEPT`` are kept."""

    generation = models.BigIntegerField(primary_key=True)
    token = models.BigIntegerField()
    programs = models.JSONField(null=True)

    class Meta:
        verbose_name = "search change"

    def __str__(self):
        return f"generation {self.generation}"
