"""Keeping the Elasticsearch index in step with the programs patients may see (the
writing half of the Elasticsearch backend).

Updates are sent after the transaction commits, so the cluster never sees a publish
that rolled back. A failure is logged (never the search terms, never raised into the
publish) and the program is queued in PendingIndexUpdate for a retry. ``rebuild()``
builds a new index and swaps the alias to it, so searches never see a half-built
index; ``check()`` compares the index with the database.
"""

import logging
import time

from elasticsearch.helpers import BulkIndexError, bulk, scan

from django.conf import settings
from django.db import transaction
from django.db.models import F

from directory.models import ProgramPage
from search import count_cache
from search.backends.base import CheckReport
from search.backends.elasticsearch_documents import (
    BREAKER,
    ERRORS,
    client,
    index_alias,
    index_definition,
    to_documents,
    way_index_definition,
    ways_alias,
)
from search.models import PendingIndexUpdate
from search.rows import with_ways

logger = logging.getLogger(__name__)
BATCH_SIZE = 500


def schedule(ids):
    """Send these programs to the cluster once the current transaction commits."""
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
    pages = with_ways(ProgramPage.objects.filter(pk__in=ids).with_details())
    visible = [page for page in pages if page.is_visible()]
    try:
        es = es or client()
        actions = update_actions(es, ids, visible)
        bulk(
            es,
            actions,
            raise_on_error=True,
            raise_on_exception=True,
            ignore_status=[404],
            **refresh_option(),
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
    # The cluster answers differently now: counts cached from it are stale. The
    # database's rows were written (and their bump recorded) before the commit.
    count_cache.bump(programs=())
    return True


def update_actions(es, ids, visible):
    """Bulk actions bringing programs ``ids`` up to date: the ``visible`` ones and
    their ways to help indexed, the rest removed with their ways, and ways a program
    no longer has removed (the ways it had are read back from its document, in
    real time, so an update not yet searchable still counts)."""
    had = previous_way_ids(es, ids)
    actions, kept = [], set()
    way_actions = []
    for page in visible:
        doc, ways = to_documents(page)
        actions.append(
            {
                "_op_type": "index",
                "_index": index_alias(),
                "_id": page.pk,
                "_source": doc,
            }
        )
        kept |= set(doc["way_ids"])
        way_actions += [
            {
                "_op_type": "index",
                "_index": ways_alias(),
                "_id": way["way_id"],
                "_source": way,
            }
            for way in ways
        ]
    gone = ids - {page.pk for page in visible}
    actions += [
        {"_op_type": "delete", "_index": index_alias(), "_id": pk} for pk in gone
    ]
    way_actions += [
        {"_op_type": "delete", "_index": ways_alias(), "_id": pk}
        for pk in sorted(had - kept)
    ]
    return actions + way_actions


def previous_way_ids(es, ids):
    """The ways to help the index holds for these programs (``way_ids`` of their
    documents; a real-time read)."""
    response = es.mget(index=index_alias(), ids=sorted(ids), source=["way_ids"])
    return {
        way_id
        for doc in response.body.get("docs", [])
        if doc.get("found")
        for way_id in doc.get("_source", {}).get("way_ids", [])
    }


def refresh_option():
    """ELASTICSEARCH_REFRESH ("wait_for" for tests against a live cluster) makes
    updates searchable before the request returns; unset, the cluster refreshes
    on its own schedule."""
    refresh = settings.ELASTICSEARCH_REFRESH
    return {"refresh": refresh} if refresh else {}


def queue(ids, error):
    for pk in ids:
        updated = PendingIndexUpdate.objects.filter(program_id=pk).update(
            attempts=F("attempts") + 1, last_error=error[:255]
        )
        if not updated:
            PendingIndexUpdate.objects.get_or_create(
                program_id=pk, defaults={"last_error": error[:255]}
            )


def retry_pending():
    """Send the queued updates again; True when the cluster took them."""
    return sync(PendingIndexUpdate.objects.values_list("program_id", flat=True))


def new_index_name(alias=None):
    return (
        f"{alias or index_alias()}-{time.strftime('%Y%m%d%H%M%S')}"
        f"-{time.time_ns() % 1000:03d}"
    )


def rebuild(es=None, stdout=None):
    """Build new program and ways-to-help indexes from every visible program, then
    point both aliases at them and drop the old indexes: searches keep working
    throughout."""
    es = es or client(timeout=60)
    name, ways_name = new_index_name(), new_index_name(ways_alias())
    index_definition(name).create(using=es)
    way_index_definition(ways_name).create(using=es)
    ids = []
    for batch in ProgramPage.objects.visible().in_batches(BATCH_SIZE):
        batch = with_ways(batch)
        ids += [page.pk for page in batch]
        docs = [(page.pk, *to_documents(page)) for page in batch]
        bulk(es, ({"_index": name, "_id": pk, "_source": doc} for pk, doc, _ in docs))
        bulk(
            es,
            (
                {"_index": ways_name, "_id": way["way_id"], "_source": way}
                for _, _, ways in docs
                for way in ways
            ),
        )
        if stdout:
            stdout.write(f"  {len(ids)} programs indexed")
    es.indices.refresh(index=[name, ways_name])
    swap_aliases(es, {index_alias(): name, ways_alias(): ways_name})
    PendingIndexUpdate.objects.filter(program_id__in=ids).delete()
    # The database's search rows are as they were (its own rebuild bumps).
    count_cache.bump(programs=())
    return name, len(ids)


def swap_aliases(es, targets):
    """Point each alias at its new index in one step, then drop the old ones."""
    actions, old_indexes = [], []
    for alias, name in targets.items():
        old = (
            list(es.indices.get_alias(name=alias).body)
            if es.indices.exists_alias(name=alias)
            else []
        )
        if not old and es.indices.exists(index=alias):
            es.indices.delete(index=alias)  # a plain index squatting on the alias
        actions += [{"remove": {"index": o, "alias": alias}} for o in old]
        actions.append({"add": {"index": name, "alias": alias}})
        old_indexes += old
    es.indices.update_aliases(actions=actions)
    for o in old_indexes:
        es.indices.delete(index=o, ignore_unavailable=True)


def check(es=None):
    """Programs missing from, stale in or extra in the indexes (a way to help that
    differs counts against its program), and pending updates."""
    report = CheckReport(
        pending=sorted(PendingIndexUpdate.objects.values_list("program_id", flat=True))
    )
    es = es or client(timeout=30)
    try:
        indexed = stored_fingerprints(es, index_alias(), "program_id")
        indexed_ways = stored_fingerprints(es, ways_alias(), "program_id")
    except ERRORS as error:
        report.error = type(error).__name__
        return report
    expected, expected_ways = {}, {}
    for batch in ProgramPage.objects.visible().in_batches(BATCH_SIZE):
        for page in with_ways(batch):
            doc, ways = to_documents(page)
            expected[page.pk] = (doc["fingerprint"], page.pk)
            expected_ways.update(
                {way["way_id"]: (way["fingerprint"], page.pk) for way in ways}
            )
    report.missing = sorted(set(expected) - set(indexed))
    report.extra = sorted(set(indexed) - set(expected))
    stale = {pk for pk in set(expected) & set(indexed) if expected[pk] != indexed[pk]}
    # A way missing, extra or changed: its program (as indexed or now) is stale.
    for way_id in set(expected_ways) | set(indexed_ways):
        if expected_ways.get(way_id) != indexed_ways.get(way_id):
            stale |= {
                pair[1]
                for pair in (expected_ways.get(way_id), indexed_ways.get(way_id))
                if pair
            }
    report.stale = sorted(stale & set(expected) - set(report.missing))
    report.extra = sorted(set(report.extra) | (stale - set(expected)))
    return report


def stored_fingerprints(es, alias, owner):
    """{document id: (fingerprint, owning program id)} of every document."""
    return {
        int(hit["_id"]): (
            hit["_source"].get("fingerprint"),
            hit["_source"].get(owner),
        )
        for hit in scan(
            es,
            index=alias,
            query={"query": {"match_all": {}}},
            _source=["fingerprint", owner],
        )
    }
