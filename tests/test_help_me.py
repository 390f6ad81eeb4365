"""How you can help me without a browser: the builder's form, the signed link (round
trip, tampered, expired, odd payloads), the share page's asks, ways to help near the
patient and programs from My list, its privacy headers and words, and that nothing
is written to the database."""

import re
import time
from unittest import mock
from urllib.parse import unquote

import pytest

from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

from directory.choices import HelpKind, HelpReach, VolunteerRole
from directory.models import NeedCategory
from home import help_me, help_me_views
from home.help_me import ASKS_BY_CODE, HelpRequest
from home.models import SiteSettings
from tests.factories import ProgramPageFactory, county, state

pytestmark = pytest.mark.django_db

AUSTIN = "78701"
DIAGNOSIS_WORDS = re.compile(r"cancer|metasta|\bmbc\b|oncolog|chemo|tumou?r", re.I)


def need(slug):
    return NeedCategory.objects.get(slug=slug)


@pytest.fixture
def ways(directory_page):
    """Meal programs: one whose cooks work in Austin's county, one taking money
    from anywhere, one whose cooks work only in Ohio."""
    cook = {"kind": HelpKind.VOLUNTEER, "role": VolunteerRole.COOK}
    return [
        ProgramPageFactory(
            parent=directory_page,
            title=title,
            need_categories=[need("groceries-and-meals")],
            ways_to_help=[way],
        )
        for title, way in [
            (
                "Austin Supper Club",
                {
                    **cook,
                    "reach": HelpReach.PLACES,
                    "places": [county("travis-county-tx")],
                    "next_step": "Cook suppers in Austin",
                },
            ),
            ("Letters of Cheer", {"next_step": "Give to the meal fund"}),
            (
                "Ohio Kitchen",
                {
                    **cook,
                    "reach": HelpReach.PLACES,
                    "places": [state("OH")],
                    "next_step": "Cook in Ohio",
                },
            ),
        ]
    ]


def link_for(**fields):
    values = {"asks": (ASKS_BY_CODE["meals"],), **fields}
    return help_me.make_link(HelpRequest(**values))


def signed(payload):
    return signing.dumps(payload, salt=help_me.SALT, compress=True)


def page(client, token):
    return client.get(f"/give/for/{token}/")


def assert_personal(response):
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Referrer-Policy"] == "no-referrer"
    assert b'<meta name="robots" content="noindex">' in response.content


def token_of(response):
    match = re.fullmatch(r"/give/ask/ready/([^/]+)/", response["Location"])
    assert match, response["Location"]
    return unquote(match.group(1))


# --- The builder -----------------------------------------------------------------


