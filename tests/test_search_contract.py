"""The search contract of docs/search.md, run against every configured
backend like django-modelsearch's ``BackendTests``: both backends must give identical
answers, so each test states an answer, never how a backend computes it. A backend
that is not configured is skipped with a reason."""

import datetime
import os
from urllib.parse import urlencode

import pytest

from django.db import transaction
from django.http import QueryDict
from django.test import TestCase, override_settings
from django.utils import translation

from directory.choices import (
    ApplicationStatus,
    CancerScope,
    HelpType,
    Language,
    ProgramStatus,
    TreatmentRequirement,
    WhoApplies,
)
from directory.models import NeedCategory, ProgramPage
from search.backends import BACKENDS, get_backend
from search.query import BOOLEAN_FILTERS, SearchQuery
from tests.factories import (
    DirectoryIndexPageFactory,
    ProgramPageFactory,
    county,
    minimal_site,
    state,
)

pytestmark = pytest.mark.django_db

BACKEND_NAMES = ["database", "elasticsearch"]

# The shared dataset, by title. Dates are fixed so "recently verified" is exact.
SUNFLOWER = "Sunflower Cash Grant"  # nationwide, made for MBC
CROWN = "Crown Wig Bank"  # nationwide, maintenance therapy counts
HOPEFUL = "Hopeful Horizons Fund"  # nationwide, closed to applications
WHEELS = "Wheels of Care"  # nationwide, referral only, excludes maintenance
MESA = "Mesa Comida Boxes"  # nationwide, works in Spanish and English
LONE_STAR = "Lone Star Fuel Cards"  # all of Texas
PANTRY = "Texas Pantry Partners"  # all of Texas, temporarily closed
BAYOU = "Bayou City Rides"  # Harris County, Texas only; ages 18 to 40
DALLAS = "Dallas Supper Club"  # Dallas County, Texas only
BROOKLYN = "Brooklyn Kitchen Table"  # Kings County, New York only; Spanish only
EMPIRE = "Empire State Bill Help"  # all of New York, excludes maintenance
GOLDEN = "Golden Coast Scarves"  # all of California, referral only

NATIONWIDE = {SUNFLOWER, CROWN, HOPEFUL, WHEELS, MESA}
EVERYTHING = NATIONWIDE | {
    LONE_STAR,
    PANTRY,
    BAYOU,
    DALLAS,
    BROOKLYN,
    EMPIRE,
    GOLDEN,
}
CLOSED = {HOPEFUL, PANTRY}
# Status "open" and not paused: the only programs "taking applications now".
OPEN_NOW = {SUNFLOWER, CROWN, LONE_STAR, BAYOU, BROOKLYN}
# No treatment requirement, or maintenance therapy counts by their own words.
MAINTENANCE_CONFIRMED = {SUNFLOWER, CROWN}

GAS = "gas-cards"
RIDES = "rides-to-treatment"
CASH = "cash-grants"
WIGS = "wigs-and-head-coverings"
GROCERIES = "groceries-and-meals"


def _date(month, day, year=2025):
    return datetime.date(year, month, day)


DATASET = [
    {
        "title": SUNFLOWER,
        "needs": [CASH],
        "summary": "Money toward rent and power bills for stage four disease.",
        "summary_es": "Dinero para la renta y la luz, para la etapa cuatro.",
        "help_types": [HelpType.CASH],
        "cancer_scope": CancerScope.METASTATIC_BREAST,
        "treatment_requirement": TreatmentRequirement.NONE,
        "application_status": ApplicationStatus.OPEN,
        "last_verified_at": _date(11, 1),
    },
    {
        "title": CROWN,
        "title_es": "Banco de Pelucas Crown",
        "needs": [WIGS],
        "summary": "A free wig and a fitting, mailed to your door.",
        "summary_es": "Una peluca gratis y su ajuste, enviados a su puerta.",
        "help_types": [HelpType.GOODS],
        "cancer_scope": CancerScope.BREAST_ANY_STAGE,
        "treatment_requirement": TreatmentRequirement.INCLUDES_MAINTENANCE,
        "application_status": ApplicationStatus.OPEN,
        "last_verified_at": _date(6, 1),
    },
    {
        "title": HOPEFUL,
        "needs": [CASH],
        "summary": "Pays one medical bill when funds allow.",
        "help_types": [HelpType.CASH, HelpType.BILL_PAID],
        "application_status": ApplicationStatus.CLOSED,
        "last_verified_at": _date(12, 15),  # the newest, yet closed: listed last
    },
    {
        "title": WHEELS,
        "needs": [RIDES],
        "summary": "Volunteer drivers take you to chemotherapy appointments.",
        "summary_es": "Conductores voluntarios lo llevan a sus citas de quimioterapia.",
        "help_types": [HelpType.SERVICE],
        "who_applies": WhoApplies.REFERRAL,
        "treatment_requirement": TreatmentRequirement.EXCLUDES_MAINTENANCE,
        "last_verified_at": None,
    },
    {
        "title": MESA,
        "needs": [GROCERIES],
        "summary": "Grocery cards and meal boxes, with help in Spanish.",
        "help_types": [HelpType.CARD, HelpType.GOODS],
        "languages": [Language.SPANISH, Language.ENGLISH],
        "application_status": ApplicationStatus.OPENS_PERIODICALLY,
        "last_verified_at": _date(3, 1),
    },
    {
        "title": LONE_STAR,
        "places": ["TX"],
        "needs": [GAS],
        "summary": "Prepaid fuel cards for driving to treatment.",
        "help_types": [HelpType.CARD],
        "cancer_scope": CancerScope.METASTATIC_BREAST,
        "treatment_requirement": TreatmentRequirement.ACTIVE_TREATMENT,
        "application_status": ApplicationStatus.OPEN,
        "last_verified_at": _date(9, 1),
    },
    {
        "title": PANTRY,
        "places": ["TX"],
        "needs": [GROCERIES],
        "summary": "Boxes of pantry staples delivered each month.",
        "help_types": [HelpType.GOODS],
        "status": ProgramStatus.INACTIVE,
        "application_status": ApplicationStatus.OPEN,  # but the program is paused
        "last_verified_at": _date(10, 1),
    },
    {
        "title": BAYOU,
        "places": ["harris-county-tx"],
        "needs": [RIDES, GAS],
        "summary": "Rides to treatment around Houston for younger adults.",
        "help_types": [HelpType.SERVICE],
        "cancer_scope": CancerScope.METASTATIC_BREAST,
        "min_age": 18,
        "max_age": 40,
        "application_status": ApplicationStatus.OPEN,
        "last_verified_at": _date(8, 1),
    },
    {
        "title": DALLAS,
        "places": ["dallas-county-tx"],
        "needs": [GROCERIES],
        "summary": "Home-cooked suppers for your whole household.",
        "help_types": [HelpType.GOODS],
        "application_status": ApplicationStatus.OUT_OF_FUNDS,
        "last_verified_at": _date(7, 1),
    },
    {
        "title": BROOKLYN,
        "places": ["kings-county-ny"],
        "needs": [GROCERIES],
        "summary": "Weekly meals from neighbours, in Spanish.",
        "summary_es": "Comidas cada semana de sus vecinos, en español.",
        "help_types": [HelpType.GOODS],
        "languages": [Language.SPANISH],
        "application_status": ApplicationStatus.OPEN,
        "last_verified_at": _date(5, 1),
    },
    {
        "title": EMPIRE,
        "places": ["NY"],
        "needs": [CASH],
        "summary": "Pays a utility or phone bill straight to the company.",
        "help_types": [HelpType.BILL_PAID],
        "treatment_requirement": TreatmentRequirement.EXCLUDES_MAINTENANCE,
        "application_status": ApplicationStatus.WAITLIST,
        "last_verified_at": _date(4, 1),
    },
    {
        "title": GOLDEN,
        "places": ["CA"],
        "needs": [WIGS],
        "summary": "Head scarves, soft hats and a wig voucher.",
        "help_types": [HelpType.GOODS],
        "who_applies": WhoApplies.REFERRAL,
        "last_verified_at": _date(2, 1),
    },
]


