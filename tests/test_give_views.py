"""/give/ as a friend sees it: counts, chosen filters and cards in the rendered
HTML, unknown values ignored, a ZIP code we do not know said plainly, and a page with
any choice (a friend's ZIP is the patient's place) never cached or indexed."""

import re
from html import unescape
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_django.asserts import assertContains, assertNotContains

from django.db import transaction
from django.http import QueryDict
from django.test import TestCase

from directory.models import NeedCategory
from search.give import GiveQuery
from tests.factories import (
    DirectoryIndexPageFactory,
    OrganisationFactory,
    ProgramPageFactory,
    county,
    minimal_site,
)

pytestmark = pytest.mark.django_db

COOK = "Cook suppers for families in Austin"
CAPS = "Mail soft caps"
FUND = "Give to the supper fund"


@pytest.fixture(scope="module")
def ways(django_db_setup, django_db_blocker):
    """A Travis County supper program (a volunteer cook there, and money from
    anywhere) and a demo wig program taking caps by mail."""
    with django_db_blocker.unblock(), transaction.atomic():
        directory = DirectoryIndexPageFactory(parent=minimal_site())
        with TestCase.captureOnCommitCallbacks(execute=True):
            ProgramPageFactory(
                parent=directory,
                title="Austin Suppers",
                organisation=OrganisationFactory(name="Austin Table"),
                need_categories=[NeedCategory.objects.get(slug="groceries-and-meals")],
                regions=[county("travis-county-tx")],
                ways_to_help=[
                    {
                        "kind": "volunteer",
                        "role": "cook",
                        "next_step": COOK,
                        "reach": "places",
                        "places": [county("travis-county-tx")],
                        "requirements": "A food handler card",
                    },
                    {"kind": "money", "next_step": FUND},
                ],
            )
            ProgramPageFactory(
                parent=directory,
                title="Caps for Comfort",
                is_demo_data=True,
                need_categories=[
                    NeedCategory.objects.get(slug="wigs-and-head-coverings")
                ],
                ways_to_help=[
                    {
                        "kind": "items",
                        "next_step": CAPS,
                        "what": "Soft knitted caps",
                        "item_condition": "new-or-handmade",
                        "send_to": "PO Box 1, Springfield",
                    }
                ],
            )
        yield
        transaction.set_rollback(True)


def count_of(html, input_id):
    """The count shown beside one facet checkbox."""
    match = re.search(
        rf'for="{input_id}">[^<]*<span class="count">\((\d+)\)</span>', html
    )
    return int(match.group(1)) if match else None


def test_austin_zip_lists_local_and_remote_ways_with_counts(client, ways):
    response = client.get("/give/?zip=78701")
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "3 ways to help near Travis County, TX" in html
    assert f'{COOK} <span class="way-card__near">near Travis County, TX</span>' in html
    assert "Near you: Travis County, TX" in html
    assert count_of(html, "kind-volunteer") == 1
    assert count_of(html, "kind-money") == 1
    assert count_of(html, "kind-items") == 1
    assert count_of(html, "role-cook") == 1


def test_a_far_zip_keeps_the_ways_from_anywhere_only(client, ways):
    html = unescape(client.get("/give/?zip=10001").content.decode())
    assert CAPS in html and FUND in html
    assert COOK not in html


def test_a_card_shows_what_to_give_where_and_the_demo_mark(client, ways):
    response = client.get("/give/?kind=items")
    assertContains(response, "Soft knitted caps")
    assertContains(response, "New or handmade")
    assertContains(response, "PO Box 1, Springfield")
    assertContains(response, "Demo data — not yet verified")
    assertContains(response, 'href="https://example.org/give" rel="noopener"')
    assertContains(response, "Caps for Comfort</a>")
    assertNotContains(response, COOK)


def test_a_chosen_value_is_checked_and_has_a_chip_that_drops_it(client, ways):
    html = client.get("/give/?zip=78701&kind=volunteer").content.decode()
    assert 'id="kind-volunteer" checked' in html
    assert 'aria-label="Remove Volunteer"' in html
    assert 'href="/give/?zip=78701"' in html
    # Disjunctive: the other kinds still count what choosing them would give.
    assert count_of(html, "kind-money") == 1


