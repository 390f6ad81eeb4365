"""The program editor's places picker: found by typing, grouped by state, one region
per place (duplicate spellings merged, new ones refused)."""

import importlib

import pytest

from django.apps import apps
from django.core.exceptions import ValidationError

from wagtail.models import Revision

from directory import geo
from directory.models import PickablePlace, ProgramPage, Region
from search.models import PendingIndexUpdate, ProgramSearchCounty
from tests.factories import ProgramPageFactory, county, state

pytestmark = pytest.mark.django_db

SEARCH_URL = "/admin/autocomplete/search/"
OBJECTS_URL = "/admin/autocomplete/objects/"


def found(client, query, kind="directory.pickableplace"):
    response = client.post(SEARCH_URL, {"query": query, "type": kind})
    assert response.status_code == 200
    return [item["title"] for item in response.json()["items"]]


def test_typing_a_county_finds_it_with_its_state(admin_client):
    assert found(admin_client, "travis") == ["Travis County, Texas"]
    assert found(admin_client, "harris tx") == [
        "Harris County, Texas",
        "Harrison County, Texas",
    ]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("dewitt", {"De Witt County, Illinois", "DeWitt County, Texas"}),
        ("de witt", {"De Witt County, Illinois", "DeWitt County, Texas"}),
        ("saint clair alabama", {"St. Clair County, Alabama"}),
        ("st clair alabama", {"St. Clair County, Alabama"}),
        ("doña ana", {"Dona Ana County, New Mexico"}),
        ("obrien", {"O'Brien County, Iowa"}),
    ],
)
def test_other_spellings_find_the_place(admin_client, typed, expected):
    assert set(found(admin_client, typed)) == expected


def test_matches_are_grouped_by_state_the_state_first(admin_client):
    titles = found(admin_client, "washington")
    assert titles[0] == "Washington (state)"
    named = [title for title in titles if title.startswith("Washington County")]
    assert named == sorted(named, key=lambda title: title.split(", ")[-1])
    assert len(named) > 20
    texas = found(admin_client, "texas")
    assert texas[:3] == [
        "Texas (state)",
        "Texas County, Missouri",
        "Texas County, Oklahoma",
    ]
    assert texas[3:5] == ["Anderson County, Texas", "Andrews County, Texas"]


def test_each_field_offers_only_its_kind_of_place(admin_client):
    assert found(admin_client, "new", "directory.pickablestate") == [
        "New Hampshire (state)",
        "New Jersey (state)",
        "New Mexico (state)",
        "New York (state)",
    ]
    counties = found(admin_client, "puerto rico", "directory.pickablecounty")
    assert counties and all(t.endswith("Municipio, Puerto Rico") for t in counties)
    assert "Puerto Rico (territory)" in found(admin_client, "puerto rico")


def test_the_district_of_columbia_is_one_whole_area(admin_client):
    assert found(admin_client, "district of columbia") == [
        "District of Columbia (federal district)"
    ]
    # Help given at a place can still be in the district's county-equivalent.
    assert found(admin_client, "columbia dc", "directory.pickablecounty") == [
        "District of Columbia (as a county)"
    ]
    assert "district-of-columbia-dc" not in {
        region.slug
        for region in ProgramPage.get_edit_handler()
        .get_form_class()()
        .fields["regions"]
        .queryset
    }


def test_chosen_places_come_back_with_their_labels(admin_client):
    travis, texas = county("travis-county-tx"), state("tx")
    response = admin_client.get(
        OBJECTS_URL,
        {"pks": f"{travis.pk},{texas.pk}", "type": "directory.pickableplace"},
    )
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == [
        "Texas (state)",
        "Travis County, Texas",
    ]


