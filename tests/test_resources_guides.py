"""Guides: tagged with needs, linked from search results and program pages, with a
related-programs block that only shows visible programs."""

import pytest

from directory.models import NeedCategory
from resources.models import ResourcePage
from tests.factories import ProgramPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide(guides_page, directory_page):
    rides = NeedCategory.objects.get(slug="rides-to-treatment")
    program = ProgramPageFactory(
        parent=directory_page, title="Kind Rides", need_categories=[rides]
    )
    draft = ProgramPageFactory(
        parent=directory_page, title="Hidden Rides", publish=False
    )
    page = ResourcePage(
        title="Finding rides",
        slug="finding-rides",
        summary="Ways to get to treatment.",
        body=[
            {"type": "text", "value": "<p>Ask your social worker.</p>"},
            {
                "type": "related_programs",
                "value": {
                    "heading": "Where to ask",
                    "programs": [program.pk, draft.pk],
                },
            },
        ],
    )
    page.need_categories = [rides]
    guides_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_guide_shows_only_visible_related_programs_and_need_links(client, guide):
    html = client.get(guide.url).content.decode()
    assert "Where to ask" in html
    assert "Kind Rides" in html
    assert "Hidden Rides" not in html
    assert 'href="/programs/need/rides-to-treatment/"' in html


def test_search_for_need_links_to_guides(client, guide):
    html = client.get("/programs/?need=rides-to-treatment").content.decode()
    assert "Guides for these needs" in html
    assert guide.url in html
    other = client.get("/programs/?need=cash-grants").content.decode()
    assert "Guides for these needs" not in other


def test_program_page_links_to_guides_for_its_needs(client, guide):
    from directory.models import ProgramPage

    program = ProgramPage.objects.get(title="Kind Rides")
    html = client.get(program.url).content.decode()
    assert "Guides that may help" in html
    assert guide.url in html


def test_home_page_features_guides(client, guide):
    html = client.get("/").content.decode()
    assert guide.url in html


def test_demo_data_adds_guides_for_patients_tagged_with_needs_and_for_helpers(db):
    from django.core.management import call_command

    call_command("load_initial_data", verbosity=0)
    guides = ResourcePage.objects.live()
    for_patients = guides.filter(for_helpers=False)
    assert for_patients.count() >= 4
    assert all(guide.need_categories.exists() for guide in for_patients)
    assert len(ResourcePage.helper_guides()) >= 3
    assert all(len(guide.body) >= 2 for guide in guides)


def test_ways_to_help_page_lists_the_guides_for_helpers_only(
    client, guide, guides_page
):
    helping = ResourcePage(
        title="How to offer help",
        slug="how-to-offer-help",
        summary="Make an offer that is easy to say yes to.",
        for_helpers=True,
        body=[{"type": "text", "value": "<p>Name a day.</p>"}],
    )
    guides_page.add_child(instance=helping)
    helping.save_revision().publish()

    html = client.get("/give/").content.decode()
    section = html[html.index('id="helper-guides-heading"') :]
    assert f'href="{helping.url}"' in section
    assert "Make an offer that is easy to say yes to." in section
    assert guide.title not in section
