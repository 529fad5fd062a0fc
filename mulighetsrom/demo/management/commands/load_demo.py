"""Load the Norwegian demo: a municipality planning a new helsehus, in step 2."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from mulighetsrom.accounts.models import Organization
from mulighetsrom.demo import foundation

DEMO_PASSWORD = "demo-passord-2026"  # noqa: S105 (published demo logins)


class Command(BaseCommand):
    help = "Load the demo data (idempotent: does nothing if the demo municipality exists, unless --reset)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--reset", action="store_true", help="Delete the demo municipality and load it again.")

    def handle(self, *args: Any, reset: bool = False, **options: Any) -> None:
        existing = Organization.objects.filter(kommunenummer=foundation.KOMMUNENUMMER).first()
        if existing and not reset:
            self.stdout.write("The demo is already loaded.")
            return
        with transaction.atomic():
            if existing:
                foundation.delete_demo(existing)
            foundation.load(password=DEMO_PASSWORD)
        self.stdout.write(self.style.SUCCESS("Demo loaded."))
        for email, description in foundation.LOGINS:
            self.stdout.write(f"  {email:<22} {description}")
        self.stdout.write(f"  password for all: {DEMO_PASSWORD}")
