"""Facet counts in memory (docs/search.md, "Counting in memory").

The database still says which programs a search matches: the FilterSet and the
words give the ids of the results. Counting how many of them have each need, help
type, state and yes/no flag is done here, on one bitmap per value (a Python int
with bit ``n`` set for program ``n``): an AND and a bit count each. At 100,000
programs that is a few milliseconds for every facet, where a ``GROUP BY`` over each
through table took tens. The few filters that read exactly the rows the bitmaps
hold (needs, help types, a state without a county, yes/no filters) are answered from
the bitmaps too, with the taxonomy's helpers the FilterSet uses, so a state or
two-need search needs no id list at all.

Each worker process holds one ``Snapshot``, read at a search generation
(``search.count_cache``). When the generation moves on, only the programs its
change records (``SearchChange``) name are read again. A rebuild, a taxonomy
change, or a process further behind than the records kept reads everything again
(about a second at 100,000 programs; 1.2 MB of bitmaps).
"""

import threading
from collections import defaultdict
from dataclasses import dataclass, replace

from django.conf import settings
from django.db import DatabaseError, connections, transaction

from directory.taxonomy import taxonomy
from search import count_cache
from search.count_cache import MOST_CHANGED
from search.models import FACET_ROWS, ProgramSearchEntry, SearchChange
from search.query import FLAG_FIELDS

# The FilterSet filters whose rows the bitmaps hold exactly (``Tally.filtered``).
IN_MEMORY = {"need", "help", "state", *FLAG_FIELDS}


def enabled():
    """``SEARCH_FACET_BITMAPS`` (on by default): off, every count is a SQL query."""
    return getattr(settings, "SEARCH_FACET_BITMAPS", True)


