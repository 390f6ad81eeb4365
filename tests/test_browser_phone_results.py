"""The results page on a phone, in a real browser (Playwright driving Debian's
Chromium), on the demo data: results before filters on the first screen (390 × 844),
"Save" that comes back to the saved card with the header count up (with and without
JavaScript), tap targets of at least 24 × 24 px, axe-core, no sideways scrolling, a
title without the words typed, and site.js's generic buttons. Writes the README's
screenshots to docs/screenshots/."""

import re
from pathlib import Path

import pytest

from django.conf import settings
from django.core.management import call_command

from tests.conftest import BROWSER_MARKS
from tests.test_browser_patient_journeys import (
    DESKTOP,
    NARROW,
    PHONE,
    assert_fits_width,
    axe_violations,
    help_me_path,
)

pytestmark = BROWSER_MARKS

README_SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"
GAS_NEAR_AUSTIN = "/programs/?zip=78701&need=gas-cards"
# The three kinds of results page: ZIP and need, a state, a need's landing URL.
RESULTS = [
    GAS_NEAR_AUSTIN,
    "/programs/?state=ca",
    "/programs/need/wigs-and-head-coverings/",
]
# No demo program helps with pet care in Wyoming.
EMPTY = "/programs/?state=wy&need=pet-care"
UNKNOWN_ZIP = "/programs/?zip=00000&need=gas-cards"
FIRST_SCREEN = PHONE["height"]


@pytest.fixture
def demo(live_server):
    """The demo site (80 researched programs), served by the live server."""
    call_command("load_initial_data", verbosity=0)
    return live_server.url


def top(page, selector):
    """The top edge of the first element matching ``selector``, in CSS px from the
    top of the page (the page is not scrolled)."""
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown on {page.url}"
    return box["y"] + page.evaluate("() => window.scrollY")


def test_results_start_on_the_first_phone_screen(browser, demo):
    page = browser.new_page(viewport=PHONE)
    for path in RESULTS:
        page.goto(f"{demo}{path}")
        assert page.locator("article.card").count() >= 1, path
        assert top(page, "article.card") < FIRST_SCREEN, path
        # The filters wait, closed, above the results; the chosen ones are chips.
        assert page.locator(".filters-disclosure").get_attribute("open") is None
        assert page.locator("#need-gas-cards").is_hidden()
        assert page.locator("#id_q").is_visible()
        assert page.locator("#id_zip").is_visible()
    page.goto(f"{demo}{GAS_NEAR_AUSTIN}")
    assert (
        page.locator(".chip")
        .first.inner_text()
        .startswith("Near Austin, TX (Travis County) · ZIP 78701")
    )
    README_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(README_SCREENSHOTS / "results-phone.png"))

    page.goto(f"{demo}{EMPTY}")
    assert page.locator("article.card").count() == 0
    assert top(page, ".empty-state") < FIRST_SCREEN
    assert (
        "No programs found for Pet care in Wyoming"
        in page.locator("h2").first.inner_text()
    )
    assert page.get_by_role("link", name="Call 211").is_visible()

    page.goto(f"{demo}{UNKNOWN_ZIP}")
    assert page.locator("article.card").count() == 0
    assert top(page, ".notice--error") < FIRST_SCREEN
    assert top(page, ".empty-state") < FIRST_SCREEN
    assert page.locator("#id_zip").input_value() == "00000"


def test_give_starts_with_a_way_to_help_on_the_first_phone_screen(browser, demo):
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{demo}/give/?zip=78701")
    assert page.locator(".way-card").count() == 20  # the demo ways: a full page
    assert top(page, ".way-card") < FIRST_SCREEN
    assert page.locator(".filters-disclosure").get_attribute("open") is None
    assert page.locator("#kind-volunteer").is_hidden()
    assert page.locator("#id_zip").is_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_wide_screens_show_every_filter_in_the_sidebar(browser, demo, javascript):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{demo}{GAS_NEAR_AUSTIN}")
    assert page.locator("#need-gas-cards").is_visible()
    assert page.locator("#help-cash").is_visible()
    assert page.locator(".filters-disclosure__summary").is_hidden()
    # site.js opens the disclosure there, so what is announced is what is seen.
    is_open = page.locator(".filters-disclosure").get_attribute("open") is not None
    assert is_open == javascript
    filters, results = page.locator(".filters"), page.locator(".results")
    assert filters.bounding_box()["x"] < results.bounding_box()["x"]
    if javascript:
        README_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(README_SCREENSHOTS / "results-desktop.png"))
        # Narrower again: closed, as on a phone.
        page.set_viewport_size(PHONE)
        page.wait_for_function(
            "() => !document.querySelector('.filters-disclosure').open"
        )
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_saving_comes_back_to_the_saved_card_and_counts_it(browser, demo, javascript):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{demo}{GAS_NEAR_AUSTIN}")
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="My list").inner_text() == "My list"
    cards = page.locator("article.card")
    assert cards.count() >= 3
    for number, card in enumerate([cards.nth(2), cards.nth(0)], start=1):
        card_id = card.locator("h3").get_attribute("id")
        card.get_by_role("button", name=re.compile(r"^Save .* to My list$")).click()
        page.wait_for_load_state()
        assert page.url.endswith(f"#{card_id}")
        saved = page.locator(f"article[aria-labelledby='{card_id}']")
        # The card, not the top of the page: its top edge is on screen, and the
        # confirmation under its title too.
        box = saved.bounding_box()
        assert 0 <= box["y"] < PHONE["height"] / 2, box
        badge = saved.locator(".badge--saved").bounding_box()
        assert badge["y"] + badge["height"] <= PHONE["height"], badge
        assert saved.locator(".badge--saved").inner_text() == "✓ In My list"
        assert "Saved to My list" in saved.locator(".save-form__state").inner_text()
        link = nav.get_by_role("link", name="My list")
        assert link.inner_text() == f"My list ({number})"
    context.close()


