"""The ``/give/`` contract of docs/ways-to-help.md, run against every configured
backend like tests/test_search_contract (whose ``backend`` fixture it shares): which
ways a place finds, their order, disjunctive counts, and ways following their
program's publication. Each test states an answer, never how a backend gets it."""

import pytest

from django.db import transaction
from django.http import QueryDict

from directory.models import ProgramPage
from search.give import GiveQuery
from tests import test_search_contract
from tests.factories import (
    DirectoryIndexPageFactory,
    OrganisationFactory,
    county,
    minimal_site,
    state,
)
from tests.test_search_contract import in_step, make_program

pytestmark = pytest.mark.django_db

# Every configured backend in turn, as in the patient search's contract.
backend = test_search_contract.backend

# Ways to help, by next step.
CAPS = "Mail soft knitted caps"  # items, from anywhere (Knots)
KNIT = "Join the knitting circle online"  # volunteer maker, from anywhere (Knots)
DRIVE = "Sign up to drive patients"  # volunteer driver, wherever it runs (Road)
FUND = "Give to the ride fund"  # money, from anywhere (Road)
COOK = "Cook suppers in Austin"  # volunteer cook, Travis County, TX (Austin)
SPONSOR = "Sponsor a week of suppers"  # sponsor, all of Texas (Austin)
HOUSTON = "Drive neighbours in Houston"  # volunteer driver, Harris County, TX (Bayou)
CARDS = "Write cards for New Yorkers"  # volunteer card writer, all of New York (Empire)
HIDDEN = "Help a program not yet published"  # draft program: never found

REMOTE_WAYS = {CAPS, KNIT, FUND}
EVERYWHERE = REMOTE_WAYS | {DRIVE}
PUBLISHED = EVERYWHERE | {COOK, SPONSOR, HOUSTON, CARDS}
NEAR_AUSTIN = EVERYWHERE | {COOK, SPONSOR}

WIGS, RIDES, GROCERIES, GAS = (
    "wigs-and-head-coverings",
    "rides-to-treatment",
    "groceries-and-meals",
    "gas-cards",
)

PROGRAMS = [
    {
        "title": "Knots Caps",
        "organisation": "Knots of Kindness",
        "needs": [WIGS],
        "ways": [
            {"kind": "items", "what": "Soft caps", "next_step": CAPS},
            {"kind": "volunteer", "role": "maker", "next_step": KNIT},
        ],
    },
    {
        "title": "Road Rides",
        "organisation": "Road Helpers",
        "needs": [RIDES],
        "ways": [
            {"kind": "volunteer", "role": "driver", "reach": "nationwide"},
            {"kind": "money", "next_step": FUND},
        ],
    },
    {
        "title": "Austin Suppers",
        "organisation": "Austin Table",
        "needs": [GROCERIES],
        "places": ["travis-county-tx"],
        "ways": [
            {"kind": "volunteer", "role": "cook", "at": ["travis-county-tx"]},
            {"kind": "sponsor", "what": "A week of suppers", "at": ["TX"]},
        ],
    },
    {
        "title": "Bayou Rides",
        "organisation": "Bayou Drivers",
        "needs": [RIDES, GAS],
        "places": ["harris-county-tx"],
        "ways": [{"kind": "volunteer", "role": "driver", "at": ["harris-county-tx"]}],
    },
    {
        "title": "Empire Cards",
        "organisation": "Empire Friends",
        "needs": [GROCERIES],
        "places": ["NY"],
        "ways": [{"kind": "volunteer", "role": "card-writer", "at": ["NY"]}],
    },
    {
        "title": "Draft Help",
        "organisation": "Not Yet",
        "needs": [WIGS],
        "publish": False,
        "ways": [{"kind": "money"}],
    },
]
NEXT_STEPS = {
    ("Road Rides", "volunteer"): DRIVE,
    ("Austin Suppers", "volunteer"): COOK,
    ("Austin Suppers", "sponsor"): SPONSOR,
    ("Bayou Rides", "volunteer"): HOUSTON,
    ("Empire Cards", "volunteer"): CARDS,
    ("Draft Help", "money"): HIDDEN,
}