def fetch(queryset):
    """The rows of a ``values_list`` queryset as the database driver gives them:
    for tens of thousands of ids, a third of the time of the ORM's iterator."""
    sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def bits(ids):
    """The bitmap of these program ids."""
    ids = list(ids)
    if not ids:
        return 0
    buffer = bytearray(max(ids) // 8 + 1)
    for pk in ids:
        buffer[pk >> 3] |= 1 << (pk & 7)
    return int.from_bytes(buffer, "little")


def entry_bits(entries):
    """The bitmap of a queryset of search entries."""
    return bits(pk for (pk,) in fetch(entries.values_list("pk")))


@dataclass(frozen=True)
class Snapshot:
    """Every stored program's facet values at one search generation."""

    generation: tuple  # (value, token) of ``SearchGeneration``
    everything: int  # every stored program
    flags: dict  # yes/no filter name → programs passing it
    facets: dict  # facet → {value: programs having it}

    def totals(self, current):
        """The total and yes/no counts of the programs ``current``, as the SQL
        aggregate gives them."""
        return {
            "total": current.bit_count(),
            **{name: (current & self.flags[name]).bit_count() for name in FLAG_FIELDS},
        }

    def counts(self, facet, base):
        """(value, count) of a facet over the programs ``base``; values no program
        of them has are left out, as a ``GROUP BY`` leaves them out."""
        pairs = []
        for value, programs in self.facets[facet].items():
            count = (base & programs).bit_count()
            if count:
                pairs.append((value, count))
        return pairs

    def updated(self, ids, generation):
        """This snapshot with the programs ``ids`` read again."""
        if not ids:
            return replace(self, generation=generation)
        keep = ~bits(ids)
        fresh = read(ids)
        return Snapshot(
            generation=generation,
            everything=(self.everything & keep) | fresh.everything,
            flags={
                name: (programs & keep) | fresh.flags[name]
                for name, programs in self.flags.items()
            },
            facets={
                facet: merged(values, fresh.facets[facet], keep)
                for facet, values in self.facets.items()
            },
        )


def merged(old, new, keep):
    """{value: programs} of ``old`` without the programs outside ``keep``, with
    ``new`` added; values left without programs are dropped."""
    values = {}
    for value in {*old, *new}:
        programs = (old.get(value, 0) & keep) | new.get(value, 0)
        if programs:
            values[value] = programs
    return values


def read(ids=None, generation=None):
    """A snapshot of the stored rows of programs ``ids`` (of all when None)."""
    entries = ProgramSearchEntry.objects.all()
    if ids is not None:
        ids = list(ids)
        entries = entries.filter(pk__in=ids)
    columns = [column for column, _ in FLAG_FIELDS.values()]
    every, passing = [], {name: [] for name in FLAG_FIELDS}
    for pk, *values in fetch(entries.values_list("pk", *columns)):
        every.append(pk)
        for (name, (_, wanted)), value in zip(FLAG_FIELDS.items(), values, strict=True):
            if value == wanted:
                passing[name].append(pk)
    flags = {name: bits(pks) for name, pks in passing.items()}
    facets = {}
    for facet, (model, column) in FACET_ROWS.items():
        rows = model.objects.all()
        if ids is not None:
            rows = rows.filter(entry_id__in=ids)
        grouped = defaultdict(list)
        for value, pk in fetch(rows.values_list(column, "entry_id")):
            grouped[value].append(pk)
        facets[facet] = {value: bits(pks) for value, pks in grouped.items()}
    return Snapshot(generation, bits(every), flags, facets)


class Bitmaps:
    """This process's snapshot, brought up to the current generation when asked
    for; a lock keeps gunicorn threads from reading it twice."""

    def __init__(self):
        self.snapshot = None
        self.lock = threading.Lock()

    def current(self):
        """The snapshot of the current generation; None when turned off or the
        database cannot be read (the counts are then SQL queries)."""
        if not enabled():
            return None
        generation = count_cache.generation()
        if generation is None:
            return None
        snapshot = self.snapshot
        if snapshot is not None and snapshot.generation == generation:
            return snapshot
        with self.lock:
            try:
                # A savepoint: a failed read leaves the caller's transaction usable.
                with transaction.atomic():
                    self.snapshot = caught_up(self.snapshot, generation)
            except DatabaseError:
                return None  # this search counts in SQL; the snapshot is kept
            return self.snapshot

    def clear(self):
        """Forget the snapshot (tests): the next search reads everything."""
        with self.lock:
            self.snapshot = None


def caught_up(snapshot, generation):
    """``snapshot`` brought to ``generation`` (or later) by reading only what the
    change records name, or everything read again when they cannot tell."""
    if snapshot is None:
        return read(generation=generation)
    if snapshot.generation == generation:
        return snapshot  # another thread caught up while this one waited
    value, token = snapshot.generation
    if generation[0] < value:
        # Another thread caught up past this request's generation: the snapshot
        # stands if its generation was committed (not rolled back).
        if SearchChange.objects.filter(generation=value, token=token).exists():
            return snapshot
        return read(generation=generation)
    changes = list(
        SearchChange.objects.filter(generation__gte=value)
        .order_by("generation")
        .values_list("generation", "token", "programs")
    )
    programs = changed_since(snapshot.generation, changes)
    if programs is None or len(programs) > MOST_CHANGED:
        return read(generation=generation)
    return snapshot.updated(programs, changes[-1][:2])


def changed_since(since, changes):
    """The programs changed after generation ``since`` by ``changes`` (its own
    record first, then each later one); None when they cannot tell: a record
    missing (rolled back, or no longer kept) or a change of everything."""
    if not changes or changes[0][:2] != since:
        return None
    numbers = [number for number, _, _ in changes]
    if numbers != list(range(since[0], since[0] + len(changes))):
        return None
    programs = set()
    for _, _, ids in changes[1:]:
        if ids is None:
            return None
        programs.update(ids)
    return programs


class Tally:
    """The counts of one search from a snapshot. The programs a set of results
    holds come from the bitmaps alone when its filters are ones the bitmaps hold
    exactly (needs, help types, a state without a county, yes/no filters, no
    words); otherwise from the ids its queryset reads, once per queryset."""

    def __init__(self, snapshot):
        self.snapshot = snapshot
        self.known = []

    def programs(self, entries, query):
        """The bitmap of ``entries``, the entries matching ``query``'s filters and
        words."""
        if not query.terms:
            programs = self.filtered(query.filter_data())
            if programs is not None:
                return programs
        for known, programs in self.known:
            if known is entries:
                return programs
        programs = entry_bits(entries)
        self.known.append((entries, programs))
        return programs

    def filtered(self, data):
        """The programs matching FilterSet ``data`` from the bitmaps, as
        ``search.filters`` reads the same rows; None when a filter needs the
        database (a county, where one is treated, a language, an age, nationwide
        only)."""
        if not set(data) <= IN_MEMORY:
            return None
        tax = taxonomy()
        facets, programs = self.snapshot.facets, self.snapshot.everything
        if "need" in data:
            programs &= union(facets["need"], tax.need_ids(data["need"]))
        if "help" in data:
            programs &= union(facets["help"], data["help"])
        if "state" in data:
            programs &= union(facets["state"], tax.serving_state_ids(data["state"]))
        for name in FLAG_FIELDS:
            if data.get(name):
                programs &= self.snapshot.flags[name]
        return programs

    def totals(self, entries, query):
        """The total and yes/no counts of ``entries`` (matching ``query``)."""
        return self.snapshot.totals(self.programs(entries, query))

    def counts(self, facet, entries, query):
        """(value, count) of a facet over ``entries`` (matching ``query``)."""
        return self.snapshot.counts(facet, self.programs(entries, query))


def union(values, keys):
    """The programs having any of these values of a facet."""
    programs = 0
    for key in keys:
        programs |= values.get(key, 0)
    return programs


BITMAPS = Bitmaps()


def tally():
    """A ``Tally`` of this process's current snapshot; None when the counts are
    to be SQL queries."""
    snapshot = BITMAPS.current()
    return Tally(snapshot) if snapshot is not None else None