# Every control a finger or pointer may aim at (WCAG 2.2, 2.5.8: at least 24 × 24).
TARGETS = "a[href], button, input:not([type=hidden]), select, summary, label[for]"
MEASURE = """
sel => Array.from(document.querySelectorAll(sel))
    .filter(el => el.checkVisibility({visibilityProperty: true})
        && !el.closest('.visually-hidden'))
    .map(el => {
        const box = el.getBoundingClientRect();
        return {
            what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                + ' ' + (el.innerText || el.value || el.name || '').trim().slice(0, 40),
            width: Math.round(box.width * 10) / 10,
            height: Math.round(box.height * 10) / 10,
            primary: el.matches('button, .button, summary, .chip, .need-link, '
                + '.suggestion, .site-nav a'),
        };
    })
"""


def small_targets(page):
    """Visible controls under 24 × 24 px, and primary ones under 44 px tall."""
    found = page.evaluate(MEASURE, TARGETS)
    assert found, f"nothing measured on {page.url}"
    return [
        target
        for target in found
        if target["width"] < 24
        or target["height"] < 24
        or (target["primary"] and target["height"] < 44)
    ]


PAGES = {
    "home": "/",
    "results": GAS_NEAR_AUSTIN,
    "state": "/programs/?state=ca",
    "landing": "/programs/need/wigs-and-head-coverings/",
    "empty": EMPTY,
    "unknown-zip": UNKNOWN_ZIP,
    "pages": "/programs/?page=2",
    "help-me-ask": "/give/ask/",
    "give": "/give/?zip=78701",
}


def test_tap_targets_axe_and_reflow_on_home_and_results(browser, demo):
    # axe injects its script inline, which the site's CSP rightly refuses.
    page = browser.new_page(viewport=PHONE, bypass_csp=True)
    small, problems = {}, {}
    pages = {**PAGES, "help-me": help_me_path(zip="78701")}
    for name, path in pages.items():
        for label, viewport in (("390", PHONE), ("1280", DESKTOP), ("320", NARROW)):
            page.set_viewport_size(viewport)
            page.goto(f"{demo}{path}")
            assert_fits_width(page)
            if name == "give":
                assert page.locator(".way-card").count()  # cards are checked too
            summary = page.locator(".filters-disclosure__summary")
            if summary.count() and summary.is_visible():
                summary.click()  # what is inside counts too
                assert_fits_width(page)
            if label == "320":
                continue
            found = small_targets(page)
            if found:
                small[f"{name}-{label}"] = found
            violations = axe_violations(page)
            if violations:
                problems[f"{name}-{label}"] = violations
    assert not small, small
    assert not problems, problems


def test_the_title_names_need_and_place_never_the_words(browser, demo):
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{demo}/programs/?q=secretword&zip=78701&need=gas-cards")
    title = page.title()
    assert "secretword" not in title
    assert "Gas cards" in title and "Austin, TX (Travis County)" in title
    assert title.endswith(" · Brightside")
    # The words stay in the box, for the patient to change.
    assert page.locator("#id_q").input_value() == "secretword"


def test_site_js_buttons_print_and_copy_and_stay_hidden_without_it(
    browser, demo, live_server
):
    """The generic buttons other pages use: ``[data-print]`` and
    ``[data-copy-target]``, rendered hidden and shown by site.js."""
    markup = (
        '<input id="copy-me" value="https://example.org/shared/abc" readonly>'
        '<button type="button" data-copy-target="#copy-me" hidden>Copy link</button>'
        '<button type="button" data-print hidden>Print</button>'
    )
    insert = (
        "html => document.querySelector('main').insertAdjacentHTML('beforeend', html)"
    )

    context = browser.new_context(viewport=PHONE)
    context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=live_server.url
    )
    page = context.new_page()
    page.goto(f"{demo}/")
    page.evaluate(insert, markup)
    copy = page.get_by_role("button", name="Copy link", include_hidden=True)
    printing = page.get_by_role("button", name="Print", include_hidden=True)
    assert copy.is_hidden() and printing.is_hidden()  # as a page without JS has them
    # site.js again, now that the buttons exist (it ran once at load).
    page.add_script_tag(url=f"{live_server.url}/static/js/site.js")
    page.wait_for_function("() => !document.querySelector('[data-print]').hidden")
    assert copy.is_visible() and printing.is_visible()

    copy.click()
    status = page.locator("[data-copy-target] + .copy-status")
    assert status.get_attribute("aria-live") == "polite"
    page.wait_for_function(
        "() => document.querySelector('.copy-status').textContent === 'Copied'"
    )
    assert page.evaluate("() => navigator.clipboard.readText()") == (
        "https://example.org/shared/abc"
    )

    page.evaluate("() => { window.print = () => { window.printed = true; }; }")
    printing.click()
    assert page.evaluate("() => window.printed === true")
    context.close()
