"""Seed taxonomy: the need groups and categories, and the US regions. Both functions
are idempotent (matched by slug), so migrations and the demo-data command can re-run
them."""

from django.utils.text import slugify

from directory import geo
from directory.choices import RegionKind
from directory.need_words import NEED_WORDS
from directory.need_words_es import NEED_NAMES_ES, NEED_WORDS_ES

NEED_GROUPS = [
    ("Money and bills", [
        ("Cash grants", "Money paid to you to spend on what you need most."),
        ("Utility bills", "Help with electric, gas, water, phone or internet bills."),
        ("Rent and mortgage", "Help keeping your home."),
        ("Car payments and insurance", "Help with car loans and car insurance."),
        ("Medical bills and copays", "Help with treatment costs, copays and "
        "deductibles."),
        ("Insurance premiums", "Help paying for health insurance."),
    ]),
    ("Getting to treatment", [
        ("Gas cards", "Fuel cards for driving to appointments."),
        ("Rides to treatment", "Free rides to and from appointments."),
        ("Air travel", "Free flights to treatment far from home."),
        ("Parking", "Help with parking costs at treatment centres."),
    ]),
    ("Food and home", [
        ("Groceries and meals", "Food cards, groceries and cooked meals."),
        ("House cleaning", "Free cleaning of your home during treatment."),
        ("Childcare", "Help looking after children during treatment."),
        ("Pet care", "Help caring for pets during treatment."),
    ]),
    ("Lodging", [
        ("Lodging near treatment", "Free or low-cost places to stay near treatment."),
    ]),
    ("Comfort and care", [
        ("Gift and care boxes", "Care packages sent to you."),
        ("Blankets and comfort items", "Blankets, pillows and other comfort items."),
        ("Wigs and head coverings", "Free wigs, hats and scarves."),
        ("Skin care and beauty products", "Products and services for skin and "
        "looks during treatment."),
        ("Mastectomy and lymphedema supplies", "Bras, prostheses and "
        "compression garments."),
    ]),
    ("Support and connection", [
        ("Support groups", "Groups of people living with metastatic breast cancer."),
        ("Peer mentors", "One-to-one support from someone who has been there."),
        ("Counselling", "Talking with a counsellor or social worker."),
        ("Retreats and wishes", "Getaways, retreats and wish programs."),
    ]),
    ("Work, legal and benefits", [
        ("Legal and employment help", "Free legal advice, including work rights."),
        ("Disability benefits help", "Help applying for disability benefits."),
        ("Financial navigation", "Someone who helps you sort out money and bills."),
    ]),
]  # fmt: skip


def seed_need_categories(NeedCategory):
    """Create the seed groups and categories, leaving curators' edits to names alone."""
    for group_order, (group_name, categories) in enumerate(NEED_GROUPS, start=1):
        group, _ = NeedCategory.objects.get_or_create(
            slug=slugify(group_name),
            defaults={"name": group_name, "sort_order": group_order * 10},
        )
        for order, (name, description) in enumerate(categories, start=1):
            NeedCategory.objects.get_or_create(
                slug=slugify(name),
                defaults={
                    "name": name,
                    "parent": group,
                    "description": description,
                    "sort_order": order,
                },
            )


def seed_need_words(NeedCategory):
    """Give each seed category its everyday words, where a curator has not yet
    written any (so their edits are kept)."""
    for slug, words in NEED_WORDS.items():
        NeedCategory.objects.filter(slug=slug, search_words="").update(
            search_words="\n".join(words)
        )


def seed_need_spanish(NeedCategory):
    """Give each seed group and category its Spanish name, description and words,
    field by field where a curator has not yet written them."""
    for slug, (name, description) in NEED_NAMES_ES.items():
        spanish = {
            "name_es": name,
            "description_es": description,
            "search_words_es": "\n".join(NEED_WORDS_ES.get(slug, ())),
        }
        for field, value in spanish.items():
            if value:
                NeedCategory.objects.filter(slug=slug, **{field: ""}).update(
                    **{field: value}
                )


def seed_regions(Region):
    """Create the country, the 56 states and territories and every county the
    ``zipcodes`` data names for them. Existing rows (matched by slug) are kept."""
    country, _ = Region.objects.get_or_create(
        slug=geo.COUNTRY_SLUG,
        defaults={"name": geo.COUNTRY_NAME, "kind": RegionKind.COUNTRY, "code": "US"},
    )
    existing = set(Region.objects.values_list("slug", flat=True))
    states = {}
    for code, name in geo.STATES.items():
        slug = geo.state_slug(code)
        if slug not in existing:
            Region.objects.create(
                slug=slug, name=name, kind=RegionKind.STATE, code=code, parent=country
            )
        states[code] = Region.objects.get(slug=slug)
    new_counties = [
        Region(slug=slug, name=name, kind=RegionKind.COUNTY, parent=states[code])
        for code, counties in geo.counties_by_state().items()
        for slug, name in counties.items()
        if slug not in existing
    ]
    Region.objects.bulk_create(new_counties, batch_size=500)