def way_fields(title, spec):
    """WayToHelpFactory fields for a way spec: ``at`` lists its places."""
    fields = {key: value for key, value in spec.items() if key != "at"}
    fields.setdefault("next_step", NEXT_STEPS.get((title, spec["kind"]), ""))
    if "at" in spec:
        fields["reach"] = "places"
        fields["places"] = [
            state(place) if len(place) == 2 else county(place) for place in spec["at"]
        ]
    return fields


@pytest.fixture(scope="module")
def directory(backend, django_db_setup, django_db_blocker):
    """The site tree and the programs above with their ways to help, built once
    per backend in a transaction rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        home = minimal_site()
        directory = DirectoryIndexPageFactory(parent=home)
        with in_step():
            for spec in PROGRAMS:
                spec = dict(spec)
                ways = [way_fields(spec["title"], way) for way in spec.pop("ways")]
                organisation = OrganisationFactory(name=spec.pop("organisation"))
                make_program(
                    directory, organisation=organisation, ways_to_help=ways, **spec
                )
        yield directory
        transaction.set_rollback(True)


@pytest.fixture
def dataset(directory):
    return {page.title: page for page in ProgramPage.objects.child_of(directory)}


def parse(querystring):
    return GiveQuery.from_params(QueryDict(querystring))


def found(backend, query):
    return {hit.next_step for hit in backend.give(query.replace(page_size=50)).hits}


def ordered(backend, query):
    return [hit.next_step for hit in backend.give(query.replace(page_size=50)).hits]


# --- Place -------------------------------------------------------------------------

PLACES = {
    "anywhere": ("", PUBLISHED),
    "austin-zip-is-travis-county": ("zip=78701", NEAR_AUSTIN),
    "travis-county": ("state=tx&county=travis-county-tx", NEAR_AUSTIN),
    "houston-zip-gets-statewide-not-austin": (
        "zip=77002",
        EVERYWHERE | {SPONSOR, HOUSTON},
    ),
    "texas-includes-its-counties": ("state=tx", EVERYWHERE | {COOK, SPONSOR, HOUSTON}),
    "new-york": ("zip=10001", EVERYWHERE | {CARDS}),
    "wyoming-remote-and-nationwide-only": ("state=wy", EVERYWHERE),
    "unknown-zip-is-no-place": ("zip=00000", PUBLISHED),
}


@pytest.mark.parametrize(("params", "expected"), PLACES.values(), ids=PLACES.keys())
def test_a_place_finds_remote_nationwide_and_its_own_ways(
    backend,
    dataset,
    params,
    expected,
):
    assert found(backend, parse(params)) == expected


@pytest.mark.parametrize("params", ["zip=78701", "state=wy", "zip=10001&kind=items"])
def test_ways_done_from_anywhere_are_always_found(backend, dataset, params):
    query = parse(params)
    remote = found(backend, query.replace(zip="", state="", county=""))
    assert remote & REMOTE_WAYS <= found(backend, query)


def test_near_ways_come_first_then_the_state_nationwide_and_remote(backend, dataset):
    assert ordered(backend, parse("zip=78701")) == [
        COOK,  # Travis County
        SPONSOR,  # all of Texas
        DRIVE,  # wherever Road Helpers runs it
        KNIT,  # from anywhere: by organisation, then next step ...
        CAPS,
        FUND,  # ... Knots of Kindness before Road Helpers
    ]


def test_each_card_says_where_in_plain_words(backend, dataset):
    hits = backend.give(parse("zip=78701")).hits
    where = {hit.next_step: (hit.where, hit.near) for hit in hits}
    assert where[COOK] == ("Near you: Travis County, TX", "Travis County, TX")
    assert where[SPONSOR] == ("Near you: anywhere in Texas", "Travis County, TX")
    assert where[DRIVE] == ("In person, anywhere in the US it runs", "")
    assert where[CAPS] == ("From anywhere: online, by mail or from home", "")


def test_a_card_carries_its_program_and_organisation(backend, dataset):
    hit = next(h for h in backend.give(parse("kind=items")).hits)
    assert (hit.program_title, hit.organisation, hit.what) == (
        "Knots Caps",
        "Knots of Kindness",
        "Soft caps",
    )
    assert hit.program_url == dataset["Knots Caps"].url
    assert (hit.kind_label, hit.needs_label) == (
        "Give items",
        "Wigs and head coverings",
    )


# --- Filters and counts ------------------------------------------------------------

FILTERS = {
    "kind-volunteer": ("kind=volunteer", {KNIT, DRIVE, COOK, HOUSTON, CARDS}),
    "kinds-ored": ("kind=items&kind=sponsor", {CAPS, SPONSOR}),
    "role-driver": ("role=driver", {DRIVE, HOUSTON}),
    "need-rides": (f"need={RIDES}", {DRIVE, FUND, HOUSTON}),
    "need-group": ("need=getting-to-treatment", {DRIVE, FUND, HOUSTON}),
    "need-and-place": (f"need={RIDES}&zip=78701", {DRIVE, FUND}),
    "kind-and-need-and-place": (f"kind=volunteer&need={GROCERIES}&state=tx", {COOK}),
    "unknown-values-ignored": ("kind=cash&role=astronaut&need=nope", PUBLISHED),
}


@pytest.mark.parametrize(("params", "expected"), FILTERS.values(), ids=FILTERS.keys())
def test_filters_or_within_a_facet_and_across_facets(
    backend,
    dataset,
    params,
    expected,
):
    assert found(backend, parse(params)) == expected


COMBINATIONS = [
    "",
    "zip=78701",
    "state=tx",
    "kind=volunteer",
    "zip=78701&kind=volunteer&role=cook",
    f"state=tx&need={RIDES}&kind=money&kind=volunteer",
    f"need={WIGS}&role=maker",
]


@pytest.mark.parametrize("params", COMBINATIONS)
def test_every_count_is_what_choosing_that_value_alone_gives(
    backend,
    dataset,
    params,
):
    query = parse(params)
    results = backend.give(query)
    fields = {"kind": "kinds", "role": "roles", "need": "needs"}
    for name, facet in results.facets.items():
        for value in facet.values:
            chosen = backend.give(query.replace(**{fields[name]: (value.value,)}))
            assert value.count == chosen.total, (name, value.value)
            assert value.selected == (value.value in getattr(query, fields[name]))


def test_austin_counts_per_kind_and_role(backend, dataset):
    facets = backend.give(parse("zip=78701")).facets
    kinds = {value.value: value.count for value in facets["kind"].values}
    roles = {value.value: value.count for value in facets["role"].values if value.count}
    assert kinds == {"money": 1, "items": 1, "volunteer": 3, "sponsor": 1}
    assert roles == {"maker": 1, "driver": 1, "cook": 1}


def test_pages_hold_twenty_and_the_total_is_all(backend, dataset):
    results = backend.give(parse("").replace(page_size=3, page=3))
    assert (results.total, results.page, results.num_pages) == (8, 3, 3)
    assert len(results.hits) == 2
    assert GiveQuery().page_size == 20


# --- Following the program ---------------------------------------------------------


def test_an_unpublished_programs_ways_disappear(backend, dataset):
    with in_step():
        dataset["Austin Suppers"].unpublish()
    assert found(backend, parse("zip=78701")) == EVERYWHERE
    assert backend.check().ok


def test_a_deleted_programs_ways_disappear(backend, dataset):
    with in_step():
        dataset["Road Rides"].delete()
    assert found(backend, parse("")) == PUBLISHED - {DRIVE, FUND}


def test_a_published_edit_of_a_way_is_found(backend, dataset):
    page = dataset["Knots Caps"]
    ways = list(page.ways_to_help.all())
    ways[0].next_step = "Mail soft caps to our office"
    page.ways_to_help = ways
    with in_step():
        page.save_revision().publish()
    assert "Mail soft caps to our office" in found(backend, parse("kind=items"))
    assert CAPS not in found(backend, parse(""))
    assert backend.check().ok


def test_a_rebuild_keeps_every_way_and_checks_clean(backend, dataset):
    before = ordered(backend, parse("zip=78701"))
    backend.rebuild()
    assert ordered(backend, parse("zip=78701")) == before
    assert found(backend, parse("")) == PUBLISHED
    assert backend.check().ok


def test_the_database_answers_in_five_queries(
    backend,
    dataset,
    django_assert_max_num_queries,
):
    if type(backend).__name__ != "DatabaseSearchBackend":
        pytest.skip("counts the database backend's queries")
    query = parse(f"zip=78701&kind=volunteer&need={GROCERIES}")
    backend.give(query)  # the need and place lookups are cached after this
    with django_assert_max_num_queries(5):
        backend.give(query)
