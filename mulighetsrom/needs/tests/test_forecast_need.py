from __future__ import annotations

from mulighetsrom.forecast.models import ForecastRun, PopulationDataset
from mulighetsrom.needs.models import Need
from mulighetsrom.test import BaseTestCase


def make_run(project) -> ForecastRun:
    dataset = PopulationDataset.objects.create(
        kind="projection", source="upload", table_id="14746", municipality="4601", label="Test", raw="{}"
    )
    return ForecastRun.objects.create(
        project=project,
        name="Sykehjemsplasser",
        service="nursing_home",
        municipality="4601",
        dataset=dataset,
        inputs={"spec": {"service_label": "Langtidsplasser"}},
        outputs={
            "years": [2026, 2030, 2040],
            "users": {"MMMM": [100, 120, 150], "LLML": [100, 110, 130], "HHMH": [100, 130, 170]},
        },
    )


class NeedFromForecastTestCase(BaseTestCase):
    def test_it_states_the_forecast_demand_with_its_range(self) -> None:
        run = make_run(self.project)
        self.log_in(self.ola)
        r = self.client.post(self.url("needs:need_from_forecast", run.code))
        need = Need.objects.get(project=self.project)
        self.assertRedirects(r, self.url("needs:need_edit", need.code))
        self.assertEqual(need.forecast_run, run)
        self.assertEqual(
            (need.forecast_figures["low"], need.forecast_figures["main"], need.forecast_figures["high"]),
            (130, 150, 170),
        )
        self.assertEqual(need.forecast_figures["year"], 2040)
        self.assertIn("150", need.statement)
        # The figures stay when the run is deleted.
        run.delete()
        need.refresh_from_db()
        self.assertIsNone(need.forecast_run)
        self.assertEqual(need.forecast_figures["main"], 150)
        self.assertContains(self.client.get(self.url("needs:need_detail", need.code)), "150")

    def test_it_checks_access(self) -> None:
        run = make_run(self.project)
        self.log_in(self.nora)
        self.assertEqual(self.client.post(self.url("needs:need_from_forecast", run.code)).status_code, 403)
        self.log_in(self.per)
        self.assertEqual(self.client.post(self.url("needs:need_from_forecast", run.code)).status_code, 404)
        self.log_in(self.ola)
        self.assertEqual(self.client.get(self.url("needs:need_from_forecast", run.code)).status_code, 405)
