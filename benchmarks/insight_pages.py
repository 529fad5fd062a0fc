"""Insight page benchmark: SQL queries and server time of the observation list and the affinity board.

The same method as `benchmarks/pages.py` (a fresh database per scale, each scale in its own
process, 3 warm-up requests, one with the queries counted, N timed requests), on the focus
project of `benchmarks/generate.py` filled with insight data by `benchmarks/insight_data.py`:
200 × scale observations (20,000 at scale 100) in 8 themes and "Unsorted", with tags.

    .venv/bin/python benchmarks/insight_pages.py                       # scales 1 and 100, 30 requests
    .venv/bin/python benchmarks/insight_pages.py --database-url postgres://postgres@127.0.0.1:5432/bench_ip

Target: the same number of queries at every scale, and p95 at the largest scale at most 1.5 times
p95 at the smallest. --check makes the exit status 1 when a page misses the target.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.pages import (  # noqa: E402
    P95_TARGET,
    RESULT_PREFIX,
    PageResult,
    ScaleResult,
    _drop_postgres_database,
    _recreate_postgres_database,
    build_table,
    database_url_for_scale,
    format_datasets,
    format_markdown,
    format_plain,
    percentile,
    run_worker_process,
    scale_label,
)


def run_scale(scale: float, database_url: str, requests: int, warmup: int, keep: bool) -> ScaleResult:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mulighetsrom.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from benchmarks.generate import generate
    from benchmarks.insight_data import fill_insight
    from mulighetsrom.insight.models import Theme

    postgres = connection.vendor == "postgresql"
    if postgres:
        _recreate_postgres_database()
    call_command("migrate", verbosity=0)
    dataset = generate(scale)
    started = time.perf_counter()
    insight = fill_insight(dataset.focus, dataset.user, scale)
    seconds = dataset.seconds + time.perf_counter() - started
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    client = Client()
    client.force_login(dataset.user)
    slug = dataset.focus.slug
    theme = Theme.objects.filter(project=dataset.focus).order_by("name").first()
    assert theme is not None
    base = f"/p/{slug}/insight/"
    pages = [
        ("Observations", f"{base}observations/"),
        ("Observations, one theme", f"{base}observations/?theme={theme.code}"),
        ("Observations, search", f"{base}observations/?q=bad"),
        ("Affinity board", f"{base}board/"),
    ]
    results: list[PageResult] = []
    for name, url in pages:
        for _ in range(warmup):
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries = len(captured.captured_queries)
        gc.collect()
        samples: list[float] = []
        for _ in range(requests):
            begun = time.perf_counter()
            client.get(url)
            samples.append((time.perf_counter() - begun) * 1000)
        results.append(
            PageResult(
                name=name,
                url=url.replace(slug, "<slug>").replace(str(theme.code), "<theme>"),
                queries=queries,
                median_ms=statistics.median(samples),
                p95_ms=percentile(samples, 0.95),
            )
        )
    board_html = client.get(f"{base}board/").content.decode()
    if postgres and not keep:
        _drop_postgres_database()
    return ScaleResult(
        scale=scale,
        database=connection.vendor,
        generate_seconds=round(seconds, 2),
        counts={"observations": insight.observations, "themes": insight.themes, "activities": insight.activities},
        focus_counts={"largest theme": max(insight.per_theme.values()), "board cards": board_html.count("board-card")},
        pages=results,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="1,100", help="comma-separated scale factors (default 1,100)")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests per page first (default 3)")
    parser.add_argument("--database-url", help="PostgreSQL URL; each scale uses <name>_s<scale> (default: SQLite)")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument("--check", action="store_true", help="exit with status 1 when a page misses the target")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    scales = [float(s) for s in args.scales.split(",") if s.strip()]
    if args.worker:
        result = run_scale(scales[0], args.database_url, args.requests, args.warmup, args.keep)
        print(RESULT_PREFIX + json.dumps(result, default=lambda o: o.__dict__))
        return 0
    tmpdir = Path(tempfile.mkdtemp(prefix="mulighetsrom-bench-insight-"))
    results: list[ScaleResult] = []
    try:
        for scale in scales:
            url = database_url_for_scale(args.database_url, scale, tmpdir)
            print(f"Scale {scale_label(scale)}: building and measuring …", file=sys.stderr, flush=True)
            results.append(run_worker_process(scale, url, args, str(Path(__file__).resolve())))
    finally:
        if not args.keep:
            shutil.rmtree(tmpdir, ignore_errors=True)
    header, rows, all_ok = build_table(results)
    print(f"Insight pages: {args.requests} requests per page after {args.warmup} warm-up, {results[0].database}\n")
    print(format_plain(header, rows))
    print()
    print(f"Target: equal query counts and p95 ratio ≤ {P95_TARGET}: {'met by every page' if all_ok else 'MISSED'}")
    print("\nMarkdown:\n")
    print(format_markdown(header, rows))
    print()
    print(format_datasets(results).replace("focus project", "focus project (insight)"))
    return 1 if args.check and not all_ok else 0


if __name__ == "__main__":
    sys.exit(main())
