from __future__ import annotations

from django.test import SimpleTestCase

from mulighetsrom.needs.gaps import find_gaps
from mulighetsrom.needs.rows import GroupRow, InsightRow, NeedRow, RequirementRow, TraceRows
from mulighetsrom.needs.tests.factories import make_insight, make_need, make_requirement
from mulighetsrom.stakeholders.models import StakeholderGroup
from mulighetsrom.test import BaseTestCase


def refs(rows: list) -> list:
    return [getattr(r, "ref", None) or getattr(r, "name", None) or r.statement for r in rows]


class FindGapsTestCase(SimpleTestCase):
    def rows(self) -> TraceRows:
        return TraceRows(
            needs=[
                NeedRow(
                    1, "BEH-001", "Må, avtalt, uten krav", "must", "agreed", beneficiary_ids=(10,), insight_ids=(100,)
                ),
                NeedRow(2, "BEH-002", "Må, avtalt, med krav", "must", "agreed", beneficiary_ids=(10,)),
                NeedRow(3, "BEH-003", "Må, foreslått, uten krav", "must", "proposed", beneficiary_ids=(11,)),
                NeedRow(4, "BEH-004", "Kan", "could", "agreed", beneficiary_ids=(12,)),
                NeedRow(5, "BEH-005", "Avvist", "must", "rejected", beneficiary_ids=(12,), insight_ids=(101,)),
            ],
            requirements=[
                RequirementRow(20, "FUN-001", "Koblet", verification_method="inspection"),
                RequirementRow(21, "FUN-002", "Fri"),
                RequirementRow(22, "TEK-001", "Forskrift", necessity="regulatory", verification_method="test"),
                RequirementRow(23, "FUN-003", "Frafalt", status="waived"),
            ],
            links=[(2, 20)],
            insights=[
                InsightRow(100, "Brukt"),
                InsightRow(101, "Bare i avvist behov"),
                InsightRow(102, "Avvist", status="rejected"),
            ],
            groups=[
                GroupRow(10, "Beboere"),
                GroupRow(11, "Pårørende"),
                GroupRow(12, "Naboer"),
                GroupRow(13, "Ansatte"),
            ],
        )

    def test_it_finds_agreed_must_needs_without_requirements(self) -> None:
        self.assertEqual(refs(find_gaps(self.rows()).must_needs_without_requirements), ["BEH-001"])

    def test_it_finds_requirements_without_needs_unless_marked_as_necessity(self) -> None:
        self.assertEqual(refs(find_gaps(self.rows()).requirements_without_needs), ["FUN-002"])

    def test_it_finds_insights_without_needs(self) -> None:
        # An insight used only by a rejected need has not led to a need; a rejected insight is no gap.
        self.assertEqual(refs(find_gaps(self.rows()).insights_without_needs), ["Bare i avvist behov"])

    def test_it_finds_requirements_without_verification(self) -> None:
        self.assertEqual(refs(find_gaps(self.rows()).requirements_without_verification), ["FUN-002"])

    def test_it_finds_groups_whose_needs_are_all_could_or_rejected(self) -> None:
        # Naboer: one "could", one rejected. Ansatte has no needs: not this gap.
        self.assertEqual(refs(find_gaps(self.rows()).groups_with_only_weak_needs), ["Naboer"])

    def test_it_counts_all_gaps(self) -> None:
        self.assertEqual(find_gaps(self.rows()).total, 5)
        self.assertEqual(find_gaps(TraceRows()).total, 0)


class GapsOnDashboardTestCase(BaseTestCase):
    def build(self, n: int) -> None:
        group = StakeholderGroup.objects.filter(project=self.project).first()
        for i in range(n):
            insight = make_insight(self.project, f"Innsikt {i}")
            need = make_need(
                self.project,
                self.kari,
                f"Behov {i}",
                priority="must",
                status="agreed",
                beneficiaries=[group],
                insights=[insight],
            )
            make_requirement(self.project, self.kari, f"Krav {i}", needs=(need,) if i % 2 else ())
            make_insight(self.project, f"Ubrukt {i}")

    def test_it_shows_gaps_on_the_dashboard(self) -> None:
        self.build(2)
        self.log_in(self.nora)
        r = self.client.get(f"/p/{self.project.slug}/")
        self.assertContains(r, "1 agreed must-need has no requirement")
        self.assertContains(r, "1 requirement has no need")
        self.assertContains(r, "2 insights have not led to a need")
        self.assertContains(r, "2 requirements have no verification method")

    def test_it_computes_gaps_with_a_constant_number_of_queries(self) -> None:
        self.log_in(self.nora)
        self.build(1)
        small = self.count_queries(self.url("needs:gaps"))
        self.build(6)
        self.assertEqual(self.count_queries(self.url("needs:gaps")), small)
