"""“Will I qualify?”: the verdict of each rule over the demo data's real rules, the
income percentages from the seeded HHS guidelines, the /qualify/ page (bad input,
Forget my answers) and its privacy: the answers are in the session and nowhere else.
"""

import html
import json
import logging
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from directory import screener
from directory.choices import CancerScope, TreatmentRequirement, WhoApplies
from directory.models import PovertyGuideline, ProgramPage
from directory.screener import CHECK, LIKELY, NO, Answers, Income
from directory.screener_views import SESSION_KEY
from tests.factories import ProgramPageFactory, UserFactory, state

FIXTURE = (
    Path(__file__).resolve().parent.parent / "directory/fixtures/demo_programs.json"
)
DEMO = {program["external_id"]: program for program in json.loads(FIXTURE.read_text())}

# The seeded HHS poverty guidelines: one person, each extra one. The 48 states and
# DC from the 2026 notice (FR Doc 2026-00755); Alaska and Hawaii from 2025's (FR Doc
# 2025-01377), whose 2026 amounts could not be sourced.
CONTIGUOUS, ALASKA, HAWAII = (15960, 5680), (19550, 6880), (17990, 6330)


def guideline(amounts, household):
    first, each = amounts
    return first + (household - 1) * each


def income(amounts, household, dollars):
    """The household's income as the screener reads it, computed here by hand."""
    percent = dollars * 100 / guideline(amounts, household)
    return Income(percent=percent, year=2025, source_url="https://example.org/")


def demo_program(external_id):
    """A demo program's rules as the fixture states them (no database needed)."""
    fields = DEMO[external_id]
    return SimpleNamespace(
        nationwide=fields["nationwide"],
        nationwide_local_sites=fields["nationwide_local_sites"],
        cancer_scope=fields["cancer_scope"],
        treatment_requirement=fields["treatment_requirement"],
        income_limit_fpl_percent=fields["income_limit_fpl_percent"],
        no_income_limit=fields["no_income_limit"],
        min_age=fields["min_age"],
        max_age=fields["max_age"],
        who_applies=fields["who_applies"],
    )


def hit(part_of=""):
    return SimpleNamespace(area="the places they list", serves_part_of=part_of)


# Someone who answered everything: metastatic breast cancer, on chemotherapy, 50,
# living alone in Texas on $20,000 a year (about 125 % of the poverty level).
FULL = {
    "zip": "78701",
    "state": "TX",
    "diagnosis": screener.METASTATIC,
    "treatment": screener.ACTIVE,
    "age": 50,
    "household": 1,
    "income": 20000,
    "applicant": screener.ME,
}
LOW_INCOME = income(CONTIGUOUS, 1, 20000)

