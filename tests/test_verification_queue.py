"""The "Next to check" queue: listings in the order the risk rules say, claims other
curators can see ("I'm checking this"), released by their curator, by marking the
listing verified or after a day, and every action in the page's history."""

import datetime
import html
import re

import pytest

from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry

from directory.choices import ApplicationStatus, ProgramStatus
from directory.models import LinkCheck, ProblemReport, VerificationClaim
from directory.models.verification_claims import CLAIM_LASTS
from directory.queue import next_to_check
from directory.wagtail_hooks import MarkVerifiedBulkAction
from tests.factories import OrganisationFactory, ProgramPageFactory, UserFactory

pytestmark = pytest.mark.django_db

QUEUE = "/admin/next-to-check/"


def curator(first_name, last_name):
    user = UserFactory(first_name=first_name, last_name=last_name)
    user.groups.add(Group.objects.get(name="Curators"))
    return user


@pytest.fixture
def ann():
    return curator("Ann", "Lee")


@pytest.fixture
def bo():
    return curator("Bo", "Diaz")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def listing(parent, title, verified_days_ago=None, **fields):
    """A live listing taking applications, verified that many days ago (or never)."""
    if verified_days_ago is not None:
        fields["last_verified_at"] = timezone.localdate() - datetime.timedelta(
            days=verified_days_ago
        )
    fields.setdefault("application_status", ApplicationStatus.OPEN)
    return ProgramPageFactory(parent=parent, title=title, **fields)


def check(program, link, url, outcome, minutes_ago):
    LinkCheck.objects.create(
        program=program,
        link=link,
        url=url,
        outcome=outcome,
        checked_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )


APPLY = "https://apply.example.org/form"
FAILED, OK = LinkCheck.Outcome.FAILED, LinkCheck.Outcome.OK
APPLICATION, WEBSITE = LinkCheck.Link.APPLICATION, LinkCheck.Link.WEBSITE

# The order RISK_RULES states: never verified (A–Z), then an open problem report,
# then a failing link, then an unknown status, then the oldest verification.
EXPECTED_ORDER = [
    "Alpha never verified",
    "Beta never verified",
    "Open report",
    "Failing website",
    "Failing application link",
    "Unknown status",
    "Old verification",
    "Link mended",
    "Link changed since it failed",
    "Report resolved",
    "Recent verification",
]


@pytest.fixture
def seeded(directory_page):
    """One listing per risk rule, and listings that look risky but are not."""
    made = {}

    def add(title, *args, **fields):
        made[title] = listing(directory_page, title, *args, **fields)
        return made[title]

    add("Beta never verified")
    add("Alpha never verified")
    add("Recent verification", 10)
    add("Old verification", 400)
    ProblemReport.objects.create(
        program=add("Open report", 30), reason=ProblemReport.Reason.WRONG_PHONE
    )
    ProblemReport.objects.create(
        program=add("Report resolved", 20),
        reason=ProblemReport.Reason.OTHER,
        resolved_at=timezone.now(),
    )
    failing = add("Failing application link", 30, application_url=APPLY)
    check(failing, APPLICATION, APPLY, FAILED, minutes_ago=5)
    org = OrganisationFactory(name="Shaky Site", website="https://shaky.example.org")
    failing_site = add("Failing website", 40, organisation=org)
    check(failing_site, WEBSITE, org.website, FAILED, minutes_ago=5)
    mended = add("Link mended", 25, application_url=APPLY)
    check(mended, APPLICATION, APPLY, FAILED, minutes_ago=60)
    check(mended, APPLICATION, APPLY, OK, minutes_ago=5)
    changed = add("Link changed since it failed", 24, application_url=APPLY)
    check(changed, APPLICATION, "https://old.example.org/apply", FAILED, 5)
    add("Unknown status", 30, application_status=ApplicationStatus.UNKNOWN)
    add("Defunct, never verified", status=ProgramStatus.DEFUNCT)
    add("Draft, never verified", publish=False)
    return made


def text(response):
    """The page as a reader sees it: entities such as &#x27; turned back."""
    return html.unescape(response.content.decode())


def queued_titles(response):
    """The listing titles in the queue's rows, top to bottom."""
    return re.findall(
        r'<td class="title" valign="top">\s*<a href="[^"]+">([^<]+)</a>',
        text(response),
    )


