"""The search page as a patient sees it: /programs/ with GET parameters, its landing
URLs and the /search/ alias. Counts and chosen filters are checked in the rendered
HTML; queried pages must never be cached or indexed, and search words never logged."""

import datetime
import logging
import re
from collections import Counter
from html import unescape
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from pytest_django.asserts import assertContains

from django.db import connection, transaction
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext

from directory import geo
from directory.choices import ApplicationStatus, CancerScope, HelpType
from directory.models import NeedCategory, ProgramPage
from search.backends import get_backend
from search.query import SearchQuery
from tests.factories import (
    DirectoryIndexPageFactory,
    ProgramPageFactory,
    county,
    minimal_site,
    state,
)

pytestmark = pytest.mark.django_db

GAS = "gas-cards"
RIDES = "rides-to-treatment"
CASH = "cash-grants"
WIGS = "wigs-and-head-coverings"

LONE_STAR = "Lone Star Fuel Cards"
BAYOU = "Bayou City Rides"
ROAD_READY = "Road Ready Gas Fund"
SUNFLOWER = "Sunflower Cash Grant"
CROWN = "Crown Wig Bank"
EMPIRE = "Empire State Bill Help"


def make_program(parent, title, needs, regions=(), **fields):
    return ProgramPageFactory(
        parent=parent,
        title=title,
        need_categories=list(NeedCategory.objects.filter(slug__in=needs)),
        regions=list(regions),
        **fields,
    )


@pytest.fixture(scope="module")
def directory(django_db_setup, django_db_blocker):
    """The site tree and six programs (Texas, Harris County, New York, closed, and
    nationwide; all but the closed one taking applications), built once in a
    transaction rolled back after the module; each test runs in a savepoint inside
    it, so a test may add programs freely."""
    verified = datetime.date(2025, 9, 1)
    with django_db_blocker.unblock(), transaction.atomic():
        home = minimal_site()
        directory = DirectoryIndexPageFactory(parent=home)
        make_program(
            directory,
            LONE_STAR,
            [GAS],
            [state("TX")],
            help_types=[HelpType.CARD],
            cancer_scope=CancerScope.METASTATIC_BREAST,
            last_verified_at=verified,
            application_status=ApplicationStatus.OPEN,
        )
        make_program(
            directory,
            BAYOU,
            [RIDES, GAS],
            [county("harris-county-tx")],
            help_types=[HelpType.SERVICE],
            last_verified_at=verified - datetime.timedelta(days=1),
            application_status=ApplicationStatus.OPEN,
        )
        make_program(
            directory,
            ROAD_READY,
            [GAS],
            help_types=[HelpType.CARD],
            last_verified_at=verified - datetime.timedelta(days=2),
            application_status=ApplicationStatus.OPEN,
        )
        make_program(
            directory,
            SUNFLOWER,
            [CASH],
            help_types=[HelpType.CASH],
            cancer_scope=CancerScope.METASTATIC_BREAST,
            last_verified_at=verified - datetime.timedelta(days=3),
            application_status=ApplicationStatus.OPEN,
        )
        make_program(
            directory,
            CROWN,
            [WIGS],
            help_types=[HelpType.GOODS],
            last_verified_at=verified - datetime.timedelta(days=4),
            application_status=ApplicationStatus.OPEN,
        )
        make_program(
            directory,
            EMPIRE,
            [CASH],
            [state("NY")],
            help_types=[HelpType.BILL_PAID],
            application_status=ApplicationStatus.CLOSED,
        )
        yield directory
        transaction.set_rollback(True)


@pytest.fixture
def programs(directory):
    """The shared programs by title, read afresh for each test."""
    return {page.title: page for page in ProgramPage.objects.child_of(directory)}


def assert_contains(response, markup):
    """The page holds this markup (compared as HTML, attribute order ignored)."""
    assertContains(response, markup, html=True)


def get(client, params="", path="/programs/"):
    return client.get(f"{path}?{params}" if params else path)


def hit_ids(response):
    """The programs listed, in order, as result cards."""
    return re.findall(
        r'<article class="card[^"]*" aria-labelledby="hit-(\d+)"', text(response)
    )


def text(response):
    return response.content.decode()


def heading(response):
    match = re.search(r'<h2 id="results-heading"[^>]*>(.*?)</h2>', text(response), re.S)
    return " ".join(match.group(1).split())


def chips(response):
    """(label, link) of each chosen filter's removal link."""
    return [
        (unescape(label), unescape(href))
        for href, label in re.findall(
            r'<a class="chip" href="([^"]*)" aria-label="Remove ([^"]*)">',
            text(response),
        )
    ]


# --- Counts and selection in the HTML ----------------------------------------------

