"""SQLite as the embedded default under concurrent writers: gunicorn with three
workers on a file database, threads sending problem reports, My list saves and
partner submissions while others search. Bounded: at most 60 s, loopback only."""

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.http_client import Visitor, free_port

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
THREADS = 6
ROUNDS = 6  # each round: a report, a save, a submission (3 writes) and a search
DEADLINE = 60

pytestmark = [
    pytest.mark.skipif(
        not GUNICORN.exists(), reason="gunicorn is not installed beside this Python"
    ),
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="about SQLite only (it makes its own file database): runs in the "
        "SQLite pass",
    ),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sqlite-concurrency")
    database = folder / "site.sqlite3"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=f"sqlite:///{database}",
        FORM_TIME_TRAP_MIN_SECONDS="0",
        FORM_RATE_LIMIT_PER_HOUR="100000",
    )
    for command in (["migrate", "--noinput", "-v0"], ["load_initial_data"]):
        subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )
    port = free_port()
    log = (folder / "gunicorn.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            str(GUNICORN),
            "-c",
            "config/gunicorn.py",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "3",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        yield base, database
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


def submission(number):
    return {
        "organisation_name": f"Load Test Org {number}",
        "title": f"Load Test Fund {number}",
        "summary": "A program sent while others write.",
        "needs": ["cash-grants"],
        "nationwide": "on",
        "cancer_scope": "any-cancer",
        "treatment_requirement": "unknown",
        "who_applies": "self",
        "submitter_name": "Load Tester",
        "submitter_email": "load@example.org",
        "consent": "on",
        "homepage": "",
    }


def test_concurrent_writes_queue_instead_of_failing(server):
    base, database = server
    _, listing = Visitor(base).get("/programs/")
    paths = re.findall(r'href="(/programs/[a-z0-9-]+/)"', listing)
    ids = [int(i) for i in re.findall(r'action="/my-list/save/(\d+)/"', listing)]
    assert paths and ids
    results, reads, started = [], [], time.monotonic()

    def run(worker):
        visitor = Visitor(base)
        for round_ in range(ROUNDS):
            if time.monotonic() - started > DEADLINE:
                return
            number = worker * 100 + round_
            program = ids[number % len(ids)]
            results.append(
                visitor.post_form(
                    f"/report/{program}/",
                    f"/report/{program}/",
                    {"reason": "other", "details": f"load {number}", "homepage": ""},
                )
            )
            results.append(
                visitor.post_form("/programs/", f"/my-list/save/{program}/", {})
            )
            results.append(
                visitor.post_form("/submit/", "/submit/", submission(number))
            )
            reads.append(visitor.get("/programs/?q=grants&need=cash-grants")[0])

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(DEADLINE + 30)
    writes = THREADS * ROUNDS * 3
    assert len(results) == writes >= 100
    failed = [status for status in results if status not in (200, 302)]
    assert failed == [], failed
    assert reads and all(status == 200 for status in reads)
    with sqlite3.connect(database) as connection:
        reports = connection.execute(
            "SELECT COUNT(*) FROM directory_problemreport WHERE details LIKE 'load %'"
        ).fetchone()[0]
        submissions = connection.execute(
            "SELECT COUNT(*) FROM directory_submission WHERE status = 'in_review'"
        ).fetchone()[0]
    assert reports == THREADS * ROUNDS
    assert submissions == THREADS * ROUNDS
