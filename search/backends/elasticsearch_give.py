"""``/give/`` on Elasticsearch: ways to help as their own documents (the ways
alias, ``WayDocument``), searched as one ``FacetedSearch`` request, so the kind, role
and need counts are disjunctive as the DSL builds them (each facet's aggregation
applies every other facet's filter; the hits get all of them as a post filter). The
place is a plain filter (it narrows the counts too), the order a script giving the
closeness rule of ``search.give``, whose value comes back with each hit. Cards are
read from the database's way rows in one query."""

from elasticsearch import BadRequestError, NotFoundError
from elasticsearch.dsl import FacetedSearch, Q, TermsFacet

from directory.choices import HelpReach
from search.backends.elasticsearch_documents import (
    WayDocument,
    ways_alias,
    within_window,
)
from search.give import (
    NATIONWIDE,
    NEAR,
    REMOTE,
    STATEWIDE,
    GiveResults,
    build_facets,
    way_hit,
)
from search.models import WaySearchEntry

# Closeness (NEAR... of ``search.give``) of a way to the place searched.
CLOSENESS_SCRIPT = f"""
String reach = doc['reach'].value;
if (reach == '{HelpReach.REMOTE}') {{ return {REMOTE}; }}
if (reach == '{HelpReach.NATIONWIDE}') {{ return {NATIONWIDE}; }}
if (params.state == null) {{ return {NEAR}; }}
if (params.county != null) {{
  if (doc['counties'].contains(params.county)) {{ return {NEAR}; }}
}} else if (doc['county_states'].contains(params.state)) {{ return {NEAR}; }}
return {STATEWIDE};
""".strip()


class WayFacetedSearch(FacetedSearch):
    """The ways-to-help search as one Elasticsearch request."""

    doc_types = [WayDocument]
    fields = []
    facets = {
        "kind": TermsFacet(field="kind", size=20),
        "role": TermsFacet(field="role", size=50),
        "need": TermsFacet(field="needs", size=500),
    }

    def __init__(self, query, index):
        self.index = index
        self.give_query = query
        filters = {
            "kind": list(query.kinds),
            "role": list(query.roles),
            "need": list(query.needs),
        }
        super().__init__(filters=filters, sort=self.sort_order(query))

    def build_search(self):
        start = (self.give_query.page - 1) * self.give_query.page_size
        return super().build_search()[start : start + self.give_query.page_size]

    def search(self):
        """The place narrows everything, counts included; only ids come back."""
        s = super().search().extra(track_total_hits=True).source(False)
        place = place_filter(self.give_query)
        if self.give_query.reaches:
            s = s.filter("terms", reach=list(self.give_query.reaches))
        return s.filter(place) if place is not None else s

    def highlight(self, search):
        return search

    @staticmethod
    def sort_order(query):
        """Nearest first (the script), then organisation, next step and id."""
        return [
            {
                "_script": {
                    "type": "number",
                    "order": "asc",
                    "script": {
                        "lang": "painless",
                        "source": CLOSENESS_SCRIPT,
                        "params": {
                            "state": query.state or None,
                            "county": query.county or None,
                        },
                    },
                }
            },
            {"sort_organisation": {"order": "asc"}},
            {"sort_next_step": {"order": "asc"}},
            {"way_id": {"order": "asc"}},
        ]


def place_filter(query):
    """Ways done from anywhere or wherever the organisation runs them, and those
    in the county searched or its whole state; for a state alone, in any of its
    places. None without a place."""
    if not query.has_place:
        return None
    anywhere = Q("terms", reach=[HelpReach.REMOTE, HelpReach.NATIONWIDE])
    here = Q("term", whole_states=query.state)
    if query.county:
        here |= Q("term", counties=query.county)
    else:
        here |= Q("term", county_states=query.state)
    return anywhere | here


def parse(query, raw):
    """GiveResults from an Elasticsearch 8 search response body (its page already
    the right one), the cards from the way rows in one query."""
    total = raw["hits"]["total"]["value"]
    order = [(int(hit["_id"]), int(hit["sort"][0])) for hit in raw["hits"]["hits"]]
    rows = WaySearchEntry.objects.select_related("entry").in_bulk(
        [pk for pk, _ in order]
    )
    hits = [
        way_hit(rows[pk], rows[pk].entry, closeness, query)
        for pk, closeness in order
        if pk in rows
    ]
    aggs = raw.get("aggregations", {})

    def counts(name):
        buckets = aggs.get(f"_filter_{name}", {}).get(name, {}).get("buckets", [])
        return {bucket["key"]: bucket["doc_count"] for bucket in buckets}

    return GiveResults(
        query=query,
        hits=hits,
        total=total,
        facets=build_facets(query, counts("kind"), counts("role"), counts("need")),
        page=query.page,
    )


class ElasticsearchGive:
    """The ``give`` part of the Elasticsearch backend (mixed into it): the cluster
    answers, else the database, marked ``degraded``, with the breaker tripped."""

    def give(self, query, counts=True):
        query = within_window(query)
        if self.breaker.is_open:
            return self.degraded_give(query, counts)
        try:
            results = self.give_from_cluster(query)
        except self.errors as error:
            # Never the place or choices: a friend's ZIP is the patient's place.
            self.log_failure(error)
            # A refused request (no ways index yet, before the first rebuild) is
            # not an outage: the patient search and index updates go on.
            if not isinstance(error, (BadRequestError, NotFoundError)):
                self.breaker.trip()
            return self.degraded_give(query, counts)
        self.breaker.reset()
        return results

    def degraded_give(self, query, counts=True):
        results = self.fallback.give(query, counts)
        results.degraded = True
        return results

    def build_give(self, query):
        return WayFacetedSearch(query, ways_alias())

    def give_from_cluster(self, query):
        raw = self.es.search(
            index=ways_alias(), body=self.build_give(query)._s.to_dict()
        ).body
        page = self.clamp_page(query, raw["hits"]["total"]["value"])
        if page != query.page and raw["hits"]["total"]["value"]:
            return self.give_from_cluster(query.replace(page=page))
        return parse(query, raw)
