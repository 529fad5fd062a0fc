from __future__ import annotations

import io

from openpyxl import load_workbook

from mulighetsrom.lib.spreadsheets import safe_cell
from mulighetsrom.needs.tests.factories import make_need, make_requirement
from mulighetsrom.stakeholders.models import StakeholderGroup
from mulighetsrom.test import BaseTestCase


class MatrixTestCase(BaseTestCase):
    def build(self, n: int) -> None:
        group = StakeholderGroup.objects.filter(project=self.project).first()
        for i in range(n):
            need = make_need(
                self.project, self.kari, f"Behov {i}", priority="must" if i % 2 else "could", beneficiaries=[group]
            )
            make_requirement(
                self.project, self.kari, f"Krav {i}", needs=(need,), category="room" if i % 2 else "functional"
            )

    def test_it_shows_links_in_a_grid(self) -> None:
        self.build(3)
        self.log_in(self.nora)
        r = self.client.get(self.url("needs:matrix"))
        self.assertContains(r, "BEH-003")
        self.assertContains(r, "is-linked", count=3)

    def test_it_filters(self) -> None:
        self.build(4)
        self.log_in(self.nora)
        r = self.client.get(self.url("needs:matrix") + "?priority=must&category=room")
        self.assertContains(r, "2 needs, 2 requirements")

    def test_it_keeps_a_constant_number_of_queries(self) -> None:
        self.log_in(self.nora)
        self.build(2)
        small = self.count_queries(self.url("needs:matrix"))
        self.build(50)  # beyond the grid limit too
        self.assertEqual(self.count_queries(self.url("needs:matrix")), small)

    def test_it_exports_the_matrix_safely(self) -> None:
        need = make_need(self.project, self.kari, "=cmd|' /C calc'!A0")
        make_requirement(self.project, self.kari, "@SUM(1)", needs=(need,))
        self.log_in(self.nora)
        r = self.client.get(self.url("needs:matrix_export"))
        wb = load_workbook(io.BytesIO(r.content))
        self.assertEqual(wb.worksheets[0]["B2"].value, "'@SUM(1)")
        self.assertEqual(wb.worksheets[0]["C2"].value, "X")
        self.assertEqual(wb.worksheets[1]["B2"].value, "'=cmd|' /C calc'!A0")

    def test_it_exports_requirements(self) -> None:
        need = make_need(self.project, self.kari)
        make_requirement(self.project, self.kari, "-1 er for lite", needs=(need,), verification_method="test")
        self.log_in(self.nora)
        ws = load_workbook(io.BytesIO(self.client.get(self.url("needs:requirements_export")).content)).worksheets[0]
        self.assertEqual([c.value for c in ws[2]][:2], ["FUN-001", "'-1 er for lite"])
        self.assertEqual(ws["K2"].value, "BEH-001")


class ObservationTraceTestCase(BaseTestCase):
    def test_it_says_what_became_of_an_observation(self) -> None:
        from mulighetsrom.needs.tests.factories import make_insight, make_room

        insight = make_insight(self.project, "Lys")
        need = make_need(self.project, self.kari, "Dagslys i stua", insights=[insight])
        req = make_requirement(self.project, self.kari, needs=(need,))
        make_room(self.project, self.kari, ref="STUE-1", requirements=(req,))
        unused = make_insight(self.project, "Ubrukt", observations=1).evidence.first()
        unused.insights.clear()
        self.log_in(self.nora)
        r = self.client.get(self.url("needs:observation_trace", insight.evidence.first().code))
        for text in ("Lys", "Dagslys i stua", req.ref, "STUE-1"):
            self.assertContains(r, text)
        r = self.client.get(self.url("needs:observation_trace", unused.code))
        self.assertContains(r, "Not yet used")


class SafeCellTestCase(BaseTestCase):
    def test_it_prefixes_formula_starts(self) -> None:
        for value in ("=1+1", "+47", "-3", "@x", "\tx"):
            self.assertEqual(safe_cell(value), "'" + value)
        self.assertEqual(safe_cell("Bad"), "Bad")
        self.assertEqual(safe_cell(3), 3)
