from __future__ import annotations

from unittest import TestCase

import numpy as np
import pandas as pd
from numpy.testing import assert_allclose

from mulighetsrom.forecast import cohort_model as cm
from mulighetsrom.forecast import jsonstat, population
from mulighetsrom.forecast.tests import projection_text


def tiny_spec() -> cm.ForecastSpec:
    """Rates 0.1 (80–89) and 0.5 (90+), capacity 8, on `tiny_population`."""
    return cm.ForecastSpec(
        service="custom",
        service_label="x",
        base_year=2026,
        bands=["0-66", "67-79", "80-89", "90+"],
        rates={"80–89": 0.1, "90+": 0.5},
        capacity=8.0,
        notes=["rates_by_hand"],
    )


def tiny_population() -> pd.DataFrame:
    """Two alternatives, two years, ages 0, 70, 85, 95, one sex: easy to check by hand."""
    rows = []
    for alt, scale in (("MMMM", 1.0), ("LLML", 0.5)):
        for year, grow in ((2026, 1.0), (2027, 2.0)):
            for age, persons in ((0, 100.0), (70, 40.0), (85, 20.0), (95, 10.0)):
                rows.append((alt, year, "total", age, persons * scale * (grow if age >= 80 else 1.0)))
    return pd.DataFrame(rows, columns=["alternative", "year", "sex", "age", "persons"])


class BandTestCase(TestCase):
    def test_it_parses_bands(self) -> None:
        self.assertEqual(cm.parse_bands("0-66, 67–79, 80+"), (cm.Band(0, 66), cm.Band(67, 79), cm.Band(80, None)))
        self.assertEqual(cm.Band(90, None).label, "90+")

    def test_it_rejects_bad_and_overlapping_bands(self) -> None:
        for text, code in (
            ("0-66, 60-79", "overlapping_bands"),
            ("x", "bad_band"),
            ("80-70", "bad_band"),
            ("", "no_bands"),
        ):
            with self.assertRaises(cm.ModelError) as ctx:
                cm.parse_bands(text)
            self.assertEqual(ctx.exception.code, code, text)


class ModelTestCase(TestCase):
    def test_it_sums_population_by_band(self) -> None:
        bands = cm.population_by_band(tiny_population(), cm.DEFAULT_BANDS)
        self.assertEqual(bands.loc[("MMMM", 2027)].tolist(), [100.0, 40.0, 40.0, 20.0])
        self.assertEqual(bands.loc[("LLML", 2026)].tolist(), [50.0, 20.0, 10.0, 5.0])

    def test_it_computes_use_rates(self) -> None:
        self.assertEqual(cm.use_rates({"80+": 30.0}, {"80+": 120.0}), {"80+": 0.25})

    def test_it_refuses_zero_or_negative_inputs(self) -> None:
        for users, pop, code in (
            ({"80+": 3.0}, {"80+": 0.0}, "zero_population"),
            ({"80+": 3.0}, {"80+": -5.0}, "zero_population"),
            ({"80+": -1.0}, {"80+": 5.0}, "negative_users"),
            ({"80+": float("nan")}, {"80+": 5.0}, "missing_users"),
        ):
            with self.assertRaises(cm.ModelError) as ctx:
                cm.use_rates(users, pop)
            self.assertEqual(ctx.exception.code, code)

    def test_it_projects_users_with_a_yearly_change(self) -> None:
        bands = cm.population_by_band(tiny_population(), cm.PANEL_BANDS)
        users = cm.project_users(bands, {"67–79": 0.1, "80+": 0.5}, base_year=2025, yearly_change=-0.5)
        # 2026: (40 × 0.1 + 30 × 0.5) × 0.5 = 9.5; 2027: (4 + 60 × 0.5) × 0.25 = 8.5
        assert_allclose(users.loc["MMMM", "total"].to_numpy(), [9.5, 8.5])

    def test_it_moves_coverage_towards_a_target(self) -> None:
        path = cm.coverage_path(
            np.array([2025, 2030, 2035, 2040]), base_year=2025, base=0.2, target=0.1, target_year=2035
        )
        assert_allclose(path, [0.2, 0.15, 0.1, 0.1])

    def test_it_finds_the_first_year_over_capacity(self) -> None:
        series = pd.Series([90.0, 100.0, 101.0, 99.0], index=[2026, 2027, 2028, 2029])
        self.assertEqual(cm.first_year_over(series, 100.0), 2028)
        self.assertIsNone(cm.first_year_over(series, 200.0))

    def test_it_computes_ratios(self) -> None:
        care = cm.ratio(tiny_population(), cm.Band(67, 79), cm.Band(85, None))
        self.assertEqual(care.loc[2026, "MMMM"], 40.0 / 30.0)

    def test_it_computes_a_whole_forecast_on_a_tiny_population(self) -> None:
        result = cm.compute_forecast(tiny_spec(), tiny_population())
        self.assertEqual(result.users["MMMM"], [7.0, 14.0])
        self.assertEqual(result.first_year_over_capacity, {"MMMM": 2027, "LLML": None})
        assert result.gap is not None
        self.assertEqual(result.gap["MMMM"], [-1.0, 6.0])

    def test_it_rejects_a_base_year_after_the_projection(self) -> None:
        spec = cm.ForecastSpec(service="custom", service_label="x", base_year=2030, rates={"80+": 0.1})
        with self.assertRaises(cm.ModelError) as ctx:
            cm.compute_forecast(spec, tiny_population())
        self.assertEqual(ctx.exception.code, "base_year_after_projection")


class RealProjectionTestCase(TestCase):
    pop: pd.DataFrame

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        ds = jsonstat.loads(projection_text())
        cls.pop = population.population_frame(ds, contents=population.PROJECTION_2026.contents)

    def test_it_matches_the_band_totals_in_sources_md(self) -> None:
        bands = cm.population_by_band(self.pop, cm.PANEL_BANDS)
        expected = {
            ("MMMM", 2026): [641669, 61220, 25825],
            ("LLML", 2026): [641669, 61220, 25825],
            ("HHMH", 2026): [641669, 61220, 25825],
            ("MMMM", 2030): [656590, 65312, 31739],
            ("MMMM", 2040): [686124, 81768, 43862],
            ("MMMM", 2050): [694067, 91426, 59153],
            ("LLML", 2050): [601737, 87761, 53154],
            ("HHMH", 2050): [788224, 94924, 65270],
        }
        for key, values in expected.items():
            self.assertEqual(bands.loc[key].tolist(), values, key)
        self.assertEqual(bands.loc[("HHMH", 2050)].sum(), 948418)

    def test_it_reads_sex_and_single_ages(self) -> None:
        first = self.pop[(self.pop["alternative"] == "MMMM") & (self.pop["sex"] == "2") & (self.pop["age"] == 0)]
        self.assertEqual(first["persons"].tolist()[:5], [4355, 4317, 4362, 4399, 4429])
        self.assertEqual(self.pop["age"].max(), 105)