def row_of(response, title):
    """The HTML of the queue row whose title is ``title``."""
    rows = re.findall(r"<tr>.*?</tr>", text(response), flags=re.S)
    return next(row for row in rows if f">{title}</a>" in row)


def post(client, action, program, **extra):
    return client.post(
        reverse(f"directory_queue:{action}", args=[program.pk]), follow=True, **extra
    )


def test_next_to_check_orders_listings_as_the_risk_rules_say(seeded, ann):
    response = signed_in(ann).get(QUEUE)
    assert response.status_code == 200
    assert queued_titles(response) == EXPECTED_ORDER
    content = text(response)
    assert "Riskiest first: never verified; then an open problem report;" in content
    assert "Never" in row_of(response, "Alpha never verified")
    assert "Open problem report" in row_of(response, "Open report")
    assert "Website failing" in row_of(response, "Failing website")
    assert "Application link failing" in row_of(response, "Failing application link")
    assert "Application status unknown" in row_of(response, "Unknown status")
    quiet = row_of(response, "Link mended")
    assert "failing" not in quiet and "Open problem report" not in quiet
    assert "Shaky Site" in row_of(response, "Failing website")


def test_the_order_is_one_query(seeded, django_assert_num_queries):
    queue = next_to_check()
    with django_assert_num_queries(1):
        titles = [page.title for page in queue]
    assert titles == EXPECTED_ORDER


def test_the_queue_is_paginated(directory_page, ann):
    for number in range(52):
        listing(directory_page, f"Listing {number:02}")
    client = signed_in(ann)
    first, second = client.get(QUEUE), client.get(QUEUE, {"p": 2})
    assert len(queued_titles(first)) == 50
    assert queued_titles(second) == ["Listing 50", "Listing 51"]
    assert client.get(QUEUE, {"p": "nonsense"}).status_code == 200


def test_a_claimed_listing_is_shown_as_claimed_to_another_curator(seeded, ann, bo):
    top = seeded["Alpha never verified"]
    response = post(signed_in(ann), "claim", top)
    assert "You're checking “Alpha never verified”" in text(response)

    bos_queue = signed_in(bo).get(QUEUE)
    row = row_of(bos_queue, "Alpha never verified")
    assert "Being checked by Ann Lee since" in row
    assert "I'm checking this" not in row and "Release" not in row
    # Claimed listings go after the ones nobody is checking.
    assert queued_titles(bos_queue)[-1] == "Alpha never verified"
    assert "I'm checking this" in row_of(bos_queue, "Beta never verified")

    refused = text(post(signed_in(bo), "claim", top))
    assert "“Alpha never verified”: Being checked by Ann Lee since" in refused
    assert VerificationClaim.objects.get().claimed_by == ann
    refused = text(post(signed_in(bo), "mark_verified", top))
    assert "so it is theirs to mark verified" in refused
    top.refresh_from_db()
    assert top.last_verified_at is None
    assert VerificationClaim.objects.get().claimed_by == ann

    edit = signed_in(bo).get(reverse("wagtailadmin_pages:edit", args=[top.pk]))
    assert "Being checked by Ann Lee since" in text(edit)


def test_a_claim_lapses_after_a_day(seeded, ann, bo):
    top = seeded["Alpha never verified"]
    post(signed_in(ann), "claim", top)
    VerificationClaim.objects.update(
        claimed_at=timezone.now() - CLAIM_LASTS - datetime.timedelta(minutes=1)
    )
    bos_queue = signed_in(bo).get(QUEUE)
    assert queued_titles(bos_queue)[0] == "Alpha never verified"
    assert "Being checked" not in row_of(bos_queue, "Alpha never verified")

    post(signed_in(bo), "claim", top)
    assert VerificationClaim.objects.get().claimed_by == bo


def test_the_claimer_releases_a_claim_and_nobody_else_can(seeded, ann, bo):
    top = seeded["Alpha never verified"]
    post(signed_in(ann), "claim", top)
    refused = text(post(signed_in(bo), "release", top))
    assert "You had no claim on “Alpha never verified” to release" in refused
    assert VerificationClaim.objects.filter(claimed_by=ann).exists()

    released = post(signed_in(ann), "release", top)
    assert "Released “Alpha never verified”" in text(released)
    assert not VerificationClaim.objects.exists()
    assert "I'm checking this" in row_of(released, "Alpha never verified")
    actions = PageLogEntry.objects.filter(page=top).values_list("action", "user")
    assert ("directory.claim", ann.pk) in actions
    assert ("directory.claim.release", ann.pk) in actions


