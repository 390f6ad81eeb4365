"""Programs, organisations and needs as Open Referral HSDS 3.0 objects.

HSDS identifiers are UUIDs. Ours are derived, never stored, so they stay stable:

- a service is its program's stable identifier (``external_id``) when that is a UUID,
  otherwise ``uuid5(NAMESPACE, "service:<external_id>")``; a program with no
  ``external_id`` uses its Wagtail ``translation_key`` (a UUID that never changes);
- an organisation is ``uuid5(NAMESPACE, "organization:<name>")`` (renaming it
  changes its identifier);
- the needs taxonomy and its terms are ``uuid5`` of ``taxonomy:needs`` and
  ``need:<slug>``; nested rows (phones, languages, areas, ...) hash their service's
  identifier with what they describe.

Fields HSDS has no place for (cancer scope, treatment requirement, help types, ...)
are added by the Brightside profile (``profile/schema/*.json``, JSON Merge Patches of
the HSDS schemas): ``PROFILE_FIELDS``, derived from the one list of program fields.
Reading HSDS files back is ``opendata.reading``.
"""

import re
import uuid
from html import unescape

from django.utils.html import strip_tags

from directory import geo
from directory.choices import (
    ApplicationStatus,
    CancerScope,
    Language,
    ProgramStatus,
    StandardDocument,
    TreatmentRequirement,
    WhoApplies,
)
from directory.program_fields import CURATOR_FIELDS, PROGRAM_FIELDS, SPANISH_FIELDS
from opendata import translations, ways_to_help

HSDS_VERSION = "3.0"
PROFILE_NAME = "brightside-mbc"

# Fixed for ever: changing it would change every published identifier.
NAMESPACE = uuid.UUID("5f0c7c3e-8d0e-4b7e-9a51-6a1f3f1d2b40")

NEEDS_TAXONOMY_NAME = "Brightside needs"
NEEDS_TAXONOMY_DESCRIPTION = (
    "What a person living with metastatic breast cancer needs help with, in two "
    "levels: groups (e.g. Money and bills) and categories (e.g. Cash grants)."
)
NEEDS_LINK_TYPE = "need"

# Our program status → HSDS service status (and back, accepting both spellings).
STATUS_TO_HSDS = {
    ProgramStatus.ACTIVE: "active",
    ProgramStatus.INACTIVE: "temporarily closed",
    ProgramStatus.DEFUNCT: "defunct",
}
STATUS_FROM_HSDS = {
    "active": ProgramStatus.ACTIVE,
    "temporarily closed": ProgramStatus.INACTIVE,
    "inactive": ProgramStatus.INACTIVE,
    "defunct": ProgramStatus.DEFUNCT,
}

EIN_SCHEME = "US-EIN"

# Program fields that plain HSDS has a place for (``name``, ``url``, ``phones``,
# ``languages``, ``assured_date``, ...).
HSDS_CORE_FIELDS = (
    "title",
    "min_age",
    "max_age",
    "application_url",
    "phone",
    "email",
    "required_documents",
    "required_documents_other",
    "languages",
    "last_verified_at",
    "status",
)
# Every other public program field is added to ``service`` by our profile, under its
# own name or the one below (HSDS's ``description`` is plain text; these are HTML).
PROFILE_FIELDS = tuple(
    name
    for name in PROGRAM_FIELDS
    if name not in HSDS_CORE_FIELDS and name not in CURATOR_FIELDS
)
PROFILE_KEYS = {
    "description": "description_html",
    "application_steps": "application_steps_html",
}


def derived_id(*parts):
    """A stable UUID (as text) for the given parts."""
    return str(uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts)))


def canonical_uuid(value):
    """``value`` as a lower-case canonical UUID if it is written as one, else None."""
    if not isinstance(value, str) or len(value) != 36:
        return None
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        return None
    text = str(parsed)
    return text if text == value.lower() else None


def stable_id(page):
    """The identifier imports match on: ``external_id``, else the translation key."""
    return page.external_id or str(page.translation_key)


def service_id(page):
    """The HSDS service identifier of a program (see the module docstring)."""
    if page.external_id:
        return canonical_uuid(page.external_id) or derived_id(
            "service", page.external_id
        )
    return str(page.translation_key)


def organization_id(organisation):
    return derived_id("organization", organisation.name)


def taxonomy_id():
    return derived_id("taxonomy", "needs")


def term_id(need):
    return derived_id("need", need.slug)


