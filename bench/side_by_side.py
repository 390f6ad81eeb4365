"""Time the same searches with the code at another git ref and with this checkout, in
one run on one database, alternating (``search_benchmark.py --compare REF``).

Each side is a worker process (``search_benchmark.py --serve``) with its own code on
``sys.path`` (``BENCH_CODE_ROOT``) and its own connection. The parent asks one side
then the other (the order swaps every round) for one COLD sample (the cache emptied
as a publish empties it, then one search) and one WARM sample (the same search
again), so a noisy neighbour slows both sides alike. Workers answer one JSON line
per request on stdout.
"""

import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


class Worker:
    """One side: a ``--serve`` process running the code under ``root``."""

    def __init__(self, label, root, backend=None, script="search_benchmark.py"):
        self.label = label
        command = [sys.executable, str(HERE / script), "--serve"]
        if backend:
            command += ["--backend", backend]
        env = {**os.environ, "BENCH_CODE_ROOT": str(root)}
        self.process = subprocess.Popen(  # noqa: S603
            command,
            cwd=root,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ask(self, **request):
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the {self.label} worker stopped")
        return json.loads(line)

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def summary(samples):
    return statistics.median(samples), percentile(samples, 0.95)


@contextmanager
def checkout(ref):
    """(short commit, path) of ``ref`` checked out in a temporary git worktree,
    removed afterwards."""
    commit = subprocess.run(  # noqa: S603
        ["git", "-C", str(ROOT), "rev-parse", "--short", ref],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="bench-ref-") as scratch:
        tree = Path(scratch) / "tree"
        subprocess.run(  # noqa: S603
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q"]
            + [str(tree), commit],
            check=True,
        )
        try:
            yield commit, tree
        finally:
            subprocess.run(  # noqa: S603
                ["git", "-C", str(ROOT), "worktree", "remove", "--force"] + [str(tree)],
                check=True,
            )


@contextmanager
def both_sides(ref, backend=None, script="search_benchmark.py"):
    """(commit, [before worker, after worker]): ``script --serve`` running the
    code at ``ref`` and this checkout's."""
    with checkout(ref) as (commit, tree):
        sides = [
            Worker("before", tree, backend, script),
            Worker("after", ROOT, backend, script),
        ]
        try:
            yield commit, sides
        finally:
            for side in sides:
                side.close()


def compare(ref, scenarios, repeats, warmup, backend=None):
    """Time every scenario on both sides; print and return the side-by-side table."""
    with both_sides(ref, backend) as (commit, sides):
        return _run(sides, ref, commit, scenarios, repeats, warmup)


def _run(sides, ref, commit, scenarios, repeats, warmup):
    before, after = sides
    print(f"before: {ref} ({commit}); after: this checkout. Cold = the first search")
    print("after a publish (cache emptied); warm = the same search again. Medians")
    print(f"and p95 in ms of {repeats} alternating rounds after {warmup} warm-ups.\n")
    header = (
        f"{'scenario':<18}{'cold before':>12}{'after':>8}{'ratio':>8}"
        f"{'warm before':>13}{'after':>8}{'ratio':>8}"
        f"{'p95 cold b/a':>15}{'p95 warm b/a':>15}  totals"
    )
    print(header)
    print("-" * len(header))
    rows = {}
    for name, _ in scenarios:
        answers = [side.ask(op="warmup", scenario=name, n=warmup) for side in sides]
        same = "same" if answers[0] == answers[1] else "DIFFER"
        samples = {(s.label, mode): [] for s in sides for mode in ("cold", "warm")}
        for round_ in range(repeats):
            for side in sides if round_ % 2 else sides[::-1]:
                got = side.ask(op="time", scenario=name)
                samples[side.label, "cold"].append(got["cold"])
                samples[side.label, "warm"].append(got["warm"])
        row = {"totals": same}
        for label in ("before", "after"):
            for mode in ("cold", "warm"):
                median, p95 = summary(samples[label, mode])
                row[f"{mode}_{label}"] = median
                row[f"{mode}_{label}_p95"] = p95
        rows[name] = row
        print(
            f"{name:<18}{row['cold_before']:>12.1f}{row['cold_after']:>8.1f}"
            f"{row['cold_before'] / row['cold_after']:>7.1f}x"
            f"{row['warm_before']:>13.1f}{row['warm_after']:>8.1f}"
            f"{row['warm_before'] / row['warm_after']:>7.1f}x"
            f"{row['cold_before_p95']:>8.1f}/{row['cold_after_p95']:<6.1f}"
            f"{row['warm_before_p95']:>8.1f}/{row['warm_after_p95']:<6.1f}  {same}",
            flush=True,
        )
    print("-" * len(header))
    for mode in ("cold", "warm"):
        mean_before = statistics.mean(r[f"{mode}_before"] for r in rows.values())
        mean_after = statistics.mean(r[f"{mode}_after"] for r in rows.values())
        print(
            f"{mode} mean of medians: before {mean_before:.1f} ms, after "
            f"{mean_after:.1f} ms ({mean_before / mean_after:.1f}x); worst p95 "
            f"before {max(r[f'{mode}_before_p95'] for r in rows.values()):.1f}, after "
            f"{max(r[f'{mode}_after_p95'] for r in rows.values()):.1f}"
        )
    return {"ref": ref, "commit": commit, "scenarios": rows}
