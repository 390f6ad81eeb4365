"""The Elasticsearch 8 backend (``elasticsearch.dsl``): the same answers as the database
backend from a search cluster, for directories that outgrow one database.

Every facet is a ``FacetedSearch`` facet, so counts are disjunctive as the DSL builds
them (each facet's aggregation applies every other facet's filter; the hits get all of
them as a post filter). Hits come back as program ids and are turned into result cards
from the search tables in one query. When the cluster errs or times out, the same
request is answered by the database backend, marked ``degraded``, and a circuit breaker
keeps further requests off the cluster for a while.
"""

import logging
from functools import cached_property

from elasticsearch.dsl import FacetedSearch, Q, TermsFacet

from django.conf import settings

from search.backends import elasticsearch_sync
from search.backends.base import (
    NATIONWIDE,
    NEAR,
    STATEWIDE,
    SearchBackend,
    hit_from_entry,
)
from search.backends.database import DatabaseSearchBackend
from search.backends.elasticsearch_documents import (
    BREAKER,
    ERRORS,
    SEARCH_ANALYZER,
    TEXT_FIELDS,
    TEXT_FIELDS_ES,
    ProgramDocument,
    client,
    index_alias,
    within_window,
)
from search.backends.elasticsearch_give import ElasticsearchGive
from search.models import ProgramSearchEntry
from search.query import BOOLEAN_FILTERS, FLAG_FIELDS

logger = logging.getLogger(__name__)

# The score a program gets for being in a need the words name, and for a title with
# every word: more than any text match gives, so those programs come first (as on
# the database backend).
NAMED_BOOST = 1000

# Closeness (NEAR, STATEWIDE, NATIONWIDE) of a program to the place searched.
CLOSENESS_SCRIPT = f"""
if (doc['nationwide'].value) {{ return {NATIONWIDE}; }}
if (params.county != null) {{
  return doc['counties'].contains(params.county) ? {NEAR} : {STATEWIDE};
}}
return doc['whole_states'].contains(params.state) ? {STATEWIDE} : {NEAR};
""".strip()


def treated_filter(state, county):
    """Place-bound programs near where the person is treated (the database
    backend's ``treated_near``)."""
    if county:
        return Q("term", reach_counties=county)
    return Q("term", reach_states=state)


class LocationFacet(TermsFacet):
    """States served; filtered by (state, county, treated state, treated county)
    with the location rule."""

    def add_filter(self, filter_values):
        if not filter_values or not filter_values[0]:
            return None
        state = filter_values[0]
        county = filter_values[1] if len(filter_values) > 1 else ""
        treated = filter_values[2:4] if len(filter_values) > 3 else ["", ""]
        if not county:
            here = Q("terms", states=[state, "US"])
        else:
            here = (
                Q("terms", whole_states=[state, "US"])
                | Q("term", partial_states=state)
                | Q("term", counties=county)
            )
        if treated[0]:
            here |= treated_filter(*treated)
        return here


class FlagFacet(TermsFacet):
    """A yes/no facet; selecting it keeps documents whose field is ``wanted``."""

    def __init__(self, wanted=True, **kwargs):
        self.wanted = wanted
        super().__init__(**kwargs)

    def add_filter(self, filter_values):
        if filter_values and filter_values[0]:
            return Q("term", **{self._params["field"]: self.wanted})
        return None


