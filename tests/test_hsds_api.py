"""The Open Referral HSDS 3.0 API at /api/hsds/: every response valid against the
HSDS schemas in tests/data/hsds-3.0/ and our profile, only published programs,
HSDS pagination, filters, and 400s (never 500s) for bad parameters."""

import copy
import datetime
import json
import uuid
from pathlib import Path

import pytest

from django.conf import settings
from django.core.management import call_command
from django.urls import URLPattern, reverse
from django.utils import timezone

from wagtail.models import PageViewRestriction

from directory import choices
from directory.models import NeedCategory, ProgramPage
from opendata import hsds as mapping
from opendata import urls
from opendata.exporting import hsds_document, programs_for_export
from opendata.views import PROFILE_DIR
from tests.factories import OrganisationFactory, ProgramPageFactory, county, state

pytestmark = pytest.mark.django_db

HSDS_DIR = Path(settings.BASE_DIR) / "tests" / "data" / "hsds-3.0"
API = "/api/hsds"
PAGE_FIELDS = (
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
)


def merge_patch(target, patch):
    """RFC 7386 JSON Merge Patch, as HSDS profiles are written."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def profile_patch(name):
    return json.loads((PROFILE_DIR / "schema" / f"{name}.json").read_text())


class Schemas:
    """Validators for the HSDS schemas (tests/data/hsds-3.0) and our profile."""

    def __init__(self, jsonschema):
        self.jsonschema = jsonschema

        def load(name):
            return json.loads((HSDS_DIR / name).read_text(encoding="utf-8"))

        openapi = load("openapi.json")
        self.page = openapi["components"]["schemas"]["Page"]
        self.root = openapi["paths"]["/"]["get"]["responses"]["200"]["content"][
            "application/json"
        ]["schema"]
        self.service = load("compiled/service.json")
        self.organization = load("compiled/organization.json")
        self.service_list = load("compiled/service_list.json")
        self.organization_list = load("compiled/organization_list.json")
        self.taxonomy = load("taxonomy.json")
        self.taxonomy_term = load("taxonomy_term.json")
        # taxonomy_term.json points at taxonomy.json by relative $ref.
        self.taxonomy_term["properties"]["taxonomy_detail"] = self.taxonomy
        self.profile_service = merge_patch(self.service, profile_patch("service"))
        for key, name in (
            ("service_areas", "service_area"),
            ("required_documents", "required_document"),
        ):
            items = self.profile_service["properties"][key]["items"]
            self.profile_service["properties"][key]["items"] = merge_patch(
                items, profile_patch(name)
            )
        self.profile_service_list = merge_patch(
            self.service_list, profile_patch("service")
        )

    def errors(self, schema, instance):
        draft = self.jsonschema.Draft202012Validator
        validator = draft(schema, format_checker=draft.FORMAT_CHECKER)
        return [
            f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
            for error in validator.iter_errors(instance)
        ]

    def page_of(self, item_schema):
        return {
            "allOf": [self.page],
            "required": [*PAGE_FIELDS, "contents"],
            "properties": {"contents": {"type": "array", "items": item_schema}},
        }


@pytest.fixture(scope="module")
def schemas():
    jsonschema = pytest.importorskip(
        "jsonschema", reason="jsonschema (requirements-dev.txt) is not installed."
    )
    return Schemas(jsonschema)


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json"
    return response.json()


def assert_only_known_fields(service, schemas):
    """Every field is HSDS or our profile's: a misspelt profile field fails."""
    properties = schemas.profile_service["properties"]
    assert set(service) <= set(properties), set(service) - set(properties)
    for key in ("service_areas", "required_documents", "phones", "languages"):
        allowed = set(properties[key]["items"]["properties"])
        for item in service.get(key, []):
            assert set(item) <= allowed, (key, set(item) - allowed)


@pytest.fixture
def program(directory_page):
    return ProgramPageFactory(
        parent=directory_page,
        external_id="grant-1",
        title="Gas Cards for Treatment",
        summary="Gas cards for driving to treatment.",
        description="<p>Cards are <b>mailed</b> to you.</p>",
        need_categories=[NeedCategory.objects.get(slug="gas-cards")],
        regions=[state("TX"), county("harris-county-tx")],
        cancer_scope=choices.CancerScope.METASTATIC_BREAST,
        treatment_requirement=choices.TreatmentRequirement.INCLUDES_MAINTENANCE,
        help_types=[choices.HelpType.CARD],
        reapply_rule=choices.ReapplyRule.YEARLY,
        application_status=choices.ApplicationStatus.OPEN,
        application_url="https://example.org/apply",
        phone="555-0100",
        email="apply@example.org",
        languages=["en", "es"],
        required_documents=["diagnosis"],
        required_documents_other="A letter from your oncologist",
        min_age=18,
        last_verified_at=datetime.date(2025, 1, 31),
        income_limit_fpl_percent=300,
        curator_note="Spoke to Ann; never publish this.",
        sources="https://example.org/source",
    )


