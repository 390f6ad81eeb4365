"""Curators create and publish programs in the Wagtail admin and filter programs and
taxonomy there (issue "Done when" #3)."""

import csv
import datetime
import io
import re

import pytest

from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from directory.models import NeedCategory, Organisation, ProgramPage
from tests.factories import (
    OrganisationFactory,
    ProgramPageFactory,
    county,
    picked,
    state,
)

pytestmark = pytest.mark.django_db

PROGRAMS_URL = "/admin/programs/"
ORGANISATIONS_URL = "/admin/snippets/directory/organisation/"
NEEDS_URL = "/admin/snippets/directory/needcategory/"
REGIONS_URL = "/admin/snippets/directory/region/"


def need(slug):
    return NeedCategory.objects.get(slug=slug)


def add_url(directory_page):
    return f"/admin/pages/add/directory/programpage/{directory_page.pk}/"


def listed_slugs(response):
    return {obj.slug for obj in response.context["page_obj"]}


@pytest.fixture
def form_data(admin_user):
    """A valid add-form POST filling every field of ProgramPage, as the browser sends
    it: unticked checkboxes are absent and lists are repeated keys."""
    verified = timezone.localdate() - datetime.timedelta(days=3)
    return {
        **nested_form_data(
            {"comments": inline_formset([]), "ways_to_help": inline_formset([])}
        ),
        "title": "Lone Star Fuel Fund",
        "slug": "lone-star-fuel-fund",
        "organisation": OrganisationFactory(name="Lone Star Cancer Aid").pk,
        "summary": "Gas cards for driving to treatment in Harris County.",
        "description": rich_text("<p>Fuel cards for <b>driving</b> to treatment.</p>"),
        "need_categories": [need("gas-cards").pk, need("rides-to-treatment").pk],
        "regions": picked(state("tx"), county("harris-county-tx")),
        "service_area_note": "Greater Houston",
        "cancer_scope": "metastatic-breast",
        "treatment_requirement": "includes-maintenance",
        "income_limit_fpl_percent": "300",
        "min_age": "18",
        "max_age": "64",
        "other_eligibility": "Texas residents only.",
        "help_types": ["gift-or-prepaid-card", "cash"],
        "award": "Up to $200",
        "max_award_usd": "200",
        "reapply_rule": "yearly",
        "reapply_note": "Once every 12 months.",
        "typical_turnaround": "2–3 weeks",
        "who_applies": "referral",
        "application_status": "open",
        "application_window": "1st–15th of each month",
        "application_url": "https://lonestar.example.org/apply",
        "phone": "713-555-0100",
        "email": "help@lonestar.example.org",
        "application_steps": rich_text("<ol><li>Ask your social worker.</li></ol>"),
        "required_documents": ["diagnosis", "residence"],
        "required_documents_other": "A utility bill",
        "languages": ["en", "es"],
        "last_verified_at": verified.isoformat(),
        "verified_by": admin_user.pk,
        "verification_note": "Called on Monday; fund open.",
        "status": "active",
        "is_demo_data": "on",
        "sources": "https://lonestar.example.org/",
        "curator_note": "Ask about a second card.",
        "external_id": "lsff-001",
        "action-publish": "action-publish",
    }


