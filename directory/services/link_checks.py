"""Checking every visible listing's application link and organisation website, so
curators hear about a dead link before a patient does.

Each distinct URL is asked once per run (many programs share an organisation's
website), a few at a time, with a short timeout and a user agent that says who is
asking. A second failure in a row of the same link opens one "broken link" problem
report; a redirect to another site is recorded as ``moved`` for a curator to look
at, not as a failure."""

import http.client
import socket
import ssl
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from directory.models import LinkCheck, ProblemReport, ProgramPage

MAX_REDIRECTS = 5
# HEAD answers that mean "ask me with GET instead".
HEAD_REFUSED = {405, 501}
REDIRECTS = {301, 302, 303, 307, 308}


def user_agent():
    return (
        f"BrightsideLinkCheck/1.0 (+{settings.WAGTAILADMIN_BASE_URL}; "
        "directory of help for metastatic breast cancer)"
    )


@dataclass
class Answer:
    """What asking one URL gave: an outcome and what it was based on."""

    outcome: str
    status_code: int | None = None
    error: str = ""
    final_url: str = ""


@dataclass
class Summary:
    checked: int = 0
    ok: int = 0
    moved: int = 0
    failed: int = 0
    reports_opened: int = 0
    reported_programs: list = field(default_factory=list)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Hand every 3xx back to us: urllib would turn a redirected HEAD into a GET and
    follow up to ten hops to any scheme it knows."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def is_checkable(url):
    return urlsplit(url).scheme in ("http", "https") and bool(urlsplit(url).hostname)


def site_of(url):
    """The host a patient would think of as the site: lower case, no leading www."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _ask(url, method, timeout):
    """One request without following redirects: (status, Location header)."""
    # Only http(s) URLs get here: check_url refuses the rest, redirects included.
    request = urllib.request.Request(  # noqa: S310
        url, method=method, headers={"User-Agent": user_agent(), "Accept": "*/*"}
    )
    try:
        with _opener.open(request, timeout=timeout) as response:
            return response.status, None
    except urllib.error.HTTPError as error:
        try:
            return error.code, error.headers.get("Location")
        finally:
            error.close()


def _error_kind(error):
    """A short word for why no answer came (URLError wraps the socket's error)."""
    reason = getattr(error, "reason", error)
    if isinstance(error, http.client.HTTPException):
        return "bad_answer"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "timeout"
    if isinstance(reason, ssl.SSLError):
        return "tls"
    if isinstance(reason, socket.gaierror):
        return "dns"
    return "connection"


def check_url(url, timeout=None):
    """Ask ``url`` (HEAD, then GET if HEAD is refused), following up to five
    redirects, and say whether it works, moved to another site, or failed."""
    timeout = settings.LINK_CHECK_TIMEOUT if timeout is None else timeout
    if not is_checkable(url):
        return Answer(LinkCheck.Outcome.FAILED, error="not_http")
    current = url
    status = None
    for _hop in range(MAX_REDIRECTS + 1):
        try:
            status, location = _ask(current, "HEAD", timeout)
            if status in HEAD_REFUSED:
                status, location = _ask(current, "GET", timeout)
        except (OSError, http.client.HTTPException, ValueError) as error:
            return Answer(LinkCheck.Outcome.FAILED, None, _error_kind(error), current)
        if status in REDIRECTS and location:
            current = urljoin(current, location)
            if not is_checkable(current):
                return Answer(LinkCheck.Outcome.FAILED, status, "not_http", current)
            continue
        if 200 <= status < 400:
            moved = site_of(current) != site_of(url)
            outcome = LinkCheck.Outcome.MOVED if moved else LinkCheck.Outcome.OK
            return Answer(outcome, status, "", current)
        return Answer(LinkCheck.Outcome.FAILED, status, "", current)
    return Answer(LinkCheck.Outcome.FAILED, status, "too_many_redirects", current)


def links_of(program):
    """The program's own links worth checking: (which link, url)."""
    links = []
    if program.application_url:
        links.append((LinkCheck.Link.APPLICATION, program.application_url))
    website = program.organisation.website if program.organisation else ""
    if website:
        links.append((LinkCheck.Link.WEBSITE, website))
    return [(link, url) for link, url in links if is_checkable(url)]


def _failed_twice_in_a_row(check):
    """Whether ``check`` is exactly the second failure in a row of its link: a third
    or later failure has already had its chance to open a report."""
    earlier = list(
        LinkCheck.objects.filter(program_id=check.program_id, link=check.link)
        .exclude(pk=check.pk)
        .order_by("-checked_at", "-pk")
        .values_list("outcome", flat=True)[:2]
    )
    failed = LinkCheck.Outcome.FAILED
    return (
        check.outcome == failed
        and earlier[:1] == [failed]
        and (len(earlier) == 1 or earlier[1] != failed)
    )


def _describe(check):
    answer = check.error or f"HTTP {check.status_code}"
    return (
        f"The link check could not open the {check.get_link_display().lower()} "
        f"{check.url} twice in a row (last: {answer}, "
        f"{check.checked_at:%Y-%m-%d %H:%M} UTC)."
    )


def _open_report_if_due(check):
    """Open one broken-link report on the second failure in a row, unless the
    program already has an open one (curators close reports, never this check)."""
    if not _failed_twice_in_a_row(check):
        return False
    already_open = ProblemReport.objects.filter(
        program_id=check.program_id,
        reason=ProblemReport.Reason.BROKEN_LINK,
        resolved_at__isnull=True,
    ).exists()
    if already_open:
        return False
    ProblemReport.objects.create(
        program_id=check.program_id,
        reason=ProblemReport.Reason.BROKEN_LINK,
        details=_describe(check),
    )
    return True


def programs_to_check(program_id=None, limit=None):
    programs = (
        ProgramPage.objects.visible().select_related("organisation").order_by("pk")
    )
    if program_id is not None:
        programs = programs.filter(pk=program_id)
    return programs[:limit] if limit else programs


def check_links(programs, timeout=None, workers=None):
    """Check ``programs``' links and record each result; return a ``Summary``.

    The network work runs in a small thread pool; the database writes stay on this
    thread, so SQLite sees one writer."""
    workers = workers or settings.LINK_CHECK_WORKERS
    wanted = [
        (program, link, url) for program in programs for link, url in links_of(program)
    ]
    urls = sorted({url for _program, _link, url in wanted})
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        answers = dict(
            zip(urls, pool.map(lambda u: check_url(u, timeout), urls), strict=True)
        )
    summary = Summary()
    checked_at = timezone.now()
    for program, link, url in wanted:
        answer = answers[url]
        with transaction.atomic():
            check = LinkCheck.objects.create(
                program=program,
                link=link,
                url=url,
                checked_at=checked_at,
                status_code=answer.status_code,
                error=answer.error,
                outcome=answer.outcome,
                final_url=answer.final_url,
            )
            opened = _open_report_if_due(check)
        summary.checked += 1
        setattr(summary, answer.outcome, getattr(summary, answer.outcome) + 1)
        if opened:
            summary.reports_opened += 1
            summary.reported_programs.append(program.pk)
    return summary
