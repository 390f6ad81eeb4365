"""The Elasticsearch backend, offline: exact request bodies, the mapping, parsing of
recorded Elasticsearch 8 responses, index sync through a transport that records
requests, and the fallback to the database when the cluster is down or hangs.

The live contract suite (tests/test_search_contract.py) runs against a real cluster
when ELASTICSEARCH_URL is set.
"""

import json
import socket
import threading
import time
from pathlib import Path

import pytest
from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport._node._base import NodeApiResponse
from elasticsearch import Elasticsearch

from django.core.management import CommandError, call_command

from directory.models import NeedCategory
from home.breaker import CircuitBreaker
from search import count_cache
from search.backends import elasticsearch_sync
from search.backends.database import DatabaseSearchBackend
from search.backends.elasticsearch import (
    ElasticsearchSearchBackend,
    ProgramFacetedSearch,
)
from search.backends.elasticsearch_documents import (
    BREAKER,
    index_definition,
    to_document,
)
from search.models import PendingIndexUpdate
from search.query import SearchQuery
from search.words import STOP_WORDS
from tests.factories import ProgramPageFactory, county, state

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "elasticsearch"
ALIAS = "brightside-programs"

SCENARIOS = {
    "browse": SearchQuery(),
    "state": SearchQuery(state="TX"),
    "county-need-help": SearchQuery(
        state="TX",
        county="harris-county-tx",
        needs=("gas-cards", "rides-to-treatment"),
        help=("cash",),
    ),
    "text-relevance": SearchQuery(text="wigs for chemo"),
    # The words name a need (``search.words``): its programs match and come first.
    "words-name-a-need": SearchQuery(
        text="help paying electric bill", word_needs=("utility-bills",)
    ),
    # Too few programs had every word: any of them, forgiving typing slips.
    "any-word": SearchQuery(text="hotel lodge boston", any_word=True),
    "flags-lang-age-page": SearchQuery(
        for_mbc=True,
        maintenance_ok=True,
        open_now=True,
        self_apply=True,
        lang="es",
        age=40,
        sort="name",
        page=3,
    ),
    "nationwide-needs": SearchQuery(
        needs=("wigs-and-head-coverings",), nationwide_only=True, page_size=5
    ),
    # Lives in Portland, Maine; treated in Boston: lodging near either is found.
    "home-and-treated-near": SearchQuery(
        state="ME",
        county="cumberland-county-me",
        treated_state="MA",
        treated_county="suffolk-county-ma",
    ),
    "treated-near-only": SearchQuery(
        treated_state="MA", treated_county="suffolk-county-ma"
    ),
    # Read on the Spanish site: the Spanish text, each field's own analyser.
    "spanish-words": SearchQuery(
        text="pelucas quimioterapia",
        words_language="es",
        word_needs=("wigs-and-head-coverings",),
    ),
}


class RecordingNode(BaseNode):
    """A transport node that answers from a script and records every request. The
    real-time reads of an update's earlier ways to help (``_mget``) have their own
    script, answered "none found" when it is empty."""

    requests = []
    responses = []
    mget_responses = []

    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        text = body.decode() if body else ""
        self.requests.append((method, target, text))
        if "/_mget" in target:
            script, default = self.mget_responses, (200, {"docs": []})
        else:
            script, default = self.responses, (200, {})
        status, payload = script.pop(0) if script else default
        meta = ApiResponseMeta(
            status=status,
            http_version="1.1",
            headers=HttpHeaders(
                {
                    "content-type": "application/json",
                    "x-elastic-product": "Elasticsearch",
                }
            ),
            duration=0.0,
            node=self.config,
        )
        return NodeApiResponse(meta, json.dumps(payload).encode())

    def close(self):
        pass


@pytest.fixture(autouse=True)
def closed_breaker():
    BREAKER.reset()
    RecordingNode.requests = []
    RecordingNode.responses = []
    RecordingNode.mget_responses = []
    yield
    BREAKER.reset()


