"""“Will I qualify?”: how a person's answers meet each program's stated rules.

One small pure function per rule (place, diagnosis, treatment, age, income, who
applies), each giving a verdict and a reason in plain words that names the
program's rule and the person's answer. A program's verdict combines them: any
rule that fails makes it “Probably not”; else anything not stated by the program,
or not answered by the person, makes it “Check with them”; else “Likely to
qualify”. Not stated never counts as met.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directory.choices import CancerScope, TreatmentRequirement, WhoApplies
from directory.geo import STATES, TERRITORIES
from directory.models.poverty import PovertyGuideline, area_of_state

LIKELY, CHECK, NO = "likely", "check", "no"
VERDICTS = {
    LIKELY: _("Likely to qualify"),
    CHECK: _("Check with them"),
    NO: _("Probably not"),
}

# The person's answers, as the form stores them in the session.
METASTATIC, EARLIER_BREAST, OTHER_CANCER = "metastatic-breast", "earlier", "other"
DIAGNOSES = {
    METASTATIC: _("Metastatic breast cancer"),
    EARLIER_BREAST: _("Breast cancer, earlier stage"),
    OTHER_CANCER: _("Another cancer"),
}
ACTIVE, MAINTENANCE, NOT_TREATED = "active", "maintenance", "none"
TREATMENTS = {
    ACTIVE: _("Chemotherapy, targeted therapy or immunotherapy"),
    MAINTENANCE: _("Hormonal or other long-term maintenance therapy only"),
    NOT_TREATED: _("Not in treatment now"),
}
ME, PROFESSIONAL = "me", "professional"
APPLICANTS = {
    ME: _("Me or my family"),
    PROFESSIONAL: _("My social worker or nurse"),
}


@dataclass(frozen=True)
class Income:
    """A household's income against the poverty guideline of its place."""

    percent: float  # unrounded
    year: int
    source_url: str


@dataclass(frozen=True)
class Reason:
    verdict: str
    text: str
    # The guideline behind a percentage named in the text, to cite beside it.
    income: Income | None = None


@dataclass(frozen=True)
class Answers:
    """What the person told the screener; every answer may be missing."""

    zip: str = ""
    state: str = ""
    treated_zip: str = ""
    diagnosis: str = ""
    treatment: str = ""
    age: int | None = None
    household: int | None = None
    income: int | None = None
    income_declined: bool = False
    applicant: str = ""
    needs: tuple[str, ...] = ()


@dataclass
class Screening:
    """One program's verdict and the reasons for it."""

    hit: object  # search.backends.base.Hit
    reasons: list[Reason] = field(default_factory=list)

    @property
    def verdict(self):
        return combine(self.reasons)


def combine(reasons):
    """Any rule failed: no. Else anything not stated or not answered: check. Else
    likely."""
    verdicts = {reason.verdict for reason in reasons}
    if NO in verdicts:
        return NO
    if CHECK in verdicts:
        return CHECK
    return LIKELY


def place_rule(area, answered, nationwide, local_sites, part_of="", territory=""):
    """Where they serve. Only programs serving the person's place are screened, so
    with a ZIP code the place is met unless the program names no areas where it
    serves only part of a state, or helps only where it has a local site. For
    someone in a territory (``territory``, its name), "nationwide" does not say
    whether it counts: most listings say only "anywhere in the United States"."""
    if local_sites:
        return Reason(
            CHECK,
            gettext(
                "They help only where they have a local site or chapter: check "
                "there is one near you."
            ),
        )
    if nationwide and territory:
        return Reason(
            CHECK,
            gettext(
                # Translators: %(territory)s is a US territory, such as Puerto Rico.
                "They serve the whole country; ask whether that includes %(territory)s."
            )
            % {"territory": territory},
        )
    if nationwide:
        return Reason(LIKELY, gettext("They serve the whole country."))
    if not answered:
        return Reason(
            CHECK,
            # Translators: %(area)s is the area a program serves, as its listing
            # says it ("Texas; Harris County, TX").
            gettext("They serve %(area)s; you didn't say where you live.")
            % {"area": area},
        )
    if part_of:
        return Reason(
            CHECK,
            gettext(
                # Translators: %(state)s is the name of a US state.
                "They serve parts of %(state)s and don't say which: ask whether "
                "yours is one."
            )
            % {"state": part_of},
        )
    # Translators: %(area)s is the area a program serves, as its listing says it.
    return Reason(LIKELY, gettext("They serve %(area)s.") % {"area": area})


