"""Search benchmark: the observation search over 100,000 observations on PostgreSQL.

It drops and creates the database given by --database-url, migrates it (which adds the stored
`search_tsv` column with its GIN index and the list's B-tree index, migration insight/0004), fills
one project with 100,000 observations of recombined Norwegian text (`benchmarks/insight_data.py`),
runs ANALYZE, and then for each query:

- the query code the observation list uses: `filtered_observations` with the search form, then
  `observation_page` for the first page (the COUNT, the page's 50 ids, those 50 rows with their
  relations and tags) -- a few warm-up runs, then N timed runs: median and p95;
- the whole page `/p/<slug>/insight/observations/?q=...` through the Django test client (view,
  highlighting and template), median and p95;
- EXPLAIN ANALYZE of the page's id query, to show which index PostgreSQL uses (GIN on the stored
  vector, or the B-tree walked newest first); every plan is printed.

    .venv/bin/python benchmarks/insight_search.py --database-url postgres://postgres@127.0.0.1:5432/bench_search
    .venv/bin/python benchmarks/insight_search.py --database-url ... --observations 100000 --runs 50 --check

SQLite is refused: its search is a plain icontains fallback for development, not what is measured.
Target: p95 of the search query below 100 ms for every query.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
P95_TARGET_MS = 100.0
SEARCH_INDEX = "insight_observation_search_tsv"  # GIN index on the stored tsvector (migration insight/0004)
LIST_INDEX = "insight_observation_project_created"  # B-tree on (project_id, created_at DESC, id DESC)
INDEXES = {SEARCH_INDEX: "GIN", LIST_INDEX: "B-tree"}
QUERIES = [
    "lys",
    "eget bad",
    "måltider",
    "uteområde hage",
    "pårørende besøk",
    "demens",
    '"frisk luft"',
    "kjøkken -lukt",
]


@dataclass
class QueryResult:
    query: str
    hits: int
    median_ms: float
    p95_ms: float
    page_median_ms: float
    page_p95_ms: float
    index: str


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    import math

    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def timed(function: object, runs: int, warmup: int) -> list[float]:
    assert callable(function)
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def run(database_url: str, observations: int, runs: int, warmup: int, keep: bool) -> tuple[list[QueryResult], str]:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mulighetsrom.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from benchmarks.generate import generate
    from benchmarks.insight_data import OBSERVATIONS_PER_SCALE, fill_insight
    from benchmarks.pages import _drop_postgres_database, _recreate_postgres_database
    from mulighetsrom.insight.forms import FilterForm
    from mulighetsrom.insight.views import PAGE_SIZE, filtered_observations, observation_page
    from mulighetsrom.projects.access import get_project_for_user

    if connection.vendor != "postgresql":
        raise SystemExit("The search benchmark needs PostgreSQL (--database-url postgres://...).")
    _recreate_postgres_database()
    call_command("migrate", verbosity=0)
    dataset = generate(1)
    started = time.perf_counter()
    counts = fill_insight(dataset.focus, dataset.user, observations / OBSERVATIONS_PER_SCALE)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    fill_seconds = time.perf_counter() - started
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(dataset.user)
    slug = dataset.focus.slug
    access = get_project_for_user(dataset.user, slug)

    url = f"/p/{slug}/insight/observations/"
    results: list[QueryResult] = []
    plans: list[str] = []
    for query in QUERIES:
        form = FilterForm({"q": query}, project=access.project)

        def search(form: FilterForm = form) -> tuple[int, int]:
            page = observation_page(filtered_observations(access, form), 1)
            return page.paginator.count, len(page.object_list)

        hits = search()[0]
        samples = timed(search, runs, warmup)
        page_samples = timed(lambda q=query: client.get(url, {"q": q}), runs, warmup)
        response = client.get(url, {"q": query})
        if response.status_code != 200:
            raise RuntimeError(f"{url}?q={query} answered {response.status_code}")
        page_ids = filtered_observations(access, form).select_related(None).prefetch_related(None)
        plan = page_ids.values_list("pk", flat=True)[:PAGE_SIZE].explain(analyze=True)
        plans.append(f"-- {query}\n{plan}")
        results.append(
            QueryResult(
                query=query,
                hits=hits,
                median_ms=statistics.median(samples),
                p95_ms=percentile(samples, 0.95),
                page_median_ms=statistics.median(page_samples),
                page_p95_ms=percentile(page_samples, 0.95),
                index=" + ".join(name for key, name in INDEXES.items() if key in plan) or "NOT USED",
            )
        )
    info = (
        f"{counts.observations:,} observations in one project ({fill_seconds:.0f} s to generate and ANALYZE), "
        f"PostgreSQL {connection.cursor().connection.info.server_version / 10000:.1f}"
    )
    if not keep:
        _drop_postgres_database()
    return results, info + "\n\n" + "\n\n".join(plans)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="PostgreSQL URL of a database to drop and create (required)")
    parser.add_argument("--observations", type=int, default=100_000, help="observations (default 100,000)")
    parser.add_argument("--runs", type=int, default=50, help="timed runs per query (default 50)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs per query first (default 3)")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--check", action="store_true", help="exit with status 1 when a query misses the target")
    args = parser.parse_args(argv)
    if not args.database_url or not args.database_url.startswith(("postgres://", "postgresql://")):
        print(
            "The search benchmark measures PostgreSQL's Norwegian full-text search: give it a PostgreSQL database,\n"
            "e.g. --database-url postgres://postgres@127.0.0.1:5432/mulighetsrom_bench_search (it is dropped and "
            "created). SQLite's icontains fallback is not measured.",
            file=sys.stderr,
        )
        return 2
    results, info = run(args.database_url, args.observations, args.runs, args.warmup, args.keep)
    header = ["Query", "Hits", "Median (ms)", "p95 (ms)", "Page median (ms)", "Page p95 (ms)", "Index", "Target"]
    rows = [
        [
            r.query,
            f"{r.hits:,}",
            f"{r.median_ms:.1f}",
            f"{r.p95_ms:.1f}",
            f"{r.page_median_ms:.1f}",
            f"{r.page_p95_ms:.1f}",
            r.index,
            "met" if r.p95_ms < P95_TARGET_MS else "MISSED",
        ]
        for r in results
    ]
    all_ok = all(r.p95_ms < P95_TARGET_MS for r in results)
    from benchmarks.pages import format_markdown, format_plain

    print(f"Search benchmark: {args.runs} runs per query after {args.warmup} warm-up; {info}\n")
    print(format_plain(header, rows))
    print()
    print(f"Target: p95 of the search query < {P95_TARGET_MS:.0f} ms: {'met by every query' if all_ok else 'MISSED'}")
    print("\nMarkdown:\n")
    print(format_markdown(header, rows))
    return 1 if args.check and not all_ok else 0


if __name__ == "__main__":
    sys.exit(main())
