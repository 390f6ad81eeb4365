"""The one write path of ways to help: ``apply_values`` replaces a program's ways,
with their places, in a revision that publishing keeps; ``values_of`` reads them
back in the same form."""

import pytest

from directory.models import ProgramPage, WayToHelp
from directory.program_fields import apply_values, values_of, way_problems
from tests.factories import ProgramPageFactory

pytestmark = pytest.mark.django_db

DRIVERS = {
    "kind": "volunteer",
    "whole_organisation": False,
    "role": "driver",
    "what": "",
    "item_condition": "not-stated",
    "send_to": "",
    "requirements": "A valid driver's licence and a background check.",
    "next_step": "Sign up to drive patients to treatment near Austin.",
    "reach": "places",
    "url": "https://example.org/drive",
    "source_url": "https://example.org/drive",
    "places": ["travis-county-tx", "tx"],
}
CAPS = {
    "kind": "items",
    "whole_organisation": True,
    "role": "",
    "what": "Soft knitted caps",
    "item_condition": "handmade",
    "send_to": "PO Box 1, Springfield",
    "requirements": "",
    "next_step": "Mail soft knitted caps to the address on their page.",
    "reach": "remote",
    "url": "",
    "source_url": "https://example.org/caps",
    "places": [],
}


def latest(page):
    return ProgramPage.objects.get(pk=page.pk).get_latest_revision_as_object()


def publish_ways(page, ways):
    draft = latest(page)
    apply_values(draft, {"ways_to_help": ways})
    revision = draft.save_revision()
    revision.publish()
    return revision


def test_published_revision_keeps_ways_and_their_places(directory_page):
    page = ProgramPageFactory(parent=directory_page)

    revision = publish_ways(page, [DRIVERS, CAPS])

    live = ProgramPage.objects.get(pk=page.pk)
    assert values_of(live)["ways_to_help"] == [DRIVERS, CAPS]
    assert values_of(revision.as_object())["ways_to_help"] == [DRIVERS, CAPS]
    assert WayToHelp.objects.get(role="driver").places.count() == 2


def test_new_ways_replace_the_old_ones(directory_page):
    page = ProgramPageFactory(parent=directory_page)
    publish_ways(page, [DRIVERS, CAPS])

    publish_ways(page, [CAPS])

    live = ProgramPage.objects.get(pk=page.pk)
    assert values_of(live)["ways_to_help"] == [CAPS]
    assert WayToHelp.objects.count() == 1


def test_a_draft_revision_leaves_the_live_ways_alone(directory_page):
    page = ProgramPageFactory(parent=directory_page)
    publish_ways(page, [CAPS])

    draft = latest(page)
    apply_values(draft, {"ways_to_help": [DRIVERS]})
    draft.save_revision()

    assert values_of(ProgramPage.objects.get(pk=page.pk))["ways_to_help"] == [CAPS]
    assert values_of(latest(page))["ways_to_help"] == [DRIVERS]


def test_values_without_ways_leave_the_ways_as_they_are(directory_page):
    page = ProgramPageFactory(parent=directory_page)
    publish_ways(page, [CAPS])

    draft = latest(page)
    apply_values(draft, {"summary": "Another summary."})

    assert values_of(draft)["ways_to_help"] == [CAPS]


def test_way_rules_name_each_problem():
    broken = {**DRIVERS, "role": "", "places": [], "source_url": ""}

    fields = [problem.field for problem in way_problems(broken)]

    assert fields == ["role", "places", "source_url"]
