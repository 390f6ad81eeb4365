"""Fuzzing the search page: whatever query string or landing URL a browser, a bot or an
attacker sends, the answer is a page, a redirect or a 4xx with a message, never a
server error, and nothing typed comes back unescaped.

Query strings are built as raw bytes (percent-encoded or not, invalid UTF-8, NUL,
overlong, repeated, injection-like and unknown parameters) and sent as the WSGI
``QUERY_STRING``, the way a server hands them to Django. The test client re-raises a
view's exception, so a crash fails the test with the request that caused it.
"""

import datetime
import traceback
from urllib.parse import quote, quote_from_bytes, quote_plus

import pytest
from hypothesis import (
    HealthCheck,
    currently_in_test_context,
    event,
    example,
    given,
    settings,
)
from hypothesis import strategies as st

from django.core.exceptions import TooManyFieldsSent
from django.db import transaction

from directory.choices import (
    ApplicationStatus,
    CancerScope,
    HelpType,
    Language,
    TreatmentRequirement,
    WhoApplies,
)
from directory.models import NeedCategory
from search.query import SORTS
from tests.factories import ProgramPageFactory, county, state

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

PARAMS = [
    "q",
    "zip",
    "state",
    "county",
    "need",
    "help",
    "for_mbc",
    "maintenance_ok",
    "open_now",
    "self_apply",
    "lang",
    "age",
    "sort",
    "page",
]
UNKNOWN_PARAMS = [
    "",
    "utm_source",
    "page_size",
    "format",
    "callback",
    "csrfmiddlewaretoken",
    "q[]",
    "need[0]",
    "Q",
    "NEED",
    " q",
    "q\x00",
    "__proto__",
    "ž",
    "😀",
]

VALID = {
    "q": ["wigs", "gas cards", "grant", "Helping Hands"],
    "zip": ["77001", "10001-1234", " 02134 ", "99999"],
    "state": ["tx", "TX", "ny", "pr"],
    "county": ["harris-county-tx", "new-york-county-ny", "HARRIS-COUNTY-TX"],
    "need": [
        "cash-grants",
        "gas-cards",
        "rides-to-treatment",
        "wigs-and-head-coverings",
    ],
    "help": list(HelpType.values),
    "lang": list(Language.values),
    "age": ["0", "45", "120"],
    "sort": list(SORTS),
    "page": ["1", "2", "10000"],
}
FLAG_VALUES = ["1", "true", "on", "yes", "TRUE", "0", "off"]

# Payloads whose unescaped form (even cut to the 12 characters a bad ZIP is echoed
# with) contains a marker below; escaped, none of the markers can appear.
HTML_PAYLOADS = [
    '<script>alert("xss")</script>',
    "</title><script>alert(1)</script>",
    '</textarea></option></select><script>alert("xss")</script>',
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    '<svg onload=alert(1)>"',
    '" onfocus="alert(1)" autofocus="',
    "' onmouseover='alert(1)",
]
UNESCAPED_MARKERS = [
    "<script>al",
    "<img src=x",
    "<svg onl",
    'onfocus="a',
    "onmouseover='a",
]

