"""The read-only HSDS 3.0 API under /api/hsds/: plain Django views returning JSON.

Only programs patients may see appear (live, public, not defunct), and only the
organisations and needs that such programs use. Lists are paginated as HSDS's
``Page`` schema says. A malformed parameter is a 400 with a message, never a 500;
unknown parameters are ignored.
"""

import json
import math
from datetime import datetime, time
from functools import wraps
from pathlib import Path

from django.db.models import Q
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.dateparse import parse_date, parse_datetime

from directory.models import NeedCategory, Organisation, ProgramPage
from opendata import hsds

PROFILE_DIR = Path(__file__).resolve().parent / "profile"
PROFILE_SCHEMAS = ("service", "service_area", "required_document")

DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100
MAX_SEARCH_LENGTH = 200
CACHE_SECONDS = 300


class BadParameter(Exception):
    """A query parameter that cannot be understood: answered with a 400."""


def api_view(view):
    """GET-only JSON view: 400/404/405 as JSON, cacheable and open to any origin."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = _error(405, "method_not_allowed", "Only GET is supported.")
            response["Allow"] = "GET, HEAD"
            return response
        try:
            data = view(request, *args, **kwargs)
        except BadParameter as error:
            return _error(400, "bad_request", str(error))
        except Http404 as error:
            return _error(404, "not_found", str(error) or "Not found.")
        response = JsonResponse(data, safe=False, json_dumps_params={"indent": None})
        # Requests with a query string are made private by PrivateQueryMiddleware.
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def _error(status, code, message):
    response = JsonResponse({"error": code, "message": message}, status=status)
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --- Parameters ---


def _int_param(request, name, default, maximum=None):
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    # Length first: int() refuses (ValueError) strings of over 4,300 digits.
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9 or int(raw) < 1:
        raise BadParameter(
            f"'{name}' must be a whole number from 1 to 999,999,999."
            if raw.isascii() and raw.isdigit()
            else f"'{name}' must be a whole number of 1 or more."
        )
    value = int(raw)
    if maximum is not None and value > maximum:
        raise BadParameter(f"'{name}' must be at most {maximum}.")
    return value


def _bool_param(request, name):
    raw = request.GET.get(name, "").strip().lower()
    if raw in ("", "false", "0", "no"):
        return False
    if raw in ("true", "1", "yes"):
        return True
    raise BadParameter(f"'{name}' must be true or false.")


def _uuid_param(request, name):
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return None
    value = hsds.canonical_uuid(raw.strip())
    if value is None:
        raise BadParameter(f"'{name}' must be a UUID.")
    return value


def _search_param(request):
    value = request.GET.get("search", "").strip()
    if len(value) > MAX_SEARCH_LENGTH:
        raise BadParameter(f"'search' must be at most {MAX_SEARCH_LENGTH} characters.")
    if "\x00" in value:  # databases refuse NUL in text
        raise BadParameter("'search' must not contain a NUL character.")
    return value


def _datetime_param(request, name):
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    # An unencoded "+02:00" arrives as " 02:00".
    raw = raw.replace(" ", "+") if "T" in raw else raw
    try:
        moment = parse_datetime(raw)
        if moment is None:
            day = parse_date(raw)
            moment = datetime.combine(day, time.min) if day else None
    except ValueError:
        moment = None
    if moment is None:
        raise BadParameter(
            f"'{name}' must be an ISO 8601 date or date-time, e.g. "
            "2025-01-31 or 2025-01-31T09:00:00Z."
        )
    if moment.year >= 9999:  # no room left to convert it to UTC
        raise BadParameter(f"'{name}' must be before the year 9999.")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def _check_format(request):
    value = request.GET.get("format", "json").strip().lower()
    if value not in ("", "json"):
        raise BadParameter("Only 'format=json' is supported.")


def _paginate(request, queryset, render):
    """HSDS ``Page``: the requested page of ``queryset``, each item rendered."""
    page_number = _int_param(request, "page", 1)
    per_page = _int_param(request, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    total = queryset.count()
    start = (page_number - 1) * per_page
    items = list(queryset[start : start + per_page]) if start < total else []
    total_pages = math.ceil(total / per_page)
    contents = [render(item) for item in items]
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": len(contents),
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


# --- Querysets ---


def visible_programs():
    """What the API publishes: programs patients may see."""
    return ProgramPage.objects.visible().select_related("organisation")


def published_organisations():
    return Organisation.objects.filter(
        pk__in=visible_programs().values("organisation")
    ).order_by("name")


def _organisation_by_id(org_id):
    """The organisation with this derived identifier (names are few: scan them)."""
    for organisation in Organisation.objects.only("pk", "name"):
        if hsds.organization_id(organisation) == org_id:
            return organisation
    return None


def _need_by_id(need_id):
    for need in NeedCategory.objects.select_related("parent"):
        if hsds.term_id(need) == need_id:
            return need
    return None


def _program_by_id(programs, sid):
    """The program whose HSDS id is ``sid``: a UUID stable identifier or translation
    key matches directly; identifiers like "demo-001" are hashed and compared."""
    direct = programs.filter(
        Q(external_id__iexact=sid) | Q(external_id="", translation_key=sid)
    ).first()
    if direct is not None:
        return direct
    candidates = (
        programs.prefetch_related(None)
        .exclude(external_id="")
        .values_list("pk", "external_id")
    )
    for pk, external_id in candidates.iterator(chunk_size=2000):
        if hsds.derived_id("service", external_id) == sid:
            return programs.get(pk=pk)
    return None


# --- Views ---


@api_view
def api_root(request):
    """What this API is: the HSDS version, our profile and our OpenAPI document."""
    return {
        "version": hsds.HSDS_VERSION,
        "profile": request.build_absolute_uri(reverse("hsds:profile")),
        "openapi_url": request.build_absolute_uri(reverse("hsds:openapi")),
    }


@api_view
def service_list(request):
    """Paginated services, filtered by search, need, organisation or modification."""
    _check_format(request)
    full = _bool_param(request, "full")
    programs = visible_programs()
    search = _search_param(request)
    if search:
        programs = programs.filter(
            Q(title__icontains=search)
            | Q(summary__icontains=search)
            | Q(organisation__name__icontains=search)
        )
    term = _uuid_param(request, "taxonomy_term_id")
    if term:
        need = _need_by_id(term)
        if need is None:
            programs = programs.none()
        elif need.parent_id is None:
            programs = programs.filter(need_categories__parent=need)
        else:
            programs = programs.filter(need_categories=need)
    taxonomy = _uuid_param(request, "taxonomy_id")
    if taxonomy and taxonomy != hsds.taxonomy_id():
        programs = programs.none()
    org_id = _uuid_param(request, "organization_id")
    if org_id:
        organisation = _organisation_by_id(org_id)
        programs = (
            programs.filter(organisation=organisation)
            if organisation
            else programs.none()
        )
    modified_after = _datetime_param(request, "modified_after")
    if modified_after:
        programs = programs.filter(last_published_at__gte=modified_after)
    programs = programs.distinct().order_by("title", "pk")
    if full:
        programs = programs.with_details().with_ways()
    return _paginate(
        request,
        programs,
        lambda page: hsds.service(page, request, full=full),
    )


@api_view
def service_detail(request, service_id):
    """One fully nested service."""
    sid = hsds.canonical_uuid(service_id)
    page = (
        _program_by_id(visible_programs().with_details().with_ways(), sid)
        if sid
        else None
    )
    if page is None:
        raise Http404("No published service has this id.")
    return hsds.service(page, request)


@api_view
def organization_list(request):
    """Paginated organisations that run at least one published program."""
    _check_format(request)
    full = _bool_param(request, "full") or _bool_param(request, "full_service")
    organisations = published_organisations()
    search = _search_param(request)
    if search:
        organisations = organisations.filter(name__icontains=search)
    if full:
        return _paginate(
            request,
            organisations,
            lambda org: _organization_with_services(request, org, full=True),
        )
    return _paginate(request, organisations, hsds.organization)


@api_view
def organization_detail(request, organization_id):
    """One organisation, with its published services (full ones with
    ``full_service=true``)."""
    full_service = _bool_param(request, "full_service")
    org_id = hsds.canonical_uuid(organization_id)
    organisation = _organisation_by_id(org_id) if org_id else None
    if (
        organisation is None
        or not visible_programs().filter(organisation=organisation).exists()
    ):
        raise Http404("No published organization has this id.")
    return _organization_with_services(request, organisation, full=full_service)


def _organization_with_services(request, organisation, *, full):
    programs = visible_programs().filter(organisation=organisation)
    programs = programs.order_by("title", "pk")
    if full:
        programs = programs.with_details().with_ways()
    services = [hsds.service(page, request, full=full) for page in programs]
    for item in services:
        item.pop("organization", None)  # it is the enclosing object
    return hsds.organization(organisation, services=services)


@api_view
def taxonomy_list(request):
    """Our one taxonomy: the needs."""
    _check_format(request)
    search = _search_param(request).lower()
    items = [hsds.taxonomy()]
    if search:
        items = [
            item
            for item in items
            if search in item["name"].lower() or search in item["description"].lower()
        ]
    return _paginate(request, _ListQuery(items), lambda item: item)


@api_view
def taxonomy_detail(request, taxonomy_id):
    if hsds.canonical_uuid(taxonomy_id) != hsds.taxonomy_id():
        raise Http404("No taxonomy has this id.")
    return hsds.taxonomy()


@api_view
def taxonomy_term_list(request):
    """Need groups and categories, in menu order."""
    _check_format(request)
    needs = NeedCategory.objects.select_related("parent").order_by(
        "parent__sort_order", "sort_order", "name"
    )
    search = _search_param(request)
    if search:
        needs = needs.filter(Q(name__icontains=search) | Q(slug__icontains=search))
    taxonomy = _uuid_param(request, "taxonomy_id")
    if taxonomy and taxonomy != hsds.taxonomy_id():
        needs = needs.none()
    if _bool_param(request, "top_only"):
        needs = needs.filter(parent__isnull=True)
    parent = _uuid_param(request, "parent_id")
    if parent:
        group = _need_by_id(parent)
        needs = needs.filter(parent=group) if group else needs.none()
    return _paginate(request, needs, hsds.taxonomy_term)


@api_view
def taxonomy_term_detail(request, term_id):
    term = hsds.canonical_uuid(term_id)
    need = _need_by_id(term) if term else None
    if need is None:
        raise Http404("No taxonomy term has this id.")
    return hsds.taxonomy_term(need)


class _ListQuery(list):
    """A list that paginates like a queryset."""

    def count(self):
        return len(self)


# --- Profile and OpenAPI documents (files shipped in profile/) ---


def _read_json(path):
    return json.loads(path.read_text(encoding="utf-8"))


@api_view
def profile(request):
    """What the Brightside HSDS profile is, with links to its schema patches."""
    data = _read_json(PROFILE_DIR / "profile.json")
    data["schemas"] = {
        name: request.build_absolute_uri(reverse("hsds:profile_schema", args=[name]))
        for name in PROFILE_SCHEMAS
    }
    data["openapi_url"] = request.build_absolute_uri(reverse("hsds:openapi"))
    return data


@api_view
def profile_schema(request, name):
    """One JSON Merge Patch of an HSDS schema."""
    if name not in PROFILE_SCHEMAS:
        raise Http404("The profile changes no such schema.")
    return _read_json(PROFILE_DIR / "schema" / f"{name}.json")


@api_view
def openapi(request):
    """The OpenAPI 3.1 description of this API."""
    data = _read_json(PROFILE_DIR / "openapi.json")
    data["servers"] = [{"url": request.build_absolute_uri(reverse("hsds:root"))}]
    return data
