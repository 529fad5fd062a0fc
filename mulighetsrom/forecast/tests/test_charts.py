from __future__ import annotations

import re
from unittest import TestCase

from mulighetsrom.forecast import charts

LABELS = {"MMMM": "Main", "LLML": "Low", "HHMH": "High", "range": "Low–high"}
SERIES: dict[str, dict[str, list[float | None]]] = {
    "Users": {"MMMM": [10.0, 12.0, 15.0], "LLML": [10.0, 11.0, 13.0], "HHMH": [10.0, 13.0, None]}
}


def chart(prefix: str = "c1") -> str:
    return charts.range_chart(
        years=[2026, 2027, 2028],
        series=SERIES,
        labels=LABELS,
        title="Users <&> title",
        ylabel="Users",
        prefix=prefix,
        capacity=11.0,
        capacity_label="Capacity",
        base=(2025, 9.0),
        base_label="Base",
    )


class ChartTestCase(TestCase):
    def test_it_is_deterministic(self) -> None:
        self.assertEqual(chart(), chart())

    def test_it_has_no_css_that_a_strict_csp_would_block(self) -> None:
        svg = chart()
        self.assertNotIn("<style", svg)
        self.assertNotIn("style=", svg)
        self.assertIn('fill="#ffffff"', svg)

    def test_it_prefixes_ids_and_references(self) -> None:
        svg = chart("abc")
        ids = re.findall(r'\bid="([^"]+)"', svg)
        self.assertTrue(ids)
        self.assertTrue(all(i.startswith("abc-") for i in ids))
        for ref in re.findall(r"url\(#([^)]+)\)", svg):
            self.assertIn(ref, ids)

    def test_it_is_an_accessible_responsive_image(self) -> None:
        svg = chart()
        self.assertTrue(svg.startswith("<svg"))
        self.assertIn('role="img"', svg)
        self.assertIn('<title id="c1-title">Users &lt;&amp;&gt; title</title>', svg)
        self.assertIn('width="100%"', svg)
        self.assertNotIn("<?xml", svg)

    def test_it_draws_a_pyramid(self) -> None:
        svg = charts.pyramid_chart(
            groups=["0–4", "5+"],
            men={2026: [5.0, 3.0], 2040: [4.0, 4.0]},
            women={2026: [5.0, 4.0], 2040: [4.0, 5.0]},
            title="Pyramid",
            men_label="Men",
            women_label="Women",
            prefix="p",
        )
        self.assertIn("Pyramid", svg)
        self.assertNotIn("style=", svg)