# (id, demo program, changes to FULL, its income, expected verdict, reason words)
CASES = [
    # In a territory, "the whole country" doesn't say whether it counts.
    (
        "nationwide-in-puerto-rico",
        "demo-006",
        {"state": "PR", "zip": "00901"},
        None,
        CHECK,
        "They serve the whole country; ask whether that includes Puerto Rico",
    ),
    # Programs that say they have no income rule: every stated rule met.
    ("no-income-rule-all-met", "demo-037", {}, LOW_INCOME, LIKELY, "no income limit"),
    ("no-income-rule-breast", "demo-057", {}, LOW_INCOME, LIKELY, "no income limit"),
    (
        "no-income-rule-maintenance-not-stated",
        "demo-037",
        {"treatment": screener.MAINTENANCE},
        LOW_INCOME,
        CHECK,
        "They don't say whether maintenance therapy counts",
    ),
    (
        "no-income-rule-maintenance-excluded",
        "demo-057",
        {"treatment": screener.MAINTENANCE},
        LOW_INCOME,
        NO,
        "doesn't count",
    ),
    # A limit given in other words ("within CancerCare's guidelines") is not stated.
    (
        "income-limit-in-other-words",
        "demo-001",
        {},
        LOW_INCOME,
        CHECK,
        "They don't give an income limit as a share of the poverty level",
    ),
    ("mbc-grant-all-met", "demo-006", {}, LOW_INCOME, LIKELY, "about 125 %"),
    (
        "income-over-limit",
        "demo-006",
        {"income": 60000},
        income(CONTIGUOUS, 1, 60000),
        NO,
        "Their income limit is 300 % of the poverty level; yours is about 376 %",
    ),
    (
        "income-exactly-at-limit-4-people",
        "demo-006",
        {"household": 4, "income": 99000},
        income(CONTIGUOUS, 4, 99000),
        LIKELY,
        "yours is about 300 %",
    ),
    (
        "income-a-dollar-over-limit",
        "demo-006",
        {"household": 4, "income": 99001},
        income(CONTIGUOUS, 4, 99001),
        NO,
        "just over it",
    ),
    (
        "income-alaska-at-limit",
        "demo-006",
        {"state": "AK", "zip": "99501", "income": 58650},
        income(ALASKA, 1, 58650),
        LIKELY,
        "about 300 %",
    ),
    (
        "income-hawaii-over-limit",
        "demo-006",
        {"state": "HI", "zip": "96813", "household": 4, "income": 120000},
        income(HAWAII, 4, 120000),
        NO,
        "about 324 %",
    ),
    (
        "income-prefer-not-to-say",
        "demo-006",
        {"income": None, "income_declined": True},
        None,
        CHECK,
        "you chose not to say your income",
    ),
    (
        "income-not-given",
        "demo-006",
        {"income": None, "household": None},
        None,
        CHECK,
        "give your household size and income",
    ),
    (
        "income-in-puerto-rico",
        "demo-006",
        {"state": "PR", "zip": "00901"},
        None,
        CHECK,
        "don't cover where you live",
    ),
    (
        "breast-only-program-other-cancer",
        "demo-006",
        {"diagnosis": screener.OTHER_CANCER},
        LOW_INCOME,
        NO,
        "you said another cancer",
    ),
    (
        "unknown-treatment-rule-all-answered",
        "demo-014",
        {},
        LOW_INCOME,
        CHECK,
        "They don't say whether you must be in treatment",
    ),
    (
        "unknown-treatment-but-income-over",
        "demo-014",
        {"income": 70000},
        income(CONTIGUOUS, 1, 70000),
        NO,
        "yours is about 439 %",
    ),
    (
        "excludes-maintenance-on-maintenance",
        "demo-005",
        {"treatment": screener.MAINTENANCE},
        LOW_INCOME,
        NO,
        "maintenance therapy doesn't count",
    ),
    ("excludes-maintenance-on-chemo", "demo-005", {}, LOW_INCOME, CHECK, "as you"),
    (
        "excludes-maintenance-not-treated",
        "demo-005",
        {"treatment": screener.NOT_TREATED},
        LOW_INCOME,
        NO,
        "you're not in treatment now",
    ),
    (
        "treatment-not-answered",
        "demo-005",
        {"treatment": ""},
        LOW_INCOME,
        CHECK,
        "you didn't say your treatment",
    ),
    (
        "active-treatment-maintenance-not-stated",
        "demo-001",
        {"treatment": screener.MAINTENANCE},
        LOW_INCOME,
        CHECK,
        "They don't say whether maintenance therapy counts",
    ),
    ("active-treatment-on-chemo", "demo-001", {}, LOW_INCOME, CHECK, "as you are"),
    (
        "active-treatment-not-treated",
        "demo-001",
        {"treatment": screener.NOT_TREATED},
        LOW_INCOME,
        NO,
        "you're not in treatment now",
    ),
    (
        "includes-maintenance-on-maintenance",
        "demo-069",
        {"treatment": screener.MAINTENANCE},
        LOW_INCOME,
        CHECK,
        "Maintenance therapy counts",
    ),
    (
        "includes-maintenance-not-treated",
        "demo-069",
        {"treatment": screener.NOT_TREATED},
        LOW_INCOME,
        NO,
        "serve people in treatment",
    ),
    (
        "mbc-only-earlier-stage",
        "demo-042",
        {"diagnosis": screener.EARLIER_BREAST},
        LOW_INCOME,
        NO,
        "only people with metastatic breast cancer",
    ),
    (
        "mbc-only-diagnosis-skipped",
        "demo-042",
        {"diagnosis": ""},
        LOW_INCOME,
        CHECK,
        "you didn't give your diagnosis",
    ),
    ("mbc-only-mbc", "demo-042", {}, LOW_INCOME, CHECK, "metastatic breast cancer"),
    (
        "local-sites-only",
        "demo-040",
        {},
        LOW_INCOME,
        CHECK,
        "only where they have a local site",
    ),
    (
        "min-age-too-young",
        "demo-071",
        {"age": 17},
        LOW_INCOME,
        NO,
        "They serve ages 18 and over; you're 17",
    ),
    ("min-age-met", "demo-071", {}, LOW_INCOME, CHECK, "ages 18 and over; you're 50"),
    (
        "age-skipped",
        "demo-071",
        {"age": None},
        LOW_INCOME,
        CHECK,
        "you didn't give your age",
    ),
    (
        "max-age-too-old",
        "demo-068",
        {"age": 45},
        LOW_INCOME,
        NO,
        "They serve ages up to 44; you're 45",
    ),
    ("max-age-met", "demo-068", {"age": 30}, LOW_INCOME, CHECK, "ages up to 44"),
    (
        "age-range-above",
        "demo-072",
        {"age": 41},
        LOW_INCOME,
        NO,
        "ages 18 to 40; you're 41",
    ),
    (
        "age-range-met-treatment-unknown",
        "demo-072",
        {"age": 35},
        LOW_INCOME,
        CHECK,
        "don't say whether you must be in treatment",
    ),
    (
        "medicaid-age-65",
        "demo-080",
        {"age": 65},
        LOW_INCOME,
        NO,
        "ages up to 64; you're 65",
    ),
    (
        "referral-person-applies",
        "demo-009",
        {},
        LOW_INCOME,
        CHECK,
        "ask yours to apply for you",
    ),
    (
        "referral-social-worker-applies",
        "demo-009",
        {"applicant": screener.PROFESSIONAL},
        LOW_INCOME,
        CHECK,
        "as yours is",
    ),
    (
        "referral-applicant-skipped",
        "demo-009",
        {"applicant": ""},
        LOW_INCOME,
        CHECK,
        "you didn't say who is applying",
    ),
    (
        "anyone-other-cancer-not-treated",
        "demo-026",
        {"diagnosis": screener.OTHER_CANCER, "treatment": screener.NOT_TREATED},
        LOW_INCOME,
        CHECK,
        "They help anyone",
    ),
    (
        "statewide-no-zip-given",
        "demo-055",
        {"zip": "", "state": "", "applicant": screener.PROFESSIONAL},
        None,
        CHECK,
        "you didn't say where you live",
    ),
]


