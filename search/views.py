"""The patient search page (the directory page and its landing URLs) and the /search/
alias. A patient's search is health data: pages with a query are never cached
publicly or indexed, nothing here logs the query, and the page title names only the
needs and the place chosen, never the words typed (titles land in browser history,
bookmarks and shared screens)."""

from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from directory import geo
from directory.choices import HelpType, Language
from directory.models import DirectoryIndexPage
from directory.taxonomy import taxonomy
from home.i18n import in_language
from home.views import private as private_response
from resources.models import ResourcePage
from search.backends import get_backend
from search.query import BOOLEAN_FILTERS, SORTS, SearchQuery, printable

TEMPLATE = "directory/directory_index_page.html"
MAX_REDIRECT_QUERY = 4000
MAX_SUGGESTIONS = 8
# Chosen filters the empty state may suggest dropping: never the place, since a
# program that does not serve where the patient lives is no help to them.
DROPPABLE = {"words", "help", "flag", "lang", "age"}
# Needs named one by one in a heading before the rest are counted ("and 2 more").
MAX_NAMED_NEEDS = 3
# Chosen filters set in the words-and-ZIP row above the filters disclosure, not in
# it (the disclosure's summary counts the others).
ROW_KINDS = {"words", "zip"}


def search_redirect(request):
    """Redirect to the directory page with the same query string, never caching it."""
    directory = DirectoryIndexPage.objects.live().first()
    target = directory.url if directory else in_language("/programs/")
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
    zip_unknown = zip_not_found(request.GET, query)
    # No place at all: a ZIP code we do not know, and no state instead.
    place_unknown = zip_unknown and not query.state
    chosen = chosen_filters(query, base_url)
    context = page.get_context(request)
    context.update(
        query=query,
        results=results,
        # Until the place is known, nothing is listed: programs from anywhere
        # would look like help where the patient lives.
        hits=[] if place_unknown else results.hits,
        place_unknown=place_unknown,
        zip_unknown=zip_unknown,
        typed_zip=query.zip or typed(request.GET, "zip"),
        typed_treated_zip=query.treated_zip or typed(request.GET, "treated_near"),
        # A treatment ZIP we do not know: its field (in the filters) opens, marked.
        treated_invalid=bool(typed(request.GET, "treated_near"))
        and not query.treated_zip,
        need_groups=need_groups(results),
        state_facet=results.facets["state"],
        help_facet=results.facets["help"],
        flag_facets=[results.facets[name] for name in BOOLEAN_FILTERS],
        county_options=county_options(query.state, query.county),
        languages=Language.choices,
        sorts=[(value, label) for value, label in SORTS.items()],
        chosen=chosen,
        filters_chosen=sum(1 for item in chosen if item["kind"] not in ROW_KINDS),
        reading=reading(query, results, base_url),
        pagination=pagination(query, results, base_url),
        is_landing=bool(landing) and not request.GET,
        show_intro=not landing and not request.GET,
        heading=heading(query, landing),
        summary=results_summary(query, results.total, place_unknown),
        guides=[] if place_unknown else guides_for(query, results),
    )
    if results.total == 0 and not place_unknown:
        context.update(empty_state(backend, query, base_url, chosen))
    # Anything typed or chosen is the patient's own search: private, not indexed.
    private = bool(request.GET)
    if not private:
        context["canonical_url"] = request.build_absolute_uri(
            page.landing_url(landing.get("need"), landing.get("state"))
        )
    context["noindex"] = private
    response = TemplateResponse(request, TEMPLATE, context)
    if private:
        private_response(response)
    # A visitor with a saved list gets every page private (home.middleware).
    return response


# The county <option>s of each state, rendered once per taxonomy (a new taxonomy
# object when a curator edits one): Texas alone has 254. Place names only.
_county_html = {"taxonomy": None, "states": {}}