def diagnosis_rule(scope, diagnosis):
    """Which diagnoses they serve against the person's diagnosis."""
    if scope == CancerScope.ANYONE:
        return Reason(LIKELY, gettext("They help anyone, with or without cancer."))
    met = {
        CancerScope.ANY_CANCER: {METASTATIC, EARLIER_BREAST, OTHER_CANCER},
        CancerScope.BREAST_ANY_STAGE: {METASTATIC, EARLIER_BREAST},
        CancerScope.METASTATIC_BREAST: {METASTATIC},
    }.get(scope, set())
    # Whom they serve: (met, diagnosis not given, not met) as whole sentences.
    if scope == CancerScope.ANY_CANCER:
        sentences = (
            gettext("They serve people with any cancer."),
            gettext(
                "They serve people with any cancer; you didn't give your diagnosis."
            ),
            # Translators: %(yours)s is the person's diagnosis, in lower case
            # ("another cancer").
            gettext("They serve people with any cancer; you said %(yours)s."),
        )
    elif scope == CancerScope.BREAST_ANY_STAGE:
        sentences = (
            gettext("They serve people with breast cancer at any stage."),
            gettext(
                "They serve people with breast cancer at any stage; you didn't "
                "give your diagnosis."
            ),
            gettext(
                # Translators: %(yours)s is the person's diagnosis, in lower case
                # ("another cancer").
                "They serve people with breast cancer at any stage; you said %(yours)s."
            ),
        )
    elif scope == CancerScope.METASTATIC_BREAST:
        sentences = (
            gettext("They serve only people with metastatic breast cancer."),
            gettext(
                "They serve only people with metastatic breast cancer; you didn't "
                "give your diagnosis."
            ),
            gettext(
                # Translators: %(yours)s is the person's diagnosis, in lower case
                # ("breast cancer, earlier stage").
                "They serve only people with metastatic breast cancer; you said "
                "%(yours)s."
            ),
        )
    else:
        sentences = (
            gettext("They serve people with cancer."),
            gettext("They serve people with cancer; you didn't give your diagnosis."),
            # Translators: %(yours)s is the person's diagnosis, in lower case.
            gettext("They serve people with cancer; you said %(yours)s."),
        )
    if not diagnosis:
        return Reason(CHECK, sentences[1])
    if diagnosis in met:
        return Reason(LIKELY, sentences[0])
    yours = str(DIAGNOSES[diagnosis]).lower()
    return Reason(NO, sentences[2] % {"yours": yours})


def treatment_rule(requirement, treatment):
    """Whether they require treatment, and whether maintenance therapy counts."""
    if requirement == TreatmentRequirement.NONE:
        return Reason(LIKELY, gettext("You don't have to be in treatment."))
    if requirement == TreatmentRequirement.UNKNOWN:
        return Reason(
            CHECK, gettext("They don't say whether you must be in treatment.")
        )
    if not treatment:
        return Reason(
            CHECK,
            gettext("They serve people in treatment; you didn't say your treatment."),
        )
    if treatment == NOT_TREATED:
        return Reason(
            NO,
            gettext(
                "They serve people in treatment; you said you're not in treatment now."
            ),
        )
    if treatment == ACTIVE:
        return Reason(LIKELY, gettext("They serve people in treatment, as you are."))
    # Maintenance therapy only.
    if requirement == TreatmentRequirement.INCLUDES_MAINTENANCE:
        return Reason(LIKELY, gettext("Maintenance therapy counts for them."))
    if requirement == TreatmentRequirement.EXCLUDES_MAINTENANCE:
        return Reason(
            NO, gettext("Long-term hormonal or maintenance therapy doesn't count.")
        )
    return Reason(CHECK, gettext("They don't say whether maintenance therapy counts."))


def age_rule(min_age, max_age, age):
    """The ages they serve against the person's age."""
    if min_age is None and max_age is None:
        return Reason(LIKELY, gettext("They state no age limit."))
    values = {"min": min_age, "max": max_age, "age": age}
    if min_age is not None and max_age is not None:
        not_given = gettext(
            "They serve ages %(min)s to %(max)s; you didn't give your age."
        )
        given = gettext("They serve ages %(min)s to %(max)s; you're %(age)s.")
    elif min_age is not None:
        not_given = gettext(
            "They serve ages %(min)s and over; you didn't give your age."
        )
        given = gettext("They serve ages %(min)s and over; you're %(age)s.")
    else:
        not_given = gettext("They serve ages up to %(max)s; you didn't give your age.")
        given = gettext("They serve ages up to %(max)s; you're %(age)s.")
    if age is None:
        return Reason(CHECK, not_given % values)
    if (min_age is None or age >= min_age) and (max_age is None or age <= max_age):
        return Reason(LIKELY, given % values)
    return Reason(NO, given % values)


