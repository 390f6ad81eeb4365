"""The demo ways to help: the researched fixture (every way with a kind and a
source, every entry on a demo program), and the loader that puts them on the demo
programs through the one write path, once."""

import json

import pytest

from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.core.validators import URLValidator

from wagtail.models import Revision

from directory.choices import HelpKind
from directory.models import ProgramPage, WayToHelp
from directory.program_fields import values_of
from home.management.commands import load_initial_data
from home.management.commands.load_initial_data import FIXTURE, WAYS_FIXTURE

PROGRAMS = {record["external_id"]: record for record in json.loads(FIXTURE.read_text())}
WAY_RECORDS = json.loads(WAYS_FIXTURE.read_text())
ALL_WAYS = [way for record in WAY_RECORDS for way in record["ways"]]

DRIVERS = {
    "kind": "volunteer",
    "role": "driver",
    "next_step": "Sign up to drive patients near Austin.",
    "reach": "places",
    "places": ["TX", "Travis County, TX", "Harris, TX"],
    "source_url": "https://example.org/drive",
}


def without(way, name):
    return {key: value for key, value in way.items() if key != name}


# --- The fixture file ---


def test_every_demo_way_has_a_kind_and_a_source_address():
    """The source is the address of the public page the facts come from, kept as it
    was found (some of those pages are only stored at an http:// address)."""
    is_address = URLValidator(schemes=["http", "https"])
    problems = []
    for way in ALL_WAYS:
        if way["kind"] not in HelpKind.values:
            problems.append((way["next_step"], "kind", way["kind"]))
        try:
            is_address(way["source_url"])
        except ValidationError:
            problems.append((way["next_step"], "source_url", way["source_url"]))
    assert len(ALL_WAYS) >= 30
    assert problems == []


def test_every_entry_is_for_a_demo_program():
    unknown = [
        r["external_id"] for r in WAY_RECORDS if r["external_id"] not in PROGRAMS
    ]
    assert unknown == []


def test_at_least_30_demo_organisations_carry_ways_to_help():
    """Reads the fixture: passes once the researched file is complete."""
    organisations = {
        PROGRAMS[record["external_id"]]["organisation"]["name"]
        for record in WAY_RECORDS
        if record["ways"]
    }
    assert len(organisations) >= 30


# --- The loader (on a few demo programs, to stay quick) ---


@pytest.fixture
def fixtures(tmp_path, monkeypatch):
    """Point the loader at small program and ways files; returns a function that
    writes the ways file."""
    programs = tmp_path / "programs.json"
    chosen = [PROGRAMS["demo-011"], PROGRAMS["demo-030"]]
    programs.write_text(json.dumps(chosen))
    ways = tmp_path / "ways.json"
    monkeypatch.setattr(load_initial_data, "FIXTURE", programs)
    monkeypatch.setattr(load_initial_data, "WAYS_FIXTURE", ways)

    def write_ways(records):
        ways.write_text(json.dumps(records))

    return write_ways


def load():
    call_command("load_initial_data", verbosity=0)


def live_ways(external_id):
    return values_of(ProgramPage.objects.get(external_id=external_id))["ways_to_help"]


@pytest.mark.django_db
def test_ways_are_published_with_their_program_and_places_resolved(fixtures):
    fixtures([{"external_id": "demo-030", "ways": [DRIVERS]}])

    load()

    (way,) = live_ways("demo-030")
    assert way["places"] == ["harris-county-tx", "travis-county-tx", "tx"]
    assert way["role"] == "driver"
    program = ProgramPage.objects.get(external_id="demo-030")
    assert program.is_demo_data
    assert program.revisions.count() == 1  # the ways came with the first publish
    assert live_ways("demo-011") == []


@pytest.mark.django_db
def test_a_program_without_ways_gets_them_as_a_revision_then_nothing_changes(
    fixtures,
):
    fixtures([])
    load()
    fixtures([{"external_id": "demo-011", "ways": [DRIVERS]}])

    load()
    revisions = Revision.objects.count()
    load()

    assert live_ways("demo-011")[0]["next_step"] == DRIVERS["next_step"]
    assert ProgramPage.objects.get(external_id="demo-011").revisions.count() == 2
    assert Revision.objects.count() == revisions
    assert WayToHelp.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("record", "message"),
    [
        (
            {"external_id": "demo-999", "ways": [DRIVERS]},
            "demo-999: no demo program has this external_id",
        ),
        (
            {
                "external_id": "demo-030",
                "ways": [{**DRIVERS, "places": ["Atlantis, TX"]}],
            },
            "demo-030: unknown place 'Atlantis, TX'",
        ),
        (
            {"external_id": "demo-030", "ways": [{**DRIVERS, "role": ""}]},
            "demo-030: a way to help: a volunteer way to help needs a role",
        ),
        (
            {"external_id": "demo-030", "ways": [without(DRIVERS, "source_url")]},
            "demo-030: a way to help: 'source_url' is required",
        ),
        (
            {"external_id": "demo-030", "ways": [{**DRIVERS, "kind": "hugs"}]},
            "demo-030: a way to help: kind 'hugs' is not one of",
        ),
        (
            {"external_id": "demo-030", "ways": [{**DRIVERS, "source": "x"}]},
            r"demo-030: a way to help: unknown key\(s\) source",
        ),
    ],
    ids=[
        "unknown-program",
        "unknown-place",
        "broken-rule",
        "no-source",
        "unknown-kind",
        "misspelt-key",
    ],
)
def test_a_bad_entry_stops_the_loader_naming_its_program(fixtures, record, message):
    fixtures([record])

    with pytest.raises(CommandError, match=message):
        load()

    assert not ProgramPage.objects.exists()


def test_demo_ways_read_as_written_for_a_helper():
    """What a card shows is in our words: no researchers' hedges or notes."""
    hedges = ("older page", "according to", "it is unclear", "confidence:")
    found = [
        (way["next_step"], hedge)
        for way in ALL_WAYS
        for hedge in hedges
        if hedge
        in " ".join(
            way.get(name, "")
            for name in ("next_step", "what", "send_to", "requirements")
        ).casefold()
    ]
    assert found == []
