from __future__ import annotations

from decimal import Decimal

from django.test import SimpleTestCase

from mulighetsrom.needs.cuts import cut_impact
from mulighetsrom.needs.rows import GroupRow, InsightRow, NeedRow, RequirementRow, RoomRow, TraceRows
from mulighetsrom.needs.tests.factories import make_insight, make_need, make_requirement, make_room
from mulighetsrom.stakeholders.models import StakeholderGroup
from mulighetsrom.test import BaseTestCase


class CutImpactTestCase(SimpleTestCase):
    def rows(self) -> TraceRows:
        return TraceRows(
            needs=[
                NeedRow(1, "BEH-001", "Eget bad", "must", "agreed", beneficiary_ids=(10,), insight_ids=(100, 101)),
                NeedRow(2, "BEH-002", "Sansehage", "should", "agreed", beneficiary_ids=(10, 11), insight_ids=(101,)),
                NeedRow(3, "BEH-003", "Uten krav", "could", "agreed", beneficiary_ids=(11,)),
            ],
            requirements=[
                RequirementRow(20, "ROM-001", "Bad"),
                RequirementRow(21, "FUN-001", "Hage"),
                RequirementRow(22, "FUN-002", "Sti"),
            ],
            links=[(1, 20), (2, 21), (2, 22)],
            rooms=[
                RoomRow(30, "BAD-01", "Bad", quantity=10, net_area=Decimal("5.5"), requirement_ids=(20,)),
                RoomRow(31, "BAD-02", "Bad stort", quantity=1, net_area=Decimal("8"), requirement_ids=(20,)),
            ],
            insights=[InsightRow(100, "A", observation_ids=(1, 2)), InsightRow(101, "B", observation_ids=(2, 3))],
            groups=[GroupRow(10, "Beboere"), GroupRow(11, "Pårørende")],
        )

    def test_it_finds_needs_losing_their_last_requirement(self) -> None:
        impact = cut_impact(self.rows(), requirement_ids=[20, 21])
        self.assertEqual([n.ref for n in impact.needs_losing_last_requirement], ["BEH-001"])
        self.assertEqual([n.ref for n in impact.needs_weakened], ["BEH-002"])

    def test_it_loses_a_requirement_when_all_its_room_types_are_cut(self) -> None:
        self.assertEqual(cut_impact(self.rows(), room_ids=[30]).needs_losing_last_requirement, [])
        impact = cut_impact(self.rows(), room_ids=[30, 31])
        self.assertEqual([r.ref for r in impact.requirements_left_without_rooms], ["ROM-001"])
        self.assertEqual([n.ref for n in impact.needs_losing_last_requirement], ["BEH-001"])
        self.assertEqual(impact.area_removed, Decimal("63.0"))

    def test_it_counts_groups_and_evidence(self) -> None:
        impact = cut_impact(self.rows(), requirement_ids=[20, 21, 22])
        self.assertEqual([(a.group.name, len(a.needs_lost)) for a in impact.groups], [("Beboere", 2), ("Pårørende", 1)])
        self.assertEqual([i.statement for i in impact.insights], ["A", "B"])
        self.assertEqual(impact.observation_count, 3)  # observation 2 counts once

    def test_it_is_empty_when_nothing_is_picked(self) -> None:
        self.assertTrue(cut_impact(self.rows()).is_empty)


class CutsViewTestCase(BaseTestCase):
    def test_it_shows_the_impact_without_changing_anything(self) -> None:
        group = StakeholderGroup.objects.filter(project=self.project).first()
        need = make_need(
            self.project,
            self.kari,
            "Eget bad",
            priority="must",
            beneficiaries=[group],
            insights=[make_insight(self.project)],
        )
        req = make_requirement(self.project, self.kari, needs=(need,))
        room = make_room(self.project, self.kari, requirements=(req,))
        self.log_in(self.nora)
        r = self.client.get(self.url("needs:cuts") + f"?room={room.code}")
        self.assertContains(r, "Needs that lose their last requirement")
        self.assertContains(r, need.statement)
        self.assertContains(r, "2 observations")
        self.assertEqual(room.__class__.objects.count(), 1)

    def test_it_keeps_picks_outside_the_shown_category(self) -> None:
        need = make_need(self.project, self.kari, "Bad")
        req = make_requirement(self.project, self.kari, "Bad-krav", needs=(need,), category="room")
        self.log_in(self.nora)
        r = self.client.get(self.url("needs:cuts") + f"?requirement={req.code}&category=technical")
        self.assertContains(r, f'type="hidden" name="requirement" value="{req.code}"')
        self.assertContains(r, f"(0.0 m² net): {req.ref}")  # still cut, though not shown in the list
        self.assertContains(r, "BEH-001 Bad")