@pytest.fixture
def recording_client():
    return Elasticsearch("http://es.test:9200", node_class=RecordingNode, max_retries=0)


@pytest.fixture
def elastic_settings(settings):
    settings.DIRECTORY_SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://es.test:9200"
    settings.ELASTICSEARCH_INDEX_PREFIX = "brightside"
    return settings


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once closed


# --- Request bodies and mapping -----------------------------------------------


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_request_body_is_exactly_the_recorded_one(name):
    expected = json.loads((DATA / "request_bodies.json").read_text())[name]
    body = ProgramFacetedSearch(SCENARIOS[name], ALIAS).build_search().to_dict()
    body = json.loads(json.dumps(body))  # tuples to lists, as sent
    assert body == expected


def test_request_counts_are_disjunctive():
    body = ProgramFacetedSearch(SCENARIOS["county-need-help"], ALIAS)._s.to_dict()
    need_filter = json.dumps(body["aggs"]["_filter_need"]["filter"])
    help_filter = json.dumps(body["aggs"]["_filter_help"]["filter"])
    state_filter = json.dumps(body["aggs"]["_filter_state"]["filter"])
    assert "gas-cards" not in need_filter and "harris-county-tx" in need_filter
    assert '"cash"' not in help_filter and "gas-cards" in help_filter
    assert "harris-county-tx" not in state_filter and "gas-cards" in state_filter
    assert "gas-cards" in json.dumps(body["post_filter"])


def test_words_that_name_a_need_send_it_and_the_fallback_forgives_slips():
    bodies = json.loads((DATA / "request_bodies.json").read_text())
    named = json.dumps(bodies["words-name-a-need"]["query"])
    assert '"terms": {"needs": ["utility-bills"]}' in named
    assert '"analyzer": "brightside_search"' in named
    assert '"operator": "and"' in named and "fuzziness" not in named
    loose = json.dumps(bodies["any-word"]["query"])
    assert '"operator": "or"' in loose and '"fuzziness": "AUTO"' in loose


def test_the_index_reads_searches_with_the_need_words_as_synonyms():
    utility = NeedCategory.objects.get(slug="utility-bills")
    utility.search_words = "light bill\nPower company\nshut-off notice"
    utility.save()
    analysis = index_definition(ALIAS).to_dict()["settings"]["analysis"]
    search = analysis["analyzer"]["brightside_search"]
    assert search["filter"][1] == "brightside_need_words"
    rules = analysis["filter"]["brightside_need_words"]
    assert rules["type"] == "synonym_graph"
    assert (
        "utility bills, light bill, power company, shut off notice"
        in (rules["synonyms"])
    )


def test_mapping_has_keywords_for_facets_and_the_shared_analyser():
    definition = index_definition(ALIAS).to_dict()
    properties = definition["mappings"]["properties"]
    for name in ["needs", "help", "languages", "states", "whole_states", "counties"]:
        assert properties[name] == {"type": "keyword"}
    for name in ["nationwide", "is_closed", "for_mbc", "maintenance_ok", "self_apply"]:
        assert properties[name] == {"type": "boolean"}
    assert properties["title"] == {"type": "text", "analyzer": "brightside_english"}
    assert properties["verified_rank"] == {"type": "integer"}
    analysis = definition["settings"]["analysis"]
    assert analysis["filter"]["brightside_stop"]["stopwords"] == sorted(STOP_WORDS)
    assert analysis["filter"]["brightside_stemmer"]["language"] == "english"


def test_spanish_text_has_its_own_fields_and_analyser():
    definition = index_definition(ALIAS).to_dict()
    properties = definition["mappings"]["properties"]
    for name in ["title_es", "summary_es", "body_es"]:
        assert properties[name] == {"type": "text", "analyzer": "brightside_spanish"}
    analysis = definition["settings"]["analysis"]
    assert analysis["analyzer"]["brightside_spanish"]["filter"] == [
        "lowercase",
        "asciifolding",
        "brightside_stop_es",
        "brightside_stemmer_es",
    ]
    assert analysis["filter"]["brightside_stop_es"]["stopwords"] == "_spanish_"
    assert analysis["filter"]["brightside_stemmer_es"]["language"] == "spanish"


