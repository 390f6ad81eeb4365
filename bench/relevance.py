"""Measure how well word search finds what people mean, on the demo programs.

    .venv/bin/python bench/relevance.py [--database-url URL] [--json out.json]
        [--worst 10] [--kind everyday|misspelling|phrase|name|accents]
        [--language en|es]

Each query of bench/relevance_queries.json (``--language es``: the Spanish queries
of bench/relevance_queries_es.json, searched as the Spanish site searches them) is
searched exactly as the results page searches it,
``get_backend().search(SearchQuery.from_params({"q": q}))``, and its first page
(20 hits) is scored against the query's judged need categories:

- relevant: a result is relevant when the program is tagged with any of the
  query's wanted categories; R is the number of such programs in the directory
  (visible programs: live, public, not defunct).
- P@5 = relevant among the first min(5, total) results / min(5, R), so a query
  that finds fewer than 5 programs still scores 1.0 when it shows every relevant one.
- R@20 = relevant among the first 20 results / min(20, R).
- zero-result rate = share of queries whose total is 0.

Queries whose categories have no program in the directory (R = 0) count towards the
zero-result rate but are left out of the P@5 and R@20 means: nothing could score.
The worst queries are the lowest P@5, then the lowest R@20 (then the most results
shown, so wrong answers come before empty ones).

By default the demo data is loaded into a throwaway SQLite database in a temporary
directory (migrate, then load_initial_data), so the figures are always on the same
80 demo programs. ``--database-url`` uses that database as it is instead (load the
demo data into it first). DJANGO_SETTINGS_MODULE defaults to config.settings.dev.
The command measures; it does not assert, so it exits 0 whatever the scores.
"""

import argparse
import datetime
import io
import json
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = {
    "en": Path(__file__).resolve().with_name("relevance_queries.json"),
    "es": Path(__file__).resolve().with_name("relevance_queries_es.json"),
}
# "accents": Spanish typed without its accents, or with wrong ones.
KINDS = ("everyday", "misspelling", "phrase", "name", "accents")
TOP_PRECISION = 5
TOP_RECALL = 20
SHOWN_TITLES = 3

DEFINITIONS = (
    "relevant = program tagged with any wanted category; R = such programs in the "
    "directory\n"
    "P@5  = relevant in first min(5, total) / min(5, R)\n"
    "R@20 = relevant in first 20 / min(20, R)\n"
    "zero = share of queries with total 0; queries with R = 0 are left out of the "
    "P@5 and R@20 means"
)


# --- Set-up --------------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        help="Use this database as it is (demo data already loaded) instead of a "
        "throwaway SQLite database.",
    )
    parser.add_argument("--json", help="Write the figures and per-query rows here.")
    parser.add_argument(
        "--worst", type=int, default=10, help="How many worst queries to list."
    )
    parser.add_argument("--kind", choices=KINDS, help="Only the queries of this kind.")
    parser.add_argument(
        "--language",
        choices=sorted(QUERIES),
        default="en",
        help="The judged queries of this language, searched on that language's site.",
    )
    return parser.parse_args()


def set_up_django(database_url):
    """Point Django at the database before it reads its settings: settings read
    DATABASE_URL once, at set-up."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["DATABASE_URL"] = database_url

    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False  # no record of every SQL statement


def load_demo_data():
    """Build the throwaway database: the schema, then the demo site and programs
    (publishing them fills the search tables)."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_initial_data", stdout=io.StringIO())


def load_queries(kind, language="en"):
    data = json.loads(QUERIES[language].read_text(encoding="utf-8"))
    queries = data["queries"]
    if kind:
        queries = [query for query in queries if query["kind"] == kind]
    return queries


# --- What the directory holds --------------------------------------------------------


def program_needs():
    """{program id: set of need slugs} of every program a search may return: the
    judgements are by category, so this is the answer key."""
    from directory.models import ProgramPage

    needs = {}
    programs = ProgramPage.objects.visible().prefetch_related("need_categories")
    for program in programs:
        needs[program.pk] = {need.slug for need in program.need_categories.all()}
    return needs


def relevant_ids(wanted, needs):
    wanted = set(wanted)
    return {pk for pk, slugs in needs.items() if slugs & wanted}


def describe_setup(backend, needs):
    """Which backend, database, date and machine the figures belong to."""
    import django
    from django.db import connection

    import wagtail

    from bench.about import database

    vendor, version = database(connection)
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "backend": type(backend).__name__,
        "vendor": vendor,
        "database": version,
        "programs": len(needs),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
    }


# --- Searching and scoring -----------------------------------------------------------


def search(backend, text, language="en"):
    """The first page of results, as the results page (of the site in
    ``language``) asks for it."""
    from django.utils import translation

    from search.query import SearchQuery

    with translation.override(language):
        return backend.search(SearchQuery.from_params({"q": text}))


def score(query, results, needs):
    """One query's row: its total, what it showed and P@5 / R@20 (None when the
    directory holds no program it wants)."""
    relevant = relevant_ids(query["wanted"], needs)
    ids = [hit.program_id for hit in results.hits[:TOP_RECALL]]
    top = ids[: min(TOP_PRECISION, results.total)]
    row = {
        **query,
        "total": results.total,
        "relevant_in_directory": len(relevant),
        "relevant_in_top5": sum(pk in relevant for pk in top),
        "relevant_in_top20": sum(pk in relevant for pk in ids),
        "titles": [hit.title for hit in results.hits[:TOP_RECALL]],
        "degraded": results.degraded,
        "p5": None,
        "r20": None,
    }
    if relevant:
        row["p5"] = row["relevant_in_top5"] / min(TOP_PRECISION, len(relevant))
        row["r20"] = row["relevant_in_top20"] / min(TOP_RECALL, len(relevant))
    return row