def test_root_names_hsds_version_profile_and_openapi(client, schemas):
    data = get_json(client, f"{API}/")

    assert schemas.errors(schemas.root, data) == []
    assert data["version"] == "3.0"
    profile = get_json(client, data["profile"])
    assert set(profile["schemas"]) == {"service", "service_area", "required_document"}
    for url in profile["schemas"].values():
        assert "properties" in get_json(client, url)
    assert get_json(client, data["openapi_url"])["openapi"] == "3.1.0"


def test_every_demo_service_and_export_is_valid_hsds_and_against_our_profile(
    client, schemas, directory_page
):
    call_command("load_initial_data", verbosity=0)
    listing = get_json(client, f"{API}/services?per_page=100")
    export = hsds_document(programs_for_export())

    assert schemas.errors(schemas.page_of(schemas.service_list), listing) == []
    assert schemas.errors(schemas.page_of(schemas.profile_service_list), listing) == []
    assert listing["total_items"] == ProgramPage.objects.visible().count() == 80
    for item in listing["contents"]:
        service = get_json(client, f"{API}/services/{item['id']}")
        assert schemas.errors(schemas.service, service) == [], service["name"]
        assert schemas.errors(schemas.profile_service, service) == [], service["name"]
        assert_only_known_fields(service, schemas)
    # The curators' HSDS export: the same services plus the curators' fields.
    assert len(export["services"]) == 80
    for service in export["services"]:
        assert schemas.errors(schemas.profile_service, service) == [], service["name"]
        assert_only_known_fields(service, schemas)
        assert "curator_note" in service


def test_service_maps_program_fields_to_hsds_and_profile(client, schemas, program):
    service = get_json(client, f"{API}/services/{mapping.service_id(program)}")

    assert schemas.errors(schemas.profile_service, service) == []
    assert service["name"] == "Gas Cards for Treatment"
    assert service["status"] == "active"
    assert service["assured_date"] == "2025-01-31"
    assert service["url"] == "https://example.org/apply"
    assert service["minimum_age"] == 18
    assert "Metastatic breast cancer only." in service["eligibility_description"]
    assert "300% of the federal poverty level" in service["eligibility_description"]
    assert service["description"].endswith("Cards are mailed to you.")
    assert service["cancer_scope"] == "metastatic-breast"
    assert service["help_types"] == ["gift-or-prepaid-card"]
    assert service["application_status"] == "open"
    assert [phone["number"] for phone in service["phones"]] == ["555-0100"]
    assert [language["code"] for language in service["languages"]] == ["en", "es"]
    assert {area["name"] for area in service["service_areas"]} == {
        "Texas",
        "Harris County, TX",
    }
    assert [doc.get("document_code") for doc in service["required_documents"]] == [
        "diagnosis",
        None,
    ]
    [attribute] = service["attributes"]
    assert attribute["taxonomy_term"]["code"] == "gas-cards"
    assert attribute["link_id"] == service["id"]
    assert service["organization"]["id"] == service["organization_id"]


def test_curators_fields_never_appear_in_the_api(client, program):
    body = client.get(f"{API}/services/{mapping.service_id(program)}").content
    listing = client.get(f"{API}/services?full=true").content

    for content in (body, listing):
        assert b"never publish this" not in content
        assert b"curator_note" not in content
        assert b"example.org/source" not in content


def test_service_ids_are_stable_uuids(client, directory_page):
    known = "6f1c1e3a-1d0b-4c4e-9f54-3c1f5e0b9a11"
    with_uuid = ProgramPageFactory(parent=directory_page, external_id=known.upper())
    with_text = ProgramPageFactory(parent=directory_page, external_id="demo-001")
    without = ProgramPageFactory(parent=directory_page, external_id="")

    assert mapping.service_id(with_uuid) == known
    assert mapping.service_id(with_text) == str(
        uuid.uuid5(mapping.NAMESPACE, "service:demo-001")
    )
    assert mapping.service_id(without) == str(without.translation_key)
    for page in (with_uuid, with_text, without):
        data = get_json(client, f"{API}/services/{mapping.service_id(page)}")
        assert data["name"] == page.title