def test_spanish_searches_read_the_spanish_fields_with_their_analyser():
    bodies = json.loads((DATA / "request_bodies.json").read_text())
    spanish = json.dumps(bodies["spanish-words"]["query"])
    assert '"title_es^10", "organisation^4", "summary_es^2", "body_es"' in spanish
    assert "brightside_search" not in spanish  # its synonyms are English
    assert '"terms": {"needs": ["wigs-and-head-coverings"]}' in spanish
    assert '"match": {"title_es"' in spanish
    english = json.dumps(bodies["text-relevance"]["query"])
    assert "_es" not in english


def test_document_holds_the_spanish_text_with_the_english_standing_in(
    directory_page,
):
    program = ProgramPageFactory(
        parent=directory_page,
        title="Crown Wig Bank",
        title_es="Banco de Pelucas Crown",
        summary="A free wig, mailed to you.",
        award="One wig",
    )
    doc = to_document(program)
    assert doc["title_es"] == "Banco de Pelucas Crown Crown Wig Bank"
    assert doc["summary_es"] == "A free wig, mailed to you."  # no Spanish yet
    assert "One wig" in doc["body_es"]
    assert doc["title"] == "Crown Wig Bank"


# --- Parsing recorded responses -------------------------------------------------


@pytest.fixture
def programs(directory_page):
    grants = NeedCategory.objects.get(slug="cash-grants")
    return {
        "nationwide": ProgramPageFactory(
            parent=directory_page, title="Anywhere Fund", need_categories=[grants]
        ),
        "harris": ProgramPageFactory(
            parent=directory_page,
            title="Harris Help",
            regions=[county("harris-county-tx")],
            need_categories=[grants],
        ),
    }


def recorded_response(programs):
    """An Elasticsearch 8 search response, as the cluster returns it."""
    raw = json.loads((DATA / "search_response.json").read_text())
    ids = [programs["harris"].pk, programs["nationwide"].pk]
    for hit, pk in zip(raw["hits"]["hits"], ids, strict=True):
        hit["_id"] = str(pk)
    return raw


def test_recorded_response_becomes_results_in_cluster_order(programs):
    query = SearchQuery(state="TX", needs=("cash-grants",))
    results = ElasticsearchSearchBackend(es=object()).parse(
        query, recorded_response(programs)
    )
    assert results.total == 2
    assert [hit.title for hit in results.hits] == ["Harris Help", "Anywhere Fund"]
    assert results.hits[0].serves_part_of == "Texas"
    assert results.hits[1].serves_part_of == ""
    needs = {v.value: (v.count, v.selected) for v in results.facets["need"].values}
    assert needs["cash-grants"] == (2, True)
    assert needs["gas-cards"] == (0, False)
    states = {v.value: v.count for v in results.facets["state"].values}
    assert states["TX"] == 2  # one Texas program + one nationwide
    assert states["NY"] == 1  # the nationwide one
    assert results.facets["open_now"].values[0].count == 1
    assert results.facets["for_mbc"].values[0].count == 0
    assert not results.degraded


def test_search_sends_one_request_and_one_query_for_the_cards(
    programs, recording_client, django_assert_num_queries
):
    RecordingNode.responses = [(200, recorded_response(programs))]
    backend = ElasticsearchSearchBackend(es=recording_client)
    query = SearchQuery(state="TX", needs=("cash-grants",))
    with django_assert_num_queries(2):  # the search generation, the cards
        results = backend.search(query)
    assert [hit.title for hit in results.hits] == ["Harris Help", "Anywhere Fund"]
    ((method, target, body),) = RecordingNode.requests
    assert (method, target) == ("POST", f"/{ALIAS}/_search")
    assert json.loads(body)["post_filter"]
    # Asked again before anything changes: from the count cache, no request.
    with django_assert_num_queries(1):
        again = backend.search(query)
    assert again.hits == results.hits
    assert len(RecordingNode.requests) == 1


