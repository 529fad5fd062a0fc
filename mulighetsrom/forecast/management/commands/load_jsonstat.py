"""Store a saved SSB JSON-stat 2.0 response (table 14746 or 07459) for offline use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from mulighetsrom.accounts.models import Organization
from mulighetsrom.forecast import actions
from mulighetsrom.forecast.models import PopulationDataset


class Command(BaseCommand):
    help = "Load a saved JSON-stat 2.0 response from SSB. Without --organization every organization sees it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--organization", help="Kommunenummer of the organization that owns the data.")

    def handle(self, *args: Any, path: Path, organization: str | None = None, **options: Any) -> None:
        org = None
        if organization:
            org = Organization.objects.filter(kommunenummer=organization).first()
            if org is None:
                raise CommandError(f"No organization with kommunenummer {organization}.")
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            dataset = actions.import_dataset(
                text=text, source=PopulationDataset.Source.UPLOAD, organization=org, acting_user=None
            )
        except actions.ForecastInputError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded table {dataset.table_id} for {dataset.municipality} {dataset.region_label} "
                f"({dataset.first_year}–{dataset.last_year}). {dataset.attribution}"
            )
        )
