"""Where one search page's time goes: the whole request, the search backend, the
template, and the rest (routing, middleware, the ZIP lookup, the guides), timed with
Django's test client in one process with ``DEBUG`` off.

With ``--compare REF`` the code at REF and this checkout answer side by side from two
worker processes on the same database, alternating request by request
(``bench/side_by_side.py``), each COLD (the cached searches forgotten first, as a
publish forgets them) and WARM (the same page again).

    DATABASE_URL=sqlite:////tmp/bench-2k.sqlite3 .venv/bin/python bench/page_split.py \\
        --compare fd53096
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

# The code timed: this checkout, or (for --compare) a worktree of another commit.
ROOT = Path(os.environ.get("BENCH_CODE_ROOT") or Path(__file__).resolve().parent.parent)
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.template.backends.django import Template  # noqa: E402
from django.test import Client  # noqa: E402

from search.backends import get_backend  # noqa: E402
from search.indexing import programs_changed  # noqa: E402
from search.models import ProgramSearchEntry  # noqa: E402

PATH = "/programs/?zip=78701&need=gas-cards"
PARTS = ("whole", "backend", "template")


class Timer:
    """Time spent in the backend's ``search()`` and in template rendering during
    one request (outermost calls only)."""

    def __init__(self):
        self.spent = dict.fromkeys(PARTS[1:], 0.0)
        self.depth = dict.fromkeys(PARTS[1:], 0)
        backend = type(get_backend())
        backend.search = self.wrap("backend", backend.search)
        Template.render = self.wrap("template", Template.render)

    def wrap(self, part, function):
        def timed(*args, **kwargs):
            self.depth[part] += 1
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.depth[part] -= 1
                if not self.depth[part]:
                    self.spent[part] += (time.perf_counter() - started) * 1000

        return timed

    def request(self, client, path):
        self.spent = dict.fromkeys(PARTS[1:], 0.0)
        started = time.perf_counter()
        response = client.get(path)
        whole = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        return {"whole": whole, **self.spent, "bytes": len(response.content)}


def forget():
    """As a publish: one program written again to the search storage, a new search
    generation (code before issue 18 caches nothing, and is timed after it too)."""
    # Each script has its own copy: a worker imports the ``bench`` package of the
    # commit it times, which may not have a shared one.
    first = ProgramSearchEntry.objects.order_by("pk").values_list("pk", flat=True)[0]
    programs_changed([first])


def serve():
    """Answer ``{"path": …, "warmup": n}`` lines with cold and warm timings."""
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    timer, client = Timer(), Client()
    for line in sys.stdin:
        request = json.loads(line)
        for _ in range(request.get("warmup", 0)):
            forget()
            timer.request(client, request["path"])
        forget()
        cold = timer.request(client, request["path"])
        warm = timer.request(client, request["path"])
        sys.stdout.write(json.dumps({"cold": cold, "warm": warm}) + "\n")
        sys.stdout.flush()


def table(samples, labels):
    print(
        f"{'side':<8}{'mode':<6}{'whole':>8}{'backend':>9}{'template':>10}"
        f"{'rest':>8}{'HTML':>9}"
    )
    for label in labels:
        for mode in ("cold", "warm"):
            rows = samples[label, mode]
            medians = {p: statistics.median(row[p] for row in rows) for p in PARTS}
            rest = medians["whole"] - medians["backend"] - medians["template"]
            size = statistics.median(row["bytes"] for row in rows) / 1024
            print(
                f"{label:<8}{mode:<6}{medians['whole']:>8.1f}{medians['backend']:>9.1f}"
                f"{medians['template']:>10.1f}{rest:>8.1f}{size:>7.0f} KB"
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--path", default=PATH)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--compare", metavar="REF")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve()

    from bench.about import machine
    from bench.side_by_side import Worker, both_sides

    box = machine()
    print(
        f"{args.path} | {box['nproc']} CPUs: {box['cpu']} | load average "
        f"{box['load']}\nmedian ms of {args.repeats} requests after {args.warmup} "
        "warm-ups; rest = routing, middleware, ZIP lookup, guides\n"
    )

    def run(sides):
        samples = {(s.label, m): [] for s in sides for m in ("cold", "warm")}
        for side in sides:
            side.ask(path=args.path, warmup=args.warmup)
        for round_ in range(args.repeats):
            for side in sides if round_ % 2 else sides[::-1]:
                got = side.ask(path=args.path)
                for mode in ("cold", "warm"):
                    samples[side.label, mode].append(got[mode])
        table(samples, [side.label for side in sides])

    if args.compare:
        with both_sides(args.compare, script="page_split.py") as (commit, sides):
            print(f"before: {args.compare} ({commit}); after: this checkout\n")
            run(sides)
    else:
        side = Worker("this", ROOT, script="page_split.py")
        try:
            run([side])
        finally:
            side.close()


if __name__ == "__main__":
    main()
