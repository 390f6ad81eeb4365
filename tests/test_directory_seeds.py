"""The seed taxonomy: need categories and every US region the zipcodes data names."""

import pytest
import zipcodes

from django.db.models import Count

from directory import geo
from directory.models import NeedCategory, Region
from directory.seeds import NEED_GROUPS, seed_need_categories, seed_regions

pytestmark = pytest.mark.django_db

TERRITORIES = {"DC", "PR", "GU", "VI", "AS", "MP"}


def test_regions_hold_country_states_and_counties():
    counts = dict(Region.objects.values_list("kind").annotate(n=Count("id")))
    assert counts == {"country": 1, "state": 56, "county": 3228}


def test_states_are_the_fifty_dc_and_inhabited_territories():
    codes = set(Region.objects.states().values_list("code", flat=True))
    assert len(codes) == 56
    assert codes >= TERRITORIES
    assert codes - TERRITORIES == set(geo.STATES) - TERRITORIES
    assert all(
        parent == "us"
        for parent in Region.objects.states().values_list("parent__slug", flat=True)
    )


def test_every_county_the_zipcodes_data_names_is_under_its_state():
    named = {
        (record["state"], geo.county_slug(record["state"], record["county"]))
        for record in zipcodes.list_all()
        if record["state"] in geo.STATES and record["county"].strip()
    }
    stored = set(Region.objects.counties().values_list("parent__code", "slug"))
    assert stored == named


def test_county_spellings_are_merged():
    assert Region.objects.get(slug="st-clair-county-al").name == "St. Clair County"
    assert Region.objects.get(slug="carolina-municipio-pr").parent.code == "PR"
    assert not Region.objects.filter(name="Carolina").exists()


def test_need_categories_match_the_design():
    groups = NeedCategory.objects.groups()
    assert [group.name for group in groups] == [name for name, _ in NEED_GROUPS]
    assert NeedCategory.objects.categories().count() == sum(
        len(categories) for _, categories in NEED_GROUPS
    )
    assert (
        NeedCategory.objects.get(slug="gas-cards").parent.slug == "getting-to-treatment"
    )


def test_seeding_again_changes_nothing():
    before = (Region.objects.count(), NeedCategory.objects.count())
    NeedCategory.objects.filter(slug="gas-cards").update(name="Fuel cards")
    seed_need_categories(NeedCategory)
    seed_regions(Region)
    assert (Region.objects.count(), NeedCategory.objects.count()) == before
    assert NeedCategory.objects.get(slug="gas-cards").name == "Fuel cards"
