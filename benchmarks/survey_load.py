"""Load benchmark for the public survey: simulated respondents against gunicorn on PostgreSQL.

The driver drops and creates the database, migrates it, creates a project with an open
three-question survey (one question per page), then starts gunicorn (2 sync workers) on loopback
and runs `--clients` simulated respondents (threads with keep-alive connections) for
`--duration` seconds. Each respondent goes through the real flow: intro page, start, one GET and
one POST per question, confirmation page. Then it measures the ceiling: the same clients against
a bare Django view that inserts one row and answers 200.

It prints accepted submissions per second, p50/p99 latency per request, the number of submitted
responses in the database against the number the clients saw confirmed (they must be equal),
requests per second against the ceiling and their ratio.

    .venv/bin/python benchmarks/survey_load.py --database-url postgres://postgres@127.0.0.1:5432/bench_survey
    .venv/bin/python benchmarks/survey_load.py --duration 10 --clients 16 --database-url ...

The survey is run once with the fast path on and once with it off (SURVEY_FAST_PATH, see
mulighetsrom/surveys/fast_path.py), each against a fresh gunicorn; `--fast-path on|off` runs one.

--check makes the exit status 1 when the counts differ.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = "benchmarks.survey_load_settings"


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    requests: int = 0
    submissions: int = 0
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, latencies: list[float], submissions: int, errors: int) -> None:
        with self.lock:
            self.latencies.extend(latencies)
            self.requests += len(latencies)
            self.submissions += submissions
            self.errors += errors


class Client:
    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.latencies: list[float] = []

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, str]:
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if body is not None else {}
        start = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            raise
        self.latencies.append(time.perf_counter() - start)
        return response.status, response.getheader("Location") or "", text


def _hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]+)"', html)
    if not match:
        raise ValueError(f"no {name} field")
    return match.group(1)


def _respond(client: Client, token: str, answers: list[tuple[str, str]]) -> bool:
    """One complete response; True when the confirmation page was reached."""
    from urllib.parse import quote

    status, _loc, html = client.request("GET", f"/s/{token}/?lang=nb")
    status, location, _ = client.request("POST", f"/s/{token}/start/?lang=nb", f"key={quote(_hidden(html, 'key'))}")
    if status != 303:
        return False
    for field_name, value in answers:
        path = urlparse(location).path
        _s, _l, html = client.request("GET", f"{path}?lang=nb")
        body = f"sig={quote(_hidden(html, 'sig'))}&action=next&{field_name}={quote(value)}"
        status, location, _ = client.request("POST", f"{path}?lang=nb", body)
        if status != 303:
            return False
    status, _l, html = client.request("GET", location)
    return status == 200


def run_clients(
    port: int, clients: int, duration: float, work: str, token: str, answers: list[tuple[str, str]]
) -> Tally:
    tally = Tally()
    deadline = time.monotonic() + duration

    def worker() -> None:
        client = Client(port)
        done = errors = 0
        while time.monotonic() < deadline:
            try:
                if work == "survey":
                    ok = _respond(client, token, answers)
                else:
                    status, _l, _t = client.request("POST", "/bench/insert/", "x=1")
                    ok = status == 200
            except (OSError, http.client.HTTPException, ValueError):
                ok = False
                client = Client(port)
            done += ok
            errors += not ok
        tally.add(client.latencies, done, errors)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tally


def _django(env: dict[str, str], code: str) -> str:
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


SETUP = """
from mulighetsrom.accounts.models import Person, User
from mulighetsrom.projects.actions import create_organization, create_project
from mulighetsrom.projects.models import BuildingType, Project
from mulighetsrom.surveys import actions
from mulighetsrom.surveys.models import Question
from django.utils import timezone
user = User.objects.create_user(email='bench@example.org', password='bench-passord-123')
org = create_organization(name='Benchvik', kommunenummer='4699', admin_user=user, admin_name='Bench')
project = create_project(project=Project(organization=org, name='Helsehus', building_type=BuildingType.NURSING_HOME),
    acting_person=Person.objects.get(user=user), acting_user=user)
