"""Page-tree rules and model validation of the directory."""

import datetime

import pytest

from django.core.exceptions import ValidationError

from wagtail.test.utils import WagtailTestUtils

from directory.choices import HelpType, Language, RegionKind, StandardDocument
from directory.models import (
    DirectoryIndexPage,
    NeedCategory,
    Organisation,
    ProgramPage,
    Region,
)
from home.models import HomePage
from resources.models import ResourceIndexPage, ResourcePage
from tests.factories import OrganisationFactory, ProgramPageFactory, state

pytestmark = pytest.mark.django_db


class TestPageTree(WagtailTestUtils):
    def test_home_allows_only_directory_and_guides(self):
        assert set(HomePage.allowed_subpage_models()) == {
            DirectoryIndexPage,
            ResourceIndexPage,
        }

    def test_directory_holds_only_programs(self):
        assert DirectoryIndexPage.allowed_subpage_models() == [ProgramPage]
        assert ProgramPage.allowed_parent_page_models() == [DirectoryIndexPage]

    def test_programs_and_guides_are_leaves(self):
        assert ProgramPage.allowed_subpage_models() == []
        assert ResourcePage.allowed_subpage_models() == []

    @pytest.mark.parametrize(
        "model",
        [HomePage, DirectoryIndexPage, ResourceIndexPage],
        ids=lambda m: m.__name__,
    )
    def test_singletons_cannot_be_created_twice(
        self, model, directory_page, guides_page
    ):
        parent = directory_page.get_parent()
        if model is HomePage:
            parent = parent.get_parent()
        assert not model.can_create_at(parent)


def test_reserved_slug_is_refused(directory_page):
    program = ProgramPageFactory(parent=directory_page)
    program.slug = "need"
    with pytest.raises(ValidationError) as error:
        program.full_clean()
    assert "reserved" in str(error.value.message_dict["slug"])


def test_age_range_must_not_be_inverted(directory_page):
    program = ProgramPageFactory(parent=directory_page)
    program.min_age, program.max_age = 65, 18
    with pytest.raises(ValidationError) as error:
        program.full_clean()
    assert "max_age" in error.value.message_dict


def test_verification_date_cannot_be_in_the_future(directory_page):
    program = ProgramPageFactory(parent=directory_page)
    program.last_verified_at = datetime.date.today() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError) as error:
        program.full_clean()
    assert "last_verified_at" in error.value.message_dict


def test_summary_is_limited_to_240_characters(directory_page):
    program = ProgramPageFactory(parent=directory_page)
    program.summary = "x" * 241
    with pytest.raises(ValidationError) as error:
        program.full_clean()
    assert "summary" in error.value.message_dict


def test_list_fields_refuse_unknown_values_and_keep_vocabulary_order(directory_page):
    program = ProgramPageFactory(parent=directory_page)
    program.help_types = ["teleport"]
    with pytest.raises(ValidationError) as error:
        program.full_clean()
    assert "help_types" in error.value.message_dict

    program.help_types = [HelpType.SERVICE, HelpType.CASH]
    program.languages = [Language.SPANISH, Language.ENGLISH]
    program.required_documents = [StandardDocument.INCOME, StandardDocument.DIAGNOSIS]
    program.save()
    program.refresh_from_db()
    assert program.help_types == ["cash", "service"]
    assert program.languages == ["en", "es"]
    assert program.required_documents == ["diagnosis", "income"]


def test_ein_must_have_nine_digits():
    organisation = OrganisationFactory.build(ein="12-34")
    with pytest.raises(ValidationError):
        organisation.full_clean()
    OrganisationFactory.build(ein="12-3456789").full_clean()


def test_need_categories_have_two_levels_only():
    category = NeedCategory.objects.get(slug="gas-cards")
    third_level = NeedCategory(name="Diesel", slug="diesel", parent=category)
    with pytest.raises(ValidationError):
        third_level.full_clean()


def test_group_with_categories_cannot_move_under_another_group():
    group = NeedCategory.objects.get(slug="lodging")
    group.parent = NeedCategory.objects.get(slug="money-and-bills")
    with pytest.raises(ValidationError):
        group.full_clean()