def test_unknown_values_are_ignored(client, ways):
    response = client.get("/give/?kind=cash&role=astronaut&need=nope&page=x")
    assert response.status_code == 200
    assertContains(response, "3 ways to help")
    assertNotContains(response, "Remove")


def test_an_unknown_zip_is_said_and_ways_from_anywhere_still_listed(client, ways):
    response = client.get("/give/?zip=00000")
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "We couldn't find the ZIP code “00000”. Check it" in html
    assert 'aria-invalid="true"' in html
    assert CAPS in html


def test_a_page_with_a_place_is_private_and_not_indexed(client, ways):
    response = client.get("/give/?zip=78701")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assertContains(response, '<meta name="robots" content="noindex">')


def test_plain_give_is_a_landing_page_that_may_be_indexed(client, ways):
    response = client.get("/give/")
    assert "no-store" not in response.get("Cache-Control", "")
    assert "X-Robots-Tag" not in response
    assertContains(response, '<link rel="canonical" href="http://testserver/give/">')
    assertContains(response, 'href="/give/ask/"')
    assertNotContains(response, 'content="noindex"')


def test_pages_link_on_with_the_query_kept(client, ways, monkeypatch):
    from search import give_views

    class TwoAPage:
        @staticmethod
        def from_params(params):
            return GiveQuery.from_params(params).replace(page_size=2)

    monkeypatch.setattr(give_views, "GiveQuery", TwoAPage)
    html = client.get("/give/?zip=78701&page=1").content.decode()
    assert "Page 1 of 2" in html
    assert 'href="/give/?zip=78701&amp;page=2" rel="next"' in html
    html = client.get("/give/?zip=78701&page=2").content.decode()
    assert 'href="/give/?zip=78701" rel="prev"' in html


@pytest.mark.parametrize(
    "query",
    [
        "zip=%00%00",
        "state=t%00x&county=%00",
        "page=9223372036854775808",
        "page=99999",
        "&".join(["kind=money"] * 5_000),
        "need=" + "x" * 10_000,
        "zip=78701&state=zz&county=harris-county-tx",
    ],
    ids=[
        "nul-zip",
        "nul-state",
        "huge-page",
        "far-page",
        "many-kinds",
        "long-need",
        "zip-wins",
    ],
)
def test_bad_input_never_gives_a_server_error(client, ways, query):
    client.raise_request_exception = False
    response = client.get(f"/give/?{query}")
    assert response.status_code == 200
    assert "way" in response.content.decode()


def test_a_page_past_the_last_shows_the_last(client, ways):
    html = client.get("/give/?page=99").content.decode()
    assert CAPS in html


NAMES = st.sampled_from(["zip", "state", "county", "kind", "role", "need", "page"])
VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["78701", "77002-1234", "tx", "travis-county-tx", "volunteer"]),
)


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.tuples(NAMES, VALUES), max_size=8))
def test_any_parameters_parse_into_known_values_only(ways, pairs):
    params = QueryDict(mutable=True)
    for name, value in pairs:
        params.appendlist(name, value)
    query = GiveQuery.from_params(params)
    assert set(query.kinds) <= {"money", "items", "volunteer", "sponsor"}
    assert query.page >= 1
    assert not query.county or query.state
    # Links built from a query (chips, pages) give that query back.
    assert GiveQuery.from_params(QueryDict(urlencode(query.to_params()))) == query


def test_a_state_offers_its_counties_and_a_county_narrows_the_place(client, ways):
    html = unescape(client.get("/give/?state=tx").content.decode())
    assert '<option value="tx" selected>Texas</option>' in html
    assert '<option value="travis-county-tx">' in html
    assert COOK in html  # in a county of Texas
    html = unescape(
        client.get("/give/?state=tx&county=harris-county-tx").content.decode()
    )
    assert COOK not in html and FUND in html
    assert "near Harris County, TX" in html
