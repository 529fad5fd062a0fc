from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError

from mulighetsrom.demo import forecast as demo_forecast
from mulighetsrom.forecast import actions, presenters
from mulighetsrom.forecast.models import ForecastRun, PopulationDataset
from mulighetsrom.forecast.runs import RunChoices
from mulighetsrom.forecast.tests import PROJECTION_FILE, registered_text
from mulighetsrom.test import BaseTestCase


class RunActionsTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.projection = actions.ensure_shipped_datasets()[0]
        self.choices = RunChoices(service="long_term_institution", municipality="0301", base_year=2025)

    def test_it_ships_the_sample_data_once(self) -> None:
        actions.ensure_shipped_datasets()
        self.assertEqual(PopulationDataset.objects.filter(source=PopulationDataset.Source.SHIPPED).count(), 2)
        registered = PopulationDataset.objects.get(kind=PopulationDataset.Kind.REGISTERED)
        self.assertEqual((registered.municipality, registered.first_year), ("3101", 2024))

    def test_it_reproduces_a_run(self) -> None:
        run = actions.create_run(
            project=self.project, dataset=self.projection, name="x", choices=self.choices, acting_user=self.kari
        )
        run.refresh_from_db()
        self.assertEqual(actions.recompute_run(run), run.outputs)
        self.assertEqual(run.inputs["dataset"]["sha256"], self.projection.sha256)
        self.assertEqual(run.inputs["spec"]["rates"]["80+"], 2317 / 24411)

    def test_it_projects_oslo_long_term_users(self) -> None:
        _, outputs = actions.compute_run(dataset=self.projection, choices=self.choices)
        i = outputs["years"].index(2040)
        self.assertAlmostEqual(outputs["users"]["MMMM"][i], 5946.764, places=2)
        self.assertLess(outputs["users"]["LLML"][i], outputs["users"]["MMMM"][i])
        self.assertLess(outputs["users"]["MMMM"][i], outputs["users"]["HHMH"][i])
        self.assertEqual(outputs["first_year_over_capacity"]["MMMM"], 2026)

    def test_it_uses_the_coverage_method(self) -> None:
        choices = RunChoices(
            service="long_term_institution",
            municipality="0301",
            base_year=2025,
            method="coverage",
            target_coverage=0.1,
            target_year=2050,
        )
        _, outputs = actions.compute_run(dataset=self.projection, choices=choices)
        self.assertAlmostEqual(outputs["users"]["MMMM"][-1], 59153 * 0.1, places=2)

    def test_it_refuses_a_registered_population_as_projection(self) -> None:
        registered = PopulationDataset.objects.get(kind=PopulationDataset.Kind.REGISTERED)
        with self.assertRaises(actions.ForecastInputError):
            actions.compute_run(dataset=registered, choices=self.choices)

    def test_it_saves_nothing_when_the_model_fails(self) -> None:
        choices = RunChoices(service="long_term_institution", municipality="0301", base_year=2008)
        with self.assertRaises(actions.ForecastInputError) as ctx:
            actions.create_run(
                project=self.project, dataset=self.projection, name="x", choices=choices, acting_user=None
            )
        self.assertIn("2008", str(ctx.exception))
        self.assertFalse(ForecastRun.objects.exists())

    def test_it_states_the_need_for_the_thread(self) -> None:
        run = actions.create_run(
            project=self.project, dataset=self.projection, name="Oslo", choices=self.choices, acting_user=None
        )
        need = presenters.need_seam(run, 2040)
        self.assertEqual(need["year"], 2040)
        self.assertAlmostEqual(need["main"], 5946.764, places=2)
        self.assertLess(need["low"], need["main"])
        self.assertLess(need["main"], need["high"])
        self.assertIn("2040", need["text"])
        self.assertIn("Oslo", need["text"])

    def test_it_loads_the_demo_forecasts(self) -> None:
        runs = demo_forecast.load(self.project, self.kari)
        self.assertEqual(len(runs), 2)
        self.assertTrue(all(r.municipality == "0301" for r in runs))


class CommandTestCase(BaseTestCase):
    def call(self, *args: str) -> str:
        out = StringIO()
        call_command(*args, stdout=out)
        return out.getvalue()

    def test_it_prints_json(self) -> None:
        out = json.loads(
            self.call(
                "forecast",
                "--municipality",
                "0301",
                "--service",
                "long_term_institution",
                "--base-year",
                "2025",
                "--years",
                "2030,2040,2050",
                "--format",
                "json",
            )
        )
        self.assertEqual(set(out["users"]), {"MMMM", "LLML", "HHMH"})
        self.assertAlmostEqual(out["users"]["MMMM"]["2040"], 5946.764, places=2)
        self.assertEqual(out["attribution"], "Kilde: Statistisk sentralbyrå")

    def test_it_prints_csv(self) -> None:
        lines = self.call(
            "forecast", "--municipality", "0301", "--service", "home_services", "--years", "2030", "--format", "csv"
        ).splitlines()
        self.assertEqual(lines[0], "municipality,service,alternative,year,users")
        self.assertEqual(len(lines), 4)

    def test_it_explains_a_missing_projection(self) -> None:
        with self.assertRaises(CommandError):
            self.call("forecast", "--municipality", "3201", "--service", "long_term_institution")

    def test_it_loads_a_file(self) -> None:
        out = self.call("load_jsonstat", str(PROJECTION_FILE), "--organization", "4601")
        self.assertIn("14746", out)
        self.assertEqual(PopulationDataset.objects.get(source="upload").organization, self.organization)

    def test_it_refuses_a_bad_file(self) -> None:
        path = PROJECTION_FILE.parent / "07459_query.json"
        with self.assertRaises(CommandError):
            self.call("load_jsonstat", str(path))
        self.assertTrue(registered_text())