@pytest.mark.parametrize(
    ("kind", "parent_slug", "code", "ok"),
    [
        (RegionKind.COUNTY, "tx", "", True),
        (RegionKind.COUNTY, "us", "", False),
        (RegionKind.STATE, "us", "ZZ", True),
        (RegionKind.STATE, "us", "", False),
        (RegionKind.STATE, "tx", "ZZ", False),
    ],
    ids=[
        "county-under-state",
        "county-under-country",
        "state-under-country",
        "state-without-code",
        "state-under-state",
    ],
)
def test_region_must_sit_at_its_level(kind, parent_slug, code, ok):
    region = Region(
        name="Somewhere",
        slug="somewhere",
        kind=kind,
        code=code,
        parent=Region.objects.get(slug=parent_slug),
    )
    if ok:
        region.full_clean()
    else:
        with pytest.raises(ValidationError):
            region.full_clean()


def test_area_served_in_plain_words(directory_page):
    nationwide = ProgramPageFactory(parent=directory_page)
    local = ProgramPageFactory(
        parent=directory_page,
        regions=[state("TX"), Region.objects.get(slug="kings-county-ny")],
        service_area_note="Texas and Brooklyn",
    )
    assert nationwide.area_served() == "Anywhere in the United States"
    assert local.area_served() == "Texas and Brooklyn"
    assert local.places_listed() == "Kings County, NY; Texas"


def test_organisation_deletion_is_protected_while_it_runs_programs(directory_page):
    program = ProgramPageFactory(parent=directory_page)
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        Organisation.objects.filter(pk=program.organisation_id).delete()


def test_organisation_matching_prefers_the_exact_name_then_the_website():
    exact = OrganisationFactory(name="Case Org", website="https://one.example.org")
    shouting = OrganisationFactory(name="CASE ORG", website="https://two.example.org")
    assert Organisation.objects.matching("CASE ORG") == shouting
    assert Organisation.objects.matching("Case Org") == exact
    assert Organisation.objects.matching("case org") in {exact, shouting}
    assert (
        Organisation.objects.matching("Renamed", "https://www.two.example.org/x")
        == shouting
    )
    assert Organisation.objects.matching("Nobody", "https://none.example.org") is None


def test_the_country_is_never_a_place_and_a_state_is_whole_or_in_part(db):
    from directory.program_fields import rule_problems

    country = Region.objects.get(kind=RegionKind.COUNTRY)
    codes = [
        problem.code
        for problem in rule_problems({"nationwide": False, "regions": [country]})
    ]
    assert codes == ["country_as_region"]
    texas = state("TX")
    both = rule_problems(
        {"nationwide": False, "regions": [texas], "partial_states": [texas]}
    )
    assert [problem.field for problem in both] == ["partial_states"]
    only_parts = rule_problems(
        {"nationwide": False, "regions": [], "partial_states": [texas]}
    )
    assert only_parts == []


def test_a_listing_with_the_country_among_its_places_reads_as_nationwide(
    directory_page,
):
    from search.backends import get_backend
    from search.query import SearchQuery

    program = ProgramPageFactory(
        parent=directory_page,
        title="Everywhere Fund",
        regions=[Region.objects.get(kind=RegionKind.COUNTRY)],
    )
    assert program.area_served() == "Anywhere in the United States"
    hits = get_backend().search(SearchQuery(state="ND")).hits
    hit = next(hit for hit in hits if hit.title == "Everywhere Fund")
    assert hit.serves_part_of == ""


def test_no_income_limit_and_a_limit_are_not_both_set():
    from directory.program_fields import rule_problems

    both = rule_problems({"no_income_limit": True, "income_limit_fpl_percent": 300})
    assert [problem.field for problem in both] == ["no_income_limit"]
    assert not rule_problems({"no_income_limit": True})
    assert not rule_problems({"income_limit_fpl_percent": 300})


def test_demo_programs_that_say_so_are_marked_as_having_no_income_limit(
    directory_page,
):
    """The migration's marking, on demo data loaded before the field existed."""
    import importlib

    from django.apps import apps

    mark = importlib.import_module(
        "directory.migrations.0020_no_income_limit"
    ).mark_demo_programs
    wigs = ProgramPageFactory(
        parent=directory_page, external_id="demo-037", is_demo_data=True
    )
    other = ProgramPageFactory(
        parent=directory_page, external_id="demo-001", is_demo_data=True
    )
    mark(apps, None)
    wigs.refresh_from_db()
    other.refresh_from_db()
    assert wigs.no_income_limit and not other.no_income_limit
    assert wigs.get_latest_revision().content["no_income_limit"] is True