COUNT_MARKUP = {
    "need-count-in-state": (
        "state=tx",
        '<label for="need-gas-cards">Gas cards <span class="count">(3)</span></label>',
    ),
    "need-count-ignores-own-selection": (
        f"state=tx&need={GAS}",
        '<label for="need-cash-grants">Cash grants <span class="count">(1)</span>'
        "</label>",
    ),
    "selected-need-count": (
        f"need={GAS}&need={RIDES}",
        '<label for="need-rides-to-treatment">Rides to treatment '
        '<span class="count">(1)</span></label>',
    ),
    "state-count-includes-nationwide": (
        f"need={GAS}",
        '<option value="tx">Texas (3)</option>',
    ),
    "other-state-count": (f"need={GAS}", '<option value="ny">New York (1)</option>'),
    "selected-state-count": (
        "state=tx",
        '<option value="tx" selected>Texas (5)</option>',
    ),
    "help-count": (
        "state=tx",
        '<label for="help-gift-or-prepaid-card">A gift or prepaid card '
        '<span class="count">(2)</span></label>',
    ),
    "flag-count": (
        "state=tx",
        '<label for="flag-for_mbc">Made for metastatic breast cancer '
        '<span class="count">(2)</span></label>',
    ),
    "open-now-count": (
        "",
        '<label for="flag-open_now">Taking applications now '
        '<span class="count">(5)</span></label>',
    ),
    "selected-flag-count": (
        "for_mbc=1",
        '<label for="flag-for_mbc">Made for metastatic breast cancer '
        '<span class="count">(2)</span></label>',
    ),
    "total": (
        "state=tx",
        '<h2 id="results-heading" aria-live="polite">5 programs in Texas</h2>',
    ),
}


@pytest.mark.parametrize(
    ("params", "markup"), COUNT_MARKUP.values(), ids=COUNT_MARKUP.keys()
)
def test_facet_counts_are_shown_in_the_page(client, programs, params, markup):
    assert_contains(get(client, params), markup)


def test_help_types_without_results_are_not_offered(client, programs):
    content = text(get(client, "state=tx"))
    assert 'id="help-bill-paid-to-provider"' not in content
    assert 'id="help-service"' in content


SELECTED_MARKUP = {
    "need": (
        f"need={GAS}",
        '<input type="checkbox" name="need" value="gas-cards" id="need-gas-cards" '
        "checked>",
    ),
    "help": (
        "help=service",
        '<input type="checkbox" name="help" value="service" id="help-service" checked>',
    ),
    "flag": (
        "open_now=1",
        '<input type="checkbox" name="open_now" value="1" id="flag-open_now" checked>',
    ),
    "state": ("state=TX", '<option value="tx" selected>Texas (5)</option>'),
    "county-from-zip": (
        "zip=77002",
        '<option value="harris-county-tx" selected>Harris County</option>',
    ),
    "language": ("lang=es", '<option value="es" selected>Spanish</option>'),
    "sort": ("sort=name", '<option value="name" selected>Name (A–Z)</option>'),
    "relevance-with-words": (
        "q=fuel&sort=relevance",
        '<option value="relevance" selected>Best match</option>',
    ),
    "no-sort-chosen-with-words": (
        "q=fuel",
        '<option value="" selected>Best match for your words, else closest first'
        "</option>",
    ),
    "words": (
        "q=fuel",
        '<input type="search" id="id_q" name="q" value="fuel" maxlength="200" '
        'autocomplete="off">',
    ),
    "zip": (
        "zip=77002",
        '<input type="text" id="id_zip" name="zip" value="77002" inputmode="numeric" '
        'autocomplete="postal-code" maxlength="10">',
    ),
    "age": (
        "age=30",
        '<input type="number" id="id_age" name="age" min="0" max="120" value="30" '
        'inputmode="numeric">',
    ),
}


@pytest.mark.parametrize(
    ("params", "markup"), SELECTED_MARKUP.values(), ids=SELECTED_MARKUP.keys()
)
def test_chosen_values_are_marked_in_the_form(client, programs, params, markup):
    assert_contains(get(client, params), markup)


def test_unchosen_need_is_not_checked(client, programs):
    response = get(client, f"need={GAS}")
    assert_contains(
        response,
        '<input type="checkbox" name="need" value="rides-to-treatment" '
        'id="need-rides-to-treatment">',
    )
    assert text(response).count(" checked>") == 1


def test_county_list_follows_a_renamed_county(client, programs):
    """The county list is built once per state; a curator's rename shows at once."""
    assert_contains(
        get(client, "state=tx"),
        '<option value="harris-county-tx">Harris County</option>',
    )
    harris = county("harris-county-tx")
    harris.name = "Harris & Bay County"
    harris.save()
    try:
        response = get(client, "state=tx&county=harris-county-tx")
    finally:  # the rename bumps the shared taxonomy version; so does undoing it
        harris.name = "Harris County"
        harris.save()
    assert_contains(
        response,
        '<option value="harris-county-tx" selected>Harris &amp; Bay County</option>',
    )
    assert text(response).count('-tx" selected>') == 1