NASTY_VALUES = [
    # SQL
    "' OR 1=1 --",
    '"; DROP TABLE x;',
    "1' AND '1'='1",
    "1; SELECT pg_sleep(5)--",
    "' UNION SELECT NULL, NULL --",
    "\\",
    "%",
    "_",
    "%_%",
    "NULL",
    "None",
    "undefined",
    "[]",
    "{}",
    # FTS5
    "NEAR(",
    "NEAR(wigs grant, 5)",
    '"',
    '""',
    '"unterminated',
    "*",
    "wig*",
    "AND OR NOT",
    "wigs AND",
    "NOT",
    "^",
    "^wigs",
    ":",
    "title:wigs",
    "{title summary}: wigs",
    "-wigs",
    "+",
    "((((",
    "))",
    "bm25(",
    "MATCH",
    # tsquery
    "!",
    "!!wigs",
    "&",
    "|",
    "<->",
    "<2>",
    "wigs & grant",
    "wigs | !grant",
    "wigs <-> grant",
    "!(wigs",
    "'",
    "''",
    "wigs:*",
    "wigs:AB",
    # templates and HTML/JS
    *HTML_PAYLOADS,
    "javascript:alert(1)",
    "{{ 7*7 }}",
    "{% debug %}",
    "${7*7}",
    "&lt;&amp;&#0;",
    # Unicode
    "😀",
    "👩‍👩‍👧‍👦",
    "مساعدة مالية",
    "\u202eevil\u202c",
    "\u200f\u200e\u200b",
    "e\u0301\u0301\u0301\u0301",
    "Z\u0334\u0327\u031ba\u0335l\u0336g\u0337o\u0338",
    "\x00",
    "wigs\x00grant",
    "\ufeff",
    "\ufffd",
    "\U0010ffff",
    "ǅ",
    "ß",
    "İ",
    "ﬁ",
    "＜script＞",
    "\u2028",
    "\r\n",
    "\t",
    " ",
    "",
    # digits that are not ASCII digits
    "²",
    "¹²",
    "①",
    "Ⅻ",
    "١٢",
    "١٢٣٤٥",
    "７７００１",
    "𝟕𝟕𝟎𝟎𝟏",
    # numbers as strings
    "-1",
    "0",
    "1e309",
    "99999999999999999999",
    "1.5",
    "NaN",
    "inf",
    "-0",
    "+1",
    "0x10",
    " 7 ",
    "007",
    "1_000",
    "121",
    "10001",
    "9" * 500,
]

# Byte strings that are not UTF-8: lone continuation bytes, overlong forms, surrogates,
# truncated sequences and a BOM, plus NUL.
BAD_BYTES = [
    b"\xff\xfe",
    b"\xff",
    b"\x80",
    b"\xc0\xaf",
    b"\xc0\x80",
    b"\xed\xa0\x80",
    b"\xe2\x82",
    b"\xf4\x90\x80\x80",
    b"\xfe\xff\x00w",
    b"\x00",
    b"wigs\xff",
]


def overlong(pieces):
    return st.builds(
        lambda piece, length: (piece * length)[:length],
        st.sampled_from(pieces),
        st.integers(1_000, 10_000),
    )


TEXT = st.text(max_size=40)
# Digits that are not 0-9 (Arabic-Indic, full-width, superscript, Roman numerals...):
# ``str.isdigit`` and ``\d`` accept many of them, ``int()`` and ASCII code do not.
DIGITS = st.text(st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=10)
TEXT_VALUE = st.one_of(
    st.sampled_from(NASTY_VALUES),
    st.sampled_from([value for values in VALID.values() for value in values]),
    st.sampled_from(FLAG_VALUES),
    TEXT,
    DIGITS,
    st.integers().map(str),
    overlong(["a", "é", "😀", "%", "<", "' OR ", "wigs ", "9", "&"]),
)
# A value is text (encoded as UTF-8) or raw bytes that may not be UTF-8 at all.
VALUE = st.one_of(
    TEXT_VALUE,
    st.sampled_from(BAD_BYTES),
    st.binary(max_size=30),
)
KEY = st.one_of(st.sampled_from(PARAMS), st.sampled_from(UNKNOWN_PARAMS), TEXT)


def encode(value, how):
    """``value`` (text or bytes) as it appears in a query string: percent-encoded,
    form-encoded or raw (``&``, ``=``, ``%`` and ``#`` left as they are)."""
    raw = value if isinstance(value, bytes) else value.encode("utf-8")
    if how == "quote":
        return quote_from_bytes(raw, safe="").encode("ascii")
    if how == "plus":
        return quote_plus(raw, safe="").encode("ascii")
    return raw


ENCODING = st.sampled_from(["quote", "quote", "plus", "raw"])


@st.composite
def fields(draw):
    """One ``key=value`` field; sometimes a bare key, a bare ``=value`` or nothing."""
    how = draw(ENCODING)
    key = encode(draw(KEY), how)
    value = encode(draw(VALUE), how)
    shape = draw(st.sampled_from(["pair", "pair", "pair", "key", "value", "empty"]))
    return {
        "pair": key + b"=" + value,
        "key": key,
        "value": b"=" + value,
        "empty": b"",
    }[shape]


