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
from search.backends.base import CheckReport
from search.backends.elasticsearch_documents import (
    BREAKER,
    ERRORS,
    client,
    index_alias,
    index_definition,
    to_document,
)
from search.models import PendingIndexUpdate

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
    pages = list(ProgramPage.objects.filter(pk__in=ids).with_details())
    visible = [page for page in pages if page.is_visible()]
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
    return True


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


def new_index_name():
    return (
        f"{index_alias()}-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 1000:03d}"
    )


def rebuild(es=None, stdout=None):
    """Build a new index from every visible program, then point the alias at it
    and drop the old index: searches keep working throughout."""
    es = es or client(timeout=60)
    alias, name = index_alias(), new_index_name()
    index_definition(name).create(using=es)
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
