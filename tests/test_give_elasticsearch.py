"""``/give/`` on the Elasticsearch backend, offline: the exact request bodies (and
what they must mean: the place narrowing everything, each facet's counts applying
every filter but its own), parsing a recorded Elasticsearch 8 response, ways to help
in the after-commit sync, rebuild and check, and the database answering when the
cluster fails. The live contract suite (tests/test_give_contract.py) runs against a
real cluster when ELASTICSEARCH_URL is set."""

import json

import pytest
from elasticsearch import Elasticsearch

from django.test import TestCase

from directory.models import NeedCategory
from home.breaker import CircuitBreaker
from search.backends import elasticsearch_sync
from search.backends.database import DatabaseSearchBackend
from search.backends.elasticsearch import ElasticsearchSearchBackend
from search.backends.elasticsearch_documents import to_documents, within_window
from search.backends.elasticsearch_give import WayFacetedSearch
from search.give import GiveQuery
from search.query import SearchQuery
from tests.factories import ProgramPageFactory, county
from tests.test_search_elasticsearch import DATA, RecordingNode, bulk_actions

pytestmark = pytest.mark.django_db

WAYS = "brightside-ways"
PROGRAMS = "brightside-programs"
SCENARIOS = {
    "browse": GiveQuery(),
    "county-kind-roles": GiveQuery(
        zip="78701",
        state="TX",
        county="travis-county-tx",
        kinds=("volunteer",),
        roles=("driver", "cook"),
    ),
    "state-need-page": GiveQuery(state="TX", needs=("gas-cards",), page=2),
}


@pytest.fixture(autouse=True)
def recording(settings, monkeypatch):
    settings.DIRECTORY_SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://es.test:9200"
    settings.ELASTICSEARCH_INDEX_PREFIX = "brightside"
    RecordingNode.requests, RecordingNode.responses = [], []
    RecordingNode.mget_responses = []
    es = Elasticsearch("http://es.test:9200", node_class=RecordingNode, max_retries=0)
    monkeypatch.setattr(elasticsearch_sync, "client", lambda **kwargs: es)
    elasticsearch_sync.BREAKER.reset()
    yield es
    elasticsearch_sync.BREAKER.reset()


@pytest.fixture
def suppers(directory_page):
    """A Travis County program with a cook there and a fund from anywhere."""
    with TestCase.captureOnCommitCallbacks(execute=False):
        return ProgramPageFactory(
            parent=directory_page,
            title="Austin Suppers",
            need_categories=[NeedCategory.objects.get(slug="groceries-and-meals")],
            regions=[county("travis-county-tx")],
            ways_to_help=[
                {
                    "kind": "volunteer",
                    "role": "cook",
                    "next_step": "Cook suppers in Austin",
                    "reach": "places",
                    "places": [county("travis-county-tx")],
                },
                {"kind": "money", "next_step": "Give to the supper fund"},
            ],
        )


def body_of(name):
    return json.loads(json.dumps(WayFacetedSearch(SCENARIOS[name], WAYS)._s.to_dict()))


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_request_body_is_exactly_the_recorded_one(name):
    expected = json.loads((DATA / "give_request_bodies.json").read_text())[name]
    assert body_of(name) == expected


def test_each_facets_counts_apply_every_filter_but_its_own():
    body = body_of("county-kind-roles")
    kind = json.dumps(body["aggs"]["_filter_kind"]["filter"])
    role = json.dumps(body["aggs"]["_filter_role"]["filter"])
    need = json.dumps(body["aggs"]["_filter_need"]["filter"])
    assert "driver" in kind and "volunteer" not in kind
    assert "volunteer" in role and "driver" not in role
    assert "volunteer" in need and "driver" in need
    post = json.dumps(body["post_filter"])
    assert "volunteer" in post and "cook" in post


def test_the_place_narrows_hits_and_counts_and_keeps_remote_ways():
    body = body_of("county-kind-roles")
    (place,) = body["query"]["bool"]["filter"]
    either = place["bool"]["should"]
    assert {"terms": {"reach": ["remote", "nationwide"]}} in either
    assert {"term": {"counties": "travis-county-tx"}} in either
    assert {"term": {"whole_states": "TX"}} in either
    state_only = json.dumps(body_of("state-need-page")["query"])
    assert '"county_states": "TX"' in state_only
    assert "query" not in body_of("browse")  # no place: every way


def test_order_is_closeness_then_organisation_then_next_step():
    body = body_of("state-need-page")
    closeness, *rest = body["sort"]
    assert closeness["_script"]["script"]["params"] == {"state": "TX", "county": None}
    assert rest == [
        {"sort_organisation": {"order": "asc"}},
        {"sort_next_step": {"order": "asc"}},
        {"way_id": {"order": "asc"}},
    ]
    assert (body["from"], body["size"]) == (20, 20)


