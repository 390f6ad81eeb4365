"""Reading the files curators import: CSV (the columns ``exporting`` writes, see
docs/import-format.md) and HSDS 3.0 JSON, each turned into ``SourceRow``s keyed by
CSV column name. A file that cannot be read at all raises ``ImportFailed``; a problem
in one row or service is kept on that row for ``importing`` to report.
"""

import csv
import io
import json
from dataclasses import dataclass, field

from directory import geo
from directory.models import NeedCategory, ProgramPage
from directory.program_fields import CURATOR_FIELDS, SPANISH_FIELDS, html_paragraphs
from opendata import hsds, translations, ways_to_help
from opendata.exporting import CSV_COLUMNS

REQUIRED_COLUMNS = (
    "external_id",
    "title",
    "organisation",
    "summary",
    "need_categories",
    "nationwide",
)
# Profile fields ``_service_to_raw`` reads itself (renamed keys, or a fallback to
# plain HSDS fields); the other profile and curators' fields keep their names.
READ_BY_HAND = ("slug", "summary", "description", "nationwide", "application_steps")
READ_AS_NAMED = tuple(
    name for name in (*hsds.PROFILE_FIELDS, *CURATOR_FIELDS) if name not in READ_BY_HAND
)


class ImportFailed(Exception):
    """The file cannot be imported; ``messages`` says why (one per bad row)."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


@dataclass
class SourceRow:
    """One program as read from a file: ``raw`` has a value for each column given
    (text from CSV, JSON values from HSDS), keyed by CSV column name."""

    label: str
    raw: dict
    errors: list = field(default_factory=list)
    values: dict = field(default_factory=dict)
    organisation: dict = field(default_factory=dict)
    match: ProgramPage | None = None


def as_text(value):
    """A cell or JSON value as text (None as empty)."""
    return "" if value is None else str(value)


def read_rows(text, file_format):
    """The rows of a file's text, read as ``file_format`` ("csv" or "hsds")."""
    return read_hsds(text) if file_format == "hsds" else read_csv(text)


def read_csv(text):
    """Rows of a CSV file (header row first). Missing required columns and unknown
    columns reject the whole file."""
    text = text.removeprefix("\ufeff")  # a byte-order mark from spreadsheets
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [name.strip() for name in reader.fieldnames or []]
    if not columns:
        raise ImportFailed(["The file is empty: it needs a header row."])
    reader.fieldnames = columns
    problems = [
        f"The file has no '{name}' column (it is required)."
        for name in REQUIRED_COLUMNS
        if name not in columns
    ]
    problems += [
        f"Unknown column '{name}' (see docs/import-format.md for the columns)."
        for name in columns
        if name not in CSV_COLUMNS
    ]
    duplicates = sorted({name for name in columns if columns.count(name) > 1})
    problems += [f"The column '{name}' appears twice." for name in duplicates]
    if problems:
        raise ImportFailed(problems)
    rows = []
    try:
        for number, record in enumerate(reader, start=2):
            if None in record:
                rows.append(
                    SourceRow(
                        f"Row {number}",
                        {},
                        ["it has more cells than the header has columns."],
                    )
                )
                continue
            if not any((value or "").strip() for value in record.values()):
                continue  # a blank line
            raw = {key: value or "" for key, value in record.items()}
            rows.append(SourceRow(f"Row {number}", raw))
    except csv.Error as error:
        raise ImportFailed([f"The file is not valid CSV: {error}."]) from error
    return rows


