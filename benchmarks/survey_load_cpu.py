"""In-process cost per request of the public survey flow, next to the bare insert view.

The wall-clock load benchmark (`survey_load.py`) moves with whatever else the machine is doing.
This companion drives the same WSGI application in one process, one request at a time, and
reports for every step of the flow the Python CPU time per request (`time.process_time`, which
leaves out the time PostgreSQL spends in its own process), the wall time and the number of SQL
statements, then the same for the ceiling view. It sets the database up exactly like
`survey_load.py` (same settings, same survey). The flow is measured with the survey fast path
on and then off (SURVEY_FAST_PATH, see mulighetsrom/surveys/fast_path.py); `--fast-path on|off`
measures one.

    .venv/bin/python benchmarks/survey_load_cpu.py --database-url postgres://postgres@127.0.0.1:5432/bench_cpu
    .venv/bin/python benchmarks/survey_load_cpu.py --profile 25 ...   # cProfile: the 25 costliest functions
    .venv/bin/python benchmarks/survey_load_cpu.py --fast-path off ...  # the plain ORM and templates only
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.survey_load import SETTINGS, SETUP, _django, _reset_database  # noqa: E402

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class Driver:
    """Calls the WSGI application directly, as gunicorn would, and tallies cost per step."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app
        self.cpu: dict[str, list[float]] = defaultdict(list)
        self.wall: dict[str, list[float]] = defaultdict(list)
        self.queries: dict[str, list[int]] = defaultdict(list)
        self.executed = 0

    def count(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.executed += 1
        return execute(sql, params, many, context)

    def request(self, step: str, method: str, url: str, body: str = "") -> tuple[int, str, str]:
        parsed = urlparse(url)
        data = body.encode()
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": parsed.path,
            "QUERY_STRING": parsed.query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8765",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "127.0.0.1:8765",
            "CONTENT_TYPE": "application/x-www-form-urlencoded" if method == "POST" else "",
            "CONTENT_LENGTH": str(len(data)),
            "wsgi.input": io.BytesIO(data),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        status: list[str] = []
        headers: list[tuple[str, str]] = []

        def start_response(s: str, h: list[tuple[str, str]], exc_info: Any = None) -> None:
            status.append(s)
            headers.extend(h)

        before = self.executed
        wall, cpu = time.perf_counter(), time.process_time()
        result = self.app(environ, start_response)
        text = b"".join(result).decode()
        if hasattr(result, "close"):
            result.close()
        self.cpu[step].append(time.process_time() - cpu)
        self.wall[step].append(time.perf_counter() - wall)
        self.queries[step].append(self.executed - before)
        location = dict(headers).get("Location", "")
        return int(status[0].split()[0]), location, text


def _hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]+)"', html)
    if not match:
        raise ValueError(f"no {name} field")
    return match.group(1)


def respond(driver: Driver, token: str, answers: list[tuple[str, str]]) -> None:
    """One complete response, the same nine requests as a client of survey_load.py."""
    _s, _l, html = driver.request("intro GET", "GET", f"/s/{token}/?lang=nb")
    status, location, _t = driver.request(
        "start POST", "POST", f"/s/{token}/start/?lang=nb", f"key={quote(_hidden(html, 'key'))}"
    )
    assert status == 303, status
    for number, (field_name, value) in enumerate(answers, start=1):
        path = urlparse(location).path
        _s, _l, html = driver.request(f"page {number} GET", "GET", f"{path}?lang=nb")
        body = f"sig={quote(_hidden(html, 'sig'))}&action=next&{field_name}={quote(value)}"
        status, location, _t = driver.request(f"page {number} POST", "POST", f"{path}?lang=nb", body)
        assert status == 303, (status, _t[:500])
    status, _l, _t = driver.request("done GET", "GET", location)
    assert status == 200, status


def measure(
    driver: Driver, connection: Any, token: str, answers: list[tuple[str, str]], respondents: int, profile: int
) -> None:
    """Warm up, then run `respondents` responses and print the cost per step."""
    with connection.execute_wrapper(driver.count):
        for _ in range(20):  # warm up: imports, template and structure caches, the connection
            respond(driver, token, answers)
            driver.request("insert POST", "POST", "/bench/insert/", "x=1")
        driver.cpu.clear()
        driver.wall.clear()
        driver.queries.clear()
        profiler = cProfile.Profile() if profile else None
        for _ in range(respondents):
            if profiler:
                profiler.enable()
            respond(driver, token, answers)
            if profiler:
                profiler.disable()
            for _ in range(9):
                driver.request("insert POST", "POST", "/bench/insert/", "x=1")

    def mean(values: Sequence[float]) -> float:
        return sum(values) / len(values)

    print(f"{respondents} respondents, one process, DEBUG=False; per request:")
    print(f"{'step':<14} {'CPU ms':>7} {'wall ms':>8} {'queries':>8}")
    flow_cpu = flow_wall = 0.0
    flow_queries = 0.0
    for step in driver.cpu:
        cpu, wall, queries = mean(driver.cpu[step]) * 1000, mean(driver.wall[step]) * 1000, mean(driver.queries[step])
        print(f"{step:<14} {cpu:7.2f} {wall:8.2f} {queries:8.1f}")
        if step != "insert POST":
            flow_cpu, flow_wall, flow_queries = flow_cpu + cpu, flow_wall + wall, flow_queries + queries
    steps = len(driver.cpu) - 1
    insert_cpu = mean(driver.cpu["insert POST"]) * 1000
    insert_wall = mean(driver.wall["insert POST"]) * 1000
    print(
        f"flow mean: {flow_cpu / steps:.2f} ms CPU, {flow_wall / steps:.2f} ms wall, "
        f"{flow_queries / steps:.2f} queries per request ({flow_queries:.0f} per submission)"
    )
    print(
        f"ratio insert/flow per request: CPU {insert_cpu / (flow_cpu / steps):.2f}, "
        f"wall {insert_wall / (flow_wall / steps):.2f}"
    )
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(profile)
        print(out.getvalue())
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(profile * 2)
        print(out.getvalue())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/bench_survey_cpu")
    parser.add_argument("--respondents", type=int, default=300)
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest functions (cProfile)")
    parser.add_argument("--fast-path", choices=["on", "off", "both"], default="both")
    args = parser.parse_args()

    env = {**os.environ, "DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": SETTINGS}
    env["PYTHONPATH"] = str(ROOT)
    env["DB_CONN_MAX_AGE"] = "60"
    _reset_database(args.database_url)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    token, q1, choice, q2, q3 = _django(env, SETUP).split()
    answers = [(q1, choice), (q2, "4"), (q3, "Mer lys og en hage")]

    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DB_CONN_MAX_AGE")})
    from django.core.wsgi import get_wsgi_application
    from django.db import connection
    from django.test import override_settings

    app = get_wsgi_application()
    for mode in ("on", "off") if args.fast_path == "both" else (args.fast_path,):
        with override_settings(SURVEY_FAST_PATH=mode == "on"):
            print(f"-- fast path {mode}")
            measure(Driver(app), connection, token, answers, args.respondents, args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