def recorded_response(suppers):
    raw = json.loads((DATA / "give_search_response.json").read_text())
    cook, fund = suppers.ways_to_help.order_by("sort_order", "pk")
    for hit, way in zip(raw["hits"]["hits"], (cook, fund), strict=True):
        hit["_id"] = str(way.pk)
    return raw


def test_recorded_response_becomes_cards_and_counts(suppers, recording):
    RecordingNode.responses = [(200, recorded_response(suppers))]
    query = GiveQuery.from_params({"zip": "78701"})
    results = ElasticsearchSearchBackend(es=recording).give(query)
    assert [hit.next_step for hit in results.hits] == [
        "Cook suppers in Austin",
        "Give to the supper fund",
    ]
    assert [hit.where for hit in results.hits] == [
        "Near you: Travis County, TX",
        "From anywhere: online, by mail or from home",
    ]
    assert results.hits[0].program_title == "Austin Suppers"
    kinds = {value.value: value.count for value in results.facets["kind"].values}
    assert kinds == {"money": 1, "items": 0, "volunteer": 1, "sponsor": 0}
    assert not results.degraded
    ((method, target, _),) = RecordingNode.requests
    assert (method, target) == ("POST", f"/{WAYS}/_search")


def test_a_failing_cluster_is_answered_by_the_database_marked_degraded(suppers):
    class Failing:
        def search(self, **kwargs):
            from elastic_transport import ConnectionError

            raise ConnectionError("refused")

    backend = ElasticsearchSearchBackend(es=Failing(), breaker=CircuitBreaker(60))
    query = GiveQuery.from_params({"zip": "78701"})
    results = backend.give(query)
    expected = DatabaseSearchBackend().give(query)
    assert results.degraded and backend.breaker.is_open
    assert results.hits == expected.hits and results.facets == expected.facets


def test_a_missing_ways_index_is_answered_by_the_database_without_tripping_the_breaker(
    suppers,
):
    """Before the first rebuild there is no ways index: /give/ is answered from the
    database, and the patient search and index updates keep using the cluster."""

    class NoIndex:
        def search(self, **kwargs):
            from elasticsearch import NotFoundError

            raise NotFoundError("index_not_found_exception", mock_meta(404), {})

    backend = ElasticsearchSearchBackend(es=NoIndex(), breaker=CircuitBreaker(60))
    results = backend.give(GiveQuery.from_params({"zip": "78701"}))
    assert results.degraded and results.total == 2
    assert not backend.breaker.is_open


def mock_meta(status):
    from elastic_transport import ApiResponseMeta, HttpHeaders

    return ApiResponseMeta(status, "1.1", HttpHeaders(), 0.01, None)


def test_a_page_past_the_clusters_window_is_never_sent(recording):
    """Elasticsearch refuses to read past 10,000 results (a 400, which would open
    the breaker): such a page is asked as the last page within reach."""
    body = WayFacetedSearch(within_window(GiveQuery(page=900)), WAYS)._s.to_dict()
    assert body["from"] + body["size"] == 10_000
    program_page = within_window(SearchQuery(page=9_000))
    assert program_page.page * program_page.page_size == 10_000
    assert within_window(GiveQuery(page=3)).page == 3


def test_ways_done_only_from_anywhere_are_asked_for_by_their_reach():
    query = GiveQuery(reaches=("remote", "nationwide"))
    body = WayFacetedSearch(query, WAYS)._s.to_dict()
    assert body["query"]["bool"]["filter"] == [
        {"terms": {"reach": ["remote", "nationwide"]}}
    ]


def test_way_documents_carry_the_place_keys_and_the_programs_needs(suppers):
    program_doc, (cook, fund) = to_documents(suppers)
    assert program_doc["way_ids"] == sorted([cook["way_id"], fund["way_id"]])
    assert (cook["kind"], cook["role"], cook["reach"]) == (
        "volunteer",
        "cook",
        "places",
    )
    assert cook["counties"] == ["travis-county-tx"] and cook["county_states"] == ["TX"]
    assert fund["role"] is None and fund["counties"] == []
    assert cook["needs"] == fund["needs"] == ["groceries-and-meals"]


