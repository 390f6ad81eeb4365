"""“Tell me when it reopens” (issue 16, "Done when" 4): subscribe → confirm →
publish as open → exactly one e-mail with the link → the address is gone; nothing
for the unconfirmed, unsubscribe deletes, a refusing mail server never blocks the
publish and the e-mail is sent later, once. Plus the abuse protection, the links,
the pruning and what curators see."""

import datetime
import io
import logging
import re
import smtplib
import socket
import time

import pytest

from django.contrib.auth.models import Group
from django.core import mail, signing
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from directory.forms import ReopenAlertForm
from directory.models import ProgramPage, ReopenAlert
from directory.models.reopen_alerts import KEPT_FOR, UNCONFIRMED_KEPT_FOR
from directory.services import reopen_alerts
from home import mail as home_mail
from tests.factories import ProgramPageFactory, UserFactory
from tests.test_mail import smtp  # noqa: F401 - a mail server on a local port

pytestmark = pytest.mark.django_db

ADDRESS = "Sam.Patient@example.org"
LINK_RE = re.compile(r"http://testserver(/reopen/(?:confirm|unsubscribe)/[^/\s]+/)")


@pytest.fixture(autouse=True)
def quick_forms(settings):
    settings.FORM_TIME_TRAP_MIN_SECONDS = 0
    settings.FORM_RATE_LIMIT_PER_HOUR = 100


@pytest.fixture
def closed(directory_page):
    return ProgramPageFactory(
        parent=directory_page, title="Lilac Rent Fund", application_status="closed"
    )


@pytest.fixture
def curator():
    user = UserFactory(username="cora", is_staff=True)
    user.groups.add(Group.objects.get(name="Curators"))
    return user


class RefusingMailBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"x": (550, b"refused")})


def form_data(email=ADDRESS, **changes):
    data = {
        "email": email,
        "homepage": "",
        "started": ReopenAlertForm.time_trap_token(time.time() - 10),
    }
    data.update(changes)
    return data


def subscribe(client, program, email=ADDRESS, **changes):
    return client.post(
        reverse("directory_reopen", args=[program.pk]), form_data(email, **changes)
    )


def link(message, kind):
    """The path of the message's confirm or unsubscribe link."""
    paths = [path for path in LINK_RE.findall(message.body) if f"/{kind}/" in path]
    assert len(paths) == 1, message.body
    return paths[0]


def subscribe_and_confirm(client, program, email=ADDRESS):
    assert subscribe(client, program, email).status_code == 302
    confirm_path = link(mail.outbox[-1], "confirm")
    assert client.post(confirm_path).status_code == 200
    mail.outbox.clear()


def publish(program, django_capture_on_commit_callbacks, user=None, **values):
    """What the admin's Publish does: a revision published by a curator; the
    callbacks registered for after the commit run, as they would in production."""
    program = ProgramPage.objects.get(pk=program.pk)
    for name, value in values.items():
        setattr(program, name, value)
    with django_capture_on_commit_callbacks(execute=True):
        program.save_revision(user=user).publish(user=user)
    return ProgramPage.objects.get(pk=program.pk)


# --- Done when 4 ------------------------------------------------------------------


def test_subscribe_confirm_publish_open_sends_one_email_and_forgets_the_address(
    client, closed, curator, django_capture_on_commit_callbacks
):
    response = subscribe(client, closed)
    assert response.status_code == 302
    thanks = client.get(response["Location"])
    assert "Check your e-mail" in thanks.content.decode()
    alert = ReopenAlert.objects.get()
    assert (alert.email, alert.program_id, alert.confirmed_at) == (
        ADDRESS.lower(),
        closed.pk,
        None,
    )
    [confirmation] = mail.outbox
    assert confirmation.to == [ADDRESS.lower()]
    confirm_path = link(confirmation, "confirm")

    # A mail scanner following the link confirms nothing; the button does.
    page = client.get(confirm_path)
    assert page.status_code == 200
    assert "Yes, tell me when it reopens" in page.content.decode()
    assert ReopenAlert.objects.get().confirmed_at is None
    assert "You are on the list" in client.post(confirm_path).content.decode()
    assert ReopenAlert.objects.get().confirmed_at is not None
    mail.outbox.clear()

    live = publish(
        closed, django_capture_on_commit_callbacks, curator, application_status="open"
    )

    assert live.live and live.application_status == "open"
    [reopened] = mail.outbox
    assert reopened.to == [ADDRESS.lower()]
    assert "is taking applications again" in reopened.subject
    assert live.full_url in reopened.body
    assert not ReopenAlert.objects.exists()


