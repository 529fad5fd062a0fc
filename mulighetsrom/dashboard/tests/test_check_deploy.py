"""`manage.py check --deploy` is clean with the production environment described in docs/deploy.md."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
from typing import ClassVar

from django.conf import settings
from django.test import SimpleTestCase

PRODUCTION_ENV = {
    "DEBUG": "False",
    "ALLOWED_HOSTS": "mulighetsrom.kommune.no",
    "SECURE_SSL_REDIRECT": "True",
    "SECURE_COOKIES": "True",
    "SECURE_HSTS_SECONDS": "31536000",
}


def start_check(env: dict[str, str]) -> subprocess.Popen[str]:
    # A clean environment: only what the case sets, plus what Python needs to run.
    base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "DATABASE_URL", "VIRTUAL_ENV"}}
    return subprocess.Popen(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env={**base, "DJANGO_SETTINGS_MODULE": "mulighetsrom.settings", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


class CheckDeployTestCase(SimpleTestCase):
    results: ClassVar[dict[str, tuple[int, str]]]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        # The three checks start Django from scratch; run them side by side.
        with tempfile.NamedTemporaryFile("w", suffix=".key") as key:
            key.write(secrets.token_urlsafe(64) + "\n")
            key.flush()
            processes = {
                "production": start_check({"SECRET_KEY": secrets.token_urlsafe(64), **PRODUCTION_ENV}),
                "key_file": start_check({"SECRET_KEY_FILE": key.name, **PRODUCTION_ENV}),
                "development": start_check({"DEBUG": "True", "ALLOWED_HOSTS": "localhost"}),
            }
            cls.results = {}
            for name, process in processes.items():
                output, _ = process.communicate(timeout=180)
                cls.results[name] = (process.returncode, output)

    def test_it_passes_with_production_settings(self) -> None:
        code, output = self.results["production"]
        self.assertEqual(code, 0, output)
        self.assertIn("no issues", output)

    def test_it_reads_the_secret_key_from_a_file(self) -> None:
        code, output = self.results["key_file"]
        self.assertEqual(code, 0, output)

    def test_it_fails_with_development_defaults(self) -> None:
        code, output = self.results["development"]
        self.assertNotEqual(code, 0)
        # Secret key, DEBUG, HSTS, SSL redirect, secure session and CSRF cookies.
        for check in ("W009", "W018", "W004", "W008", "W012", "W016"):
            self.assertIn(f"security.{check}", output)