# One field, or the same field repeated up to 60 times.
FIELD_GROUP = st.one_of(
    fields().map(lambda field: [field]),
    st.builds(lambda field, times: [field] * times, fields(), st.integers(2, 60)),
)


@st.composite
def query_strings(draw):
    groups = draw(st.lists(FIELD_GROUP, max_size=8))
    separator = draw(st.sampled_from([b"&", b"&", b"&", b";", b"&&"]))
    return separator.join(field for group in groups for field in group)


@st.composite
def known_parameter_query_strings(draw):
    """Every parameter of the search page at once, each 0-3 times, percent-encoded:
    the combinations (ZIP and state and county, need and help...) the page reads."""
    pairs = []
    for name in PARAMS:
        values = draw(
            st.lists(
                st.one_of(st.sampled_from(VALID.get(name, FLAG_VALUES)), VALUE),
                max_size=3,
            )
        )
        pairs += [
            quote(name).encode() + b"=" + encode(value, "quote") for value in values
        ]
    return b"&".join(draw(st.permutations(pairs)))


# --- Requests and checks --------------------------------------------------------------


def get(client, path, query_string=b""):
    """GET ``path`` with ``query_string`` (bytes) as the server would pass it.

    Plain ASCII query strings go in the URL (``/programs/?q=...``); any other goes
    straight into the WSGI environ (latin-1, as PEP 3333 says), since a URL cannot hold
    raw bytes. Each request runs in a savepoint, so a database error in one example
    cannot poison the transaction for the next. A view's exception (or a panic from a
    Rust extension, which is not an ``Exception``) becomes an assertion error that
    names the request.
    """
    try:
        with transaction.atomic():
            if query_string.isascii() and b"#" not in query_string:
                url = f"{path}?{query_string.decode()}" if query_string else path
                return client.get(url)
            return client.get(path, QUERY_STRING=query_string.decode("latin-1"))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:
        raise AssertionError(
            f"GET {path!r} with query string {query_string!r} raised "
            f"{type(error).__module__}.{type(error).__name__}: {error}"
        ) from error


def check(response, allowed=(200,)):
    """Not a server error; an allowed status; a 4xx says something; nothing injected
    is echoed unescaped; a page with a query is private and not indexed."""
    status = response.status_code
    note = event if currently_in_test_context() else lambda _: None
    note(f"status {status}")
    assert status < 500, f"server error {status}"
    assert status in allowed or 400 <= status < 500, f"unexpected status {status}"
    if 400 <= status < 500:
        assert response.content.strip(), f"{status} without a message"
    if status in (301, 302):
        location = response["Location"]
        assert location.startswith("/"), f"redirect off the site: {location!r}"
        assert not location.startswith(("//", "/\\")), f"open redirect: {location!r}"
    if status == 200:
        assert response["Content-Type"].startswith("text/html")
        html = response.content.decode()
        for marker in UNESCAPED_MARKERS:
            assert marker not in html, f"unescaped {marker!r} in the page"
        if response.context and "results" in response.context:
            note("with results" if response.context["results"].total else "empty")
        if response.wsgi_request.GET:
            assert "no-store" in response["Cache-Control"]
            assert response["X-Robots-Tag"] == "noindex"


# --- Data ----------------------------------------------------------------------------


