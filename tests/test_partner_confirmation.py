"""Partner confirmation: curators ask a listing's organisation "is this still
right?"; the e-mailed link, signed for one listing and expiring, lets the
organisation confirm it without a login, kept apart from a curator's verification."""

import datetime
import re
import time

import pytest

from django.contrib.auth.models import Group
from django.core import mail, signing
from django.test import Client
from django.utils import timezone

from wagtail.models import PageLogEntry

from directory.models import ConfirmationRequest, Submission
from directory.services.confirmation import (
    CONFIRMED_ACTION,
    REQUESTED_ACTION,
    link_url,
)
from tests.factories import OrganisationFactory, ProgramPageFactory, UserFactory

pytestmark = pytest.mark.django_db

BULK_URL = "/admin/bulk/wagtailcore/page/ask_to_confirm/"
LINK_RE = re.compile(r"http://testserver(/confirm/\d+/[^/\s]+/)")


def listing_admin_url(program):
    return f"/admin/partner-confirmation/{program.pk}/"


def in_words(day):
    return f"{day.day} {day:%B %Y}"


@pytest.fixture
def curator(db):
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Curators"))
    return user


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def partner():
    """An organisation's browser: no login, and CSRF checked as in production."""
    return Client(enforce_csrf_checks=True)


def link_in(message):
    """The path of the confirmation link in an e-mail."""
    return LINK_RE.search(message.body).group(1)


def ask(curator_client, program):
    response = curator_client.post(listing_admin_url(program), follow=True)
    assert response.status_code == 200
    return response


def press_yes(partner, path):
    """Open the page, then press "Yes, this is all correct" with its CSRF token."""
    page = partner.get(path)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    return partner.post(path, {"csrfmiddlewaretoken": token.group(1)})


def test_the_emailed_link_confirms_the_listing_without_login(
    curator_client, partner, directory_page
):
    program = ProgramPageFactory(
        parent=directory_page,
        title="Warm Homes Fund",
        email="apply@warmhomes.example.org",
        award="Up to $300",
    )
    response = ask(curator_client, program)
    assert "Asked the organisation to confirm 1 listing(s)." in response.text

    (message,) = mail.outbox
    assert message.to == ["apply@warmhomes.example.org"]
    assert "Warm Homes Fund" in message.subject
    path = link_in(message)

    page = partner.get(path)
    assert page.status_code == 200
    assert "Up to $300" in page.text and "Yes, this is all correct" in page.text
    assert "Confirmed by the organisation on" not in partner.get(program.url).text

    response = press_yes(partner, path)
    assert response.status_code == 302
    thanks = partner.get(response["Location"])
    assert "Thank you" in thanks.text
    assert "Yes, this is all correct" not in thanks.text  # already confirmed

    today = in_words(timezone.localdate())
    listing = partner.get(program.url).text
    assert f"Confirmed by the organisation on {today}." in listing
    assert "Not yet verified by a curator." in listing  # a curator's check is apart
    admin_page = curator_client.get(listing_admin_url(program)).text
    assert f"Confirmed by the organisation on {today}" in admin_page
    assert "so the listing is not asked again before then" in admin_page
    assert "Ask the organisation to confirm</button>" not in admin_page
    request = ConfirmationRequest.objects.get()
    assert request.mail == ConfirmationRequest.Mail.SENT
    program.refresh_from_db()
    assert program.last_verified_at is None


def test_requesting_and_confirming_are_in_the_page_history(
    curator, curator_client, partner, directory_page
):
    program = ProgramPageFactory(parent=directory_page, email="a@example.org")
    ask(curator_client, program)
    press_yes(partner, link_in(mail.outbox[0]))
    entries = PageLogEntry.objects.filter(page=program).order_by("timestamp", "pk")
    assert [(entry.action, entry.user) for entry in entries][-2:] == [
        (REQUESTED_ACTION, curator),
        (CONFIRMED_ACTION, None),
    ]
    history = curator_client.get(f"/admin/pages/{program.pk}/history/").text
    assert "Asked the organisation to confirm the listing" in history
    assert "Confirmed by the organisation, as it is" in history