def make_program(parent, needs, places=(), **fields):
    """A published program for need slugs and places (state codes or county
    slugs; none means nationwide)."""
    regions = [state(place) if len(place) == 2 else county(place) for place in places]
    return ProgramPageFactory(
        parent=parent,
        need_categories=list(NeedCategory.objects.filter(slug__in=needs)),
        regions=regions,
        **fields,
    )


@pytest.fixture(scope="module", params=BACKEND_NAMES, ids=BACKEND_NAMES)
def backend(request, django_db_setup, django_db_blocker):
    """Each configured backend in turn, also as the site's backend."""
    name = request.param
    if name not in BACKENDS:
        pytest.skip(f"search.backends.BACKENDS has no {name!r} entry yet")
    if name == "elasticsearch" and not os.environ.get("ELASTICSEARCH_URL"):
        pytest.skip("ELASTICSEARCH_URL is not set")
    if name == "database":
        with override_settings(DIRECTORY_SEARCH_BACKEND=name):
            yield get_backend(name)
        return
    # A live cluster: a throwaway index, updates visible as soon as they are sent.
    with override_settings(
        DIRECTORY_SEARCH_BACKEND=name,
        ELASTICSEARCH_URL=os.environ["ELASTICSEARCH_URL"],
        ELASTICSEARCH_INDEX_PREFIX=f"brightside-test-{os.getpid()}",
        ELASTICSEARCH_REFRESH="wait_for",
    ):
        from search.backends.elasticsearch_documents import (
            client,
            index_alias,
            ways_alias,
        )

        with django_db_blocker.unblock():
            get_backend(name).rebuild()
        yield get_backend(name)
        for alias in (index_alias(), ways_alias()):
            client().indices.delete(index=f"{alias}-*", ignore_unavailable=True)


def in_step():
    """Run the index updates that wait for a commit (tests never commit)."""
    return TestCase.captureOnCommitCallbacks(execute=True)


@pytest.fixture(scope="module")
def directory(backend, django_db_setup, django_db_blocker):
    """The site tree and the twelve programs above, built once per backend in a
    transaction rolled back after the module. Each test runs in a savepoint inside
    it (pytest-django's ``django_db``), so a test may change programs freely."""
    with django_db_blocker.unblock(), transaction.atomic():
        home = minimal_site()
        directory = DirectoryIndexPageFactory(parent=home)
        with in_step():
            for spec in DATASET:
                make_program(directory, **spec)
        yield directory
        transaction.set_rollback(True)


@pytest.fixture
def dataset(directory):
    """The shared programs by title, read afresh for each test."""
    return {page.title: page for page in ProgramPage.objects.child_of(directory)}


def parse(querystring):
    """A query as the search page parses it from the URL."""
    return SearchQuery.from_params(QueryDict(querystring))


def found(backend, query):
    """The titles of every result (one page big enough for the dataset)."""
    return {hit.title for hit in backend.search(query.replace(page_size=50)).hits}


def ordered(backend, query):
    return [hit.title for hit in backend.search(query.replace(page_size=50)).hits]


# --- Location ----------------------------------------------------------------------

IN_HARRIS = NATIONWIDE | {LONE_STAR, PANTRY, BAYOU}
IN_NEW_YORK = NATIONWIDE | {EMPIRE, BROOKLYN}


PLACES = {
    "anywhere": ("", EVERYTHING),
    "texas": ("state=tx", IN_HARRIS | {DALLAS}),
    "texas-upper-case": ("state=TX", IN_HARRIS | {DALLAS}),
    "harris-county": ("state=tx&county=harris-county-tx", IN_HARRIS),
    "dallas-county": (
        "state=tx&county=dallas-county-tx",
        NATIONWIDE | {LONE_STAR, PANTRY, DALLAS},
    ),
    "houston-zip-is-harris-county": ("zip=77002", IN_HARRIS),
    "zip-plus-four": ("zip=77002-1234", IN_HARRIS),
    "new-york": ("state=ny", IN_NEW_YORK),
    "brooklyn-zip-is-kings-county": ("zip=11201", IN_NEW_YORK),
    "kings-county": ("state=ny&county=kings-county-ny", IN_NEW_YORK),
    "manhattan-zip-not-kings": ("zip=10001", NATIONWIDE | {EMPIRE}),
    "california": ("state=ca", NATIONWIDE | {GOLDEN}),
    "wyoming-only-nationwide": ("state=wy", NATIONWIDE),
}


