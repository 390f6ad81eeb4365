"""``/give/``: find a way to help someone with metastatic breast cancer, by place,
kind, volunteer role and need. A friend's ZIP code is the patient's place, so a page
with any choice is private and unindexed like the patient search; plain ``/give/``
is a landing page like any other."""

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from directory.choices import HelpKind, VolunteerRole
from directory.taxonomy import taxonomy
from home.views import private
from resources.models import ResourcePage
from search.backends import get_backend
from search.give import GiveQuery
from search.views import (
    county_options,
    need_groups,
    pagination,
    typed,
    url_for,
    zip_place,
)

TEMPLATE = "search/give.html"


def base_url():
    """The page's own address, in the visitor's language."""
    return reverse("give")


def give(request):
    """The ways to help matching the GET form, with counts per kind, role and need.
    A ZIP code we do not know gets a message, and ways from anywhere are listed."""
    query = GiveQuery.from_params(request.GET)
    results = get_backend().give(query)
    chosen = chosen_filters(query)
    context = {
        "query": query,
        "results": results,
        "typed_zip": query.zip or typed(request.GET, "zip"),
        "zip_unknown": bool(query.message),
        "states": taxonomy().states,
        "county_options": county_options(query.state, query.county),
        "kind_facet": results.facets["kind"],
        "role_facet": results.facets["role"],
        "need_groups": need_groups(results),
        "chosen": chosen,
        "filters_chosen": sum(1 for item in chosen if item["kind"] != "place"),
        "summary": summary(query, results.total),
        "pagination": pagination(query, results, base_url()),
        "noindex": bool(request.GET),
        "helper_guides": ResourcePage.helper_guides(),
    }
    if not request.GET:
        context["canonical_url"] = request.build_absolute_uri(base_url())
    response = TemplateResponse(request, TEMPLATE, context)
    return private(response) if request.GET else response


def summary(query, total):
    """ "12 ways to help near Travis County, TX" (also the page title)."""
    if query.has_place:
        return ngettext(
            "%(count)s way to help near %(place)s",
            "%(count)s ways to help near %(place)s",
            total,
        ) % {"count": total, "place": query.place_label}
    return ngettext("%(count)s way to help", "%(count)s ways to help", total) % {
        "count": total
    }


def chosen_filters(query):
    """Each chosen filter with a link that drops it (back to page 1), and its kind
    (place, kind, role, need)."""
    query = query.replace(page=1)
    needs = taxonomy().need_slugs
    chosen = []
    if query.has_place:
        place = zip_place(query.zip, query.state, query.county) if query.zip else ""
        place = place or query.place_label
        if query.zip:
            label = gettext("Near %(place)s · ZIP %(zip)s") % {
                "place": place,
                "zip": query.zip,
            }
        else:
            label = gettext("Near %(place)s") % {"place": place}
        chosen.append(("place", label, query.replace(zip="", state="", county="")))
    for value in query.kinds:
        rest = tuple(v for v in query.kinds if v != value)
        chosen.append(("kind", HelpKind(value).label, query.replace(kinds=rest)))
    for value in query.roles:
        rest = tuple(v for v in query.roles if v != value)
        chosen.append(("role", VolunteerRole(value).label, query.replace(roles=rest)))
    for slug in query.needs:
        rest = tuple(s for s in query.needs if s != slug)
        chosen.append(("need", needs[slug].label, query.replace(needs=rest)))
    base = base_url()
    return [
        {"kind": kind, "label": label, "url": url_for(base, without)}
        for kind, label, without in chosen
    ]
