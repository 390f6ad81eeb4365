"""The patient's journey in Spanish on a phone (390 px), on the demo data: search by
ZIP and need, a program, My list, “Will I qualify?”, report a problem, and the switch
back to English on the same page; no sideways scrolling and no serious axe-core
violation on any page of it.

The labels the test looks for are the catalogue's Spanish (``es()``), so a string
the page leaves in English is not found and the test fails."""

import re

import pytest

from django.core.management import call_command
from django.utils import translation

from directory.models import ProgramPage
from tests.conftest import BROWSER_MARKS
from tests.test_browser_patient_journeys import PHONE, assert_fits_width, axe_violations

pytestmark = BROWSER_MARKS

ZIP = "78701"


def es(message):
    """``message`` as the Spanish site shows it."""
    with translation.override("es"):
        return translation.gettext(message)


@pytest.fixture
def demo(live_server):
    call_command("load_initial_data", verbosity=0)
    return live_server.url


def check_page(page, problems):
    """The page is Spanish, fits a phone, and axe finds nothing serious."""
    assert page.locator("html").get_attribute("lang") == "es", page.url
    assert_fits_width(page)
    found = axe_violations(page)
    if found:
        problems[page.url] = found


def test_the_patient_journey_in_spanish_on_a_phone(browser, demo):
    # axe injects its script inline, which the site's CSP rightly refuses.
    page = browser.new_page(viewport=PHONE, bypass_csp=True)
    problems = {}

    page.goto(f"{demo}/es/")
    check_page(page, problems)
    page.get_by_label(es("ZIP code")).fill(ZIP)
    page.get_by_role("button", name=es("Find programs")).click()
    page.wait_for_load_state()
    assert page.url.startswith(f"{demo}/es/programs/?")
    assert "programas" in page.locator("#results-heading").inner_text()

    page.locator(".filters-disclosure__summary").click()
    page.locator("#need-utility-bills").check()
    page.get_by_role("button", name=es("Show programs")).click()
    page.wait_for_load_state()
    assert "need=utility-bills" in page.url
    heading = page.locator("#results-heading").inner_text()
    assert re.match(r"^\d+ programas? ", heading), heading
    check_page(page, problems)

    first = page.locator("article.card h3 a").first
    title = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == title
    assert re.match(rf"^{demo}/es/programs/", page.url)
    program_url = page.url
    check_page(page, problems)
    page.locator("main form.save-form button").first.click()
    page.wait_for_load_state()
    saved = page.locator(".save-form__state").first.inner_text()
    assert es("My list") in saved and "Saved" not in saved, saved

    page.locator(".site-nav a[href='/es/my-list/']").click()
    page.wait_for_load_state()
    assert title in page.locator(".my-list").inner_text()
    check_page(page, problems)

    page.goto(f"{demo}/es/qualify/")
    check_page(page, problems)
    page.get_by_label(es("Your ZIP code")).fill(ZIP)
    page.get_by_label(es("Metastatic breast cancer"), exact=True).check()
    page.get_by_label(
        es("Hormonal or other long-term maintenance therapy only")
    ).check()
    page.get_by_label(es("Your age")).fill("57")
    page.get_by_label(es("People in your household, you included")).fill("1")
    page.get_by_label(es("Your household's yearly income before tax, in dollars")).fill(
        "20000"
    )
    page.get_by_label(es("Me or my family")).check()
    page.get_by_role("button", name=es("Show what I may qualify for")).click()
    page.wait_for_load_state()
    counts = page.locator(".qualify-counts").inner_text()
    assert es("Likely to qualify") in counts and es("Probably not") in counts
    check_page(page, problems)

    page.goto(program_url)
    page.get_by_role("link", name=es("Report a problem with this listing")).click()
    page.wait_for_load_state()
    check_page(page, problems)
    page.get_by_role("button", name=es("Send the report")).click()
    page.wait_for_load_state()
    assert page.locator("[role=alert]").first.is_visible()  # a reason is needed
    page.locator("input[name=reason]").first.check()
    page.get_by_role("button", name=es("Send the report")).click()
    page.wait_for_load_state()
    assert "/es/" in page.url
    check_page(page, problems)

    # The switch keeps the page: the same program, in English.
    page.goto(program_url)
    page.locator("[data-language-switch]").click()
    page.wait_for_load_state()
    assert page.url == program_url.replace("/es/", "/", 1)
    assert page.locator("html").get_attribute("lang") == "en"
    program = ProgramPage.objects.get(slug=program_url.rstrip("/").rsplit("/", 1)[1])
    assert page.locator("h1").inner_text() == program.title

    assert not problems, problems