def test_drafts_private_and_defunct_programs_never_appear(client, directory_page):
    shown = ProgramPageFactory(parent=directory_page, title="Shown")
    draft = ProgramPageFactory(
        parent=directory_page,
        publish=False,
        organisation=OrganisationFactory(name="Only Drafts Org"),
    )
    defunct = ProgramPageFactory(
        parent=directory_page, status=choices.ProgramStatus.DEFUNCT
    )
    private = ProgramPageFactory(parent=directory_page)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )

    listing = get_json(client, f"{API}/services")
    assert [item["name"] for item in listing["contents"]] == ["Shown"]
    for page in (draft, defunct, private):
        get_json(client, f"{API}/services/{mapping.service_id(page)}", status=404)
    organisations = get_json(client, f"{API}/organizations")["contents"]
    assert [org["name"] for org in organisations] == [shown.organisation.name]
    get_json(
        client,
        f"{API}/organizations/{mapping.organization_id(draft.organisation)}",
        status=404,
    )


def test_lists_are_paginated_as_hsds_page(client, schemas, directory_page):
    for letter in "ABCDE":
        ProgramPageFactory(parent=directory_page, title=f"Program {letter}")

    second = get_json(client, f"{API}/services?per_page=2&page=2")
    last = get_json(client, f"{API}/services?per_page=2&page=3")
    past = get_json(client, f"{API}/services?per_page=2&page=9")

    assert schemas.errors(schemas.page_of(schemas.service_list), second) == []
    assert {key: second[key] for key in PAGE_FIELDS} == {
        "total_items": 5,
        "total_pages": 3,
        "page_number": 2,
        "size": 2,
        "first_page": False,
        "last_page": False,
        "empty": False,
    }
    assert [item["name"] for item in second["contents"]] == ["Program C", "Program D"]
    assert (last["size"], last["last_page"]) == (1, True)
    assert (past["empty"], past["contents"], past["last_page"]) == (True, [], True)


def test_full_service_list_is_fully_nested_and_valid(
    client, schemas, program, django_assert_max_num_queries
):
    for _ in range(5):
        ProgramPageFactory(parent=program.get_parent(), regions=[state("NY")])

    with django_assert_max_num_queries(12):
        listing = get_json(client, f"{API}/services?full=true")

    assert schemas.errors(schemas.page_of(schemas.service), listing) == []
    assert all("attributes" in item for item in listing["contents"])


def test_organizations_are_valid_and_nest_their_services(client, schemas, program):
    listing = get_json(client, f"{API}/organizations")
    assert schemas.errors(schemas.page_of(schemas.organization_list), listing) == []
    [item] = listing["contents"]

    detail = get_json(client, f"{API}/organizations/{item['id']}")
    full = get_json(client, f"{API}/organizations/{item['id']}?full_service=true")

    for data in (detail, full):
        assert schemas.errors(schemas.organization, data) == []
        assert [service["name"] for service in data["services"]] == [program.title]
    assert "service_areas" in full["services"][0]
    assert "service_areas" not in detail["services"][0]


def test_taxonomy_and_terms_are_valid_and_link_groups(client, schemas, program):
    taxonomies = get_json(client, f"{API}/taxonomies")
    assert schemas.errors(schemas.page_of(schemas.taxonomy), taxonomies) == []
    [taxonomy] = taxonomies["contents"]
    assert get_json(client, f"{API}/taxonomies/{taxonomy['id']}") == taxonomy

    terms = get_json(client, f"{API}/taxonomy_terms?per_page=100")
    assert schemas.errors(schemas.page_of(schemas.taxonomy_term), terms) == []
    assert terms["total_items"] == NeedCategory.objects.count()
    by_code = {term["code"]: term for term in terms["contents"]}
    gas = by_code["gas-cards"]
    assert gas["parent_id"] == by_code["getting-to-treatment"]["id"]
    assert gas["taxonomy_id"] == taxonomy["id"]
    assert get_json(client, f"{API}/taxonomy_terms/{gas['id']}") == gas

    groups = get_json(client, f"{API}/taxonomy_terms?top_only=true&per_page=100")
    assert all("parent_id" not in term for term in groups["contents"])
    children = get_json(
        client, f"{API}/taxonomy_terms?parent_id={gas['parent_id']}&per_page=100"
    )
    assert "gas-cards" in {term["code"] for term in children["contents"]}


