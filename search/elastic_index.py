"""Keeping the Elasticsearch index in step with the programs patients may see.

Updates are sent after the transaction commits, so the cluster never sees a publish
that rolled back. A failure is logged (never the search terms, never raised into the
publish) and the program is queued in PendingIndexUpdate for a retry. ``rebuild()``
builds a new index and swaps the alias to it, so searches never see a half-built
index; ``check()`` compares the index with the database.
"""

import hashlib
import json
import logging
import time
from dataclasses import dataclass, field

from elasticsearch.dsl import Index
from elasticsearch.helpers import BulkIndexError, bulk, scan

from django.conf import settings
from django.db import transaction
from django.db.models import F

from directory.choices import RegionKind
from directory.models import ProgramPage
from directory.models.index import (
    ProgramSearchHelp,
    ProgramSearchLanguage,
    ProgramSearchNeed,
    ProgramSearchState,
    build_rows,
    is_visible,
)
from directory.taxonomy import taxonomy
from search.backends.elasticsearch import (
    BREAKER,
    ERRORS,
    ProgramDocument,
    client,
    index_alias,
)
from search.models import PendingIndexUpdate
from search.text import document

logger = logging.getLogger(__name__)
BATCH_SIZE = 500


def enabled():
    return settings.DIRECTORY_SEARCH_BACKEND == "elasticsearch" and bool(
        settings.ELASTICSEARCH_URL
    )


def to_document(program):
    """The Elasticsearch document of a visible program, with its fingerprint."""
    tax = taxonomy()
    entry, rows = build_rows(program, tax.country_id)
    states = {**tax.state_by_id, tax.country_id: "US"}
    place_rows = [row for row in rows if isinstance(row, ProgramSearchState)]
    body = {
        "program_id": program.pk,
        **document(program),
        "sort_title": entry.sort_title,
        "needs": [row.need.slug for row in rows if isinstance(row, ProgramSearchNeed)],
        "help": [row.help_type for row in rows if isinstance(row, ProgramSearchHelp)],
        "languages": [
            row.language for row in rows if isinstance(row, ProgramSearchLanguage)
        ],
        "states": sorted(states[row.state_id] for row in place_rows),
        "whole_states": sorted(
            states[row.state_id] for row in place_rows if row.whole_state
        ),
        "counties": sorted(
            region.slug
            for region in program.places
            if region.kind == RegionKind.COUNTY and not program.nationwide
        ),
        "nationwide": entry.nationwide,
        "is_closed": entry.is_closed,
        "for_mbc": entry.for_mbc,
        "maintenance_ok": entry.maintenance_ok,
        "self_apply": entry.self_apply,
        "min_age": entry.min_age,
        "max_age": entry.max_age,
        "verified_rank": entry.verified_rank,
    }
    body["fingerprint"] = fingerprint(body)
    return body


def fingerprint(body):
    data = {key: value for key, value in body.items() if key != "fingerprint"}
    encoded = json.dumps(data, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()[:16]


def schedule(ids):
    """Send these programs to the cluster once the current transaction commits."""
    if enabled():
        ids = list(ids)
        transaction.on_commit(lambda: sync(ids))


def sync(ids, es=None):
    """Index the visible ones among ``ids`` and remove the rest, with any updates
    still pending. Returns True when the cluster took them all."""
    ids = set(ids) | set(
        PendingIndexUpdate.objects.values_list("program_id", flat=True)
    )
    if not ids:
        return True
    if BREAKER.is_open:
        queue(ids, "skipped: Elasticsearch was failing")
        return False
    pages = list(ProgramPage.objects.filter(pk__in=ids).with_details())
    visible = [page for page in pages if is_visible(page)]
    gone = ids - {page.pk for page in visible}
    actions = [
        {"_op_type": "index", "_index": index_alias(), "_id": page.pk, "_source": doc}
        for page, doc in ((page, to_document(page)) for page in visible)
    ] + [{"_op_type": "delete", "_index": index_alias(), "_id": pk} for pk in gone]
    try:
        bulk(
            es or client(),
            actions,
            raise_on_error=True,
            raise_on_exception=True,
            ignore_status=[404],
        )
    except (*ERRORS, BulkIndexError) as error:
        logger.warning(
            "Elasticsearch index update failed (%s); %d program(s) queued for retry.",
            type(error).__name__,
            len(ids),
        )
        BREAKER.trip()
        queue(ids, type(error).__name__)
        return False
    PendingIndexUpdate.objects.filter(program_id__in=ids).delete()
    return True


def queue(ids, error):
    for pk in ids:
        updated = PendingIndexUpdate.objects.filter(program_id=pk).update(
            attempts=F("attempts") + 1, last_error=error[:255]
        )
        if not updated:
            PendingIndexUpdate.objects.get_or_create(
                program_id=pk, defaults={"last_error": error[:255]}
            )


def new_index_name():
    return (
        f"{index_alias()}-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 1000:03d}"
    )


def rebuild(es=None, stdout=None):
    """Build a new index from every visible program, then point the alias at it
    and drop the old index: searches keep working throughout."""
    es = es or client(timeout=60)
    alias, name = index_alias(), new_index_name()
    index = Index(name)
    index.document(ProgramDocument)
    index.settings(**ProgramDocument.Index.settings)
    index.create(using=es)
    ids = []
    for batch in ProgramPage.objects.visible().in_batches(BATCH_SIZE):
        batch = list(batch)
        ids += [page.pk for page in batch]
        bulk(
            es,
            (
                {"_index": name, "_id": page.pk, "_source": to_document(page)}
                for page in batch
            ),
        )
        if stdout:
            stdout.write(f"  {len(ids)} programs indexed")
    es.indices.refresh(index=name)
    old = (
        list(es.indices.get_alias(name=alias).body)
        if es.indices.exists_alias(name=alias)
        else []
    )
    if not old and es.indices.exists(index=alias):
        es.indices.delete(index=alias)  # a plain index squatting on the alias name
    es.indices.update_aliases(
        actions=[{"remove": {"index": o, "alias": alias}} for o in old]
        + [{"add": {"index": name, "alias": alias}}]
    )
    for o in old:
        es.indices.delete(index=o, ignore_unavailable=True)
    PendingIndexUpdate.objects.filter(program_id__in=ids).delete()
    return name, len(ids)


@dataclass
class CheckReport:
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


def check(es=None):
    """Programs missing from, stale in or extra in the index, and pending updates."""
    report = CheckReport(
        pending=sorted(PendingIndexUpdate.objects.values_list("program_id", flat=True))
    )
    try:
        indexed = {
            int(hit["_id"]): hit["_source"].get("fingerprint")
            for hit in scan(
                es or client(timeout=30),
                index=index_alias(),
                query={"query": {"match_all": {}}},
                _source=["fingerprint"],
            )
        }
    except ERRORS as error:
        report.error = type(error).__name__
        return report
    expected = {}
    for batch in ProgramPage.objects.visible().in_batches(BATCH_SIZE):
        for page in batch:
            expected[page.pk] = to_document(page)["fingerprint"]
    report.missing = sorted(set(expected) - set(indexed))
    report.extra = sorted(set(indexed) - set(expected))
    report.stale = sorted(
        pk for pk in set(expected) & set(indexed) if expected[pk] != indexed[pk]
    )
    return report
