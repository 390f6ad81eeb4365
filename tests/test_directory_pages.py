"""What patients see on the public pages: home, the directory list and a program."""

import datetime
import json
import re

import pytest

from django.utils.html import escape

from directory.choices import (
    ApplicationStatus,
    CancerScope,
    HelpType,
    Language,
    ProgramStatus,
    ReapplyRule,
    StandardDocument,
    TreatmentRequirement,
    WhoApplies,
)
from directory.models import NeedCategory, Region
from tests.factories import ProgramPageFactory, UserFactory, state

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_program(directory_page):
    """A program with every field filled, verified by a curator."""
    return ProgramPageFactory(
        parent=directory_page,
        title="Utility Relief Fund",
        summary="Pays one electric or gas bill for people in treatment.",
        description="<p>The fund pays your utility company directly.</p>",
        need_categories=list(
            NeedCategory.objects.filter(slug__in=["utility-bills", "gas-cards"])
        ),
        regions=[state("TX"), Region.objects.get(slug="kings-county-ny")],
        service_area_note="Texas and Brooklyn",
        cancer_scope=CancerScope.METASTATIC_BREAST,
        treatment_requirement=TreatmentRequirement.INCLUDES_MAINTENANCE,
        income_limit_fpl_percent=300,
        min_age=18,
        max_age=64,
        other_eligibility="You must live in the area served.",
        help_types=[HelpType.BILL_PAID, HelpType.CARD],
        award="Up to $500",
        max_award_usd=500,
        reapply_rule=ReapplyRule.YEARLY,
        reapply_note="twice in a lifetime",
        typical_turnaround="2–3 weeks",
        who_applies=WhoApplies.REFERRAL,
        application_status=ApplicationStatus.OPENS_PERIODICALLY,
        application_window="1st–15th of each month",
        application_url="https://utility-relief.example.org/apply",
        phone="(800) 555-0100",
        email="help@utility-relief.example.org",
        application_steps="<p>Ask your social worker to send the form.</p>",
        required_documents=[StandardDocument.DIAGNOSIS, StandardDocument.BILLS],
        required_documents_other="Your most recent utility bill",
        languages=[Language.ENGLISH, Language.SPANISH],
        last_verified_at=datetime.date(2026, 10, 1),
        verified_by=UserFactory(),
        verification_note="Called the fund; it is open.",
        sources="https://source.example.org/private-research",
        curator_note="Check the income limit again in spring.",
    )


def test_program_page_shows_every_field_in_plain_words(client, full_program):
    response = client.get(full_program.url)
    assert response.status_code == 200
    for text in [
        "Utility Relief Fund",
        "Pays one electric or gas bill for people in treatment.",
        "The fund pays your utility company directly.",
        "Utility bills, Gas cards",
        "Texas and Brooklyn",
        "Places listed: Kings County, NY; Texas",
        "Metastatic breast cancer only",
        "In treatment; long-term hormonal or maintenance therapy counts",
        "Household income up to 300% of the federal poverty level",
        "Ages 18 to 64",
        "You must live in the area served.",
        "A bill paid to the provider or creditor",
        "A gift or prepaid card",
        "Up to $500",
        "$500",
        "Once a year (twice in a lifetime)",
        "2–3 weeks",
        "A social worker or medical team must refer you",
        "Opens at set times · 1st–15th of each month",
        "English, Spanish",
        "Ask your social worker to send the form.",
        "Proof of diagnosis from your medical team",
        "Copies of the bills you need help with",
        "Your most recent utility bill",
        "Last verified by a curator on 1 October 2026.",
    ]:
        assert escape(text) in response.content.decode(), text
    assert b'href="https://utility-relief.example.org/apply"' in response.content
    assert b'href="tel:8005550100"' in response.content
    assert b'href="mailto:help@utility-relief.example.org"' in response.content


def test_program_page_never_shows_curator_only_fields(client, full_program):
    content = client.get(full_program.url).content.decode()
    assert "private-research" not in content
    assert "Check the income limit" not in content
    assert "Called the fund" not in content  # the verification note is curators'


