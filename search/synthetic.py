"""Synthetic programs for benchmarks: vocabulary and the values of one program.

``SyntheticPrograms`` draws everything from one ``random.Random``, so the same seed
gives the same programs; ``generate_programs`` writes them to the database. Generated
programs' ``external_id`` starts with ``PREFIX`` and their organisations' websites with
``ORG_WEBSITE_PREFIX``; about one in a thousand mentions ``RARE_TERM``.
"""

import datetime
import uuid
from collections import Counter

import zipcodes

from django.utils.text import slugify

from directory import geo
from directory.choices import (
    ApplicationStatus,
    CancerScope,
    HelpType,
    ProgramStatus,
    ReapplyRule,
    StandardDocument,
    TreatmentRequirement,
    WhoApplies,
)
from directory.models import Organisation, ProgramPage

PREFIX = "gen-"
ORG_WEBSITE_PREFIX = "https://gen-"
RARE_TERM = "zephyr"
RARE_TERM_RATE = 0.001

# Resident population in millions (2020 census, rounded): states are served roughly
# in proportion.
POPULATION = {
    "CA": 39.5, "TX": 29.1, "FL": 21.5, "NY": 20.2, "PA": 13.0, "IL": 12.8,
    "OH": 11.8, "GA": 10.7, "NC": 10.4, "MI": 10.1, "NJ": 9.3, "VA": 8.6,
    "WA": 7.7, "AZ": 7.2, "MA": 7.0, "TN": 6.9, "IN": 6.8, "MD": 6.2, "MO": 6.2,
    "WI": 5.9, "CO": 5.8, "MN": 5.7, "SC": 5.1, "AL": 5.0, "LA": 4.7, "KY": 4.5,
    "OR": 4.2, "OK": 4.0, "CT": 3.6, "UT": 3.3, "PR": 3.3, "IA": 3.2, "NV": 3.1,
    "AR": 3.0, "MS": 3.0, "KS": 2.9, "NM": 2.1, "NE": 2.0, "ID": 1.8, "WV": 1.8,
    "HI": 1.5, "NH": 1.4, "ME": 1.4, "RI": 1.1, "MT": 1.1, "DE": 1.0, "SD": 0.9,
    "ND": 0.8, "AK": 0.7, "DC": 0.7, "VT": 0.6, "WY": 0.6, "GU": 0.17,
    "VI": 0.09, "AS": 0.05, "MP": 0.05,
}  # fmt: skip

# How common each need is among programs (relative weights; unknown slugs get 1),
# the help type it usually comes as, and words its programs use.
NEEDS = {
    "cash-grants": (20, "cash", ["grant", "cash", "emergency", "financial"]),
    "utility-bills": (12, "bill-paid-to-provider", ["utility", "electric", "bills"]),
    "rent-and-mortgage": (10, "bill-paid-to-provider", ["rent", "mortgage", "housing"]),
    "car-payments-and-insurance": (3, "bill-paid-to-provider", ["car", "auto"]),
    "medical-bills-and-copays": (9, "bill-paid-to-provider", ["copay", "medical"]),
    "insurance-premiums": (3, "bill-paid-to-provider", ["premium", "insurance"]),
    "gas-cards": (10, "gift-or-prepaid-card", ["gas", "fuel", "travel"]),
    "rides-to-treatment": (9, "service", ["rides", "transportation", "driver"]),
    "air-travel": (1, "service", ["flights", "air", "travel"]),
    "parking": (1, "gift-or-prepaid-card", ["parking"]),
    "groceries-and-meals": (12, "goods", ["groceries", "meals", "food"]),
    "house-cleaning": (3, "service", ["cleaning", "home"]),
    "childcare": (1.5, "service", ["childcare", "children", "family"]),
    "pet-care": (0.5, "service", ["pet", "dog", "cat"]),
    "lodging-near-treatment": (6, "service", ["lodging", "hotel", "stay"]),
    "gift-and-care-boxes": (5, "goods", ["gift", "care", "package"]),
    "blankets-and-comfort-items": (2, "goods", ["blanket", "comfort", "quilt"]),
    "wigs-and-head-coverings": (5, "goods", ["wig", "scarf", "hat"]),
    "skin-care-and-beauty-products": (2, "goods", ["skin", "beauty", "makeover"]),
    "mastectomy-and-lymphedema-supplies": (3, "goods", ["bra", "lymphedema"]),
    "support-groups": (8, "support", ["support", "group", "community"]),
    "peer-mentors": (4, "support", ["mentor", "peer", "survivor"]),
    "counselling": (5, "support", ["counseling", "therapy", "emotional"]),
    "retreats-and-wishes": (3, "service", ["retreat", "wish", "getaway"]),
    "legal-and-employment-help": (2, "information", ["legal", "lawyer", "work"]),
    "disability-benefits-help": (2, "information", ["disability", "benefits"]),
    "financial-navigation": (4, "information", ["navigation", "budget", "advice"]),
}

