"""Import programs from CSV or HSDS 3.0 JSON (the formats ``exporting`` writes).

All or nothing: every row is checked first, each bad row gets one message naming its
row and every problem in it, and a single bad row means nothing is written. Programs
are matched on their stable identifier (``external_id``), so importing the same file
twice changes nothing. New and changed programs become draft revisions unless
``publish`` is asked for. Organisations are matched by name; a new one is created
with the file's details, an existing one is left as curators keep it.
"""

import csv
import io
import json
from dataclasses import dataclass, field

import zipcodes

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from directory import geo
from directory.choices import (
    ApplicationStatus,
    CancerScope,
    HelpType,
    Language,
    ProgramStatus,
    ReapplyRule,
    StandardDocument,
    TreatmentRequirement,
    WhoApplies,
)
from directory.hsds import mapping
from directory.models import (
    DirectoryIndexPage,
    NeedCategory,
    Organisation,
    ProgramPage,
    Region,
)
from directory.models.pages import RESERVED_SLUGS
from directory.services.exporting import (
    BOOLEAN_COLUMNS,
    CSV_COLUMNS,
    ORGANISATION_FIELDS,
    PROGRAM_FIELDS,
    page_values,
)

REQUIRED_COLUMNS = (
    "external_id",
    "title",
    "organisation",
    "summary",
    "need_categories",
    "nationwide",
)
AREA_COLUMNS = ("nationwide", "states", "counties", "zip_codes")

CHOICE_FIELDS = {
    "cancer_scope": CancerScope,
    "treatment_requirement": TreatmentRequirement,
    "reapply_rule": ReapplyRule,
    "who_applies": WhoApplies,
    "application_status": ApplicationStatus,
    "status": ProgramStatus,
}
CHOICE_LIST_FIELDS = {
    "help_types": HelpType,
    "required_documents": StandardDocument,
    "languages": Language,
}
# Profile fields an HSDS service carries under their own names.
HSDS_PROFILE_FIELDS = (
    "service_area_note",
    "cancer_scope",
    "treatment_requirement",
    "income_limit_fpl_percent",
    "other_eligibility",
    "help_types",
    "award",
    "max_award_usd",
    "reapply_rule",
    "reapply_note",
    "typical_turnaround",
    "who_applies",
    "application_status",
    "application_window",
    "is_demo_data",
    "sources",
    "curator_note",
    "verification_note",
)
# Curators' fields: absent from public exports, so absent means "keep".
CURATION_FIELDS = ("sources", "curator_note", "verification_note")
INTEGER_FIELDS = ("income_limit_fpl_percent", "min_age", "max_age", "max_award_usd")
TRUE_WORDS = {"yes", "y", "true", "1"}
FALSE_WORDS = {"no", "n", "false", "0", ""}


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


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do), by stable identifier."""

    dry_run: bool = False
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    published: list = field(default_factory=list)

    def summary(self):
        text = (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged; {len(self.published)} published."
        )
        if self.dry_run:
            text = f"Dry run (nothing was written): {text}"
        return text


# --- Reading files ---


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
        mapping.term_id(need): need.slug for need in NeedCategory.objects.all()
    }
    rows = []
    for number, item in enumerate(data, start=1):
        label = f"Service {number}"
        if not isinstance(item, dict):
            rows.append(SourceRow(label, {}, ["it is not a JSON object."]))
            continue
        rows.append(SourceRow(label, *_service_to_raw(item, needs_by_term_id)))
    return rows


def _text(value):
    return "" if value is None else str(value)


def _html_paragraphs(text):
    paragraphs = [line.strip() for line in _text(text).splitlines() if line.strip()]
    return "".join(f"<p>{escape(line)}</p>" for line in paragraphs)


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
    description = _text(service.get("description"))
    summary = service.get("summary")
    if summary is None and not ours:
        summary = description.split("\n\n")[0][:240]
    if ours:
        description_html = service.get("description_html", "")
        steps_html = service.get("application_steps_html", "")
    else:
        description_html = _html_paragraphs(description)
        steps_html = _html_paragraphs(service.get("application_process"))
    raw.update(
        {
            "external_id": service.get("external_id") or service.get("id"),
            "title": service.get("name"),
            "slug": service.get("slug", ""),
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
                    and item.get("identifier_scheme") == mapping.EIN_SCHEME
                ),
                "",
            ),
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
    for name in HSDS_PROFILE_FIELDS:
        if name in service or (ours and name not in CURATION_FIELDS):
            value = service.get(name, "")
            if name == "sources" and isinstance(value, list):
                value = "\n".join(map(_text, value))
            raw[name] = value
    raw["need_categories"] = _needs_of(service, needs_by_term_id, errors)
    raw.update(_areas_of(service, errors))
    documents = _objects(service, "required_documents", errors)
    raw["required_documents"] = [
        item["document_code"] for item in documents if item.get("document_code")
    ]
    raw["required_documents_other"] = "\n".join(
        _text(item.get("document"))
        for item in documents
        if not item.get("document_code") and item.get("document")
    )
    return raw, errors


def _objects(service, key, errors):
    value = service.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        errors.append(f"'{key}' is not a list of objects.")
        return []
    return value


def _first_phone(item):
    phones = item.get("phones") or []
    if isinstance(phones, list) and phones and isinstance(phones[0], dict):
        return _text(phones[0].get("number"))
    return ""


def _needs_of(service, by_term_id, errors):
    """Need slugs from the service's attributes: our taxonomy's term identifiers,
    or else the term's code."""
    slugs = []
    for attribute in _objects(service, "attributes", errors):
        term = attribute.get("taxonomy_term")
        term = term if isinstance(term, dict) else {}
        if attribute.get("link_type", mapping.NEEDS_LINK_TYPE) != (
            mapping.NEEDS_LINK_TYPE
        ):
            continue
        slug = by_term_id.get(attribute.get("taxonomy_term_id")) or term.get("code")
        if slug:
            slugs.append(_text(slug))
    return slugs


