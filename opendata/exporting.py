"""Export programs for curators: CSV (one row per program; its columns, which the
importer reads too, are documented in docs/import-format.md) and HSDS 3.0 JSON. Both
carry every field the importer reads, so an export imported elsewhere gives back the
same programs."""

import csv
import datetime

from directory.models import ProgramPage
from directory.program_fields import CURATOR_FIELDS, PROGRAM_FIELDS, SPANISH_VALUES
from opendata import hsds, ways_to_help

# Organisation details, as CSV columns "organisation_<field>".
ORGANISATION_FIELDS = ("website", "phone", "email", "description", "ein")

# The CSV columns, in file order. ``zip_codes`` is read on import (each ZIP adds
# its county) but never written: exports list counties.
CSV_COLUMNS = (
    "external_id",
    "title",
    "slug",
    "organisation",
    *(f"organisation_{name}" for name in ORGANISATION_FIELDS),
    "summary",
    "description",
    "need_categories",
    "nationwide",
    "states",
    "counties",
    "partial_states",
    "service_places",
    "zip_codes",
    *(
        name
        for name in PROGRAM_FIELDS
        if name not in ("title", "slug", "summary", "description", "nationwide")
    ),
    # The Spanish of the patient-facing text (optional on import).
    *SPANISH_VALUES,
    ways_to_help.COLUMN,
)
EXPORT_COLUMNS = tuple(name for name in CSV_COLUMNS if name != "zip_codes")


def programs_for_export(live_only=False):
    """Every program (or only those patients can see), in tree order, with what
    an export reads fetched up front."""
    programs = ProgramPage.objects.visible() if live_only else ProgramPage.objects
    return programs.all().with_details().with_ways().order_by("path")


def program_row(page, *, public=False):
    """A program as a dict of CSV cells (text); without the ways' sources if
    ``public``."""
    organisation = page.organisation
    cells = {
        "external_id": hsds.stable_id(page),
        "organisation": organisation.name,
        "need_categories": [need.slug for need in page.needs],
        "states": [region.code for region in page.places if region.kind == "state"],
        "counties": [region.slug for region in page.places if region.kind == "county"],
        "partial_states": [state.code for state in page.partial_places],
        "service_places": [county.slug for county in page.service_place_list],
    }
    for name in ORGANISATION_FIELDS:
        cells[f"organisation_{name}"] = getattr(organisation, name)
    for name in (*PROGRAM_FIELDS, *SPANISH_VALUES):
        cells[name] = getattr(page, name)
    cells[ways_to_help.COLUMN] = ways_to_help.csv_cell(page, curation=not public)
    return {column: to_cell(cells[column]) for column in EXPORT_COLUMNS}


def to_cell(value):
    """One value as CSV text: lists joined by "; ", yes/no, ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def write_csv(pages, stream, *, public=False):
    """Write ``pages`` to ``stream`` as CSV (a header row, then one row each)."""
    columns = [
        column for column in EXPORT_COLUMNS if not (public and column in CURATOR_FIELDS)
    ]
    writer = csv.DictWriter(stream, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for page in pages:
        writer.writerow(program_row(page, public=public))
        count += 1
    return count


def hsds_document(pages, *, public=False):
    """``pages`` as one HSDS 3.0 JSON document: fully nested services under
    ``services`` (with curators' fields unless ``public``)."""
    return {
        "hsds_version": hsds.HSDS_VERSION,
        "profile": hsds.PROFILE_NAME,
        "generated_at": datetime.datetime.now(datetime.UTC).isoformat(
            timespec="seconds"
        ),
        "services": [
            hsds.service(page, full=True, curation=not public) for page in pages
        ],
    }