def county_options(state, selected=""):
    """The county <option>s of ``state`` (none without a state), ``selected``
    marked; the same HTML the template would render, built once per state."""
    if not state:
        return ""
    tax = taxonomy()
    if _county_html["taxonomy"] is not tax:
        _county_html.update(taxonomy=tax, states={})
    html = _county_html["states"].get(state)
    if html is None:
        html = "".join(
            f'<option value="{escape(slug)}">{escape(name)}</option>'
            for slug, name, _ in tax.counties.get(state, ())
        )
        _county_html["states"][state] = html
    if selected:
        chosen = f'<option value="{escape(selected)}">'
        html = html.replace(chosen, chosen[:-1] + " selected>", 1)
    return mark_safe(html)  # noqa: S308 - escaped above


def typed(params, name):
    """What was typed in a ZIP code box (printable characters only), to show it
    back when it is not a ZIP code we know, so the patient can mend it."""
    values = params.getlist(name)
    return printable(values[0], limit=10) if values else ""


def zip_not_found(params, query):
    """True when a ZIP code was typed and is not one we know. With no state chosen
    either, the page lists nothing until the place is fixed."""
    values = params.getlist("zip")
    return bool(values and values[0].strip()) and not query.zip


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


def url_for(base_url, query, extra=()):
    params = [*query.to_params(), *extra]
    return f"{base_url}?{urlencode(params)}" if params else base_url


def need_groups(results):
    groups = {}
    for value in results.facets["need"].values:
        if value.count or value.selected:
            groups.setdefault(value.group, []).append(value)
    return list(groups.items())


def zip_place(zip_code, state, county=""):
    """Where a ZIP code is, as a patient would say it: "Austin, TX (Travis
    County)"; "" without a ZIP code or when the data names no city for it."""
    city = geo.city_of_zip(zip_code) if zip_code else ""
    if not city:
        return ""
    name = ""
    if county:
        name = taxonomy().county_name(state, county) or (
            geo.counties_by_state().get(state, {}).get(county, "")
        )
    return f"{city}, {state}" + (f" ({name})" if name else "")


def place_phrase(query):
    """Where the search looks, to follow a count: "near Austin, TX (Travis County)",
    "in Harris County, Texas", "in Texas"; "" with no place."""
    tax = taxonomy()
    if query.zip:
        place = zip_place(query.zip, query.state, query.county)
        if place:
            # Translators: follows a count, "3 programs near Austin, TX".
            return gettext("near %(place)s") % {"place": place}
        return gettext("near ZIP %(zip)s") % {"zip": query.zip}
    state = tax.state_names.get(query.state, "")
    if state and query.county:
        # Translators: follows a count, "3 programs in Harris County, Texas".
        return gettext("in %(county)s, %(state)s") % {
            "county": tax.county_name(query.state, query.county),
            "state": state,
        }
    # Translators: follows a count, "3 programs in Texas".
    return gettext("in %(state)s") % {"state": state} if state else ""


def needs_phrase(slugs):
    """The chosen needs in words: a whole group by its name ("Getting to
    treatment"), else each need ("Gas cards or Rides to treatment"), the rest
    counted past three."""
    tax = taxonomy()
    chosen = set(slugs)
    group_of = {
        slug: (tax.group_label(group_slug), members)
        for group_slug, (_, members) in (tax.groups or {}).items()
        for slug in members
    }
    names = []
    for slug in slugs:
        group, members = group_of.get(slug, ("", ()))
        if len(members) > 1 and chosen >= set(members):
            name = group  # every need of the group: say the group
        else:
            name = tax.need_slugs[slug].label if slug in tax.need_slugs else ""
        if name and name not in names:
            names.append(name)
    if len(names) > MAX_NAMED_NEEDS:
        more = len(names) - MAX_NAMED_NEEDS + 1
        return ngettext(
            # Translators: "Gas cards, Rides to treatment and 2 more needs".
            "%(needs)s and %(count)s more need",
            "%(needs)s and %(count)s more needs",
            more,
        ) % {"needs": ", ".join(names[: MAX_NAMED_NEEDS - 1]), "count": more}
    if len(names) > 1:
        # Translators: "Gas cards, Parking or Rides to treatment" (needs to help
        # with: a program for any of them).
        return gettext("%(needs)s or %(last)s") % {
            "needs": ", ".join(names[:-1]),
            "last": names[-1],
        }
    return names[0] if names else ""


