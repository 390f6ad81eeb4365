"""Curators import programs in the admin (upload, a dry-run preview, confirm) and
export what the Programs listing shows, in the files the commands read and write."""

import csv
import datetime
import html
import io
import json
import re

import pytest

from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from directory.models import ProgramPage
from opendata import exporting
from opendata.admin_views import MAX_FILE_BYTES
from opendata.exporting import CSV_COLUMNS
from opendata.importing import import_programs
from opendata.models import PendingImport
from opendata.reading import read_csv
from tests.factories import ProgramPageFactory, UserFactory, state
from tests.test_import_export import database_state, good_row

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/programs-data/import/"
EXPORT_URL = "/admin/programs-data/export/"


def in_group(name):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def curator(client):
    user = in_group("Curators")
    client.force_login(user)
    return user


def csv_upload(rows, name="programs.csv"):
    stream = io.StringIO()
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, stream.getvalue().encode(), "text/csv")


def three_good_two_bad():
    return [
        good_row(external_id="good-1", title="Gas Cards One"),
        good_row(external_id="bad-1", need_categories="flying-carpets"),
        good_row(external_id="good-2", title="Gas Cards Two"),
        good_row(external_id="bad-2", nationwide="no", zip_codes="1234"),
        good_row(external_id="good-3", title="Gas Cards Three"),
    ]


def upload(client, file, publish=False):
    data = {"file": file}
    if publish:
        data["publish"] = "on"
    return client.post(IMPORT_URL, data)


def text(response):
    """The page's words, without markup, on one line."""
    words = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(words).split())


def confirm(client):
    pending = PendingImport.objects.get()
    return client.post(f"{IMPORT_URL}{pending.pk}/")


def test_preview_names_both_bad_rows_writes_nothing_and_confirm_makes_3_drafts(
    client, curator, directory_page
):
    before = database_state()

    preview = upload(client, csv_upload(three_good_two_bad()))

    assert preview.status_code == 200
    page = text(preview)
    assert "Would be created (3)" in page
    assert "Gas Cards One" in page and "Gas Cards Three" in page
    assert "Bad rows, left out (2)" in page
    assert "Row 3: unknown need 'flying-carpets'." in page
    assert "Row 5: '1234' is not a US ZIP code;" in page
    assert "Confirm the import, leaving out 2 bad rows" in page
    assert database_state() == before
    assert not ProgramPage.objects.exists()

    done = confirm(client)

    assert done.status_code == 200
    page = text(done)
    assert "Created (3)" in page
    assert "Row 3: unknown need 'flying-carpets'." in page  # named again
    assert "Row 5: '1234' is not a US ZIP code;" in page
    programs = ProgramPage.objects.all()
    assert sorted(programs.values_list("external_id", flat=True)) == [
        "good-1",
        "good-2",
        "good-3",
    ]
    assert not programs.filter(live=True).exists()
    assert all(program.get_latest_revision() for program in programs)
    assert {
        revision.user for program in programs for revision in program.revisions.all()
    } == {curator}
    assert not PendingImport.objects.exists()  # the kept file is gone


def test_publish_choice_publishes_what_is_imported(client, curator, directory_page):
    preview = upload(client, csv_upload(three_good_two_bad()), publish=True)
    assert "Would be published (3)" in text(preview)

    confirm(client)

    assert ProgramPage.objects.live().count() == 3
    assert ProgramPage.objects.visible().count() == 3


def test_hsds_json_upload_is_previewed_and_imported(client, curator, directory_page):
    ProgramPageFactory(
        parent=directory_page, external_id="ride-1", title="County Rides"
    )
    ProgramPageFactory(
        parent=directory_page, external_id="rent-1", title="Rent Help", publish=False
    )
    document = exporting.hsds_document(exporting.programs_for_export())
    for program in ProgramPage.objects.all():
        program.delete()

    file = SimpleUploadedFile("services.json", json.dumps(document).encode())
    preview = upload(client, file)

    assert "Would be created (2)" in text(preview)
    assert not ProgramPage.objects.exists()
    confirm(client)
    assert set(ProgramPage.objects.values_list("title", flat=True)) == {
        "County Rides",
        "Rent Help",
    }


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("programs.xlsx", b"PK\x03\x04", "Choose a .csv file or an HSDS .json file"),
        (
            "programs.csv",
            "external_id,title\ncaf\xe9,Caf\xe9 Fund\n".encode("latin-1"),
            "The file is not UTF-8 text.",
        ),
        ("programs.csv", b"", "The file is empty"),
        ("programs.csv", b"\n\n", "The file is empty"),
        (
            "programs.csv",
            ",".join(CSV_COLUMNS).encode() + b"\n",
            "The file has no programs in it.",
        ),
        (
            "programs.csv",
            b"external_id,title,organisation\nx,y,z\n",
            "The file has no 'summary' column (it is required).",
        ),
        ("services.json", b"{not json", "The file is not valid JSON"),
        ("programs.csv", b"0" * (MAX_FILE_BYTES + 1), "The file is 5.0 MB"),
    ],
    ids=[
        "not-csv-or-json",
        "wrong-encoding",
        "empty",
        "blank-lines",
        "no-rows",
        "missing-column",
        "bad-json",
        "too-big",
    ],
)
def test_a_bad_file_reshows_the_form_with_its_message(
    client, curator, directory_page, name, content, message
):
    before = database_state()

    response = upload(client, SimpleUploadedFile(name, content))

    assert response.status_code == 200
    assert message in text(response)
    assert '<input type="file"' in response.content.decode()
    assert not PendingImport.objects.exists()
    assert database_state() == before


