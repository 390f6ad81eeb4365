"""Partners include ways to help in a submission or an update: a plain formset,
empty ways ignored, every rule of a way checked with its message, the whole form
kept on a refusal, the ways part of the draft revision and never published."""

import re

import pytest

from django.urls import reverse

from directory.models import ProgramPage, Submission
from directory.program_fields import apply_values, values_of
from tests.factories import ProgramPageFactory
from tests.test_directory_submissions import SUBMIT, moderator, program_data
from tests.test_ways_to_help_writing import CAPS, DRIVERS

pytestmark = pytest.mark.django_db

__all__ = ["moderator"]  # the fixture, used by name

BLANK_WAY = {"item_condition": "not-stated", "reach": "remote"}  # as browsers post
DRIVING = {
    "kind": "volunteer",
    "role": "driver",
    "next_step": "Sign up to drive patients to treatment.",
    "requirements": "A driver's licence and a background check.",
    "reach": "places",
    "places": "Travis County, TX; Texas",
    "item_condition": "not-stated",
    "url": "https://sunrise.example.org/drive",
    "source_url": "https://sunrise.example.org/volunteer",
}


@pytest.fixture(autouse=True)
def quick_forms(settings):
    settings.FORM_TIME_TRAP_MIN_SECONDS = 0
    settings.FORM_RATE_LIMIT_PER_HOUR = 100


def with_ways(*ways, total=3, **changes):
    """The partner form's data with ``ways`` in the first forms of the formset
    and the rest left blank."""
    data = program_data(**changes)
    data.update({"ways-TOTAL_FORMS": str(total), "ways-INITIAL_FORMS": "0"})
    for index in range(total):
        way = ways[index] if index < len(ways) else BLANK_WAY
        data.update({f"ways-{index}-{name}": value for name, value in way.items()})
    return data


def draft_ways(page):
    page = ProgramPage.objects.get(pk=page.pk)
    return values_of(page.get_latest_revision_as_object())["ways_to_help"]


def test_ways_given_join_the_draft_and_blank_ones_are_ignored(
    client, directory_page, moderator
):
    response = client.post(SUBMIT, with_ways(DRIVING))

    assert response.status_code == 302
    page = Submission.objects.get().program
    (way,) = draft_ways(page)
    assert way["role"] == "driver" and way["reach"] == "places"
    assert way["places"] == ["travis-county-tx", "tx"]
    assert way["source_url"] == DRIVING["source_url"]
    assert not ProgramPage.objects.get(pk=page.pk).live


def test_a_bad_way_refuses_the_form_keeping_every_typed_value(client, directory_page):
    broken = {**DRIVING, "role": "", "places": "Atlantis County, TX; Texas"}
    items = {**BLANK_WAY, "kind": "items", "next_step": "Mail us soft caps."}

    response = client.post(SUBMIT, with_ways(broken, items))

    html = response.content.decode()
    assert response.status_code == 400
    assert "We could not find: Atlantis County, TX." in html
    assert "Say which items to give, or what a sponsorship pays for." in html
    assert "Give the public page these facts come from." in html
    assert "Please check the 3 items marked below." in html
    assert 'value="Atlantis County, TX; Texas"' in html
    assert 'value="Mail us soft caps."' in html
    assert 'value="Sunrise Rent Fund"' in html
    assert not Submission.objects.exists()


def test_a_volunteer_way_must_say_what_volunteers_do(client, directory_page):
    response = client.post(SUBMIT, with_ways({**DRIVING, "role": ""}))

    assert response.status_code == 400
    assert "Say what volunteers do (driver, knitter, cook…)." in response.text


@pytest.mark.parametrize(
    "changes",
    [{"total": 50}, {"total": "many"}],
    ids=["too-many-ways", "not-a-number"],
)
def test_a_tampered_formset_gets_a_400_with_a_message(client, directory_page, changes):
    data = with_ways(DRIVING)
    data["ways-TOTAL_FORMS"] = str(changes["total"])

    response = client.post(SUBMIT, data)

    assert response.status_code == 400
    assert 'role="alert"' in response.text
    assert not Submission.objects.exists()


def test_a_post_without_the_ways_part_changes_no_ways(
    client, directory_page, moderator
):
    program = listing_with_ways(directory_page)

    response = client.post(
        reverse("directory_suggest_update", args=[program.pk]),
        program_data(title="New Title Fund", counties=""),
    )

    assert response.status_code == 302
    assert draft_ways(program) == [DRIVERS, CAPS]


def listing_with_ways(directory_page):
    page = ProgramPageFactory(parent=directory_page, title="Old Title Fund")
    draft = ProgramPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    apply_values(draft, {"ways_to_help": [DRIVERS, CAPS]})
    draft.save_revision().publish()
    return ProgramPage.objects.get(pk=page.pk)


def test_an_update_shows_the_listings_ways_but_never_their_sources(
    client, directory_page
):
    program = listing_with_ways(directory_page)

    html = client.get(reverse("directory_suggest_update", args=[program.pk])).text

    assert f'value="{DRIVERS["next_step"]}"' in html
    assert 'value="Texas; Travis County, TX"' in html
    assert re.search(r'name="ways-1-kind"[^>]*>.*?value="items" selected', html, re.S)
    assert CAPS["source_url"] not in html
    sources = re.findall(r'<input[^>]*name="ways-\d-source_url"[^>]*>', html)
    assert len(sources) == 3 and not any("value=" in tag for tag in sources)
    assert html.count('name="ways-TOTAL_FORMS" value="3"') == 1


def test_an_update_keeps_sources_left_empty_and_a_cleared_way_goes(
    client, directory_page, moderator
):
    program = listing_with_ways(directory_page)
    drivers = {**DRIVING, "places": "Travis County, TX; Texas", "source_url": ""}

    response = client.post(
        reverse("directory_suggest_update", args=[program.pk]),
        with_ways(drivers, BLANK_WAY, counties=""),
    )

    assert response.status_code == 302
    (way,) = draft_ways(program)
    assert way["source_url"] == DRIVERS["source_url"]
    assert way["next_step"] == DRIVING["next_step"]
    assert values_of(ProgramPage.objects.get(pk=program.pk))["ways_to_help"] == [
        DRIVERS,
        CAPS,
    ]


def test_curators_read_the_ways_a_partner_sent(client, directory_page, moderator):
    client.post(SUBMIT, with_ways(DRIVING))
    submission = Submission.objects.get()
    client.force_login(moderator)

    content = client.get(
        f"/admin/snippets/directory/submission/inspect/{submission.pk}/"
    ).text

    assert "<dt>Ways to help</dt>" in content
    assert "Volunteer (Driver) — Sign up to drive patients to treatment." in content


def test_an_update_removes_a_way_ticked_for_removal_and_always_offers_a_new_one(
    client, directory_page, moderator
):
    program = listing_with_ways(directory_page)
    apply_values(program, {"ways_to_help": [DRIVERS, CAPS, DRIVERS]})
    program.save_revision().publish()
    url = reverse("directory_suggest_update", args=[program.pk])

    html = client.get(url).text
    assert html.count('name="ways-TOTAL_FORMS" value="4"') == 1
    assert "Remove this way" in html

    drivers = {**DRIVING, "source_url": ""}
    # A way ticked for removal goes even with a field cleared.
    removed = {**DRIVING, "next_step": "", "DELETE": "on"}
    response = client.post(
        url, with_ways(drivers, removed, BLANK_WAY, BLANK_WAY, total=4, counties="")
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    (way,) = draft_ways(program)
    assert way["next_step"] == DRIVING["next_step"]