# --- Sync -----------------------------------------------------------------------


def bulk_actions():
    actions = []
    for _method, target, body in RecordingNode.requests:
        if target.endswith("/_bulk"):
            lines = [json.loads(line) for line in body.splitlines() if line]
            actions += [line for line in lines if set(line) & {"index", "delete"}]
    return actions


@pytest.fixture
def recording_sync(elastic_settings, recording_client, monkeypatch):
    monkeypatch.setattr(elasticsearch_sync, "client", lambda **kwargs: recording_client)
    return recording_client


def test_publish_unpublish_and_delete_reach_the_index_after_commit(
    directory_page, recording_sync, django_capture_on_commit_callbacks
):
    RecordingNode.responses = [(200, {"errors": False, "items": []})] * 3
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        program = ProgramPageFactory(parent=directory_page, title="Synced Fund")
    assert RecordingNode.requests == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert {"index": {"_index": ALIAS, "_id": program.pk}} in bulk_actions()
    _, _, body = RecordingNode.requests[-1]
    source = json.loads(body.splitlines()[1])
    assert source["title"] == "Synced Fund"
    assert source["states"] == ["US"] and source["nationwide"] is True

    RecordingNode.requests = []
    with django_capture_on_commit_callbacks(execute=True):
        program.unpublish()
    assert bulk_actions() == [{"delete": {"_index": ALIAS, "_id": program.pk}}]

    RecordingNode.requests = []
    with django_capture_on_commit_callbacks(execute=True):
        program.delete()
    assert bulk_actions() == [{"delete": {"_index": ALIAS, "_id": program.pk}}]


def test_document_holds_the_location_keys(directory_page):
    program = ProgramPageFactory(
        parent=directory_page, regions=[state("NY"), county("harris-county-tx")]
    )
    doc = to_document(program)
    assert doc["states"] == ["NY", "TX"]
    assert doc["whole_states"] == ["NY"]
    assert doc["counties"] == ["harris-county-tx"]
    assert doc["languages"] == ["en"]
    assert len(doc["fingerprint"]) == 16


def test_failed_update_is_queued_and_sent_later(
    directory_page, recording_sync, django_capture_on_commit_callbacks
):
    RecordingNode.responses = [(503, {"error": "unavailable"})]
    with django_capture_on_commit_callbacks(execute=True):
        program = ProgramPageFactory(parent=directory_page, title="Queued Fund")
    assert program.live
    assert list(PendingIndexUpdate.objects.values_list("program_id", flat=True)) == [
        program.pk
    ]
    BREAKER.reset()
    RecordingNode.responses = [(200, {"errors": False, "items": []})]
    call_command("search_index", "retry", verbosity=0)
    assert not PendingIndexUpdate.objects.exists()
    assert {"index": {"_index": ALIAS, "_id": program.pk}} in bulk_actions()