def test_the_confirmation_page_is_private_and_shows_only_public_facts(
    curator, curator_client, partner, directory_page
):
    program = ProgramPageFactory(
        parent=directory_page,
        title="Quiet Rides",
        email="rides@example.org",
        curator_note="CURATOR-ONLY-NOTE",
        verification_note="CALLED-THEIR-DIRECTOR",
        sources="https://source.example.org/secret-research",
    )
    other = ProgramPageFactory(parent=directory_page, title="Another Listing")
    Submission.objects.create(
        kind=Submission.Kind.UPDATE,
        status=Submission.Status.IN_REVIEW,
        program=program,
        submitter_name="Sam Submitter",
        submitter_email="sam@private.example.org",
        data={},
    )
    ask(curator_client, program)
    response = partner.get(link_in(mail.outbox[0]))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Referrer-Policy"] == "same-origin"
    assert '<meta name="robots" content="noindex">' in response.text
    for private in [
        "CURATOR-ONLY-NOTE",
        "CALLED-THEIR-DIRECTOR",
        "secret-research",
        "Sam Submitter",
        "sam@private.example.org",
        curator.email,
        other.title,
    ]:
        assert private not in response.text


def test_something_has_changed_opens_the_update_form_filled_in(
    curator_client, partner, directory_page
):
    program = ProgramPageFactory(
        parent=directory_page, title="Wig Bank", email="wigs@example.org"
    )
    ask(curator_client, program)
    page = partner.get(link_in(mail.outbox[0])).text
    update_url = f"/submit/update/{program.pk}/"
    assert f'href="{update_url}">Something has changed</a>' in page
    form = partner.get(update_url).text
    assert 'name="title"' in form and 'value="Wig Bank"' in form


def altered(path):
    """The link with one character of its signature changed."""
    last = path[-2]
    return path[:-2] + ("A" if last != "A" else "B") + "/"