def test_curator_publishes_program_with_every_field(
    admin_client, client, admin_user, directory_page, form_data
):
    response = admin_client.post(add_url(directory_page), form_data)

    assert response.status_code == 302, response.context["form"].errors
    page = ProgramPage.objects.get(slug="lone-star-fuel-fund")
    assert page.live
    assert page.get_parent().specific == directory_page
    text_fields = [
        "title", "summary", "service_area_note", "cancer_scope",
        "treatment_requirement", "other_eligibility", "award", "reapply_rule",
        "reapply_note", "typical_turnaround", "who_applies", "application_status",
        "application_window", "application_url", "phone", "email",
        "required_documents_other", "verification_note", "status", "sources",
        "curator_note", "external_id",
    ]  # fmt: skip
    assert {name: getattr(page, name) for name in text_fields} == {
        name: form_data[name] for name in text_fields
    }
    assert page.organisation.name == "Lone Star Cancer Aid"
    assert "Fuel cards for <b>driving</b> to treatment." in page.description
    assert page.application_steps.startswith("<ol><li")
    assert "Ask your social worker.</li></ol>" in page.application_steps
    assert {n.slug for n in page.need_categories.all()} == {
        "gas-cards",
        "rides-to-treatment",
    }
    assert page.nationwide is False
    assert {r.slug for r in page.regions.all()} == {"tx", "harris-county-tx"}
    assert (page.income_limit_fpl_percent, page.min_age, page.max_age) == (300, 18, 64)
    assert page.max_award_usd == 200
    # List fields are stored in the vocabulary's order, whatever the submitted order.
    assert page.help_types == ["cash", "gift-or-prepaid-card"]
    assert page.required_documents == ["diagnosis", "residence"]
    assert page.languages == ["en", "es"]
    assert page.last_verified_at.isoformat() == form_data["last_verified_at"]
    assert page.verified_by == admin_user
    assert page.is_demo_data is True

    public = client.get(page.url)
    assert public.status_code == 200
    assert "Lone Star Fuel Fund" in public.content.decode()


def way(**changes):
    """One way to help as the editor's Ways to help tab posts it."""
    return {
        "kind": "volunteer",
        "role": "driver",
        "next_step": "Sign up to drive patients to treatment",
        "what": "",
        "item_condition": "not-stated",
        "send_to": "",
        "requirements": "A valid driver's licence",
        "reach": "places",
        "places": picked(county("harris-county-tx")),
        "url": "https://lonestar.example.org/drive",
        "source_url": "https://lonestar.example.org/volunteer",
        **changes,
    }


def with_ways(form_data, *ways):
    return {
        **form_data,
        **nested_form_data({"ways_to_help": inline_formset(list(ways))}),
    }


def test_curator_adds_ways_to_help_in_their_own_tab(
    admin_client, directory_page, form_data
):
    money = way(
        kind="money",
        role="",
        next_step="Give to the fuel fund",
        reach="remote",
        places="",
        whole_organisation="on",
    )
    response = admin_client.post(
        add_url(directory_page), with_ways(form_data, way(), money)
    )

    assert response.status_code == 302, response.context["form"].formsets
    page = ProgramPage.objects.get(slug="lone-star-fuel-fund")
    driving, giving = page.ways_to_help.all()
    assert (driving.kind, driving.role, driving.reach) == (
        "volunteer",
        "driver",
        "places",
    )
    assert [place.slug for place in driving.places.all()] == ["harris-county-tx"]
    assert (giving.kind, giving.whole_organisation, giving.places.count()) == (
        "money",
        True,
        0,
    )
    edit = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Ways to help" in edit
    assert "Sign up to drive patients to treatment" in edit


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"role": ""}, "role", "Say what volunteers do"),
        ({"kind": "money"}, "role", "Only a volunteer way to help has a role"),
        ({"kind": "items", "role": ""}, "what", "Say which items to give"),
        ({"places": ""}, "places", "Choose the states or counties"),
        ({"reach": "remote"}, "places", "Places are only for"),
        ({"source_url": ""}, "source_url", "This field is required"),
    ],
    ids=[
        "volunteer-without-role",
        "role-on-money",
        "items-without-what",
        "places-without-places",
        "places-on-remote",
        "no-source",
    ],
)
def test_a_way_to_help_breaking_a_rule_is_refused_with_its_message(
    admin_client, directory_page, form_data, changes, field, message
):
    response = admin_client.post(
        add_url(directory_page), with_ways(form_data, way(**changes))
    )

    assert response.status_code == 200
    formset = response.context["form"].formsets["ways_to_help"]
    assert message in " ".join(formset.forms[0].errors.get(field, []))
    assert not ProgramPage.objects.filter(slug="lone-star-fuel-fund").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        pytest.param(
            {"need_categories": None},
            "need_categories",
            "Choose at least one need this program helps with.",
            id="no-need-category",
        ),
        pytest.param(
            {"nationwide": "on"},
            "regions",
            "A nationwide program serves everywhere",
            id="nationwide-and-regions",
        ),
        pytest.param(
            {"regions": None},
            "regions",
            "Tick “Nationwide” or choose the states or counties served.",
            id="neither-nationwide-nor-regions",
        ),
        pytest.param(
            {"min_age": "70", "max_age": "18"},
            "max_age",
            "The oldest age served must not be below the youngest.",
            id="min-age-above-max-age",
        ),
        pytest.param(
            {"slug": "need"},
            "slug",
            "“need” is reserved for directory addresses",
            id="reserved-slug",
        ),
    ],
)
def test_add_form_rejects_invalid_program(
    admin_client, directory_page, form_data, changes, field, message
):
    form_data.update(changes)
    data = {key: value for key, value in form_data.items() if value is not None}

    response = admin_client.post(add_url(directory_page), data)

    assert response.status_code == 200
    assert not ProgramPage.objects.exists()
    assert any(message in error for error in response.context["form"].errors[field])
    assert message in response.content.decode()


