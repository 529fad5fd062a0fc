"""Print projected users per year and alternative, e.g.

    python manage.py forecast --municipality 0301 --service long_term_institution \
        --base-year 2025 --years 2030,2040,2050 --format json
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from mulighetsrom.forecast import actions, cohort_model, jsonstat, panel, runs, ssb, texts
from mulighetsrom.forecast.models import PopulationDataset


class Command(BaseCommand):
    help = "Forecast users of a care service for a municipality from SSB projections and the shipped panel."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--municipality", required=True, help="Municipality number (old numbers are translated).")
        parser.add_argument("--service", required=True, choices=sorted(panel.SERVICES))
        parser.add_argument("--base-year", type=int, default=2025)
        parser.add_argument("--years", default="2030,2040,2050", help="Comma-separated years to print.")
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--method", choices=["rates", "coverage"], default="rates")
        parser.add_argument("--rate-change", type=float, default=0.0, help="Yearly change in use rates, per cent.")
        parser.add_argument("--capacity", type=float, default=None)
        parser.add_argument("--projection", type=Path, help="A saved JSON-stat 2.0 response for table 14746.")
        parser.add_argument("--fetch", action="store_true", help="Fetch the projection from SSB now.")

    def handle(self, *args: Any, **o: Any) -> None:
        try:
            years = [int(y) for y in o["years"].split(",") if y.strip()]
        except ValueError as exc:
            raise CommandError("--years takes comma-separated years, e.g. 2030,2040,2050") from exc
        try:
            code = panel.resolve_code(o["municipality"], panel.shipped_panel())
            text, source = self._projection(code, o)
            choices = runs.RunChoices(
                service=o["service"],
                municipality=code,
                base_year=o["base_year"],
                method=o["method"],
                yearly_rate_change=o["rate_change"] / 100,
                capacity=o["capacity"],
            )
            result = runs.compute(text, runs.build_spec(choices), region=code)
            users = cohort_model.users_by_year(result, years)
        except (cohort_model.ModelError, jsonstat.JsonStatError, ssb.SSBError) as exc:
            raise CommandError(texts.error_message(exc)) from exc
        if o["format"] == "csv":
            writer = csv.writer(self.stdout)
            writer.writerow(["municipality", "service", "alternative", "year", "users"])
            for alt, by_year in users.items():
                for year, value in by_year.items():
                    writer.writerow([code, o["service"], alt, year, "" if value is None else round(value, 1)])
            return
        payload = {
            "municipality": code,
            "service": o["service"],
            "base_year": o["base_year"],
            "method": o["method"],
            "base_users": result.base_users,
            "capacity": result.capacity,
            "first_year_over_capacity": result.first_year_over_capacity,
            "users": {alt: {str(y): v for y, v in by_year.items()} for alt, by_year in users.items()},
            "source": source,
            "attribution": "Kilde: Statistisk sentralbyrå",
            "notes": result.notes,
        }
        self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))

    def _projection(self, code: str, o: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        if o["projection"]:
            return o["projection"].read_text(encoding="utf-8"), {"file": str(o["projection"])}
        if o["fetch"]:
            spec = actions.table_specs()["projection"]
            fetched = ssb.SSBClient().data(spec.table_id, ssb.projection_selection(code, list(spec.contents)))
            return fetched.text, {"table": spec.table_id, "retrieved_at": fetched.retrieved_at.isoformat()}
        stored = PopulationDataset.objects.filter(kind=PopulationDataset.Kind.PROJECTION, municipality=code).first()
        if stored is not None:
            return stored.raw, {
                "table": stored.table_id,
                "dataset": str(stored.code),
                "source": stored.source,
                "retrieved_at": stored.retrieved_at.isoformat() if stored.retrieved_at else None,
            }
        shipped = actions.DATA_DIR / actions.SHIPPED_FILES[0]
        text = shipped.read_text(encoding="utf-8")
        if code not in jsonstat.loads(text).dimension("Region").codes:
            raise CommandError(
                f"No projection for {code} is stored. Use --fetch, --projection FILE or `manage.py load_jsonstat FILE`."
            )
        return text, {"table": "14746", "file": shipped.name, "source": "shipped"}
