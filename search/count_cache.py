"""Answers to searches without words, remembered per process (docs/search.md, "The
count cache").

Almost every patient search is one of a few thousand filter sets (a state or ZIP, a
need or two, a yes/no filter), and the directory changes only when a curator
publishes. So the total, the facet counts and the page's hits of a search without
words are kept in a bounded LRU in each worker's memory, keyed by the search
generation (``SearchGeneration``: one row every write to the search storage and
every taxonomy change bumps, in the writer's transaction, so all workers see it at
once), the taxonomy version and the normalised filters. Nothing typed enters a key:
a search with words (``q``) is never cached; a ZIP code is its state and county.
"""

import random
import threading
from collections import OrderedDict

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import translation

from directory.taxonomy import taxonomy_version
from search.models import SearchChange, SearchGeneration
from search.query import BOOLEAN_FILTERS, PAGE_SIZE

DEFAULT_SIZE = 1000
GENERATION_ID = 1
# The generations' change records kept (``SearchChange``): a worker further behind
# reloads its in-memory facet counts whole.
CHANGES_KEPT = 1000
# A change of more programs is recorded as a change of everything: reading them
# one by one would cost a worker as much as reading everything again.
MOST_CHANGED = 5000
_MISSING = object()


class LRU:
    """A bounded mapping that forgets the least recently used entry first; a lock
    keeps it consistent under gunicorn threads."""

    def __init__(self):
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            value = self.entries.get(key, _MISSING)
            if value is not _MISSING:
                self.entries.move_to_end(key)
            return value

    def put(self, key, value, size):
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > size:
                self.entries.popitem(last=False)

    def clear(self):
        with self.lock:
            self.entries.clear()

    def __len__(self):
        return len(self.entries)


CACHE = LRU()


def size():
    """``SEARCH_CACHE_SIZE`` entries per process (0 turns the cache off)."""
    return getattr(settings, "SEARCH_CACHE_SIZE", DEFAULT_SIZE)


def bump(programs=None):
    """A write to the search storage or the taxonomy: every worker's remembered
    answers stop being used (in the caller's transaction: a rollback undoes it).
    ``programs`` are the ids whose search rows the write changed, recorded with the
    new generation for ``search.bitmaps``; ``None`` when anything may have (or more
    changed than a worker would read one by one)."""
    token = random.getrandbits(62)
    if programs is not None:
        programs = sorted({int(pk) for pk in programs})
        if len(programs) > MOST_CHANGED:
            programs = None
    # One transaction even when called outside one (Elasticsearch's updates after a
    # commit): the row stays locked until the change record is written, so two
    # writers never record the same generation.
    with transaction.atomic():
        rows = SearchGeneration.objects.filter(pk=GENERATION_ID)
        if not rows.update(value=F("value") + 1, token=token):
            # No generation yet (a new or flushed database).
            SearchGeneration.objects.get_or_create(
                pk=GENERATION_ID, defaults={"value": 0}
            )
            rows.update(value=F("value") + 1, token=token)
        value = rows.values_list("value", flat=True).get()
        # Records from this number on are left from a generation reset (a restored
        # database): a worker must not read them as later changes.
        SearchChange.objects.filter(generation__gte=value).delete()
        SearchChange.objects.filter(generation__lte=value - CHANGES_KEPT).delete()
        SearchChange.objects.create(generation=value, token=token, programs=programs)


def generation():
    """(value, token) of the search generation: one small query; None when it
    cannot be read, and then nothing is cached or served from the cache."""
    try:
        row = (
            SearchGeneration.objects.filter(pk=GENERATION_ID)
            .values_list("value", "token")
            .first()
        )
    except DatabaseError:
        return None
    return row or (0, 0)


def query_key(query):
    """The normalised filters, sort and page of a search without words; None for a
    search with words (nothing typed may enter a key) or for more than a page of
    hits (the screener's: an entry stays a few KB)."""
    if query.text or query.words_text or query.word_needs or query.any_word:
        return None
    if query.page_size > PAGE_SIZE:
        return None
    return (
        query.state,
        query.county,
        tuple(sorted(query.needs)),
        tuple(sorted(query.help)),
        tuple(name for name in BOOLEAN_FILTERS if getattr(query, name)),
        query.lang,
        query.age,
        query.treated_state,
        query.treated_county,
        query.nationwide_only,
        query.effective_sort,
        query.page,
        query.page_size,
    )


def remember(kind, query, compute, keep=lambda value: True):
    """``compute()``'s answer for ``query``, from the cache when this generation
    already answered it. ``kind`` names the backend and what is answered; an answer
    ``keep`` refuses (a degraded one) is not stored."""
    limit = size()
    filters = query_key(query) if limit > 0 else None
    current = generation() if filters is not None else None
    if current is None:
        return compute()
    # The answer holds words in the page's language (need names, areas): one entry
    # per language.
    key = (kind, current, taxonomy_version(), translation.get_language(), filters)
    value = CACHE.get(key)
    if value is _MISSING:
        value = compute()
        if keep(value):
            CACHE.put(key, value, limit)
    return value