def test_save_forms_post_with_a_working_csrf_token(programs):
    """Every card's form shares one token and path, and saving with it works."""
    client = Client(enforce_csrf_checks=True)
    html = get(client, "state=tx").content.decode()
    pk = programs[LONE_STAR].pk
    form = re.search(
        rf'action="(/my-list/save/{pk}/)">\s*<input type="hidden" '
        r'name="csrfmiddlewaretoken" value="([^"]+)">\s*'
        r'<input type="hidden" name="next" value="([^"]+)">',
        html,
    )
    assert form, "no save form for the program"
    assert (
        len(set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))) == 1
    )
    response = client.post(
        form[1], {"csrfmiddlewaretoken": form[2], "next": unescape(form[3])}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/programs/?state=tx#hit-{pk}"


UNKNOWN_VALUES = {
    "need": "need=no-such-need",
    "help": "help=teleportation",
    "state": "state=zz",
    "county": "state=tx&county=no-such-county",
    "age": "age=abc",
    "negative-age": "age=-5",
    "page": "page=abc",
    "page-zero": "page=0",
    "huge-page": "page=999999999999",
    "sort": "sort=bogus",
    "language": "lang=xx",
    "everything-at-once": "need=x&help=y&state=zz&age=999&page=-1&sort=z&lang=q",
    "nul-byte": "q=%00&need=%00",
}


@pytest.mark.parametrize("params", UNKNOWN_VALUES.values(), ids=UNKNOWN_VALUES.keys())
def test_unknown_values_are_ignored(client, programs, params):
    response = get(client, params)
    assert response.status_code == 200
    plain = get(client, "state=tx" if "state=tx" in params else "")
    assert hit_ids(response) == hit_ids(plain)
    assert heading(response) == heading(plain)


@pytest.mark.parametrize(
    "params",
    ["age=%C2%B9", "page=%C2%B2", "zip=%D9%A7%D9%A7%D9%A0%D9%A0%D9%A2"],
    ids=["superscript-age", "superscript-page", "arabic-indic-zip"],
)
def test_digits_of_other_scripts_never_break_the_page(client, programs, params):
    assert get(client, params).status_code == 200


# --- Chosen filters ----------------------------------------------------------------

CHOSEN = [
    ("q", "fuel"),
    ("state", "tx"),
    ("county", "harris-county-tx"),
    ("need", GAS),
    ("need", RIDES),
    ("help", "service"),
    ("for_mbc", "1"),
    ("lang", "en"),
    ("age", "30"),
    ("sort", "name"),
    ("page", "2"),
]

REMOVES = {
    "Words: fuel": [("q", "fuel")],
    # A county is chosen within a state: dropping the state drops it too.
    "Texas": [("state", "tx"), ("county", "harris-county-tx")],
    "Harris County": [("county", "harris-county-tx")],
    "Gas cards": [("need", GAS)],
    "Rides to treatment": [("need", RIDES)],
    "A service": [("help", "service")],
    "Made for metastatic breast cancer": [("for_mbc", "1")],
    "Language: English": [("lang", "en")],
    "Age 30": [("age", "30")],
}


def test_each_chosen_filter_link_drops_exactly_that_filter(client, programs):
    response = get(client, urlencode(CHOSEN))
    links = dict(chips(response))
    assert list(links) == list(REMOVES)
    kept = Counter(pair for pair in CHOSEN if pair[0] != "page")  # back to page 1
    for label, link in links.items():
        url = urlsplit(link)
        assert url.path == "/programs/"
        assert Counter(parse_qsl(url.query)) == kept - Counter(REMOVES[label]), label
        after = client.get(link)
        assert after.status_code == 200
        assert [chip for chip, _ in chips(after)] == [
            chip
            for chip in REMOVES
            if chip != label and not (label == "Texas" and chip == "Harris County")
        ]


def test_zip_is_one_chosen_filter_that_names_the_place(client, programs):
    links = dict(chips(get(client, f"zip=77002&need={GAS}")))
    assert links == {
        "Near Houston, TX (Harris County) · ZIP 77002": f"/programs/?need={GAS}",
        "Gas cards": "/programs/?zip=77002",
    }


def test_clear_all_choices_links_to_the_plain_page(client, programs):
    assert_contains(
        get(client, f"need={GAS}"),
        '<li><a class="chip chip--clear" href="/programs/">Clear all choices</a></li>',
    )
    assert "Clear all choices" not in text(get(client))


@pytest.mark.parametrize(
    ("params", "summary"),
    [
        ("q=fuel&need=gas-cards", "Filters (1 chosen)"),
        ("zip=77002&need=gas-cards&for_mbc=1", "Filters (2 chosen)"),
        ("state=tx&county=harris-county-tx", "Filters (2 chosen)"),
        ("q=fuel&zip=77002", "Filters (none chosen)"),
    ],
    ids=["words-not-counted", "zip-not-counted", "state-and-county", "none"],
)
def test_the_filters_disclosure_counts_the_filters_inside_it(
    client, programs, params, summary
):
    """The words and the ZIP code sit above the closed disclosure, always in view;
    its summary counts what is chosen inside it."""
    page = text(get(client, params))
    match = re.search(
        r'<summary class="filters-disclosure__summary">(.*?)</summary>', page
    )
    assert " ".join(re.sub(r"<[^>]+>", "", match.group(1)).split()) == summary
    row = page.index('class="search-row"')
    assert row < page.index('id="id_q"') < page.index("<details")
    assert row < page.index('id="id_zip"') < page.index("<details")
    assert page.index("<details") < page.index('id="need-gas-cards"')


# --- Empty state -------------------------------------------------------------------

NO_RESULTS = f"need={WIGS}&state=tx&for_mbc=1"
FALLBACK_211 = (
    '<p class="fallback-211"><a href="tel:211">Call 211</a> or '
    '<a href="sms:898211">text your ZIP code to 898-211</a> to reach a local '
    "resource specialist.</p>"
)


def suggestions(response):
    """(text, link, count) of each change the empty state suggests, in order."""
    return [
        (unescape(label), unescape(href), int(count))
        for href, label, count in re.findall(
            r'<a class="suggestion" href="([^"]*)">(.*?) '
            r'<span class="suggestion__count">(\d+) programs?</span></a>',
            text(response),
        )
    ]


def test_empty_state_suggests_only_changes_that_keep_the_place(client, programs):
    response = get(client, NO_RESULTS)
    assert response.status_code == 200
    assert heading(response) == "No programs found for Wigs and head coverings in Texas"
    # Without "Made for metastatic breast cancer", Crown Wig Bank (nationwide)
    # serves Texas. Dropping Texas is never offered; nor is dropping the wigs:
    # "Comfort and care" as a whole finds nothing more in Texas, so it is left out.
    assert suggestions(response) == [
        (
            "Remove “Made for metastatic breast cancer”",
            f"/programs/?state=tx&need={WIGS}",
            1,
        )
    ]
    assert "Remove “Texas”" not in text(response)


def test_empty_state_never_offers_programs_that_do_not_serve_the_place(
    client, directory
):
    """Wyoming and pet care: the only pet-care program is in New York, so dropping
    Wyoming would "find" it. The page offers what serves Wyoming, and 211."""
    make_program(directory, "Manhattan Pet Pals", ["pet-care"], [state("NY")])
    response = get(client, "state=wy&need=pet-care")
    assert heading(response) == "No programs found for Pet care in Wyoming"
    assert suggestions(response) == []
    assert "Manhattan Pet Pals" not in text(response)
    assert_contains(response, FALLBACK_211)


def test_empty_state_widens_a_need_to_its_group_counted_in_the_place(client, directory):
    make_program(directory, "Manhattan Pet Pals", ["pet-care"], [state("NY")])
    make_program(
        directory, "Cowboy State Meals", ["groceries-and-meals"], [state("WY")]
    )
    make_program(directory, "Empire Meals", ["groceries-and-meals"], [state("NY")])
    response = get(client, "state=wy&need=pet-care")
    assert suggestions(response) == [
        (
            "Try all of “Food and home” instead of “Pet care”",
            "/programs/?state=wy&need=food-and-home",
            1,
        )
    ]
    widened = client.get("/programs/?state=wy&need=food-and-home")
    assert card_titles(widened) == {"Cowboy State Meals"}
    assert heading(widened) == "1 program for Food and home in Wyoming"


def test_empty_state_links_find_the_counted_programs(client, directory):
    make_program(
        directory,
        "Cowboy State Meals",
        ["groceries-and-meals"],
        [state("WY")],
        help_types=[HelpType.CASH],
    )
    make_program(
        directory,
        "Cowboy Pet Care",
        ["pet-care"],
        [state("WY")],
        help_types=[HelpType.SERVICE],
    )
    response = get(client, "state=wy&need=pet-care&help=cash")
    found = suggestions(response)
    assert [label for label, _, _ in found] == [
        "Try all of “Food and home” instead of “Pet care”",
        "Remove “Cash paid to you”",
    ]
    for _, link, count in found:
        followed = client.get(link)
        assert len(hit_ids(followed)) == count
        assert "state=wy" in link


def test_empty_state_shows_nationwide_programs_for_the_chosen_needs(client, programs):
    response = get(client, NO_RESULTS)
    content = text(response)
    assert "Programs anywhere in the US for what you need" in content
    assert hit_ids(response) == [str(programs[CROWN].pk)]
    assert programs[CROWN].url in content


def test_empty_state_without_needs_lists_no_nationwide_programs(client, programs):
    response = get(client, "state=ny&for_mbc=1&help=service")
    assert heading(response) == "No programs found in New York"
    assert "Programs anywhere in the US" not in text(response)
    assert hit_ids(response) == []


@pytest.mark.parametrize(
    "params",
    [NO_RESULTS, "state=ny&for_mbc=1&help=service", "q=zzqxv"],
    ids=["suggestions", "no-suggestions", "words-only"],
)
def test_every_empty_state_offers_211(client, programs, params):
    response = get(client, params)
    assert heading(response).startswith("No programs found")
    assert_contains(response, FALLBACK_211)


def test_results_do_not_show_the_211_fallback(client, programs):
    assert "tel:211" not in text(get(client, "state=tx"))


ZIP_NOT_FOUND = (
    '<p class="notice notice--error" role="alert" id="search-message-1">We '
    "couldn't find the ZIP code “00000”. Check it, or choose your state instead.</p>"
)


def test_an_unknown_zip_is_kept_said_and_lists_nothing(client, programs):
    response = get(client, f"zip=00000&need={GAS}")
    assert response.status_code == 200
    assert_contains(response, ZIP_NOT_FOUND)
    # What was typed stays in the box, to mend.
    assert_contains(
        response,
        '<input type="text" id="id_zip" name="zip" value="00000" inputmode="numeric" '
        'autocomplete="postal-code" maxlength="10" aria-invalid="true" '
        'aria-describedby="search-message-1">',
    )
    # No program and no count that would suggest programs where the patient lives.
    assert hit_ids(response) == []
    assert heading(response) == "Check the ZIP code to see programs"
    content = text(response)
    assert 'class="count"' not in content
    assert not re.search(r"<option[^>]*>[^<]*\(\d+\)</option>", content)
    assert "No programs are listed until we know where you live" in content
    # The rest of the choices are kept.
    assert "Gas cards" in [label for label, _ in chips(response)]


def test_an_unknown_treatment_zip_is_kept_to_mend(client, programs):
    response = get(client, "state=tx&treated_near=0000x")
    assert "We couldn't find the ZIP code “0000x” where you are treated" in unescape(
        text(response)
    )
    assert 'name="treated_near" value="0000x"' in text(response)
    assert heading(response) == "5 programs in Texas"


def test_an_unknown_zip_with_a_state_lists_that_state(client, programs):
    response = get(client, "zip=00000&state=tx")
    assert_contains(response, ZIP_NOT_FOUND)
    assert 'value="00000"' in text(response)
    assert heading(response) == "5 programs in Texas"
    assert len(hit_ids(response)) == 5


def test_search_words_and_zip_are_escaped_in_the_page(client, programs):
    content = text(get(client, urlencode({"q": "<b>x</b>", "zip": "<i>1</i>"})))
    assert "<b>x</b>" not in content
    assert "<i>1</i>" not in content
    assert 'value="&lt;b&gt;x&lt;/b&gt;"' in content
    assert "“&lt;i&gt;1&lt;/i&gt;”" in content


# --- Caching and robots ------------------------------------------------------------

QUERIED = {
    "words": "/programs/?q=x",
    "empty-words": "/programs/?q=",
    "state": "/programs/?state=tx",
    "page": "/programs/?page=2",
    "unknown-parameter": "/programs/?utm_source=newsletter",
    "unknown-zip": "/programs/?zip=00000",
    "no-results": f"/programs/?{NO_RESULTS}",
    "landing-with-words": "/programs/need/gas-cards/?q=x",
    "landing-with-page": "/programs/state/tx/?page=1",
}


@pytest.mark.parametrize("url", QUERIED.values(), ids=QUERIED.keys())
def test_queried_pages_are_private_and_not_indexed(client, programs, url):
    response = client.get(url)
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "public" not in cache_control
    assert response["X-Robots-Tag"] == "noindex"
    assert text(response).count('<meta name="robots" content="noindex">') == 1
    assert 'rel="canonical"' not in text(response)


LANDINGS = {
    "directory": ("/programs/", "", "Find help"),
    "need": (
        f"/programs/need/{GAS}/",
        f"need={GAS}",
        "Gas cards: programs that can help",
    ),
    "state": ("/programs/state/tx/", "state=tx", "Help in Texas"),
    "need-and-state": (
        f"/programs/need/{GAS}/state/tx/",
        f"need={GAS}&state=tx",
        "Gas cards in Texas",
    ),
}


@pytest.mark.parametrize(
    ("path", "params", "title"), LANDINGS.values(), ids=LANDINGS.keys()
)
def test_landing_urls_are_indexable_with_a_canonical_link(
    client, programs, path, params, title
):
    response = client.get(path)
    assert response.status_code == 200
    assert_contains(response, f'<link rel="canonical" href="http://testserver{path}">')
    assert text(response).count('rel="canonical"') == 1
    assert "noindex" not in text(response)
    assert "X-Robots-Tag" not in response
    assert "no-store" not in response.get("Cache-Control", "")
    assert_contains(response, f"<h1>{title}</h1>")


def section(response, pattern):
    match = re.search(pattern, text(response), re.S)
    return match.group(0)


@pytest.mark.parametrize(
    ("path", "params", "title"), LANDINGS.values(), ids=LANDINGS.keys()
)
def test_landing_urls_show_the_same_search_as_the_query(
    client, programs, path, params, title
):
    landing = client.get(path)
    queried = get(client, params)
    assert hit_ids(landing) == hit_ids(queried)
    assert hit_ids(landing)
    form = r'<form class="filters".*?</form>'
    assert section(landing, form) == section(queried, form)
    results = r'<section class="results".*?</section>'
    # "Save to My list" forms carry a per-request CSRF token and the page's own URL.
    save_forms = re.compile(r'<form class="save-form".*?</form>', re.S)
    assert save_forms.sub("", section(landing, results)) == save_forms.sub(
        "", section(queried, results)
    )


NOT_FOUND = [
    "/programs/need/no-such-need/",
    "/programs/state/zz/",
    "/programs/state/texas/",
    "/programs/need/gas-cards/state/zz/",
    "/programs/need/no-such-need/state/tx/",
    "/programs/need/no-such-need/?q=x",
]


@pytest.mark.parametrize("path", NOT_FOUND, ids=lambda path: path.strip("/"))
def test_unknown_landing_urls_are_not_found(client, programs, path):
    assert client.get(path).status_code == 404


def test_upper_case_state_landing_redirects_permanently(client, programs):
    response = client.get("/programs/state/TX/")
    assert response.status_code == 301
    assert response["Location"] == "/programs/state/tx/"


def test_upper_case_state_landing_with_a_query_keeps_it_and_is_not_cached(
    client, programs
):
    response = client.get("/programs/state/TX/?q=fuel&need=gas-cards")
    assert response["Location"] == "/programs/state/tx/?q=fuel&need=gas-cards"
    assert "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    ("params", "location"),
    [
        ({"q": "x"}, "/programs/?q=x"),
        ({"q": "wigs", "state": "tx"}, "/programs/?q=wigs&state=tx"),
        ({}, "/programs/"),
    ],
    ids=["words", "words-and-state", "nothing"],
)
def test_search_alias_redirects_to_the_directory_uncached(
    client, directory, params, location
):
    response = client.get("/search/", params)
    assert response.status_code == 302
    assert response["Location"] == location
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


