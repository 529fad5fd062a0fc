"""Import benchmark: an XLSX file of 50,000 observations through the import's real code path.

The driver writes the XLSX (openpyxl write-only mode; Norwegian text recombined from the
labelled observations with a fixed seed, see `benchmarks/insight_data.py`) into a temporary
directory, then runs each measurement in its own Python process on a fresh database (a SQLite
file, or with --database-url a PostgreSQL database that it drops and creates):

1. upload: `create_import_job` (read, redact personal identifiers, store the mapped table) --
   what the upload page does;
2. import: `start_import`, which enqueues the `import_observations` task; the worker sets the
   immediate task backend, so the task body (`run_import`) runs as the background worker runs it;
3. re-import of the same file: every row is skipped as already imported.

It prints rows per second of upload + import and the peak memory growth of the process during
them (ru_maxrss, and with --tracemalloc a second run that reports the peak of Python allocations;
tracemalloc slows the run, so its time is not used).

    .venv/bin/python benchmarks/insight_import.py                      # 50,000 rows, SQLite
    .venv/bin/python benchmarks/insight_import.py --rows 50000 --tracemalloc
    .venv/bin/python benchmarks/insight_import.py --database-url postgres://postgres@127.0.0.1:5432/bench_import

Target: at least 2,000 rows/s and a peak memory growth below 200 MB. --check makes the exit
status 1 on a miss.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULT_PREFIX = "BENCH-RESULT "
RATE_TARGET = 2000.0  # rows per second
MEMORY_TARGET_MB = 200.0
GROUPS = ["Beboere", "Pårørende", "Ansatte", "Frivillige", "Verneombud", "Eldrerådet"]
KINDS = ["", "", "", "sitat", "idé", "problem", "observasjon"]


@dataclass
class ImportResult:
    database: str
    rows: int
    created: int
    skipped: int
    failed: int
    redacted: int
    upload_seconds: float
    import_seconds: float
    reimport_seconds: float
    reimport_skipped: int
    maxrss_growth_mb: float
    traced_peak_mb: float | None

    @property
    def rate(self) -> float:
        return self.rows / (self.upload_seconds + self.import_seconds)

    @property
    def reimport_rate(self) -> float:
        return self.rows / self.reimport_seconds if self.reimport_seconds else 0.0


def write_xlsx(path: Path, rows: int, seed: int = 2024) -> None:
    """A survey export as municipalities send it: answer, group, kind and tags columns.

    About 1 row in 200 holds a phone number (to be redacted) and 1 in 500 names a group the
    project does not have (a per-row error).
    """
    sys.path.insert(0, str(ROOT))
    from openpyxl import Workbook

    from benchmarks.insight_data import observation_texts

    rnd = random.Random(seed)
    texts = observation_texts(seed)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Svar")
    sheet.append(["Svar", "Gruppe", "Type", "Stikkord"])
    for _ in range(rows):
        text = next(texts)
        if rnd.random() < 0.005:
            text += f" Ring meg gjerne på 9{rnd.randrange(10_000_000):07d}."
        group = "Ukjent gruppe" if rnd.random() < 0.002 else rnd.choice(GROUPS)
        tags = ", ".join(rnd.sample(["lys", "mat", "uteområde", "ro", "bad", "demens"], rnd.choice((0, 0, 1, 2))))
        sheet.append([text, group, rnd.choice(KINDS), tags or None])
    workbook.save(path)


def maxrss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- the worker: one import in its own process ---------------------------------------------------


def run_worker(xlsx: Path, database_url: str, trace: bool, keep: bool) -> ImportResult:
    os.environ["DATABASE_URL"] = database_url
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mulighetsrom.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.generate import generate
    from benchmarks.pages import _drop_postgres_database, _recreate_postgres_database
    from mulighetsrom.insight import importing
    from mulighetsrom.insight.models import ImportJob, Observation

    postgres = connection.vendor == "postgresql"
    if postgres:
        _recreate_postgres_database()
    call_command("migrate", verbosity=0)
    dataset = generate(1)
    project, user = dataset.focus, dataset.user
    from mulighetsrom.stakeholders.models import StakeholderGroup

    have = set(StakeholderGroup.objects.filter(project=project).values_list("name", flat=True))
    StakeholderGroup.objects.bulk_create(
        StakeholderGroup(project=project, name=name, category=StakeholderGroup.Category.OTHER)
        for name in GROUPS
        if name not in have
    )
    defaults = {"activity": None, "kind": "answer", "legal_basis": "anonymous", "sensitivity": "ordinary"}

    def one_import() -> tuple[ImportJob, float, float]:
        started = time.perf_counter()
        job = importing.create_import_job(
            project=project, file_name=xlsx.name, data=xlsx.read_bytes(), acting_user=user
        )
        uploaded = time.perf_counter()
        importing.start_import(job=job, mapping=dict(job.mapping), defaults=defaults, acting_user=user)
        job.refresh_from_db()
        if job.status != ImportJob.Status.DONE:
            raise RuntimeError(f"The import ended as {job.status}.")
        return job, uploaded - started, time.perf_counter() - uploaded

    if trace:
        import tracemalloc

        tracemalloc.start()
    before = maxrss_mb()
    job, upload_seconds, import_seconds = one_import()
    growth = maxrss_mb() - before
    traced = None
    if trace:
        import tracemalloc

        traced = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
    again, re_upload, re_import = one_import()
    result = ImportResult(
        database=connection.vendor,
        rows=job.total,
        created=job.created,
        skipped=job.skipped,
        failed=job.failed,
        redacted=job.redacted,
        upload_seconds=round(upload_seconds, 3),
        import_seconds=round(import_seconds, 3),
        reimport_seconds=round(re_upload + re_import, 3),
        reimport_skipped=again.skipped,
        maxrss_growth_mb=round(growth, 1),
        traced_peak_mb=round(traced, 1) if traced is not None else None,
    )
    assert Observation.objects.filter(project=project).count() == job.created
    if postgres and not keep:
        _drop_postgres_database()
    return result


# --- the driver ----------------------------------------------------------------------------------


def run_worker_process(xlsx: Path, database_url: str, trace: bool, keep: bool) -> ImportResult:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", str(xlsx), "--database-url", database_url]
    if trace:
        command.append("--tracemalloc")
    if keep:
        command.append("--keep")
    completed = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)  # noqa: S603
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit("The import benchmark failed.")
    for line in completed.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            data: dict[str, Any] = json.loads(line.removeprefix(RESULT_PREFIX))
            return ImportResult(**data)
    raise SystemExit("No result from the import benchmark.")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=50_000, help="data rows in the XLSX file (default 50,000)")
    parser.add_argument("--database-url", help="PostgreSQL URL of a database to drop and create (default: SQLite)")
    parser.add_argument("--tracemalloc", action="store_true", help="a second run that traces Python allocations")
    parser.add_argument("--keep", action="store_true", help="keep the database and the XLSX file")
    parser.add_argument("--check", action="store_true", help="exit with status 1 when a target is missed")
    parser.add_argument("--worker", metavar="XLSX", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        result = run_worker(Path(args.worker), args.database_url, args.tracemalloc, args.keep)
        print(RESULT_PREFIX + json.dumps(result.__dict__))
        return 0
    tmpdir = Path(tempfile.mkdtemp(prefix="mulighetsrom-bench-import-"))
    try:
        xlsx = tmpdir / "svar.xlsx"
        started = time.perf_counter()
        write_xlsx(xlsx, args.rows)
        print(
            f"Wrote {args.rows:,} rows to {xlsx.name} ({xlsx.stat().st_size / 1024 / 1024:.1f} MB) "
            f"in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        url = args.database_url or f"sqlite:///{tmpdir / 'import.sqlite3'}"
        result = run_worker_process(xlsx, url, False, args.keep)
        traced = run_worker_process(xlsx, url, True, args.keep) if args.tracemalloc else None
    finally:
        if args.keep:
            print(f"Kept {tmpdir}", file=sys.stderr)
        else:
            shutil.rmtree(tmpdir, ignore_errors=True)
    rate_ok = result.rate >= RATE_TARGET
    memory_ok = result.maxrss_growth_mb < MEMORY_TARGET_MB and (
        traced is None or (traced.traced_peak_mb or 0) < MEMORY_TARGET_MB
    )
    lines = [
        ("Database", result.database),
        ("Rows in the file", f"{result.rows:,}"),
        ("Created / already imported / with errors", f"{result.created:,} / {result.skipped:,} / {result.failed:,}"),
        ("Personal identifiers redacted", f"{result.redacted:,}"),
        ("Upload: read, redact, store (s)", f"{result.upload_seconds:.1f}"),
        ("Import task (s)", f"{result.import_seconds:.1f}"),
        ("Rows per second (upload + import)", f"{result.rate:,.0f}"),
        ("Peak memory growth, ru_maxrss (MB)", f"{result.maxrss_growth_mb:.1f}"),
    ]
    if traced is not None:
        lines.append(("Peak Python allocations, tracemalloc (MB)", f"{traced.traced_peak_mb:.1f}"))
    lines += [
        ("Re-import of the same file (s)", f"{result.reimport_seconds:.1f}"),
        ("Re-import: rows skipped, rows per second", f"{result.reimport_skipped:,}, {result.reimport_rate:,.0f}"),
    ]
    width = max(len(k) for k, _ in lines)
    print("Import benchmark (XLSX)\n")
    for key, value in lines:
        print(f"{key.ljust(width)}  {value}")
    print()
    print(f"Target: ≥ {RATE_TARGET:,.0f} rows/s: {'met' if rate_ok else 'MISSED'}")
    print(f"Target: peak memory growth < {MEMORY_TARGET_MB:.0f} MB: {'met' if memory_ok else 'MISSED'}")
    print("\nMarkdown:\n")
    print("| Measure | Value |\n|---|---:|")
    for key, value in lines:
        print(f"| {key} | {value} |")
    return 1 if args.check and not (rate_ok and memory_ok) else 0


if __name__ == "__main__":
    sys.exit(main())
