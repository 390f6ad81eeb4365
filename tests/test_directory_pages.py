"""What patients see on the public pages: home, the directory list and a program."""

import datetime
import json
import re

import pytest

from django.utils.html import escape, strip_tags

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
from directory.models import NeedCategory, Region, WayToHelp
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
        "Verified by a curator on 1 October 2026.",
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


def main_html(response):
    """The page's own part, between <main> and </main>, in lower case."""
    content = response.content.decode()
    return content[content.index("<main") : content.index("</main>")].lower()


def main_text(response):
    """The words a patient reads in the page's own part (no markup)."""
    return strip_tags(main_html(response))


def test_unverified_demo_program_says_so_once(client, directory_page):
    program = ProgramPageFactory(parent=directory_page, is_demo_data=True)
    text = main_text(client.get(program.url))
    assert "demo data — not yet verified by a curator." in text
    assert "check with the program before you apply" in text
    assert text.count("verified") == 1


@pytest.mark.parametrize("is_demo_data", [True, False], ids=["demo", "partner"])
def test_verification_is_stated_once(client, full_program, is_demo_data):
    full_program.is_demo_data = is_demo_data
    full_program.save_revision().publish()
    text = main_text(client.get(full_program.url))
    assert text.count("verified") == 1
    assert "verified by a curator on 1 october 2026." in text
    assert "demo data" not in text  # verified: the demo notice has gone

    full_program.last_verified_at = None
    full_program.save_revision().publish()
    text = main_text(client.get(full_program.url))
    assert text.count("verified") == 1
    assert ("demo data" in text) is is_demo_data


def test_unknown_values_are_left_out(client, directory_page):
    """A fact appears only when it says something: no "Not known", "Not stated"."""
    program = ProgramPageFactory(
        parent=directory_page,
        treatment_requirement=TreatmentRequirement.UNKNOWN,
        reapply_rule=ReapplyRule.UNKNOWN,
        application_status=ApplicationStatus.UNKNOWN,
    )
    html = main_html(client.get(program.url))
    for noise in ["not known", "not stated", "<dt>treatment", "<dt>how often"]:
        assert noise not in html, noise
    assert "<dt>applications" not in html
    assert "<dt>diagnosis</dt>" in html and "<dt>who applies</dt>" in html


def test_an_unknown_value_keeps_the_details_that_go_with_it(client, directory_page):
    program = ProgramPageFactory(
        parent=directory_page,
        reapply_rule=ReapplyRule.UNKNOWN,
        reapply_note="up to 3 times a year",
        application_status=ApplicationStatus.UNKNOWN,
        application_window="1st–15th of each month",
    )
    html = main_html(client.get(program.url))
    assert "<dt>how often</dt><dd>up to 3 times a year</dd>" in html
    assert "<dt>when to apply</dt><dd>1st–15th of each month</dd>" in html
    assert "not stated" not in html and "not known" not in html


def test_apply_call_and_email_come_right_after_the_summary(client, full_program):
    content = client.get(full_program.url).content.decode()
    summary = content.index("Pays one electric or gas bill")
    actions = content.index('class="action-box"')
    apply_link = content.index('href="https://utility-relief.example.org/apply"')
    call = content.index('href="tel:8005550100">Call (800) 555-0100</a>')
    email = content.index('href="mailto:help@utility-relief.example.org"')
    save = content.index(f'action="/my-list/save/{full_program.pk}/"')
    about = content.index('id="about-heading"')
    assert summary < actions < apply_link < call < email < save < about
    assert content.count('href="tel:8005550100"') == 1  # not repeated further down
    assert "action-box__primary" in content[apply_link - 80 : apply_link]


def test_without_a_link_call_is_the_primary_action(client, directory_page):
    program = ProgramPageFactory(parent=directory_page, phone="555-0199")
    content = client.get(program.url).content.decode()
    assert 'class="button action-box__primary" href="tel:5550199"' in content


