"""Load the Norwegian demo: a municipality planning a new helsehus, in step 2."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from mulighetsrom.accounts.models import Organization, User
from mulighetsrom.demo import collaboration as demo_collaboration
from mulighetsrom.demo import forecast as demo_forecast
from mulighetsrom.demo import foundation
from mulighetsrom.demo import insight as demo_insight
from mulighetsrom.demo import needs as demo_needs
from mulighetsrom.demo import surveys as demo_surveys

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
        if existing and not foundation.is_demo(existing):
            # A real municipality with the demo's number: never delete it.
            raise CommandError(
                f"{existing.name} ({existing.kommunenummer}) is not the demo organization; refusing to reset it."
            )
        with transaction.atomic():
            if existing:
                foundation.delete_demo(existing)
            project = foundation.load(password=DEMO_PASSWORD)
            demo_insight.load(project, User.objects.get(email="kari@demo.no"))
            demo_forecast.load(project, User.objects.get(email="kari@demo.no"))
            demo_needs.load(project, User.objects.get(email="kari@demo.no"))
            demo_surveys.load(project, User.objects.get(email="kari@demo.no"))
            demo_collaboration.load(project, User.objects.get(email="kari@demo.no"))
        self.stdout.write(self.style.SUCCESS("Demo loaded."))
        for email, description in foundation.LOGINS:
            self.stdout.write(f"  {email:<22} {description}")
        self.stdout.write(f"  password for all: {DEMO_PASSWORD}")
