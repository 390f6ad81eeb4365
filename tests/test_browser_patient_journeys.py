"""Patients' journeys in a real browser (Playwright driving Debian's Chromium): on a
phone, by keyboard alone and without JavaScript, ZIP → need → filter → program →
save → My list → print; axe-core on every public page; screenshots for review in
test-artifacts/screenshots/."""

from pathlib import Path

import pytest

from django.conf import settings

from directory.models import NeedCategory
from home import help_me
from resources.models import ResourcePage
from tests.conftest import BROWSER_MARKS
from tests.factories import ProgramPageFactory, county

SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# 320 CSS px wide: WCAG reflow, the same as 1280 px at 400% zoom.
NARROW = {"width": 320, "height": 640}
ZIP = "10001"
PLACE = "near New York, NY (New York County)"
TITLE = "Bright Path Gas Fund"


def ways_to_help():
    """The program's ways to help: near Austin, and from anywhere."""
    return [
        {
            "kind": "volunteer",
            "role": "driver",
            "next_step": "Sign up to drive patients near Austin",
            "reach": "places",
            "places": [county("travis-county-tx")],
            "requirements": "A driver's licence and a background check",
        },
        {"kind": "money", "next_step": "Give to the gas card fund"},
        {
            "kind": "items",
            "next_step": "Mail new gas cards",
            "what": "Gas cards of $25 or more",
            "item_condition": "new",
            "send_to": "PO Box 12, Austin, TX",
        },
    ]


pytestmark = BROWSER_MARKS


@pytest.fixture
def programs(directory_page, guides_page):
    """Two gas-card programs (one asking for documents) and a guide for gas cards."""
    gas = NeedCategory.objects.get(slug="gas-cards")
    program = ProgramPageFactory(
        parent=directory_page,
        title=TITLE,
        need_categories=[gas],
        award="A gas card for drives to treatment",
        required_documents=["diagnosis", "income", "identity"],
        required_documents_other="A letter from your oncology social worker "
        "confirming your treatment schedule and the distance you travel",
        phone="555-0142",
        application_url="https://bright-path.example.org/apply/gas-cards/"
        "application-form-for-patients-in-active-treatment",
        application_status="open",
        who_applies="self",
        ways_to_help=ways_to_help(),
    )
    ProgramPageFactory(
        parent=directory_page,
        title="Second Road Fund",
        need_categories=[gas],
        help_types=["gift-or-prepaid-card"],
    )
    guide = ResourcePage(
        title="Finding rides to treatment",
        slug="finding-rides-to-treatment",
        summary="Ways to get to appointments.",
        body=[
            {"type": "text", "value": "<p>Ask your treatment centre first.</p>"},
            {
                "type": "checklist",
                "value": {"heading": "Before you call", "items": ["Your dates"]},
            },
            {
                "type": "callout",
                "value": {"heading": "Tip", "text": "<p>Book early.</p>"},
            },
            {
                "type": "related_programs",
                "value": {"heading": "Programs", "programs": [program.pk]},
            },
        ],
    )
    guide.need_categories = [gas]
    guides_page.add_child(instance=guide)
    guide.save_revision().publish()
    return program, guide