@pytest.fixture
def listed_programs(directory_page):
    """Three programs that differ in every curator filter."""
    today = timezone.localdate()
    return [
        ProgramPageFactory(
            parent=directory_page,
            title="Lone Star Fuel Fund",
            need_categories=[need("gas-cards")],
            regions=[county("harris-county-tx")],
            application_status="open",
            last_verified_at=today - datetime.timedelta(days=10),
        ),
        ProgramPageFactory(
            parent=directory_page,
            title="Golden State Groceries",
            need_categories=[need("groceries-and-meals")],
            regions=[state("ca")],
            application_status="closed",
            last_verified_at=today - datetime.timedelta(days=400),
        ),
        ProgramPageFactory(
            parent=directory_page,
            title="Coast To Coast Grants",
            need_categories=[need("cash-grants")],
            application_status="waitlist",
            last_verified_at=None,
        ),
    ]


FUEL, GROCERIES, GRANTS = (
    "Lone Star Fuel Fund",
    "Golden State Groceries",
    "Coast To Coast Grants",
)


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        pytest.param({}, [FUEL, GROCERIES, GRANTS], [], id="unfiltered"),
        pytest.param({"need": "gas-cards"}, [FUEL], [GROCERIES, GRANTS], id="need"),
        pytest.param({"state": "tx"}, [FUEL], [GROCERIES], id="state-via-county"),
        pytest.param({"state": "ca"}, [GROCERIES], [FUEL], id="state-itself"),
        pytest.param(
            {"application_status": "closed"},
            [GROCERIES],
            [FUEL, GRANTS],
            id="application-status-closed",
        ),
        pytest.param(
            {"verification_age": "recent"},
            [FUEL],
            [GROCERIES, GRANTS],
            id="verified-recently",
        ),
        pytest.param(
            {"verification_age": "stale"},
            [GROCERIES, GRANTS],
            [FUEL],
            id="verification-stale-includes-never",
        ),
        pytest.param(
            {"verification_age": "never"},
            [GRANTS],
            [FUEL, GROCERIES],
            id="never-verified",
        ),
        pytest.param({"q": "fuel"}, [FUEL], [GROCERIES, GRANTS], id="search"),
    ],
)
def test_program_listing_shows_only_programs_matching_filter(
    admin_client, listed_programs, params, shown, hidden
):
    # Needs and states are chosen by primary key in the admin's filter form.
    if "need" in params:
        params = {**params, "need": need(params["need"]).pk}
    if "state" in params:
        params = {**params, "state": state(params["state"]).pk}

    response = admin_client.get(PROGRAMS_URL, params)

    assert response.status_code == 200
    html = response.content.decode()
    for title in shown:
        assert title in html
    for title in hidden:
        assert title not in html


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        pytest.param({"q": "pink"}, ["Pink Fund"], ["Quiet Helpers"], id="search"),
        pytest.param(
            {"has_website": "true"}, ["Pink Fund"], ["Quiet Helpers"], id="website"
        ),
        pytest.param(
            {"has_website": "false"}, ["Quiet Helpers"], ["Pink Fund"], id="no-website"
        ),
    ],
)
def test_organisation_listing_shows_only_matching_organisations(
    admin_client, params, shown, hidden
):
    OrganisationFactory(name="Pink Fund")
    Organisation.objects.create(name="Quiet Helpers")

    response = admin_client.get(ORGANISATIONS_URL, params)

    assert response.status_code == 200
    names = {org.name for org in response.context["page_obj"]}
    assert names >= set(shown)
    assert not names & set(hidden)