def test_unconfirmed_subscribers_get_nothing_when_it_reopens(
    client, closed, django_capture_on_commit_callbacks
):
    subscribe(client, closed)
    mail.outbox.clear()
    publish(closed, django_capture_on_commit_callbacks, application_status="open")
    assert mail.outbox == []
    # Still waiting to be pruned after 7 days; confirming now says it is open.
    confirm_path = link_for(ReopenAlert.objects.get(), reopen_alerts.CONFIRM)
    answer = client.post(confirm_path).content.decode()
    assert "it is taking applications now" in answer
    assert not ReopenAlert.objects.exists()


def link_for(alert, purpose):
    name = {
        reopen_alerts.CONFIRM: "directory_reopen_confirm",
        reopen_alerts.UNSUBSCRIBE: "directory_reopen_unsubscribe",
    }[purpose]
    return reverse(name, args=[reopen_alerts.link_token(alert, purpose)])


def test_unsubscribe_link_in_every_email_deletes_the_record(
    client, closed, django_capture_on_commit_callbacks
):
    subscribe(client, closed)
    [confirmation] = mail.outbox
    unsubscribe_path = link(confirmation, "unsubscribe")
    assert confirmation.extra_headers["List-Unsubscribe"] == (
        f"<http://testserver{unsubscribe_path}>"
    )
    assert confirmation.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    page = client.get(unsubscribe_path)
    assert "Stop the e-mails" in page.content.decode()
    assert ReopenAlert.objects.exists()  # a GET deletes nothing
    done = client.post(unsubscribe_path)
    assert "No more e-mails" in done.content.decode()
    assert not ReopenAlert.objects.exists()
    # Pressed again: nothing left to stop, said kindly.
    again = client.post(unsubscribe_path)
    assert again.status_code == 200
    assert "No more e-mails" in again.content.decode()


def test_a_mail_programs_one_click_unsubscribe_needs_no_page(client, closed):
    """RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click", with no
    cookie and no CSRF token."""
    subscribe_and_confirm(client, closed)
    alert = ReopenAlert.objects.get()
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        link_for(alert, reopen_alerts.UNSUBSCRIBE),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not ReopenAlert.objects.exists()


def test_the_reopen_email_has_a_one_click_unsubscribe_too(
    client, closed, django_capture_on_commit_callbacks
):
    subscribe_and_confirm(client, closed)
    publish(closed, django_capture_on_commit_callbacks, application_status="open")
    [reopened] = mail.outbox
    assert "/reopen/unsubscribe/" in reopened.extra_headers["List-Unsubscribe"]
    assert link(reopened, "unsubscribe")


def test_a_refusing_mail_server_still_publishes_and_the_alert_is_sent_later_once(
    client, closed, curator, settings, caplog, django_capture_on_commit_callbacks
):
    subscribe_and_confirm(client, closed)
    settings.EMAIL_BACKEND = "tests.test_reopen_alerts.RefusingMailBackend"

    with caplog.at_level(logging.WARNING):
        live = publish(
            closed,
            django_capture_on_commit_callbacks,
            curator,
            application_status="open",
        )

    assert live.live and live.application_status == "open"
    assert not live.has_unpublished_changes
    alert = ReopenAlert.objects.get()  # kept to send again, and free to be sent
    assert alert.sending_since is None
    assert "kept to send again" in caplog.text
    assert ADDRESS.lower() not in caplog.text.lower()

    # The server works again: the daily command sends it, once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_reopen_alerts", stdout=io.StringIO())
    assert [message.to for message in mail.outbox] == [[ADDRESS.lower()]]
    assert not ReopenAlert.objects.exists()
    call_command("send_reopen_alerts", stdout=io.StringIO())
    assert len(mail.outbox) == 1


def test_a_later_publish_also_retries_what_was_refused(
    client, closed, settings, django_capture_on_commit_callbacks
):
    subscribe_and_confirm(client, closed)
    settings.EMAIL_BACKEND = "tests.test_reopen_alerts.RefusingMailBackend"
    publish(closed, django_capture_on_commit_callbacks, application_status="open")
    assert ReopenAlert.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    publish(closed, django_capture_on_commit_callbacks, summary="New summary.")
    assert len(mail.outbox) == 1
    assert not ReopenAlert.objects.exists()


# --- Exactly once ------------------------------------------------------------------


def test_publishing_open_twice_sends_once(
    client, closed, django_capture_on_commit_callbacks
):
    subscribe_and_confirm(client, closed)
    subscribe_and_confirm(client, closed, "other@example.org")
    publish(closed, django_capture_on_commit_callbacks, application_status="open")
    publish(closed, django_capture_on_commit_callbacks, application_status="open")
    assert sorted(message.to[0] for message in mail.outbox) == [
        "other@example.org",
        ADDRESS.lower(),
    ]


