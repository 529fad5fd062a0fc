"""Two web processes share the login limits: together they allow the limit, not twice it.

Each process is a separate Python interpreter with its own memory; they share only the SQLite
file, and so the database cache, as gunicorn workers share the production database or Redis.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import ClassVar

from django.conf import settings
from django.test import SimpleTestCase

WORKER = "mulighetsrom.accounts.tests.throttle_worker"
PER_ADDRESS_LIMIT = 20  # settings.ACCOUNT_RATE_LIMITS["login_failed"] = "20/5m/ip"


class TwoProcessThrottleTestCase(SimpleTestCase):
    directory: ClassVar[tempfile.TemporaryDirectory[str]]
    env: ClassVar[dict[str, str]]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.directory = tempfile.TemporaryDirectory()
        base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "VIRTUAL_ENV"}}
        cls.env = {
            **base,
            "DJANGO_SETTINGS_MODULE": "mulighetsrom.accounts.tests.throttle_settings",
            "THROTTLE_DB": str(Path(cls.directory.name) / "db.sqlite3"),
        }
        cls.run_worker("setup")

    @classmethod
    def tearDownClass(cls) -> None:
        cls.directory.cleanup()
        super().tearDownClass()

    @classmethod
    def run_worker(cls, *args: str) -> None:
        subprocess.run(  # noqa: S603 - this interpreter running our own module
            [sys.executable, "-m", WORKER, *args], cwd=settings.BASE_DIR, env=cls.env, check=True, timeout=300
        )

    def run_two(self, mode: str, attempts: int, addresses: tuple[str, str]) -> list[dict[str, int]]:
        go = Path(self.directory.name) / f"go-{mode}"
        processes = [
            subprocess.Popen(  # noqa: S603 - this interpreter running our own module
                [sys.executable, "-m", WORKER, mode, str(attempts), address, str(go)],
                cwd=settings.BASE_DIR,
                env=self.env,
                stdout=subprocess.PIPE,
                text=True,
            )
            for address in addresses
        ]
        for process in processes:  # both are set up before either posts
            assert process.stdout is not None
            self.assertEqual(process.stdout.readline().strip(), "ready")
        go.touch()
        results = []
        for process in processes:
            output, _ = process.communicate(timeout=300)
            self.assertEqual(process.returncode, 0)
            results.append(json.loads(output.strip().splitlines()[-1]))
        return results

    def test_two_processes_share_the_limit_per_address(self) -> None:
        # 2 × 15 posts stay within allauth's limit on all login posts (30 a minute per address).
        results = self.run_two("address", 15, ("203.0.113.9", "203.0.113.9"))
        self.assertEqual(sum(r["accepted"] for r in results), PER_ADDRESS_LIMIT, results)
        self.assertEqual(sum(r["refused"] for r in results), 30 - PER_ADDRESS_LIMIT, results)

    def test_two_processes_share_the_limit_per_account(self) -> None:
        results = self.run_two("account", 10, ("198.51.100.1", "198.51.100.2"))
        self.assertEqual(sum(r["accepted"] for r in results), settings.LOGIN_FREE_FAILURES, results)
        self.assertEqual(sum(r["refused"] for r in results), 20 - settings.LOGIN_FREE_FAILURES, results)