def test_need_category_listing_filters_by_group(admin_client):
    group = need("money-and-bills")

    response = admin_client.get(NEEDS_URL, {"group": group.pk})

    assert listed_slugs(response) == {
        "cash-grants",
        "utility-bills",
        "rent-and-mortgage",
        "car-payments-and-insurance",
        "medical-bills-and-copays",
        "insurance-premiums",
    }


def test_need_category_listing_shows_groups_only(admin_client):
    response = admin_client.get(NEEDS_URL, {"is_group": "true"})

    assert listed_slugs(response) == set(
        NeedCategory.objects.groups().values_list("slug", flat=True)
    )
    assert "money-and-bills" in listed_slugs(response)


def test_need_category_search_matches_name(admin_client):
    response = admin_client.get(NEEDS_URL, {"q": "wigs"})

    assert listed_slugs(response) == {"wigs-and-head-coverings"}


def test_region_listing_filters_states(admin_client):
    response = admin_client.get(REGIONS_URL, {"kind": "state"})

    assert response.context["paginator"].count == 56
    assert {region.kind for region in response.context["page_obj"]} == {"state"}


def test_region_listing_shows_only_counties_of_chosen_state(admin_client):
    response = admin_client.get(REGIONS_URL, {"state": state("de").pk})

    assert listed_slugs(response) == {
        "kent-county-de",
        "new-castle-county-de",
        "sussex-county-de",
    }


def test_region_search_finds_counties_by_name(admin_client):
    response = admin_client.get(REGIONS_URL, {"q": "harris"})

    slugs = listed_slugs(response)
    assert {"harris-county-tx", "harris-county-ga"} <= slugs
    assert all("harris" in slug for slug in slugs)
    assert "Harris County, TX" in response.content.decode()


def test_region_search_combines_with_state_filter(admin_client):
    response = admin_client.get(REGIONS_URL, {"q": "harris", "state": state("tx").pk})

    assert listed_slugs(response) == {"harris-county-tx", "harrison-county-tx"}


def need_form(category, **changes):
    data = {
        "name": category.name,
        "slug": category.slug,
        "parent": category.parent_id or "",
        "description": category.description,
        "sort_order": category.sort_order,
        "search_words": category.search_words,
    }
    return {**data, **changes}


def test_a_word_a_curator_adds_to_a_need_finds_its_programs_at_once(
    admin_client, client, directory_page
):
    rides = need("rides-to-treatment")
    ProgramPageFactory(
        parent=directory_page, title="Harbor Drivers", need_categories=[rides]
    )
    # A word no program uses and no need has yet: nothing.
    assert "Harbor Drivers" not in client.get("/programs/", {"q": "jitney"}).text
    words = rides.search_words + "\n  Jitney  \njitney\n\n"
    response = admin_client.post(
        f"{NEEDS_URL}edit/{rides.pk}/", need_form(rides, search_words=words)
    )
    assert response.status_code == 302
    rides.refresh_from_db()
    assert rides.search_words.endswith("\nJitney")  # trimmed, repeats dropped
    page = client.get("/programs/", {"q": "jitney"}).text
    assert "Harbor Drivers" in page
    assert "Showing programs for <strong>Rides to treatment</strong>" in page


