"""The count cache (``search.count_cache``): searches without words are answered from
each worker's memory until the search generation moves. A publish, an unpublish, a
taxonomy rename or another connection's write must show in the very next search;
nothing typed may enter the cache; it stays bounded; degraded answers are not kept."""

import threading

import pytest

from django.db import DatabaseError, connections, transaction
from django.http import QueryDict

from directory.choices import HelpType
from directory.models import NeedCategory, ProgramPage
from home.breaker import CircuitBreaker
from search import count_cache
from search.backends import get_backend
from search.backends.elasticsearch import ElasticsearchSearchBackend
from search.models import SearchGeneration
from search.query import SearchQuery
from tests.factories import ProgramPageFactory, state

pytestmark = pytest.mark.django_db

GAS = "gas-cards"


@pytest.fixture
def texas(directory_page):
    """Two Texas gas-card programs."""
    gas = list(NeedCategory.objects.filter(slug=GAS))
    return [
        ProgramPageFactory(
            parent=directory_page,
            title=title,
            need_categories=gas,
            regions=[state("TX")],
            help_types=[HelpType.CARD],
        )
        for title in ["Lone Star Fuel Cards", "Gulf Coast Gas Fund"]
    ]


def ask(params):
    return get_backend().search(SearchQuery.from_params(QueryDict(params)))


def gas_count(results):
    return next(v.count for v in results.facets["need"].values if v.value == GAS)


def test_a_warm_search_reads_only_the_generation(
    texas, django_assert_num_queries, django_assert_max_num_queries
):
    query = SearchQuery.from_params(QueryDict(f"state=tx&need={GAS}"))
    ask("state=ca")  # this process reads its facet bitmaps (search.bitmaps)
    # The generation (for the cache, then the bitmaps), the hits, and the ids of
    # the results, of them without the need and without the state.
    with django_assert_max_num_queries(6):
        cold = get_backend().search(query)
    with django_assert_num_queries(1):
        warm = get_backend().search(query)
    assert warm.total == cold.total == 2
    assert warm.hits == cold.hits
    assert warm.facets == cold.facets


def test_a_publish_shows_in_the_next_search(texas, directory_page):
    before = ask("state=tx")
    kept = len(count_cache.CACHE)
    ProgramPageFactory(
        parent=directory_page,
        title="Big Bend Gas Help",
        need_categories=list(NeedCategory.objects.filter(slug=GAS)),
        regions=[state("TX")],
    )
    after = ask("state=tx")
    # The old answer is still in memory (a worker that did not publish keeps it);
    # only the generation tells it apart.
    assert len(count_cache.CACHE) == kept + 1
    assert (before.total, gas_count(before)) == (2, 2)
    assert (after.total, gas_count(after)) == (3, 3)
    assert "Big Bend Gas Help" in [hit.title for hit in after.hits]


def test_an_unpublish_shows_in_the_next_search(texas):
    assert ask(f"need={GAS}").total == 2
    ProgramPage.objects.get(pk=texas[0].pk).unpublish()
    after = ask(f"need={GAS}")
    assert after.total == 1
    assert [hit.title for hit in after.hits] == ["Gulf Coast Gas Fund"]


def test_a_need_rename_shows_in_the_next_search(texas):
    ask("state=tx")
    need = NeedCategory.objects.get(slug=GAS)
    need.name = "Fuel cards"
    need.save()
    labels = {v.value: v.label for v in ask("state=tx").facets["need"].values}
    assert labels[GAS] == "Fuel cards"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_bump_from_another_connection_makes_the_next_search_miss(texas):
    """Another worker's publish reaches this worker only through the database."""
    query = SearchQuery.from_params(QueryDict("state=tx"))
    backend = get_backend()
    backend.search(query)
    misses = []
    original = backend.search_uncached

    def counted(q):
        misses.append(q)
        return original(q)

    backend.search_uncached = counted
    try:
        backend.search(query)
        assert misses == []  # warm

        def other_worker():
            try:
                count_cache.bump()
            finally:
                connections.close_all()

        thread = threading.Thread(target=other_worker)
        thread.start()
        thread.join()
        backend.search(query)
        assert misses == [query]
    finally:
        del backend.search_uncached


