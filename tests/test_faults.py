"""The site under outages, over real HTTP against the live server: Redis, the mail
server and Elasticsearch each refusing connections, hanging up, or accepting and
never answering (local sockets), and the real Redis on 127.0.0.1:6379 working.
A patient's pages and a partner's and a patient's forms must answer within 2 s,
never with a 5xx, and every form the site accepted must be in the database
afterwards."""

import socket
import threading
from contextlib import contextmanager

import pytest
import redis

from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.cache import cache

from config.settings.base import redis_cache
from directory import taxonomy
from directory.models import ProblemReport, ProgramPage, Submission
from home import cache as home_cache
from home import mail
from search.backends import _backend
from search.backends.elasticsearch_documents import BREAKER
from tests.factories import (
    DirectoryIndexPageFactory,
    ProgramPageFactory,
    UserFactory,
    minimal_site,
)
from tests.http_client import Visitor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGE_SECONDS = 2.0
REAL_REDIS = "redis://127.0.0.1:6379/15"


@contextmanager
def fault_socket(kind):
    """A local TCP port that ``refuses`` (nothing listens), ``hangs-up`` (accepts
    and closes at once) or is ``silent`` (accepts and never answers). Yields its
    port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    if kind == "refuses":
        listener.close()
        yield port
        return
    listener.listen(64)
    listener.settimeout(0.1)
    stop, held = threading.Event(), []

    def serve():
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            if kind == "hangs-up":
                connection.close()
            else:
                held.append(connection)  # open, and never a byte back

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield port
    finally:
        stop.set()
        thread.join(2)
        for connection in held:
            connection.close()
        listener.close()


def redis_answers():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as probe:
            probe.sendall(b"PING\r\n")
            return probe.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def site(settings):
    """A directory with two live programs and a moderator with an e-mail address.
    Mail goes to memory unless a scenario points the project's SMTP backend (sent
    after commit, off the request) at a faulty server."""
    directory = DirectoryIndexPageFactory(parent=minimal_site())
    programs = [
        ProgramPageFactory(parent=directory, title="Wig Bank"),
        ProgramPageFactory(parent=directory, title="Gas Card Fund"),
    ]
    moderator = UserFactory(email="moderator@example.org")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    settings.FORM_TIME_TRAP_MIN_SECONDS = 0
    settings.FORM_RATE_LIMIT_PER_HOUR = 100
    return programs


@pytest.fixture
def fresh_services():
    """Each scenario starts with no memory of the last one's outage."""
    for breaker in (BREAKER, home_cache.BREAKER):
        breaker.reset()
    _backend.cache_clear()
    yield
    mail.wait_for_deliveries(15)
    for breaker in (BREAKER, home_cache.BREAKER):
        breaker.reset()
    _backend.cache_clear()
    taxonomy._cached.update(version=None, value=None)


def fault_settings(settings, service, port):
    if service == "redis":
        settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{port}/0")}
    elif service == "smtp":
        # A mail timeout longer than a page may take: the page must not wait for it.
        settings.EMAIL_BACKEND = "home.mail.ResilientSMTPBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_TIMEOUT = 3
    elif service == "elasticsearch":
        settings.DIRECTORY_SEARCH_BACKEND = "elasticsearch"
        settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"
    taxonomy._cached.update(version=None, value=None)


def submission_fields(title):
    return {
        "organisation_name": "Fault Test Helpers",
        "title": title,
        "summary": "Sent while a service was down.",
        "needs": ["cash-grants"],
        "nationwide": "on",
        "cancer_scope": "any-cancer",
        "treatment_requirement": "unknown",
        "who_applies": "self",
        "submitter_name": "Pat Partner",
        "submitter_email": "pat@example.org",
        "consent": "on",
        "homepage": "",
    }


def journey(base, program, title):
    """What a patient and a partner do in a minute: search, read, save, report,
    submit. Returns the visitor, whose answers hold status and time of each."""
    visitor = Visitor(base, timeout=10)
    visitor.get("/")
    visitor.get("/programs/?q=wig&need=cash-grants&zip=10001")
    visitor.get("/programs/?need=cash-grants&open_now=1&sort=closest&zip=94110")
    visitor.get(program.url)
    visitor.post_form(program.url, f"/my-list/save/{program.pk}/", {})
    visitor.get("/my-list/")
    visitor.post_form(
        f"/report/{program.pk}/",
        f"/report/{program.pk}/",
        {"reason": "wrong_phone", "details": "It rang out.", "homepage": ""},
    )
    visitor.post_form("/submit/", "/submit/", submission_fields(title))
    visitor.get("/api/hsds/services?page=1")
    return visitor