def test_without_any_contact_the_organisation_or_how_to_apply_is_offered(
    client, directory_page
):
    with_site = ProgramPageFactory(parent=directory_page)
    content = client.get(with_site.url).content.decode()
    assert f'href="{with_site.organisation.website}" rel="external">Visit their' in (
        content
    )
    with_site.organisation.website = ""
    with_site.organisation.save()
    content = client.get(with_site.url).content.decode()
    assert (
        'This listing has no link or phone number yet: see <a href="#apply-heading"'
        in (content)
    )


def test_share_box_holds_the_plain_address_and_a_hidden_copy_button(
    client, full_program
):
    content = client.get(full_program.url, {"q": "zephyr bill"}).content.decode()
    assert (
        f'<input class="share__url" id="share-url" type="text" '
        f'value="http://testserver{full_program.url}" readonly>'
    ) in content
    assert (
        '<button type="button" class="button button--secondary" '
        'data-copy-target="#share-url" hidden>Copy link</button>'
    ) in content


def test_back_to_results_is_made_by_script_so_the_page_stays_cacheable(
    client, full_program
):
    """The page never reads Referer: the same HTML for everyone, still publicly
    cacheable; program.js turns the hidden link into "Back to your results"."""
    plain = client.get(full_program.url)
    from_search = client.get(
        full_program.url, HTTP_REFERER="http://testserver/programs/?q=rent&zip=10001"
    )
    from_elsewhere = client.get(
        full_program.url, HTTP_REFERER="https://evil.example.com/programs/"
    )
    assert (
        without_csrf_token(plain)
        == without_csrf_token(from_search)
        == without_csrf_token(from_elsewhere)
    )
    for response in (plain, from_search):
        assert "Referer" not in response.get("Vary", "")
        assert "private" not in response.get("Cache-Control", "")
        assert "no-store" not in response.get("Cache-Control", "")
    content = plain.content.decode()
    assert (
        '<a class="breadcrumb__back" data-back-to-results hidden>'
        "Back to your results</a>"
    ) in content
    assert '<a href="/programs/" data-directory>All programs</a>' in content
    assert '<script src="/static/js/program.js" defer></script>' in content
    assert "rent&amp;zip" not in content and "rent&zip" not in content


def without_csrf_token(response):
    """The page with its CSRF token (different in every response) taken out."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.text)


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


def test_program_page_shows_its_ways_to_help_for_friends_and_volunteers(
    client, directory_page
):
    program = ProgramPageFactory(parent=directory_page, title="Caps for Comfort")
    driving = WayToHelp(
        kind="volunteer",
        role="driver",
        requirements="A valid driver's licence",
        next_step="Sign up to drive patients to treatment",
        reach="places",
        source_url="https://caps.example.org/volunteer",
    )
    driving.places = [state("TX")]
    program.ways_to_help = [
        WayToHelp(
            kind="items",
            what="Soft knitted or crocheted caps",
            item_condition="handmade",
            send_to="Caps for Comfort, PO Box 1, Austin, TX",
            next_step="Knit caps to their guidelines and mail them in",
            reach="remote",
            url="https://caps.example.org/guidelines",
            source_url="https://caps.example.org/guidelines",
        ),
        driving,
    ]
    program.save_revision().publish()

    html = client.get(program.url).content.decode()
    section = html[html.index('id="ways-heading"') :]
    assert "Knit caps to their guidelines and mail them in" in section
    assert "Soft knitted or crocheted caps" in section
    assert "<dt>Condition</dt><dd>Handmade</dd>" in section
    assert "Caps for Comfort, PO Box 1, Austin, TX" in section
    assert 'href="https://caps.example.org/guidelines" rel="noopener"' in section
    assert "Volunteer: Driver" in section
    assert "A valid driver&#x27;s licence" in section
    assert "In person in Texas" in section
    # The curators' source is not shown to the public.
    assert "caps.example.org/volunteer" not in html


def test_program_page_without_ways_to_help_has_no_such_section(client, full_program):
    assert 'id="ways-heading"' not in client.get(full_program.url).content.decode()