def test_an_alert_being_sent_is_not_sent_again_until_its_send_lapses(
    client, closed, django_capture_on_commit_callbacks
):
    """A second publish while the first e-mail is still with the mail server sends
    nothing more; a send that never finished (its worker stopped) is sent again
    after an hour."""
    subscribe_and_confirm(client, closed)
    ReopenAlert.objects.update(sending_since=timezone.now())
    publish(closed, django_capture_on_commit_callbacks, application_status="open")
    assert mail.outbox == []
    ReopenAlert.objects.update(
        sending_since=timezone.now() - datetime.timedelta(hours=2)
    )
    call_command("send_reopen_alerts", stdout=io.StringIO())
    assert len(mail.outbox) == 1


def test_only_one_send_can_claim_an_alert(closed):
    alert = make_alert(closed, ADDRESS, datetime.timedelta(days=1), True)
    assert reopen_alerts.claim(alert) is True
    assert reopen_alerts.claim(alert) is False


def subscribed_and_reopening(directory_page):
    """A closed listing with one confirmed address, about to be published open."""
    closed = ProgramPageFactory(parent=directory_page, application_status="closed")
    make_alert(closed, ADDRESS, datetime.timedelta(days=1), confirmed=True)
    program = ProgramPage.objects.get(pk=closed.pk)
    program.application_status = "open"
    return program


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_over_smtp_two_quick_publishes_send_one_email(directory_page, smtp):  # noqa: F811
    """The project's own backend, delivering off the request: the second publish
    comes while the first e-mail may still be on its way."""
    smtp.received.clear()
    program = subscribed_and_reopening(directory_page)
    program.save_revision().publish()
    program.save_revision().publish()
    assert home_mail.wait_for_deliveries(5)
    assert len(smtp.received) == 1
    assert program.full_url in smtp.received[0]
    assert not ReopenAlert.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_over_smtp_a_refused_connection_never_blocks_the_publish(
    directory_page, settings
):
    unused = socket.socket()
    unused.bind(("127.0.0.1", 0))
    port = unused.getsockname()[1]
    unused.close()  # nothing listens there: the connection is refused
    program = subscribed_and_reopening(directory_page)
    settings.EMAIL_BACKEND = "home.mail.ResilientSMTPBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_TIMEOUT = 2
    program.save_revision().publish()
    assert ProgramPage.objects.get(pk=program.pk).application_status == "open"
    assert home_mail.wait_for_deliveries(5)
    alert = ReopenAlert.objects.get()
    assert alert.sending_since is None  # released, to be sent again


def test_publishing_while_still_closed_sends_nothing(
    client, closed, django_capture_on_commit_callbacks
):
    subscribe_and_confirm(client, closed)
    publish(closed, django_capture_on_commit_callbacks, application_status="waitlist")
    publish(closed, django_capture_on_commit_callbacks, status="inactive")
    assert mail.outbox == []
    assert ReopenAlert.objects.get().confirmed_at is not None


def test_a_temporarily_closed_program_reopens_when_it_runs_again(
    client, directory_page, django_capture_on_commit_callbacks
):
    paused = ProgramPageFactory(
        parent=directory_page, status="inactive", application_status="open"
    )
    subscribe_and_confirm(client, paused)
    publish(paused, django_capture_on_commit_callbacks, status="active")
    assert len(mail.outbox) == 1


def test_a_publish_in_a_rolled_back_transaction_sends_nothing(client, closed):
    """The e-mails wait for the commit (here the test's transaction never does)."""
    subscribe_and_confirm(client, closed)
    program = ProgramPage.objects.get(pk=closed.pk)
    program.application_status = "open"
    program.save_revision().publish()
    assert mail.outbox == []
    assert ReopenAlert.objects.exists()


# --- The form on the listing ------------------------------------------------------


@pytest.mark.parametrize(
    "status,shown",
    [
        ("closed", True),
        ("out-of-funds", True),
        ("waitlist", True),
        ("opens-periodically", True),
        ("open", False),
        ("unknown", False),
    ],
)
def test_the_form_shows_only_on_listings_closed_for_now(
    client, directory_page, status, shown
):
    program = ProgramPageFactory(parent=directory_page, application_status=status)
    page = client.get(program.url).content.decode()
    assert ("Tell me when it reopens" in page) is shown
    assert (reverse("directory_reopen", args=[program.pk]) in page) is shown