def test_a_group_cannot_carry_words_and_a_long_line_is_refused(admin_client):
    group = need("money-and-bills")
    response = admin_client.post(
        f"{NEEDS_URL}edit/{group.pk}/", need_form(group, search_words="bills")
    )
    assert response.status_code == 200
    assert "Groups have no words of their own" in response.text
    grants = need("cash-grants")
    response = admin_client.post(
        f"{NEEDS_URL}edit/{grants.pk}/",
        need_form(grants, search_words="money\n" + "x" * 61),
    )
    assert "at most 60 characters" in response.text
    grants.refresh_from_db()
    assert "x" * 61 not in grants.search_words


STALE_URL = "/admin/directory-reports/stale/"


@pytest.fixture
def stale_listings(directory_page):
    """One listing verified long ago, with a website; one never verified, without."""
    old = ProgramPageFactory(
        parent=directory_page,
        title="Old Rent Fund",
        organisation=OrganisationFactory(
            name="Old Helpers", website="https://old.example.org"
        ),
        application_status="waitlist",
        last_verified_at=datetime.date(2020, 3, 4),
    )
    never = ProgramPageFactory(
        parent=directory_page,
        title="Unchecked Fund",
        organisation=OrganisationFactory(name="Quiet Helpers", website=""),
        application_status="closed",
        last_verified_at=None,
    )
    return old, never


def stale_rows(response):
    """The report's table as lists of cell texts, headings first."""
    html = response.content.decode()
    table = re.search(r'<table class="listing">(.*?)</table>', html, re.S).group(1)
    rows = re.findall(r"<tr.*?>(.*?)</tr>", table, re.S)
    return [
        [
            re.sub(r"<.*?>|\s+", " ", cell).strip()
            for cell in re.findall(r"<t[hd].*?>(.*?)</t[hd]>", row, re.S)
        ]
        for row in rows
    ]


def test_the_stale_report_shows_last_verified_website_and_status(
    admin_client, stale_listings
):
    response = admin_client.get(STALE_URL)
    rows = stale_rows(response)
    assert rows[0] == ["Title", "Organisation", "Website", "Status", "Last verified"]
    assert [
        "Old Rent Fund",
        "Old Helpers",
        "https://old.example.org",
        "Waitlist",
        "4 Mar 2020",
    ] in rows
    assert ["Unchecked Fund", "Quiet Helpers", "—", "Closed", "Never"] in rows
    assert 'href="https://old.example.org"' in response.content.decode()


def test_the_stale_report_exports_last_verified_website_and_status(
    admin_client, stale_listings
):
    export = admin_client.get(STALE_URL, {"export": "csv"})
    content = b"".join(export.streaming_content).decode()
    rows = {row["Title"]: row for row in csv.DictReader(io.StringIO(content))}
    assert rows["Old Rent Fund"]["Last verified"] == "2020-03-04"
    assert rows["Old Rent Fund"]["Website"] == "https://old.example.org"
    assert rows["Old Rent Fund"]["Status"] == "Waitlist"
    assert rows["Unchecked Fund"]["Last verified"] == "Never"
    assert rows["Unchecked Fund"]["Website"] == ""
    assert rows["Unchecked Fund"]["Status"] == "Closed"


def test_line_breaks_typed_in_the_editor_are_stored_as_in_an_export(
    admin_client, directory_page, form_data
):
    """A browser's text box sends "\r\n": stored as "\n", a program saved in the
    editor reads the same as its exported file, so re-importing it changes
    nothing."""
    sources = "https://one.example.org/\r\nhttps://two.example.org/"
    response = admin_client.post(
        add_url(directory_page), {**form_data, "sources": sources}
    )

    assert response.status_code == 302
    page = ProgramPage.objects.get(slug="lone-star-fuel-fund")
    assert page.sources == "https://one.example.org/\nhttps://two.example.org/"
    revision = page.get_latest_revision_as_object()
    assert revision.sources == page.sources