def results_summary(query, total, place_unknown=False):
    """What the results are, for their heading and the page title: how many, for
    which needs, where ("3 programs for Gas cards near Austin, TX (Travis
    County)"). Never the words typed: this is the <title>."""
    if place_unknown:
        return gettext("Check the ZIP code to see programs")
    values = {
        "count": total,
        "needs": needs_phrase(query.needs),
        "place": place_phrase(query),
    }
    if not total:
        if values["needs"] and values["place"]:
            # Translators: results headings: %(needs)s is what the programs help
            # with ("Gas cards or Rides to treatment") and %(place)s where they
            # are, with its own preposition ("near Austin, TX", "in Texas").
            message = gettext("No programs found for %(needs)s %(place)s")
        elif values["needs"]:
            message = gettext("No programs found for %(needs)s")
        elif values["place"]:
            message = gettext("No programs found %(place)s")
        else:
            message = gettext("No programs found")
    elif values["needs"] and values["place"]:
        message = ngettext(
            # Translators: "3 programs for Gas cards near Austin, TX": %(place)s
            # comes with its own preposition ("near Austin, TX", "in Texas").
            "%(count)s program for %(needs)s %(place)s",
            "%(count)s programs for %(needs)s %(place)s",
            total,
        )
    elif values["needs"]:
        message = ngettext(
            "%(count)s program for %(needs)s", "%(count)s programs for %(needs)s", total
        )
    elif values["place"]:
        message = ngettext(
            "%(count)s program %(place)s", "%(count)s programs %(place)s", total
        )
    else:
        message = ngettext("%(count)s program", "%(count)s programs", total)
    return message % values


def chosen_filters(query, base_url):
    """Each chosen filter with a link that drops it (and goes back to page 1), and
    its kind (words, zip, place, need, help, flag, lang, age)."""
    query = query.replace(page=1)
    tax = taxonomy()
    chosen = []
    if query.text:
        label = gettext("Words: %(words)s") % {"words": query.text}
        chosen.append(("words", label, query.replace(text="")))
    if query.zip:
        place = zip_place(query.zip, query.state, query.county)
        if place:
            label = gettext("Near %(place)s · ZIP %(zip)s") % {
                "place": place,
                "zip": query.zip,
            }
        else:
            label = gettext("ZIP %(zip)s") % {"zip": query.zip}
        chosen.append(("zip", label, query.replace(zip="", state="", county="")))
    elif query.state:
        chosen.append(
            ("place", tax.state_names[query.state], query.replace(state="", county=""))
        )
        if query.county:
            chosen.append(
                (
                    "place",
                    tax.county_name(query.state, query.county),
                    query.replace(county=""),
                )
            )
    if query.treated_zip:
        place = zip_place(query.treated_zip, query.treated_state) or (
            query.treated_state
        )
        chosen.append(
            (
                "treated",
                # Translators: a chosen filter: where the patient is treated.
                gettext("Treated near %(place)s · ZIP %(zip)s")
                % {"place": place, "zip": query.treated_zip},
                query.replace(treated_zip="", treated_state="", treated_county=""),
            )
        )
    needs = tax.need_slugs
    shown = set()
    for group_slug, (_, members) in (tax.groups or {}).items():
        # A whole group chosen is one chip ("Money and bills"), not six.
        if len(members) > 1 and set(members) <= set(query.needs):
            rest = tuple(s for s in query.needs if s not in members)
            chosen.append(
                ("need", tax.group_label(group_slug), query.replace(needs=rest))
            )
            shown.update(members)
    for slug in query.needs:
        if slug in shown:
            continue
        rest = tuple(s for s in query.needs if s != slug)
        chosen.append(("need", needs[slug].label, query.replace(needs=rest)))
    for value in query.help:
        rest = tuple(v for v in query.help if v != value)
        chosen.append(("help", HelpType(value).label, query.replace(help=rest)))
    for name, label in BOOLEAN_FILTERS.items():
        if getattr(query, name):
            chosen.append(("flag", label, query.replace(**{name: False})))
    if query.lang:
        label = gettext("Language: %(language)s") % {
            "language": Language(query.lang).label
        }
        chosen.append(("lang", label, query.replace(lang="")))
    if query.age is not None:
        label = gettext("Age %(age)s") % {"age": query.age}
        chosen.append(("age", label, query.replace(age=None)))
    return [
        {
            "kind": kind,
            "label": label,
            "url": url_for(base_url, without),
            "query": without,
        }
        for kind, label, without in chosen
    ]


