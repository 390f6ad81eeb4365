"""A program page, My list and the partner and report forms on a phone, in a real
browser (Playwright driving Debian's Chromium): Apply (or Call) on the first screen
of every demo program; every control big enough to tap (WCAG 2.2, 2.5.8: 24 × 24
CSS px; the actions patients came for 44 px tall); no sideways scrolling; axe-core;
the copy, print and "Back to your results" buttons working with JavaScript and
absent without it. Screenshots in test-artifacts/screenshots/ (phone-*.png)."""

import pytest

from django.core.management import call_command
from django.utils import timezone

from directory.models import NeedCategory, ProgramPage
from tests.conftest import BROWSER_MARKS
from tests.factories import OrganisationFactory, ProgramPageFactory
from tests.test_browser_patient_journeys import (
    DESKTOP,
    NARROW,
    PHONE,
    assert_fits_width,
    axe_violations,
    shoot,
)

pytestmark = BROWSER_MARKS

# About the longest a program's header can be: an 86-character title (the longest demo
# title has 88), a long organisation name, a summary near the most allowed (240).
LONG_TITLE = (
    "Medicaid Breast and Cervical Cancer Treatment Program for people who live in "
    "the state"
)
LONG_SUMMARY = (
    "Free treatment and full Medicaid coverage for people diagnosed with breast or "
    "cervical cancer through the state screening program, for as long as treatment "
    "lasts, with help applying from a nurse navigator who calls in two working days."
)

# Controls a finger may hit that are on screen (not moved off it like the skip
# link and the honeypot), with their size; labels count when they work a control.
CONTROLS_JS = """
() => [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, label'
)].filter(el => {
    if (el.tagName === 'LABEL' && !el.control) return false;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return el.getClientRects().length > 0 && style.visibility !== 'hidden'
        && box.right > 0 && box.bottom + window.scrollY > 0;
}).map(el => {
    const box = el.getBoundingClientRect();
    const name = (el.innerText || el.value || el.id || el.name || '').trim();
    return {
        what: `${el.tagName.toLowerCase()} "${name.slice(0, 40)}"`,
        width: box.width,
        height: box.height,
        primary: el.matches(
            'main .action-box__contacts a, main a[href^="tel:"],'
            + ' main a[href^="mailto:"], main .my-list__program .card__facts a,'
            + ' main .choice-list label, main .check label, main button'
        ),
    };
})
"""


# Boxes whose words run out of them (a long state name in a narrow column).
OVERFLOWING_JS = """
() => [...document.querySelectorAll('main label, main .button, main h1, main dd')]
    .filter(el => el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1)
    .map(el => `${el.tagName.toLowerCase()} "${el.innerText.trim().slice(0, 40)}"`)
"""


def too_small(page):
    """Controls under 24 × 24 px, and primary actions under 44 px tall."""
    small = []
    for control in page.evaluate(CONTROLS_JS):
        size = f"{control['width']:.0f} × {control['height']:.0f}"
        if control["width"] < 23.5 or control["height"] < 23.5:
            small.append(f"{control['what']} is {size}")
        elif control["primary"] and control["height"] < 43.5:
            small.append(f"{control['what']} (a primary action) is {size}")
    return small


@pytest.fixture
def programs(directory_page, guides_page):
    """A program with everything filled in (a link in its description), a long
    demo one with a phone only, and one with no way to reach it at all."""
    gas = NeedCategory.objects.get(slug="gas-cards")
    full = ProgramPageFactory(
        parent=directory_page,
        title="Bright Path Gas Fund",
        need_categories=[gas],
        summary="Gas cards for drives to treatment.",
        description='<p>Read <a href="https://example.org/rules">the rules</a>.</p>',
        award="A $50 gas card",
        reapply_rule="yearly",
        application_url="https://bright-path.example.org/apply",
        phone="1-800-555-0142",
        email="grants-and-applications@bright-path-gas-fund.example.org",
        application_steps="<p>Fill in the form.</p>",
        required_documents=["diagnosis", "income"],
        last_verified_at=timezone.localdate(),
    )
    long = ProgramPageFactory(
        parent=directory_page,
        title=LONG_TITLE,
        organisation=OrganisationFactory(
            name="The State Department of Health Services, Breast and Cervical "
            "Cancer Control Program (with community partners)"
        ),
        summary=LONG_SUMMARY,
        need_categories=[gas],
        is_demo_data=True,
        phone="1-888-555-0100",
    )
    unreachable = ProgramPageFactory(
        parent=directory_page,
        title="Quiet Fund",
        organisation=OrganisationFactory(name="Quiet Helpers", website=""),
        need_categories=[gas],
    )
    return full, long, unreachable