@pytest.fixture
def programs(directory_page):
    """A handful of published programs so every search reaches the full-text index,
    the facets, closeness ranking, pagination and the empty state."""
    needs = {category.slug: category for category in NeedCategory.objects.all()}
    ProgramPageFactory(
        parent=directory_page,
        title="Helping Hands Cash Grant",
        summary="Grants toward household bills for people in treatment.",
        cancer_scope=CancerScope.METASTATIC_BREAST,
        treatment_requirement=TreatmentRequirement.NONE,
        languages=[Language.ENGLISH, Language.SPANISH],
        last_verified_at=datetime.date(2025, 1, 15),
    )
    ProgramPageFactory(
        parent=directory_page,
        title="Texas Gas Cards",
        summary="Gas cards for rides to treatment across Texas.",
        need_categories=[needs["gas-cards"], needs["rides-to-treatment"]],
        regions=[state("tx")],
        help_types=[HelpType.CARD],
        min_age=18,
        max_age=64,
    )
    ProgramPageFactory(
        parent=directory_page,
        title="Harris County Rides",
        summary="Volunteer drivers in Harris County.",
        need_categories=[needs["rides-to-treatment"]],
        regions=[county("harris-county-tx")],
        help_types=[HelpType.SERVICE],
        who_applies=WhoApplies.REFERRAL,
    )
    ProgramPageFactory(
        parent=directory_page,
        title='Wigs & "Head" <Coverings>',
        summary="Free wigs, scarves and hats, mailed to you.",
        need_categories=[needs["wigs-and-head-coverings"]],
        help_types=[HelpType.GOODS],
        application_status=ApplicationStatus.CLOSED,
        is_demo_data=True,
    )
    ProgramPageFactory(
        parent=directory_page,
        title="New York Rent Relief",
        summary="Help with rent and mortgage payments in New York.",
        need_categories=[needs["rent-and-mortgage"]],
        regions=[state("ny")],
        help_types=[HelpType.BILL_PAID],
    )
    return directory_page


# --- Tests ---------------------------------------------------------------------------


@FUZZ
@given(query_string=query_strings())
@example(query_string=b"zip=%D9%A1%D9%A2%D9%A3%D9%A4%D9%A5")
@example(query_string=b"age=%C2%B2")
@example(query_string=b"page=%C2%B2")
@example(query_string=b"q=%FF%FE&state=%00&need=%C0%AF&zip=%ED%A0%80")
@example(query_string=b"q=" + b"a" * 10_000)
@example(query_string=b"&".join([b"need=cash-grants"] * 50))
@example(query_string=b"q=%27+OR+1%3D1+--&sort=relevance")
@example(query_string=b"q=NEAR(&q=%22&zip=%3Cscript%3Ealert(1)%3C/script%3E")
def test_fuzzed_query_strings_never_give_a_server_error(client, programs, query_string):
    check(get(client, "/programs/", query_string))


@FUZZ
@given(query_string=known_parameter_query_strings())
@example(query_string=b"zip=77001&state=ny&county=harris-county-tx&page=10000")
@example(query_string=b"q=wigs&sort=relevance&need=cash-grants&help=goods&age=0")
def test_every_parameter_together_never_gives_a_server_error(
    client, programs, query_string
):
    check(get(client, "/programs/", query_string))


def test_every_parameter_with_every_nasty_value(client, programs):
    """Every hand-picked nasty value (and invalid UTF-8, percent-encoded and raw) in
    every known and unknown parameter at once, then as the free text alone (so the
    full-text ranking runs on it); every failure is reported, not just the first."""
    names = [encode(name, "quote") for name in PARAMS + UNKNOWN_PARAMS]
    failures = []
    for value in [*NASTY_VALUES, *BAD_BYTES, "a" * 10_000, "😀" * 2_500]:
        for how in ("quote", "raw") if isinstance(value, bytes) else ("quote",):
            encoded = encode(value, how)
            for query_string in (
                b"&".join(name + b"=" + encoded for name in names),
                b"sort=relevance&q=" + encoded,
            ):
                try:
                    check(get(client, "/programs/", query_string))
                except AssertionError as error:
                    cause = error.__cause__ or error
                    failures.append(
                        f"{value!r} ({how}) in {query_string[:60]!r}...: "
                        f"{type(cause).__name__}: {cause}\n"
                        + "".join(traceback.format_exception(cause)[-4:])
                    )
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures)


def test_many_fields_give_a_400_with_a_message(client, programs):
    """More fields than DATA_UPLOAD_MAX_NUMBER_FIELDS is refused, not a crash."""
    query_string = b"&".join([b"need=cash-grants"] * 10_001)
    for path in ("/programs/", "/search/", "/programs/need/cash-grants/"):
        response = get(client, path, query_string)
        assert response.status_code == 400
        check(response, allowed=())