def test_service_filters(client, directory_page):
    gas = NeedCategory.objects.get(slug="gas-cards")
    rides = NeedCategory.objects.get(slug="rides-to-treatment")
    org = OrganisationFactory(name="Road Helpers")
    ProgramPageFactory(
        parent=directory_page,
        title="Fuel Fund",
        need_categories=[gas],
        organisation=org,
    )
    ProgramPageFactory(
        parent=directory_page, title="Ride Line", need_categories=[rides]
    )
    ProgramPageFactory(parent=directory_page, title="Cash Fund")

    def names(query):
        data = get_json(client, f"{API}/services?{query}")
        return sorted(item["name"] for item in data["contents"])

    assert names("search=fuel") == ["Fuel Fund"]
    assert names("search=road helpers") == ["Fuel Fund"]
    assert names(f"taxonomy_term_id={mapping.term_id(gas)}") == ["Fuel Fund"]
    assert names(f"taxonomy_term_id={mapping.term_id(gas.parent)}") == [
        "Fuel Fund",
        "Ride Line",
    ]
    assert names(f"organization_id={mapping.organization_id(org)}") == ["Fuel Fund"]
    assert names(f"taxonomy_term_id={uuid.uuid4()}") == []
    assert len(names(f"taxonomy_id={mapping.taxonomy_id()}")) == 3
    tomorrow = (timezone.now() + datetime.timedelta(days=1)).date().isoformat()
    assert names(f"modified_after={tomorrow}") == []
    assert len(names("modified_after=2000-01-01T00:00:00Z")) == 3


@pytest.mark.parametrize(
    "query",
    [
        "services?page=0",
        "services?page=two",
        "services?per_page=1000",
        "services?per_page=-1",
        "services?taxonomy_term_id=gas-cards",
        "services?organization_id=42",
        "services?modified_after=yesterday",
        "services?modified_after=2025-13-45",
        "services?format=ndjson",
        "services?full=perhaps",
        "services?search=" + "x" * 201,
        "organizations?page=%00",
        "taxonomy_terms?parent_id=nope",
        "taxonomy_terms?top_only=2",
        "services?search=%00",
        "organizations?search=wig%00",
        "taxonomy_terms?search=%00",
        "services?page=" + "9" * 5000,
        "services?per_page=" + "1" * 30,
    ],
    ids=lambda query: query[:40],
)
def test_bad_parameters_get_a_400_with_a_message(client, program, query):
    data = get_json(client, f"{API}/{query}", status=400)

    assert data["error"] == "bad_request" and data["message"]


@pytest.mark.parametrize(
    "path",
    [
        "services/not-a-uuid",
        f"services/{uuid.uuid4()}",
        f"organizations/{uuid.uuid4()}",
        f"taxonomies/{uuid.uuid4()}",
        "taxonomy_terms/nope",
        "profile/schema/organization.json",
    ],
)
def test_unknown_ids_get_a_json_404(client, program, path):
    assert get_json(client, f"{API}/{path}", status=404)["error"] == "not_found"


def test_only_get_is_allowed(client):
    response = client.post(f"{API}/services")

    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"


def test_plain_requests_are_publicly_cacheable_and_queries_private(client, program):
    plain = client.get(f"{API}/services")
    queried = client.get(f"{API}/services?search=gas")

    assert (
        "public" in plain["Cache-Control"] and "max-age=300" in plain["Cache-Control"]
    )
    assert plain["Access-Control-Allow-Origin"] == "*"
    assert {"private", "no-store"} <= {
        part.strip() for part in queried["Cache-Control"].split(",")
    }
    assert "public" not in queried["Cache-Control"]


def test_profile_vocabularies_match_the_directory_choices():
    properties = profile_patch("service")["properties"]
    for name, vocabulary in {
        "cancer_scope": choices.CancerScope,
        "treatment_requirement": choices.TreatmentRequirement,
        "reapply_rule": choices.ReapplyRule,
        "who_applies": choices.WhoApplies,
        "application_status": choices.ApplicationStatus,
    }.items():
        assert properties[name]["enum"] == list(vocabulary.values), name
    assert properties["help_types"]["items"]["enum"] == list(choices.HelpType.values)
    documents = profile_patch("required_document")["properties"]["document_code"]
    assert documents["enum"] == list(choices.StandardDocument.values)


def test_openapi_document_describes_every_route():
    document = json.loads((PROFILE_DIR / "openapi.json").read_text())
    routes = {
        "/" + str(pattern.pattern).replace("<str:", "{").replace(">", "}")
        for pattern in urls.urlpatterns
        if isinstance(pattern, URLPattern)
    }
    routes = {
        route.replace("{service_id}", "{id}")
        .replace("{organization_id}", "{id}")
        .replace("{taxonomy_id}", "{id}")
        .replace("{term_id}", "{id}")
        for route in routes
    }

    assert set(document["paths"]) == routes
    assert reverse("hsds:services") == f"{API}/services"
