"""A program's ways to help in the files curators move: the CSV's ``ways_to_help``
cell (a JSON list of ways, see docs/import-format.md), the HSDS profile's
``ways_to_help`` array on each service, and both read back as way values for
``apply_values``, checked with the rules of every way (``way_problems``).

A way's ``source_url`` is a curators' field: public files leave it out, and a file
whose ways carry no source at all (a public export) leaves the program's ways as
they are when imported.
"""

import json

from django.core.exceptions import ValidationError

from directory.choices import HelpKind, HelpReach, ItemCondition, VolunteerRole
from directory.models import WayToHelp
from directory.program_fields import (
    WAY_FIELDS,
    WAY_SPANISH_FIELDS,
    WAY_SPANISH_VALUES,
    way_problems,
    way_spanish,
)
from opendata import translations

COLUMN = "ways_to_help"
CURATOR_WAY_FIELDS = ("source_url",)
CHOICES = {
    "kind": HelpKind,
    "role": VolunteerRole,
    "item_condition": ItemCondition,
    "reach": HelpReach,
}
# Way fields under their HSDS profile names; the others keep theirs.
HSDS_KEYS = {"item_condition": "condition", "source_url": "source"}


def as_text(value):
    return "" if value is None else str(value)


def region_label(region):
    """A place as the CSV names it: a state's USPS code, a county's slug."""
    return region.code if region.kind == "state" else region.slug


# --- Writing ---


def way_record(way, *, curation=True):
    """One way as the CSV's JSON object: its fields, and its places as USPS codes
    and county slugs (no source unless ``curation``)."""
    record = {
        name: getattr(way, name)
        for name in WAY_FIELDS
        if curation or name not in CURATOR_WAY_FIELDS
    }
    record.update(way_spanish(way))
    record["places"] = sorted(region_label(region) for region in way.places.all())
    return record


def csv_cell(page, *, curation=True):
    """The program's ways as one CSV cell: a JSON list, empty when it has none."""
    ways = [way_record(way, curation=curation) for way in page.ways_to_help.all()]
    return json.dumps(ways, ensure_ascii=False) if ways else ""


def hsds_ways(page, *, curation=False):
    """The program's ways as the items of the profile's ``ways_to_help`` array
    (``opendata.hsds`` gives each its identifier)."""
    items = []
    for way in page.ways_to_help.all():
        item = {}
        for name in WAY_FIELDS:
            if curation or name not in CURATOR_WAY_FIELDS:
                value = getattr(way, name)
                if value != "":  # the profile types links as URIs
                    item[HSDS_KEYS.get(name, name)] = value
        if way_spanish(way):
            item[translations.KEY] = translations.written(way, WAY_SPANISH_FIELDS)
        item["places"] = [
            {
                "name": str(region),
                "region_slug": region.slug,
                "region_kind": region.kind,
                **({"region_code": region.code} if region.code else {}),
            }
            for region in sorted(way.places.all(), key=lambda r: (r.kind, r.name))
        ]
        items.append(item)
    return items


# --- Reading ---


def from_hsds(items):
    """The profile's ``ways_to_help`` as the CSV's list of way objects, so both
    formats are cleaned alike (a value that is not a list is cleaned as given)."""
    if not isinstance(items, list):
        return items
    names = {hsds: name for name, hsds in HSDS_KEYS.items()}
    ways = []
    for item in items:
        if not isinstance(item, dict):
            ways.append(item)
            continue
        way = {
            names.get(key, key): value
            for key, value in item.items()
            if key not in ("id", translations.KEY)
        }
        spanish = translations.read(item.get(translations.KEY), WAY_SPANISH_FIELDS)
        way.update(spanish or {})
        places = way.get("places")
        if isinstance(places, list):
            way["places"] = [
                place.get("region_slug", "") if isinstance(place, dict) else place
                for place in places
            ]
        ways.append(way)
    return ways


def clean_ways(value, regions, errors):
    """The ``ways_to_help`` of a row (CSV JSON text or a list) as way values, or
    None when the ways are to be left as they are (a file without sources). Each
    problem is added to ``errors`` naming the way by its number."""
    if isinstance(value, str):
        if not value.strip():
            return []
        try:
            value = json.loads(value)
        except ValueError:
            errors.append(f"{COLUMN} is not a JSON list of ways to help")
            return []
    if not isinstance(value, list) or not all(isinstance(w, dict) for w in value):
        errors.append(f"{COLUMN} must be a list of ways to help (JSON objects)")
        return []
    if value and not any("source_url" in way for way in value):
        return None
    return [
        clean_way(way, f"{COLUMN} {number}", regions, errors)
        for number, way in enumerate(value, start=1)
    ]


def clean_way(way, label, regions, errors):
    """One way's values, every field given (defaults for those left out), places
    as region slugs (``regions``: the known ones); its problems added to
    ``errors`` under ``label``. Files and the demo data are read with it."""
    unknown = sorted(set(way) - {*WAY_FIELDS, *WAY_SPANISH_VALUES, "places"})
    if unknown:
        errors.append(f"{label}: unknown key(s) {', '.join(unknown)}")
    values = {}
    for name in WAY_FIELDS:
        field = WayToHelp._meta.get_field(name)
        raw = way.get(name, field.get_default())
        if name == "whole_organisation":
            values[name] = _as_bool(raw, label, errors)
        elif name in CHOICES:
            values[name] = _choice(name, as_text(raw).strip(), label, errors)
        else:
            values[name] = _text(field, as_text(raw).strip(), label, errors)
    for name in WAY_SPANISH_VALUES:  # left out: kept as it is (``apply_values``)
        if name in way:
            field = WayToHelp._meta.get_field(name)
            values[name] = _text(field, as_text(way[name]).strip(), label, errors)
    values["places"] = _places(way.get("places") or [], label, regions, errors)
    errors += [f"{label}: {problem.detail}" for problem in way_problems(values)]
    return values


def _as_bool(value, label, errors):
    if isinstance(value, bool):
        return value
    errors.append(f"{label}: whole_organisation must be true or false")
    return False


def _choice(name, text, label, errors):
    choices = CHOICES[name]
    if name == "role" and not text:
        return ""
    if text not in choices.values:
        errors.append(
            f"{label}: {name} '{text}' is not one of: {', '.join(choices.values)}"
        )
    return text


def _text(field, text, label, errors):
    """Text cleaned by the model field's own rules (length, URL)."""
    if not text:
        return ""
    try:
        return field.clean(text, None)
    except ValidationError as error:
        errors.append(
            f"{label}: {field.name} '{text[:60]}': {' '.join(error.messages)}"
        )
        return text


def _places(places, label, regions, errors):
    """Region slugs of USPS state codes and county slugs; unknown ones reported."""
    if not isinstance(places, list):
        errors.append(f"{label}: places must be a list")
        return []
    slugs = []
    for place in places:
        slug = as_text(place).strip().lower()
        if slug in regions:
            slugs.append(slug)
        else:
            errors.append(f"{label}: unknown place '{place}'")
    return sorted(set(slugs))