@pytest.mark.parametrize(
    ("external_id", "changes", "reading", "verdict", "words"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_screener_verdicts_over_the_demo_rules(
    external_id, changes, reading, verdict, words
):
    answers = Answers(**{**FULL, **changes})
    screening = screener.screen(demo_program(external_id), hit(), answers, reading)
    assert screening.verdict == verdict
    texts = " | ".join(reason.text for reason in screening.reasons)
    assert words in texts
    # The reason with those words carries the verdict (or a milder one).
    assert any(
        words in reason.text and reason.verdict in (verdict, LIKELY)
        for reason in screening.reasons
    )


def test_there_are_at_least_thirty_cases_over_twelve_programs():
    assert len(CASES) >= 30
    assert len({case[1] for case in CASES}) >= 12


def test_serving_part_of_a_state_is_check_with_them():
    answers = Answers(**FULL)
    screening = screener.screen(
        demo_program("demo-008"), hit(part_of="Pennsylvania"), answers, LOW_INCOME
    )
    assert screening.verdict == CHECK
    assert "parts of Pennsylvania and don't say which" in screening.reasons[0].text


@pytest.mark.parametrize("treatment", [*screener.TREATMENTS, ""])
def test_not_stated_never_yields_likely(treatment):
    """Every demo program whose treatment rule is not stated, whatever the person's
    treatment and with every other answer met, is at best "Check with them"."""
    unknown = [
        key
        for key, fields in DEMO.items()
        if fields["treatment_requirement"] == TreatmentRequirement.UNKNOWN
    ]
    assert len(unknown) >= 10
    answers = Answers(**{**FULL, "treatment": treatment})
    for key in unknown:
        verdict = screener.screen(demo_program(key), hit(), answers, LOW_INCOME).verdict
        assert verdict != LIKELY, key


def test_unanswered_rules_are_never_met():
    rules = [
        screener.diagnosis_rule(CancerScope.ANY_CANCER, ""),
        screener.treatment_rule(TreatmentRequirement.ACTIVE_TREATMENT, ""),
        screener.age_rule(18, None, None),
        screener.income_rule(300, None, "give your household size and income"),
        screener.who_applies_rule(WhoApplies.REFERRAL, ""),
        screener.place_rule(
            "Texas", answered=False, nationwide=False, local_sites=False
        ),
    ]
    assert [rule.verdict for rule in rules] == [CHECK] * len(rules)


def test_any_no_wins_then_any_check():
    likely, check, no = (screener.Reason(v, "") for v in (LIKELY, CHECK, NO))
    assert screener.combine([likely, likely]) == LIKELY
    assert screener.combine([likely, check]) == CHECK
    assert screener.combine([check, no, likely]) == NO


# --- Income against the seeded guideline table (Done-when 3) ----------------------

INCOME_CASES = [
    # (state, household, yearly income, percent computed by hand from the notice,
    # the guidelines' year)
    ("TX", 1, 15960, 100.0, 2026),
    ("TX", 1, 23940, 150.0, 2026),
    ("DC", 1, 47880, 300.0, 2026),
    ("TX", 4, 33000, 100.0, 2026),
    ("NY", 4, 66000, 200.0, 2026),
    ("CA", 4, 48123, 48123 * 100 / 33000, 2026),
    ("AK", 1, 19550, 100.0, 2025),
    ("AK", 1, 39100, 200.0, 2025),
    ("AK", 4, 40190, 100.0, 2025),
    ("AK", 4, 100475, 250.0, 2025),
    ("HI", 1, 17990, 100.0, 2025),
    ("HI", 1, 44975, 250.0, 2025),
    ("HI", 4, 36980, 100.0, 2025),
    ("HI", 4, 110940, 300.0, 2025),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state_code", "household", "dollars", "percent", "year"), INCOME_CASES
)
def test_income_percent_from_the_seeded_guidelines(
    state_code, household, dollars, percent, year
):
    answers = Answers(state=state_code, household=household, income=dollars)
    reading = screener.household_income(answers)
    assert reading.year == year
    assert reading.percent == pytest.approx(percent)


@pytest.mark.django_db
def test_seeded_guidelines_name_their_notice():
    rows = PovertyGuideline.objects.filter(year=2025)
    assert {row.area for row in rows} == {"contiguous", "alaska", "hawaii"}
    assert all("2025-01377" in row.source_url for row in rows)
    newest = PovertyGuideline.objects.latest_for("TX")
    assert (newest.year, newest.first_person, newest.amount_for(4)) == (
        2026,
        15960,
        33000,
    )
    assert "2026-00755" in newest.source_url
    assert PovertyGuideline.objects.latest_for("PR") is None


@pytest.mark.django_db
def test_the_newest_year_is_used():
    PovertyGuideline.objects.create(
        year=2027,
        area="alaska",
        first_person=20000,
        each_additional_person=7000,
        source_title="A later notice",
        source_url="https://example.org/2027",
    )
    assert PovertyGuideline.objects.latest_for("AK").year == 2027
    assert PovertyGuideline.objects.latest_for("TX").year == 2026
    assert PovertyGuideline.objects.latest_for("HI").year == 2025


ADMIN_TABLE = "/admin/snippets/directory/povertyguideline/"


@pytest.mark.django_db
def test_curators_edit_the_guideline_table_and_others_may_not(client, home_page):
    curator = UserFactory()
    curator.groups.add(Group.objects.get(name="Curators"))
    client.force_login(curator)
    listing = client.get(ADMIN_TABLE)
    assert listing.status_code == 200
    assert "15650" in listing.content.decode().replace(",", "")
    row = PovertyGuideline.objects.get(year=2025, area="alaska")
    assert client.get(f"{ADMIN_TABLE}edit/{row.pk}/").status_code == 200
    client.force_login(UserFactory())
    assert client.get(ADMIN_TABLE).status_code in (302, 403)


@pytest.mark.django_db
def test_home_and_results_pages_link_to_the_screener(client, directory_page):
    assert 'href="/qualify/"' in client.get("/").content.decode()
    assert 'href="/qualify/"' in client.get("/programs/?state=tx").content.decode()


# --- The page -----------------------------------------------------------------------

ANSWERS = {
    "zip": "78701",
    "treated_zip": "",
    "diagnosis": screener.METASTATIC,
    "treatment": screener.MAINTENANCE,
    "age": "57",
    "household": "4",
    "income": "48,123",
    "applicant": screener.ME,
}


@pytest.fixture
def programs(home_page, directory_page):
    """A nationwide grant for breast cancer up to 150 % of the poverty level, a
    Texas program for metastatic breast cancer that doesn't say whether maintenance
    therapy counts, one for people up to 40 and a California-only one."""
    return {
        "grant": ProgramPageFactory(
            parent=directory_page,
            title="Nationwide bill grant",
            cancer_scope=CancerScope.BREAST_ANY_STAGE,
            treatment_requirement=TreatmentRequirement.NONE,
            income_limit_fpl_percent=150,
        ),
        "texas": ProgramPageFactory(
            parent=directory_page,
            title="Texas rides",
            cancer_scope=CancerScope.METASTATIC_BREAST,
            treatment_requirement=TreatmentRequirement.ACTIVE_TREATMENT,
            regions=[state("TX")],
        ),
        "young": ProgramPageFactory(
            parent=directory_page,
            title="Young women's fund",
            treatment_requirement=TreatmentRequirement.NONE,
            max_age=40,
        ),
        "california": ProgramPageFactory(
            parent=directory_page, title="California meals", regions=[state("CA")]
        ),
    }


def group_text(page, verdict):
    """The text of one verdict's group on the page."""
    start = page.index(f'id="{verdict}"')
    ends = [page.find(f'id="{other}"', start + 1) for other in ("check", "no")]
    ends = [end for end in ends if end > start] + [page.index("qualify-forget")]
    return page[start : min(ends)]


def assert_private(response):
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.django_db
def test_answers_give_three_groups_with_reasons(client, programs):
    response = client.post("/qualify/", ANSWERS)
    assert response.status_code == 302
    assert response["Location"] == "/qualify/"
    assert_private(response)
    response = client.get("/qualify/")
    assert_private(response)
    page = html.unescape(response.content.decode())
    assert '<meta name="robots" content="noindex">' in page
    assert "Likely to qualify: <strong>1</strong>" in page
    assert "Check with them: <strong>1</strong>" in page
    assert "Probably not: <strong>1</strong>" in page
    assert "Nationwide bill grant" in group_text(page, "likely")
    assert "Texas rides" in group_text(page, "check")
    assert "They don't say whether maintenance therapy counts" in page
    no = group_text(page, "no")
    assert "<details" in page[page.index('id="no"') - 60 :]
    assert "Young women's fund" in no
    assert "They serve ages up to 40; you're 57" in no
    assert "California meals" not in page
    # 48,123 for four people is about 146 % of the 2026 guideline (33,000).
    assert "about <strong>146 %</strong> of the poverty level" in page
    assert "2026 HHS poverty guidelines" in page
    # Each program can be saved to My list from here.
    assert page.count('class="save-form"') == 3


@pytest.mark.django_db
def test_a_program_saved_from_the_answer_comes_back_here(client, programs):
    client.post("/qualify/", ANSWERS)
    grant = programs["grant"]
    response = client.post(
        f"/my-list/save/{grant.pk}/", {"next": f"/qualify/#hit-{grant.pk}"}
    )
    assert response["Location"] == f"/qualify/#hit-{grant.pk}"
    assert "Remove" in client.get("/qualify/").content.decode()


@pytest.mark.django_db
def test_the_page_is_private_before_any_answer(client, home_page):
    response = client.get("/qualify/")
    assert response.status_code == 200
    assert_private(response)
    page = html.unescape(response.content.decode())
    assert "I'd rather not say my income" in page
    assert page.count('class="qualify-question"') == 7


@pytest.mark.django_db
def test_forget_my_answers_clears_them(client, programs):
    client.post("/qualify/", ANSWERS)
    assert SESSION_KEY in client.session
    response = client.post("/qualify/forget/")
    assert response["Location"] == "/qualify/"
    assert SESSION_KEY not in client.session
    page = html.unescape(client.get("/qualify/").content.decode())
    assert "Nationwide bill grant" not in page
    assert "48,123" not in page and "48123" not in page


@pytest.mark.django_db
def test_forget_needs_a_post(client, home_page):
    assert client.get("/qualify/forget/").status_code == 405


BAD_INPUT = [
    ("zip", "7870", "Check it: five digits"),
    ("zip", "00000", "not a ZIP code we know for where you live"),
    ("treated_zip", "abcde", "where you are treated"),
    ("age", "0", "from 1 to 120"),
    ("age", "130", "from 1 to 120"),
    ("age", "fifty", "as a number"),
    ("income", "-500", "whole number of dollars"),
    ("income", "lots", "whole number of dollars"),
    ("household", "0", "from 1 to 20"),
    ("household", "30", "from 1 to 20"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "value", "message"), BAD_INPUT)
def test_bad_answers_are_shown_back_with_a_message(
    client, home_page, name, value, message
):
    response = client.post("/qualify/", {**ANSWERS, name: value})
    assert response.status_code == 400
    assert_private(response)
    page = html.unescape(response.content.decode())
    assert message in page
    assert f'value="{value}"' in page  # what was typed stays to be mended
    assert 'value="48,123"' in page or name == "income"
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_prefer_not_to_say_keeps_no_income(client, programs):
    client.post("/qualify/", {**ANSWERS, "income_declined": "on"})
    assert client.session[SESSION_KEY]["income"] is None
    page = html.unescape(client.get("/qualify/").content.decode())
    assert "you chose not to say your income" in page


@pytest.mark.django_db
def test_alaska_income_names_the_guideline_year(client, programs):
    # 40,190 is the 2025 Alaska guideline for four people: 100 %.
    client.post("/qualify/", {**ANSWERS, "zip": "99501", "income": "40190"})
    page = html.unescape(client.get("/qualify/").content.decode())
    assert "about <strong>100 %</strong> of the poverty level" in page
    assert "2025 HHS poverty guidelines</a>" in page


# --- Privacy ------------------------------------------------------------------------

PRIVATE_VALUES = ["48123", "48,123", "78701", "77002"]


def holds(text, value):
    """``value`` in ``text`` as a number of its own: not the digits of a longer
    one (a timestamp's microseconds, "…148123", are not the income)."""
    return re.search(rf"(?<!\d){re.escape(value)}(?!\d)", text) is not None


def table_dump(skip=("django_session",)):
    """Every row of every table but ``skip``, as one string."""
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table in skip:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows += [repr(row) for row in cursor.fetchall()]
    return "\n".join(rows)


def cache_dump():
    """Every key and stored value of the local-memory cache."""
    store = getattr(cache, "_cache", {})
    return "\n".join(f"{key!r} {value!r}" for key, value in store.items())


@pytest.mark.django_db
def test_answers_live_only_in_the_session(client, programs, caplog):
    caplog.set_level(logging.DEBUG)
    before = table_dump()
    for value in PRIVATE_VALUES:
        assert not holds(before, value), value
    urls = []
    response = client.post("/qualify/", {**ANSWERS, "treated_zip": "77002"})
    urls.append(response["Location"])
    response = client.get("/qualify/")
    urls.append(response.request["PATH_INFO"] + response.request["QUERY_STRING"])
    assert "Nationwide bill grant" in response.content.decode()
    grant = programs["grant"]
    response = client.post(f"/my-list/save/{grant.pk}/", {"next": "/qualify/"})
    urls.append(response["Location"])
    assert urls == ["/qualify/", "/qualify/", "/qualify/"]

    after, cached = table_dump(), cache_dump()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for value in PRIVATE_VALUES:
        assert not holds(after, value), value
        assert not holds(cached, value), value
        assert not holds(logged, value), value
    # The control: the answers are in the session, and the dumps do see data.
    assert client.session[SESSION_KEY]["income"] == 48123
    assert "Nationwide bill grant" in after
    assert cached  # the taxonomy version at least
    assert "django_session" in connection.introspection.table_names()
    assert ProgramPage.objects.count() == 4


# --- The demo data through the page ---------------------------------------------------


@pytest.mark.django_db
def test_demo_programs_near_austin_on_maintenance(client):
    call_command("load_initial_data", verbosity=0)
    client.post("/qualify/", {**ANSWERS, "household": "1", "income": "20000"})
    page = html.unescape(client.get("/qualify/").content.decode())
    by_id = {p.external_id: p.title for p in ProgramPage.objects.live()}
    # demo-005 does not count maintenance therapy; demo-069 does; demo-019 does not
    # say; demo-029 serves Los Angeles County only.
    assert by_id["demo-005"] in group_text(page, "no")
    # demo-069 counts maintenance therapy but gives no income limit: check.
    assert by_id["demo-069"] in group_text(page, "check")
    assert by_id["demo-019"] in group_text(page, "check")
    assert by_id["demo-029"] not in page
    assert "about <strong>125 %</strong>" in page
