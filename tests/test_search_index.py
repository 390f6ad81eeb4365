"""The search tables follow what patients may see: publish, edits, unpublish, delete,
privacy, renames; a rebuild gives the same rows; planner statistics are refreshed."""

import pytest

from django.core.management import CommandError, call_command
from django.db import connection

from directory.models import NeedCategory
from search.backends import get_backend
from search.fulltext import fulltext_table
from search.indexing import configured_backends
from search.models import ProgramSearchEntry, ProgramSearchNeed, ProgramSearchState
from search.query import SearchQuery
from tests.factories import ProgramPageFactory, county, state

pytestmark = pytest.mark.django_db


def titles(**query):
    return [hit.title for hit in get_backend().search(SearchQuery(**query)).hits]


def rows():
    return {
        "entries": sorted(ProgramSearchEntry.objects.values_list("pk", "title", "url")),
        "needs": sorted(ProgramSearchNeed.objects.values_list("entry_id", "need_id")),
        "states": sorted(
            ProgramSearchState.objects.values_list(
                "entry_id", "state_id", "whole_state"
            )
        ),
    }


def test_publishing_writes_rows_and_text(directory_page):
    program = ProgramPageFactory(
        parent=directory_page,
        title="Sunflower Fund",
        regions=[state("TX"), county("kings-county-ny")],
    )
    entry = ProgramSearchEntry.objects.get(pk=program.pk)
    assert entry.url == program.url
    assert set(entry.states.values_list("state__code", "whole_state")) == {
        ("TX", True),
        ("NY", False),
    }
    assert list(entry.counties.values_list("county__slug", flat=True)) == [
        "kings-county-ny"
    ]
    assert titles(text="sunflower") == ["Sunflower Fund"]


def test_a_draft_edit_changes_nothing_until_published(directory_page):
    program = ProgramPageFactory(parent=directory_page, title="Old Name Fund")
    program.title = "New Name Fund"
    revision = program.save_revision()
    assert titles() == ["Old Name Fund"]
    revision.publish()
    assert titles() == ["New Name Fund"]
    assert titles(text="old") == []


def test_unpublish_delete_and_defunct_leave_search(directory_page):
    unpublished = ProgramPageFactory(parent=directory_page, title="Unpublished")
    deleted = ProgramPageFactory(parent=directory_page, title="Deleted")
    defunct = ProgramPageFactory(parent=directory_page, title="Defunct")
    ProgramPageFactory(parent=directory_page, title="Stays")
    unpublished.unpublish()
    deleted.delete()
    defunct.status = "defunct"
    defunct.save_revision().publish()
    assert titles() == ["Stays"]
    assert not ProgramSearchEntry.objects.filter(pk=deleted.pk).exists()


def test_privacy_removes_and_restores(directory_page):
    program = ProgramPageFactory(parent=directory_page, title="Private soon")
    restriction = program.view_restrictions.create(
        restriction_type="password", password="x"
    )
    assert titles() == []
    restriction.delete()
    assert titles() == ["Private soon"]


def test_renames_reach_result_cards(directory_page):
    program = ProgramPageFactory(parent=directory_page, title="Card Fund")
    program.organisation.name = "Renamed Helpers"
    program.organisation.save()
    need = NeedCategory.objects.get(slug="cash-grants")
    need.name = "Money grants"
    need.save()
    hit = get_backend().search(SearchQuery()).hits[0]
    assert hit.organisation == "Renamed Helpers"
    assert hit.needs == "Money grants"
    assert titles(text="renamed") == ["Card Fund"]


def test_a_deleted_need_leaves_its_programs_search_rows_at_once(directory_page):
    pets = NeedCategory.objects.get(slug="pet-care")
    cash = NeedCategory.objects.get(slug="cash-grants")
    ProgramPageFactory(
        parent=directory_page, title="Paws Fund", need_categories=[pets, cash]
    )
    pets.delete()
    (hit,) = get_backend().search(SearchQuery()).hits
    assert hit.needs == "Cash grants"
    assert get_backend("database").check().ok


def test_rebuild_gives_the_same_rows_as_publishing(directory_page):
    ProgramPageFactory(parent=directory_page, regions=[county("harris-county-tx")])
    ProgramPageFactory(parent=directory_page)
    ProgramPageFactory(parent=directory_page, publish=False)
    before = rows()
    assert get_backend("database").rebuild() == 2
    assert rows() == before
    assert titles(text="grants")


def test_migrate_refreshes_planner_statistics():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM sqlite_stat1")
            call_command("migrate", verbosity=0)
            cursor.execute("SELECT COUNT(*) FROM sqlite_stat1")
        else:
            cursor.execute("SELECT pg_stat_reset()")
            call_command("migrate", verbosity=0)
            cursor.execute(
                "SELECT COUNT(*) FROM pg_stats WHERE tablename = 'directory_region'"
            )
        assert cursor.fetchone()[0] > 0


def test_check_finds_missing_stale_and_extra_rows(directory_page):
    kept = ProgramPageFactory(parent=directory_page, title="Kept Fund")
    lost = ProgramPageFactory(parent=directory_page, title="Lost Fund")
    hidden = ProgramPageFactory(parent=directory_page, title="Hidden Fund")
    backend = get_backend("database")
    assert backend.check().ok
    ProgramSearchEntry.objects.filter(pk=kept.pk).update(title="Tampered")
    ProgramSearchEntry.objects.filter(pk=lost.pk).delete()
    textless = ProgramPageFactory(parent=directory_page, title="Textless Fund")
    with connection.cursor() as cursor:
        fulltext_table().remove(cursor, [textless.pk])
    # Unpublished behind the search tables' back: its rows stay.
    type(hidden).objects.filter(pk=hidden.pk).update(live=False)
    report = backend.check()
    assert (report.stale, report.missing, report.extra) == (
        sorted([kept.pk, textless.pk]),
        [lost.pk],
        [hidden.pk],
    )
    assert not report.ok


def test_search_index_command_checks_and_rebuilds_from_the_command_line(
    directory_page, capsys
):
    program = ProgramPageFactory(parent=directory_page, title="Command Fund")
    ProgramSearchEntry.objects.filter(pk=program.pk).delete()
    # skip_checks=False runs it as manage.py does, system checks included.
    with pytest.raises(CommandError):
        call_command("search_index", "check", skip_checks=False)
    assert f"{program.pk}: Command Fund" in capsys.readouterr().out
    call_command("search_index", "rebuild", "--backend", "database", skip_checks=False)
    call_command("search_index", "check", skip_checks=False)
    assert "matches the database" in capsys.readouterr().out
    assert titles(text="command") == ["Command Fund"]


def test_changes_reach_the_site_backend_and_every_fallback(settings):
    settings.DIRECTORY_SEARCH_BACKEND = "database"
    assert [type(b).__name__ for b in configured_backends()] == [
        "DatabaseSearchBackend"
    ]
    settings.DIRECTORY_SEARCH_BACKEND = "elasticsearch"
    assert [type(b).__name__ for b in configured_backends()] == [
        "DatabaseSearchBackend",
        "ElasticsearchSearchBackend",
    ]