# --- Query counts ------------------------------------------------------------------

SEARCH_QUERIES = {
    "nothing": "",
    "state": "state=tx",
    "county": "state=tx&county=harris-county-tx",
    "three-needs-state-help-text": (
        f"need={GAS}&need={RIDES}&need={CASH}&state=tx&help=service&q=rides"
    ),
    "everything": (
        f"q=fuel+cards&zip=77002&need={GAS}&need={RIDES}&need={CASH}"
        "&help=gift-or-prepaid-card&help=service&for_mbc=1&maintenance_ok=1"
        "&open_now=1&self_apply=1&lang=en&age=40&sort=name&page=2"
    ),
    "no-results": NO_RESULTS,
    # No program has both words: the search widens to any of them (one more query).
    "words-widened": "q=lone+zeppelin&state=tx",
    # A word the directory does not know: corrected before the search (up to three
    # queries to read the words, outside the backend's count).
    "misspelt-word": f"q=fuel+crads&need={GAS}",
}
WIDENED = {SEARCH_QUERIES["words-widened"]}


@pytest.mark.parametrize("params", SEARCH_QUERIES.values(), ids=SEARCH_QUERIES.keys())
def test_a_search_takes_at_most_five_queries(
    programs, django_assert_max_num_queries, params, settings
):
    settings.SEARCH_FACET_BITMAPS = False  # every count a query
    query = SearchQuery.from_params(QueryDict(params))  # loads the taxonomy
    backend = get_backend()
    # A search without words also reads the search generation (the count cache).
    limit = 5 + (params in WIDENED) + (not query.text)
    with django_assert_max_num_queries(limit):
        results = backend.search(query)
    assert results.query.any_word == (params in WIDENED)


