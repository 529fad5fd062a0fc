from __future__ import annotations

from unittest import TestCase

from mulighetsrom.forecast import cohort_model as cm
from mulighetsrom.forecast import jsonstat, population
from mulighetsrom.forecast.tests import registered_text
from mulighetsrom.forecast.tests.test_jsonstat import tiny


def projection_like(**overrides: object) -> dict:
    data = tiny(
        label="14746: test",
        id=["Tid", "ContentsCode", "Alder"],
        size=[2, 2, 2],
        value=[1, 2, 3, 4, 5, 6, 7, 8],
    )
    data["dimension"] = {
        "Tid": {"category": {"index": ["2026", "2027"]}},
        "ContentsCode": {"category": {"index": ["Personer", "Personer1"]}},
        "Alder": {"category": {"index": ["080", "105+"]}},
    }
    data.update(overrides)
    return data


class PopulationFrameTestCase(TestCase):
    def test_it_handles_any_order_and_an_eliminated_sex(self) -> None:
        pop = population.population_frame(
            jsonstat.decode(projection_like()), contents=population.PROJECTION_2026.contents
        )
        self.assertEqual(set(pop["sex"]), {"total"})
        main = pop[(pop["alternative"] == "MMMM") & (pop["year"] == 2027)]
        self.assertEqual(main["persons"].tolist(), [5.0, 6.0])
        self.assertEqual(main["age"].tolist(), [80, 105])

    def test_it_refuses_suppressed_cells(self) -> None:
        data = projection_like(status={"3": ".."})
        with self.assertRaises(jsonstat.JsonStatError) as ctx:
            population.population_frame(jsonstat.decode(data), contents=population.PROJECTION_2026.contents)
        self.assertEqual(ctx.exception.code, "missing_cells")

    def test_it_refuses_negative_populations(self) -> None:
        data = projection_like(value=[1, 2, 3, -4, 5, 6, 7, 8])
        with self.assertRaises(jsonstat.JsonStatError) as ctx:
            population.population_frame(jsonstat.decode(data), contents=population.PROJECTION_2026.contents)
        self.assertEqual(ctx.exception.code, "negative_population")

    def test_it_needs_age_and_year(self) -> None:
        data = projection_like(id=["Tid", "ContentsCode"], size=[2, 2], value=[1, 2, 3, 4])
        with self.assertRaises(jsonstat.JsonStatError) as ctx:
            population.population_frame(jsonstat.decode(data), contents=population.PROJECTION_2026.contents)
        self.assertEqual(ctx.exception.params["dimension"], "Alder")

    def test_it_needs_a_known_alternative(self) -> None:
        with self.assertRaises(jsonstat.JsonStatError) as ctx:
            population.population_frame(jsonstat.decode(projection_like()), contents={"Personer9": "X"})
        self.assertEqual(ctx.exception.code, "no_alternatives")

    def test_it_drops_the_zero_years_before_a_code_existed(self) -> None:
        ds = jsonstat.loads(registered_text())
        pop = population.population_frame(ds, contents=population.REGISTERED_07459.contents)
        self.assertEqual(sorted(pop["year"].unique()), [2024, 2025, 2026])
        bands = cm.population_by_band(pop, cm.PANEL_BANDS)
        self.assertEqual(bands.loc[("registered", 2025)].tolist(), [25692, 4571, 1775])
        self.assertEqual(bands.loc[("registered", 2026)].sum(), 32082)
