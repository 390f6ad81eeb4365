"""“Will I qualify?” on a phone (390 px) with JavaScript off, on the demo data:
answer the questions, read the three groups (the last folded, its count shown),
save a program from there, then “Forget my answers”. Also no sideways scrolling and
no serious axe-core violations (that check needs JavaScript on)."""

import re

import pytest

from django.core.management import call_command

from tests.conftest import BROWSER_MARKS
from tests.test_browser_patient_journeys import PHONE, assert_fits_width, axe_violations

pytestmark = BROWSER_MARKS


@pytest.fixture
def demo(live_server):
    call_command("load_initial_data", verbosity=0)
    return live_server.url


def answer(page):
    """Someone in Austin with metastatic breast cancer on hormonal therapy, 57,
    living alone on $20,000 a year, applying herself, for money and bills."""
    page.get_by_label("Your ZIP code").fill("78701")
    page.get_by_label("Metastatic breast cancer").check()
    page.get_by_label("Hormonal or other long-term maintenance therapy only").check()
    page.get_by_label("Your age").fill("57")
    page.get_by_label("People in your household, you included").fill("1")
    page.get_by_label("Your household's yearly income before tax").fill("20,000")
    page.get_by_label("Me or my family").check()
    page.get_by_role("button", name="Show what I may qualify for").click()
    page.wait_for_load_state()


def count_of(page, label):
    text = page.locator(".qualify-counts").get_by_text(label).inner_text()
    return int(re.search(r"(\d+)$", text).group(1))


def test_answers_read_in_three_groups_without_javascript(browser, demo):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{demo}/qualify/")
    assert page.locator("form.qualify-form .qualify-question").count() == 7
    assert_fits_width(page)
    answer(page)
    assert page.url == f"{demo}/qualify/"  # no answer in the address
    likely, check, no = (
        count_of(page, label)
        for label in ("Likely to qualify", "Check with them", "Probably not")
    )
    assert likely >= 1 and check >= 1 and no >= 1
    for verdict, count in (("likely", likely), ("check", check), ("no", no)):
        assert page.locator(f"#{verdict} article.card").count() == count
    assert page.locator("#likely").get_by_text("Maintenance therapy counts").first
    assert (
        page.locator("#check")
        .get_by_text("They don't say whether maintenance therapy counts")
        .first.is_visible()
    )
    # "Probably not" is folded, with its count, and opens on a tap.
    folded = page.locator("details#no")
    assert folded.get_attribute("open") is None
    assert folded.locator("summary").inner_text() == f"Probably not ({no})"
    assert page.locator("#no article.card").first.is_hidden()
    folded.locator("summary").click()
    assert page.locator("#no article.card").first.is_visible()
    assert page.get_by_text("2026 HHS poverty guidelines").first.is_visible()
    assert_fits_width(page)

    # Save the first likely program: back here, saved, the answers still shown.
    card = page.locator("#likely article.card").first
    card.get_by_role("button", name=re.compile(r"^Save .* to My list$")).click()
    page.wait_for_load_state()
    assert page.url.startswith(f"{demo}/qualify/#hit-")
    assert "Saved to My list" in page.locator("#likely .save-form__state").inner_text()

    page.get_by_role("button", name="Forget my answers").click()
    page.wait_for_load_state()
    assert page.url == f"{demo}/qualify/"
    assert page.locator(".qualify-counts").count() == 0
    assert page.locator("article.card").count() == 0
    assert page.get_by_label("Your ZIP code").input_value() == ""
    assert page.get_by_label("Your age").input_value() == ""
    context.close()


def test_a_bad_answer_is_shown_to_mend_without_javascript(browser, demo):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{demo}/qualify/")
    page.get_by_label("Your ZIP code").fill("7870")
    page.get_by_label("Your age").fill("57")
    page.get_by_role("button", name="Show what I may qualify for").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").first.is_visible()
    assert page.get_by_text("Check it: five digits").is_visible()
    assert page.get_by_label("Your ZIP code").input_value() == "7870"
    assert page.get_by_label("Your age").input_value() == "57"
    context.close()


def test_the_answer_page_has_no_serious_accessibility_problems(browser, demo):
    # axe-core is injected as an inline script: the site's CSP would refuse it.
    page = browser.new_page(viewport=PHONE, bypass_csp=True)
    page.goto(f"{demo}/qualify/")
    answer(page)
    page.locator("details#no summary").click()
    assert page.locator(".qualify-counts").is_visible()
    assert axe_violations(page) == []