def test_no_file_at_all_is_asked_for(client, curator, directory_page):
    response = client.post(IMPORT_URL, {})
    assert response.status_code == 200
    assert "Choose a file to import." in text(response)


@pytest.mark.parametrize("group", ["Moderators", None])
def test_only_curators_may_import_or_export(client, directory_page, group):
    ProgramPageFactory(parent=directory_page)
    user = in_group(group) if group else UserFactory()
    client.force_login(user)
    refused = {302, 403}

    assert client.get(IMPORT_URL).status_code in refused
    assert upload(client, csv_upload([good_row()])).status_code in refused
    assert client.get(EXPORT_URL).status_code in refused
    assert not PendingImport.objects.exists()
    assert ProgramPage.objects.count() == 1


def test_publishing_is_refused_to_an_account_that_may_not_publish(
    client, directory_page
):
    reviewers = Group.objects.create(name="Report reviewers")
    reviewers.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_problemreport"),
    )
    user = UserFactory()
    user.groups.add(reviewers)
    client.force_login(user)

    response = upload(client, csv_upload([good_row()]), publish=True)

    assert "Your account may not publish programs" in text(response)
    assert not PendingImport.objects.exists()


def test_a_curator_cannot_confirm_another_curators_upload(
    client, curator, directory_page
):
    upload(client, csv_upload([good_row()]))
    client.force_login(in_group("Curators"))

    response = confirm(client)

    assert response.status_code == 302
    assert not ProgramPage.objects.exists()
    assert PendingImport.objects.exists()


def test_a_confirm_after_the_directory_changed_shows_the_new_preview(
    client, curator, directory_page
):
    rows = [good_row(external_id="new-1"), good_row(external_id="new-2", title="B")]
    upload(client, csv_upload(rows))
    # Meanwhile the same file is imported another way.
    import_programs(read_csv(csv_upload(rows).read().decode()))
    before = database_state()

    response = confirm(client)

    page = text(response)
    assert "The directory changed since you checked this file" in page
    assert "Would be created (0)" in page
    assert "Left alone, already the same (2)" in page
    assert database_state() == before
    assert PendingImport.objects.exists()


def test_preview_names_the_fields_a_change_makes(client, curator, directory_page):
    program = ProgramPageFactory(parent=directory_page, external_id="grant-7")
    row = good_row(
        external_id="grant-7",
        title="New name",
        slug=program.slug,
        organisation=program.organisation.name,
        need_categories="cash-grants",
        help_types="cash",
        summary=program.summary,
    )

    page = text(upload(client, csv_upload([row])))

    assert "Would be changed (1)" in page
    assert "New name ( grant-7 ): title" in page


def test_reimporting_the_same_file_changes_nothing(client, curator, directory_page):
    upload(client, csv_upload(three_good_two_bad()))
    confirm(client)
    before = database_state()

    preview = upload(client, csv_upload(three_good_two_bad()))

    page = text(preview)
    assert "Would be created (0)" in page and "Would be changed (0)" in page
    assert "Left alone, already the same (3)" in page
    assert "There is nothing to import from this file." in page
    assert database_state() == before


def test_an_expired_upload_is_cleared_and_cannot_be_confirmed(
    client, curator, directory_page
):
    upload(client, csv_upload([good_row()]))
    pending = PendingImport.objects.get()
    pending.uploaded_at = timezone.now() - datetime.timedelta(days=2)
    pending.save()

    response = client.post(f"{IMPORT_URL}{pending.pk}/", follow=True)

    assert "Upload the file again" in text(response)
    assert not ProgramPage.objects.exists()
    upload(client, csv_upload([good_row(external_id="other")]))
    assert list(PendingImport.objects.values_list("file_name", flat=True)) == [
        "programs.csv"
    ]
    assert not PendingImport.objects.filter(pk=pending.pk).exists()


@pytest.fixture
def three_states(directory_page):
    return [
        ProgramPageFactory(
            parent=directory_page, external_id="tx-1", regions=[state("TX")]
        ),
        ProgramPageFactory(
            parent=directory_page, external_id="tx-2", regions=[state("TX")]
        ),
        ProgramPageFactory(
            parent=directory_page,
            external_id="or-1",
            title="Oregon Rides",
            regions=[state("OR")],
        ),
    ]


def export_link(listing, label):
    """The URL of the listing's link that reads ``label``."""
    links = re.findall(
        r'<a\b[^>]*href="([^"]*)"[^>]*>(.*?)</a>', listing.content.decode(), re.S
    )
    urls = [url for url, inner in links if label in inner]
    assert len(urls) == 1, f"no one {label} link"
    return html.unescape(urls[0])


def test_export_carries_the_listings_filter(client, curator, three_states):
    listing = client.get("/admin/programs/", {"state": state("TX").pk})
    assert listing.status_code == 200

    csv_url = export_link(listing, "Export these as CSV")
    response = client.get(csv_url)

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted(row["external_id"] for row in rows) == ["tx-1", "tx-2"]

    response = client.get(export_link(listing, "Export these as HSDS JSON"))
    services = json.loads(response.content)["services"]
    assert sorted(service["external_id"] for service in services) == ["tx-1", "tx-2"]


def test_export_of_a_search_holds_only_what_was_found(client, curator, three_states):
    response = client.get(EXPORT_URL, {"q": "Oregon"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["external_id"] for row in rows] == ["or-1"]


def test_an_export_imports_back_unchanged(client, curator, three_states):
    exported = client.get(EXPORT_URL).content
    before = database_state()

    preview = upload(client, SimpleUploadedFile("programs.csv", exported))

    assert "Left alone, already the same (3)" in text(preview)
    assert database_state() == before
