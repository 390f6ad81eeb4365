"""Time the directory search backend against a naive ORM baseline.

    DATABASE_URL=sqlite:////tmp/bench-10k.sqlite3 .venv/bin/python \
        bench/search_benchmark.py [--repeats 30] [--json out.json] [--ratio-of a.json]
    ... bench/search_benchmark.py --compare main   # cold/warm, before/after, one run

Each scenario is one whole search as the directory page asks for it: hits, total and
every facet count, i.e. ``get_backend().search(SearchQuery.from_params(...))``. The
naive baseline answers the same query the obvious way: the ProgramPage ORM (live,
public, not defunct; filters through the page's many-to-many relations; words with
``icontains``) and one ``COUNT`` per facet value with that value added.

DJANGO_SETTINGS_MODULE defaults to config.settings.dev; DEBUG is switched off once
set up so that Django does not record every query while timing.
"""

import argparse
import json
import math
import os
import platform
import statistics
import sys
import time
from functools import reduce
from operator import or_
from pathlib import Path

# The code timed: this checkout, or (for --compare) a worktree of another commit.
ROOT = Path(os.environ.get("BENCH_CODE_ROOT") or Path(__file__).resolve().parent.parent)
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import translation  # noqa: E402

import wagtail  # noqa: E402

from bench.about import database, machine  # noqa: E402
from directory import geo  # noqa: E402
from directory.choices import (  # noqa: E402
    ApplicationStatus,
    CancerScope,
    HelpType,
    TreatmentRequirement,
    WhoApplies,
)
from directory.models import ProgramPage  # noqa: E402
from directory.models.program_queries import CLOSED  # noqa: E402
from directory.taxonomy import taxonomy  # noqa: E402
from search.backends import get_backend  # noqa: E402
from search.indexing import programs_changed  # noqa: E402
from search.models import ProgramSearchEntry  # noqa: E402
from search.query import BOOLEAN_FILTERS, SearchQuery  # noqa: E402

SCENARIOS = [
    ("browse", ""),
    ("state", "state=tx"),
    ("zip+need", "zip=10001&need=groceries-and-meals"),
    ("text+state+need", "q=help+rent&state=ca&need=rent-and-mortgage"),
    ("two-needs", "need=gas-cards&need=rides-to-treatment"),
    ("rare-term", "q=zephyr"),
    # Everyday words naming a need; a misspelt word; two words rarely together
    # (every word finds too few, so any word is searched).
    ("everyday-words", "q=help+paying+my+electric+bill&state=ny"),
    ("misspelt-word", "q=gas+crad"),
    ("any-word", "q=zephyr+rent"),
]
# --language es: searches with words as the Spanish site reads them (Spanish stop
# words, the needs' Spanish phrases, the Spanish full-text table).
SCENARIOS_ES = [
    ("es-everyday-words", "q=ayuda+para+pagar+la+luz&state=ny"),
    ("es-text+state+need", "q=ayuda+renta&state=ca&need=rent-and-mortgage"),
    ("es-one-word", "q=pelucas"),
    ("es-accents-left-out", "q=transporte+a+quimioterapia"),
    ("es-rare-term", "q=zephyr"),
]
HAS_TEXT = {name for name, params in SCENARIOS + SCENARIOS_ES if "q=" in params}


BACKEND = {"name": None}  # None: the configured backend; else a name or dotted path


def ours(query):
    """One search as the page runs it: the words read (as ``from_params`` does, so
    corrections and needs named are timed too), then searched."""
    if query.text:
        query = query.replace(text=query.text)
    return get_backend(BACKEND["name"]).search(query)


def make_cold():
    """Make the next search cold as a curator's publish does: one program written
    again to the search storage, which starts a new search generation (every cache
    and the facet bitmaps catch up). Code without a count cache (before issue 18)
    is timed after the same write."""
    # Each script has its own copy: a worker imports the ``bench`` package of the
    # commit it times, which may not have a shared one.
    first = ProgramSearchEntry.objects.order_by("pk").values_list("pk", flat=True)[0]
    programs_changed([first])