survey = actions.create_survey(project=project, title='Last', layout='one', acting_user=user)
survey.opens_at = timezone.now(); survey.save()
q1 = actions.save_question(question=Question(survey=survey, kind='single', text='Hvem?', is_background=True, required=True), choices=[], groups_as_choices=True, acting_user=user)
q2 = actions.save_question(question=Question(survey=survey, kind='scale', text='Hvor viktig?'), choices=[], acting_user=user)
q3 = actions.save_question(question=Question(survey=survey, kind='text', text='Noe mer?'), choices=[], acting_user=user)
print(survey.token, f'q{q1.pk}', q1.choices.first().pk, f'q{q2.pk}', f'q{q3.pk}')
"""


def _reset_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _serve(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(  # noqa: S603 (gunicorn from our own virtualenv)
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "mulighetsrom.wsgi",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--preload",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/bench/ping/")
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/bench_survey")
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--fast-path", choices=["on", "off", "both"], default="both")
    args = parser.parse_args()

    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "PYTHONPATH": str(ROOT),
        "DB_CONN_MAX_AGE": "60",  # persistent connections, as a production instance would run
    }
    _reset_database(args.database_url)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    token, q1, choice, q2, q3 = _django(env, SETUP).split()
    answers = [(q1, choice), (q2, "4"), (q3, "Mer lys og en hage")]

    count = "from mulighetsrom.surveys.models import Response; print(Response.objects.filter(submitted_at__isnull=False).count())"
    modes = ("on", "off") if args.fast_path == "both" else (args.fast_path,)
    print(f"clients {args.clients}, gunicorn workers {args.workers}, {args.duration:.0f} s each")
    ceiling_rps = 0.0
    consistent = True
    for mode in modes:
        server = _serve({**env, "SURVEY_FAST_PATH": "true" if mode == "on" else "false"}, args.port, args.workers)
        try:
            # Warm up: the first requests of each worker import the views and fill the template cache.
            run_clients(args.port, args.workers * 2, 3.0, "survey", token, answers)
            warm = int(_django(env, count))
            started = time.perf_counter()
            survey = run_clients(args.port, args.clients, args.duration, "survey", token, answers)
            survey_seconds = time.perf_counter() - started
            if not ceiling_rps:
                started = time.perf_counter()
                ceiling = run_clients(args.port, args.clients, args.duration, "insert", token, answers)
                ceiling_seconds = time.perf_counter() - started
                ceiling_rps = ceiling.requests / ceiling_seconds
        finally:
            server.terminate()
            server.wait(10)
        stored = int(_django(env, count)) - warm
        survey_rps = survey.requests / survey_seconds
        print(f"-- fast path {mode}")
        print(
            f"survey: {survey.submissions / survey_seconds:.1f} accepted submissions/s ({survey.submissions} in all, {survey.errors} failed)"
        )
        print(
            f"survey requests: {survey_rps:.0f}/s, p50 {statistics.median(survey.latencies or [0]) * 1000:.1f} ms, "
            f"p99 {_percentile(survey.latencies, 0.99) * 1000:.1f} ms"
        )
        print(f"database: {stored} submitted responses, clients saw {survey.submissions} confirmed")
        print(f"ratio survey requests / ceiling: {survey_rps / ceiling_rps:.2f}" if ceiling_rps else "no ceiling")
        consistent = consistent and stored == survey.submissions
    print(
        f"ceiling (bare view, one INSERT): {ceiling_rps:.0f} requests/s, p50 "
        f"{statistics.median(ceiling.latencies or [0]) * 1000:.1f} ms, p99 {_percentile(ceiling.latencies, 0.99) * 1000:.1f} ms"
    )
    if args.check and not consistent:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