@pytest.mark.parametrize(
    "spoil",
    [altered, lambda path: path[: len(path) // 2] + "/", lambda path: path + "x/"],
    ids=["one-character-changed", "cut-short", "extra-bit"],
)
def test_an_altered_link_is_refused_kindly(
    curator_client, partner, directory_page, spoil
):
    program = ProgramPageFactory(parent=directory_page, email="a@example.org")
    ask(curator_client, program)
    path = spoil(link_in(mail.outbox[0]))
    response = partner.get(path)
    assert response.status_code in {400, 404}
    if response.status_code == 400:
        assert "This link does not work" in response.text
        assert "Nothing was changed" in response.text
    assert partner.post(path).status_code in {400, 403, 404}
    assert not ConfirmationRequest.objects.confirmed().exists()


def test_an_expired_link_is_refused_kindly(
    curator_client, partner, directory_page, monkeypatch
):
    program = ProgramPageFactory(parent=directory_page, email="a@example.org")
    ask(curator_client, program)
    request = ConfirmationRequest.objects.get()
    # A link signed 31 days ago, as the e-mail of a request sent then.
    sent = int(time.time()) - 31 * 86400
    monkeypatch.setattr(
        signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(sent)
    )
    path = LINK_RE.search(link_url(request)).group(1)
    monkeypatch.undo()

    response = partner.get(path)
    assert response.status_code == 410
    assert "This link has expired" in response.text
    assert "30 days" in response.text
    assert partner.post(path).status_code in {403, 410}
    assert not ConfirmationRequest.objects.confirmed().exists()


def test_a_link_for_one_listing_cannot_confirm_another(
    curator_client, partner, directory_page
):
    first = ProgramPageFactory(parent=directory_page, email="first@example.org")
    second = ProgramPageFactory(parent=directory_page, email="second@example.org")
    ask(curator_client, first)
    ask(curator_client, second)
    first_link = link_in(mail.outbox[0])
    on_second = first_link.replace(f"/confirm/{first.pk}/", f"/confirm/{second.pk}/")
    response = partner.get(on_second)
    assert response.status_code == 400
    assert "This link does not work" in response.text

    # Even a genuinely signed link naming the first request and the second listing.
    request = ConfirmationRequest.objects.get(program=first)
    token = signing.dumps(
        [request.pk, second.pk], salt="brightside.directory.partner-confirmation"
    )
    assert partner.get(f"/confirm/{second.pk}/{token}/").status_code == 400

    press_yes(partner, first_link)
    assert list(ConfirmationRequest.objects.confirmed()) == [request]
    assert "Confirmed by the organisation" not in partner.get(second.url).text


def test_a_used_link_says_it_was_already_confirmed(
    curator_client, partner, directory_page
):
    program = ProgramPageFactory(parent=directory_page, email="a@example.org")
    ask(curator_client, program)
    path = link_in(mail.outbox[0])
    press_yes(partner, path)
    first = ConfirmationRequest.objects.get().confirmed_at

    again = partner.get(path)
    assert again.status_code == 200
    assert f"You confirmed “{program.title}” on" in again.text
    assert "Yes, this is all correct" not in again.text
    partner_token = partner.cookies["csrftoken"].value
    partner.post(path, {"csrfmiddlewaretoken": partner_token})
    assert ConfirmationRequest.objects.get().confirmed_at == first
    assert (
        PageLogEntry.objects.filter(page=program, action=CONFIRMED_ACTION).count() == 1
    )


def test_a_confirmation_post_needs_the_page_csrf_token(
    curator_client, partner, directory_page
):
    program = ProgramPageFactory(parent=directory_page, email="a@example.org")
    ask(curator_client, program)
    assert partner.post(link_in(mail.outbox[0])).status_code == 403
    assert not ConfirmationRequest.objects.confirmed().exists()


def test_the_bulk_action_asks_each_listing_and_names_those_skipped(
    curator_client, directory_page
):
    own_address = ProgramPageFactory(
        parent=directory_page, title="Own Address Fund", email="own@example.org"
    )
    org_address = ProgramPageFactory(
        parent=directory_page,
        title="Organisation Address Fund",
        organisation=OrganisationFactory(name="Kind Org", email="hello@kind.org"),
    )
    no_address = ProgramPageFactory(parent=directory_page, title="No Address Fund")
    asked_lately = ProgramPageFactory(
        parent=directory_page, title="Asked Lately Fund", email="lately@example.org"
    )
    ConfirmationRequest.objects.create(
        program=asked_lately,
        sent_to="lately@example.org",
        requested_at=timezone.now() - datetime.timedelta(days=5),
    )
    ids = [own_address.pk, org_address.pk, no_address.pk, asked_lately.pk]
    query = "&".join(f"id={pk}" for pk in ids) + "&next=/admin/programs/"

    confirm_page = curator_client.get(f"{BULK_URL}?{query}").text
    assert "Ask the organisation to confirm" in confirm_page
    assert "hello@kind.org" in confirm_page
    assert (
        "No Address Fund: will be skipped (no e-mail address on the listing or its "
        "organisation)"
    ) in confirm_page

    response = curator_client.post(f"{BULK_URL}?{query}", follow=True)
    assert response.status_code == 200
    assert sorted(message.to[0] for message in mail.outbox) == [
        "hello@kind.org",
        "own@example.org",
    ]
    text = response.text
    assert "Asked the organisation to confirm 2 listing(s)." in text
    assert (
        "Not sent (no e-mail address on the listing or its organisation): "
        "“No Address Fund”." in text
    )
    assert "Not sent (asked in the last 30 days): “Asked Lately Fund”." in text
    assert ConfirmationRequest.objects.filter(program=asked_lately).count() == 1


def test_a_listing_without_an_address_is_reported_not_asked(
    curator_client, directory_page
):
    program = ProgramPageFactory(parent=directory_page, title="Silent Fund")
    page = curator_client.get(listing_admin_url(program)).text
    assert "Neither the listing nor its organisation has an e-mail address" in page
    response = ask(curator_client, program)
    assert "“Silent Fund”" in response.text and "no e-mail address" in response.text
    assert not mail.outbox and not ConfirmationRequest.objects.exists()


def test_a_failed_e_mail_is_recorded(curator_client, directory_page, settings):
    settings.EMAIL_BACKEND = "tests.test_directory_submissions.BrokenMailBackend"
    program = ProgramPageFactory(parent=directory_page, email="a@example.org")
    ask(curator_client, program)
    assert ConfirmationRequest.objects.get().mail == ConfirmationRequest.Mail.FAILED
    page = curator_client.get(listing_admin_url(program)).text
    assert "Failed: the mail server did not take it" in page


def test_a_link_to_an_unpublished_listing_is_refused_kindly(
    curator_client, partner, directory_page
):
    program = ProgramPageFactory(parent=directory_page, email="a@example.org")
    ask(curator_client, program)
    program.unpublish()
    response = partner.get(link_in(mail.outbox[0]))
    assert response.status_code == 410
    assert "This listing is no longer shown" in response.text


@pytest.fixture
def reminder_listings(directory_page):
    """Listings in every state the reminder rule tells apart, by title."""
    today = timezone.localdate()
    now = timezone.now()
    days = datetime.timedelta(days=1)

    def listing(title, verified=None, asked=None, confirmed=None):
        program = ProgramPageFactory(
            parent=directory_page,
            title=title,
            last_verified_at=today - verified * days if verified else None,
        )
        if asked:
            ConfirmationRequest.objects.create(
                program=program,
                sent_to="x@example.org",
                requested_at=now - asked * days,
                confirmed_at=now - confirmed * days if confirmed else None,
            )

    listing("Never Checked")
    listing("Verified Long Ago", verified=200)
    listing("Verified Lately", verified=10)
    listing("Confirmed Lately", asked=20, confirmed=10)
    listing("Confirmed Long Ago", asked=210, confirmed=200)
    listing("Asked Lately", asked=5)
    listing("Asked Long Ago", asked=40)


DUE = {"Never Checked", "Verified Long Ago", "Confirmed Long Ago", "Asked Long Ago"}
NOT_DUE = {"Verified Lately", "Confirmed Lately", "Asked Lately"}


@pytest.mark.parametrize(
    ("value", "shown"), [("true", DUE), ("false", NOT_DUE), ("", DUE | NOT_DUE)]
)
def test_the_reminder_filter_offers_listings_due_for_a_request(
    curator_client, reminder_listings, value, shown
):
    response = curator_client.get("/admin/programs/", {"confirmation_due": value})
    assert response.status_code == 200
    assert {page.title for page in response.context["page_obj"]} == shown
    assert "Due for a confirmation request" in response.text


def test_the_dashboard_counts_listings_due_for_a_request(
    curator_client, reminder_listings
):
    dashboard = curator_client.get("/admin/")
    assert "4 listings due for a confirmation request" in dashboard.text
    assert "/admin/programs/?confirmation_due=true" in dashboard.text


@pytest.mark.parametrize("group", ["Moderators", None])
def test_only_those_who_may_edit_the_listing_can_ask(client, directory_page, group):
    program = ProgramPageFactory(parent=directory_page, email="a@example.org")
    user = UserFactory()
    if group:
        user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    for response in [
        client.get(listing_admin_url(program)),
        client.post(listing_admin_url(program)),
    ]:
        assert response.status_code in {302, 403}
    client.post(f"{BULK_URL}?id={program.pk}&next=/admin/")
    assert not mail.outbox and not ConfirmationRequest.objects.exists()
    client.logout()
    assert client.get(listing_admin_url(program)).status_code == 302


def test_the_listing_header_offers_partner_confirmation(curator_client, directory_page):
    program = ProgramPageFactory(parent=directory_page)
    page = curator_client.get(f"/admin/pages/{program.pk}/edit/").text
    assert listing_admin_url(program) in page and "Partner confirmation" in page


def test_a_post_without_its_csrf_token_gets_a_kind_page(partner, directory_page):
    program = ProgramPageFactory(parent=directory_page, email="a@example.org")
    confirmation = ConfirmationRequest.objects.create(
        program=program, sent_to="a@example.org"
    )
    path = link_url(confirmation).removeprefix("http://testserver")
    response = partner.post(path)
    assert response.status_code == 403
    assert "reload the page and send it again" in response.text
    assert "private" in response["Cache-Control"]
    assert ConfirmationRequest.objects.get().confirmed_at is None
