"""The benchmark's data generator makes searchable programs, and clears them again."""

import pytest

from django.core.management import call_command

from directory.models import ProgramPage
from search.backends import get_backend
from search.models import ProgramSearchEntry
from search.query import SearchQuery

pytestmark = pytest.mark.django_db


def test_generate_programs_are_searchable_and_cleared(directory_page, capsys):
    call_command("generate_programs", count=40, seed=3)
    generated = ProgramPage.objects.filter(external_id__startswith="gen-")
    assert generated.count() == 40
    visible = generated.visible().count()
    assert ProgramSearchEntry.objects.count() == visible
    assert get_backend().search(SearchQuery()).total == visible
    call_command("generate_programs", count=0, clear=True)
    assert not ProgramPage.objects.filter(external_id__startswith="gen-").exists()
    assert get_backend().search(SearchQuery()).total == 0
