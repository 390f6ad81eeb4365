"""Curators' import and export of programs: CSV and HSDS 3.0 JSON round trips,
all-or-nothing validation with row-numbered messages, drafts, dry runs."""

import csv
import io
import json
from pathlib import Path

import pytest

from django.conf import settings
from django.core.management import CommandError, call_command

from wagtail.models import Revision

from directory.models import Organisation, ProgramPage
from opendata import hsds as mapping
from opendata.exporting import CSV_COLUMNS, EXPORT_COLUMNS
from tests.factories import ProgramPageFactory, state

pytestmark = pytest.mark.django_db

SAMPLE_CSV = Path(settings.BASE_DIR) / "opendata" / "fixtures" / "sample_programs.csv"


def program_snapshot():
    """Every program, field for field, keyed by stable identifier: read straight
    from the models, independently of the exporter."""
    own_fields = [
        field.name
        for field in ProgramPage._meta.get_fields()
        if getattr(field, "concrete", False)
        and not field.many_to_many
        and field.model is ProgramPage
        and field.name not in ("page_ptr", "organisation", "verified_by")
    ]
    snapshot = {}
    for page in ProgramPage.objects.select_related("organisation"):
        record = {name: getattr(page, name) for name in own_fields}
        record.update(
            title=page.title,
            slug=page.slug,
            live=page.live,
            parent=page.get_parent().slug,
            organisation=page.organisation.name,
            organisation_website=page.organisation.website,
            need_categories=sorted(page.need_categories.values_list("slug", flat=True)),
            regions=sorted(page.regions.values_list("slug", flat=True)),
        )
        snapshot[page.external_id] = record
    return snapshot


def database_state():
    return {
        "programs": sorted(
            ProgramPage.objects.values_list("pk", "latest_revision_id", "live")
        ),
        "revisions": Revision.objects.count(),
        "organisations": Organisation.objects.count(),
    }


def empty_the_directory():
    for page in ProgramPage.objects.all():
        page.delete()
    Organisation.objects.all().delete()


def export(tmp_path, fmt, *extra):
    path = tmp_path / ("programs.json" if fmt == "hsds" else "programs.csv")
    call_command("export_programs", "--output", str(path), *extra, stderr=io.StringIO())
    return path


def run_import(path, *extra):
    out = io.StringIO()
    call_command("import_programs", str(path), *extra, stdout=out)
    return out.getvalue()


def write_csv(tmp_path, rows, columns=CSV_COLUMNS):
    path = tmp_path / "upload.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def good_row(**changes):
    row = {
        "external_id": "new-001",
        "title": "Neighbourhood Gas Cards",
        "organisation": "Neighbourhood Fund",
        "organisation_website": "https://neighbourhood.example.org",
        "summary": "Gas cards for driving to treatment.",
        "need_categories": "gas-cards",
        "nationwide": "yes",
        "help_types": "gift-or-prepaid-card",
        "status": "active",
    }
    row.update(changes)
    return row


@pytest.fixture
def demo(directory_page):
    call_command("load_initial_data", verbosity=0)


def test_demo_export_round_trips_through_an_empty_directory_in_both_formats(
    demo, tmp_path
):
    before = program_snapshot()
    paths = [export(tmp_path, "csv"), export(tmp_path, "hsds")]
    state_before = database_state()
    for path in paths:
        assert f"0 created, 0 updated, {len(before)} unchanged" in run_import(
            path, "--publish"
        )
    assert database_state() == state_before

    for path in paths:
        empty_the_directory()
        assert not ProgramPage.objects.exists()
        output = run_import(path, "--publish")

        assert f"{len(before)} created" in output, path.name
        assert program_snapshot() == before, path.name
        state_after = database_state()
        assert "0 created, 0 updated" in run_import(path, "--publish")
        assert database_state() == state_after


def test_imported_programs_arrive_as_drafts_unless_published(directory_page, tmp_path):
    output = run_import(SAMPLE_CSV)

    assert "3 created" in output
    programs = ProgramPage.objects.filter(external_id__startswith="sample-")
    assert programs.count() == 3
    assert not programs.filter(live=True).exists()
    assert all(page.get_latest_revision() for page in programs)
    assert not ProgramPage.objects.visible().exists()
    assert run_import(SAMPLE_CSV).startswith("0 created, 0 updated, 3 unchanged")

    assert "3 published" in run_import(SAMPLE_CSV, "--publish")
    assert ProgramPage.objects.visible().count() == 3


def test_sample_csv_shows_zip_codes_resolving_to_counties(directory_page):
    run_import(SAMPLE_CSV, "--publish")

    rides = ProgramPage.objects.get(external_id="sample-003")
    assert set(rides.regions.values_list("slug", flat=True)) == {
        "harris-county-tx",
        "fort-bend-county-tx",
    }
    rent = ProgramPage.objects.get(external_id="sample-002")
    assert rent.slug == "example-texas-rent-help"
    assert list(rent.regions.all()) == [state("TX")]
    assert (
        rent.organisation
        == ProgramPage.objects.get(external_id="sample-001").organisation
    )


