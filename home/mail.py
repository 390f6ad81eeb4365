"""Outgoing e-mail that never holds up or breaks what a person was doing.

Messages are handed over when the database transaction commits (a rolled-back
submission sends nothing, and no mail server is ever waited for inside a
transaction) and delivered over SMTP by a background thread with ``EMAIL_TIMEOUT``:
a server that is down, refuses, hangs up or never answers costs the request
nothing. Failures are logged without the message. A message may carry
``on_delivery``, a callable given True or False once its delivery was tried, so the
caller can record the outcome (see ``directory.services.submission``).

Delivery threads are not daemons: a worker that is shutting down finishes the
deliveries it has started (each bounded by ``EMAIL_TIMEOUT``) before it exits."""

import logging
import threading
import time

from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend
from django.db import OperationalError, connections, transaction

logger = logging.getLogger(__name__)

# Tries of an ``on_delivery`` that finds the database busy, and the first pause.
REPORT_ATTEMPTS = 6
REPORT_PAUSE_SECONDS = 0.05

_deliveries = []
_deliveries_lock = threading.Lock()


class ResilientSMTPBackend(BaseEmailBackend):
    """Accepts messages at once and sends them after commit, off the request."""

    # It calls each message's ``on_delivery`` itself, once delivery was tried.
    reports_delivery = True

    def send_messages(self, email_messages):
        messages = list(email_messages or [])
        if messages:
            transaction.on_commit(lambda: start_delivery(messages))
        return len(messages)


def start_delivery(messages):
    thread = threading.Thread(
        target=deliver, args=(messages,), name="brightside-mail", daemon=False
    )
    with _deliveries_lock:
        _deliveries[:] = [t for t in _deliveries if t.is_alive()]
        _deliveries.append(thread)
    thread.start()
    return thread


def deliver(messages):
    """Send each message over one SMTP connection, failing silently; report each
    outcome to its ``on_delivery``."""
    backend = EmailBackend(fail_silently=True)
    failed = 0
    try:
        for message in messages:
            sent = bool(backend.send_messages([message]))
            failed += not sent
            report(message, sent)
    finally:
        backend.close()
        # This thread's own database connections, opened by the callbacks.
        connections.close_all()
    if failed:
        logger.warning(
            "Mail server: %d of %d message(s) not sent.", failed, len(messages)
        )
    return len(messages) - failed


def report(message, sent):
    """Give ``on_delivery`` the outcome. Another thread may be writing the same table
    at that moment (SQLite takes one writer at a time, and its shared in-memory
    database refuses at once instead of waiting), so a callback that meets a busy
    database is tried again after a growing pause: callbacks must be idempotent."""
    callback = getattr(message, "on_delivery", None)
    if callback is None:
        return
    for attempt in range(REPORT_ATTEMPTS):
        try:
            callback(sent)
        except OperationalError:
            if attempt == REPORT_ATTEMPTS - 1:
                logger.exception("Recording a mail delivery failed.")
                return
            connections.close_all()  # a broken connection is not reused
            time.sleep(REPORT_PAUSE_SECONDS * 2**attempt)
        except Exception:  # recording must not stop the other messages
            logger.exception("Recording a mail delivery failed.")
            return
        else:
            return


def wait_for_deliveries(timeout=None):
    """Wait for the deliveries started so far (tests, and ``manage.py`` commands
    that send mail before they exit). Returns True when none is still running."""
    with _deliveries_lock:
        running = list(_deliveries)
    for thread in running:
        thread.join(timeout)
    return not any(thread.is_alive() for thread in running)


def send(message, on_delivery):
    """Send ``message`` through the configured backend and tell ``on_delivery``
    (True or False) what became of it: at once for backends that send there and
    then (console, memory, plain SMTP), after the background delivery for ours."""
    connection = get_connection()
    message.connection = connection
    message.on_delivery = on_delivery
    try:
        accepted = connection.send_messages([message])
    except OSError:  # SMTP and socket errors, from a backend that raises them
        logger.warning("Mail server: message not sent.")
        on_delivery(False)
        return
    if not getattr(connection, "reports_delivery", False):
        on_delivery(bool(accepted))