def test_the_listing_leads_to_the_form_without_javascript(client, closed):
    """The listing links to the form (its own HTML stays the same for everyone);
    the form's page carries the time-trap token and subscribes."""
    listing = client.get(closed.url).content.decode()
    form_url = reverse("directory_reopen", args=[closed.pk])
    assert f'href="{form_url}"' in listing
    page = client.get(form_url).content.decode()
    token = re.search(r'name="started" value="([^"]+)"', page).group(1)
    response = subscribe(client, closed, started=token)
    assert response.status_code == 302
    assert ReopenAlert.objects.count() == 1


def test_an_open_listing_takes_no_alerts(client, directory_page):
    program = ProgramPageFactory(parent=directory_page, application_status="open")
    response = subscribe(client, program)
    assert response.status_code == 409
    assert "may be open now" in response.content.decode()
    assert not ReopenAlert.objects.exists()
    assert mail.outbox == []


def test_a_bad_address_is_refused_kindly_keeping_what_was_typed(client, closed):
    response = subscribe(client, closed, "sam.patient@")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid email address." in page
    assert 'value="sam.patient@"' in page
    assert not ReopenAlert.objects.exists()


def test_the_same_address_twice_is_one_record_and_looks_the_same(client, closed):
    first = subscribe(client, closed)
    second = subscribe(client, closed, ADDRESS.upper())
    assert first["Location"] == second["Location"]
    assert ReopenAlert.objects.count() == 1
    assert len(mail.outbox) == 2  # the confirmation again, while unconfirmed
    client.post(link(mail.outbox[-1], "confirm"))
    mail.outbox.clear()
    third = subscribe(client, closed)
    assert third["Location"] == first["Location"]
    assert ReopenAlert.objects.count() == 1
    assert mail.outbox == []  # confirmed: nothing more is sent


def test_only_the_address_program_language_and_dates_are_stored():
    names = {field.name for field in ReopenAlert._meta.get_fields()}
    assert names == {
        "id",
        "email",
        "program",
        "created_at",
        "confirmed_at",
        "sending_since",
        "language",
    }


# --- Abuse protection ------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"homepage": "http://spam.example"},
        {"started": "forged"},
        {"started": ""},
        {"email": "x" * 250 + "@example.org"},
    ],
)
def test_bots_and_oversized_addresses_are_refused(client, closed, changes):
    response = subscribe(client, closed, **changes)
    assert response.status_code == 400
    assert not ReopenAlert.objects.exists()
    assert mail.outbox == []


def test_a_too_quick_send_is_refused(client, closed, settings):
    settings.FORM_TIME_TRAP_MIN_SECONDS = 60
    assert subscribe(client, closed).status_code == 400
    assert not ReopenAlert.objects.exists()


def test_a_time_trap_token_works_once(client, closed):
    token = ReopenAlertForm.time_trap_token(time.time() - 10)
    assert subscribe(client, closed, started=token).status_code == 302
    again = subscribe(client, closed, "other@example.org", started=token)
    assert again.status_code == 409
    assert ReopenAlert.objects.count() == 1


def test_rate_limit_refuses_and_keeps_the_address(client, closed, settings):
    settings.FORM_RATE_LIMIT_PER_HOUR = 2
    for n in range(2):
        assert subscribe(client, closed, f"p{n}@example.org").status_code == 302
    response = subscribe(client, closed, "p9@example.org")
    assert response.status_code == 429
    assert 'value="p9@example.org"' in response.content.decode()
    assert ReopenAlert.objects.count() == 2


# --- Links ------------------------------------------------------------------------


def test_an_altered_link_is_refused_kindly(client, closed):
    subscribe(client, closed)
    confirm_path = link(mail.outbox[-1], "confirm")
    altered = confirm_path[:-3] + ("A" if confirm_path[-3] != "A" else "B") + "/"
    response = client.post(altered)
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert ReopenAlert.objects.get().confirmed_at is None
    # A confirm link does not unsubscribe, nor the other way round.
    token = confirm_path.rstrip("/").rsplit("/", 1)[1]
    wrong = client.post(reverse("directory_reopen_unsubscribe", args=[token]))
    assert wrong.status_code == 400
    assert ReopenAlert.objects.exists()


def test_an_expired_confirm_link_is_refused_kindly(client, closed, monkeypatch):
    subscribe(client, closed)
    alert = ReopenAlert.objects.get()
    eight_days_ago = int(time.time()) - 8 * 86400
    monkeypatch.setattr(
        signing.TimestampSigner,
        "timestamp",
        lambda self: signing.b62_encode(eight_days_ago),
    )
    old_link = link_for(alert, reopen_alerts.CONFIRM)
    monkeypatch.undo()
    response = client.post(old_link)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert ReopenAlert.objects.get().confirmed_at is None