def test_dry_run_reports_changes_and_writes_nothing(directory_page):
    before = database_state()

    output = run_import(SAMPLE_CSV, "--dry-run", "--publish")

    assert output.startswith("Dry run (nothing was written): 3 created")
    assert database_state() == before


def test_changed_row_becomes_draft_revision_of_live_program(directory_page, tmp_path):
    program = ProgramPageFactory(
        parent=directory_page, external_id="grant-7", title="Old name"
    )
    row = good_row(external_id="grant-7", title="New name", slug=program.slug)

    output = run_import(write_csv(tmp_path, [row]))

    assert "1 updated" in output
    program.refresh_from_db()
    assert program.live and program.title == "Old name"
    assert program.has_unpublished_changes
    assert program.get_latest_revision_as_object().title == "New name"

    run_import(write_csv(tmp_path, [row]), "--publish")
    program.refresh_from_db()
    assert program.title == "New name" and not program.has_unpublished_changes


def test_missing_optional_columns_leave_existing_values_alone(directory_page, tmp_path):
    program = ProgramPageFactory(
        parent=directory_page,
        external_id="grant-8",
        phone="555-0199",
        award="Up to $100",
    )
    columns = ["external_id", *(c for c in good_row() if c != "external_id")]
    row = good_row(external_id="grant-8", title=program.title)
    row["need_categories"] = "cash-grants"
    row["organisation"] = program.organisation.name
    row["summary"] = program.summary
    row["help_types"] = "cash"

    output = run_import(write_csv(tmp_path, [row], columns))

    assert "1 unchanged" in output
    program.refresh_from_db()
    assert (program.phone, program.award) == ("555-0199", "Up to $100")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"need_categories": "gas-cards; flying-carpets"},
            "unknown need 'flying-carpets'",
        ),
        ({"need_categories": "money-and-bills"}, "need 'money-and-bills' is a group"),
        ({"nationwide": "no", "zip_codes": "1234"}, "'1234' is not a US ZIP code"),
        ({"nationwide": "no", "zip_codes": "00000"}, "'00000' is not a US ZIP code"),
        ({"nationwide": "no", "states": "TX; ZZ"}, "unknown state 'ZZ'"),
        ({"nationwide": "yes", "states": "TX"}, "a nationwide program must not list"),
        ({"nationwide": "no"}, "say where it helps"),
        (
            {"application_url": "not a url"},
            "application_url 'not a url': Enter a valid URL",
        ),
        ({"organisation_website": "www example"}, "organisation_website 'www example'"),
        ({"email": "nobody"}, "email 'nobody': Enter a valid email address"),
        ({"cancer_scope": "lung"}, "cancer_scope 'lung' is not one of"),
        ({"help_types": "cash; hugs"}, "help_types: unknown value(s) 'hugs'"),
        ({"min_age": "40", "max_age": "30"}, "max_age 30 is below min_age 40"),
        ({"min_age": "forty"}, "min_age 'forty' is not a whole number"),
        ({"last_verified_at": "31/01/2025"}, "last_verified_at '31/01/2025'"),
        ({"external_id": ""}, "external_id is empty"),
        ({"slug": "need"}, "slug 'need' is reserved"),
        ({"summary": "x" * 241}, "summary 'xxx"),
    ],
    ids=[
        "unknown-need",
        "need-group",
        "short-zip",
        "unknown-zip",
        "unknown-state",
        "nationwide-and-states",
        "no-area",
        "malformed-url",
        "malformed-organisation-website",
        "malformed-email",
        "unknown-cancer-scope",
        "unknown-help-type",
        "ages-reversed",
        "age-not-number",
        "date-not-iso",
        "empty-identifier",
        "reserved-slug",
        "summary-too-long",
    ],
)
def test_bad_row_is_rejected_with_its_row_number(
    directory_page, tmp_path, change, message
):
    ProgramPageFactory(parent=directory_page, external_id="keep-me")
    before = database_state()
    path = write_csv(tmp_path, [good_row(external_id="fine-1"), good_row(**change)])

    with pytest.raises(CommandError) as failure:
        run_import(path, "--publish")

    text = str(failure.value)
    assert "nothing was written" in text
    assert f"Row 3: {message}" in text
    assert "Row 2" not in text
    assert database_state() == before


def test_each_bad_row_gets_one_message_and_nothing_is_written(directory_page, tmp_path):
    rows = [
        good_row(external_id="a-1"),
        good_row(external_id="a-2", need_categories="nope", application_url="ftp:"),
        good_row(external_id="a-1", title="Same identifier again"),
        good_row(external_id="a-4", states="XX", nationwide="no"),
    ]

    with pytest.raises(CommandError) as failure:
        run_import(write_csv(tmp_path, rows))

    lines = str(failure.value).splitlines()[1:]
    assert [line.split(":")[0] for line in lines] == ["Row 3", "Row 4", "Row 5"]
    assert "unknown need 'nope'" in lines[0] and "application_url" in lines[0]
    assert "external_id 'a-1' is already used on row 2" in lines[1]
    assert "unknown state 'XX'" in lines[2]
    assert not ProgramPage.objects.exists()
    assert not Organisation.objects.exists()