def test_nothing_is_sent_when_the_database_backend_is_in_use(
    directory_page, recording_client, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(elasticsearch_sync, "client", lambda **kwargs: recording_client)
    with django_capture_on_commit_callbacks(execute=True):
        ProgramPageFactory(parent=directory_page)
    assert RecordingNode.requests == []


# --- Unreachable cluster ---------------------------------------------------------


def test_publishing_with_the_cluster_down_succeeds_and_check_names_the_programs(
    directory_page, elastic_settings, django_capture_on_commit_callbacks, capsys
):
    elastic_settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"
    with django_capture_on_commit_callbacks(execute=True):
        published = ProgramPageFactory(parent=directory_page, title="Published Fund")
        gone = ProgramPageFactory(parent=directory_page, title="Unpublished Fund")
        gone.unpublish()
        deleted = ProgramPageFactory(parent=directory_page, title="Deleted Fund")
        deleted_pk = deleted.pk
        deleted.delete()
    assert published.live and not gone.live
    with pytest.raises(CommandError):
        call_command("search_index", "check")
    output = capsys.readouterr().out
    assert "unreachable" in output
    assert f"{published.pk}: Published Fund" in output
    assert f"{gone.pk}: Unpublished Fund" in output
    assert f"{deleted_pk}: (deleted)" in output


@pytest.fixture
def silent_server():
    """A socket that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}", accepted
    stop.set()
    thread.join(timeout=2)
    for connection in accepted:
        connection.close()
    server.close()


@pytest.mark.parametrize("kind", ["closed-port", "silent-socket"])
def test_unreachable_cluster_answers_from_the_database_quickly(
    directory_page, programs, settings, silent_server, kind
):
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    url = (
        f"http://127.0.0.1:{closed_port()}"
        if kind == "closed-port"
        else silent_server[0]
    )
    es = Elasticsearch(url, request_timeout=0.5, max_retries=0, retry_on_timeout=False)
    backend = ElasticsearchSearchBackend(es=es, breaker=CircuitBreaker(60))
    query = SearchQuery(state="TX")

    started = time.monotonic()
    results = backend.search(query)
    assert time.monotonic() - started < 2
    expected = DatabaseSearchBackend().search(query)
    assert results.degraded
    assert [hit.program_id for hit in results.hits] == [
        hit.program_id for hit in expected.hits
    ]
    assert results.total == expected.total
    assert backend.breaker.is_open

    before = len(silent_server[1])
    started = time.monotonic()
    again = backend.search(query)
    assert time.monotonic() - started < 0.5
    assert again.degraded
    assert len(silent_server[1]) == before  # the open breaker did not try the cluster


def test_failure_is_logged_without_the_search_terms(programs, caplog):
    class Failing:
        def search(self, **kwargs):
            from elastic_transport import ConnectionError

            raise ConnectionError("refused")

    backend = ElasticsearchSearchBackend(es=Failing(), breaker=CircuitBreaker(60))
    with caplog.at_level("DEBUG"):
        results = backend.search(SearchQuery(text="secretdiagnosis"))
    assert results.degraded
    assert "ConnectionError" in caplog.text
    assert "secretdiagnosis" not in caplog.text


def test_breaker_closes_again_after_its_cooldown():
    breaker = CircuitBreaker(0.05)
    breaker.trip()
    assert breaker.is_open
    time.sleep(0.06)
    assert not breaker.is_open


@pytest.mark.parametrize(
    ("refresh", "target"), [("", "/_bulk"), ("wait_for", "/_bulk?refresh=wait_for")]
)
def test_updates_ask_for_the_configured_refresh(
    refresh,
    target,
    directory_page,
    elastic_settings,
    recording_sync,
    django_capture_on_commit_callbacks,
):
    elastic_settings.ELASTICSEARCH_REFRESH = refresh
    RecordingNode.responses = [(200, {"errors": False, "items": []})]
    with django_capture_on_commit_callbacks(execute=True):
        ProgramPageFactory(parent=directory_page, title="Refreshed Fund")
    assert [request[1] for request in RecordingNode.requests] == [
        f"/{ALIAS}/_mget?_source=way_ids",
        target,
    ]


def test_an_update_the_cluster_took_moves_the_search_generation(
    directory_page, recording_sync, django_capture_on_commit_callbacks
):
    """Counts cached from the cluster before it took a publish are not used after
    (the database write moved it too, but the cluster answers only from now)."""
    RecordingNode.responses = [(200, {"errors": False, "items": []})]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ProgramPageFactory(parent=directory_page, title="Counted Fund")
    committed = count_cache.generation()
    for callback in callbacks:
        callback()
    assert count_cache.generation()[0] == committed[0] + 1


def test_an_update_the_cluster_refused_leaves_the_generation(
    directory_page, recording_sync, django_capture_on_commit_callbacks
):
    RecordingNode.responses = [(503, {"error": "unavailable"})] * 3
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ProgramPageFactory(parent=directory_page, title="Queued Fund")
    committed = count_cache.generation()
    for callback in callbacks:
        callback()
    assert PendingIndexUpdate.objects.exists()
    assert count_cache.generation() == committed