@pytest.mark.parametrize(("params", "expected"), PLACES.values(), ids=PLACES.keys())
def test_place_matches_nationwide_statewide_and_its_counties(
    backend, dataset, params, expected
):
    assert found(backend, parse(params)) == expected


def test_houston_zip_gives_the_same_results_as_harris_county(backend, dataset):
    by_county = backend.search(parse("state=tx&county=harris-county-tx"))
    by_zip = backend.search(parse("zip=77002"))
    assert [hit.program_id for hit in by_zip.hits] == [
        hit.program_id for hit in by_county.hits
    ]
    assert by_zip.total == by_county.total
    assert by_zip.facets == by_county.facets


def test_state_search_labels_programs_serving_only_part_of_it(backend, dataset):
    hits = backend.search(parse("state=tx").replace(page_size=50)).hits
    labels = {hit.title: hit.serves_part_of for hit in hits}
    assert labels[BAYOU] == "Texas"
    assert labels[DALLAS] == "Texas"
    assert {title for title, label in labels.items() if label} == {BAYOU, DALLAS}


@pytest.mark.parametrize(
    "params",
    ["", "state=tx&county=harris-county-tx", "zip=77002", "state=ca"],
    ids=["no-place", "county", "zip", "other-state"],
)
def test_no_partial_label_unless_a_whole_state_is_searched(backend, dataset, params):
    hits = backend.search(parse(params).replace(page_size=50)).hits
    assert hits
    assert all(hit.serves_part_of == "" for hit in hits)


# --- Filters -----------------------------------------------------------------------

FILTER_CASES = {
    "need-gas-cards": (f"need={GAS}", {LONE_STAR, BAYOU}),
    "need-rides": (f"need={RIDES}", {WHEELS, BAYOU}),
    "need-wigs": (f"need={WIGS}", {CROWN, GOLDEN}),
    "help-goods": (
        "help=goods",
        {CROWN, MESA, PANTRY, DALLAS, BROOKLYN, GOLDEN},
    ),
    "help-service": ("help=service", {WHEELS, BAYOU}),
    "for-mbc": ("for_mbc=1", {SUNFLOWER, LONE_STAR, BAYOU}),
    "maintenance-ok": ("maintenance_ok=1", EVERYTHING - {WHEELS, EMPIRE}),
    "open-now": ("open_now=1", OPEN_NOW),
    "open-now-drops-waitlist-unknown-and-out-of-funds": ("open_now=on", OPEN_NOW),
    "maintenance-confirmed": ("maintenance_confirmed=1", MAINTENANCE_CONFIRMED),
    "self-apply": ("self_apply=1", EVERYTHING - {WHEELS, GOLDEN}),
    "lang-spanish": ("lang=es", {MESA, BROOKLYN}),
    "lang-english-includes-unstated": ("lang=en", EVERYTHING - {BROOKLYN}),
    "lang-chinese": ("lang=zh", set()),
    "age-30": ("age=30", EVERYTHING),
    "age-18-lower-bound": ("age=18", EVERYTHING),
    "age-40-upper-bound": ("age=40", EVERYTHING),
    "age-41": ("age=41", EVERYTHING - {BAYOU}),
    "age-17": ("age=17", EVERYTHING - {BAYOU}),
    # Values within a facet are ORed ...
    "two-needs-or": (f"need={GAS}&need={RIDES}", {LONE_STAR, BAYOU, WHEELS}),
    "two-help-types-or": (
        "help=cash&help=gift-or-prepaid-card",
        {SUNFLOWER, HOPEFUL, MESA, LONE_STAR},
    ),
    # ... and facets are ANDed.
    "need-and-state": (f"need={GROCERIES}&state=tx", {MESA, PANTRY, DALLAS}),
    "need-and-lang": (f"need={GROCERIES}&lang=es", {MESA, BROOKLYN}),
    "needs-or-then-for-mbc": (
        f"need={GAS}&need={RIDES}&for_mbc=1",
        {LONE_STAR, BAYOU},
    ),
    "help-or-then-state": (
        "help=goods&help=service&state=ny",
        {CROWN, MESA, WHEELS, BROOKLYN},
    ),
    "need-open-maintenance": (
        f"need={CASH}&open_now=1&maintenance_ok=1",
        {SUNFLOWER},
    ),
    "county-mbc-self-apply": (
        "state=tx&county=harris-county-tx&for_mbc=1&self_apply=1",
        {SUNFLOWER, LONE_STAR, BAYOU},
    ),
    "age-and-need": (f"need={RIDES}&age=60", {WHEELS}),
    "nothing-matches": (f"need={WIGS}&state=tx&for_mbc=1", set()),
}


@pytest.mark.parametrize(
    ("params", "expected"), FILTER_CASES.values(), ids=FILTER_CASES.keys()
)
def test_filters_or_within_a_facet_and_across_facets(
    backend, dataset, params, expected
):
    results = backend.search(parse(params).replace(page_size=50))
    assert {hit.title for hit in results.hits} == expected
    assert results.total == len(expected)


# --- Facet counts ------------------------------------------------------------------


def choosing(query, facet, value):
    """``query`` with only ``value`` chosen in ``facet`` (its own selection
    replaced): the results a facet count must predict."""
    base = query.without(facet)
    if facet == "need":
        return base.replace(needs=(value,))
    if facet == "help":
        return base.replace(help=(value,))
    if facet == "state":
        return base.replace(state=value)
    return base.replace(**{facet: True})


def is_selected(query, facet, value):
    if facet == "need":
        return value in query.needs
    if facet == "help":
        return value in query.help
    if facet == "state":
        return value == query.state
    return getattr(query, facet)


