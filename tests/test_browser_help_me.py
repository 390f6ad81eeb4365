"""How you can help me in a real browser, on a phone (390 px): a patient ticks three
asks and gets a link; a fresh browser, without the patient's session, opens it and
sees each ask with ways to help near them; a changed link is refused kindly; and no
row of any table was written. Also: the home page still opens on the search form,
and says where helpers go."""

import pytest

from django.db import connection

from directory.models import NeedCategory
from tests.conftest import BROWSER_MARKS
from tests.factories import ProgramPageFactory, county, state
from tests.test_browser_patient_journeys import PHONE, assert_fits_width, shoot

pytestmark = BROWSER_MARKS

# (program, need, volunteer role, the way's next step): each done in Austin.
NEAR_AUSTIN = [
    ("Austin Supper Club", "groceries-and-meals", "cook", "Cook suppers in Austin"),
    ("Austin Drivers", "rides-to-treatment", "driver", "Drive neighbours in Austin"),
    ("Austin Clean Homes", "house-cleaning", "cleaner", "Clean a home in Austin"),
]


@pytest.fixture
def helping(directory_page):
    """A program near Austin for each of three asks, and one in Ohio."""
    travis = county("travis-county-tx")
    for title, need, role, step in [
        *NEAR_AUSTIN,
        ("Ohio Kitchen", "groceries-and-meals", "cook", "Cook suppers in Ohio"),
    ]:
        ProgramPageFactory(
            parent=directory_page,
            title=title,
            need_categories=[NeedCategory.objects.get(slug=need)],
            ways_to_help=[
                {
                    "kind": "volunteer",
                    "role": role,
                    "next_step": step,
                    "reach": "places",
                    "places": [state("OH") if "Ohio" in step else travis],
                }
            ],
        )


def row_counts():
    """Rows in every table of the database."""
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - our names
            counts[table] = cursor.fetchone()[0]
        return counts


def test_a_friend_opens_the_page_in_a_fresh_browser_and_sees_ways_near(
    browser, live_server, helping
):
    base = live_server.url
    patient = browser.new_context(viewport=PHONE)
    page = patient.new_page()
    page.goto(f"{base}/")  # the site's settings row, made on a first visit
    before = row_counts()

    page.goto(f"{base}/give/ask/")
    assert_fits_width(page)
    for label in ("Meals", "Rides", "House cleaning"):
        page.get_by_label(label, exact=True).check()
    page.get_by_label("Your first name").fill("Sam")
    page.get_by_label("A short note for your friends").fill("Thank you, all of you.")
    page.get_by_label("Your ZIP code").fill("78701")
    shoot(page, "help-me-ask-390")
    page.get_by_role("button", name="Make my page").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Your page is ready"
    link = page.locator("#share-link").input_value()
    assert link.startswith(f"{base}/give/for/")
    shoot(page, "help-me-ready-390")

    friend = browser.new_context(viewport=PHONE)
    assert friend.cookies() == []
    shared = friend.new_page()
    response = shared.goto(link)
    assert response.status == 200
    assert response.headers["x-robots-tag"] == "noindex"
    assert shared.locator("h1").inner_text() == "How you can help Sam"
    assert "Thank you, all of you." in shared.locator(".help-me__note").inner_text()
    headings = shared.locator(".help-me__ask h2").all_inner_texts()
    assert headings == ["Meals", "Rides", "House cleaning"]
    for (_, _, _, step), code in zip(
        NEAR_AUSTIN, ("meals", "rides", "house-cleaning"), strict=True
    ):
        section = shared.locator(f"#ask-{code}")
        assert step in section.locator(".help-me__ways").inner_text()
        assert "Near you" in section.locator(".help-me__ways").inner_text()
    assert "Cook suppers in Ohio" not in shared.content()
    assert_fits_width(shared)
    shoot(shared, "help-me-page-390")
    assert not any(c["name"] == "sessionid" for c in friend.cookies())

    token = link.rstrip("/").rsplit("/", 1)[1]
    changed = token[:-4] + ("BBBB" if token.endswith("AAAA") else "AAAA")
    refused = shared.goto(f"{base}/give/for/{changed}/")
    assert refused.status == 400
    assert shared.locator("h1").inner_text() == "This link does not work"
    assert "Sam" not in shared.content()

    assert row_counts() == before
    patient.close()
    friend.close()


def test_the_home_page_opens_on_the_search_form_then_leads_helpers_on(
    browser, live_server, directory_page
):
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{live_server.url}/")
    search = page.locator(".home-search").bounding_box()
    helpers = page.locator(".home-give").bounding_box()
    assert search["y"] < PHONE["height"] and search["y"] < helpers["y"]
    assert page.locator("#home-zip").bounding_box()["y"] < PHONE["height"]
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Ways to help").is_visible()
    assert (
        page.get_by_role("link", name="Find ways to help").get_attribute("href")
        == "/give/"
    )