def _areas_of(service, errors):
    """Service areas as CSV columns: nationwide, states, counties."""
    states, counties = [], []
    nationwide = service.get("nationwide")
    state_codes = {name.lower(): code for code, name in geo.STATES.items()}
    for area in _objects(service, "service_areas", errors):
        kind = area.get("region_kind")
        slug = _text(area.get("region_slug"))
        name = _text(area.get("name")).strip()
        if kind == "country" or (kind is None and name == geo.COUNTRY_NAME):
            nationwide = True if nationwide is None else nationwide
        elif kind == "state":
            states.append(_text(area.get("region_code")) or slug)
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
    }


# --- Checking rows ---


class _Vocabulary:
    """Needs and places, loaded once per import."""

    def __init__(self):
        needs = NeedCategory.objects.all()
        self.needs = {need.slug: need for need in needs if need.parent_id}
        self.groups = {need.slug for need in needs if not need.parent_id}
        regions = Region.objects.exclude(kind="country")
        self.regions = {region.slug: region for region in regions}
        self.states = {
            region.code.upper(): region
            for region in self.regions.values()
            if region.kind == "state"
        }


def _as_list(value):
    if isinstance(value, list | tuple):
        return [_text(item).strip() for item in value if _text(item).strip()]
    parts = _text(value).replace(",", ";").split(";")
    return [part.strip() for part in parts if part.strip()]