COUNT_BASES = {
    "nothing-chosen": "",
    "state": "state=tx",
    "county": "state=tx&county=harris-county-tx",
    "zip": "zip=11201",
    "two-needs": f"need={GAS}&need={RIDES}",
    "help-and-language": "help=goods&help=service&lang=es",
    "text-and-flag": "q=cards&for_mbc=1",
    "many-facets": f"need={GROCERIES}&state=ny&open_now=1&help=goods&self_apply=1",
    "every-flag": "for_mbc=1&maintenance_ok=1&open_now=1&self_apply=1",
    "no-results": f"need={WIGS}&state=tx&for_mbc=1&age=30",
}


@pytest.mark.parametrize("params", COUNT_BASES.values(), ids=COUNT_BASES.keys())
def test_every_facet_count_equals_the_results_of_choosing_that_value(
    backend, dataset, params
):
    """Counts are disjunctive: each facet's counts apply every other filter, so
    a count is the number of results you get by choosing that value."""
    query = parse(params)
    results = backend.search(query)
    assert set(results.facets) == {"need", "state", "help", *BOOLEAN_FILTERS}
    mismatches = []
    for name, facet in results.facets.items():
        assert facet.values, name
        for value in facet.values:
            assert value.selected == is_selected(query, name, value.value)
            expected = backend.search(choosing(query, name, value.value)).total
            if value.count != expected:
                mismatches.append((name, value.value, value.count, expected))
    assert mismatches == []


def test_need_facet_counts_ignore_own_selection(backend, dataset):
    facets = backend.search(parse(f"state=tx&need={GAS}")).facets
    counts = {value.value: value.count for value in facets["need"].values}
    # Texas results, ignoring the chosen need: each count is what choosing it gives.
    assert counts[GAS] == 2
    assert counts[RIDES] == 2
    assert counts[GROCERIES] == 3
    assert counts[WIGS] == 1
    assert counts[CASH] == 2


def test_state_count_includes_nationwide_programs(backend, dataset):
    facets = backend.search(SearchQuery()).facets
    counts = {value.value: value.count for value in facets["state"].values}
    assert counts["TX"] == len(NATIONWIDE) + 4
    assert counts["NY"] == len(NATIONWIDE) + 2
    assert counts["CA"] == len(NATIONWIDE) + 1
    assert counts["WY"] == len(NATIONWIDE)


def test_selected_flag_counts_the_current_results(backend, dataset):
    results = backend.search(parse("open_now=1&state=tx"))
    flag = results.facets["open_now"].values[0]
    assert flag.selected
    in_texas = IN_HARRIS | {DALLAS}
    assert flag.count == results.total == len(in_texas & OPEN_NOW)


def test_facets_label_every_value(backend, dataset):
    facets = backend.search(SearchQuery()).facets
    need_labels = {value.value: value.label for value in facets["need"].values}
    assert need_labels[GAS] == "Gas cards"
    help_labels = {value.value: value.label for value in facets["help"].values}
    assert help_labels == dict(HelpType.choices)
    state_labels = {value.value: value.label for value in facets["state"].values}
    assert state_labels["TX"] == "Texas"


# --- Sorting -----------------------------------------------------------------------


SORT_CASES = {
    "closest-county-then-state-then-nationwide": (
        "state=tx&county=harris-county-tx",
        [BAYOU, LONE_STAR, SUNFLOWER, CROWN, MESA, WHEELS, PANTRY, HOPEFUL],
    ),
    "closest-by-zip": (
        "zip=77002&sort=closest",
        [BAYOU, LONE_STAR, SUNFLOWER, CROWN, MESA, WHEELS, PANTRY, HOPEFUL],
    ),
    "closest-state-parts-first": (
        "state=tx",
        [BAYOU, DALLAS, LONE_STAR, SUNFLOWER, CROWN, MESA, WHEELS, PANTRY, HOPEFUL],
    ),
    "default-without-place-is-recently-verified": (
        "",
        [
            SUNFLOWER,
            LONE_STAR,
            BAYOU,
            DALLAS,
            CROWN,
            BROOKLYN,
            EMPIRE,
            MESA,
            GOLDEN,
            WHEELS,
            HOPEFUL,
            PANTRY,
        ],
    ),
    "verified-ignores-closeness": (
        "state=tx&sort=verified",
        [SUNFLOWER, LONE_STAR, BAYOU, DALLAS, CROWN, MESA, WHEELS, HOPEFUL, PANTRY],
    ),
    "name": (
        "sort=name",
        [
            BAYOU,
            BROOKLYN,
            CROWN,
            DALLAS,
            EMPIRE,
            GOLDEN,
            LONE_STAR,
            MESA,
            SUNFLOWER,
            WHEELS,
            HOPEFUL,
            PANTRY,
        ],
    ),
    "name-open-now-drops-closed": (
        "sort=name&open_now=1&state=tx",
        [BAYOU, CROWN, LONE_STAR, SUNFLOWER],
    ),
    "closest-open-now-drops-closed": (
        "state=tx&county=harris-county-tx&open_now=1",
        [BAYOU, LONE_STAR, SUNFLOWER, CROWN],
    ),
    "relevance-title-first-closed-last": ("q=cash", [SUNFLOWER, EMPIRE, HOPEFUL]),
    # A title match ranks above a summary match.
    "relevance-by-default-with-words": ("q=wig", [CROWN, GOLDEN]),
    "relevance-chosen-with-words": ("q=wig&sort=relevance", [CROWN, GOLDEN]),
    "name-with-words": ("q=wig&sort=name", [CROWN, GOLDEN]),
    "relevance-without-words-is-closest": (
        "sort=relevance&state=ny",
        [BROOKLYN, EMPIRE, SUNFLOWER, CROWN, MESA, WHEELS, HOPEFUL],
    ),
}


@pytest.mark.parametrize(
    ("params", "expected"), SORT_CASES.values(), ids=SORT_CASES.keys()
)
def test_sort_order_puts_closed_programs_last(backend, dataset, params, expected):
    assert ordered(backend, parse(params)) == expected


