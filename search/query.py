"""The search query: every GET parameter of docs/search.md, parsed tolerantly.

Unknown or malformed values are dropped one by one (a bad ``need`` does not lose the
good ones), never raising. A ZIP code resolves to its state and county with the
``zipcodes`` package; a ZIP that does not exist is reported back as a message.
"""

import dataclasses
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directory import geo
from directory.choices import HelpType, Language
from directory.taxonomy import taxonomy
from home.i18n import page_language
from search.words import (
    Correction,
    Vocabulary,
    apply_corrections,
    correct,
    need_reading,
    needs_named_in,
    search_terms,
)

MAX_TEXT_LENGTH = 200
PAGE_SIZE = 20
MAX_PAGE = 10_000

SORTS = {
    # Translators: the search results' sort orders (a "Sort by" menu).
    "relevance": _("Best match"),
    "closest": _("Closest first"),
    "verified": _("Recently verified"),
    "name": _("Name (A–Z)"),
}

BOOLEAN_FILTERS = {
    "for_mbc": _("Made for metastatic breast cancer"),
    "maintenance_ok": _("Hide programs that exclude maintenance therapy"),
    "maintenance_confirmed": _("Confirmed open to people on maintenance therapy"),
    "open_now": _("Taking applications now"),
    "self_apply": _("I can apply myself (no referral)"),
}

# The yes/no filters as (search-row field, the value that passes): the one place
# that says how each backend reads them. "Taking applications now" is status
# "open" only; "hide programs that exclude maintenance therapy" keeps the ones that
# do not say so, "confirmed open" only those that say it counts or need no
# treatment (``search.rows`` sets the fields).
FLAG_FIELDS = {
    "for_mbc": ("for_mbc", True),
    "maintenance_ok": ("maintenance_ok", True),
    "maintenance_confirmed": ("maintenance_confirmed", True),
    "open_now": ("open_now", True),
    "self_apply": ("self_apply", True),
}

_ZIP_RE = re.compile(r"^\s*([0-9]{5})(?:-[0-9]{4})?\s*$")


def _first(params, name):
    values = params.getlist(name) if hasattr(params, "getlist") else [params.get(name)]
    for value in values:
        if isinstance(value, str):
            return value
    return ""


def _all(params, name):
    if hasattr(params, "getlist"):
        return [value for value in params.getlist(name) if isinstance(value, str)]
    value = params.get(name)
    return value if isinstance(value, list) else [value] if value else []


def _flag(params, name):
    return _first(params, name).strip().lower() in {"1", "true", "on", "yes"}


def _int(text, low, high):
    text = text.strip()
    # isdigit() also accepts "²" or "①", which int() refuses: ASCII only.
    if not (text.isascii() and text.isdigit()) or len(text) > 6:
        return None
    value = int(text)
    return value if low <= value <= high else None


def printable(text, limit=12):
    """What a person typed, safe to show back: control characters (NUL...) out."""
    return "".join(ch for ch in text.strip() if ch.isprintable())[:limit]


def parse_place(params, state=""):
    """(zip, state, county, message) from the ``zip``, or ``state`` and ``county``,
    parameters: a ZIP code resolves to its state and county, one we can't find
    gives ``message``. ``state`` (a landing URL's) comes before the parameter."""
    tax = taxonomy()
    if not state:
        state = _first(params, "state").strip().upper()
        state = state if state in tax.state_names else ""
    county = _first(params, "county").strip().lower()
    county = county if state and tax.county_state.get(county) == state else ""
    raw_zip = _first(params, "zip")
    if not raw_zip.strip():
        return "", state, county, ""
    match = _ZIP_RE.match(raw_zip)
    place = geo.place_of_zip(match.group(1)) if match else None
    if place is None:
        return (
            "",
            state,
            county,
            gettext(
                "We couldn't find the ZIP code “%(zip)s”. Check it, or choose your "
                "state instead."
            )
            % {"zip": printable(raw_zip)},
        )
    return match.group(1), place[0], place[1] or "", ""


def place_params(zip_code, state, county):
    """The GET parameters of a place: the ZIP code, else the state and county."""
    if zip_code:
        return [("zip", zip_code)]
    if not state:
        return []
    return [("state", state.lower())] + ([("county", county)] if county else [])