def test_marking_verified_from_the_queue_releases_the_claim_and_logs(seeded, ann):
    top = seeded["Alpha never verified"]
    client = signed_in(ann)
    post(client, "claim", top)
    response = post(client, "mark_verified", top)
    assert "“Alpha never verified” marked verified today." in text(response)
    top.refresh_from_db()
    assert top.last_verified_at == timezone.localdate() and top.verified_by == ann
    assert not VerificationClaim.objects.exists()
    # Verified today: now the last to check.
    last_two = queued_titles(response)[-2:]
    assert last_two == ["Recent verification", "Alpha never verified"]
    entry = PageLogEntry.objects.get(page=top, action="directory.verify")
    assert entry.user == ann

    history = client.get(reverse("wagtailadmin_pages:history", args=[top.pk]))
    content = text(history)
    for message in ("Claimed for checking", "Marked verified"):
        assert message in content


def test_the_bulk_action_logs_verification_too(seeded, ann):
    pages = [seeded["Old verification"], seeded["Open report"]]
    MarkVerifiedBulkAction.execute_action(pages, user=ann)
    logged = PageLogEntry.objects.filter(action="directory.verify", user=ann)
    assert {entry.page_id for entry in logged} == {page.pk for page in pages}


def test_claiming_twice_keeps_one_claim(seeded, ann):
    top = seeded["Alpha never verified"]
    client = signed_in(ann)
    post(client, "claim", top)
    again = text(post(client, "claim", top))
    assert "You're already checking “Alpha never verified”" in again
    assert VerificationClaim.objects.count() == 1
    assert PageLogEntry.objects.filter(action="directory.claim").count() == 1


def test_the_dashboard_counts_what_is_next_to_check(seeded, ann):
    dashboard = text(signed_in(ann).get("/admin/"))
    # Two never verified, an open report, two failing links, an unknown status.
    assert f'<a href="{QUEUE}">6 listings next to check</a>' in dashboard


@pytest.mark.parametrize(
    "url",
    [QUEUE, "claim", "release", "mark_verified"],
    ids=["queue", "claim", "release", "mark-verified"],
)
def test_others_are_refused(seeded, client, url):
    """Anonymous visitors go to the login; other admin users are sent back to the
    dashboard (Wagtail's answer to a refused admin view), and nothing changes."""
    top = seeded["Alpha never verified"]
    moderator = UserFactory()
    moderator.groups.add(Group.objects.get(name="Moderators"))
    if url == QUEUE:
        assert "login" in client.get(QUEUE)["Location"]
        client.force_login(moderator)
        refused = client.get(QUEUE, follow=True)
        assert refused.redirect_chain == [("/admin/", 302)]
        assert "Alpha never verified" not in text(refused)
        return
    action_url = reverse(f"directory_queue:{url}", args=[top.pk])
    assert "login" in client.post(action_url)["Location"]
    client.force_login(moderator)
    assert client.post(action_url)["Location"] == "/admin/"
    top.refresh_from_db()
    assert top.last_verified_at is None
    assert not VerificationClaim.objects.exists()
    assert not PageLogEntry.objects.filter(action__startswith="directory.").exists()


def test_bad_or_unknown_listings_are_a_404_not_a_500(seeded, ann):
    client = signed_in(ann)
    defunct = seeded["Defunct, never verified"]
    draft = seeded["Draft, never verified"]
    for url in [
        "/admin/next-to-check/999999/claim/",
        "/admin/next-to-check/abc/claim/",
        "/admin/next-to-check/-1/release/",
        f"/admin/next-to-check/{defunct.pk}/claim/",
        f"/admin/next-to-check/{draft.pk}/mark-verified/",
    ]:
        assert client.post(url).status_code == 404, url
    top = seeded["Alpha never verified"]
    assert client.get(f"/admin/next-to-check/{top.pk}/claim/").status_code == 405
    assert not VerificationClaim.objects.exists()


def test_a_claim_needs_the_forms_csrf_token(seeded, ann):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ann)
    top = seeded["Alpha never verified"]
    assert client.post(f"/admin/next-to-check/{top.pk}/claim/").status_code == 403
    assert not VerificationClaim.objects.exists()