def serve(scenarios):
    """Answer timing requests from ``bench.side_by_side``, one JSON line each."""
    queries = {
        name: SearchQuery.from_params(QueryDict(params)) for name, params in scenarios
    }
    for line in sys.stdin:
        request = json.loads(line)
        query = queries[request["scenario"]]
        if request["op"] == "warmup":
            for _ in range(request["n"]):
                make_cold()
                result = ours(query)
            answer = {
                "total": result.total,
                "hits": [hit.program_id for hit in result.hits],
                "facets": sorted(
                    [f"{name}:{value}", count]
                    for (name, value), count in facet_counts(result).items()
                ),
            }
        else:
            make_cold()
            answer = {}
            for mode in ("cold", "warm"):
                started = time.perf_counter()
                ours(query)
                answer[mode] = (time.perf_counter() - started) * 1000
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


def facet_counts(result):
    """{(facet, value): count} of a SearchResults, keyed like Naive.search's."""
    counts = {}
    for name in ("need", "state", "help"):
        for value in result.facets[name].values:
            counts[name, value.value] = value.count
    for name in BOOLEAN_FILTERS:
        counts[name, "1"] = result.facets[name].values[0].count
    return counts


# --- The naive baseline -------------------------------------------------------------


class Naive:
    """Hits and one COUNT per facet value, over the page tables. Counts are
    ``values("pk").distinct().count()`` when a many-to-many join may repeat rows
    (a bare ``distinct().count()`` would compare every column and be slower still).
    """

    def __init__(self):
        tax = taxonomy()
        self.tax = tax
        self.state_ids = {code: pk for code, _, pk in tax.states}
        # Programs that give help at places: the counties and states near them.
        self.reach = {}
        for program in ProgramPage.objects.filter(service_places__isnull=False):
            near = set()
            for place in program.service_places.all():
                near |= geo.counties_near(place.slug)
            counties = {slug: tax.county_state.get(slug) for slug in near}
            self.reach[program.pk] = (set(counties), set(counties.values()))

    def far_from(self, places):
        """Ids of place-bound programs near none of ``places`` (the place rule)."""
        far = []
        for pk, (counties, states) in self.reach.items():
            if not any(
                (county in counties) if county else (state in states)
                for state, county in places
            ):
                far.append(pk)
        return far

    def filtered(self, base, query):
        qs = base
        if query.state:
            state_id = self.state_ids[query.state]
            if query.county:
                county_id = self.tax.county_id(query.state, query.county)
                place = (
                    Q(nationwide=True)
                    | Q(regions=state_id)
                    | Q(regions=county_id)
                    | Q(partial_states=state_id)
                )
            else:
                place = (
                    Q(nationwide=True)
                    | Q(regions=state_id)
                    | Q(regions__parent=state_id)
                    | Q(partial_states=state_id)
                )
            qs = qs.filter(place)
        places = [(query.state, query.county)] if query.state else []
        if query.treated_state:
            places.append((query.treated_state, query.treated_county))
        if places:
            qs = qs.exclude(pk__in=self.far_from(places))
        if query.needs:
            qs = qs.filter(need_categories__slug__in=query.needs)
        if query.help:
            qs = qs.filter(
                reduce(or_, [Q(help_types__icontains=f'"{v}"') for v in query.help])
            )
        if query.for_mbc:
            qs = qs.filter(cancer_scope=CancerScope.METASTATIC_BREAST)
        if query.maintenance_ok:
            qs = qs.exclude(
                treatment_requirement=TreatmentRequirement.EXCLUDES_MAINTENANCE
            )
        if query.maintenance_confirmed:
            qs = qs.filter(
                treatment_requirement__in=TreatmentRequirement.open_to_maintenance()
            )
        if query.open_now:
            qs = qs.filter(application_status=ApplicationStatus.OPEN).exclude(CLOSED)
        if query.self_apply:
            qs = qs.filter(who_applies=WhoApplies.SELF)
        for term in query.terms:
            qs = qs.filter(
                Q(title__icontains=term)
                | Q(summary__icontains=term)
                | Q(description__icontains=term)
                | Q(organisation__name__icontains=term)
            )
        return qs.distinct() if query.state or query.needs else qs

    @staticmethod
    def count(qs):
        return qs.values("pk").distinct().count() if qs.query.distinct else qs.count()

    def search(self, query):
        base = ProgramPage.objects.visible()
        current = self.filtered(base, query)
        hits = list(
            current.select_related("organisation")
            .prefetch_related("need_categories__parent", "regions__parent")
            .open_first()[:20]
        )
        total = self.count(current)
        counts = {}
        without = query.without("need")
        for need in self.tax.needs:
            q = without.replace(needs=(need.slug,))
            counts["need", need.slug] = self.count(self.filtered(base, q))
        without = query.without("state")
        for code, _, _ in self.tax.states:
            q = without.replace(state=code)
            counts["state", code] = self.count(self.filtered(base, q))
        without = query.without("help")
        for value in HelpType.values:
            q = without.replace(help=(value,))
            counts["help", value] = self.count(self.filtered(base, q))
        for name in BOOLEAN_FILTERS:
            q = query.replace(**{name: True})
            counts[name, "1"] = self.count(self.filtered(base, q))
        return hits, total, counts


