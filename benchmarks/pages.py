"""Page benchmark: SQL queries and server time of the main pages at several data scales.

For each scale it builds a fresh database (a SQLite file in a temporary directory, or with
--database-url a PostgreSQL database per scale), migrates it, fills it with
`benchmarks/generate.py`, logs in as the organization's admin (owner of the focus project) with
the Django test client and requests every page: a few warm-up requests, one with the SQL queries
counted, then N timed requests. Each scale runs in its own Python process so that settings and
connections start clean.

    .venv/bin/python benchmarks/pages.py                       # scales 1 and 100, 30 requests
    .venv/bin/python benchmarks/pages.py --scales 1,10,100 --requests 50
    .venv/bin/python benchmarks/pages.py --database-url postgres://postgres@127.0.0.1:5432/bench

Target: the same number of queries at every scale, and p95 at the largest scale at most 1.5 times
p95 at the smallest. --check makes the exit status 1 when a page misses the target.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULT_PREFIX = "BENCH-RESULT "
P95_TARGET = 1.5


@dataclass
class PageResult:
    name: str
    url: str
    queries: int
    median_ms: float
    p95_ms: float


@dataclass
class ScaleResult:
    scale: float
    database: str
    generate_seconds: float
    counts: dict[str, int]
    focus_counts: dict[str, int]
    pages: list[PageResult]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ScaleResult:
        pages = [PageResult(**page) for page in data.pop("pages")]
        return cls(pages=pages, **data)


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def scale_label(scale: float) -> str:
    return f"{scale:g}"


def database_url_for_scale(base_url: str | None, scale: float, tmpdir: Path) -> str:
    if base_url is None:
        return f"sqlite:///{tmpdir / f'scale-{scale_label(scale)}.sqlite3'}"
    parts = urlsplit(base_url)
    name = parts.path.lstrip("/") or "mulighetsrom_bench"
    suffix = scale_label(scale).replace(".", "_")
    return urlunsplit(parts._replace(path=f"/{name}_s{suffix}"))


# --- the worker: one scale, in its own process ---------------------------------------------------


def _recreate_postgres_database() -> None:
    from django.db import connection

    name = connection.settings_dict["NAME"]
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')


def _drop_postgres_database() -> None:
    from django.db import connection

    name = connection.settings_dict["NAME"]
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def run_scale(scale: float, database_url: str, requests: int, warmup: int, keep: bool) -> ScaleResult:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mulighetsrom.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from benchmarks.generate import generate

    postgres = connection.vendor == "postgresql"
    if postgres:
        _recreate_postgres_database()
    call_command("migrate", verbosity=0)
    dataset = generate(scale)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    client = Client()
    client.force_login(dataset.user)
    slug = dataset.focus.slug
    pages = [
        ("Portfolio", "/projects/"),
        ("Project dashboard", f"/p/{slug}/"),
        ("Phases", f"/p/{slug}/phases/"),
        ("Team", f"/p/{slug}/team/"),
        ("Stakeholder groups", f"/p/{slug}/groups/"),
        ("Engagement matrix", f"/p/{slug}/engagement/"),
        ("Units", "/org/units/"),
        ("People", "/org/people/"),
    ]
    results: list[PageResult] = []
    for name, url in pages:
        for _ in range(warmup):
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
        connection.queries_log.clear()  # the log is a bounded deque: a full one would hide new queries
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries = len(captured.captured_queries)  # read now: the property slices the live log
        gc.collect()
        samples: list[float] = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
        results.append(
            PageResult(
                name=name,
                url=url.replace(slug, "<slug>"),
                queries=queries,
                median_ms=statistics.median(samples),
                p95_ms=percentile(samples, 0.95),
            )
        )
    if postgres and not keep:
        _drop_postgres_database()
    return ScaleResult(
        scale=scale,
        database=connection.vendor,
        generate_seconds=round(dataset.seconds, 2),
        counts=dataset.counts,
        focus_counts=dataset.focus_counts,
        pages=results,
    )


# --- the driver: runs a worker per scale and prints the table ------------------------------------


def run_worker_process(
    scale: float, database_url: str, args: argparse.Namespace, script: str | None = None
) -> ScaleResult:
    """Run `script` (this benchmark by default) as a worker for one scale and read its result."""
    command = [
        sys.executable,
        script or str(Path(__file__).resolve()),
        "--worker",
        "--scales",
        scale_label(scale),
        "--requests",
        str(args.requests),
        "--warmup",
        str(args.warmup),
        "--database-url",
        database_url,
    ]
    if args.keep:
        command.append("--keep")
    env = {**os.environ, "DATABASE_URL": database_url}
    completed = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, check=False)  # noqa: S603
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(f"The benchmark at scale {scale_label(scale)} failed.")
    for line in completed.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            return ScaleResult.from_json(json.loads(line.removeprefix(RESULT_PREFIX)))
    raise SystemExit(f"No result from the benchmark at scale {scale_label(scale)}.")


def build_table(results: list[ScaleResult]) -> tuple[list[str], list[list[str]], bool]:
    """Header, rows and whether every page met the target (first scale against the last)."""
    first, last = results[0], results[-1]
    header = ["Page"]
    for r in results:
        s = scale_label(r.scale)
        header += [f"Queries @{s}", f"Median @{s} (ms)", f"p95 @{s} (ms)"]
    header += ["Same queries", f"p95 ratio @{scale_label(last.scale)}/@{scale_label(first.scale)}", "Target"]
    rows: list[list[str]] = []
    all_ok = True
    for i, page in enumerate(first.pages):
        row = [page.name]
        for r in results:
            p = r.pages[i]
            row += [str(p.queries), f"{p.median_ms:.1f}", f"{p.p95_ms:.1f}"]
        same = len({r.pages[i].queries for r in results}) == 1
        ratio = last.pages[i].p95_ms / first.pages[i].p95_ms if first.pages[i].p95_ms else float("inf")
        ok = same and ratio <= P95_TARGET
        all_ok = all_ok and ok
        row += ["yes" if same else "NO", f"{ratio:.2f}", "met" if ok else "MISSED"]
        rows.append(row)
    return header, rows, all_ok


def format_plain(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(lines)


def format_markdown(header: list[str], rows: list[list[str]]) -> str:
    align = ["---"] + ["---:"] * (len(header) - 1)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def format_datasets(results: list[ScaleResult]) -> str:
    keys = list(results[0].counts)
    header = ["Scale", "Database", "Generate (s)", *keys, "focus project"]
    rows = [
        [
            scale_label(r.scale),
            r.database,
            f"{r.generate_seconds:.1f}",
            *(f"{r.counts[k]:,}" for k in keys),
            ", ".join(f"{k} {v}" for k, v in r.focus_counts.items()),
        ]
        for r in results
    ]
    return format_markdown(header, rows)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="1,100", help="comma-separated scale factors (default 1,100)")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests per page first (default 3)")
    parser.add_argument(
        "--database-url",
        help="PostgreSQL URL; each scale uses its own database <name>_s<scale> (default: SQLite in a temp dir)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the databases (and print where they are)")
    parser.add_argument("--check", action="store_true", help="exit with status 1 when a page misses the target")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    scales = [float(s) for s in args.scales.split(",") if s.strip()]
    if args.worker:
        result = run_scale(scales[0], args.database_url, args.requests, args.warmup, args.keep)
        print(RESULT_PREFIX + json.dumps(result, default=lambda o: o.__dict__))
        return 0
    tmpdir = Path(tempfile.mkdtemp(prefix="mulighetsrom-bench-"))
    results: list[ScaleResult] = []
    try:
        for scale in scales:
            url = database_url_for_scale(args.database_url, scale, tmpdir)
            print(f"Scale {scale_label(scale)}: building and measuring …", file=sys.stderr, flush=True)
            results.append(run_worker_process(scale, url, args))
    finally:
        if args.keep:
            print(f"Databases kept (SQLite files in {tmpdir})", file=sys.stderr)
        else:
            shutil.rmtree(tmpdir, ignore_errors=True)
    header, rows, all_ok = build_table(results)
    print(f"Page benchmark: {args.requests} requests per page after {args.warmup} warm-up, {results[0].database}\n")
    print(format_plain(header, rows))
    print()
    print(f"Target: equal query counts and p95 ratio ≤ {P95_TARGET}: {'met by every page' if all_ok else 'MISSED'}")
    print("\nMarkdown:\n")
    print(format_markdown(header, rows))
    print()
    print(format_datasets(results))
    return 1 if args.check and not all_ok else 0


if __name__ == "__main__":
    sys.exit(main())