def assert_answered_in_time(visitor):
    answers = "\n".join(map(str, visitor.answers))
    slow = [a for a in visitor.answers if a[3] >= PAGE_SECONDS]
    errors = [a for a in visitor.answers if a[2] is None or a[2] >= 500]
    assert not slow, answers
    assert not errors, answers
    statuses = {(method, path): status for method, path, status, _ in visitor.answers}
    # The forms were accepted (redirected to their thank-you pages).
    assert [s for (m, p), s in statuses.items() if m == "POST"] == [302, 302, 302]


def assert_kept(program, title):
    assert ProblemReport.objects.filter(
        program=program, details="It rang out."
    ).exists()
    submission = Submission.objects.get(data__title=title)
    assert submission.status == Submission.Status.IN_REVIEW
    draft = ProgramPage.objects.get(pk=submission.program_id)
    assert not draft.live and draft.title == title
    return submission


SCENARIOS = [
    (service, kind)
    for service in ("redis", "smtp", "elasticsearch")
    for kind in ("refuses", "hangs-up", "silent")
]


@pytest.mark.parametrize(
    ("service", "kind"), SCENARIOS, ids=[f"{s}-{k}" for s, k in SCENARIOS]
)
def test_an_outage_costs_no_page_and_no_form(
    live_server, site, fresh_services, settings, service, kind
):
    title = f"Fund sent while {service} {kind}"
    with fault_socket(kind) as port:
        fault_settings(settings, service, port)
        visitor = journey(live_server.url, site[0], title)
        assert mail.wait_for_deliveries(15)
    assert_answered_in_time(visitor)
    submission = assert_kept(site[0], title)
    if service == "smtp":  # the outcome is recorded once the delivery gave up
        assert submission.confirmation_mail == Submission.Mail.FAILED
        assert submission.moderator_mail == Submission.Mail.FAILED


def test_everything_silent_at_once(live_server, site, fresh_services, settings):
    title = "Fund sent while everything was silent"
    with (
        fault_socket("silent") as redis_port,
        fault_socket("silent") as smtp_port,
        fault_socket("silent") as es_port,
    ):
        fault_settings(settings, "redis", redis_port)
        fault_settings(settings, "smtp", smtp_port)
        fault_settings(settings, "elasticsearch", es_port)
        visitor = journey(live_server.url, site[1], title)
        assert mail.wait_for_deliveries(15)
    assert_answered_in_time(visitor)
    assert_kept(site[1], title)


@pytest.mark.skipif(
    not redis_answers(), reason="no Redis answers on 127.0.0.1:6379 (CI runs one)"
)
def test_with_the_real_redis_limits_are_shared_and_tokens_single_use(
    live_server, site, fresh_services, settings
):
    """Working Redis: pages as quick, and what the cache guards holds across
    workers: a form's token is used once, and the hourly limit counts every send."""
    settings.CACHES = {"default": redis_cache(REAL_REDIS)}
    cache.clear()
    try:
        title = "Fund sent with Redis up"
        visitor = journey(live_server.url, site[0], title)
        assert_answered_in_time(visitor)
        assert_kept(site[0], title)
        assert cache.get(taxonomy.VERSION_KEY) is not None  # kept in Redis

        # One token, sent twice: the second send is refused as already sent.
        visitor = Visitor(live_server.url)
        report = f"/report/{site[1].pk}/"
        fields = {"reason": "other", "details": "twice", "homepage": ""}
        fields.update(visitor.form_tokens(report))
        assert visitor.post(report, fields, report) == 302
        assert visitor.post(report, fields, report) == 409
        assert ProblemReport.objects.filter(details="twice").count() == 1

        settings.FORM_RATE_LIMIT_PER_HOUR = 3
        fields = {"reason": "other", "details": "again", "homepage": ""}
        statuses = [
            Visitor(live_server.url).post_form(report, report, fields) for _ in range(3)
        ]
        # journey() and the token check sent three reports from this address.
        assert statuses == [429, 429, 429]
        assert not ProblemReport.objects.filter(details="again").exists()
        # The counts are in Redis itself, where every worker reads them.
        keys = redis.Redis.from_url(REAL_REDIS).keys("*ratelimit:report:*")
        assert keys
    finally:
        cache.clear()


def test_the_production_cache_settings_are_the_ones_tested():
    """The scenarios above use the very cache settings production builds."""
    production = redis_cache("redis://example:6379/0")
    assert production["OPTIONS"]["SOCKET_CONNECT_TIMEOUT"] < 1
    assert production["OPTIONS"]["SOCKET_TIMEOUT"] < 1
    assert production["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    assert django_settings.EMAIL_TIMEOUT > 0
