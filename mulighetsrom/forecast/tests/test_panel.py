from __future__ import annotations

import io
from unittest import TestCase

from mulighetsrom.forecast import panel
from mulighetsrom.forecast.cohort_model import ModelError

HEADER = (
    "kommunenr_2024,år,kommunenr_hist_kilder,Y_4_ialt,folk_0_66,folk_67_79,folk_80p,folk_ialt,Y_1_a_ialt,"
    "Y_1_a_0_66,Y_1_a_67_79,Y_1_a_80p,Y_2_ialt,Y_3_a_ialt,Y_3_a_0_66,Y_3_a_67_79,Y_3_a_80p,Y_5_ialt\n"
)


def tiny_panel(*rows: str) -> object:
    return panel.load_panel(io.StringIO(HEADER + "\n".join(rows) + "\n"))


class PanelTestCase(TestCase):
    def test_it_resolves_old_codes_to_2024_codes(self) -> None:
        data = panel.shipped_panel()
        self.assertEqual(panel.resolve_code("0219", data), "3201")
        self.assertEqual(panel.resolve_code("3024", data), "3201")
        self.assertEqual(panel.resolve_code("301", data), "0301")
        with self.assertRaises(ModelError) as ctx:
            panel.resolve_code("9999", data)
        self.assertEqual(ctx.exception.code, "unknown_municipality")

    def test_it_refuses_a_code_that_was_split(self) -> None:
        data = tiny_panel('"1111",2020,"0999",,1,1,1,3,,,,,,1,,,,', '"2222",2020,"0999",,1,1,1,3,,,,,,1,,,,')
        with self.assertRaises(ModelError) as ctx:
            panel.resolve_code("0999", data)
        self.assertEqual(ctx.exception.code, "split_municipality")

    def test_it_keeps_baerum_continuous(self) -> None:
        rows = panel.series(panel.shipped_panel(), "3201")
        self.assertEqual(rows.index.min(), 2007)
        self.assertEqual(rows.at[2024, "folk_ialt"], 130921)
        self.assertEqual({rows.at[2010, "sources"], rows.at[2021, "sources"]}, {"0219", "3024"})

    def test_it_reads_oslos_base_year(self) -> None:
        base = panel.base_year_users(panel.shipped_panel(), "0301", "long_term_institution", 2025)
        self.assertEqual(base.total_users, 3759)
        self.assertEqual(base.users["80+"], 2317)
        self.assertEqual(base.population, {"0–66": 639380, "67–79": 60499, "80+": 24411})
        self.assertEqual(base.notes, [])

    def test_it_fills_one_suppressed_band_from_the_total(self) -> None:
        data = tiny_panel('"1111",2025,"1111",,1000,100,50,1150,,,,,,20,,5,12,')
        base = panel.base_year_users(data, "1111", "long_term_institution", 2025)
        self.assertEqual(base.users, {"0–66": 3.0, "67–79": 5.0, "80+": 12.0})
        self.assertEqual(base.notes, ["one_band_filled"])

    def test_it_splits_several_suppressed_bands_by_the_national_profile(self) -> None:
        data = tiny_panel(
            '"1111",2025,"1111",,1000,100,50,1150,,,,,,20,,,10,',
            '"2222",2025,"2222",,1000,100,100,1200,,,,,,30,10,10,10,',
        )
        base = panel.base_year_users(data, "1111", "long_term_institution", 2025)
        # remainder 10, weights 1000 × 0.01 = 10 and 100 × 0.1 = 10 → 5 and 5
        self.assertEqual(base.users, {"0–66": 5.0, "67–79": 5.0, "80+": 10.0})
        self.assertIn("bands_filled_by_national_profile", base.notes)

    def test_it_scales_bands_that_miss_the_total(self) -> None:
        data = tiny_panel('"1111",2025,"1111",,1000,100,50,1150,,,,,,20,2,4,4,')
        base = panel.base_year_users(data, "1111", "long_term_institution", 2025)
        self.assertEqual(base.users, {"0–66": 4.0, "67–79": 8.0, "80+": 8.0})
        self.assertEqual(base.notes, ["bands_scaled_to_total"])

    def test_it_uses_all_ages_for_a_service_without_bands(self) -> None:
        base = panel.base_year_users(panel.shipped_panel(), "0301", "staffed_housing_24h", 2025)
        self.assertEqual(base.users, {"0+": 2398.0})
        self.assertEqual(base.population, {"0+": 724290.0})
        self.assertEqual(base.notes, ["no_bands_in_panel"])

    def test_it_reports_a_base_year_without_data(self) -> None:
        with self.assertRaises(ModelError) as ctx:
            panel.base_year_users(panel.shipped_panel(), "0301", "long_term_institution", 2008)
        self.assertEqual(ctx.exception.code, "no_base_year")
        self.assertEqual(ctx.exception.params["years"], "2009–2025")