def test_skip_bad_imports_the_good_rows_and_lists_the_bad(directory_page, tmp_path):
    rows = [
        good_row(external_id="a-1"),
        good_row(external_id="a-2", need_categories="nope"),
        good_row(external_id="a-3", title="Third"),
    ]
    errors = io.StringIO()

    output = io.StringIO()
    call_command(
        "import_programs",
        str(write_csv(tmp_path, rows)),
        "--skip-bad",
        stdout=output,
        stderr=errors,
    )

    assert output.getvalue().startswith("2 created")
    assert "1 bad row(s) left out" in output.getvalue()
    assert errors.getvalue().strip() == "Left out: Row 3: unknown need 'nope'."
    assert sorted(ProgramPage.objects.values_list("external_id", flat=True)) == [
        "a-1",
        "a-3",
    ]


def test_file_missing_a_required_column_is_rejected(directory_page, tmp_path):
    columns = [column for column in EXPORT_COLUMNS if column != "summary"]
    row = {k: v for k, v in good_row().items() if k != "summary"}

    with pytest.raises(CommandError, match="no 'summary' column"):
        run_import(write_csv(tmp_path, [row], columns))
    assert not ProgramPage.objects.exists()


def test_file_with_misspelt_column_is_rejected(directory_page, tmp_path):
    columns = [*EXPORT_COLUMNS, "sumary"]

    with pytest.raises(CommandError, match="Unknown column 'sumary'"):
        run_import(write_csv(tmp_path, [good_row()], columns))


def test_slug_of_another_program_is_rejected(directory_page, tmp_path):
    ProgramPageFactory(parent=directory_page, slug="taken", external_id="other")

    with pytest.raises(CommandError, match="Row 2: slug 'taken' is already used"):
        run_import(write_csv(tmp_path, [good_row(slug="taken")]))


def test_hsds_file_errors_name_the_service(directory_page, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps(
            {
                "services": [
                    {"id": "x-1", "name": "No organisation", "status": "active"},
                ]
            }
        )
    )

    with pytest.raises(CommandError, match="Service 1: it has no nested"):
        run_import(path)
    assert not ProgramPage.objects.exists()


def test_public_export_leaves_out_curator_fields(directory_page, tmp_path):
    ProgramPageFactory(parent=directory_page, curator_note="Called them.")
    path = export(tmp_path, "csv", "--public")
    header = path.read_text().splitlines()[0].split(",")
    assert "curator_note" not in header and "sources" not in header
    document = json.loads(export(tmp_path, "hsds", "--public").read_text())
    assert not any("curator_note" in service for service in document["services"])


def test_live_only_export_skips_drafts(directory_page, tmp_path):
    ProgramPageFactory(parent=directory_page, external_id="live-1")
    ProgramPageFactory(parent=directory_page, external_id="draft-1", publish=False)

    rows = list(csv.DictReader(export(tmp_path, "csv", "--live-only").open()))

    assert [row["external_id"] for row in rows] == ["live-1"]


def test_program_without_identifier_is_exported_with_its_translation_key(
    directory_page, tmp_path
):
    program = ProgramPageFactory(parent=directory_page, external_id="")
    path = export(tmp_path, "csv")
    rows = list(csv.DictReader(path.open()))
    assert rows[0]["external_id"] == str(program.translation_key)

    assert "1 unchanged" in run_import(path)


def test_plain_hsds_service_without_our_profile_imports_as_a_draft(
    directory_page, tmp_path
):
    service_id = "0b9f6a0e-2f43-4c1b-8d3e-5a4c3b2a1f00"
    path = tmp_path / "other.json"
    path.write_text(
        json.dumps(
            [
                {
                    "id": service_id,
                    "name": "County Ride Service",
                    "status": "temporarily closed",
                    "description": "Free rides to treatment.\n\nCall a day ahead.",
                    "application_process": "Call us.",
                    "url": "https://rides.example.org",
                    "organization": {"name": "Ride Partners", "description": ""},
                    "attributes": [{"taxonomy_term": {"code": "rides-to-treatment"}}],
                    "service_areas": [
                        {"name": "Harris County, TX"},
                        {"name": "Oregon"},
                    ],
                }
            ]
        )
    )

    run_import(path)

    program = ProgramPage.objects.get(external_id=service_id)
    assert not program.live
    assert program.status == "inactive"
    assert program.summary == "Free rides to treatment."
    assert program.description == (
        "<p>Free rides to treatment.</p><p>Call a day ahead.</p>"
    )
    assert program.application_steps == "<p>Call us.</p>"
    assert set(program.regions.values_list("slug", flat=True)) == {
        "harris-county-tx",
        "or",
    }
    assert mapping.service_id(program) == service_id
