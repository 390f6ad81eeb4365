"""The demo data says only what its research says. Each demo program in
``directory/fixtures/demo_programs.json`` keeps, for curators, the researched facts
(``research``) and the phrase of them each claim rests on (``basis``): the treatment
rule, the application status, the area, the award and the income limit. A claim
without a phrase is "not stated"; a phrase must be the research's own words and
must say what the value claims. The rendered pages are then read as a patient
would, for research hedges that must stay in curator notes."""

import json
import re
from pathlib import Path

import pytest

from django.core.management import call_command

from directory.choices import ApplicationStatus, TreatmentRequirement
from directory.models import ProgramPage

FIXTURE = (
    Path(__file__).resolve().parent.parent / "directory/fixtures/demo_programs.json"
)
PROGRAMS = json.loads(FIXTURE.read_text())

# What a phrase must mention for the treatment rules that claim something about
# treatment itself ("none" rests on who is served, in many words).
TREATMENT_WORDS = {
    TreatmentRequirement.INCLUDES_MAINTENANCE: r"maintenance|hormon|ongoing|"
    r"remain in treatment|long-term",
    TreatmentRequirement.ACTIVE_TREATMENT: r"treat|chemo|radiation|therap|"
    r"infusion|undergoing|surgery",
    TreatmentRequirement.EXCLUDES_MAINTENANCE: r"maintenance|hormon|oral|"
    r"not count|exclud",
}

# Words a patient should never meet on a listing: research hedges, dated reports,
# totals instead of what a person gets.
HEDGES = [
    "an older",
    "older page",
    "reported",
    "fiscal year",
    "according to",
    "it is unclear",
    "confidence:",
    "research",
    "2013",
    "2014",
    "2018-19",
    "as often as you need",
    "cancercare.org./",
]


def research_text(program):
    research = program["research"]
    return " ".join(
        str(research.get(key) or "")
        for key in ("eligibility", "what_you_get", "service_area", "how_to_apply")
        + ("award", "notes")
    )


def ids(program):
    return f"{program['external_id']}:{program['treatment_requirement']}"


@pytest.mark.parametrize("program", PROGRAMS, ids=ids)
def test_each_treatment_value_rests_on_a_phrase_of_the_research(program):
    """The id of each case is the program and its treatment value; the phrase is
    in the fixture's ``basis.treatment`` (and the curator note)."""
    value = program["treatment_requirement"]
    phrase = program["basis"]["treatment"]
    assert value in TreatmentRequirement.values
    if value == TreatmentRequirement.UNKNOWN:
        return
    assert phrase, "a treatment rule needs the words it rests on"
    assert phrase in research_text(program)
    if value in TREATMENT_WORDS:
        assert re.search(TREATMENT_WORDS[value], phrase, re.IGNORECASE), phrase


@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p["external_id"])
def test_status_area_award_and_income_claims_have_a_basis(program):
    basis, research = program["basis"], research_text(program)
    for key, phrase in basis.items():
        assert not phrase or phrase in research, (key, phrase)
    status = program["application_status"]
    assert status in ApplicationStatus.values
    if status != ApplicationStatus.UNKNOWN:
        assert basis["status"]
    if status == ApplicationStatus.OPENS_PERIODICALLY:
        assert program["application_window"]
    assert basis["area"]
    if program["award"]:
        assert basis["award"]
    if program["income_limit_fpl_percent"] is not None:
        assert basis["income"]
    if program["max_award_usd"] is not None:
        assert basis["award"]


@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p["external_id"])
def test_places_are_only_those_the_research_names(program):
    if program["nationwide"]:
        assert not program["regions"] and not program.get("partial_states")
        return
    assert program["regions"] or program.get("partial_states")
    whole = {area["state"] for area in program["regions"] if not area.get("counties")}
    assert not whole & set(program.get("partial_states", []))


def test_the_maintenance_claims_the_audit_found_are_gone():
    by_id = {program["external_id"]: program for program in PROGRAMS}
    for external_id in ("demo-001", "demo-002", "demo-012", "demo-019"):
        assert by_id[external_id]["treatment_requirement"] != (
            TreatmentRequirement.INCLUDES_MAINTENANCE
        )
    assert by_id["demo-001"]["income_limit_fpl_percent"] is None
    assert "cancercare.org./" not in by_id["demo-001"]["application_url"]
    assert by_id["demo-027"]["partial_states"]  # "New Hampshire: parts"
    assert "IA" in by_id["demo-067"]["partial_states"]  # "western Iowa"


@pytest.fixture
def demo_site(db):
    call_command("load_initial_data", verbosity=0)


def titles(client, querystring):
    page = client.get(f"/programs/?{querystring}").content.decode()
    return set(re.findall(r'class="card__title"[^>]*><a href="[^"]+">([^<]+)<', page))


def test_boston_lodging_is_found_from_maine_when_treated_in_boston(client, demo_site):
    lodging = ProgramPage.objects.get(external_id="demo-076").title
    boston, portland, houston = "02115", "04101", "77002"
    need = "need=lodging-near-treatment"  # fewer results than a page holds
    assert lodging in titles(client, f"{need}&zip={portland}&treated_near={boston}")
    assert lodging in titles(client, f"{need}&zip={boston}")
    assert lodging not in titles(client, f"{need}&zip={houston}")
    assert lodging not in titles(client, f"{need}&zip={portland}")


def test_taking_applications_now_counts_only_open_programs(client, demo_site):
    page = client.get("/programs/?open_now=1").content.decode()
    open_count = ProgramPage.objects.live().filter(application_status="open").count()
    assert f"{open_count} program" in page or (
        open_count == 0 and "No programs" in page
    )


def test_every_demo_page_reads_as_written_for_a_patient(client, demo_site):
    programs = ProgramPage.objects.live().filter(is_demo_data=True)
    assert programs.count() == len(PROGRAMS)
    found = []
    for program in programs:
        page = client.get(program.url).content.decode().casefold()
        # Its ways to help say what donations pay for ("research grants", "an
        # older adult"): their facts are checked in tests/test_demo_ways_to_help.
        page = re.sub(
            r'<section aria-labelledby="ways-heading".*?</section>',
            "",
            page,
            flags=re.S,
        )
        found += [(program.external_id, word) for word in HEDGES if word in page]
        if program.treatment_requirement not in (
            TreatmentRequirement.INCLUDES_MAINTENANCE,
            TreatmentRequirement.EXCLUDES_MAINTENANCE,
        ):
            text = re.sub(r"<[^>]+>", " ", page)
            if "including long-term maintenance" in text:
                found.append((program.external_id, "maintenance claim"))
    assert found == []
