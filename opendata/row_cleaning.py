"""One imported row's cells as model-ready values, with a message for each problem.

Each cell is cleaned by its model field's own rules (length, URL, e-mail, dates,
validators such as the EIN's) and then the rows are checked with the program rules
of ``directory.program_fields``, so a file is held to what the page editor holds
curators to. Messages name the column and the value, for a row-numbered report.
"""

from django.core.exceptions import ValidationError

from directory import geo
from directory.choices import (
    RENAMED,
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
from directory.models import NeedCategory, Organisation, ProgramPage, Region
from directory.program_fields import PROGRAM_FIELDS, SPANISH_VALUES, rule_problems
from opendata import hsds, ways_to_help
from opendata.exporting import ORGANISATION_FIELDS
from opendata.reading import as_text

AREA_COLUMNS = ("nationwide", "states", "counties", "zip_codes", "partial_states")
BOOLEAN_COLUMNS = (
    "nationwide",
    "nationwide_local_sites",
    "no_income_limit",
    "is_demo_data",
)
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
INTEGER_FIELDS = ("income_limit_fpl_percent", "min_age", "max_age", "max_award_usd")
TRUE_WORDS = {"yes", "y", "true", "1"}
FALSE_WORDS = {"no", "n", "false", "0", ""}


class Vocabulary:
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


def clean_row(row, vocabulary):
    """Fill ``row.values`` (model-ready values for the columns given) and
    ``row.organisation``, adding a message to ``row.errors`` for each problem."""
    raw, errors, values = row.raw, row.errors, row.values
    external_id = as_text(raw.get("external_id")).strip()
    if not external_id:
        errors.append("external_id is empty: every program needs a stable identifier")
    elif len(external_id) > 64:
        errors.append("external_id is longer than 64 characters")
    values["external_id"] = hsds.canonical_uuid(external_id) or external_id
    row.organisation = _clean_organisation(raw, errors)
    _clean_program_fields(raw, values, errors)
    if "need_categories" in raw:
        values["need_categories"] = _clean_needs(
            raw["need_categories"], vocabulary, errors
        )
    if any(column in raw for column in AREA_COLUMNS):
        _clean_area(raw, values, vocabulary, errors)
    if "service_places" in raw:
        _clean_service_places(raw, values, vocabulary, errors)
    if ways_to_help.COLUMN in raw:
        ways = ways_to_help.clean_ways(
            raw[ways_to_help.COLUMN], vocabulary.regions, errors
        )
        if ways is not None:
            values["ways_to_help"] = ways
    errors += [problem.detail for problem in rule_problems(_rule_values(raw, values))]


def _clean_organisation(raw, errors):
    """The organisation's name and the details the file gives."""
    name = as_text(raw.get("organisation")).strip()
    if not name:
        errors.append("organisation is empty")
    organisation = {"name": name}
    for detail in ORGANISATION_FIELDS:
        column = f"organisation_{detail}"
        if column in raw:
            value = as_text(raw[column]).strip()
            organisation[detail] = value
            if value:
                _model_field(detail, value, errors, Organisation, column)
    return organisation


def _clean_program_fields(raw, values, errors):
    """The program's own fields and their Spanish (the area and needs are cleaned
    separately)."""
    for name in SPANISH_VALUES:
        if name in raw:
            values[name] = _clean_text(name, raw[name], errors)
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
        elif name in ("last_verified_at", "application_status_checked_at"):
            text = as_text(value).strip()
            values[name] = _model_field(name, text, errors) if text else None
        elif name == "slug":
            text = as_text(value).strip()
            values[name] = _model_field(name, text, errors) if text else ""
        else:
            values[name] = _clean_text(name, value, errors)
    for name in ("is_demo_data", "nationwide_local_sites", "no_income_limit"):
        if name in raw:
            values[name] = _as_bool(raw[name], name, errors)


def _clean_text(name, value, errors):
    """A text field's cell: line breaks as "\n", a one-line field trimmed."""
    text = as_text(value).replace("\r\n", "\n")
    model_field = ProgramPage._meta.get_field(name)
    if model_field.get_internal_type() == "CharField" or name in (
        "application_url",
        "email",
    ):
        text = text.strip()
    return _model_field(name, text, errors)


def _rule_values(raw, values):
    """What the program rules are checked on: the service area only when the row
    says whether it is nationwide, and the needs only when it lists them (as
    given, so needs that are all unknown are not also reported as none)."""
    checked = {
        name: value
        for name, value in values.items()
        if name not in ("nationwide", "regions", "partial_states", "need_categories")
    }
    if "nationwide" in raw:
        checked["nationwide"] = values["nationwide"]
        checked["regions"] = values["regions"]
        checked["partial_states"] = values["partial_states"]
    if "need_categories" in raw:
        checked["need_categories"] = _as_list(raw["need_categories"])
    return checked


def _as_list(value):
    if isinstance(value, list | tuple):
        return [as_text(item).strip() for item in value if as_text(item).strip()]
    parts = as_text(value).replace(",", ";").split(";")
    return [part.strip() for part in parts if part.strip()]


def _as_bool(value, name, errors):
    if isinstance(value, bool):
        return value
    word = as_text(value).strip().lower()
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
        shown = as_text(value)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        errors.append(f"{column or name} '{shown}': {' '.join(error.messages)}")
        return None


def _clean_choice(name, value, errors):
    text = as_text(value).strip()
    text = RENAMED.get(text, text)  # files written before a value was renamed
    choices = CHOICE_FIELDS[name]
    if name == "status" and text in hsds.STATUS_FROM_HSDS:
        return hsds.STATUS_FROM_HSDS[text]
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
    if value is None or as_text(value).strip() == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not as_text(value).strip().isdigit():
        errors.append(f"{name} '{value}' is not a whole number")
        return None
    return _model_field(name, int(as_text(value).strip()), errors)


def _clean_needs(value, vocabulary, errors):
    """Need category slugs; a group or an unknown slug is a problem."""
    slugs = []
    for slug in _as_list(value):
        slug = slug.lower()
        if slug in vocabulary.groups:
            errors.append(f"need '{slug}' is a group: list its categories instead")
        elif slug not in vocabulary.needs:
            errors.append(f"unknown need '{slug}'")
        elif slug not in slugs:
            slugs.append(slug)
    return sorted(slugs)


def _clean_service_places(raw, values, vocabulary, errors):
    """The counties where help is given at a place (county slugs)."""
    places = _county_slugs(raw["service_places"], vocabulary, errors)
    values["service_places"] = sorted(set(places))


def _state_slugs(cell, vocabulary, errors):
    """The region slugs of a cell of USPS state codes; unknown codes reported."""
    slugs = []
    for code in _as_list(cell):
        region = vocabulary.states.get(code.upper())
        if region is None:
            errors.append(f"unknown state '{code}' (use USPS codes such as TX)")
        else:
            slugs.append(region.slug)
    return slugs


def _county_slugs(cell, vocabulary, errors):
    """The known county slugs of a cell; unknown ones reported."""
    slugs = []
    for slug in _as_list(cell):
        if slug.lower() in vocabulary.regions:
            slugs.append(slug.lower())
        else:
            errors.append(
                f"unknown county '{slug}' (use slugs such as harris-county-tx)"
            )
    return slugs


def _clean_area(raw, values, vocabulary, errors):
    """nationwide, and the states, counties and ZIP codes served (each ZIP adds its
    county), and the states served in parts not named; whether that is a service
    area at all is a program rule."""
    nationwide = _as_bool(raw.get("nationwide", ""), "nationwide", errors)
    regions = _state_slugs(raw.get("states", ""), vocabulary, errors)
    regions += _county_slugs(raw.get("counties", ""), vocabulary, errors)
    for code in _as_list(raw.get("zip_codes", "")):
        place = geo.place_of_zip(code)
        slug = place[1] if place else None
        if slug is None or slug not in vocabulary.regions:
            errors.append(f"'{code}' is not a US ZIP code")
        else:
            regions.append(slug)
    partial = _state_slugs(raw.get("partial_states", ""), vocabulary, errors)
    values["nationwide"] = nationwide
    values["regions"] = sorted(set(regions))
    values["partial_states"] = sorted(set(partial))
