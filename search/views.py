"""The patient search page (the directory page and its landing URLs) and the /search/
alias. A patient's search is health data: pages with a query are never cached
publicly or indexed, and nothing here logs the query."""

from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control

from directory.choices import HelpType, Language
from directory.models import DirectoryIndexPage
from directory.taxonomy import taxonomy
from resources.models import ResourcePage
from search.backends import get_backend
from search.query import BOOLEAN_FILTERS, SORTS, SearchQuery

TEMPLATE = "directory/directory_index_page.html"
MAX_REDIRECT_QUERY = 4000
MAX_SUGGESTIONS = 8


def search_redirect(request):
    """Redirect to the directory page with the same query string, never caching it."""
    directory = DirectoryIndexPage.objects.live().first()
    target = directory.url if directory else "/programs/"
    query = request.GET.urlencode()
    if len(query) > MAX_REDIRECT_QUERY:
        # Too long to pass on whole: keep what the search understands.
        query = urlencode(SearchQuery.from_params(request.GET).to_params())
    response = HttpResponseRedirect(f"{target}?{query}" if query else target)
    patch_cache_control(response, private=True, no_store=True)
    return response


def directory_search(request, page, landing):
    """Render the faceted search for ``page`` (a DirectoryIndexPage); ``landing``
    presets the need and/or state of a landing URL."""
    query = SearchQuery.from_params(request.GET, **landing)
    backend = get_backend()
    results = backend.search(query)
    base_url = page.url
    context = page.get_context(request)
    context.update(
        query=query,
        results=results,
        hits=results.hits,
        need_groups=need_groups(results),
        state_facet=results.facets["state"],
        help_facet=results.facets["help"],
        flag_facets=[results.facets[name] for name in BOOLEAN_FILTERS],
        counties=taxonomy().counties.get(query.state, ()) if query.state else (),
        languages=Language.choices,
        sorts=[(value, label) for value, label in SORTS.items()],
        chosen=chosen_filters(query, base_url),
        reading=reading(query, results, base_url),
        pagination=pagination(query, results, base_url),
        is_landing=bool(landing) and not request.GET,
        heading=heading(query, landing),
        guides=guides_for(query, results),
    )
    if results.total == 0:
        context.update(empty_state(backend, query, base_url))
    # Anything typed or chosen is the patient's own search: private, not indexed.
    private = bool(request.GET)
    if not private:
        context["canonical_url"] = request.build_absolute_uri(
            page.landing_url(landing.get("need"), landing.get("state"))
        )
    context["noindex"] = private
    response = TemplateResponse(request, TEMPLATE, context)
    if private:
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex"
    return response


def guides_for(query, results, limit=3):
    """Guides for the chosen needs or, with none chosen, for the needs every result
    shares."""
    slugs = list(query.needs)
    if not slugs and results.total:
        slugs = [
            value.value
            for value in results.facets["need"].values
            if value.count == results.total
        ]
    return ResourcePage.for_needs(slugs, limit)


def url_for(base_url, query):
    params = query.to_params()
    return f"{base_url}?{urlencode(params)}" if params else base_url


def need_groups(results):
    groups = {}
    for value in results.facets["need"].values:
        if value.count or value.selected:
            groups.setdefault(value.group, []).append(value)
    return list(groups.items())


def chosen_filters(query, base_url):
    """Each chosen filter with a link that drops it (and goes back to page 1)."""
    query = query.replace(page=1)
    tax = taxonomy()
    chosen = []
    if query.text:
        chosen.append((f"Words: {query.text}", query.replace(text="")))
    if query.zip:
        chosen.append((f"ZIP {query.zip}", query.replace(zip="", state="", county="")))
    elif query.state:
        chosen.append(
            (tax.state_names[query.state], query.replace(state="", county=""))
        )
        if query.county:
            chosen.append(
                (tax.county_name(query.state, query.county), query.replace(county=""))
            )
    needs = tax.need_slugs
    for slug in query.needs:
        rest = tuple(s for s in query.needs if s != slug)
        chosen.append((needs[slug].name, query.replace(needs=rest)))
    for value in query.help:
        rest = tuple(v for v in query.help if v != value)
        chosen.append((HelpType(value).label, query.replace(help=rest)))
    for name, label in BOOLEAN_FILTERS.items():
        if getattr(query, name):
            chosen.append((label, query.replace(**{name: False})))
    if query.lang:
        chosen.append(
            (f"Language: {Language(query.lang).label}", query.replace(lang=""))
        )
    if query.age is not None:
        chosen.append((f"Age {query.age}", query.replace(age=None)))
    return [
        {"label": label, "url": url_for(base_url, without), "query": without}
        for label, without in chosen
    ]


def reading(query, results, base_url):
    """How the words were read: corrections made, the needs they name (each with a
    link that applies it as a filter) and whether any word was enough."""
    needs = taxonomy().need_slugs
    return {
        "corrections": query.corrections,
        "needs": [
            {
                "name": needs[slug].name,
                "url": url_for(
                    base_url, query.replace(needs=(*query.needs, slug), page=1)
                ),
            }
            for slug in query.word_needs
            if slug in needs and slug not in query.needs
        ],
        "any_word": results.query.any_word,
    }


def pagination(query, results, base_url):
    page = results.page
    return {
        "page": page,
        "num_pages": results.num_pages,
        "previous_url": url_for(base_url, query.replace(page=page - 1))
        if page > 1
        else "",
        "next_url": url_for(base_url, query.replace(page=page + 1))
        if page < results.num_pages
        else "",
        "first": (page - 1) * query.page_size + 1,
        "last": min(page * query.page_size, results.total),
    }


def empty_state(backend, query, base_url):
    """Which filter to drop (with how many results each drop gives) and nationwide
    programs for the chosen needs."""
    suggestions = []
    # One count per chosen filter, at most MAX_SUGGESTIONS of them.
    for item in chosen_filters(query, base_url)[:MAX_SUGGESTIONS]:
        count = backend.count(item["query"])
        if count:
            suggestions.append({**item, "count": count})
    suggestions.sort(key=lambda item: -item["count"])
    nationwide = []
    if query.needs:
        nationwide = backend.search(
            SearchQuery(needs=query.needs, nationwide_only=True, page_size=5)
        ).hits
    return {"suggestions": suggestions, "nationwide_hits": nationwide}


def heading(query, landing):
    tax = taxonomy()
    slug = landing.get("need", "")
    need = tax.need_slugs.get(slug)
    name = need.name if need else (tax.groups or {}).get(slug, ("",))[0]
    state = tax.state_names.get(landing.get("state", ""))
    if name and state:
        return f"{name} in {state}"
    if name:
        return f"{name}: programs that can help"
    if state:
        return f"Help in {state}"
    return ""