def test_chosen_places_are_listed_grouped_by_state():
    chosen = [county("travis-county-tx"), county("bronx-county-ny"), state("tx")]
    listed = PickablePlace.objects.filter(pk__in=[place.pk for place in chosen])
    assert [place.autocomplete_label() for place in listed] == [
        "Bronx County, New York",
        "Texas (state)",
        "Travis County, Texas",
    ]


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("post", SEARCH_URL, {"query": "a", "type": "auth.user"}),
        ("post", SEARCH_URL, {"query": "a", "type": "directory.submission"}),
        ("post", SEARCH_URL, {"query": "a"}),
        (
            "post",
            SEARCH_URL,
            {"query": "a", "type": "directory.pickableplace", "limit": "x"},
        ),
        ("get", OBJECTS_URL, {"pks": "1", "type": "directory.organisation"}),
        ("get", OBJECTS_URL, {"pks": "abc", "type": "directory.pickableplace"}),
        ("get", OBJECTS_URL, {"type": "directory.pickableplace"}),
        ("post", SEARCH_URL, {"type": "directory.pickableplace", "limit": "-1"}),
        ("post", SEARCH_URL, {"type": "directory.pickableplace", "limit": "100000"}),
        ("post", SEARCH_URL, {"type": "directory.pickableplace", "exclude": "abc"}),
        ("get", OBJECTS_URL, {"pks": "9" * 20, "type": "directory.pickableplace"}),
        ("get", OBJECTS_URL, {"pks": "1,x", "type": "directory.pickablestate"}),
    ],
)
def test_the_place_search_answers_for_places_only(admin_client, method, url, data):
    response = getattr(admin_client, method)(url, data)
    assert response.status_code == 400


def test_the_place_search_is_for_admin_users_only(client):
    response = client.post(
        SEARCH_URL, {"query": "travis", "type": "directory.pickableplace"}
    )
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_one_county_per_spelling_in_the_seed():
    assert geo.county_slug("TX", "De Witt County") == "dewitt-county-tx"
    assert geo.county_slug("IN", "La Porte County") == "laporte-county-in"
    assert Region.objects.get(slug="dewitt-county-tx").name == "DeWitt County"
    assert Region.objects.get(slug="laporte-county-in").name == "LaPorte County"
    assert not Region.objects.filter(
        slug__in=["de-witt-county-tx", "la-porte-county-in"]
    )
    # Illinois spells its own De Witt County with a space: a different county.
    assert Region.objects.get(slug="de-witt-county-il").name == "De Witt County"


@pytest.mark.parametrize(
    ("name", "parent", "message"),
    [
        ("De Witt County", "tx", "“DeWitt County, TX” is already this place"),
        ("Saint Clair County", None, None),
        ("harris  county", "tx", "“Harris County, TX” is already this place"),
        ("District of Columbia", "dc", "“District of Columbia, DC” is already"),
        ("Rhode Island", "ri", "This is the whole of Rhode Island: choose the state"),
    ],
)
def test_a_second_region_for_one_place_is_refused(name, parent, message):
    region = Region(
        name=name,
        slug="new-place",
        kind="county",
        parent=state(parent or "al"),
    )
    if message is None:
        region.full_clean()  # "Saint" is not "St.": a curator's spelling, allowed
        return
    with pytest.raises(ValidationError) as refused:
        region.full_clean()
    assert message in str(refused.value.message_dict["name"])


def test_merging_keeps_every_programs_places(home_page, directory_page):
    """The migration's merge, on a database seeded before spellings were merged."""
    merge = importlib.import_module(
        "directory.migrations.0015_place_picker"
    ).merge_duplicate_places
    texas = state("tx")
    old = Region.objects.create(
        name="De Witt County", slug="de-witt-county-tx", kind="county", parent=texas
    )
    dc_county = county("district-of-columbia-dc")
    travis, dewitt = county("travis-county-tx"), county("dewitt-county-tx")
    program = ProgramPageFactory(
        parent=directory_page, regions=[old, travis, dc_county], service_places=[old]
    )
    both = ProgramPageFactory(parent=directory_page, regions=[old, dewitt])

    merge(apps, None)

    assert not Region.objects.filter(pk=old.pk).exists()
    assert set(program.regions.all()) == {dewitt, travis, state("dc")}
    assert set(program.service_places.all()) == {dewitt}
    assert set(both.regions.all()) == {dewitt}
    revision = Revision.objects.filter(object_id=str(program.pk)).latest("pk")
    assert set(revision.content["regions"]) == {dewitt.pk, travis.pk, state("dc").pk}
    assert revision.content["service_places"] == [dewitt.pk]
    assert ProgramSearchCounty.objects.filter(
        county=dewitt, entry=program.search_entry
    ).exists()
    assert set(PendingIndexUpdate.objects.values_list("program_id", flat=True)) == {
        program.pk,
        both.pk,
    }
    # A second run finds nothing to merge.
    merge(apps, None)
    assert set(program.regions.all()) == {dewitt, travis, state("dc")}