def income_rule(limit_percent, income, missing="", no_limit=False):
    """Their income limit (a percentage of the poverty level) against the
    household's ``Income``; without one, ``missing`` says why (one of
    ``INCOME_MISSING``, from ``income_missing``; anything else reads "yours is not
    known"). No limit only when the listing says so (``no_limit``): an empty limit
    is not stated, never met (many programs word theirs otherwise, "within our
    guidelines")."""
    if limit_percent is None and no_limit:
        return Reason(LIKELY, gettext("They have no income limit."))
    if limit_percent is None:
        return Reason(
            CHECK,
            gettext(
                "They don't give an income limit as a share of the poverty level: "
                "ask whether income counts."
            ),
        )
    values = {"limit": limit_percent}
    if income is None:
        sentence = INCOME_MISSING.get(missing, INCOME_NOT_KNOWN)
        return Reason(CHECK, str(sentence) % values)
    values["yours"] = shown = round(income.percent)
    about = gettext(
        # Translators: both numbers are percentages of the poverty level.
        "Their income limit is %(limit)s %% of the poverty level; yours is about "
        "%(yours)s %%."
    )
    if income.percent <= limit_percent:
        return Reason(LIKELY, about % values, income)
    if shown <= limit_percent:
        return Reason(
            NO,
            gettext(
                "Their income limit is %(limit)s %% of the poverty level; yours is "
                "just over it."
            )
            % values,
            income,
        )
    return Reason(NO, about % values, income)


# Why a household's income cannot be compared with a limit (``income_missing``),
# each as the whole reason; %(limit)s is the program's limit, a percentage.
DECLINED, NOT_GIVEN, NO_ZIP, NOT_COVERED = (
    "declined",
    "not-given",
    "no-zip",
    "not-covered",
)
INCOME_NOT_KNOWN = _(
    "Their income limit is %(limit)s %% of the poverty level; yours is not known."
)
INCOME_MISSING = {
    DECLINED: _(
        "Their income limit is %(limit)s %% of the poverty level; you chose not to "
        "say your income."
    ),
    NOT_GIVEN: _(
        "Their income limit is %(limit)s %% of the poverty level; give your "
        "household size and income to compare."
    ),
    NO_ZIP: _(
        "Their income limit is %(limit)s %% of the poverty level; give your ZIP "
        "code to compare your income."
    ),
    NOT_COVERED: _(
        "Their income limit is %(limit)s %% of the poverty level; the HHS poverty "
        "guidelines don't cover where you live, so ask them how they count income."
    ),
}


def income_missing(answers):
    """Why the household's income cannot be compared with a limit: a key of
    ``INCOME_MISSING``, or "" when it can be."""
    if answers.income_declined:
        return DECLINED
    if answers.household is None or answers.income is None:
        return NOT_GIVEN
    if not answers.state:
        return NO_ZIP
    if area_of_state(answers.state) is None:
        return NOT_COVERED
    return ""


def who_applies_rule(who_applies, applicant):
    """Whether a referral is needed against who is applying. A referral needed
    when the person applies is not a “no”: their social worker or nurse can refer
    them."""
    if who_applies != WhoApplies.REFERRAL:
        return Reason(LIKELY, gettext("You or a caregiver can apply."))
    if applicant == PROFESSIONAL:
        return Reason(
            LIKELY, gettext("A social worker or nurse must refer you, as yours is.")
        )
    if applicant == ME:
        return Reason(
            CHECK,
            gettext(
                "A social worker or your medical team must refer you: ask yours to "
                "apply for you."
            ),
        )
    return Reason(
        CHECK,
        gettext(
            "A social worker or your medical team must refer you; you didn't say "
            "who is applying."
        ),
    )


def screen(program, hit, answers, income):
    """A program's screening: every rule's reason, from the program's fields, the
    search hit that found it for the person's place, and the answers."""
    return Screening(
        hit=hit,
        reasons=[
            place_rule(
                area=hit.area,
                answered=bool(answers.zip),
                nationwide=program.nationwide,
                local_sites=program.nationwide and program.nationwide_local_sites,
                part_of=hit.serves_part_of,
                territory=STATES[answers.state] if answers.state in TERRITORIES else "",
            ),
            diagnosis_rule(program.cancer_scope, answers.diagnosis),
            treatment_rule(program.treatment_requirement, answers.treatment),
            age_rule(program.min_age, program.max_age, answers.age),
            income_rule(
                program.income_limit_fpl_percent,
                income,
                missing=income_missing(answers),
                no_limit=program.no_income_limit,
            ),
            who_applies_rule(program.who_applies, answers.applicant),
        ],
    )


def household_income(answers):
    """The household's income against the newest poverty guideline for where they
    live, or None without a size and an income, or where HHS defines none."""
    if answers.household is None or answers.income is None:
        return None
    guideline = PovertyGuideline.objects.latest_for(answers.state)
    if guideline is None:
        return None
    return Income(
        percent=guideline.percent_of(answers.income, answers.household),
        year=guideline.year,
        source_url=guideline.source_url,
    )


def grouped(screenings):
    """The screenings by verdict, likely first, each group in the order given."""
    groups = {verdict: [] for verdict in VERDICTS}
    for screening in screenings:
        groups[screening.verdict].append(screening)
    return groups
