from __future__ import annotations

import json
from typing import Any
from unittest import TestCase

from django.utils import translation

from mulighetsrom.forecast import cohort_model as cm
from mulighetsrom.forecast import export, presenters
from mulighetsrom.forecast.models import ForecastRun, PopulationDataset
from mulighetsrom.forecast.results import ForecastResult, Pyramid, Range, range_at
from mulighetsrom.forecast.tests.test_cohort_model import tiny_population, tiny_spec
from mulighetsrom.test import BaseTestCase

# What compute_forecast returned, and runs stored, before results were dataclasses: the tiny
# population of test_cohort_model with rates 0.1 (80–89) and 0.5 (90+) and capacity 8.
OLD_TINY_OUTPUTS: dict[str, Any] = {
    "alternatives": ["MMMM", "LLML"],
    "bands": ["0–66", "67–79", "80–89", "90+"],
    "base_users": None,
    "base_year": 2026,
    "capacity": 8.0,
    "care_ratio": {"LLML": [0.0, 0.0], "MMMM": [0.0, 0.0]},
    "dependency": {"LLML": [None, None], "MMMM": [None, None]},
    "first_year_over_capacity": {"LLML": None, "MMMM": 2027},
    "gap": {"LLML": [-4.5, -1.0], "MMMM": [-1.0, 6.0]},
    "notes": ["rates_by_hand"],
    "population": {
        "0–66": {"LLML": [50.0, 50.0], "MMMM": [100.0, 100.0]},
        "67–79": {"LLML": [20.0, 20.0], "MMMM": [40.0, 40.0]},
        "80–89": {"LLML": [10.0, 20.0], "MMMM": [20.0, 40.0]},
        "90+": {"LLML": [5.0, 10.0], "MMMM": [10.0, 20.0]},
    },
    "population_total": {"LLML": [85.0, 100.0], "MMMM": [170.0, 200.0]},
    "pyramid": {
        "2026:total": [100.0, *[0.0] * 13, 40.0, 0.0, 0.0, 20.0, 10.0],
        "2027:total": [100.0, *[0.0] * 13, 40.0, 0.0, 0.0, 40.0, 20.0],
        "alternative": "MMMM",
        "groups": [
            "0–4",
            "5–9",
            "10–14",
            "15–19",
            "20–24",
            "25–29",
            "30–34",
            "35–39",
            "40–44",
            "45–49",
            "50–54",
            "55–59",
            "60–64",
            "65–69",
            "70–74",
            "75–79",
            "80–84",
            "85–89",
            "90+",
        ],
        "years": [2026, 2027],
    },
    "users": {"LLML": [3.5, 7.0], "MMMM": [7.0, 14.0]},
    "users_by_band": {
        "80–89": {"LLML": [1.0, 2.0], "MMMM": [2.0, 4.0]},
        "90+": {"LLML": [2.5, 5.0], "MMMM": [5.0, 10.0]},
    },
    "years": [2026, 2027],
}


class ForecastResultTestCase(TestCase):
    def test_it_stores_the_same_json_as_before(self) -> None:
        result = cm.compute_forecast(tiny_spec(), tiny_population())
        self.assertEqual(result.to_json(), OLD_TINY_OUTPUTS)

    def test_it_survives_a_round_trip_through_json_text(self) -> None:
        result = cm.compute_forecast(tiny_spec(), tiny_population())
        stored = json.loads(json.dumps(result.to_json()))
        self.assertEqual(ForecastResult.from_json(stored), result)
        self.assertEqual(ForecastResult.from_json(stored).to_json(), stored)

    def test_it_reads_the_old_shape_into_typed_fields(self) -> None:
        result = ForecastResult.from_json(OLD_TINY_OUTPUTS)
        self.assertEqual(result.years, [2026, 2027])
        self.assertEqual(result.main_users(2027), 14.0)
        self.assertEqual(result.first_year_over_capacity["MMMM"], 2027)
        assert result.pyramid is not None
        self.assertEqual(result.pyramid.years, [2026, 2027])
        # No sex split in the tiny data: the total is drawn as men, women are zeros.
        self.assertEqual(result.pyramid.men(2027)[-2:], [40.0, 20.0])
        self.assertEqual(result.pyramid.women(2027), [0.0] * 19)

    def test_it_reads_a_partial_run_with_only_years_and_users(self) -> None:
        result = ForecastResult.from_json({"years": [2026, 2040], "users": {"MMMM": [1, 2], "LLML": [1, 3]}})
        self.assertEqual(result.alternatives, ["MMMM", "LLML"])
        self.assertIsNone(result.capacity)
        self.assertIsNone(result.pyramid)
        self.assertEqual(result.users_range(2040), Range(2, 2, 3))

    def test_it_orders_the_low_high_span(self) -> None:
        series = {"MMMM": [5.0], "LLML": [7.0], "HHMH": [3.0]}
        self.assertEqual(range_at(series, 0), Range(5.0, 3.0, 7.0))
        self.assertFalse(range_at({"MMMM": [5.0]}, 0).has_span)

    def test_the_pyramid_keeps_sexes_apart(self) -> None:
        data = {
            "alternative": "MMMM",
            "groups": ["0–4", "90+"],
            "years": [2026],
            "2026:1": [1.0, 2.0],
            "2026:2": [3.0, 4.0],
        }
        pyramid = Pyramid.from_json(data)
        self.assertEqual((pyramid.men(2026), pyramid.women(2026)), ([1.0, 2.0], [3.0, 4.0]))
        self.assertEqual(pyramid.to_json(), data)


class OldRunTestCase(BaseTestCase):
    """A run saved in the old shape still shows, exports and becomes a need."""

    def setUp(self) -> None:
        dataset = PopulationDataset.objects.create(
            kind="projection", source="upload", table_id="14746", municipality="4601", label="Test", raw="{}"
        )
        spec = {**tiny_spec().to_dict(), "bands": ["0–66", "67–79", "80–89", "90+"]}
        self.run = ForecastRun.objects.create(
            project=self.project,
            name="Gammel framskriving",
            service="custom",
            municipality="4601",
            dataset=dataset,
            inputs={
                "model_version": 1,
                "spec": spec,
                "dataset": {
                    "code": str(dataset.code),
                    "sha256": dataset.sha256,
                    "table_id": "14746",
                    "municipality": "4601",
                    "region_label": "Bergen",
                    "source": "upload",
                    "retrieved_at": None,
                    "ssb_updated": "",
                },
            },
            outputs=OLD_TINY_OUTPUTS,
        )

    def test_its_figures_read_the_stored_values(self) -> None:
        with translation.override("en"):
            figures = {f.id: f for f in presenters.figures(self.run)}
        users = figures["users"]
        self.assertEqual(users.headers[-1], "Gap to capacity (main)")
        self.assertEqual(users.rows, [["2026", "7", "4", "-1"], ["2027", "14", "7", "6"]])
        self.assertIn("The capacity of 8 is exceeded in 2027; the gap in 2027 is 6.", users.summary)
        self.assertEqual(figures["population"].rows[1], ["2027", "100", "40", "40", "20"])
        self.assertIn("<svg", figures["pyramid"].svg)

    def test_it_exports_and_states_the_need(self) -> None:
        self.assertTrue(export.run_xlsx(self.run).startswith(b"PK"))
        need = presenters.need_seam(self.run, 2027)
        self.assertEqual((need["low"], need["main"], need["high"]), (7.0, 14.0, 14.0))