def _as_bool(value, name, errors):
    if isinstance(value, bool):
        return value
    word = _text(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    errors.append(f"{name} must be yes or no, not '{value}'")
    return False


def _model_field(name, value, errors, model=ProgramPage, column=None):
    """``value`` cleaned by the model field's own rules (length, URL, e-mail,
    dates, validators); a problem becomes a message naming the column."""
    model_field = model._meta.get_field(name)
    try:
        return model_field.clean(value, None)
    except ValidationError as error:
        shown = _text(value)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        errors.append(f"{column or name} '{shown}': {' '.join(error.messages)}")
        return None


def _clean_row(row, vocabulary):
    """Fill ``row.values`` (model-ready values for the columns given) and
    ``row.organisation``, adding a message to ``row.errors`` for each problem."""
    raw, errors, values = row.raw, row.errors, row.values
    external_id = _text(raw.get("external_id")).strip()
    if not external_id:
        errors.append("external_id is empty: every program needs a stable identifier")
    elif len(external_id) > 64:
        errors.append("external_id is longer than 64 characters")
    values["external_id"] = mapping.canonical_uuid(external_id) or external_id

    name = _text(raw.get("organisation")).strip()
    if not name:
        errors.append("organisation is empty")
    row.organisation = {"name": name}
    for detail in ORGANISATION_FIELDS:
        column = f"organisation_{detail}"
        if column in raw:
            value = _text(raw[column]).strip()
            row.organisation[detail] = value
            if value:
                _model_field(detail, value, errors, Organisation, column)
    ein = row.organisation.get("ein", "")
    if ein and not (len(ein.replace("-", "")) == 9 and ein.replace("-", "").isdigit()):
        errors.append(f"organisation_ein '{ein}' is not an EIN like 12-3456789")

    for name in PROGRAM_FIELDS:
        if name not in raw or name in BOOLEAN_COLUMNS:
            continue
        value = raw[name]
        if name in CHOICE_FIELDS:
            values[name] = _clean_choice(name, value, errors)
        elif name in CHOICE_LIST_FIELDS:
            values[name] = _clean_choice_list(name, value, errors)
        elif name in INTEGER_FIELDS:
            values[name] = _clean_integer(name, value, errors)
        elif name == "last_verified_at":
            text = _text(value).strip()
            values[name] = _model_field(name, text, errors) if text else None
        elif name == "slug":
            text = _text(value).strip()
            values[name] = _model_field(name, text, errors) if text else ""
        else:
            text = _text(value).replace("\r\n", "\n")
            model_field = ProgramPage._meta.get_field(name)
            if model_field.get_internal_type() == "CharField" or name in (
                "application_url",
                "email",
            ):
                text = text.strip()
            values[name] = _model_field(name, text, errors)
    if "is_demo_data" in raw:
        values["is_demo_data"] = _as_bool(raw["is_demo_data"], "is_demo_data", errors)

    if "need_categories" in raw:
        values["need_categories"] = _clean_needs(
            raw["need_categories"], vocabulary, errors
        )
    if any(column in raw for column in AREA_COLUMNS):
        _clean_area(raw, values, vocabulary, errors)
    _check_rules(values, errors)


def _clean_choice(name, value, errors):
    text = _text(value).strip()
    choices = CHOICE_FIELDS[name]
    if name == "status" and text in mapping.STATUS_FROM_HSDS:
        return mapping.STATUS_FROM_HSDS[text]
    if not text:
        return ProgramPage._meta.get_field(name).get_default()
    if text not in choices.values:
        errors.append(f"{name} '{text}' is not one of: {', '.join(choices.values)}")
    return text


def _clean_choice_list(name, value, errors):
    items = _as_list(value)
    choices = CHOICE_LIST_FIELDS[name]
    unknown = [item for item in items if item not in choices.values]
    if unknown:
        errors.append(
            f"{name}: unknown value(s) {', '.join(repr(u) for u in unknown)} "
            f"(known: {', '.join(choices.values)})"
        )
    return ProgramPage._meta.get_field(name).ordered(items)


def _clean_integer(name, value, errors):
    if value is None or _text(value).strip() == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not _text(value).strip().isdigit():
        errors.append(f"{name} '{value}' is not a whole number")
        return None
    return _model_field(name, int(_text(value).strip()), errors)


def _clean_needs(value, vocabulary, errors):
    given = _as_list(value)
    if not given:
        errors.append("need_categories is empty: give at least one need")
    slugs = []
    for slug in given:
        slug = slug.lower()
        if slug in vocabulary.groups:
            errors.append(f"need '{slug}' is a group: list its categories instead")
        elif slug not in vocabulary.needs:
            errors.append(f"unknown need '{slug}'")
        elif slug not in slugs:
            slugs.append(slug)
    return sorted(slugs)


def _clean_area(raw, values, vocabulary, errors):
    """nationwide, or the states, counties and ZIP codes (each ZIP adds its
    county) served: never both, never neither."""
    nationwide = _as_bool(raw.get("nationwide", ""), "nationwide", errors)
    regions = []
    for code in _as_list(raw.get("states", "")):
        region = vocabulary.states.get(code.upper())
        if region is None:
            errors.append(f"unknown state '{code}' (use USPS codes such as TX)")
        else:
            regions.append(region.slug)
    for slug in _as_list(raw.get("counties", "")):
        if slug.lower() in vocabulary.regions:
            regions.append(slug.lower())
        else:
            errors.append(
                f"unknown county '{slug}' (use slugs such as harris-county-tx)"
            )
    for code in _as_list(raw.get("zip_codes", "")):
        slug = _county_of_zip(code)
        if slug is None or slug not in vocabulary.regions:
            errors.append(f"'{code}' is not a US ZIP code")
        else:
            regions.append(slug)
    if nationwide and regions:
        errors.append(
            "a nationwide program lists no states, counties or ZIP codes: "
            "set nationwide to no or clear them"
        )
    elif not nationwide and not regions and "nationwide" in raw:
        errors.append(
            "say where it helps: nationwide yes, or states, counties or ZIP codes"
        )
    values["nationwide"] = nationwide
    values["regions"] = sorted(set(regions))


def _county_of_zip(code):
    """The county slug of a five-digit ZIP code, or None."""
    if not (len(code) == 5 and code.isascii() and code.isdigit()):
        return None
    try:
        records = zipcodes.matching(code)
    except (TypeError, ValueError):
        return None
    for record in records:
        state, county = record.get("state"), record.get("county", "").strip()
        if state in geo.STATES and county:
            return geo.county_slug(state, county)
    return None


def _check_rules(values, errors):
    """The rules ProgramPage.clean() applies, checked before anything is saved."""
    slug = values.get("slug")
    if slug in RESERVED_SLUGS:
        errors.append(f"slug '{slug}' is reserved for directory addresses")
    low, high = values.get("min_age"), values.get("max_age")
    if low is not None and high is not None and low > high:
        errors.append(f"max_age {high} is below min_age {low}")
    verified = values.get("last_verified_at")
    if verified and verified > timezone.localdate():
        errors.append(f"last_verified_at {verified} is in the future")


def _check_across_rows(rows, parent):
    """Duplicate identifiers and slugs in the file, and each row's match in the
    database (by stable identifier)."""
    first_seen = {}
    for row in rows:
        external_id = row.values.get("external_id")
        if not external_id:
            continue
        key = external_id.lower()
        if key in first_seen:
            row.errors.append(
                f"external_id '{external_id}' is already used on "
                f"{first_seen[key].label.lower()}"
            )
        else:
            first_seen[key] = row

    ids = [row.values["external_id"] for row in rows if row.values.get("external_id")]
    keys = [mapping.canonical_uuid(value) for value in ids]
    matches = {}
    for page in ProgramPage.objects.filter(external_id__in=ids):
        matches.setdefault(page.external_id.lower(), []).append(page)
    for page in ProgramPage.objects.filter(
        external_id="", translation_key__in=[key for key in keys if key]
    ):
        matches.setdefault(str(page.translation_key), []).append(page)
    for row in rows:
        found = matches.get(_text(row.values.get("external_id")).lower(), [])
        if len(found) > 1:
            row.errors.append(
                f"external_id '{row.values['external_id']}' matches "
                f"{len(found)} programs: make them unique in the admin first"
            )
        elif found:
            row.match = found[0]

    _assign_slugs(rows, parent)


def _assign_slugs(rows, parent):
    """Give new programs without a slug one made from the title, and reject a slug
    that another program already uses."""
    taken = dict(
        ProgramPage.objects.child_of(parent).values_list("slug", "pk") if parent else []
    )
    used_in_file = {}
    for row in rows:
        slug = row.values.get("slug")
        own_pk = row.match.pk if row.match else None
        if not slug:
            row.values.pop("slug", None)
            if row.match:
                continue
            slug = _free_slug(row.values.get("title") or "program", taken, used_in_file)
            row.values["slug"] = slug
        elif taken.get(slug, own_pk) != own_pk:
            row.errors.append(f"slug '{slug}' is already used by another program")
        elif slug in used_in_file:
            row.errors.append(
                f"slug '{slug}' is also used on {used_in_file[slug].lower()}"
            )
        used_in_file[slug] = row.label


def _free_slug(title, taken, used_in_file):
    base = slugify(title)[:240] or "program"
    if base in RESERVED_SLUGS:
        base = f"{base}-program"
    slug, number = base, 2
    while slug in taken or slug in used_in_file:
        slug, number = f"{base}-{number}", number + 1
    return slug


# --- Writing ---


def import_programs(rows, *, publish=False, dry_run=False, parent=None):
    """Check every row, then write them all in one transaction (rolled back in a
    dry run). Raises ImportFailed, having written nothing, if any row is bad."""
    parent = parent or DirectoryIndexPage.objects.first()
    if parent is None:
        raise ImportFailed(["There is no directory page to import programs under."])
    vocabulary = _Vocabulary()
    for row in rows:
        if not row.errors:
            _clean_row(row, vocabulary)
    _check_across_rows(rows, parent)
    _require_new_fields(rows)
    bad = [row for row in rows if row.errors]
    if bad:
        raise ImportFailed(
            f"{row.label}: {'; '.join(_unique(row.errors))}." for row in bad
        )
    if not rows:
        raise ImportFailed(["The file has no programs in it."])

    report = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        organisations = {}
        for row in rows:
            try:
                _write_row(row, parent, organisations, publish, report)
            except ValidationError as error:  # a rule only saving could see
                raise ImportFailed(
                    [f"{row.label}: {' '.join(error.messages)}"]
                ) from error
        if dry_run:
            transaction.set_rollback(True)
    return report


def _unique(messages):
    return list(dict.fromkeys(message.rstrip(".") for message in messages))


def _require_new_fields(rows):
    for row in rows:
        if row.match is None and not row.errors:
            missing = [
                name
                for name in ("title", "summary", "need_categories", "nationwide")
                if name not in row.values
            ]
            if missing:
                row.errors.append(f"a new program needs {', '.join(missing)}")


def _organisation_for(row, organisations):
    name = row.organisation["name"]
    if name not in organisations:
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None:
            details = {k: v for k, v in row.organisation.items() if k != "name"}
            organisation = Organisation(name=name, **details)
            organisation.full_clean()
            organisation.save()
        organisations[name] = organisation
    return organisations[name]


def _write_row(row, parent, organisations, publish, report):
    """Create, update (a new revision) or leave one program; publish if asked."""
    external_id = row.values["external_id"]
    organisation = _organisation_for(row, organisations)
    if row.match is None:
        page = ProgramPage(external_id=external_id, organisation=organisation)
        _apply(page, row.values, organisation)
        page.live = False
        page.has_unpublished_changes = True
        parent.add_child(instance=page)
        revision = page.save_revision(log_action=True)
        report.created.append(external_id)
        if publish:
            revision.publish()
            report.published.append(external_id)
        return

    page = row.match.specific.get_latest_revision_as_object()
    current = page_values(page)
    wanted = dict(current)
    wanted.update({key: value for key, value in row.values.items() if key in current})
    wanted["external_id"] = current["external_id"]
    wanted["organisation"] = organisation.name
    if wanted == current:
        report.unchanged.append(external_id)
        live = row.match.specific
        if publish and (not live.live or live.has_unpublished_changes):
            live.get_latest_revision().publish()
            report.published.append(external_id)
        return
    _apply(page, row.values, organisation)
    revision = page.save_revision(log_action=True)
    report.updated.append(external_id)
    if publish:
        revision.publish()
        report.published.append(external_id)


def _apply(page, values, organisation):
    page.organisation = organisation
    for name in PROGRAM_FIELDS:
        if name in values:
            setattr(page, name, values[name])
    if "need_categories" in values:
        page.need_categories = list(
            NeedCategory.objects.filter(slug__in=values["need_categories"])
        )
    if "regions" in values:
        page.regions = list(Region.objects.filter(slug__in=values["regions"]))