def fuzzed_segments():
    """Any path segment, percent-encoded, raw or broken."""
    text = st.one_of(st.sampled_from(NASTY_VALUES), TEXT, DIGITS)
    return st.one_of(
        text.map(lambda value: quote(value, safe="")),
        # Non-ASCII, spaces and control characters raw; only what would end the
        # segment or the path encoded.
        text.map(
            lambda value: (
                value.replace("%", "%25")
                .replace("/", "%2F")
                .replace("?", "%3F")
                .replace("#", "%23")
            )
        ),
        # Broken escapes (``%zz``) and extra ``/`` left as they are.
        text.map(lambda value: value.replace("?", "%3F").replace("#", "%23")),
        st.one_of(st.sampled_from(BAD_BYTES), st.binary(max_size=20)).map(
            lambda value: quote_from_bytes(value, safe="")
        ),
        overlong(["a", "é", "-", "%41"]),
    )


REAL_NEEDS = st.sampled_from(VALID["need"])
REAL_STATES = st.sampled_from(["tx", "ny", "pr", "TX", "Ny", "TEXAS"])
MOSTLY_REAL = st.sampled_from([True, True, True, False])


@st.composite
def landing_paths(draw):
    # Mostly a real need or state (any case), so landing pages render and redirect.
    need = draw(REAL_NEEDS if draw(MOSTLY_REAL) else fuzzed_segments())
    state = draw(REAL_STATES if draw(MOSTLY_REAL) else fuzzed_segments())
    other = draw(fuzzed_segments())
    path = draw(
        st.sampled_from(
            [
                f"/programs/need/{need}/",
                f"/programs/state/{state}/",
                f"/programs/need/{need}/state/{state}/",
                f"/programs/need/{need}/state/{state}/",
                f"/programs/need/{need}/state/{state}/{other}/",
                f"/programs/need/{other}/state/{state}/",
                f"/programs/state/{state}/need/{need}/",
                f"/programs/{other}/",
                f"/programs/need/{need}",
                f"/programs/state/{state}",
            ]
        )
    )
    return path.replace("\r", "%0D").replace("\n", "%0A")


@FUZZ
@given(path=landing_paths(), query_string=st.one_of(st.just(b""), query_strings()))
@example(path="/programs/state/TX/", query_string=b"")
@example(path="/programs/state/%FF%FE/", query_string=b"")
@example(path="/programs/need/%00/state/tx/", query_string=b"")
@example(path="/programs/need/cash-grants/state/%C4%B0/", query_string=b"")
@example(path="/programs/state/%C4%B0/", query_string=b"")
@example(path="/programs/need/cash-grants/state/tx/", query_string=b"page=%E2%91%A0")
@example(path="/programs/need/" + "a" * 10_000 + "/", query_string=b"")
@example(path="/programs//evil.example/", query_string=b"")
@example(path="/programs/state///evil.example", query_string=b"")
def test_fuzzed_landing_urls_never_give_a_server_error(
    client, programs, path, query_string
):
    response = get(client, path, query_string)
    check(response, allowed=(200, 301, 302, 404))


@FUZZ
@given(query_string=query_strings())
@example(query_string=b"q=%FF%FE%00&q=%0D%0ALocation:%20https://evil.example")
@example(query_string=b"next=//evil.example&state=tx")
@example(query_string=b"q=" + b"%FF" * 2_000)
def test_fuzzed_search_alias_always_redirects_to_the_directory(
    client, programs, query_string
):
    """/search/ redirects with the same query (cut down to what the search
    understands when it is too long to pass on). Django refuses, with a 400, a query
    of more than DATA_UPLOAD_MAX_NUMBER_FIELDS fields."""
    response = get(client, "/search/", query_string)
    try:
        response.wsgi_request.GET.urlencode()
    except TooManyFieldsSent:
        assert response.status_code == 400
        assert response.content.strip()
        return
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/programs/")
    assert "\r" not in location
    assert "\n" not in location
    assert "no-store" in response["Cache-Control"]