HELP_WEIGHTS = {
    "cash": 6,
    "bill-paid-to-provider": 6,
    "gift-or-prepaid-card": 3,
    "goods": 3,
    "service": 4,
    "support": 3,
    "information": 2,
}

ORG_FIRST = [
    "Pink", "Hope", "Harbor", "Bright", "Silver", "Blue", "Sunrise", "Evergreen",
    "Golden", "Cedar", "Willow", "Northern", "Southern", "Prairie", "Coastal",
    "Mountain", "River", "Lantern", "Compass", "Open", "Kind", "Steady", "True",
    "Morning", "Summit", "Valley", "Garden", "Beacon", "Anchor", "Maple",
]  # fmt: skip
ORG_SECOND = [
    "Ribbon", "Light", "Heart", "Hands", "Path", "Bridge", "Circle", "Road",
    "Promise", "Journey", "Table", "Door", "Friends", "Sisters", "Wings",
    "Thread", "Harvest", "Haven", "Star", "Tree",
]  # fmt: skip
ORG_SUFFIX = [
    "Foundation", "Fund", "Alliance", "Network", "Project", "Society",
    "Coalition", "Trust", "Collective", "Outreach",
]  # fmt: skip

PROGRAM_KIND = [
    "Assistance Fund", "Program", "Grant", "Relief Fund", "Project",
    "Initiative", "Support Program", "Help Line", "Service", "Emergency Fund",
]  # fmt: skip
AUDIENCE = [
    "people living with metastatic breast cancer",
    "patients in active treatment",
    "anyone with a cancer diagnosis",
    "women with stage IV breast cancer",
    "families facing cancer",
    "people with breast cancer and their caregivers",
]
# Filler vocabulary: early words are drawn far more often than late ones (Zipf),
# so text search meets both common and uncommon words.
_FILLER_TEXT = """
help support patients families treatment cancer costs monthly application
approved funds paid directly local community volunteers caregivers eligible
program offers provides household income diagnosis oncologist social worker
hospital clinic appointment waiting list quickly within weeks limited budget
donations partners nonprofit county state nationwide online phone referral
documents proof stage metastatic breast survivors dignity relief stress burden
kindness practical everyday essentials schedule flexible confidential free
low-cost sliding scale priority urgent seasonal annual renewal caseworker
navigator bilingual spanish interpreter rural urban veterans seniors young
adults mothers working uninsured underinsured medicaid medicare pharmacy
prescription infusion radiation chemotherapy hormone therapy scans imaging
recovery wellness nutrition exercise yoga meditation art music journaling
retreats camps weekend coastal mountain lakeside cabin garden quilters knitting
artisans handmade crocheted chaplain faith congregation neighbors
"""
FILLER = _FILLER_TEXT.split()

AWARDS = [
    ("Up to $100", 100), ("Up to $250", 250), ("Up to $300", 300),
    ("Up to $500", 500), ("Up to $1,000", 1000), ("Up to $2,500", 2500),
    ("One-time grant of $200", 200), ("$50 gas card", 50),
    ("Weekly meals for 8 weeks", None), ("Free rides", None),
    ("", None), ("", None),
]  # fmt: skip
AGES = [(18, 39), (18, None), (None, 64), (65, None), (21, None), (18, 45)]


def _weighted(rng, population, weights, k):
    """``k`` distinct items, drawn by weight."""
    chosen = []
    items, w = list(population), list(weights)
    for _ in range(min(k, len(items))):
        (index,) = rng.choices(range(len(items)), weights=w)
        chosen.append(items.pop(index))
        w.pop(index)
    return chosen