def test_unverified_demo_program_says_so(client, directory_page):
    program = ProgramPageFactory(parent=directory_page, is_demo_data=True)
    content = client.get(program.url).content.decode()
    assert "Demo data — not yet verified by a curator." in content
    assert "Not yet verified by a curator." in content


def test_program_page_has_schema_org_json_ld(client, full_program):
    content = client.get(full_program.url).content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', content)
    data = json.loads(match.group(1))
    assert data["@type"] == "Service"
    assert data["name"] == "Utility Relief Fund"
    assert data["provider"]["name"] == full_program.organisation.name
    assert data["telephone"] == "(800) 555-0100"
    assert data["availableChannel"]["serviceUrl"].endswith("/apply")
    assert {area["name"] for area in data["areaServed"]} == {
        "Texas",
        "Kings County, NY",
    }
    assert data["dateModified"] == "2026-10-01"


def test_json_ld_cannot_break_out_of_its_script(client, directory_page):
    program = ProgramPageFactory(parent=directory_page, title="A </script><b>x</b>")
    content = client.get(program.url).content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', content)
    assert "\\u003C/script\\u003E" in script.group(1)


def test_directory_lists_visible_programs_with_closed_ones_last(client, directory_page):
    closed = ProgramPageFactory(
        parent=directory_page,
        title="Closed Fund",
        application_status=ApplicationStatus.CLOSED,
    )
    ProgramPageFactory(parent=directory_page, title="Open Fund")
    ProgramPageFactory(
        parent=directory_page, title="Gone Fund", status=ProgramStatus.DEFUNCT
    )
    ProgramPageFactory(parent=directory_page, title="Draft Fund", publish=False)
    private = ProgramPageFactory(parent=directory_page, title="Private Fund")
    private.view_restrictions.create(restriction_type="login")

    content = client.get(directory_page.url).content.decode()
    assert content.index("Open Fund") < content.index("Closed Fund")
    assert "Closed for now" in content
    for hidden in ["Gone Fund", "Draft Fund", "Private Fund"]:
        assert hidden not in content
    assert closed.title in content


def test_directory_paginates(client, directory_page):
    for number in range(23):
        ProgramPageFactory(parent=directory_page, title=f"Fund {number:02}")
    first = client.get(directory_page.url).content.decode()
    second = client.get(directory_page.url, {"page": "2"}).content.decode()
    assert "Page 1 of 2" in first
    assert first.count('<article class="card') == 20
    assert second.count('<article class="card') == 3
    assert client.get(directory_page.url, {"page": "nonsense"}).status_code == 200


def test_base_template_has_skip_link_and_landmarks(client, directory_page):
    content = client.get(directory_page.url).content.decode()
    assert '<a class="skip-link" href="#main">' in content
    assert '<main id="main"' in content
    assert '<nav aria-label="Main">' in content
    assert "<footer" in content
    assert '<html lang="en">' in content


def test_home_page_lists_needs_and_links_to_directory(client, directory_page):
    ProgramPageFactory(
        parent=directory_page,
        need_categories=[NeedCategory.objects.get(slug="gas-cards")],
    )
    response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Gas cards" in content
    assert "Parking" not in content  # no program helps with it: not offered
    assert 'href="/programs/"' in content


def test_search_alias_redirects_to_the_directory_keeping_the_query(
    client, directory_page
):
    response = client.get("/search/", {"q": "wigs", "state": "tx"})
    assert response.status_code == 302
    assert response["Location"] == "/programs/?q=wigs&state=tx"
    assert "no-store" in response["Cache-Control"]


def test_defunct_program_page_is_gone_and_left_out_of_the_sitemap(
    client, directory_page
):
    live = ProgramPageFactory(parent=directory_page, title="Running Fund")
    ended = ProgramPageFactory(
        parent=directory_page, title="Ended Fund", status=ProgramStatus.DEFUNCT
    )
    response = client.get(ended.url)
    assert response.status_code == 410
    content = response.content.decode()
    assert "Ended Fund has ended" in content and 'href="tel:211"' in content
    assert response["X-Robots-Tag"] == "noindex"
    sitemap = client.get("/sitemap.xml").content.decode()
    assert live.url in sitemap and ended.url not in sitemap