@pytest.mark.parametrize("params", SEARCH_QUERIES.values(), ids=SEARCH_QUERIES.keys())
def test_counting_in_memory_reads_ids_not_counts(
    programs, django_assert_max_num_queries, params
):
    query = SearchQuery.from_params(QueryDict(params))
    backend = get_backend()
    backend.search(SearchQuery.from_params(QueryDict("state=ca")))  # the bitmaps
    # The generation, the results' ids and the hits; the ids without each facet
    # chosen (need, help type, place); the generation again for the count cache.
    chosen = sum(bool(v) for v in (query.needs, query.help, query.state))
    limit = 3 + chosen + (params in WIDENED) + (not query.text)
    with django_assert_max_num_queries(limit):
        results = backend.search(query)
    assert results.query.any_word == (params in WIDENED)


def test_reading_the_words_takes_at_most_three_queries(
    programs, django_assert_max_num_queries
):
    SearchQuery.from_params(QueryDict("q=wig"))  # loads the taxonomy
    with django_assert_max_num_queries(1):
        known = SearchQuery.from_params(QueryDict("q=lone+star+fuel"))
    with django_assert_max_num_queries(3):
        misspelt = SearchQuery.from_params(QueryDict("q=lone+sttar+fule"))
    assert not known.corrections
    assert misspelt.terms == ["lone", "star", "fuel"]