def reading(query, results, base_url):
    """How the words were read: corrections made, the needs they name (each with a
    link that applies it as a filter) and whether any word was enough."""
    needs = taxonomy().need_slugs
    return {
        "corrections": query.corrections,
        "needs": [
            {
                "name": needs[slug].label,
                "url": url_for(
                    base_url, query.replace(needs=(*query.needs, slug), page=1)
                ),
            }
            for slug in query.word_needs
            if slug in needs and slug not in query.needs
        ],
        "any_word": results.query.any_word,
        # Only stop words and filler typed ("I need help"): nothing was searched.
        "no_words": bool(query.text.strip()) and not query.terms,
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


def widened_needs(query, base_url):
    """For each chosen need whose group has other needs: the search with the whole
    group instead (its link names the group's slug, ``need=food-and-home``)."""
    tax = taxonomy()
    options = []
    for group_slug, (_, members) in (tax.groups or {}).items():
        group = tax.group_label(group_slug)
        mine = [slug for slug in query.needs if slug in members]
        if not mine or set(mine) >= set(members):
            continue
        kept = tuple(slug for slug in query.needs if slug not in members)
        names = quoted_and([tax.need_slugs[slug].label for slug in mine])
        options.append(
            {
                "text": gettext("Try all of “%(group)s” instead of %(needs)s")
                % {"group": group, "needs": names},
                "url": url_for(
                    base_url,
                    query.replace(needs=kept, page=1),
                    extra=[("need", group_slug)],
                ),
                "query": query.replace(needs=(*kept, *members), page=1),
            }
        )
    return options


def quoted_and(names):
    """Names in quotation marks, joined with "and": "“Rent” and “Utilities”"."""
    # Translators: a need's name in quotation marks.
    quoted = [gettext("“%(need)s”") % {"need": name} for name in names]
    text = quoted[0]
    for name in quoted[1:]:
        # Translators: two needs, in "Try all of … instead of “Rent” and “Utilities”".
        text = gettext("%(first)s and %(second)s") % {"first": text, "second": name}
    return text


def empty_state(backend, query, base_url, chosen):
    """Changes that find programs where the patient lives, each with how many it
    finds (the place kept: dropping it would offer help that does not reach
    them): the whole group of a need, or without the words, a help type, a yes/no
    filter, the language or the age. Also nationwide programs for the needs."""
    options = widened_needs(query, base_url) + [
        {**item, "text": gettext("Remove “%(filter)s”") % {"filter": item["label"]}}
        for item in chosen
        if item["kind"] in DROPPABLE
    ]
    suggestions = []
    # One count per option, at most MAX_SUGGESTIONS of them.
    for option in options[:MAX_SUGGESTIONS]:
        count = backend.count(option["query"])
        if count:
            suggestions.append({**option, "count": count})
    suggestions.sort(key=lambda item: -item["count"])
    nationwide = []
    if query.needs:
        # What the patient is (age, language) still counts; where they live and what
        # they would prefer (words, help types, yes/no filters) does not, and the
        # page says so. Every program listed serves anywhere.
        nationwide = backend.search(
            SearchQuery(
                needs=query.needs,
                age=query.age,
                lang=query.lang,
                nationwide_only=True,
                page_size=5,
            )
        ).hits
    return {"suggestions": suggestions, "nationwide_hits": nationwide}


def heading(query, landing):
    tax = taxonomy()
    slug = landing.get("need", "")
    need = tax.need_slugs.get(slug)
    name = need.label if need else tax.group_label(slug)
    state = tax.state_names.get(landing.get("state", ""))
    if name and state:
        # Translators: a page heading, "Rides to treatment in Texas".
        return gettext("%(need)s in %(state)s") % {"need": name, "state": state}
    if name:
        return gettext("%(need)s: programs that can help") % {"need": name}
    if state:
        return gettext("Help in %(state)s") % {"state": state}
    return ""