class SyntheticPrograms:
    """Draws synthetic organisations and programs from ``rng`` and the taxonomy."""

    def __init__(self, rng, tax):
        self.rng = rng
        self.needs = [need.id for need in tax.needs]
        self.need_slugs = {need.id: need.slug for need in tax.needs}
        self.need_weights = [NEEDS.get(n.slug, (1,))[0] for n in tax.needs]
        self.states = [(code, pk) for code, _, pk in tax.states]
        self.state_weights = [POPULATION.get(code, 0.5) for code, _ in self.states]
        self.state_names = tax.state_names
        # Counties weighted by how many ZIP codes they have (a rough size measure).
        zips = Counter(
            geo.county_slug(r["state"], r["county"].strip())
            for r in zipcodes.list_all()
            if r["county"].strip()
        )
        self.counties = {
            code: ([pk for _, _, pk in items], [zips.get(s, 1) for s, _, _ in items])
            for code, items in tax.counties.items()
        }
        self.county_names = {
            pk: name for items in tax.counties.values() for _, name, pk in items
        }
        # Zipf over the filler vocabulary: word k drawn with weight 1 / (k + 1).
        self.filler_weights = [1 / (k + 1) for k in range(len(FILLER))]

    def organisations(self, count, taken, start):
        """Up to ``count`` unsaved organisations, numbered from ``start``, new names."""
        names = [
            f"{a} {b} {c}"
            for a in ORG_FIRST
            for b in ORG_SECOND
            for c in ORG_SUFFIX
            if f"{a} {b} {c}" not in taken
        ]
        self.rng.shuffle(names)
        return [
            Organisation(
                name=name,
                website=f"{ORG_WEBSITE_PREFIX}{start + i}.example.org/",
                description=f"{name} helps {self.rng.choice(AUDIENCE)}.",
            )
            for i, name in enumerate(names[:count])
        ]

    def program(self, number, org, now):
        """One unsaved ProgramPage (page fields included), its need ids and regions."""
        rng = self.rng
        need_count = rng.choices([1, 2, 3], weights=[50, 35, 15])[0]
        needs = _weighted(rng, self.needs, self.need_weights, need_count)
        slugs = [self.need_slugs[n] for n in needs]
        words = [w for slug in slugs for w in NEEDS.get(slug, (1, "", [slug]))[2]]

        preferred = [NEEDS[s][1] for s in slugs if s in NEEDS]
        help_count = rng.choices([1, 2, 3], weights=[55, 35, 10])[0]
        helps = set()
        if preferred and rng.random() < 0.7:
            helps.add(rng.choice(preferred))
        while len(helps) < help_count:
            helps.add(
                rng.choices(list(HELP_WEIGHTS), weights=list(HELP_WEIGHTS.values()))[0]
            )

        nationwide, regions, area = self.service_area()
        keyword = rng.choice(words).capitalize()
        title = f"{rng.choice(ORG_FIRST)} {keyword} {rng.choice(PROGRAM_KIND)}"
        audience = rng.choice(AUDIENCE)
        costs = words[:3]
        if len(costs) > 1:
            costs = [", ".join(costs[:-1]) + " and " + costs[-1]]
        summary = (
            f"Helps {audience} with {costs[0]} costs"
            f"{' in ' + area if area else ' anywhere in the US'}."
        )[:240]
        sentences = [
            f"The {title} gives {audience} help with "
            f"{', '.join(rng.sample(words, min(3, len(words))))}.",
            " ".join(self.filler(rng.randint(12, 30))).capitalize() + ".",
            " ".join(self.filler(rng.randint(8, 20))).capitalize() + ".",
        ]
        if rng.random() < RARE_TERM_RATE:
            sentences.insert(rng.randint(0, 3), f"Funded by the {RARE_TERM} circle.")
        description = "".join(f"<p>{s}</p>" for s in sentences)

        scope = rng.choices(
            [
                CancerScope.ANY_CANCER,
                CancerScope.BREAST_ANY_STAGE,
                CancerScope.METASTATIC_BREAST,
                CancerScope.ANYONE,
            ],
            weights=[45, 30, 15, 10],
        )[0]
        treatment = rng.choices(
            [
                TreatmentRequirement.NONE,
                TreatmentRequirement.INCLUDES_MAINTENANCE,
                TreatmentRequirement.ACTIVE_TREATMENT,
                TreatmentRequirement.EXCLUDES_MAINTENANCE,
                TreatmentRequirement.UNKNOWN,
            ],
            weights=[30, 15, 10, 15, 30],
        )[0]
        min_age, max_age = rng.choice(AGES) if rng.random() < 0.15 else (None, None)
        award, max_award = rng.choice(AWARDS)
        verified = (
            None
            if rng.random() < 0.3
            else now.date() - datetime.timedelta(days=rng.randint(0, 3 * 365))
        )
        published = now - datetime.timedelta(minutes=rng.randint(0, 3 * 365 * 1440))
        slug = f"{slugify(title)[:60]}-g{number}"
        program = ProgramPage(
            title=title,
            draft_title=title,
            slug=slug,
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=published,
            show_in_menus=False,
            seo_title="",
            search_description="",
            translation_key=uuid.UUID(int=rng.getrandbits(128), version=4),
            organisation_id=org.pk,
            summary=summary,
            description=description,
            nationwide=nationwide,
            service_area_note="",
            cancer_scope=scope,
            treatment_requirement=treatment,
            income_limit_fpl_percent=rng.choice([None, None, 200, 250, 300, 400]),
            min_age=min_age,
            max_age=max_age,
            other_eligibility=rng.choice(
                ["", "", "Must live in the area served.", "Proof of diagnosis needed."]
            ),
            help_types=[value for value in HelpType.values if value in helps],
            award=award,
            max_award_usd=max_award,
            reapply_rule=rng.choice(ReapplyRule.values),
            reapply_note="",
            typical_turnaround=rng.choice(["", "1–2 weeks", "2–4 weeks", "Same day"]),
            who_applies=rng.choices(
                [WhoApplies.SELF, WhoApplies.REFERRAL], weights=[80, 20]
            )[0],
            application_status=rng.choices(
                [
                    ApplicationStatus.OPEN,
                    ApplicationStatus.CLOSED,
                    ApplicationStatus.WAITLIST,
                    ApplicationStatus.OPENS_PERIODICALLY,
                    ApplicationStatus.OUT_OF_FUNDS,
                    ApplicationStatus.UNKNOWN,
                ],
                weights=[55, 10, 8, 12, 5, 10],
            )[0],
            application_window="",
            application_url=f"{org.website}apply/{number}",
            phone="",
            email="",
            application_steps="<p>Fill in the online form; a volunteer calls back.</p>",
            required_documents=sorted(
                rng.sample(StandardDocument.values, rng.randint(0, 3))
            ),
            required_documents_other="",
            languages=rng.choices(
                [[], ["en"], ["es"], ["en", "es"], ["zh"]],
                weights=[60, 25, 5, 9, 1],
            )[0],
            last_verified_at=verified,
            verification_note="",
            status=rng.choices(
                [ProgramStatus.ACTIVE, ProgramStatus.INACTIVE, ProgramStatus.DEFUNCT],
                weights=[97, 2, 1],
            )[0],
            is_demo_data=False,
            sources="",
            curator_note="",
            external_id=f"{PREFIX}{number:07d}",
        )
        return program, needs, regions

    def filler(self, count):
        """``count`` filler words, common ones far more often than rare ones."""
        return self.rng.choices(FILLER, weights=self.filler_weights, k=count)

    def service_area(self):
        """One service area as (nationwide, region ids, area in words)."""
        # 20 % nationwide; else 1–2 states or 1–4 counties of one state.
        rng = self.rng
        if rng.random() < 0.2:
            return True, [], ""
        if rng.random() < 0.55:
            picked = _weighted(
                rng, self.states, self.state_weights, 1 if rng.random() < 0.75 else 2
            )
            return (
                False,
                [pk for _, pk in picked],
                " and ".join(self.state_names[c] for c, _ in picked),
            )
        with_counties = [
            (code, weight)
            for (code, _), weight in zip(self.states, self.state_weights, strict=True)
            if code in self.counties
        ]
        (code,) = _weighted(
            rng, [c for c, _ in with_counties], [w for _, w in with_counties], 1
        )
        ids, weights = self.counties[code]
        picked = _weighted(rng, ids, weights, rng.randint(1, 4))
        names = ", ".join(self.county_names[pk] for pk in picked)
        return False, picked, f"{names}, {self.state_names[code]}"
