"""The link check against loopback servers only: one answering 200, redirects,
404, 500, a HEAD-refusing page, and a socket that never answers."""

import http.server
import socket
import threading
import time

import pytest

from django.core.management import call_command

from directory.models import LinkCheck, ProblemReport
from directory.services.link_checks import check_links, check_url, programs_to_check
from tests.factories import OrganisationFactory, ProgramPageFactory


class Handler(http.server.BaseHTTPRequestHandler):
    """Answers by path; ``/flaky`` answers whatever ``server.flaky_status`` says."""

    def do_HEAD(self):
        self.server.seen.append((self.command, self.path, self.headers["User-Agent"]))
        if self.path == "/no-head" and self.command == "HEAD":
            return self.answer(405)
        if self.path in ("/ok", "/no-head"):
            return self.answer(200)
        if self.path == "/redirect":
            return self.answer(301, f"http://127.0.0.1:{self.server.server_port}/ok")
        if self.path == "/elsewhere":
            return self.answer(301, f"http://localhost:{self.server.server_port}/ok")
        if self.path == "/loop":
            return self.answer(302, "/loop")
        if self.path == "/error":
            return self.answer(500)
        if self.path == "/flaky":
            return self.answer(self.server.flaky_status)
        return self.answer(404)

    do_GET = do_HEAD

    def answer(self, status, location=None):
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.seen = []
    httpd.flaky_status = 200
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def silent_url():
    """A socket that takes connections (the kernel's backlog) and never answers."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/"
    sock.close()


@pytest.fixture(autouse=True)
def short_timeout(settings):
    settings.LINK_CHECK_TIMEOUT = 0.5
    settings.LINK_CHECK_WORKERS = 3


@pytest.fixture
def programs(directory_page, server, silent_url):
    """One program per kind of answer, by name; none has an organisation website
    except "Both broken", whose website fails as well as its application link."""
    base = f"http://127.0.0.1:{server.server_port}"
    urls = {
        "ok": f"{base}/ok",
        "redirect": f"{base}/redirect",
        "elsewhere": f"{base}/elsewhere",
        "missing": f"{base}/missing",
        "error": f"{base}/error",
        "no-head": f"{base}/no-head",
        "loop": f"{base}/loop",
        "silent": silent_url,
        "flaky": f"{base}/flaky",
    }
    made = {}
    for name, url in urls.items():
        made[name] = ProgramPageFactory(
            parent=directory_page,
            title=f"Program {name}",
            application_url=url,
            organisation=OrganisationFactory(name=f"Org {name}", website=""),
        )
    made["both"] = ProgramPageFactory(
        parent=directory_page,
        title="Both broken",
        application_url=f"{base}/missing",
        organisation=OrganisationFactory(name="Org both", website=f"{base}/error"),
    )
    made["urls"] = urls
    return made


def latest(program, link=LinkCheck.Link.APPLICATION):
    return LinkCheck.objects.filter(program=program, link=link).first()


def run():
    return check_links(programs_to_check())


def test_each_answer_is_recorded_in_bounded_time(programs, server):
    started = time.monotonic()
    summary = run()
    elapsed = time.monotonic() - started

    assert elapsed < 10
    urls = programs["urls"]
    port = server.server_port
    expected = {
        "ok": ("ok", 200, "", urls["ok"]),
        "redirect": ("ok", 200, "", urls["ok"]),
        "elsewhere": ("moved", 200, "", f"http://localhost:{port}/ok"),
        "missing": ("failed", 404, "", urls["missing"]),
        "error": ("failed", 500, "", urls["error"]),
        "no-head": ("ok", 200, "", urls["no-head"]),
        "loop": ("failed", 302, "too_many_redirects", urls["loop"]),
        "silent": ("failed", None, "timeout", urls["silent"]),
        "flaky": ("ok", 200, "", urls["flaky"]),
    }
    for name, (outcome, status, error, final_url) in expected.items():
        check = latest(programs[name])
        assert (check.outcome, check.status_code, check.error, check.final_url) == (
            outcome,
            status,
            error,
            final_url,
        ), name
        assert check.url == urls[name] and check.checked_at is not None
    website = latest(programs["both"], LinkCheck.Link.WEBSITE)
    assert (website.outcome, website.status_code) == ("failed", 500)
    # Nine programs' application links, plus "Both broken"'s two links.
    assert (summary.checked, summary.ok, summary.moved, summary.failed) == (11, 4, 1, 6)
    assert summary.reports_opened == 0 and not ProblemReport.objects.exists()

    # HEAD first, GET only where HEAD was refused; every request says who asks.
    methods = {(method, path) for method, path, _agent in server.seen}
    assert ("GET", "/no-head") in methods and ("GET", "/ok") not in methods
    agents = {agent for _method, _path, agent in server.seen}
    assert len(agents) == 1 and agents.pop().startswith("BrightsideLinkCheck/1.0 (+")
    # The same URL is asked once per run, however many programs list it.
    assert sum(1 for _m, path, _a in server.seen if path == "/missing") == 1


def test_only_a_second_failure_in_a_row_opens_a_report(programs, server, admin_client):
    run()
    server.flaky_status = 503
    run()
    reported = set(
        ProblemReport.objects.filter(reason="broken_link").values_list(
            "program__title", flat=True
        )
    )
    # "Program flaky" failed once, so far: no report yet.
    assert reported == {
        "Program missing",
        "Program error",
        "Program loop",
        "Program silent",
        "Both broken",
    }
    # Two failing links on one program make one report.
    assert ProblemReport.objects.filter(program=programs["both"]).count() == 1
    report = ProblemReport.objects.get(program=programs["missing"])
    assert report.is_open and "HTTP 404" in report.details

    server.flaky_status = 200
    summary = run()
    assert summary.reports_opened == 0 and ProblemReport.objects.count() == 5
    server.flaky_status = 503
    run()
    assert not ProblemReport.objects.filter(program=programs["flaky"]).exists()

    dashboard = admin_client.get("/admin/").content.decode()
    assert "5 open broken-link reports" in dashboard


def test_a_success_after_failures_leaves_the_report_open(programs, server):
    server.flaky_status = 500
    run()
    run()
    server.flaky_status = 200
    run()
    report = ProblemReport.objects.get(program=programs["flaky"])
    assert report.is_open
    assert latest(programs["flaky"]).outcome == "ok"


def test_a_resolved_report_is_not_reopened_by_the_same_streak(programs, server):
    run()
    run()
    ProblemReport.objects.filter(program=programs["missing"]).update(
        resolved_at="2026-01-01T00:00Z"
    )
    run()
    assert ProblemReport.objects.filter(program=programs["missing"]).count() == 1


def test_command_checks_one_program_and_prints_a_summary(programs, capsys):
    call_command("check_links", "--program", str(programs["missing"].pk))
    call_command("check_links", "--program", str(programs["missing"].pk))
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "checked 1, ok 0, moved 0, failed 1, reports opened 0",
        "checked 1, ok 0, moved 0, failed 1, reports opened 1",
    ]
    assert LinkCheck.objects.count() == 2


def test_command_limit_checks_that_many_programs(programs):
    call_command("check_links", "--limit", "2")
    assert LinkCheck.objects.values("program").distinct().count() == 2


@pytest.mark.parametrize("url", ["ftp://example.org/", "mailto:a@example.org", ""])
def test_only_http_links_are_asked(url):
    answer = check_url(url)
    assert (answer.outcome, answer.error) == ("failed", "not_http")
