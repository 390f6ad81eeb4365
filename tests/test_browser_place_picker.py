"""In a real browser: a curator picks counties in the program editor by typing,
saves, and finds them there on reopening; a plain click in the picker keeps them;
the picker works in a way to help added to its tab."""

from django.contrib.auth.models import Group

from directory.models import ProgramPage
from tests.conftest import BROWSER_MARKS
from tests.factories import ProgramPageFactory, UserFactory, state

pytestmark = BROWSER_MARKS

PASSWORD = "a-long-curator-password"


REGIONS = "[data-autocomplete-input-name=regions]"


def chosen(page):
    labels = page.locator(f"{REGIONS} .c-wagtailautocomplete__selection__label")
    return labels.all_inner_texts()


def pick(page, typed, label):
    page.locator("#id_regions").fill(typed)
    page.get_by_role("option", name=label).click()


def curator_page(browser, base):
    """A browser page signed in to the admin as a curator."""
    curator = UserFactory(username="cora")
    curator.set_password(PASSWORD)
    curator.save()
    curator.groups.add(Group.objects.get(name="Curators"))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{base}/admin/login/")
    page.get_by_label("Username").fill("cora")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


def test_curator_picks_two_counties_by_typing(browser, live_server, directory_page):
    program = ProgramPageFactory(parent=directory_page, regions=[state("ri")])
    base = live_server.url
    page = curator_page(browser, base)

    page.goto(f"{base}/admin/pages/{program.pk}/edit/")
    page.get_by_role("tab", name="Who it serves").click()
    assert chosen(page) == ["Rhode Island (state)"]
    pick(page, "travis", "Travis County, Texas")
    pick(page, "harris tx", "Harris County, Texas")
    assert chosen(page) == [
        "Rhode Island (state)",
        "Travis County, Texas",
        "Harris County, Texas",
    ]

    # Plain clicks in the picker: its search box, a chosen place's name, the field's
    # label, and a search typed then left.
    page.locator("#id_regions").click()
    page.locator(".c-wagtailautocomplete__selection__label", has_text="Travis").click()
    page.locator("#id_regions-label").click()
    page.locator("#id_regions").fill("abbeville")
    page.get_by_text("Whole states and/or named counties served").click()
    assert len(chosen(page)) == 3

    # A refused save keeps the places on the form and writes nothing, then or
    # afterwards (no autosave of the re-shown form).
    revisions = program.revisions.count()
    page.locator("#id_nationwide").check()
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()
    assert "A nationwide program serves everywhere" in page.content()
    page.wait_for_timeout(2000)
    assert program.revisions.count() == revisions
    page.get_by_role("tab", name="Who it serves").click()
    assert len(chosen(page)) == 3
    page.locator("#id_nationwide").uncheck()

    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()
    page.goto(f"{base}/admin/pages/{program.pk}/edit/")
    page.get_by_role("tab", name="Who it serves").click()
    assert sorted(chosen(page)) == [
        "Harris County, Texas",
        "Rhode Island (state)",
        "Travis County, Texas",
    ]
    draft = ProgramPage.objects.get(pk=program.pk).get_latest_revision_as_object()
    assert {region.slug for region in draft.regions.all()} == {
        "ri",
        "travis-county-tx",
        "harris-county-tx",
    }

    # A place is removed only by its own Remove button.
    page.locator(".c-wagtailautocomplete__selection", has_text="Travis").get_by_role(
        "button", name="Remove"
    ).click()
    assert sorted(chosen(page)) == ["Harris County, Texas", "Rhode Island (state)"]


def test_curator_adds_a_way_to_help_with_its_places_in_its_tab(
    browser, live_server, directory_page
):
    program = ProgramPageFactory(parent=directory_page, regions=[state("tx")])
    base = live_server.url
    page = curator_page(browser, base)

    page.goto(f"{base}/admin/pages/{program.pk}/edit/")
    page.get_by_role("tab", name="Ways to help").click()
    page.get_by_role("button", name="Add way to help").click()
    page.locator("#id_ways_to_help-0-kind").select_option("volunteer")
    page.locator("#id_ways_to_help-0-role").select_option("driver")
    page.locator("#id_ways_to_help-0-next_step").fill("Sign up to drive patients")
    page.locator("#id_ways_to_help-0-reach").select_option("places")
    # The places picker works in a way added after the page loaded.
    page.locator("#id_ways_to_help-0-places").fill("travis")
    page.get_by_role("option", name="Travis County, Texas").click()
    page.locator("#id_ways_to_help-0-source_url").fill("https://example.org/drive")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()

    draft = ProgramPage.objects.get(pk=program.pk).get_latest_revision_as_object()
    (way,) = draft.ways_to_help.all()
    assert (way.kind, way.role, way.next_step) == (
        "volunteer",
        "driver",
        "Sign up to drive patients",
    )
    assert [place.slug for place in way.places.all()] == ["travis-county-tx"]