def test_builder_links_to_a_page_that_holds_what_was_chosen(client, home_page):
    response = client.post(
        "/give/ask/",
        {
            "asks": ["rides", "meals", "cards"],
            "name": "  Sam ",
            "note": "Tuesdays are hardest.",
            "zip": AUSTIN,
        },
    )
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
    token = token_of(response)
    assert help_me.read_link(token) == HelpRequest(
        asks=tuple(ASKS_BY_CODE[code] for code in ("meals", "rides", "cards")),
        name="Sam",
        note="Tuesdays are hardest.",
        zip=AUSTIN,
    )
    ready = client.get(response["Location"])
    assert ready.status_code == 200
    assert_personal(ready)
    html = ready.content.decode()
    assert f'value="http://testserver/give/for/{token}/"' in html
    assert "This link works until" in html
    assert 'data-copy-target="#share-link" hidden' in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Please tick at least one thing that would help."),
        ({"asks": ["meals"], "zip": "00000"}, "That is not a ZIP code we know"),
        ({"asks": ["meals"], "name": "N" * 41}, "at most 40 characters"),
        ({"asks": ["meals"], "note": "n" * 281}, "at most 280 characters"),
        ({"asks": ["yachts"]}, "Select a valid choice"),
    ],
    ids=["no-ask", "unknown-zip", "long-name", "long-note", "unknown-ask"],
)
def test_builder_refuses_what_it_cannot_use_with_a_message(
    client, home_page, data, message
):
    response = client.post("/give/ask/", data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_my_list_goes_in_the_link_only_when_ticked(client, directory_page):
    kept = ProgramPageFactory(parent=directory_page)
    client.post(f"/my-list/save/{kept.pk}/")
    assert "Your list has 1 program." in client.get("/give/ask/").content.decode()
    ticked = client.post("/give/ask/", {"asks": ["bill"], "include_my_list": "on"})
    assert help_me.read_link(token_of(ticked)).program_ids == (kept.pk,)
    unticked = client.post("/give/ask/", {"asks": ["bill"]})
    assert help_me.read_link(token_of(unticked)).program_ids == ()


def test_building_and_reading_write_nothing_to_the_database(client, ways):
    # The site's settings row, which Wagtail creates on a site's first page view
    # (load_initial_data makes it on a real site).
    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/give/ask/", {"asks": ["meals"], "zip": AUSTIN})
        token = token_of(response)
        assert client.get(response["Location"]).status_code == 200
        assert page(client, token).status_code == 200
    writes = [
        query["sql"]
        for query in queries.captured_queries
        if re.match(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", query["sql"], re.I)
    ]
    assert queries.captured_queries  # the control: the page did read
    assert writes == []


# --- The link --------------------------------------------------------------------


def test_a_changed_link_gets_a_kind_400(client, home_page):
    token = link_for(name="Sam")
    changed = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    response = page(client, changed)
    assert response.status_code == 400
    assert_personal(response)
    html = response.content.decode()
    assert "This link does not work" in html
    assert "ask the person who sent it for a new one" in html
    assert "Sam" not in html


def test_an_old_link_expires_with_a_410_that_says_what_to_do(client, home_page):
    past = time.time() - (help_me.LINK_DAYS + 1) * 86400
    with mock.patch("django.core.signing.time.time", return_value=past):
        old = link_for(name="Sam")
    response = page(client, old)
    assert response.status_code == 410
    assert_personal(response)
    html = response.content.decode()
    assert f"These pages work for {help_me.LINK_DAYS} days" in html
    assert "Ask the person who sent it for a new link" in html
    assert "Sam" not in html


def test_a_link_says_the_day_it_stops_working(client, home_page):
    made = time.mktime((2026, 3, 1, 12, 0, 0, 0, 0, -1))
    with mock.patch("django.core.signing.time.time", return_value=made):
        token = link_for()
    assert str(help_me.works_until(token)) == "2026-04-30"


@pytest.mark.parametrize(
    "payload",
    [
        ["meals"],
        "meals",
        None,
        {"a": "meals"},
        {"a": ["yachts"]},
        {"a": [{"meals": 1}], "n": ["Sam"]},
    ],
    ids=["list", "string", "none", "codes-not-a-list", "unknown-code", "nested"],
)
def test_a_signed_link_without_a_known_ask_is_refused_not_an_error(
    client, home_page, payload
):
    response = page(client, signed(payload))
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()


def test_an_odd_signed_payload_is_read_strictly(client, directory_page):
    payload = {
        "a": ["yachts", "meals", 7, "meals"],
        "n": "S" * 500,
        "m": ["not", "text"],
        "z": "7870x",
        "p": ["12", 3.5, True, -4, 2**40, 9],
    }
    assert HelpRequest.from_payload(payload) == HelpRequest(
        asks=(ASKS_BY_CODE["meals"],), name="S" * 40, program_ids=(9,)
    )
    response = page(client, signed(payload))
    assert response.status_code == 200
    assert "How you can help " + "S" * 40 + "<" in response.content.decode()


# --- The share page --------------------------------------------------------------


def test_a_browser_without_a_session_sees_the_asks_and_ideas(client, ways):
    token = link_for(
        asks=(ASKS_BY_CODE["meals"], ASKS_BY_CODE["pet-care"]), name="Sam", zip=AUSTIN
    )
    response = page(client, token)
    assert response.status_code == 200
    assert_personal(response)
    assert "sessionid" not in response.cookies
    html = response.content.decode()
    assert "<title>How you can help Sam · Brightside</title>" in html
    assert '<h2 id="ask-meals-heading">Meals</h2>' in html
    assert '<h2 id="ask-pet-care-heading">Pet care</h2>' in html
    assert "Cook a meal that freezes well and drop it off." in html
    assert "This link works until" in html


def test_the_share_page_shows_ways_near_the_patient_and_from_anywhere(client, ways):
    html = page(client, link_for(zip=AUSTIN)).content.decode()
    meals = html.split('id="ask-meals"')[1]
    assert "Cook suppers in Austin" in meals
    assert "Give to the meal fund" in meals
    assert "Cook in Ohio" not in meals
    assert "/give/?zip=78701&amp;need=groceries-and-meals" in meals


def test_without_a_zip_code_only_ways_done_from_anywhere_are_shown(client, ways):
    html = page(client, link_for()).content.decode()
    assert "Give to the meal fund" in html
    assert "Cook suppers in Austin" not in html
    assert "Cook in Ohio" not in html


def test_ways_from_anywhere_are_not_crowded_out_by_ways_in_other_places(
    client, ways, directory_page
):
    for number in range(help_me_views.WAYS_PER_ASK + 2):
        ProgramPageFactory(
            parent=directory_page,
            title=f"Ohio Kitchen {number}",
            need_categories=[need("groceries-and-meals")],
            ways_to_help=[
                {
                    "kind": HelpKind.VOLUNTEER,
                    "role": VolunteerRole.COOK,
                    "reach": HelpReach.PLACES,
                    "places": [state("OH")],
                    "next_step": f"Cook in Ohio kitchen {number}",
                }
            ],
        )
    for token in (link_for(), signed({"a": ["meals"], "z": "00000"})):
        html = page(client, token).content.decode()
        assert "Give to the meal fund" in html
        assert "Cook in Ohio" not in html
        assert "near them" not in html


def test_the_share_page_asks_the_search_a_bounded_number_of_queries(
    client, ways, django_assert_max_num_queries
):
    token = link_for(asks=help_me.ASKS, zip=AUSTIN)
    with django_assert_max_num_queries(45):
        assert page(client, token).status_code == 200


def test_the_share_page_names_no_diagnosis_in_its_own_words(client, ways):
    response = page(client, link_for(name="Sam", zip=AUSTIN))
    html = response.content.decode()
    assert "Cook suppers in Austin" in html  # the control: ways are on the page
    assert DIAGNOSIS_WORDS.findall(html) == []
    own = page(client, link_for(note="My cancer came back."))
    assert "My cancer came back." in own.content.decode()


def test_ways_and_programs_naming_a_diagnosis_are_shown_only_with_leave(
    client, directory_page
):
    ProgramPageFactory(
        parent=directory_page,
        title="Supper Club",
        need_categories=[need("groceries-and-meals")],
        ways_to_help=[{"next_step": "Give to suppers for people with cancer"}],
    )
    saved = ProgramPageFactory(
        parent=directory_page,
        title="Metastatic Meals",
        need_categories=[need("groceries-and-meals")],
    )
    quiet = page(client, link_for(program_ids=(saved.pk,))).content.decode()
    assert DIAGNOSIS_WORDS.findall(quiet) == []
    told = page(
        client, link_for(program_ids=(saved.pk,), may_name_diagnosis=True)
    ).content.decode()
    assert "Give to suppers for people with cancer" in told
    assert "Help them apply to Metastatic Meals" in told


def test_ways_of_programs_that_do_not_serve_the_patients_place_are_left_out(
    client, ways, directory_page
):
    ProgramPageFactory(
        parent=directory_page,
        title="Monterey Meals",
        need_categories=[need("groceries-and-meals")],
        nationwide=False,
        regions=[county("monterey-county-ca")],
        ways_to_help=[{"next_step": "Give to the Monterey meal fund"}],
    )
    near = page(client, link_for(zip=AUSTIN)).content.decode()
    assert "Give to the meal fund" in near
    assert "Monterey meal fund" not in near
    assert "Monterey meal fund" in page(client, link_for(zip="93940")).content.decode()


def test_the_note_is_shown_as_text_not_markup(client, home_page):
    token = link_for(note='<script>alert("hi")</script>\nSecond line & more')
    html = page(client, token).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt;<br>" in html
    assert "Second line &amp; more" in html


def test_visible_programs_from_my_list_are_shown_under_the_ask_they_match(
    client, directory_page
):
    meals = [need("groceries-and-meals")]
    matching = ProgramPageFactory(
        parent=directory_page, title="Soup Friends", need_categories=meals
    )
    draft = ProgramPageFactory(
        parent=directory_page,
        title="Draft Meals",
        need_categories=meals,
        publish=False,
    )
    defunct = ProgramPageFactory(
        parent=directory_page, title="Gone Meals", need_categories=meals
    )
    defunct.status = "defunct"
    defunct.save_revision().publish()
    elsewhere = ProgramPageFactory(parent=directory_page, title="Cash Fund")
    token = link_for(program_ids=(matching.pk, draft.pk, defunct.pk, elsewhere.pk))
    html = page(client, token).content.decode()
    meals_section, others = html.split('id="ask-meals"')[1].split('id="saved-heading"')
    assert f"Help them apply to {matching.title}" in meals_section
    for hidden in ("Draft Meals", "Gone Meals"):
        assert hidden not in html
    # A saved program that fits none of the asks is listed on its own, not lost.
    assert "Cash Fund" not in meals_section
    assert "Help them apply to Cash Fund" in others
    bill = page(
        client, link_for(asks=(ASKS_BY_CODE["bill"],), program_ids=(elsewhere.pk,))
    )
    assert "Help them apply to Cash Fund" in bill.content.decode()


# --- Home, menu and guides for helpers -------------------------------------------


def test_home_and_menu_lead_helpers_to_ways_to_help(client, directory_page):
    html = client.get("/").content.decode()
    assert "Want to help someone with metastatic breast cancer?" in html
    assert '<a href="/give/">Ways to help</a>' in html
    assert '<a class="button button--secondary" href="/give/">' in html
    assert html.index('id="find-heading"') < html.index('id="give-heading"')


def test_my_list_links_to_the_builder(client, home_page):
    assert 'href="/give/ask/"' in client.get("/my-list/").content.decode()


def test_helper_guides_are_the_live_guides_marked_for_helpers(guides_page):
    from resources.models import ResourcePage

    def guide(slug, **fields):
        page = ResourcePage(title=slug, slug=slug, summary="A guide.", body=[])
        for name, value in fields.items():
            setattr(page, name, value)
        guides_page.add_child(instance=page)
        page.save_revision().publish()
        return page

    helping = guide("offering-help", for_helpers=True)
    guide("for-patients")
    guide("draft-for-helpers", for_helpers=True).unpublish()
    assert ResourcePage.helper_guides() == [helping]


def test_the_home_page_features_guides_for_patients_not_for_helpers(
    client, guides_page
):
    from resources.models import ResourcePage

    for slug, for_helpers in (("paying-bills", False), ("offering-help", True)):
        page = ResourcePage(
            title=slug, slug=slug, summary="A guide.", body=[], for_helpers=for_helpers
        )
        guides_page.add_child(instance=page)
        page.save_revision().publish()
    html = client.get("/").content.decode()
    assert "/guides/paying-bills/" in html
    assert "/guides/offering-help/" not in html


def test_demo_helper_guides_link_to_ways_to_help_and_the_builder():
    from home.demo_guides import HELPER_GUIDES

    assert len(HELPER_GUIDES) >= 3
    for guide in HELPER_GUIDES:
        text = " ".join(str(value) for _, value in guide["body"])
        assert guide["for_helpers"] is True
        assert 'href="/give/ask/"' in text, guide["slug"]
        assert re.search(r'href="/give/\?(kind|need|role)=', text), guide["slug"]
