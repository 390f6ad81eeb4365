"""Facet counts in memory (``search.bitmaps``): the same answers as the SQL counts
for every kind of search, and a worker's bitmaps catching up with every write (a
publish, an unpublish, another connection's commit, a rolled-back write) by reading
only the programs changed, or everything when the change records cannot tell."""

import threading

import pytest

from django.db import DatabaseError, connection, connections, transaction
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from search import bitmaps, count_cache
from search.backends import get_backend
from search.indexing import rebuild
from search.models import SearchChange
from search.query import SearchQuery
from tests.test_search_contract import DATASET, in_step, make_program

pytestmark = pytest.mark.django_db

# Every facet chosen and not, with and without words, places and flags.
QUERIES = [
    "",
    "state=tx",
    "state=tx&county=harris-county-tx",
    "zip=77002",
    "state=ny&need=groceries",
    "need=groceries&need=rides",
    "need=gas-cards&help=card",
    "help=goods&help=service&state=tx",
    "for_mbc=1",
    "maintenance_ok=1&open_now=1",
    "self_apply=1&maintenance_confirmed=1&state=ca",
    "lang=es",
    "age=30&need=rides",
    "q=rides",
    "q=wig+voucher&state=ca",
    "q=lone+zeppelin&state=tx",  # widened to any word
    "q=meals&need=groceries&help=goods&state=ny&open_now=1",
    "need=wigs&state=nv",  # nothing
    "treated_near=77002&need=rides",  # help given at a place near the treatment
    "state=tx&treated_near=10001",
]


@pytest.fixture(autouse=True)
def uncached(settings):
    settings.SEARCH_CACHE_SIZE = 0  # every search counts


@pytest.fixture
def programs(directory_page):
    """The search contract's twelve programs."""
    with in_step():
        return {spec["title"]: make_program(directory_page, **spec) for spec in DATASET}


@pytest.fixture
def texas(directory_page):
    """Two Texas gas-card programs."""
    with in_step():
        return [
            make_program(directory_page, ["gas-cards"], ["TX"], title=title)
            for title in ["Lone Star Fuel Cards", "Gulf Coast Gas Fund"]
        ]


def parsed(params):
    return SearchQuery.from_params(QueryDict(params))


def ask(params):
    return get_backend().search(parsed(params))


def answer(query):
    results = get_backend().search(query)
    return results.total, [hit.program_id for hit in results.hits], results.facets


def need_count(params, need):
    return next(
        value.count
        for value in ask(params).facets["need"].values
        if value.value == need
    )


@pytest.fixture
def reads(monkeypatch):
    """The programs each read of the stored rows asked for (None: all of them)."""
    asked = []
    original = bitmaps.read

    def spy(ids=None, generation=None):
        asked.append(None if ids is None else set(ids))
        return original(ids, generation)

    monkeypatch.setattr(bitmaps, "read", spy)
    return asked


def test_counts_in_memory_equal_the_sql_counts(programs, settings):
    ask("state=ca")  # the bitmaps read
    queries = [parsed(params) for params in QUERIES]
    # The empty state's "nationwide programs for your needs" (not a URL parameter).
    queries.append(parsed("need=groceries").replace(nationwide_only=True))
    for query in queries:
        settings.SEARCH_FACET_BITMAPS = False
        with CaptureQueriesContext(connection) as sql:
            expected = answer(query)
        settings.SEARCH_FACET_BITMAPS = True
        with CaptureQueriesContext(connection) as in_memory:
            assert answer(query) == expected, query
        assert any("GROUP BY" in q["sql"] for q in sql.captured_queries), query
        for statement in in_memory.captured_queries:
            assert "GROUP BY" not in statement["sql"], query
            assert "COUNT(" not in statement["sql"], query


def test_a_publish_is_read_alone(texas, directory_page, reads):
    assert need_count("state=tx", "gas-cards") == 2
    assert reads == [None]
    with in_step():
        added = make_program(directory_page, ["gas-cards"], ["TX"], title="Big Bend")
    assert need_count("state=tx", "gas-cards") == 3
    assert reads[1:] and all(ids == {added.pk} for ids in reads[1:])


def test_an_unpublish_is_read_alone(texas, reads):
    lone_star = texas[0]
    assert need_count("state=tx", "gas-cards") == 2
    with in_step():
        lone_star.unpublish()
    assert need_count("state=tx", "gas-cards") == 1
    assert reads[1:] and all(ids == {lone_star.pk} for ids in reads[1:])


def test_a_rebuild_reads_everything_again(texas, reads):
    ask("state=tx")
    rebuild()
    ask("state=tx")
    assert reads == [None, None]


def test_a_process_further_behind_than_the_records_reads_everything(texas, reads):
    ask("state=tx")
    lone_star, gulf_coast = texas
    get_backend().remove_programs([lone_star.pk])
    get_backend().remove_programs([gulf_coast.pk])
    # The record of the first removal is no longer kept.
    first_removal = count_cache.generation()[0] - 1
    SearchChange.objects.filter(generation=first_removal).delete()
    assert ask("state=tx").total == 0
    assert reads == [None, None]


def test_a_rolled_back_write_is_forgotten(texas, reads):
    lone_star = texas[0]
    assert need_count("state=tx", "gas-cards") == 2
    with pytest.raises(RuntimeError), transaction.atomic():
        get_backend().remove_programs([lone_star.pk])
        assert need_count("state=tx", "gas-cards") == 1
        raise RuntimeError
    # The snapshot held the removal: it is read again as the database has it.
    assert need_count("state=tx", "gas-cards") == 2
    # A later write takes the rolled-back generation's number, with another token:
    # read alone, from the generation read again.
    get_backend().remove_programs([lone_star.pk])
    assert need_count("state=tx", "gas-cards") == 1
    assert reads == [None, {lone_star.pk}, None, {lone_star.pk}]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_another_connections_commit_is_read_in_the_next_search(texas, reads):
    """Another worker's write reaches this worker only through the database."""
    lone_star = texas[0]
    assert need_count("state=tx", "gas-cards") == 2

    def other_worker():
        try:
            get_backend().remove_programs([lone_star.pk])
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_worker)
    thread.start()
    thread.join()
    assert need_count("state=tx", "gas-cards") == 1
    assert reads == [None, {lone_star.pk}]


def test_turned_off_nothing_is_read(texas, reads, settings):
    settings.SEARCH_FACET_BITMAPS = False
    assert need_count("state=tx", "gas-cards") == 2
    assert reads == []
    assert bitmaps.BITMAPS.snapshot is None


def test_a_change_of_many_programs_is_recorded_as_a_change_of_everything(texas):
    count_cache.bump(programs=range(count_cache.MOST_CHANGED + 1))
    latest = SearchChange.objects.order_by("-generation").first()
    assert latest.programs is None
    count_cache.bump(programs=[texas[0].pk])
    latest = SearchChange.objects.order_by("-generation").first()
    assert latest.programs == [texas[0].pk]


def test_a_failed_read_counts_in_sql_and_keeps_the_snapshot(texas, monkeypatch):
    ask("state=tx")
    kept = bitmaps.BITMAPS.snapshot
    get_backend().remove_programs([texas[0].pk])

    def broken(snapshot, generation):
        raise DatabaseError("the database went away")

    monkeypatch.setattr(bitmaps, "caught_up", broken)
    with CaptureQueriesContext(connection) as queries:
        assert need_count("state=tx", "gas-cards") == 1
    assert any("GROUP BY" in q["sql"] for q in queries.captured_queries)
    assert bitmaps.BITMAPS.snapshot is kept
