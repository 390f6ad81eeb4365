"""A program as Elasticsearch stores it (the mapping and the document built from the
search rows), and the client with its short timeout and circuit breaker. Only the
``search/backends/elasticsearch*`` modules import the Elasticsearch client."""

import hashlib
import json

from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch
from elasticsearch.dsl import (
    Boolean,
    Document,
    Index,
    Integer,
    Keyword,
    Text,
    analyzer,
    token_filter,
)

from django.conf import settings

from directory.taxonomy import taxonomy
from home.breaker import CircuitBreaker
from home.i18n import in_default_language
from search.fulltext import document
from search.models import (
    ProgramSearchCounty,
    ProgramSearchHelp,
    ProgramSearchLanguage,
    ProgramSearchNeed,
    ProgramSearchReach,
    ProgramSearchState,
    WaySearchEntry,
    WaySearchPlace,
)
from search.rows import build_rows
from search.words import STOP_WORDS, tokens

# Lower case, the same stop words as the database backend, Porter stemming (as FTS5).
english = analyzer(
    "brightside_english",
    tokenizer="standard",
    filter=[
        "lowercase",
        token_filter("brightside_stop", "stop", stopwords=sorted(STOP_WORDS)),
        token_filter("brightside_stemmer", "stemmer", language="english"),
    ],
)

# The same words as the database's Spanish text: lower case, accents folded
# ("quimioterápia" is "quimioterapia"), Spanish stop words, the Snowball stemmer.
spanish = analyzer(
    "brightside_spanish",
    tokenizer="standard",
    filter=[
        "lowercase",
        "asciifolding",
        token_filter("brightside_stop_es", "stop", stopwords="_spanish_"),
        token_filter("brightside_stemmer_es", "stemmer", language="spanish"),
    ],
)

TEXT_FIELDS = ["title^10", "organisation^4", "summary^2", "body"]
# What searches read in Spanish (the Spanish site's words) look in.
TEXT_FIELDS_ES = ["title_es^10", "organisation^4", "summary_es^2", "body_es"]

# The analyser searches read their words with: the index one, with each need's
# everyday words as synonyms of each other ("light bill" finds "electric bill").
# It is defined when an index is built (``index_definition``), from the need words
# of that moment; the needs the words name are also sent with every search, so a
# curator's new word counts at once and its synonyms from the next rebuild.
SEARCH_ANALYZER = "brightside_search"


def need_synonyms(needs):
    """One rule per need: its name and phrases, as equivalents."""
    rules = []
    for need in needs:
        phrases = [" ".join(tokens(phrase)) for phrase in (need.name, *need.words)]
        phrases = [phrase for phrase in dict.fromkeys(phrases) if phrase]
        if len(phrases) > 1:
            rules.append(", ".join(phrases))
    return rules


def search_analyzer(needs):
    return analyzer(
        SEARCH_ANALYZER,
        tokenizer="standard",
        filter=[
            "lowercase",
            token_filter(
                "brightside_need_words",
                "synonym_graph",
                synonyms=need_synonyms(needs),
                lenient=True,
            ),
            token_filter("brightside_stop", "stop", stopwords=sorted(STOP_WORDS)),
            token_filter("brightside_stemmer", "stemmer", language="english"),
        ],
    )


class ProgramDocument(Document):
    """A visible program as Elasticsearch stores it: text to search, keywords for
    every facet and filter, and the location keys of the nationwide/state/county
    rule (``states`` holds "US" for nationwide programs)."""

    program_id = Integer()
    title = Text(analyzer=english)
    organisation = Text(analyzer=english)
    summary = Text(analyzer=english)
    body = Text(analyzer=english)
    # The Spanish site's text (``search.fulltext.document(program, "es")``).
    title_es = Text(analyzer=spanish)
    summary_es = Text(analyzer=spanish)
    body_es = Text(analyzer=spanish)
    sort_title = Keyword()
    needs = Keyword()
    help = Keyword()
    languages = Keyword()
    states = Keyword()
    whole_states = Keyword()
    partial_states = Keyword()
    place_bound = Boolean()
    reach_counties = Keyword()
    reach_states = Keyword()
    counties = Keyword()
    nationwide = Boolean()
    is_closed = Boolean()
    open_now = Boolean()
    for_mbc = Boolean()
    maintenance_ok = Boolean()
    maintenance_confirmed = Boolean()
    self_apply = Boolean()
    min_age = Integer()
    max_age = Integer()
    verified_rank = Integer()
    # Its ways to help, so an update knows which way documents to remove.
    way_ids = Integer(index=False)
    fingerprint = Keyword(index=False)

    class Index:
        settings = {"number_of_shards": 1, "number_of_replicas": 0}


class WayDocument(Document):
    """A way to help of a visible program, for ``/give/``: keywords for its facets
    (kind, role, the program's needs) and the place keys of the rule in
    ``search.give`` (``counties`` and their ``county_states``, ``whole_states``).
    Result cards are read from the database's way rows."""

    way_id = Integer()
    program_id = Integer()
    kind = Keyword()
    role = Keyword()
    reach = Keyword()
    needs = Keyword()
    counties = Keyword()
    county_states = Keyword()
    whole_states = Keyword()
    sort_organisation = Keyword()
    sort_next_step = Keyword()
    fingerprint = Keyword(index=False)

    class Index:
        settings = {"number_of_shards": 1, "number_of_replicas": 0}