def first_action_bottom(page):
    """Where the Apply (or Call, or Visit) button ends; for a listing with no way
    to reach the program, where the first line of the action box ends."""
    primary = page.locator(".action-box__primary")
    if primary.count():
        box = primary.first.bounding_box()
        return box["y"] + box["height"]
    box = page.locator(".action-box").bounding_box()
    return box["y"] + 44


def assert_on_first_screen(page, height):
    bottom = first_action_bottom(page)
    assert bottom <= height, f"{page.url}: the first action ends at {bottom:.0f}px"


def test_apply_or_call_is_on_the_first_phone_screen(browser, live_server, programs):
    full, long, unreachable = programs
    page = browser.new_page(viewport=PHONE)
    for program in programs:
        page.goto(f"{live_server.url}{program.url}")
        assert_on_first_screen(page, PHONE["height"])
    page.goto(f"{live_server.url}{long.url}")
    assert page.locator(".action-box__primary").inner_text() == "Call 1-888-555-0100"
    page.screenshot(path=screenshot_path("phone-program-long-first-screen"))
    page.goto(f"{live_server.url}{full.url}")
    assert page.locator(".action-box__primary").inner_text() == "Apply on their website"
    page.screenshot(path=screenshot_path("phone-program-first-screen"))
    shoot(page, "phone-program-390")
    page.set_viewport_size(DESKTOP)
    shoot(page, "phone-program-1280")


def test_apply_or_call_is_on_the_first_screen_of_every_demo_program(
    browser, live_server
):
    call_command("load_initial_data", verbosity=0)
    page = browser.new_page(viewport=PHONE)
    programs = list(ProgramPage.objects.visible())
    assert len(programs) >= 80
    for program in programs:
        page.goto(f"{live_server.url}{program.url}")
        assert_on_first_screen(page, PHONE["height"])


def screenshot_path(name):
    from tests.test_browser_patient_journeys import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return str(SCREENSHOTS / f"{name}.png")


def saved_list(browser, live_server, programs, viewport=PHONE, **options):
    """A page whose session has saved the first two programs, on My list."""
    page = browser.new_page(viewport=viewport, **options)
    for program in programs[:2]:
        page.goto(f"{live_server.url}{program.url}")
        page.locator(".action-box .save-form button").click()
        page.wait_for_load_state()
    page.goto(f"{live_server.url}/my-list/")
    return page


def pages_to_check(live_server, programs):
    full, long, unreachable = programs
    return {
        "program": full.url,
        "program-long": long.url,
        "program-unreachable": unreachable.url,
        "my-list": "/my-list/",
        "submit": "/submit/",
        "report": f"/report/{full.pk}/",
    }


def open_folds(page):
    """Open every folded list (the states), so its checkboxes are measured too."""
    for summary in page.locator("details:not([open]) > summary").all():
        summary.click()


def test_every_control_is_big_enough_and_nothing_scrolls_sideways(
    browser, live_server, programs, settings
):
    settings.FORM_TIME_TRAP_MIN_SECONDS = 0
    page = saved_list(browser, live_server, programs)
    problems = {}
    for name, path in pages_to_check(live_server, programs).items():
        for label, viewport in (("320", NARROW), ("390", PHONE), ("1280", DESKTOP)):
            page.set_viewport_size(viewport)
            page.goto(f"{live_server.url}{path}")
            open_folds(page)
            assert_fits_width(page)
            small = too_small(page) + page.evaluate(OVERFLOWING_JS)
            if small:
                problems[f"{name} at {label}"] = small
            if label != "320" and name in {"my-list", "submit", "report"}:
                shoot(page, f"phone-{name}-{label}")
    # The partner form sent empty: every error shown, the states unfolded.
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/submit/")
    page.get_by_role("button", name="Send for review").click()
    page.wait_for_load_state()
    assert "Please check the" in page.locator("[role=alert]").first.inner_text()
    assert page.locator("details.fold").get_attribute("open") is not None
    for viewport in (NARROW, PHONE):
        page.set_viewport_size(viewport)
        assert_fits_width(page)
        small = too_small(page) + page.evaluate(OVERFLOWING_JS)
        if small:
            problems[f"submit with errors at {viewport['width']}"] = small
    shoot(page, "phone-submit-errors-390")
    assert not problems, problems