@pytest.mark.parametrize("in_memory", [False, True], ids=["sql", "bitmaps"])
def test_search_query_count_does_not_grow_with_programs(directory, settings, in_memory):
    settings.SEARCH_FACET_BITMAPS = in_memory
    query = SearchQuery.from_params(
        QueryDict(
            f"need={GAS}&need={RIDES}&need={CASH}&state=tx"
            "&help=gift-or-prepaid-card&q=treatment"
        )
    )
    backend = get_backend()
    backend.search(query)  # the bitmaps read (or caught up) before counting
    with CaptureQueriesContext(connection) as few:
        few_results = backend.search(query)
    for number in range(24):
        place = state("TX") if number % 2 else county("harris-county-tx")
        make_program(
            directory,
            f"Help Fund {number}",
            [GAS, RIDES],
            [place],
            help_types=[HelpType.CARD],
        )
    backend.search(query)
    with CaptureQueriesContext(connection) as many:
        many_results = backend.search(query)
    assert (few_results.total, many_results.total) == (2, 26)
    assert len(many.captured_queries) == len(few.captured_queries) <= 5 + in_memory


# Measured: Wagtail's routing (site, three page lookups, alias and privacy checks),
# the site settings, reading the words (one query; three with a misspelt word), the
# five queries of the search (six when it widens to any word), and, when needs are
# chosen, the guides for them (the guides and their privacy check).
PAGE_QUERIES = 17


@pytest.mark.parametrize(
    "params",
    [params for params in SEARCH_QUERIES.values() if params != NO_RESULTS],
    ids=[name for name, params in SEARCH_QUERIES.items() if params != NO_RESULTS],
)
def test_search_page_query_count_is_bounded(
    client, programs, django_assert_max_num_queries, params
):
    client.get("/programs/")  # a worker that has served before has its lookups
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = get(client, params)
    assert hit_ids(response)


def test_empty_state_adds_a_count_per_change_tried_and_one_search(
    client, programs, django_assert_max_num_queries
):
    tried = 2  # the need's whole group, and without for_mbc (never the place)
    client.get("/programs/")
    with django_assert_max_num_queries(PAGE_QUERIES + tried + 5):
        response = get(client, NO_RESULTS)
    assert heading(response).startswith("No programs found")