def read_hsds(text):
    """Services of an HSDS 3.0 JSON file: a list of services, or an object with
    ``services`` (our export) or ``contents`` (an API page)."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ImportFailed([f"The file is not valid JSON: {error}."]) from error
    if isinstance(data, dict):
        data = data.get("services", data.get("contents"))
    if not isinstance(data, list):
        raise ImportFailed(
            ["The file holds no list of services (expected 'services': [...])."]
        )
    needs_by_term_id = {
        hsds.term_id(need): need.slug for need in NeedCategory.objects.all()
    }
    rows = []
    for number, item in enumerate(data, start=1):
        label = f"Service {number}"
        if not isinstance(item, dict):
            rows.append(SourceRow(label, {}, ["it is not a JSON object."]))
            continue
        rows.append(SourceRow(label, *_service_to_raw(item, needs_by_term_id)))
    return rows


def _service_to_raw(service, needs_by_term_id):
    """An HSDS service as CSV-column values (our profile's fields when present,
    plain HSDS fields otherwise), and the problems found in its structure."""
    errors = []
    raw = {}
    organization = service.get("organization")
    if not isinstance(organization, dict) or not organization.get("name"):
        errors.append("it has no nested 'organization' with a name.")
        organization = {}
    # Our own exports carry the exact values in profile fields, where an absent
    # field means empty; other HSDS data only has the plain-text fields.
    ours = "external_id" in service
    description = as_text(service.get("description"))
    summary = service.get("summary")
    if summary is None and not ours:
        summary = description.split("\n\n")[0][:240]
    if ours:
        description_html = service.get("description_html", "")
        steps_html = service.get("application_steps_html", "")
    else:
        description_html = html_paragraphs(description)
        steps_html = html_paragraphs(as_text(service.get("application_process")))
    raw.update(
        {
            "external_id": service.get("external_id") or service.get("id"),
            "title": service.get("name"),
            "slug": service.get("slug", ""),
            **_organisation_columns(organization),
            "summary": summary,
            "description": description_html,
            "min_age": service.get("minimum_age"),
            "max_age": service.get("maximum_age"),
            "application_url": service.get("url", ""),
            "email": service.get("email", ""),
            "phone": _first_phone(service),
            "application_steps": steps_html,
            "languages": [
                item.get("code", "")
                for item in _objects(service, "languages", errors)
                if item.get("code")
            ],
            "last_verified_at": service.get("assured_date", ""),
            "status": service.get("status", ""),
        }
    )
    for name in READ_AS_NAMED:
        if name in service or (ours and name not in CURATOR_FIELDS):
            value = service.get(name, "")
            if name == "sources" and isinstance(value, list):
                value = "\n".join(map(as_text, value))
            raw[name] = value
    raw["need_categories"] = _needs_of(service, needs_by_term_id, errors)
    raw.update(_areas_of(service, errors))
    if "ways_to_help" in service:
        raw["ways_to_help"] = ways_to_help.from_hsds(service["ways_to_help"])
    raw.update(_spanish_of(service, ours, errors))
    documents = _objects(service, "required_documents", errors)
    raw["required_documents"] = [
        item["document_code"] for item in documents if item.get("document_code")
    ]
    raw["required_documents_other"] = "\n".join(
        as_text(item.get("document"))
        for item in documents
        if not item.get("document_code") and item.get("document")
    )
    return raw, errors


def _spanish_of(service, ours, errors):
    """The service's ``translations`` ({"es": {"summary": ...}}) as the CSV's
    Spanish columns: in our own exports a text left out is not translated; in
    other data only what is given is read. Without ``translations`` (a file from
    before there was Spanish, too) the program's Spanish is left as it is."""
    if translations.KEY not in service:
        return {}
    spanish = translations.read(service[translations.KEY], SPANISH_FIELDS)
    if spanish is None:
        errors.append("its 'translations' must map a language code to its texts.")
        return {}
    if ours:
        return {f"{name}_es": "" for name in SPANISH_FIELDS} | spanish
    return spanish


def _organisation_columns(organization):
    """The nested HSDS ``organization`` as the CSV's organisation columns."""
    return {
        "organisation": organization.get("name", ""),
        "organisation_website": organization.get("website", ""),
        "organisation_email": organization.get("email", ""),
        "organisation_description": organization.get("description", ""),
        "organisation_phone": _first_phone(organization),
        "organisation_ein": next(
            (
                item.get("identifier", "")
                for item in organization.get("organization_identifiers") or []
                if isinstance(item, dict)
                and item.get("identifier_scheme") == hsds.EIN_SCHEME
            ),
            "",
        ),
    }


def _objects(service, key, errors):
    value = service.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        errors.append(f"'{key}' is not a list of objects.")
        return []
    return value


def _first_phone(item):
    phones = item.get("phones") or []
    if isinstance(phones, list) and phones and isinstance(phones[0], dict):
        return as_text(phones[0].get("number"))
    return ""


def _needs_of(service, by_term_id, errors):
    """Need slugs from the service's attributes: our taxonomy's term identifiers,
    or else the term's code."""
    slugs = []
    for attribute in _objects(service, "attributes", errors):
        term = attribute.get("taxonomy_term")
        term = term if isinstance(term, dict) else {}
        if attribute.get("link_type", hsds.NEEDS_LINK_TYPE) != (hsds.NEEDS_LINK_TYPE):
            continue
        slug = by_term_id.get(attribute.get("taxonomy_term_id")) or term.get("code")
        if slug:
            slugs.append(as_text(slug))
    return slugs


def _areas_of(service, errors):
    """Service areas as CSV columns: nationwide, states, counties, partial_states."""
    states, counties, partial = [], [], []
    nationwide = service.get("nationwide")
    state_codes = {name.lower(): code for code, name in geo.STATES.items()}
    for area in _objects(service, "service_areas", errors):
        kind = area.get("region_kind")
        slug = as_text(area.get("region_slug"))
        name = as_text(area.get("name")).strip()
        if kind == "country" or (kind is None and name == geo.COUNTRY_NAME):
            nationwide = True if nationwide is None else nationwide
        elif kind == "state" and area.get("region_extent") == "part":
            partial.append(as_text(area.get("region_code")) or slug)
        elif kind == "state":
            states.append(as_text(area.get("region_code")) or slug)
        elif kind == "county":
            counties.append(slug)
        elif name.lower() in state_codes:
            states.append(state_codes[name.lower()])
        elif ", " in name:  # "Harris County, TX"
            county, _, state = name.rpartition(", ")
            counties.append(geo.county_slug(state.upper(), county))
        else:
            counties.append(name)  # reported as an unknown county
    return {
        "nationwide": bool(nationwide),
        "states": states,
        "counties": counties,
        "partial_states": partial,
    }