def html_to_text(html):
    """Rich text as plain text: paragraphs and list items on their own lines."""
    if not html:
        return ""
    text = re.sub(r"(?i)<br\s*/?>", "\n", html)
    text = re.sub(r"(?i)</(p|li|h[1-6]|div)>", "\n", text)
    text = re.sub(r"(?i)<li[^>]*>", "- ", text)
    text = unescape(strip_tags(text))
    lines = [line.strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def _compact(data, keep=()):
    """Drop empty optional values: HSDS types these fields as strings with formats
    (uri, email, uuid), which an empty string or a null would break."""
    return {
        key: value
        for key, value in data.items()
        if key in keep or (value is not None and value != "")
    }


def _sentence(text):
    text = text.strip()
    return text if not text or text[-1] in ".!?" else f"{text}."


def eligibility_text(page):
    """Who the program serves, in plain words, for consumers without our profile."""
    parts = [str(CancerScope(page.cancer_scope).label)]
    if page.treatment_requirement != TreatmentRequirement.UNKNOWN:
        parts.append(str(TreatmentRequirement(page.treatment_requirement).label))
    if page.income_limit_fpl_percent is not None:
        parts.append(
            f"Household income at or below {page.income_limit_fpl_percent}% of the "
            "federal poverty level"
        )
    elif page.no_income_limit:
        parts.append("No income limit")
    age = page.age_range()
    if age:
        parts.append(age)
    if page.other_eligibility:
        parts.append(page.other_eligibility)
    return " ".join(_sentence(part) for part in parts)


def application_text(page):
    """How to apply, in plain words."""
    parts = [_sentence(str(WhoApplies(page.who_applies).label))]
    if page.application_window:
        parts.append(_sentence(f"When to apply: {page.application_window}"))
    steps = html_to_text(page.application_steps)
    if steps:
        parts.append(steps)
    return "\n".join(parts)


def description_text(page):
    steps = html_to_text(page.description)
    return f"{page.summary}\n\n{steps}" if steps else page.summary


def alert_text(page):
    if page.status == ProgramStatus.INACTIVE:
        return "This program is temporarily closed."
    if page.application_status == ApplicationStatus.CLOSED:
        return "Applications are closed for now."
    if page.application_status == ApplicationStatus.WAITLIST:
        return "New applicants join a waitlist."
    if page.application_status == ApplicationStatus.OUT_OF_FUNDS:
        return "Out of funds for now: no applications are being taken."
    if page.application_status == ApplicationStatus.OPENS_PERIODICALLY:
        return _sentence(
            f"Applications open at set times: {page.application_window}"
            if page.application_window
            else "Applications open at set times"
        )
    return ""


def last_modified(page):
    moment = (
        page.last_published_at
        or page.latest_revision_created_at
        or page.first_published_at
    )
    return moment.isoformat(timespec="milliseconds") if moment else None


def listing_url(page, request=None):
    """The program's public page, only for live programs."""
    if not page.live:
        return None
    return page.get_full_url(request)


# --- Taxonomy ---


def taxonomy():
    """Our needs taxonomy as an HSDS ``taxonomy``."""
    return {
        "id": taxonomy_id(),
        "name": NEEDS_TAXONOMY_NAME,
        "description": NEEDS_TAXONOMY_DESCRIPTION,
        "version": "1",
    }


def taxonomy_term(need):
    """A need group or category as an HSDS ``taxonomy_term`` (code = its slug)."""
    return _compact(
        {
            "id": term_id(need),
            "code": need.slug,
            "name": need.name,
            "description": need.description,
            "parent_id": term_id(need.parent) if need.parent_id else None,
            "taxonomy": NEEDS_TAXONOMY_NAME,
            "taxonomy_detail": taxonomy(),
            "taxonomy_id": taxonomy_id(),
            "language": "en",
        },
        keep=("description",),
    )


# --- Organisation ---


def organization(organisation, services=None):
    """An organisation as an HSDS ``organization``; ``services`` nests its programs
    (a list of service dicts) when given."""
    org_id = organization_id(organisation)
    data = _compact(
        {
            "id": org_id,
            "name": organisation.name,
            "description": organisation.description,
            "website": organisation.website,
            "email": organisation.email,
        },
        keep=("description",),
    )
    if organisation.phone:
        data["phones"] = [
            {
                "id": derived_id(org_id, "phone"),
                "organization_id": org_id,
                "number": organisation.phone,
                "type": "voice",
            }
        ]
    if organisation.ein:
        data["organization_identifiers"] = [
            {
                "id": derived_id(org_id, "ein"),
                "organization_id": org_id,
                "identifier_scheme": EIN_SCHEME,
                "identifier_type": "US Employer Identification Number",
                "identifier": organisation.ein,
            }
        ]
    if services is not None:
        data["services"] = services
    return data


# --- Service ---


def _service_areas(page, sid):
    note = page.service_area_note
    if page.nationwide:
        return [
            _compact(
                {
                    "id": derived_id(sid, "area", geo.COUNTRY_SLUG),
                    "service_id": sid,
                    "name": geo.COUNTRY_NAME,
                    "description": note,
                    "region_slug": geo.COUNTRY_SLUG,
                    "region_kind": "country",
                    "region_code": "US",
                }
            )
        ]
    whole = [
        _compact(
            {
                "id": derived_id(sid, "area", region.slug),
                "service_id": sid,
                "name": str(region),
                "description": note,
                "region_slug": region.slug,
                "region_kind": region.kind,
                "region_code": region.code,
                "region_extent": "whole",
            }
        )
        for region in page.places
    ]
    parts = [
        _compact(
            {
                "id": derived_id(sid, "area-part", state.slug),
                "service_id": sid,
                "name": f"Parts of {state.name}",
                "description": note or "The program does not name the areas: ask.",
                "region_slug": state.slug,
                "region_kind": state.kind,
                "region_code": state.code,
                "region_extent": "part",
            }
        )
        for state in page.partial_places
    ]
    return whole + parts


def _required_documents(page, sid):
    documents = [
        {
            "id": derived_id(sid, "document", code),
            "service_id": sid,
            "document": str(StandardDocument(code).label),
            "document_code": code,
        }
        for code in page.required_documents
    ]
    documents += [
        {
            "id": derived_id(sid, "document-other", number),
            "service_id": sid,
            "document": line,
        }
        for number, line in enumerate(page.other_documents(), start=1)
    ]
    return documents


def _attributes(page, sid):
    return [
        {
            "id": derived_id(sid, "need", need.slug),
            "link_id": sid,
            "link_type": NEEDS_LINK_TYPE,
            "link_entity": "service",
            "taxonomy_term_id": term_id(need),
            "taxonomy_term": taxonomy_term(need),
        }
        for need in page.needs
    ]


def profile_fields(page):
    """The Brightside profile's additions to ``service`` (see profile/schema)."""
    data = {"external_id": stable_id(page)}
    for name in PROFILE_FIELDS:
        value = getattr(page, name)
        data[PROFILE_KEYS.get(name, name)] = (
            list(value) if name == "help_types" else value
        )
    return data


def curation_fields(page):
    """Curators' fields: only in curators' exports, never in the public API."""
    data = {name: getattr(page, name) for name in CURATOR_FIELDS}
    data["sources"] = page.source_list()
    return data


def service(page, request=None, *, full=True, curation=False):
    """A program as an HSDS ``service``.

    ``full`` nests its phones, languages, service areas, documents, need
    attributes, ways to help and organisation (``/services/{id}``); otherwise only
    one-to-one fields and the organisation (``/services``). ``curation`` adds the
    curators' private fields (the ways' sources too)."""
    sid = service_id(page)
    data = {
        "id": sid,
        "organization_id": organization_id(page.organisation),
        "name": page.title,
        "description": description_text(page),
        "url": page.application_url,
        "email": page.email,
        "status": STATUS_TO_HSDS[page.status],
        "application_process": application_text(page),
        "eligibility_description": eligibility_text(page),
        "minimum_age": page.min_age,
        "maximum_age": page.max_age,
        "assured_date": (
            page.last_verified_at.isoformat() if page.last_verified_at else None
        ),
        "alert": alert_text(page),
        "last_modified": last_modified(page),
        "listing_url": listing_url(page, request),
        **profile_fields(page),
    }
    keep = ["help_types"]
    if curation:
        # Kept even when empty, so an import can tell "cleared" from "left out of
        # a public export".
        extra = curation_fields(page)
        data.update(extra)
        keep += extra
    data = _compact(data, keep=keep)
    data["organization"] = organization(page.organisation)
    if not full:
        return data
    data["phones"] = (
        [
            {
                "id": derived_id(sid, "phone"),
                "service_id": sid,
                "number": page.phone,
                "type": "voice",
            }
        ]
        if page.phone
        else []
    )
    data["languages"] = [
        {
            "id": derived_id(sid, "language", code),
            "service_id": sid,
            "name": str(Language(code).label),
            "code": code,
        }
        for code in page.languages
    ]
    data["service_areas"] = _service_areas(page, sid)
    data["required_documents"] = _required_documents(page, sid)
    data["attributes"] = _attributes(page, sid)
    data["ways_to_help"] = [
        {"id": derived_id(sid, "way", number), **item}
        for number, item in enumerate(
            ways_to_help.hsds_ways(page, curation=curation), start=1
        )
    ]
    # Always given, so an import can tell "no Spanish" from a file without any.
    data[translations.KEY] = translations.written(page, SPANISH_FIELDS)
    return data