def help_me_path(**fields):
    """The path of a How you can help me page asking for rides and meals."""
    asks = (help_me.ASKS_BY_CODE["rides"], help_me.ASKS_BY_CODE["meals"])
    token = help_me.make_link(help_me.HelpRequest(asks=asks, name="Sam", **fields))
    return f"/give/for/{token}/"


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def assert_fits_width(page):
    """Nothing scrolls sideways (320 px / 200% zoom reflow, WCAG 1.4.10)."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - window.innerWidth"
    )
    assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px"


def assert_print_view_fits(page, base):
    """Print media: each saved program fits the paper width, nothing cut off."""
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 720, "height": 1000})
    assert page.locator(".my-list__program").count() >= 1
    for card in page.locator(".my-list__program").all():
        box = card.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 720
        assert card.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    assert_fits_width(page)
    assert page.locator(".save-form").first.is_hidden()
    # Links print their address after them.
    after = page.locator(".print-url").first.evaluate(
        "el => getComputedStyle(el, '::after').content"
    )
    assert "bright-path.example.org" in after
    shoot(page, "my-list-print")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(SCREENSHOTS / "my-list.pdf"), format="Letter")
    page.emulate_media(media="screen")


def test_phone_journey_zip_need_filter_program_save_list_print(
    browser, live_server, programs
):
    base = live_server.url
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{base}/")
    page.get_by_label("ZIP code").fill(ZIP)
    page.get_by_role("button", name="Find programs").click()
    page.wait_for_load_state()
    heading = page.locator("#results-heading")
    assert heading.inner_text() == f"2 programs {PLACE}"

    # The need and a filter, in the disclosure that keeps the results first.
    page.locator(".filters-disclosure__summary").click()
    page.get_by_label("Gas cards").check()
    page.locator("#help-cash").check()
    page.get_by_role("button", name="Show programs").click()
    page.wait_for_load_state()
    assert heading.inner_text() == f"1 program for Gas cards {PLACE}"
    assert page.get_by_role("link", name="Finding rides to treatment").is_visible()
    assert_fits_width(page)

    page.get_by_role("link", name=TITLE).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == TITLE
    page.get_by_role("button", name=f"Save {TITLE} to My list").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == TITLE
    assert "Saved to My list" in page.locator(".save-form__state").inner_text()

    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="My list"
    ).click()
    page.wait_for_load_state()
    assert TITLE in page.locator(".my-list").inner_text()
    assert "Photo ID" in page.locator(".my-list__checklist").inner_text()
    page.reload()
    assert TITLE in page.locator(".my-list").inner_text()
    assert_fits_width(page)
    shoot(page, "my-list-390")

    # The shared copy reveals the programs and nothing else.
    share_url = page.locator("#share-link").input_value()
    other = browser.new_page(viewport=PHONE)
    other.goto(share_url)
    assert TITLE in other.locator(".my-list").inner_text()
    assert other.locator("form").count() == 0
    other.close()

    assert_print_view_fits(page, base)


def tab_to(page, selector, limit=250):
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "sel => document.activeElement && document.activeElement.matches(sel)",
            selector,
        ):
            return
    raise AssertionError(f"Tab never reached {selector} on {page.url}")


def test_keyboard_only_journey(browser, live_server, programs):
    program, _ = programs
    base = live_server.url
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{base}/")
    tab_to(page, "a.skip-link")
    assert page.locator("a.skip-link").is_visible()
    tab_to(page, "#home-zip")
    page.keyboard.type(ZIP)
    tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#results-heading").inner_text() == f"2 programs {PLACE}"

    # A wide screen shows every filter in the sidebar: no toggle to find first.
    tab_to(page, "#need-gas-cards")
    page.keyboard.press("Space")
    tab_to(page, "#help-cash")
    page.keyboard.press("Space")
    tab_to(page, ".filters-disclosure button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    heading = page.locator("#results-heading").inner_text()
    assert heading == f"1 program for Gas cards {PLACE}"

    tab_to(page, f"#hit-{program.pk} a")
    # Focus is visible: the outline is drawn.
    outline = page.evaluate(
        "() => getComputedStyle(document.activeElement).outlineStyle"
    )
    assert outline != "none"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == TITLE

    tab_to(page, f"form[action='/my-list/save/{program.pk}/'] button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Saved to My list" in page.locator(".save-form__state").inner_text()

    tab_to(page, "a[href='/my-list/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert TITLE in page.locator(".my-list").inner_text()
    assert_print_view_fits(page, base)


def test_no_javascript_journey(browser, live_server, programs):
    base = live_server.url
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{base}/")
    page.get_by_label("ZIP code").fill(ZIP)
    page.get_by_role("button", name="Find programs").click()
    page.wait_for_load_state()
    # <details> opens without JavaScript.
    page.locator(".filters-disclosure__summary").click()
    page.get_by_label("Gas cards").check()
    page.locator("#help-cash").check()
    page.get_by_role("button", name="Show programs").click()
    page.wait_for_load_state()
    # Save straight from the results card, back on the same results.
    page.get_by_role("button", name=f"Save {TITLE} to My list").click()
    page.wait_for_load_state()
    heading = page.locator("#results-heading").inner_text()
    assert heading == f"1 program for Gas cards {PLACE}"
    assert page.get_by_role("button", name=f"Remove {TITLE} from My list").is_visible()
    assert page.get_by_role("link", name="My list (1)").is_visible()
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_load_state()
    assert "Saved to My list" in page.locator(".save-form__state").inner_text()
    page.goto(f"{base}/my-list/")
    assert TITLE in page.locator(".my-list").inner_text()
    page.get_by_role("button", name=f"Remove {TITLE} from My list").click()
    page.wait_for_load_state()
    assert "You have not saved any programs yet" in page.content()
    context.close()


def axe_violations(page):
    """Serious or critical axe-core violations on the current page."""
    from axe_playwright_python import sync_playwright as axe_module

    script = Path(axe_module.__file__).parent / "axe.min.js"
    page.add_script_tag(path=str(script))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_axe_and_screenshots_of_public_pages(browser, live_server, programs):
    program, guide = programs
    base = live_server.url
    # axe injects its script inline, which the site's CSP rightly refuses; the CSP
    # itself is checked by the test below, in a page that keeps it.
    page = browser.new_page(viewport=DESKTOP, bypass_csp=True)
    page.goto(f"{base}/programs/{program.slug}/")
    page.get_by_role("button", name=f"Save {TITLE} to My list").click()
    page.wait_for_load_state()
    pages = {
        "home": "/",
        "results": f"/programs/?zip={ZIP}&need=gas-cards",
        "program": program.url,
        "my-list": "/my-list/",
        "guide": guide.url,
        "submit": "/submit/",
        "report": f"/report/{program.pk}/",
        "help-me-ask": "/give/ask/",
        "help-me": help_me_path(zip="78701", program_ids=(program.pk,)),
        "give": "/give/?zip=78701",
    }
    problems = {}
    for name, path in pages.items():
        for label, viewport in (("1280", DESKTOP), ("390", PHONE), ("320", NARROW)):
            page.set_viewport_size(viewport)
            page.goto(f"{base}{path}")
            assert_fits_width(page)
            if name in {"home", "results", "program"} and label != "320":
                shoot(page, f"{name}-{label}")
            if label == "1280":
                found = axe_violations(page)
                if found:
                    problems[name] = found
    assert not problems, problems


def test_public_pages_break_no_rule_of_their_content_security_policy(
    browser, live_server, programs
):
    program, guide = programs
    page = browser.new_page(viewport=PHONE)
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    for path in [
        "/",
        f"/programs/?zip={ZIP}&need=gas-cards",
        program.url,
        "/my-list/",
        guide.url,
        "/submit/",
        f"/report/{program.pk}/",
    ]:
        response = page.goto(f"{live_server.url}{path}")
        assert "script-src 'self'" in response.headers["content-security-policy"]
    assert violations == []
