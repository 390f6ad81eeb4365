"""Serve the site with gunicorn (production settings) and load it with searches.

    DATABASE_URL=sqlite:////tmp/bench-10k.sqlite3 .venv/bin/python bench/http_load.py \
        [--duration 20] [--connections 4] [--workers 2]

Starts ``gunicorn config.wsgi`` with sync workers on a free port of 127.0.0.1
(DJANGO_SETTINGS_MODULE=config.settings.production, a random DJANGO_SECRET_KEY,
DJANGO_ALLOWED_HOSTS=127.0.0.1, DJANGO_SECURE_SSL_REDIRECT=false, DATABASE_URL passed
through), runs ``collectstatic`` first (the manifest storage needs it; files go to
STATIC_ROOT, the git-ignored static_collected/), warms every URL up, then requests
the benchmark's search mix from a few client threads for a fixed time and prints
requests per second and latencies. gunicorn is stopped at the end, whatever happens.
"""

import argparse
import http.client
import math
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

# The search mix of bench/search_benchmark.py, as the directory page's URLs.
URLS = [
    "/programs/",
    "/programs/?state=tx",
    "/programs/?zip=10001&need=groceries-and-meals",
    "/programs/?q=help+rent&state=ca&need=rent-and-mortgage",
    "/programs/?need=gas-cards&need=rides-to-treatment",
    "/programs/?q=zephyr",
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env():
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        PYTHONUNBUFFERED="1",
    )
    return env


def collectstatic(env):
    subprocess.run(  # noqa: S603 - fixed arguments
        [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def start_gunicorn(env, port, workers, log):
    return subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop_gunicorn(process):
    """SIGTERM the master (it stops its workers), then SIGKILL its group if need be."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def get(connection, url):
    connection.request("GET", url)
    response = connection.getresponse()
    response.read()
    return response.status


def wait_until_ready(port, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited during start-up; see its log above.")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            status = get(connection, URLS[0])
            connection.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within a minute.")


class Client(threading.Thread):
    """One connection requesting the URLs in turn until the deadline."""

    def __init__(self, port, offset, deadline, timeout):
        super().__init__(daemon=True)
        self.port, self.offset, self.deadline = port, offset, deadline
        self.timeout = timeout
        self.samples = []  # (url, ms, status or error name)

    def run(self):
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=self.timeout
        )
        index = self.offset
        while time.monotonic() < self.deadline:
            url = URLS[index % len(URLS)]
            index += 1
            started = time.perf_counter()
            try:
                status = get(connection, url)
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
                connection.close()
                connection = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=self.timeout
                )
            self.samples.append((url, (time.perf_counter() - started) * 1000, status))
        connection.close()


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--skip-collectstatic", action="store_true")
    args = parser.parse_args()

    env = server_env()
    database = env.get("DATABASE_URL", "(default: db.sqlite3)")
    if not args.skip_collectstatic:
        collectstatic(env)
    port = free_port()
    with tempfile.NamedTemporaryFile(
        "w", prefix="bench-gunicorn-", suffix=".log", delete=False
    ) as log:
        log_path = Path(log.name)
        process = start_gunicorn(env, port, args.workers, log)
    try:
        wait_until_ready(port, process)
        # Warm up: every URL a few times, so each worker has loaded everything.
        warm = http.client.HTTPConnection("127.0.0.1", port, timeout=args.timeout)
        for _ in range(2 * args.workers):
            for url in URLS:
                status = get(warm, url)
                if status != 200:
                    raise SystemExit(f"{url} answered {status} during warm-up.")
        warm.close()

        started = time.monotonic()
        deadline = started + args.duration
        clients = [
            Client(port, offset, deadline, args.timeout)
            for offset in range(args.connections)
        ]
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        elapsed = time.monotonic() - started
    finally:
        stop_gunicorn(process)
    if process.returncode not in (0, -signal.SIGTERM):
        print(f"gunicorn exited with {process.returncode}; log: {log_path}")
    log_text = log_path.read_text().strip()

    samples = [sample for client in clients for sample in client.samples]
    latencies = [ms for _, ms, _ in samples]
    errors = [status for _, _, status in samples if status != 200]
    print(
        f"gunicorn: {args.workers} sync workers, config.settings.production | "
        f"{args.connections} connections for {elapsed:.1f} s | "
        f"DATABASE_URL={database}"
    )
    print(
        f"requests: {len(samples)} | {len(samples) / elapsed:.1f} req/s | "
        f"p50 {statistics.median(latencies):.0f} ms | "
        f"p90 {percentile(latencies, 0.90):.0f} ms | "
        f"p99 {percentile(latencies, 0.99):.0f} ms | max {max(latencies):.0f} ms | "
        f"errors {len(errors)} | over 1 s: {sum(ms > 1000 for ms in latencies)}"
    )
    if errors:
        print("  error kinds:", sorted({str(status) for status in errors}))
    for url in URLS:
        per_url = [ms for u, ms, _ in samples if u == url]
        if per_url:
            print(
                f"  {url:<58} n={len(per_url):<5} p50 {statistics.median(per_url):6.0f}"
                f" ms  p99 {percentile(per_url, 0.99):6.0f} ms"
            )
    if log_text:
        print(f"gunicorn log ({log_path}):\n{log_text[-2000:]}")


if __name__ == "__main__":
    main()