@dataclass(frozen=True)
class SearchQuery:
    """What a patient asked for, already validated."""

    text: str = ""
    zip: str = ""
    state: str = ""  # USPS code, upper case
    county: str = ""  # county slug, only within ``state``
    needs: tuple[str, ...] = ()
    help: tuple[str, ...] = ()
    for_mbc: bool = False
    maintenance_ok: bool = False
    maintenance_confirmed: bool = False
    open_now: bool = False
    self_apply: bool = False
    lang: str = ""
    age: int | None = None
    sort: str = ""
    # Where the person is treated (``treated_near`` ZIP): help given at a place is
    # found near there as well as near home.
    treated_zip: str = ""
    treated_state: str = ""
    treated_county: str = ""
    # Read from the words (``search.words``), not URL parameters: the text searched
    # when it differs from ``text`` (corrected), the needs the words name, and the
    # corrections made.
    words_text: str = ""
    word_needs: tuple[str, ...] = ()
    # The page's language, which the words are read in ("es": Spanish words too).
    words_language: str = "en"
    corrections: tuple[Correction, ...] = ()
    # Programs matching any of the words, best first, instead of all of them: what a
    # search whose every word matches too few programs falls back to.
    any_word: bool = False
    # Not a URL parameter: the empty state's "nationwide programs for your needs".
    nationwide_only: bool = False
    page: int = 1
    page_size: int = PAGE_SIZE
    messages: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_params(cls, params, **landing):
        """Parse GET parameters (a QueryDict or dict); ``landing`` presets a need
        and/or state from a landing URL."""
        messages = []
        tax = taxonomy()
        text = " ".join(_first(params, "q").split())[:MAX_TEXT_LENGTH]
        # A group's slug ("money-and-bills") means every need in it.
        needs = tax.expand_needs([landing.get("need", ""), *_all(params, "need")])
        zip_code, state, county, message = parse_place(params, landing.get("state"))
        if message:
            messages.append(message)
        treated = ("", "", "")
        raw_treated = _first(params, "treated_near")
        if raw_treated.strip():
            match = _ZIP_RE.match(raw_treated)
            place = geo.place_of_zip(match.group(1)) if match else None
            if place is None:
                shown = printable(raw_treated)
                messages.append(
                    gettext(
                        "We couldn't find the ZIP code “%(zip)s” where you are "
                        "treated. Check it, or leave it empty."
                    )
                    % {"zip": shown}
                )
            else:
                treated = (match.group(1), place[0], place[1] or "")
        sort = _first(params, "sort").strip()
        return cls(
            **read_words(text, tax, words_language()),
            zip=zip_code,
            state=state,
            county=county,
            treated_zip=treated[0],
            treated_state=treated[1],
            treated_county=treated[2],
            needs=tuple(dict.fromkeys(needs)),
            help=tuple(HelpType.parse(_all(params, "help"))),
            for_mbc=_flag(params, "for_mbc"),
            maintenance_ok=_flag(params, "maintenance_ok"),
            maintenance_confirmed=_flag(params, "maintenance_confirmed"),
            open_now=_flag(params, "open_now"),
            self_apply=_flag(params, "self_apply"),
            lang=(Language.parse(_first(params, "lang").strip().lower()) or [""])[0],
            age=_int(_first(params, "age"), 0, 120),
            sort=sort if sort in SORTS else "",
            page=_int(_first(params, "page"), 1, MAX_PAGE) or 1,
            messages=tuple(messages),
        )

    @property
    def terms(self):
        return search_terms(self.words_text or self.text, self.words_language)

    @property
    def searched_text(self):
        return self.words_text or self.text

    @property
    def effective_sort(self):
        if self.sort == "relevance" and not self.terms:
            return "closest"
        return self.sort or ("relevance" if self.terms else "closest")

    def replace(self, **changes):
        if "text" in changes and "words_text" not in changes:
            # New words are read again (``read_words``); no words, nothing to read.
            language = changes.get("words_language", self.words_language)
            changes.update(read_words(changes["text"], taxonomy(), language))
        return dataclasses.replace(self, **changes)

    def without(self, facet):
        """This query without one facet's own selection (for disjunctive counts)."""
        if facet == "state":
            return self.replace(zip="", state="", county="")
        if facet == "need":
            return self.replace(needs=())
        if facet == "help":
            return self.replace(help=())
        if facet in BOOLEAN_FILTERS:
            return self.replace(**{facet: False})
        raise ValueError(facet)

    def filter_data(self):
        """The query as FilterSet data (text, sort and paging excluded)."""
        data = {}
        if self.state:
            data["state"] = self.state
        if self.county:
            data["county"] = self.county
        if self.needs:
            data["need"] = list(self.needs)
        if self.help:
            data["help"] = list(self.help)
        for name in BOOLEAN_FILTERS:
            if getattr(self, name):
                data[name] = True
        if self.lang:
            data["lang"] = self.lang
        if self.age is not None:
            data["age"] = self.age
        if self.nationwide_only:
            data["nationwide"] = True
        if self.treated_state:
            data["treated"] = f"{self.treated_state}:{self.treated_county}"
        return data

    def to_params(self):
        """GET parameters that reproduce this query (for links)."""
        params = []
        if self.text:
            params.append(("q", self.text))
        params += place_params(self.zip, self.state, self.county)
        if self.treated_zip:
            params.append(("treated_near", self.treated_zip))
        params += [("need", slug) for slug in self.needs]
        params += [("help", value) for value in self.help]
        params += [(name, "1") for name in BOOLEAN_FILTERS if getattr(self, name)]
        if self.lang:
            params.append(("lang", self.lang))
        if self.age is not None:
            params.append(("age", str(self.age)))
        if self.sort:
            params.append(("sort", self.sort))
        if self.page > 1:
            params.append(("page", str(self.page)))
        return params


def read_words(text, tax, language="en"):
    """The ``SearchQuery`` fields read from the typed words: corrections of words the
    directory does not know (English only: no Spanish dictionary tells a real word
    from a slip), the text then searched, and the needs it names."""
    read = {"text": text, "words_language": language}
    if not text:
        return {**read, "words_text": "", "word_needs": (), "corrections": ()}
    reading = need_reading(tax)
    corrections = ()
    if language != "es":
        vocabulary = Vocabulary(reading.words, reading.stems)
        corrections = correct(search_terms(text), vocabulary)
    searched = apply_corrections(text, corrections)
    return {
        **read,
        "words_text": searched if corrections else "",
        "word_needs": needs_named_in(searched, reading, language),
        "corrections": corrections,
    }


def words_language():
    """The language the typed words are read in: the page's."""
    return "es" if page_language() == "es" else "en"
