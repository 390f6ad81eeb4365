"""The demo-data command: the site tree and the researched programs, loaded once."""

import json

import pytest

from django.core.management import call_command

from wagtail.models import Page, Revision, Site

from directory.models import NeedCategory, Organisation, ProgramPage
from home.management.commands.load_initial_data import FIXTURE
from home.models import HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    call_command("load_initial_data", verbosity=0)


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "organisations": Organisation.objects.count(),
        "latest": sorted(
            ProgramPage.objects.values_list(
                "pk", "latest_revision_id", "last_published_at"
            )
        ),
    }


def test_loads_all_researched_programs_as_unverified_demo_data(loaded):
    records = json.loads(FIXTURE.read_text())
    programs = ProgramPage.objects.all()
    assert programs.count() == len(records) >= 60
    assert all(program.live and program.is_demo_data for program in programs)
    assert not programs.filter(last_verified_at__isnull=False).exists()
    assert all(program.sources for program in programs)


def test_demo_programs_cover_every_need_group_and_local_areas(loaded):
    used_groups = set(
        NeedCategory.objects.filter(programs__isnull=False).values_list(
            "parent__slug", flat=True
        )
    )
    assert used_groups == set(
        NeedCategory.objects.groups().values_list("slug", flat=True)
    )
    local = ProgramPage.objects.filter(nationwide=False)
    assert local.filter(regions__kind="county").exists()
    assert local.filter(regions__kind="state").exists()
    assert all(
        program.regions.exists() or program.partial_states.exists() for program in local
    )
    assert local.filter(partial_states__isnull=False).exists()


def test_facts_carry_over_from_the_research(loaded):
    program = ProgramPage.objects.get(external_id="demo-001")
    assert program.title == "Financial Assistance Program"
    assert program.organisation.name == "CancerCare"
    assert program.organisation.website == "https://www.cancercare.org"
    assert program.phone == "800-813-4673"
    assert program.nationwide
    for nyc in ProgramPage.objects.filter(
        service_area_note__startswith="New York City"
    ):
        assert set(nyc.regions.values_list("slug", flat=True)) == {
            "new-york-county-ny",
            "kings-county-ny",
            "queens-county-ny",
            "bronx-county-ny",
            "richmond-county-ny",
        }


def test_site_tree_is_home_with_programs_and_guides(loaded, client):
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert {child.slug for child in home.get_children()} == {"programs", "guides"}
    assert client.get("/").status_code == 200
    assert client.get("/programs/").status_code == 200
    program = ProgramPage.objects.first()
    response = client.get(program.url)
    assert response.status_code == 200
    assert "Demo data — not yet verified by a curator." in response.content.decode()


def test_second_run_changes_nothing(loaded):
    before = snapshot()
    call_command("load_initial_data", verbosity=0)
    assert snapshot() == before


def test_demo_admin_is_refused_without_debug(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_initial_data", demo_admin=True, verbosity=0)


def test_demo_admin_created_with_debug(db, settings, capsys):
    from django.contrib.auth import get_user_model

    settings.DEBUG = True
    call_command("load_initial_data", demo_admin=True)
    assert get_user_model().objects.get(username="admin").is_superuser
    assert "admin / brightside-demo" in capsys.readouterr().out