def test_a_link_for_a_deleted_alert_does_not_confirm_a_new_one(client, closed):
    subscribe(client, closed)
    old_link = link(mail.outbox[-1], "confirm")
    client.post(link(mail.outbox[-1], "unsubscribe"))
    subscribe(client, closed)
    response = client.post(old_link)
    assert response.status_code == 410
    assert ReopenAlert.objects.get().confirmed_at is None


# --- Pruning ----------------------------------------------------------------------


def make_alert(program, email, age, confirmed):
    created = timezone.now() - age
    return ReopenAlert.objects.create(
        program=program,
        email=email,
        created_at=created,
        confirmed_at=created if confirmed else None,
    )


def test_pruning_deletes_the_unconfirmed_after_7_days_and_all_after_12_months(
    closed,
):
    day = datetime.timedelta(days=1)
    make_alert(closed, "fresh@example.org", UNCONFIRMED_KEPT_FOR - day, False)
    make_alert(closed, "stale@example.org", UNCONFIRMED_KEPT_FOR + day, False)
    make_alert(closed, "kept@example.org", KEPT_FOR - day, True)
    make_alert(closed, "old@example.org", KEPT_FOR + day, True)
    call_command("prune_reopen_alerts", stdout=io.StringIO())
    assert set(ReopenAlert.objects.values_list("email", flat=True)) == {
        "fresh@example.org",
        "kept@example.org",
    }


def test_a_new_subscription_prunes_without_cron(client, closed):
    make_alert(closed, "stale@example.org", UNCONFIRMED_KEPT_FOR * 2, False)
    subscribe(client, closed)
    assert list(ReopenAlert.objects.values_list("email", flat=True)) == [
        ADDRESS.lower()
    ]


# --- Privacy and curators ---------------------------------------------------------


def test_the_pages_are_private_and_never_indexed(client, closed):
    subscribe(client, closed)
    confirm_path = link(mail.outbox[-1], "confirm")
    pages = [
        client.get(reverse("directory_reopen", args=[closed.pk])),
        subscribe(client, closed, "bad@"),
        client.get(reverse("directory_reopen_thanks", args=[closed.pk])),
        client.get(confirm_path),
        client.get(link(mail.outbox[-1], "unsubscribe")),
        client.get("/reopen/confirm/nonsense/"),
    ]
    for response in pages:
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex"
        assert response["Referrer-Policy"] == "same-origin"


def test_curators_see_how_many_wait_never_who(client, closed, curator):
    subscribe_and_confirm(Client(), closed)
    subscribe_and_confirm(Client(), closed, "second@example.org")
    subscribe(Client(), closed, "unsure@example.org")
    client.force_login(curator)
    page = client.get(
        reverse("wagtailadmin_pages:edit", args=[closed.pk]), follow=True
    ).content.decode()
    assert "2 people are waiting for an e-mail when this listing takes" in page
    assert "(1 more not confirmed yet)" in page
    for address in (ADDRESS.lower(), "second@example.org", "unsure@example.org"):
        assert address not in page


def test_the_public_cannot_see_the_count(client, closed):
    subscribe_and_confirm(client, closed)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[closed.pk]))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_listing_that_opens_at_set_times_says_so(client, directory_page):
    program = ProgramPageFactory(
        parent=directory_page, application_status="opens-periodically"
    )
    page = client.get(program.url).content.decode()
    assert "It opens at set times. We can e-mail you once" in page
    assert "Closed for now" not in page


# --- In Spanish -------------------------------------------------------------------


def test_a_subscription_made_in_spanish_gets_its_e_mails_in_spanish(
    client, closed, curator, django_capture_on_commit_callbacks
):
    path = closed.url  # before the requests, in English
    response = client.post(f"/es/reopen/{closed.pk}/", form_data())
    assert response.status_code == 302
    assert response["Location"].startswith("/es/")
    assert ReopenAlert.objects.get().language == "es"
    [confirmation] = mail.outbox
    assert "Confirme" in confirmation.subject, confirmation.subject
    [confirm_path] = re.findall(
        r"http://testserver(/es/reopen/confirm/[^/\s]+/)", confirmation.body
    )
    assert "Sí, avísenme" in client.get(confirm_path).content.decode()
    client.post(confirm_path)
    mail.outbox.clear()

    publish(
        closed, django_capture_on_commit_callbacks, curator, application_status="open"
    )

    [reopened] = mail.outbox
    assert "acepta solicitudes de nuevo" in reopened.subject, reopened.subject
    assert f"http://testserver/es{path}" in reopened.body
    assert not ReopenAlert.objects.exists()