def test_closed_programs_show_their_status(backend, dataset):
    hits = {hit.title: hit for hit in backend.search(parse("sort=name")).hits}
    assert hits[HOPEFUL].is_closed
    assert hits[HOPEFUL].application_status == ApplicationStatus.CLOSED
    assert hits[PANTRY].is_closed  # temporarily closed (inactive)
    assert not hits[EMPIRE].is_closed
    assert hits[EMPIRE].application_status == ApplicationStatus.WAITLIST


def test_hits_carry_what_a_result_card_shows(backend, dataset):
    hit = next(h for h in backend.search(parse("q=fuel")).hits if h.title == LONE_STAR)
    program = dataset[LONE_STAR]
    assert hit.program_id == program.pk
    assert hit.url == program.url
    assert hit.organisation == program.organisation.name
    assert hit.summary == program.summary
    assert hit.area == "Texas"
    assert hit.needs == "Gas cards"
    assert hit.last_verified_at == _date(9, 1)
    assert not hit.is_closed
    assert not hit.is_demo_data


# --- Pagination --------------------------------------------------------------------


@pytest.mark.parametrize("page_size", [1, 3, 5, 12], ids=lambda size: f"size-{size}")
@pytest.mark.parametrize(
    "params", ["", "state=tx", "q=cards"], ids=["all", "state", "text"]
)
def test_walking_every_page_gives_each_result_once_in_order(
    backend, dataset, params, page_size
):
    query = parse(params)
    everything = backend.search(query.replace(page_size=50))
    first = backend.search(query.replace(page_size=page_size))
    pages = [first.hits]
    for number in range(2, first.num_pages + 1):
        results = backend.search(query.replace(page=number, page_size=page_size))
        assert results.page == number
        assert results.total == everything.total
        pages.append(results.hits)
    assert all(len(hits) == page_size for hits in pages[:-1])
    walked = [hit.program_id for hits in pages for hit in hits]
    assert walked == [hit.program_id for hit in everything.hits]
    assert first.num_pages == -(-everything.total // page_size)


@pytest.mark.parametrize("page", [5, 99, 10_000], ids=lambda page: f"page-{page}")
def test_page_beyond_the_end_shows_the_last_page(backend, dataset, page):
    last = backend.search(SearchQuery(page=4, page_size=3))
    beyond = backend.search(SearchQuery(page=page, page_size=3))
    assert beyond.page == 4
    assert [hit.program_id for hit in beyond.hits] == [
        hit.program_id for hit in last.hits
    ]
    assert len(beyond.hits) == 3


def test_no_results_is_page_one_of_one(backend, dataset):
    results = backend.search(parse(f"need={WIGS}&state=tx&for_mbc=1&page=3"))
    assert results.total == 0
    assert results.hits == []
    assert results.page == 1
    assert results.num_pages == 1


# --- Visibility --------------------------------------------------------------------


def hide_by_login(program):
    program.view_restrictions.create(restriction_type="login")


def hide_by_password(program):
    program.view_restrictions.create(restriction_type="password", password="x")


def hide_directory_by_login(program):
    program.get_parent().view_restrictions.create(restriction_type="login")


def hide_by_unpublishing(program):
    program.unpublish()


def hide_by_deleting(program):
    program.delete()


def hide_as_defunct_revision(program):
    program.status = ProgramStatus.DEFUNCT
    program.save_revision().publish()


HIDING = {
    "draft": (None, {"publish": False}),
    "defunct": (None, {"status": ProgramStatus.DEFUNCT}),
    "made-defunct": (hide_as_defunct_revision, {}),
    "private-login": (hide_by_login, {}),
    "private-password": (hide_by_password, {}),
    "private-directory": (hide_directory_by_login, {}),
    "unpublished": (hide_by_unpublishing, {}),
    "deleted": (hide_by_deleting, {}),
}


SUPPORT = "support-groups"  # no program in the dataset helps with it

# Queries that would find the hidden program if it were visible.
WOULD_FIND_HIDDEN = [
    "",
    "q=harbor",
    f"need={SUPPORT}",
    "help=information",
    "state=wy",
    "state=wy&county=laramie-county-wy",
    "sort=name&q=harbor+support",
]


def make_hidden_candidate(directory, **fields):
    """A program only findable by its own words, need, help type and county."""
    return make_program(
        directory,
        [SUPPORT],
        ["laramie-county-wy"],
        title="Harbor Support Circle",
        help_types=[HelpType.INFORMATION],
        last_verified_at=_date(12, 31),
        **fields,
    )


def counts(results, facet):
    return {value.value: value.count for value in results.facets[facet].values}


@pytest.mark.parametrize(("hide", "fields"), HIDING.values(), ids=HIDING.keys())
def test_hidden_programs_never_appear(backend, directory, hide, fields):
    with in_step():
        program = make_hidden_candidate(directory, **fields)
        program_id = program.pk  # deleting clears it
        if hide:
            hide(program)
    for params in WOULD_FIND_HIDDEN:
        results = backend.search(parse(params).replace(page_size=50))
        assert program_id not in [hit.program_id for hit in results.hits], params
        assert counts(results, "need")[SUPPORT] == 0
        assert counts(results, "help")["information"] == 0
    results = backend.search(SearchQuery())
    if hide is hide_directory_by_login:  # every program is under the directory
        assert (results.total, counts(results, "state")["WY"]) == (0, 0)
    else:
        assert found(backend, SearchQuery()) == EVERYTHING
        assert counts(results, "state")["WY"] == len(NATIONWIDE)


def test_the_hidden_candidate_is_found_when_visible(backend, directory):
    """The control for the test above: the same program, published and public."""
    with in_step():
        program = make_hidden_candidate(directory)
    for params in WOULD_FIND_HIDDEN:
        results = backend.search(parse(params).replace(page_size=50))
        assert program.pk in [hit.program_id for hit in results.hits], params
        assert counts(results, "need")[SUPPORT] == 1
        assert counts(results, "help")["information"] == 1


def test_a_draft_appears_once_published(backend, directory):
    with in_step():
        program = make_program(
            directory, [WIGS], title="Later Lighthouse Wigs", publish=False
        )
    assert backend.search(parse("q=lighthouse")).total == 0
    with in_step():
        program.get_latest_revision().publish()
    hits = backend.search(parse("q=lighthouse")).hits
    assert [hit.program_id for hit in hits] == [program.pk]
    assert found(backend, parse(f"need={WIGS}")) == {CROWN, GOLDEN, program.title}


def test_parts_of_a_state_it_does_not_name_are_found_by_every_search_there(
    backend, directory
):
    """ "Parts of New Hampshire" (no counties named): found by the state and by any
    ZIP code in it, labelled so, and by nothing outside it."""
    with in_step():
        program = ProgramPageFactory(
            parent=directory,
            title="Granite Meals",
            need_categories=list(NeedCategory.objects.filter(slug=GROCERIES)),
            partial_states=[state("NH")],
        )
    assert program.title in found(backend, parse("state=nh"))
    assert program.title in found(backend, parse("zip=03301"))  # Concord, NH
    assert program.title not in found(backend, parse("zip=04101"))  # Portland, ME
    assert program.title not in found(backend, parse("state=tx"))
    hit = next(
        h for h in backend.search(parse("zip=03301")).hits if h.title == program.title
    )
    assert hit.area == "Parts of New Hampshire — ask which areas"


def test_help_at_a_place_is_found_near_home_or_near_treatment(backend, directory):
    """Host homes in Boston for anyone treated there: found from a Boston ZIP, or
    from Maine with a Boston treatment ZIP; not from Maine or Texas alone."""
    with in_step():
        ProgramPageFactory(
            parent=directory,
            title="Harbor Host Homes",
            need_categories=list(NeedCategory.objects.filter(slug=CASH)),
            service_places=[county("suffolk-county-ma")],
        )
    boston, portland, houston = "02115", "04101", "77002"
    assert "Harbor Host Homes" in found(backend, parse(f"zip={boston}"))
    assert "Harbor Host Homes" in found(
        backend, parse(f"zip={portland}&treated_near={boston}")
    )
    assert "Harbor Host Homes" not in found(backend, parse(f"zip={portland}"))
    assert "Harbor Host Homes" not in found(backend, parse(f"zip={houston}"))
    assert "Harbor Host Homes" in found(backend, parse("state=ma"))
    in_rhode_island = backend.search(parse(f"state=ri&need={CASH}")).hits
    hit = next(hit for hit in in_rhode_island if hit.title == "Harbor Host Homes")
    assert hit.serves_part_of == ""  # not "Serves parts of Rhode Island"
    assert "Harbor Host Homes" not in found(backend, parse("state=tx"))
    # Without a place it is listed like any other program.
    assert "Harbor Host Homes" in found(backend, parse(f"need={CASH}"))
    # Programs not given at a place are untouched by where one is treated.
    assert found(backend, parse(f"zip={houston}&treated_near={boston}")) >= (
        found(backend, parse(f"zip={houston}")) - {"Harbor Host Homes"}
    )


def test_a_program_made_public_again_comes_back(backend, directory):
    with in_step():
        program = make_program(directory, [WIGS], title="Harbor Wigs")
        restriction = program.view_restrictions.create(restriction_type="login")
    assert backend.search(parse("q=harbor")).total == 0
    with in_step():
        restriction.delete()
    assert [hit.title for hit in backend.search(parse("q=harbor")).hits] == [
        "Harbor Wigs"
    ]


def test_a_published_edit_changes_what_is_found(backend, dataset):
    with in_step():
        program = dataset[CROWN]
        program.title = "Meadow Scarves"
        program.application_status = ApplicationStatus.CLOSED
        program.save_revision().publish()
    assert backend.search(parse("q=crown")).total == 0
    results = backend.search(parse("q=meadow"))
    assert [(hit.title, hit.is_closed) for hit in results.hits] == [
        ("Meadow Scarves", True)
    ]
    assert "Meadow Scarves" not in found(backend, parse("open_now=1"))


def test_a_draft_edit_of_a_live_program_changes_nothing(backend, dataset):
    with in_step():
        program = dataset[CROWN]
        program.title = "Unapproved Title"
        program.save_revision()
    assert [hit.title for hit in backend.search(parse("q=crown")).hits] == [CROWN]
    assert backend.search(parse("q=unapproved")).total == 0


# --- Malformed input ---------------------------------------------------------------

MALFORMED = {
    "unknown-need": (f"need={GAS}&need=no-such-need", f"need={GAS}"),
    "need-with-brackets": ("need[]=gas-cards", ""),
    "unknown-help": ("help=goods&help=teleportation", "help=goods"),
    "unknown-state": ("state=zz", ""),
    "state-name-not-code": ("state=Texas", ""),
    "unknown-county": ("state=tx&county=no-such-county", "state=tx"),
    "county-of-another-state": ("state=tx&county=kings-county-ny", "state=tx"),
    "county-without-state": ("county=harris-county-tx", ""),
    "negative-age": ("age=-1", ""),
    "text-age": ("age=abc", ""),
    "age-too-old": ("age=999", ""),
    "age-exponent": ("age=1e3", ""),
    "page-zero": ("page=0", ""),
    "text-page": ("page=abc", ""),
    "huge-page": ("page=99999999999999999999999", ""),
    "negative-page": ("page=-2", ""),
    "bogus-sort": ("sort=bogus", ""),
    "unknown-language": ("lang=xx", ""),
    "flag-not-yes": ("for_mbc=maybe&open_now=0", ""),
    "nul-bytes": ("q=%00%00&need=%00&state=%00", ""),
    "invalid-utf8": ("need=%FF%FE&q=%C3", ""),
    "repeated-state-keeps-first": ("state=ny&state=tx", "state=ny"),
    "unknown-zip-ignored": ("zip=00000&need=gas-cards", "need=gas-cards"),
    "malformed-zip-ignored": ("zip=abc", ""),
}


@pytest.mark.parametrize(("bad", "good"), MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_values_are_ignored(backend, dataset, bad, good):
    with_bad = backend.search(parse(bad).replace(page_size=50))
    without = backend.search(parse(good).replace(page_size=50))
    assert [hit.program_id for hit in with_bad.hits] == [
        hit.program_id for hit in without.hits
    ]
    assert with_bad.total == without.total
    assert with_bad.page == without.page
    assert with_bad.facets == without.facets


# Digits of other scripts: str.isdigit() and re's \d accept them, but int() refuses
# "¹" and the zipcodes package panics (a BaseException) on non-ASCII digits.
OTHER_DIGITS = {
    "superscript-age": ("age=%C2%B9", ""),
    "superscript-page": ("page=%C2%B2", ""),
    "arabic-indic-zip": ("zip=%D9%A7%D9%A7%D9%A0%D9%A0%D9%A2", ""),
    "fullwidth-zip": ("zip=%EF%BC%97%EF%BC%97%EF%BC%90%EF%BC%90%EF%BC%92", ""),
}


@pytest.mark.parametrize(
    ("bad", "good"), OTHER_DIGITS.values(), ids=OTHER_DIGITS.keys()
)
def test_digits_of_other_scripts_are_ignored(backend, dataset, bad, good):
    with_bad = backend.search(parse(bad).replace(page_size=50))
    without = backend.search(parse(good).replace(page_size=50))
    assert [hit.program_id for hit in with_bad.hits] == [
        hit.program_id for hit in without.hits
    ]


@pytest.mark.parametrize("zip_code", ["00000", "99999", "1234", "abcde", "77002x"])
def test_unknown_zip_says_so_and_searches_everywhere(backend, dataset, zip_code):
    query = parse(f"zip={zip_code}")
    assert len(query.messages) == 1
    assert zip_code in query.messages[0]
    assert query.state == ""
    assert found(backend, query) == EVERYTHING


def test_known_zip_gives_no_message(backend, dataset):
    assert parse("zip=77002").messages == ()


# --- Text --------------------------------------------------------------------------

TEXT_CASES = {
    "one-word": ("fuel", {LONE_STAR}),
    "all-words-when-enough-match": (
        "groceries meals",
        {MESA, PANTRY, DALLAS, BROOKLYN},
    ),
    "too-few-with-every-word-finds-any": ("rides houston", {WHEELS, BAYOU}),
    "any-word-not-nothing": ("fuel suppers", {LONE_STAR, DALLAS}),
    "or-is-a-stop-word-not-an-operator": ("scarves OR wig", {GOLDEN, CROWN}),
    "word-in-need-name": ("rides", {WHEELS, BAYOU}),
    "plural-finds-singular": ("wigs", {CROWN, GOLDEN}),
    "singular-finds-plural": ("driver", {WHEELS}),
    "stemmed-verb": ("fitted", {CROWN}),
    "case-insensitive": ("WIG", {CROWN, GOLDEN}),
    "stop-words-ignored": ("the wig for a", {CROWN, GOLDEN}),
    "filler-ignored": ("I need free help with a wig please", {CROWN, GOLDEN}),
    "only-stop-words-is-no-text": ("the and of", EVERYTHING),
    "only-filler-is-no-text": ("need help", EVERYTHING),
    "no-words": ("", EVERYTHING),
    "no-match": ("zeppelin", set()),
}


@pytest.mark.parametrize(
    ("text", "expected"), TEXT_CASES.values(), ids=TEXT_CASES.keys()
)
def test_text_search_matches_the_words_stemmed(backend, dataset, text, expected):
    assert found(backend, SearchQuery(text=text)) == expected


ANY_WORD_ORDER = {
    # The program with both words first, then those with one.
    "rides houston": BAYOU,
    "scarves OR wig": GOLDEN,
    "houston rides chemotherapy": BAYOU,
}


@pytest.mark.parametrize(("text", "first"), ANY_WORD_ORDER.items())
def test_any_word_results_put_the_most_words_first(backend, dataset, text, first):
    results = backend.search(SearchQuery(text=text, sort="relevance"))
    assert results.query.any_word
    assert results.hits[0].title == first


def test_enough_programs_with_every_word_is_not_widened(backend, dataset):
    results = backend.search(SearchQuery(text="groceries meals"))
    assert not results.query.any_word


# What patients type, read as the search page reads it (``search.words``).
READ_CASES = {
    "need-words": ("chemo ride", {WHEELS, BAYOU}),
    "need-phrase-with-filler": ("help paying for fuel", {LONE_STAR, BAYOU}),
    "misspelt-word-corrected": ("wgi", {CROWN, GOLDEN}),
    "misspelt-need-word": ("gas crad", {LONE_STAR, BAYOU}),
}


@pytest.mark.parametrize(("text", "expected"), READ_CASES.values(), ids=READ_CASES)
def test_everyday_words_find_the_need(backend, dataset, text, expected):
    assert found(backend, parse(urlencode({"q": text}))) == expected


def test_the_needs_the_words_name_come_first(backend, dataset):
    # "rides" names Rides to treatment; "houston" matches only Bayou, which has both.
    query = parse("q=houston+rides&sort=relevance")
    assert query.word_needs == (RIDES,)
    assert ordered(backend, query)[:2] == [BAYOU, WHEELS]


def test_a_title_with_every_word_comes_first(backend, dataset):
    # Both wig programs are in the need "wig" names; one has the word in its title.
    assert ordered(backend, parse("q=wig&sort=relevance")) == [CROWN, GOLDEN]
    assert ordered(backend, parse("q=scarves+wig&sort=relevance"))[0] == GOLDEN


def test_a_word_a_curator_adds_is_used_by_the_next_search(backend, dataset):
    assert found(backend, parse("q=zephyrmobile")) == set()
    rides = NeedCategory.objects.get(slug=RIDES)
    rides.search_words += "\nzephyrmobile"
    rides.save()
    query = parse("q=zephyrmobile")
    assert query.word_needs == (RIDES,)
    assert found(backend, query) == {WHEELS, BAYOU}


def test_text_search_finds_the_organisation_name(backend, dataset):
    organisation = dataset[DALLAS].organisation
    with in_step():
        organisation.name = "Quilted Kettle Society"
        organisation.save()
    assert found(backend, SearchQuery(text="quilted kettle")) == {DALLAS}


def test_text_combines_with_filters(backend, dataset):
    assert found(backend, parse("q=cards&state=ny")) == {MESA}
    assert found(backend, parse("q=cards&state=tx")) == {MESA, LONE_STAR, BAYOU}


# --- In Spanish ---------------------------------------------------------------------
# The Spanish site reads the words in Spanish and searches each program's Spanish
# text (its English where no Spanish is written, and its English title too).

SPANISH_CASES = {
    "word-only-in-spanish-text": ("etapa", {SUNFLOWER}),
    "plural-finds-singular": ("conductor", {WHEELS}),
    "singular-finds-plural": ("vecino", {BROOKLYN}),
    "accent-typed": ("quimioterápia", {WHEELS, BAYOU}),  # and names the rides
    "accent-not-typed": ("quimioterapia", {WHEELS, BAYOU}),
    "capitals-and-accents": ("ESPAÑOL", {BROOKLYN}),
    "n-for-ñ": ("espanol", {BROOKLYN}),
    "spanish-stop-words-dropped": ("las citas de los conductores", {WHEELS}),
    "a-need-named-in-spanish": ("pelucas", {CROWN, GOLDEN}),
    "english-title-of-a-translated-program": ("crown", {CROWN}),
    "untranslated-program-in-its-english": ("scarves", {GOLDEN}),
    "no-match": ("zepelín", set()),
}


def spanish(querystring):
    """A query as the Spanish site (/es/) parses it."""
    with translation.override("es"):
        return parse(querystring)


@pytest.mark.parametrize(
    ("text", "expected"), SPANISH_CASES.values(), ids=SPANISH_CASES.keys()
)
def test_spanish_words_find_the_spanish_text(backend, dataset, text, expected):
    query = spanish(urlencode({"q": text}))
    assert query.words_language == "es"
    assert found(backend, query) == expected


def test_spanish_text_ranks_a_title_with_every_word_first(backend, dataset):
    assert ordered(backend, spanish("q=pelucas+crown&sort=relevance"))[0] == CROWN


def facet_counts(results):
    return {
        name: {value.value: value.count for value in facet.values}
        for name, facet in results.facets.items()
    }


@pytest.mark.parametrize("params", ["", "state=tx", "need=cash-grants&state=ny"])
def test_filters_and_counts_are_the_same_in_both_languages(backend, dataset, params):
    english, in_spanish = backend.search(parse(params)), backend.search(spanish(params))
    assert in_spanish.total == english.total
    assert {hit.program_id for hit in in_spanish.hits} == {
        hit.program_id for hit in english.hits
    }
    assert facet_counts(in_spanish) == facet_counts(english)


def test_spanish_words_count_what_they_find(backend, dataset):
    # "comidas" is in two Spanish summaries and names the groceries need.
    results = backend.search(spanish("q=comidas&state=ny").replace(page_size=50))
    assert {hit.title for hit in results.hits} == {MESA, BROOKLYN}
    assert results.total == 2
    assert facet_counts(results)["need"][GROCERIES] == 2


def test_cards_show_the_spanish_and_mark_the_english(backend, dataset):
    with translation.override("es"):
        hits = {
            hit.program_id: hit
            for hit in backend.search(parse("").replace(page_size=50)).hits
        }
    crown = hits[dataset[CROWN].pk]
    assert (crown.title, crown.summary) == (
        "Banco de Pelucas Crown",
        "Una peluca gratis y su ajuste, enviados a su puerta.",
    )
    assert crown.in_english == set()
    golden = hits[dataset[GOLDEN].pk]
    assert golden.title == GOLDEN
    assert golden.in_english == {"title", "summary"}
    assert golden.area == "California"
    wheels = hits[dataset[WHEELS].pk]
    assert wheels.title == WHEELS and wheels.in_english == {"title"}
    assert wheels.area == "En cualquier lugar de Estados Unidos"


def test_english_cards_are_unchanged(backend, dataset):
    hits = backend.search(parse("").replace(page_size=50)).hits
    crown = next(hit for hit in hits if hit.program_id == dataset[CROWN].pk)
    assert crown.title == CROWN and crown.in_english == set()


FTS_SYNTAX = {
    "or-near": ('"wig" OR NEAR(', None),
    "quoted-or": ('"wig" OR', {CROWN, GOLDEN}),
    "minus": ("-", EVERYTHING),
    "minus-word": ("-wig", {CROWN, GOLDEN}),
    "star": ("*", EVERYTHING),
    "prefix-star": ("wig*", {CROWN, GOLDEN}),
    "apostrophe": ("'", EVERYTHING),
    "unbalanced-quote": ('"wig', {CROWN, GOLDEN}),
    "column-filter": ("title:wig", None),
    "caret": ("^wig", {CROWN, GOLDEN}),
    "parentheses": ("(wig) AND (", {CROWN, GOLDEN}),
    "braces": ("{wig}", {CROWN, GOLDEN}),
    "tsquery-operators": ("wig & ! | <->", {CROWN, GOLDEN}),
    "backslash": ("wig\\", {CROWN, GOLDEN}),
    "percent-underscore": ("% _ wig", None),
    "semicolon-sql": ("wig'; DROP TABLE x; --", None),
    "only-punctuation": ("!@#$%^&*()", EVERYTHING),
    "long-text": ("wig " * 120, {CROWN, GOLDEN}),
    "many-words": (" ".join(f"word{n}" for n in range(40)), set()),
    "emoji": ("wig 💇", {CROWN, GOLDEN}),
}


@pytest.mark.parametrize(
    ("text", "expected"), FTS_SYNTAX.values(), ids=FTS_SYNTAX.keys()
)
def test_search_syntax_in_text_never_raises(backend, dataset, text, expected):
    query = parse(urlencode({"q": text}))
    results = backend.search(query)
    if expected is None:
        assert {hit.title for hit in results.hits} <= EVERYTHING
    else:
        assert found(backend, query) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("wig's", {CROWN, GOLDEN}), ("wig _", {CROWN, GOLDEN}), ("crown's", {CROWN})],
    ids=["possessive", "underscore", "possessive-of-a-title-word"],
)
def test_punctuation_inside_words_is_not_a_search_word(
    backend, dataset, text, expected
):
    assert found(backend, SearchQuery(text=text)) == expected
