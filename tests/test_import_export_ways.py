"""Ways to help in curators' files: the CSV's ``ways_to_help`` cell (JSON) and the
HSDS profile's ``ways_to_help`` array round-trip; public files leave out sources
and, imported, leave the ways alone; bad ways get one message each."""

import csv
import io
import json
import re

import pytest

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from directory.models import ProgramPage, WayToHelp
from directory.program_fields import WAY_SPANISH_VALUES, apply_values, values_of
from opendata import hsds as mapping
from opendata.admin_views import field_label
from opendata.exporting import hsds_document, programs_for_export
from opendata.importing import import_programs
from opendata.reading import read_csv
from tests.factories import ProgramPageFactory, UserFactory
from tests.test_hsds_api import API, assert_only_known_fields, get_json, schemas
from tests.test_import_export import empty_the_directory, export, run_import
from tests.test_ways_to_help_writing import CAPS, DRIVERS

pytestmark = pytest.mark.django_db

__all__ = ["schemas"]  # the fixture, used by name


@pytest.fixture
def program(directory_page):
    page = ProgramPageFactory(parent=directory_page, external_id="rides-1")
    draft = ProgramPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    apply_values(draft, {"ways_to_help": [DRIVERS, CAPS]})
    draft.save_revision().publish()
    return ProgramPage.objects.get(pk=page.pk)


def ways_of(external_id="rides-1"):
    page = ProgramPage.objects.get(external_id=external_id)
    return values_of(page.get_latest_revision_as_object())["ways_to_help"]


def csv_text(*ways, cell=None, external_id="rides-1"):
    """The program's own export with its ways cell replaced by ``ways`` (or by
    the text ``cell``)."""
    rows = exported_rows()
    for row in rows:
        if row["external_id"] == external_id:
            row["ways_to_help"] = json.dumps(list(ways)) if cell is None else cell
    return as_csv(rows)


def exported_rows():
    """The CSV export, as rows (dicts by column)."""
    stream = io.StringIO()
    call_command("export_programs", "--format", "csv", "--output", "-", stdout=stream)
    return list(csv.DictReader(io.StringIO(stream.getvalue())))