def test_a_rolled_back_bump_never_shares_a_key_with_a_later_one(texas):
    before = count_cache.generation()
    try:
        with transaction.atomic():
            count_cache.bump()
            rolled_back = count_cache.generation()
            raise RuntimeError
    except RuntimeError:
        pass
    assert count_cache.generation() == before
    count_cache.bump()
    assert count_cache.generation() != rolled_back
    assert count_cache.generation()[0] == before[0] + 1


@pytest.mark.parametrize(
    "params",
    ["q=gas", "q=secretdiagnosis&state=tx", "q=the+help+free", "q=gsa+crads"],
    ids=["word", "word-and-state", "filler-words-only", "misspelt"],
)
def test_searches_with_words_are_never_cached(texas, params):
    ask(params)
    get_backend().count(SearchQuery.from_params(QueryDict(params)))
    assert len(count_cache.CACHE) == 0


def test_no_key_holds_what_was_typed(texas):
    ask("zip=78701&need=gas-cards")
    ask("q=secretdiagnosis&zip=78701")
    ask("state=tx&q=zzzzunusual")
    keys = repr(list(count_cache.CACHE.entries))
    assert len(count_cache.CACHE) == 1
    for typed in ["secretdiagnosis", "zzzzunusual", "78701"]:
        assert typed not in keys
    # The ZIP is kept as its state and county.
    assert "travis-county-tx" in keys


def test_the_cache_is_bounded(texas, settings):
    settings.SEARCH_CACHE_SIZE = 3
    for page in range(1, 6):
        ask(f"state=tx&page={page}")
    assert len(count_cache.CACHE) == 3
    ask("state=tx&page=5")  # the newest is kept
    assert len(count_cache.CACHE) == 3
    count_cache.CACHE.clear()
    # More than a page of hits (the screener's thousand) is not kept.
    get_backend().search(SearchQuery(state="TX", page_size=1000))
    assert len(count_cache.CACHE) == 0


def test_size_zero_turns_it_off(texas, settings):
    settings.SEARCH_CACHE_SIZE = 0
    ask("state=tx")
    assert len(count_cache.CACHE) == 0


def test_degraded_answers_are_not_cached(texas):
    class Failing:
        def search(self, **kwargs):
            from elastic_transport import ConnectionError

            raise ConnectionError("refused")

    backend = ElasticsearchSearchBackend(es=Failing(), breaker=CircuitBreaker(60))
    results = backend.search(SearchQuery(state="TX"))
    assert results.degraded
    assert results.total == 2
    assert len(count_cache.CACHE) == 0


def test_nothing_is_cached_when_the_generation_cannot_be_read(texas, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("gone")

    monkeypatch.setattr(SearchGeneration.objects, "filter", broken)
    assert ask("state=tx").total == 2
    assert len(count_cache.CACHE) == 0


def test_every_search_storage_write_bumps_the_generation(texas):
    backend = get_backend()
    seen = [count_cache.generation()]
    for write in [
        lambda: backend.index_programs([texas[0].pk]),
        lambda: backend.remove_programs([texas[0].pk]),
        lambda: backend.rebuild(),
    ]:
        write()
        seen.append(count_cache.generation())
    assert len(set(seen)) == len(seen)


def test_a_cached_answer_carries_the_query_asked(texas):
    """Two ZIP codes of one county share an answer, each with its own query."""
    first = ask("zip=78701")
    second = ask("zip=78702")
    assert len(count_cache.CACHE) == 1
    assert (first.query.zip, second.query.zip) == ("78701", "78702")
    assert first.total == second.total
