"""US places from the ``zipcodes`` package (it ships its data; nothing is downloaded):
state names, the counties it names for each state, and one slug per county.

The package spells some counties more than one way ("St. Clair County" / "St Clair
County", "Richmond city" / "Richmond City", "DeWitt County" / "De Witt County" in
Texas; Puerto Rico's "Carolina" / "Carolina Municipio"). Spellings of a state's county
that differ only in case, spaces or punctuation are one county, with one slug, named
by the spelling most ZIP codes use.
"""

import math
from collections import Counter, defaultdict
from functools import cache

import zipcodes

from django.utils.text import slugify

COUNTRY_NAME = "United States"
COUNTRY_SLUG = "us"

# The 50 states, DC and the inhabited territories, by USPS code.
STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas",
    "CA": "California", "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho",
    "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah",
    "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming",
    "DC": "District of Columbia",
    "PR": "Puerto Rico", "GU": "Guam", "VI": "U.S. Virgin Islands",
    "AS": "American Samoa", "MP": "Northern Mariana Islands",
}  # fmt: skip


# The inhabited territories: outside the 50 states and DC.
TERRITORIES = frozenset({"PR", "GU", "VI", "AS", "MP"})


def state_slug(code):
    return code.lower()


def _normalise(state, name):
    if state == "PR" and not name.endswith(" Municipio"):
        return f"{name} Municipio"
    return name


def spelling(name):
    """What two spellings of one place's name share: its letters and digits."""
    return slugify(name).replace("-", "")


def _spelling_key(state, name):
    return state, spelling(_normalise(state, name))


def county_slug(state, name):
    """The slug of a county named as ``zipcodes`` names it, in any of its spellings,
    e.g. harris-county-tx; dewitt-county-tx for "De Witt County", TX."""
    name = _county_names().get(_spelling_key(state, name), _normalise(state, name))
    return slugify(f"{name}-{state}")


def place_of_zip(code):
    """(state code, county slug or None) of a five-digit ZIP code, or None if the
    code is not a US ZIP code."""
    # The zipcodes package panics (not an Exception) on non-ASCII digits.
    if not (len(code) == 5 and code.isascii() and code.isdigit()):
        return None
    try:
        records = zipcodes.matching(code)
    except (TypeError, ValueError):
        return None
    places = [
        (record["state"], record.get("county", "").strip())
        for record in records
        if record.get("state") in STATES
    ]
    for state, county in places:  # the first record that names a county
        if county:
            return state, county_slug(state, county)
    return (places[0][0], None) if places else None


def city_of_zip(code):
    """The city a five-digit ZIP code's mail goes to ("Austin" for 78701), or "" when
    the code is not a US ZIP code or names no city. Pages use it to say where a
    search looks, so a patient can tell at a glance that the ZIP was read right."""
    if not (len(code) == 5 and code.isascii() and code.isdigit()):
        return ""
    try:
        records = zipcodes.matching(code)
    except (TypeError, ValueError):
        return ""
    return next(
        (
            record["city"].strip()
            for record in records
            if record.get("state") in STATES and (record.get("city") or "").strip()
        ),
        "",
    )


@cache
def _county_names():
    """{spelling key: the county's name}: the spelling most ZIP codes use; ties go
    to the spelling that sorts first, for stability."""
    spellings = defaultdict(Counter)
    for record in zipcodes.list_all():
        state, name = record["state"], record["county"].strip()
        if state in STATES and name:
            spellings[_spelling_key(state, name)][_normalise(state, name)] += 1
    return {
        key: min(names, key=lambda n: (-names[n], n))
        for key, names in spellings.items()
    }


@cache
def counties_by_state():
    """{state code: {county slug: county name}} for every county the data names."""
    result = defaultdict(dict)
    for (state, _), name in sorted(_county_names().items()):
        result[state][slugify(f"{name}-{state}")] = name
    return dict(result)


# How far help given at a place reaches: a county whose centre is within this many
# miles of the place's county counts as "near" (lodging, a boutique, a meeting).
REACH_MILES = 50


@cache
def county_centres():
    """{county slug: (latitude, longitude)}: the mean of the county's ZIP codes."""
    points = defaultdict(list)
    for record in zipcodes.list_all():
        state, name = record["state"], record["county"].strip()
        try:
            point = float(record["lat"]), float(record["long"])
        except (KeyError, TypeError, ValueError):
            continue
        if state in STATES and name:
            points[county_slug(state, name)].append(point)
    return {
        slug: (
            sum(lat for lat, _ in group) / len(group),
            sum(lon for _, lon in group) / len(group),
        )
        for slug, group in points.items()
    }


def miles_between(a, b):
    """Great-circle distance in miles between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 3958.8 * math.asin(math.sqrt(h))


def counties_near(slug, miles=REACH_MILES):
    """Slugs of the counties whose centres are within ``miles`` of county ``slug``
    (itself included); just itself when its centre is not known."""
    centres = county_centres()
    if slug not in centres:
        return {slug}
    here = centres[slug]
    return {
        other for other, there in centres.items() if miles_between(here, there) <= miles
    } | {slug}