class ProgramFacetedSearch(FacetedSearch):
    """The directory search as one Elasticsearch request."""

    doc_types = [ProgramDocument]
    fields = TEXT_FIELDS
    facets = {
        "need": TermsFacet(field="needs", size=500),
        "state": LocationFacet(field="states", size=500),
        "help": TermsFacet(field="help", size=50),
        **{
            name: FlagFacet(field=column, wanted=wanted, size=2)
            for name, (column, wanted) in FLAG_FIELDS.items()
        },
    }

    def __init__(self, query, index):
        self.index = index
        self.search_query = query
        filters = {
            "need": list(query.needs),
            "state": (
                [query.state, query.county, query.treated_state, query.treated_county]
                if query.state
                else []
            ),
            "help": list(query.help),
            **{
                name: [True] if getattr(query, name) else [] for name in BOOLEAN_FILTERS
            },
        }
        text = " ".join(query.terms) or None
        self.spanish = query.words_language == "es"
        if self.spanish:
            self.fields = TEXT_FIELDS_ES
        super().__init__(query=text, filters=filters, sort=self.sort_order(query))

    def build_search(self):
        start = (self.search_query.page - 1) * self.search_query.page_size
        return super().build_search()[start : start + self.search_query.page_size]

    def search(self):
        """Filters without facets (language, age, nationwide only) narrow
        everything, counts included; only ids (and closeness) come back."""
        s = super().search().extra(track_total_hits=True).source(False)
        query = self.search_query
        if query.lang:
            s = s.filter("term", languages=query.lang)
        if query.age is not None:
            s = s.filter(
                Q("bool", must_not=Q("exists", field="min_age"))
                | Q("range", min_age={"lte": query.age})
            ).filter(
                Q("bool", must_not=Q("exists", field="max_age"))
                | Q("range", max_age={"gte": query.age})
            )
        if query.nationwide_only:
            s = s.filter("term", nationwide=True)
        if query.treated_state and not query.state:
            s = s.filter(
                Q("term", place_bound=False)
                | treated_filter(query.treated_state, query.treated_county)
            )
        if query.state:
            s = s.script_fields(closeness=self.closeness_script(query))
        return s

    def query(self, search, query):
        """As on the database backend: every term in some field (``any_word``: one
        of them), or a need the words name, whose programs come first. Phrases are
        read with the need words as synonyms (``SEARCH_ANALYZER``); the any-word
        fallback also forgives typing slips (fuzziness)."""
        searched = self.search_query
        operator = "or" if searched.any_word else "and"
        # In Spanish each field reads the words with its own analyser: the need
        # words' synonyms are English (the needs the words name are sent below).
        read_with = {} if self.spanish else {"analyzer": SEARCH_ANALYZER}
        either = [
            Q(
                "multi_match",
                query=query,
                fields=self.fields,
                type="cross_fields",
                operator=operator,
                **read_with,
            )
        ]
        if searched.any_word:
            either.append(
                Q(
                    "multi_match",
                    query=query,
                    fields=self.fields,
                    type="best_fields",
                    operator=operator,
                    fuzziness="AUTO",
                    prefix_length=1,
                    boost=0.5,
                )
            )
        if searched.word_needs:
            either.append(
                Q(
                    "constant_score",
                    filter=Q("terms", needs=list(searched.word_needs)),
                    boost=NAMED_BOOST,
                )
            )
        # Only ranks: a program whose title has every word comes first.
        title = Q(
            "constant_score",
            filter=Q(
                "match",
                **{
                    "title_es" if self.spanish else "title": {
                        "query": query,
                        "operator": "and",
                    }
                },
            ),
            boost=NAMED_BOOST,
        )
        return search.query(
            "bool",
            must=Q("bool", should=either, minimum_should_match=1),
            should=[title],
        )

    def highlight(self, search):
        return search

    @staticmethod
    def closeness_script(query):
        return {
            "script": {
                "lang": "painless",
                "source": CLOSENESS_SCRIPT,
                "params": {"state": query.state, "county": query.county or None},
            }
        }

    @classmethod
    def sort_order(cls, query):
        """The database backend's order: closed last, then the chosen sort."""
        sort = query.effective_sort
        order = [{"is_closed": {"order": "asc"}}]
        if sort == "relevance":
            order.append({"_score": {"order": "desc"}})
        if query.state and sort in {"relevance", "closest"}:
            order.append(
                {
                    "_script": {
                        "type": "number",
                        "order": "asc",
                        **cls.closeness_script(query),
                    }
                }
            )
        if sort != "name":
            order.append({"verified_rank": {"order": "desc"}})
        order += [{"sort_title": {"order": "asc"}}, {"program_id": {"order": "asc"}}]
        return order