def as_csv(rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


DRIVERS_ES = {
    **DRIVERS,
    "next_step_es": "Inscríbase para llevar pacientes a su tratamiento en Austin.",
    "requirements_es": "Una licencia de conducir vigente y una verificación de "
    "antecedentes.",
}


@pytest.fixture
def in_spanish(program):
    draft = program.get_latest_revision_as_object()
    apply_values(
        draft,
        {"summary_es": "Viajes a su tratamiento.", "ways_to_help": [DRIVERS_ES, CAPS]},
    )
    draft.save_revision().publish()
    return program


@pytest.mark.parametrize("fmt", ["csv", "hsds"])
@pytest.mark.parametrize(
    ("directory", "ways", "summary_es"),
    [
        ("program", [DRIVERS, CAPS], ""),
        ("in_spanish", [DRIVERS_ES, CAPS], "Viajes a su tratamiento."),
    ],
    ids=["english", "spanish"],
)
def test_ways_round_trip_through_an_empty_directory(
    request, tmp_path, fmt, directory, ways, summary_es
):
    request.getfixturevalue(directory)
    path = export(tmp_path, fmt)
    assert "0 created, 0 updated, 1 unchanged" in run_import(path, "--publish")

    empty_the_directory()
    run_import(path, "--publish")

    assert ways_of() == ways
    assert values_of(ProgramPage.objects.get())["ways_to_help"] == ways
    assert ProgramPage.objects.get().summary_es == summary_es
    assert "0 created, 0 updated, 1 unchanged" in run_import(path, "--publish")


def test_a_file_without_spanish_leaves_the_spanish_as_it_is(in_spanish, tmp_path):
    rows = exported_rows()
    for row in rows:
        for name in [name for name in row if name.endswith("_es")]:
            del row[name]
        row["ways_to_help"] = json.dumps(
            [
                {k: v for k, v in way.items() if k not in WAY_SPANISH_VALUES}
                for way in json.loads(row["ways_to_help"])
            ]
        )
    path = tmp_path / "programs.csv"
    path.write_text(as_csv(rows), encoding="utf-8")
    assert "0 created, 0 updated, 1 unchanged" in run_import(path, "--publish")
    assert ProgramPage.objects.get().summary_es == "Viajes a su tratamiento."
    assert ways_of() == [DRIVERS_ES, CAPS]


def test_csv_cell_lists_places_as_state_codes_and_county_slugs(program, tmp_path):
    (row,) = csv.DictReader(export(tmp_path, "csv").open())

    drivers, caps = json.loads(row["ways_to_help"])

    assert drivers["places"] == ["TX", "travis-county-tx"]
    assert drivers["source_url"] == DRIVERS["source_url"]
    assert caps["places"] == []


def test_changed_ways_are_named_in_the_report_and_the_preview(program):
    rows = read_csv(csv_text(CAPS))

    report = import_programs(rows, dry_run=True)

    assert report.changes == {"rides-1": ["ways_to_help"]}
    assert field_label("ways_to_help") == "ways to help"
    assert ways_of() == [DRIVERS, CAPS]


def test_public_files_leave_out_sources_and_keep_the_ways_on_import(program, tmp_path):
    csv_path = export(tmp_path, "csv", "--public")
    json_path = export(tmp_path, "hsds", "--public")

    assert "example.org/caps" not in csv_path.read_text()
    assert "example.org/caps" not in json_path.read_text()
    for path in (csv_path, json_path):
        assert "0 updated, 1 unchanged" in run_import(path)
    assert ways_of() == [DRIVERS, CAPS]


@pytest.mark.parametrize(
    ("ways", "message"),
    [
        ([{**DRIVERS, "role": ""}], "ways_to_help 1: a volunteer way to help needs"),
        ([CAPS, {**DRIVERS, "places": ["atlantis"]}], "ways_to_help 2: unknown place"),
        ([{**CAPS, "kind": "hugs"}], "ways_to_help 1: kind 'hugs' is not one of"),
        ([{**CAPS, "colour": "red"}], r"ways_to_help 1: unknown key\(s\) colour"),
        ([{**CAPS, "url": "not a link"}], "ways_to_help 1: url 'not a link'"),
    ],
    ids=["no-role", "unknown-place", "unknown-kind", "unknown-key", "bad-url"],
)
def test_a_bad_way_is_reported_on_its_row_and_nothing_is_written(
    program, tmp_path, ways, message
):
    path = tmp_path / "bad.csv"
    path.write_text(csv_text(*ways))

    with pytest.raises(CommandError, match=f"Row 2: .*{message}"):
        run_import(path)

    assert ways_of() == [DRIVERS, CAPS]


def test_a_ways_cell_that_is_not_json_is_reported(program, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(csv_text(cell='[{kind: "items"}]'))

    with pytest.raises(CommandError, match="ways_to_help is not a JSON list"):
        run_import(path)


def test_services_publish_ways_without_sources_valid_against_the_profile(
    client, schemas, program
):
    service = get_json(client, f"{API}/services/{mapping.service_id(program)}")
    curators = hsds_document(programs_for_export())["services"][0]

    drivers, caps = service["ways_to_help"]
    assert schemas.errors(schemas.profile_service, service) == []
    assert schemas.errors(schemas.profile_service, curators) == []
    assert_only_known_fields(service, schemas)
    assert drivers["role"] == "driver"
    assert {place["region_slug"] for place in drivers["places"]} == {
        "tx",
        "travis-county-tx",
    }
    assert caps["condition"] == "handmade" and "role" not in caps
    assert "source" not in drivers and "source" not in caps
    assert curators["ways_to_help"][1]["source"] == CAPS["source_url"]
    assert WayToHelp.objects.count() == 2


def test_the_admin_preview_names_changed_ways_to_help(client, program):
    curator = UserFactory()
    curator.groups.add(Group.objects.get(name="Curators"))
    client.force_login(curator)
    upload = SimpleUploadedFile("programs.csv", csv_text(CAPS).encode(), "text/csv")

    preview = client.post("/admin/programs-data/import/", {"file": upload})

    assert preview.status_code == 200
    assert re.search(r"rides-1</code>\)\s*: ways to help", preview.text)
    assert ways_of() == [DRIVERS, CAPS]