# --- Measuring -----------------------------------------------------------------------


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def timed(function, query, repeats):
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        function(query)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def query_count(function, query):
    with CaptureQueriesContext(connection) as captured:
        function(query)
    return len(captured.captured_queries)


def explain(sql):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return [" | ".join(str(c) for c in row) for row in cursor.fetchall()]


class Recorder:
    """Records (sql, params) of every statement run (a database wrapper)."""

    def __init__(self):
        self.statements = []

    def __call__(self, execute, sql, params, many, context):
        self.statements.append((sql, params))
        return execute(sql, params, many, context)


def run_statement(sql, params):
    """Milliseconds to execute one statement and fetch every row."""
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(sql, params)
        cursor.fetchall()
        return (time.perf_counter() - started) * 1000


def profile(name, query, repeats=5):
    """Each SQL statement of one search, re-run on its own and fetched to the last
    row (SQLite computes much of a result while it is fetched), with its median
    time; then the plan of the slowest."""
    recorder = Recorder()
    with connection.execute_wrapper(recorder):
        ours(query)
    with CaptureQueriesContext(connection) as captured:
        ours(query)
    started = time.perf_counter()
    ours(query)
    whole = (time.perf_counter() - started) * 1000
    rows = []
    for index, (sql, params) in enumerate(recorder.statements):
        ms = statistics.median(run_statement(sql, params) for _ in range(repeats))
        rows.append((ms, index, captured.captured_queries[index]["sql"]))
    print(
        f"\n--- profile: {name}: {len(rows)} statements, "
        f"{sum(ms for ms, _, _ in rows):.1f} ms of SQL in a {whole:.1f} ms search ---"
    )
    for ms, index, sql in rows:
        print(f"[{index}] {ms:7.1f} ms  {sql[:300]}{'…' if len(sql) > 300 else ''}")
    ms, index, sql = max(rows)
    print(f"plan of [{index}] ({ms:.1f} ms):")
    for line in explain(sql):
        print("   ", line)
    print(f"SQL of [{index}]:\n{sql}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--naive-repeats", type=int, default=3)
    parser.add_argument("--no-naive", action="store_true")
    parser.add_argument(
        "--backend",
        help="A backend name or dotted path (default: DIRECTORY_SEARCH_BACKEND).",
    )
    parser.add_argument("--json", help="Write the results to this file.")
    parser.add_argument(
        "--ratio-of", help="A JSON file from another run: print time ratios to it."
    )
    parser.add_argument(
        "--compare",
        metavar="REF",
        help="Time the code at this git ref and this checkout side by side, cold "
        "and warm, alternating on the same database (no naive baseline).",
    )
    parser.add_argument(
        "--language",
        choices=["en", "es"],
        default="en",
        help="es: the Spanish site's word searches (SCENARIOS_ES) instead of the "
        "mix (not with --compare).",
    )
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--profile",
        nargs="*",
        metavar="SCENARIO",
        help="Print each statement's time and the slowest plan for these scenarios "
        "(all when none is named).",
    )
    args = parser.parse_args()
    if args.language != "en" and args.compare:
        parser.error("--language is not supported with --compare")
    translation.activate(args.language)  # the site's language for every search
    scenarios = SCENARIOS_ES if args.language == "es" else SCENARIOS
    settings.DEBUG = False
    BACKEND["name"] = args.backend
    if args.serve:
        return serve(SCENARIOS)
    backend = get_backend(args.backend)

    vendor, version = database(connection)
    programs = ProgramPage.objects.count()
    visible = backend.count(SearchQuery())
    box = machine()
    meta = {
        "database": version,
        "vendor": vendor,
        "programs": programs,
        "visible": visible,
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "backend": type(backend).__name__,
        **box,
    }
    print(
        f"{version} | {programs} programs ({visible} visible) | Python "
        f"{meta['python']} | Django {meta['django']} | Wagtail {meta['wagtail']}"
    )
    print(
        f"{box['nproc']} CPUs: {box['cpu']} | load average {box['load']} | "
        f"backend {meta['backend']}"
    )
    naive_repeats = 0 if args.no_naive or args.compare else args.naive_repeats
    print(
        f"repeats: {args.repeats} (warm-up {args.warmup}); naive repeats: "
        f"{naive_repeats}\n"
    )

    if args.compare:
        from bench.side_by_side import compare

        table = compare(
            args.compare, SCENARIOS, args.repeats, args.warmup, args.backend
        )
        if args.json:
            Path(args.json).write_text(json.dumps({"meta": meta, **table}, indent=1))
            print(f"\nResults written to {args.json}")
        if args.profile is not None:
            run_profiles(args.profile)
        return

    naive = Naive()
    results = {}
    header = (
        f"{'scenario':<22}{'total':>7}{'SQL':>5}{'median':>9}{'p95':>8}{'max':>8}"
        f"{'naive SQL':>11}{'naive med':>11}{'naive/ours':>12}  totals"
    )
    print(header)
    print("-" * len(header))
    for name, params in scenarios:
        query = SearchQuery.from_params(QueryDict(params))
        result = ours(query)  # also the first of the warm-ups
        for _ in range(args.warmup - 1):
            ours(query)
        samples = timed(ours, query, args.repeats)
        row = {
            "params": params,
            "total": result.total,
            "queries": query_count(ours, query),
            "median": statistics.median(samples),
            "p95": percentile(samples, 0.95),
            "max": max(samples),
            "samples": [round(s, 3) for s in samples],
        }
        line = (
            f"{name:<22}{row['total']:>7}{row['queries']:>5}{row['median']:>9.1f}"
            f"{row['p95']:>8.1f}{row['max']:>8.1f}"
        )
        if not args.no_naive:
            _, naive_total, naive_counts = naive.search(query)  # warm-up
            naive_samples = timed(naive.search, query, args.naive_repeats)
            row.update(
                naive_total=naive_total,
                naive_queries=query_count(naive.search, query),
                naive_median=statistics.median(naive_samples),
                naive_samples=[round(s, 1) for s in naive_samples],
            )
            row["ratio"] = row["naive_median"] / row["median"]
            mine = facet_counts(result)
            differ = sum(mine.get(key) != count for key, count in naive_counts.items())
            agree = "same" if naive_total == result.total else f"naive {naive_total}"
            agree += f", {len(naive_counts) - differ}/{len(naive_counts)} facets same"
            if name in HAS_TEXT and differ:
                agree += " (substring vs stemmed words)"
            line += (
                f"{row['naive_queries']:>11}{row['naive_median']:>11.1f}"
                f"{row['ratio']:>11.1f}x  {agree}"
            )
        print(line, flush=True)
        results[name] = row

    medians = [row["median"] for row in results.values()]
    print("-" * len(header))
    summary = f"mean of medians: {statistics.mean(medians):.1f} ms"
    summary += f" | worst p95: {max(r['p95'] for r in results.values()):.1f} ms"
    if not args.no_naive:
        naive_mean = statistics.mean(r["naive_median"] for r in results.values())
        summary += (
            f" | naive mean of medians: {naive_mean:.1f} ms | smallest naive/ours: "
            f"{min(r['ratio'] for r in results.values()):.1f}x"
        )
    print(summary)

    if args.ratio_of:
        other = json.loads(Path(args.ratio_of).read_text())
        print(
            f"\nCompared with {args.ratio_of} ({other['meta']['programs']} programs, "
            f"{other['meta']['database']}): this / that"
        )
        for name, row in results.items():
            if name in other["scenarios"]:
                that = other["scenarios"][name]
                print(
                    f"  {name:<22} median {row['median'] / that['median']:6.1f}x"
                    f"   p95 {row['p95'] / that['p95']:6.1f}x"
                )

    if args.json:
        Path(args.json).write_text(
            json.dumps({"meta": meta, "scenarios": results}, indent=1)
        )
        print(f"\nResults written to {args.json}")

    if args.profile is not None:
        run_profiles(args.profile)


def run_profiles(names):
    names = names or [name for name, _ in SCENARIOS]
    # Each statement of the uncached search: the count cache would answer the
    # second run of a search without words from memory.
    settings.SEARCH_CACHE_SIZE = 0
    for name, params in SCENARIOS:
        if name in names:
            profile(name, SearchQuery.from_params(QueryDict(params)))


if __name__ == "__main__":
    main()