def index_definition(name):
    """The index ``name`` as it is created: the mapping, the settings and the search
    analyser with the current need words."""
    index = Index(name)
    index.document(ProgramDocument)
    index.settings(**ProgramDocument.Index.settings)
    index.analyzer(search_analyzer(taxonomy().needs))
    return index


def way_index_definition(name):
    """The ways-to-help index ``name`` as it is created."""
    index = Index(name)
    index.document(WayDocument)
    index.settings(**WayDocument.Index.settings)
    return index


def to_document(program):
    """The Elasticsearch document of a visible program, with its fingerprint."""
    return to_documents(program)[0]


@in_default_language
def to_documents(program):
    """The document of a visible program and those of its ways to help (in the
    default language, as the database's rows)."""
    tax = taxonomy()
    entry, rows = build_rows(program, tax.country_id)
    needs = [row.need.slug for row in rows if isinstance(row, ProgramSearchNeed)]
    return program_document(program, entry, rows), way_documents(rows, needs)


def program_document(program, entry, rows):
    """A program's document from its search rows."""
    tax = taxonomy()
    states = {**tax.state_by_id, tax.country_id: "US"}
    counties_by_id = tax.county_slug_by_id
    place_rows = [row for row in rows if isinstance(row, ProgramSearchState)]
    text = document(program)
    del text["needs"]  # the database's need words; here needs are keywords
    text_es = document(program, "es")
    body = {
        "program_id": program.pk,
        **text,
        **{f"{name}_es": text_es[name] for name in ("title", "summary", "body")},
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
        "partial_states": sorted(
            states[row.state_id] for row in place_rows if row.unnamed_parts
        ),
        "counties": sorted(
            counties_by_id[row.county_id]
            for row in rows
            if isinstance(row, ProgramSearchCounty)
        ),
        "place_bound": entry.place_bound,
        "reach_counties": sorted(
            counties_by_id[row.county_id]
            for row in rows
            if isinstance(row, ProgramSearchReach)
        ),
        "reach_states": sorted(
            {
                states[row.state_id]
                for row in rows
                if isinstance(row, ProgramSearchReach)
            }
        ),
        "nationwide": entry.nationwide,
        "is_closed": entry.is_closed,
        "open_now": entry.open_now,
        "for_mbc": entry.for_mbc,
        "maintenance_ok": entry.maintenance_ok,
        "maintenance_confirmed": entry.maintenance_confirmed,
        "self_apply": entry.self_apply,
        "min_age": entry.min_age,
        "max_age": entry.max_age,
        "verified_rank": entry.verified_rank,
        "way_ids": sorted(
            row.way_id for row in rows if isinstance(row, WaySearchEntry)
        ),
    }
    body["fingerprint"] = fingerprint(body)
    return body


def way_documents(rows, needs):
    """The documents of a program's ways to help, from its search rows; a way
    serves its program's ``needs``."""
    tax = taxonomy()
    states = tax.state_by_id
    counties = tax.county_slug_by_id
    places = [row for row in rows if isinstance(row, WaySearchPlace)]
    bodies = []
    for way in (row for row in rows if isinstance(row, WaySearchEntry)):
        own = [place for place in places if place.way is way]
        body = {
            "way_id": way.way_id,
            "program_id": way.entry.program_id,
            "kind": way.kind,
            "role": way.role or None,
            "reach": way.reach,
            "needs": needs,
            "counties": sorted(counties[p.region_id] for p in own if not p.whole_state),
            "county_states": sorted(
                {states[p.state_id] for p in own if not p.whole_state}
            ),
            "whole_states": sorted(states[p.region_id] for p in own if p.whole_state),
            "sort_organisation": way.sort_organisation,
            "sort_next_step": way.sort_next_step,
        }
        body["fingerprint"] = fingerprint(body)
        bodies.append(body)
    return bodies


def fingerprint(body):
    data = {key: value for key, value in body.items() if key != "fingerprint"}
    encoded = json.dumps(data, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()[:16]


# What counts as "the cluster failed": connection errors, timeouts, HTTP errors.
ERRORS = (TransportError, ApiError)

# Elasticsearch answers at most this many results deep (index.max_result_window):
# a page past it is answered as the last page within it, never sent.
RESULT_WINDOW = 10_000


def within_window(query):
    """``query`` (a search or a give query), its page kept inside the window."""
    last = max(1, RESULT_WINDOW // query.page_size)
    return query.replace(page=last) if query.page > last else query


# One breaker per process, shared by searches and index updates.
BREAKER = CircuitBreaker(getattr(settings, "ELASTICSEARCH_BREAKER_SECONDS", 30))


def index_alias():
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-programs"


def ways_alias():
    """The alias of the ways-to-help index (``/give/``)."""
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-ways"


def client(url=None, timeout=None):
    """An Elasticsearch client with a short timeout and no retries: a patient waits
    on the database instead (the fallback)."""
    return Elasticsearch(
        url or settings.ELASTICSEARCH_URL,
        request_timeout=timeout or settings.ELASTICSEARCH_TIMEOUT,
        max_retries=0,
        retry_on_timeout=False,
    )