def test_axe_finds_nothing_serious_on_a_phone(browser, live_server, programs):
    # axe injects its script inline, which the site's CSP rightly refuses.
    page = saved_list(browser, live_server, programs, bypass_csp=True)
    problems = {}
    for name, path in pages_to_check(live_server, programs).items():
        page.goto(f"{live_server.url}{path}")
        open_folds(page)
        found = axe_violations(page)
        if found:
            problems[name] = found
    page.goto(f"{live_server.url}/submit/")
    page.get_by_role("button", name="Send for review").click()
    page.wait_for_load_state()
    found = axe_violations(page)
    if found:
        problems["submit with errors"] = found
    assert not problems, problems


def test_copy_and_print_buttons_work_with_javascript(browser, live_server, programs):
    full, _, _ = programs
    context = browser.new_context(viewport=PHONE)
    context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=live_server.url
    )
    # Printing is stubbed: a headless browser has no print dialog to wait for.
    context.add_init_script("window.print = () => { window.printed = true; };")
    page = context.new_page()
    page.goto(f"{live_server.url}{full.url}")
    share_url = page.locator("#share-url").input_value()
    assert share_url == f"{live_server.url}{full.url}"
    page.get_by_role("button", name="Copy link").click()
    page.wait_for_function("() => document.querySelector('.copy-status').textContent")
    assert page.locator(".copy-status").inner_text() == "Copied"
    assert page.evaluate("() => navigator.clipboard.readText()") == share_url

    page.locator(".action-box .save-form button").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/my-list/")
    page.get_by_role("button", name="Print this list").click()
    assert page.evaluate("() => window.printed") is True
    page.get_by_role("button", name="Copy link").click()
    page.wait_for_function("() => document.querySelector('.copy-status').textContent")
    assert "/my-list/shared/" in page.evaluate("() => navigator.clipboard.readText()")

    # On paper: the site's name and the day, no buttons.
    page.emulate_media(media="print")
    printed = page.locator(".print-only")
    assert printed.is_visible()
    today = timezone.localdate()
    assert printed.inner_text() == (
        f"Printed from Brightside on {today.day} {today:%B} {today.year}"
    )
    assert page.get_by_role("button", name="Print this list").is_hidden()
    assert page.locator(".share__row").is_hidden()
    context.close()


def test_without_javascript_the_address_shows_and_no_button_does_nothing(
    browser, live_server, programs
):
    full, _, _ = programs
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}{full.url}")
    assert page.locator("#share-url").is_visible()
    assert page.locator("#share-url").input_value() == f"{live_server.url}{full.url}"
    assert page.locator("[data-copy-target]").is_hidden()
    assert page.locator("[data-back-to-results]").is_hidden()
    assert page.get_by_role("link", name="All programs").is_visible()
    page.locator(".action-box .save-form button").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/my-list/")
    assert page.locator("#share-link").is_visible()
    assert page.locator("[data-print]").is_hidden()
    assert page.locator("[data-copy-target]").is_hidden()
    context.close()


def test_back_to_your_results_only_after_a_search_on_this_site(
    browser, live_server, programs
):
    full, _, _ = programs
    base = live_server.url
    page = browser.new_page(viewport=PHONE)
    back = page.locator("[data-back-to-results]")

    results = f"{base}/programs/?need=gas-cards&sort=name"
    page.goto(results)
    page.get_by_role("link", name=full.title).click()
    page.wait_for_load_state()
    assert back.is_visible()
    assert back.get_attribute("href") == results
    # Saving reloads the program: the way back stays.
    page.locator(".action-box .save-form button").click()
    page.wait_for_load_state()
    assert "Saved to" in page.locator(".save-form__state").inner_text()
    assert back.is_visible() and back.get_attribute("href") == results
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=screenshot_path("phone-program-back-to-results"))
    back.click()
    page.wait_for_load_state()
    assert page.url == results

    # Landing pages are searches too.
    page.goto(f"{base}/programs/need/gas-cards/")
    page.get_by_role("link", name=full.title).click()
    page.wait_for_load_state()
    assert back.get_attribute("href") == f"{base}/programs/need/gas-cards/"

    # Straight in (then saved), or from a page that is not a search: only
    # "All programs".
    fresh = browser.new_page(viewport=PHONE)
    fresh.goto(f"{base}{full.url}")
    assert fresh.locator("[data-back-to-results]").is_hidden()
    assert fresh.get_by_role("link", name="All programs").is_visible()
    fresh.locator(".action-box .save-form button").click()
    fresh.wait_for_load_state()
    assert fresh.locator("[data-back-to-results]").is_hidden()
    fresh.goto(f"{base}/my-list/")
    fresh.get_by_role("link", name=full.title).click()
    fresh.wait_for_load_state()
    assert fresh.locator("[data-back-to-results]").is_hidden()