class ElasticsearchSearchBackend(ElasticsearchGive, SearchBackend):
    """Searches Elasticsearch; falls back to the database backend when it fails,
    so the database backend is written too (``fallback``). Index updates go to the
    cluster after the transaction commits (``elasticsearch_sync``)."""

    errors = ERRORS

    def __init__(self, es=None, fallback=None, breaker=None):
        self._es = es
        self.fallback = fallback or DatabaseSearchBackend()
        self.breaker = breaker or BREAKER

    @cached_property
    def es(self):
        return self._es or client()

    def answer(self, query):
        query = within_window(query)
        if self.breaker.is_open:
            return self.degraded(query)
        try:
            results = self.search_cluster(query)
        except self.errors as error:
            # Never the search terms: they are health data.
            self.log_failure(error)
            self.breaker.trip()
            return self.degraded(query)
        self.breaker.reset()
        return results

    @staticmethod
    def log_failure(error):
        """Log a failed search by its error's kind only, never what was asked."""
        logger.warning(
            "Elasticsearch search failed (%s); answered from the database.",
            type(error).__name__,
        )

    def degraded(self, query):
        results = self.fallback.answer(query)
        results.degraded = True
        return results

    def build(self, query):
        return ProgramFacetedSearch(query, index_alias())

    def search_cluster(self, query):
        faceted = self.build(query)
        raw = self.es.search(index=index_alias(), body=faceted._s.to_dict()).body
        return self.parse(query, raw)

    def parse(self, query, raw):
        """SearchResults from an Elasticsearch 8 search response body."""
        total = raw["hits"]["total"]["value"]
        page = self.clamp_page(query, total)
        if page != query.page and total:
            return self.search_cluster(query.replace(page=page))
        ids, closeness = [], {}
        for hit in raw["hits"]["hits"]:
            program_id = int(hit["_id"])
            ids.append(program_id)
            values = hit.get("fields", {}).get("closeness")
            if values:
                closeness[program_id] = int(values[0])
        entries = ProgramSearchEntry.objects.in_bulk(ids)
        hits = [
            hit_from_entry(entries[pk], query, closeness.get(pk))
            for pk in ids
            if pk in entries
        ]
        aggs = raw.get("aggregations", {})

        def buckets(name):
            return aggs.get(f"_filter_{name}", {}).get(name, {}).get("buckets", [])

        need_counts = {b["key"]: b["doc_count"] for b in buckets("need")}
        state_counts = {b["key"]: b["doc_count"] for b in buckets("state")}
        help_counts = {b["key"]: b["doc_count"] for b in buckets("help")}
        flag_counts = {}
        for name, (_column, wanted) in FLAG_FIELDS.items():
            flag_counts[name] = sum(
                b["doc_count"] for b in buckets(name) if bool(b["key"]) is wanted
            )
        return self.results(
            query,
            hits,
            total,
            page,
            counts=(need_counts, state_counts, help_counts, flag_counts),
        )

    # --- Writing ---

    def index_programs(self, ids):
        elasticsearch_sync.schedule(ids)

    def remove_programs(self, ids):
        elasticsearch_sync.schedule(ids)

    def rebuild(self, stdout=None):
        """A new index, then the alias swapped to it: no downtime."""
        name, count = elasticsearch_sync.rebuild(stdout=stdout)
        if stdout:
            stdout.write(f"  new index {name}; the alias points to it")
        return count

    def check(self):
        return elasticsearch_sync.check()

    def retry_pending(self):
        return elasticsearch_sync.retry_pending()

    def configuration_errors(self):
        if not settings.ELASTICSEARCH_URL:
            return ["ELASTICSEARCH_URL is not set: the Elasticsearch backend needs it."]
        return []
