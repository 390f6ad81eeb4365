"""The project's mail backend: nothing is sent from inside a transaction (or at all
when it rolls back), delivery happens off the request, and its outcome reaches the
submission it belongs to. Outages are in test_faults.py."""

import socket
import threading
import time
from functools import partial

import pytest

from django.core.mail import EmailMessage, send_mail
from django.db import OperationalError, transaction

from directory.models import Submission
from directory.services.submission import record_mail, send_confirmation
from home import mail

pytestmark = pytest.mark.django_db


class SMTPServer:
    """Just enough SMTP on a local port to take messages; keeps what it was sent."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.port = self.listener.getsockname()[1]
        self.received = []
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            with connection, connection.makefile("rwb") as stream:
                self.converse(stream)

    def converse(self, stream):
        def say(line):
            stream.write(line.encode() + b"\r\n")
            stream.flush()

        say("220 test ready")
        while line := stream.readline():
            command = line.decode().strip().upper()
            if command.startswith("DATA"):
                say("354 go on")
                body = []
                while (part := stream.readline()) not in (b".\r\n", b""):
                    body.append(part)
                self.received.append(b"".join(body).decode())
                say("250 queued")
            elif command.startswith("QUIT"):
                say("221 bye")
                return
            else:
                say("250 ok")

    def close(self):
        self.listener.close()


def new_submission():
    return Submission.objects.create(
        kind=Submission.Kind.NEW,
        status=Submission.Status.IN_REVIEW,
        submitter_name="Pat",
        submitter_email="pat@example.org",
        data={"title": "Sunrise Rent Fund"},
    )


@pytest.fixture
def smtp(settings):
    server = SMTPServer()
    settings.EMAIL_BACKEND = "home.mail.ResilientSMTPBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_TIMEOUT = 2
    yield server
    mail.wait_for_deliveries(5)
    server.close()


def test_nothing_is_sent_before_the_transaction_commits(
    smtp, monkeypatch, django_capture_on_commit_callbacks
):
    started = []
    monkeypatch.setattr(mail, "start_delivery", started.append)
    with django_capture_on_commit_callbacks() as callbacks:
        assert send_mail("Hello", "Body", "a@example.org", ["b@example.org"]) == 1
        assert started == []  # handed over, not sent, while the transaction runs
    assert len(callbacks) == 1


def test_a_rolled_back_transaction_sends_nothing(smtp, monkeypatch):
    started = []
    monkeypatch.setattr(mail, "start_delivery", started.append)
    with pytest.raises(RuntimeError), transaction.atomic():
        send_mail("Hello", "Body", "a@example.org", ["b@example.org"])
        raise RuntimeError("rolled back")
    assert started == []


def test_delivery_sends_and_reports_each_outcome(smtp):
    outcomes = []
    message = EmailMessage("Hello", "Plain & simple", "a@example.org", ["b@x.org"])
    message.on_delivery = outcomes.append
    thread = mail.start_delivery([message])
    thread.join(5)
    assert outcomes == [True]
    assert "Plain & simple" in smtp.received[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_working_mail_server_records_the_confirmation_as_sent(smtp):
    submission = new_submission()
    send_confirmation(submission)  # autocommit: handed over at once
    assert mail.wait_for_deliveries(5)
    # The delivery thread recorded it on its own connection.
    submission.refresh_from_db()
    assert submission.confirmation_mail == Submission.Mail.SENT
    assert submission.reference in smtp.received[0]


def test_an_outcome_that_finds_the_database_busy_is_recorded_once_it_is_free(
    monkeypatch,
):
    monkeypatch.setattr(mail, "REPORT_PAUSE_SECONDS", 0.001)
    calls = []

    def busy_twice(sent):
        calls.append(sent)
        if len(calls) < 3:
            raise OperationalError("database table is locked")

    message = EmailMessage("Hello", "Body", "a@example.org", ["b@x.org"])
    message.on_delivery = busy_twice
    mail.report(message, False)
    assert calls == [False, False, False]


def test_an_outcome_that_cannot_be_recorded_is_logged_not_raised(monkeypatch, caplog):
    monkeypatch.setattr(mail, "REPORT_PAUSE_SECONDS", 0.001)
    calls = []

    def always_busy(sent):
        calls.append(sent)
        raise OperationalError("database is locked")

    message = EmailMessage("Hello", "Body", "a@example.org", ["b@x.org"])
    message.on_delivery = always_busy
    mail.report(message, True)
    assert len(calls) == mail.REPORT_ATTEMPTS
    assert "Recording a mail delivery failed." in caplog.text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_outcome_waits_for_another_writer_of_the_submissions(smtp):
    submission = new_submission()
    # Another writer holds the submissions while the delivery reports its outcome.
    with transaction.atomic():
        Submission.objects.filter(pk=submission.pk).update(submitter_name="Pat K.")
        message = EmailMessage("Hello", "Body", "a@example.org", ["pat@example.org"])
        message.on_delivery = partial(record_mail, submission.pk, "confirmation_mail")
        thread = mail.start_delivery([message])
        time.sleep(0.3)
    thread.join(10)
    submission.refresh_from_db()
    assert submission.confirmation_mail == Submission.Mail.SENT
    assert submission.submitter_name == "Pat K."