def measure(backend, queries, needs, language="en"):
    rows = []
    for query in queries:
        rows.append(score(query, search(backend, query["q"], language), needs))
    return rows


def summarise(rows):
    """Counts, zero-result rate and mean P@5 / R@20 of some rows."""
    scored = [row for row in rows if row["p5"] is not None]
    zero = sum(row["total"] == 0 for row in rows)
    return {
        "queries": len(rows),
        "scored": len(scored),
        "zero_results": zero,
        "zero_rate": zero / len(rows) if rows else None,
        "p5": statistics.mean(row["p5"] for row in scored) if scored else None,
        "r20": statistics.mean(row["r20"] for row in scored) if scored else None,
    }


def by_kind(rows):
    return {
        kind: summarise([row for row in rows if row["kind"] == kind])
        for kind in KINDS
        if any(row["kind"] == kind for row in rows)
    }


def by_category(rows):
    """Mean R@20 of the queries wanting each category: which needs word search
    misses most."""
    slugs = sorted({slug for row in rows for slug in row["wanted"]})
    return {
        slug: summarise([row for row in rows if slug in row["wanted"]])
        for slug in slugs
    }


def worst(rows, count):
    scored = [row for row in rows if row["p5"] is not None]
    # Among equals, a query showing many wrong programs is worse than one showing
    # none, and missing many relevant programs is worse than missing few.
    order = sorted(
        scored,
        key=lambda row: (
            row["p5"],
            row["r20"],
            -row["total"],
            -row["relevant_in_directory"],
        ),
    )
    return order[:count]


# --- Printing ------------------------------------------------------------------------


def figure(value, percent=False):
    if value is None:
        return "-"
    return f"{value:.1%}" if percent else f"{value:.3f}"


def print_header(meta, queries):
    print(
        f"Word-search relevance | {meta['date']} | backend {meta['backend']} | "
        f"{meta['database']} ({meta['vendor']}) | {meta['programs']} visible programs"
    )
    print(
        f"Python {meta['python']} on {meta['platform']} | Django {meta['django']} | "
        f"Wagtail {meta['wagtail']}"
    )
    path = QUERIES[meta["language"]].relative_to(ROOT)
    print(f"{len(queries)} judged queries from {path} ({meta['language']} site)")
    print(DEFINITIONS + "\n")


def print_table(title, summaries):
    header = f"{title:<38}{'queries':>8}{'scored':>8}{'zero':>7}{'zero %':>9}"
    header += f"{'P@5':>8}{'R@20':>8}"
    print(header)
    print("-" * len(header))
    for name, s in summaries.items():
        print(
            f"{name:<38}{s['queries']:>8}{s['scored']:>8}{s['zero_results']:>7}"
            f"{figure(s['zero_rate'], True):>9}{figure(s['p5']):>8}"
            f"{figure(s['r20']):>8}"
        )
    print()


def print_worst(rows):
    print(
        f"Worst {len(rows)} of the scored queries (lowest P@5, then R@20, then "
        "most results):"
    )
    for row in rows:
        print(
            f"  {figure(row['p5'])} {figure(row['r20'])}  {row['q']!r} ({row['kind']})"
            f" wants {', '.join(row['wanted'])}: total {row['total']}, "
            f"{row['relevant_in_top20']}/{row['relevant_in_directory']} relevant shown"
        )
        for title in row["titles"][:SHOWN_TITLES]:
            print(f"        - {title}")
    print()


def print_unscorable(rows):
    unscorable = [row for row in rows if row["p5"] is None]
    if unscorable:
        print("No program in the directory is tagged with what these queries want:")
        for row in unscorable:
            print(
                f"  {row['q']!r} wants {', '.join(row['wanted'])}: total {row['total']}"
            )
        print()


def report(meta, queries, rows, count):
    print_header(meta, queries)
    overall = {"all": summarise(rows), **by_kind(rows)}
    print_table("kind", overall)
    categories = by_category(rows)
    print_table("wanted category", categories)
    print_worst(worst(rows, count))
    print_unscorable(rows)
    degraded = sum(row["degraded"] for row in rows)
    if degraded:
        print(f"{degraded} search(es) were answered degraded (by a fallback).")
    return {"overall": overall, "categories": categories}


# --- The command ---------------------------------------------------------------------


def run(args):
    from search.backends import get_backend

    backend = get_backend()
    needs = program_needs()
    queries = load_queries(args.kind, args.language)
    meta = {**describe_setup(backend, needs), "language": args.language}
    rows = measure(backend, queries, needs, args.language)
    figures = report(meta, queries, rows, args.worst)
    if args.json:
        data = {"meta": meta, "definitions": DEFINITIONS, **figures, "queries": rows}
        Path(args.json).write_text(json.dumps(data, indent=1), encoding="utf-8")
        print(f"Figures and per-query rows written to {args.json}")


def main():
    args = parse_args()
    if args.database_url:
        set_up_django(args.database_url)
        run(args)
        return
    with tempfile.TemporaryDirectory(prefix="brightside-relevance-") as tmp:
        set_up_django(f"sqlite:///{tmp}/relevance.sqlite3")
        print("Loading the demo data into a throwaway SQLite database...", flush=True)
        load_demo_data()
        run(args)
        from django.db import connections

        connections.close_all()  # let the directory be removed


if __name__ == "__main__":
    main()