# --- Privacy of search words -------------------------------------------------------


@pytest.fixture
def every_log_record():
    """Every record any logger emits, at DEBUG, whatever its level or propagation."""
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Keep(logging.DEBUG)
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    saved = [(logger, logger.level, logger.disabled) for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
    yield records
    for logger, level, disabled in saved:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.disabled = disabled


@pytest.mark.parametrize(
    "url",
    [
        "/programs/?q=secretterm",
        "/programs/?q=secretterm&zip=00000&need=secretterm",
        "/programs/need/gas-cards/?q=secretterm",
        "/programs/need/no-such-need/?q=secretterm",
        "/search/?q=secretterm",
    ],
    ids=["search", "unknown-zip", "landing", "not-found", "alias"],
)
def test_search_words_are_never_logged(client, programs, every_log_record, caplog, url):
    caplog.set_level(logging.DEBUG)
    client.get(url, follow=True)
    records = every_log_record + caplog.records
    assert [
        record
        for record in records
        if "secretterm" in record.getMessage() or "secretterm" in repr(record.args)
    ] == []


def test_log_capture_sees_what_django_logs(client, programs, every_log_record):
    """The control for the test above: a 404 is logged, just without its query."""
    client.get("/programs/need/no-such-need/?q=secretterm")
    messages = [record.getMessage() for record in every_log_record]
    assert "Not Found: /programs/need/no-such-need/" in messages


def card_titles(response):
    return set(
        re.findall(
            r'class="card__title"[^>]*><a href="[^"]+">([^<]+)<',
            response.content.decode(),
        )
    )


def test_a_need_groups_slug_means_every_need_in_it(client, programs):
    getting_there = {LONE_STAR, BAYOU, ROAD_READY}
    by_parameter = client.get("/programs/?need=getting-to-treatment")
    assert card_titles(by_parameter) == getting_there
    landing = client.get("/programs/need/getting-to-treatment/")
    assert landing.status_code == 200
    assert card_titles(landing) == getting_there
    assert "Getting to treatment: programs that can help" in landing.content.decode()
    assert client.get("/programs/need/no-such-group/").status_code == 404


def test_the_home_page_offers_no_need_without_programs(client, programs):
    page = client.get("/").content.decode()
    assert "(0 programs)" not in page
    assert "Gas cards" in page  # three programs help with it


@pytest.mark.parametrize("params", ["zip=%00", "treated_near=02115%00", "zip=1%002"])
def test_a_control_character_typed_is_never_shown_back(client, programs, params):
    response = client.get(f"/programs/?{params}")
    assert response.status_code == 200
    assert "\x00" not in response.content.decode()
    assert "We couldn" in response.content.decode()


def test_the_form_sends_no_sort_the_patient_did_not_choose(client, programs):
    """A word search is ranked by relevance unless the patient picked a sort: the
    sort list starts on "best match, else closest" (an empty value), not on the
    sort the current results happen to use."""
    page = client.get("/programs/?state=tx").content.decode()
    select = re.search(r'<select id="id_sort" name="sort">(.*?)</select>', page, re.S)[
        1
    ]
    selected = re.findall(r'<option value="([^"]*)" selected>', select)
    assert selected == [""]
    chosen = client.get("/programs/?state=tx&sort=name").content.decode()
    select = re.search(r'<select id="id_sort" name="sort">(.*?)</select>', chosen, re.S)
    assert re.findall(r'<option value="([^"]*)" selected>', select[1]) == ["name"]
    # What the default form sends with words typed is ranked by relevance.
    query = SearchQuery.from_params(QueryDict("q=wig&state=tx&sort="))
    assert query.effective_sort == "relevance"


# --- How the words were read ------------------------------------------------------


def test_words_that_name_a_need_say_so_with_a_link_that_applies_it(client, programs):
    response = get(client, "q=gas+money+for+chemo")
    page = text(response)
    assert "Showing programs for <strong>Gas cards</strong>" in page
    link = re.search(r'<a href="([^"]+)">Show only Gas cards</a>', page).group(1)
    assert f"need={GAS}" in link and "q=gas" in link
    filtered = client.get(link.replace("&amp;", "&"))
    assert "Show only Gas cards" not in text(filtered)  # applied: a chip now
    assert "Gas cards" in [label for label, _ in chips(filtered)]


def test_a_misspelt_word_is_corrected_and_said(client, programs):
    response = get(client, "q=lone+stra")
    page = text(response)
    assert "Did you mean “<strong>lone star</strong>”?" in page
    assert "No program uses “stra”" in page
    assert hit_ids(response)[0] == str(programs[LONE_STAR].pk)
    # The patient's own words stay in the box.
    assert 'name="q" value="lone stra"' in page


def test_too_few_with_every_word_shows_those_with_some_and_says_so(client, programs):
    response = get(client, "q=lone+zeppelin")
    assert "Few programs have all of your words" in text(response)
    assert hit_ids(response) == [str(programs[LONE_STAR].pk)]


# --- What the results are: heading and title ---------------------------------------

HEADINGS = {
    "nothing": ("", "6 programs"),
    "zip-and-need": (
        f"zip=77002&need={GAS}",
        "3 programs for Gas cards near Houston, TX (Harris County)",
    ),
    "state": ("state=tx", "5 programs in Texas"),
    "county": (
        "state=tx&county=harris-county-tx",
        "5 programs in Harris County, Texas",
    ),
    "one": (f"need={WIGS}", "1 program for Wigs and head coverings"),
    "two-needs": (f"need={GAS}&need={CASH}", "5 programs for Gas cards or Cash grants"),
    "a-whole-group": (
        "need=getting-to-treatment&state=tx",
        "3 programs for Getting to treatment in Texas",
    ),
    "many-needs": (
        f"need={GAS}&need={CASH}&need={WIGS}&need=pet-care",
        "6 programs for Gas cards, Cash grants and 2 more needs",
    ),
    "words-are-not-named": ("q=fuel&state=tx", "3 programs in Texas"),
}


@pytest.mark.parametrize(("params", "expected"), HEADINGS.values(), ids=HEADINGS.keys())
def test_the_results_heading_and_title_say_how_many_for_what_and_where(
    client, programs, params, expected
):
    response = get(client, params)
    assert heading(response) == expected
    assert page_title(response) == f"{expected} · Brightside"


def page_title(response):
    return unescape(re.search(r"<title>(.*?)</title>", text(response), re.S).group(1))


def test_the_title_never_holds_the_words_typed(client, programs):
    response = get(client, "q=secretword&zip=78701&need=gas-cards")
    title = page_title(response)
    assert "secretword" not in title
    assert title.endswith("for Gas cards near Austin, TX (Travis County) · Brightside")
    # The words may be shown in the page itself (the box, the chip).
    assert 'value="secretword"' in text(response)


def test_a_landing_page_titles_its_results_too(client, programs):
    response = client.get(f"/programs/need/{GAS}/state/tx/")
    assert page_title(response) == "3 programs for Gas cards in Texas · Brightside"


def test_a_long_results_heading_says_which_results_are_shown(client, directory):
    for number in range(21):
        make_program(directory, f"Lone Star Fund {number}", [GAS], [state("TX")])
    response = get(client, f"need={GAS}&state=tx")
    assert heading(response) == "24 programs for Gas cards in Texas, showing 1–20"
    assert page_title(response) == "24 programs for Gas cards in Texas · Brightside"


@pytest.mark.parametrize(
    ("code", "city"),
    [
        ("78701", "Austin"),
        ("10001", "New York"),
        ("82001", "Cheyenne"),
        ("00000", ""),
        ("7870", ""),
        ("٧٨٧٠١", ""),  # Arabic-Indic digits: not a ZIP code
    ],
)
def test_the_city_of_a_zip_code(code, city):
    assert geo.city_of_zip(code) == city


# --- Home page ---------------------------------------------------------------------


def test_the_home_page_searches_in_one_row(client, programs):
    page = text(client.get("/"))
    form = re.search(r'<form method="get" action="/programs/".*?</form>', page, re.S)[0]
    # What you need in words, and the ZIP code or state, then the button.
    assert re.findall(r'name="([^"]+)"', form) == ["q", "zip", "state"]
    assert form.index('name="state"') < form.index("Find programs")
    # The full checklist lives on the results page only.
    assert 'type="checkbox"' not in page


def test_the_home_page_browses_needs_by_link_with_counts(client, programs):
    response = client.get("/")
    assert_contains(
        response,
        '<a class="need-link" href="/programs/need/gas-cards/">Gas cards '
        '<span class="need-link__count">3<span class="visually-hidden"> programs'
        "</span></span></a>",
    )
    # A group links to its landing URL, which lists every need in it.
    assert_contains(
        response,
        '<a href="/programs/need/getting-to-treatment/">Getting to treatment</a>',
    )
    # Each need is listed once.
    assert text(response).count('href="/programs/need/gas-cards/"') == 1


def test_words_with_nothing_to_search_say_so(client, programs):
    page = text(get(client, "q=I+need+help+please"))
    assert "We found no words to search for in “I need help please”" in page


def test_a_named_need_is_added_to_the_needs_already_chosen(client, programs):
    page = text(get(client, f"q=gas+money&need={CASH}"))
    assert "Add Gas cards to your choices" in page
    assert "Show only Gas cards" not in page


def test_nationwide_programs_for_the_need_respect_the_age_given(client, programs):
    crown = programs[CROWN]
    crown.max_age = 40
    crown.save_revision().publish()
    assert hit_ids(get(client, NO_RESULTS + "&age=30")) == [str(crown.pk)]
    assert hit_ids(get(client, NO_RESULTS + "&age=60")) == []


def test_the_treatment_zip_is_a_chosen_filter_with_a_chip(client, programs):
    response = get(client, "zip=77002&treated_near=10001")
    labels = [label for label, _ in chips(response)]
    assert any(label.startswith("Treated near New York, NY") for label in labels)
    assert 'Filters <span class="filters-disclosure__count">(1 chosen)' in text(
        response
    )


def test_an_unknown_treatment_zip_opens_the_filters_and_marks_its_field(
    client, programs
):
    page = text(get(client, "zip=77002&treated_near=00000"))
    assert '<details class="filters-disclosure" open>' in page
    assert 'id="id_treated_near" name="treated_near" value="00000"' in page
    assert 'aria-invalid="true"' in page


def test_a_whole_need_group_is_one_chip(client, programs):
    labels = [label for label, _ in chips(get(client, "need=getting-to-treatment"))]
    assert "Getting to treatment" in labels
    assert "Gas cards" not in labels