def test_sync_sends_the_ways_and_removes_the_ones_a_program_no_longer_has(suppers):
    cook, fund = suppers.ways_to_help.order_by("sort_order", "pk")
    # The index still holds a way the program had before this edit.
    RecordingNode.mget_responses = [
        (
            200,
            {
                "docs": [
                    {
                        "_id": str(suppers.pk),
                        "found": True,
                        "_source": {"way_ids": [cook.pk, fund.pk, 999]},
                    }
                ]
            },
        )
    ]
    RecordingNode.responses = [(200, {"errors": False, "items": []})]
    assert elasticsearch_sync.sync([suppers.pk])
    actions = bulk_actions()
    assert actions[0] == {"index": {"_index": PROGRAMS, "_id": suppers.pk}}
    assert {"index": {"_index": WAYS, "_id": cook.pk}} in actions
    assert {"index": {"_index": WAYS, "_id": fund.pk}} in actions
    assert {"delete": {"_index": WAYS, "_id": 999}} in actions


def test_an_unpublished_program_takes_its_ways_out_of_the_index(suppers):
    cook, fund = suppers.ways_to_help.order_by("sort_order", "pk")
    suppers.unpublish()
    RecordingNode.mget_responses = [
        (
            200,
            {
                "docs": [
                    {
                        "_id": str(suppers.pk),
                        "found": True,
                        "_source": {"way_ids": [cook.pk, fund.pk]},
                    }
                ]
            },
        )
    ]
    RecordingNode.responses = [(200, {"errors": False, "items": []})]
    assert elasticsearch_sync.sync([suppers.pk])
    assert bulk_actions() == [
        {"delete": {"_index": PROGRAMS, "_id": suppers.pk}},
        {"delete": {"_index": WAYS, "_id": cook.pk}},
        {"delete": {"_index": WAYS, "_id": fund.pk}},
    ]


def test_a_failed_read_of_earlier_ways_queues_the_program(suppers):
    from search.models import PendingIndexUpdate

    RecordingNode.mget_responses = [(503, {"error": "unavailable"})]
    assert not elasticsearch_sync.sync([suppers.pk])
    assert list(PendingIndexUpdate.objects.values_list("program_id", flat=True)) == [
        suppers.pk
    ]


def test_rebuild_builds_both_indexes_and_swaps_both_aliases(suppers, recording):
    created = {"acknowledged": True}
    taken = {"errors": False, "items": [{"index": {"status": 201}}] * 2}
    RecordingNode.responses = [
        (200, created),  # the programs index
        (200, created),  # the ways index
        (200, {"errors": False, "items": [{"index": {"status": 201}}]}),
        (200, taken),
        (200, {}),  # refresh
        (404, {}),  # no programs alias yet, nor an index of its name
        (404, {}),
        (404, {}),  # nor for ways
        (404, {}),
        (200, created),  # the aliases
    ]
    name, count = elasticsearch_sync.rebuild(es=recording)
    assert count == 1
    targets = [target for _, target, _ in RecordingNode.requests]
    assert targets[0].startswith(f"/{PROGRAMS}-") and targets[1].startswith(f"/{WAYS}-")
    way_mapping = json.loads(RecordingNode.requests[1][2])["mappings"]["properties"]
    assert way_mapping["kind"] == {"type": "keyword"}
    _, target, body = RecordingNode.requests[-1]
    assert target == "/_aliases"
    added = [action["add"]["alias"] for action in json.loads(body)["actions"]]
    assert added == [PROGRAMS, WAYS]


def scanned(hits):
    """The three responses of one ``scan``: a page of hits, an empty page, the
    cleared scroll."""
    shards = {"total": 1, "successful": 1, "skipped": 0, "failed": 0}
    return [
        (200, {"_scroll_id": "s", "_shards": shards, "hits": {"hits": hits}}),
        (200, {"_scroll_id": "s", "_shards": shards, "hits": {"hits": []}}),
        (200, {"succeeded": True, "num_freed": 1}),
    ]


def test_check_names_the_program_of_a_changed_or_leftover_way(suppers, recording):
    program_doc, (cook, fund) = to_documents(suppers)

    def hit(pk, fingerprint, program_id):
        source = {"fingerprint": fingerprint, "program_id": program_id}
        return {"_id": str(pk), "_source": source}

    RecordingNode.responses = [
        *scanned([hit(suppers.pk, program_doc["fingerprint"], suppers.pk)]),
        *scanned(
            [
                hit(cook["way_id"], cook["fingerprint"], suppers.pk),
                hit(fund["way_id"], "an-older-one", suppers.pk),
                hit(999, "left-behind", 777),  # a way of a program since deleted
            ]
        ),
    ]
    report = elasticsearch_sync.check(es=recording)
    assert report.stale == [suppers.pk]
    assert report.extra == [777]
    assert report.missing == []
