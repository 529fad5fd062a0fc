"""The engagement plan checks in stakeholders/engagement.py, one test per warning kind."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.utils import timezone, translation

from mulighetsrom.stakeholders.engagement import warnings_for_projects
from mulighetsrom.stakeholders.models import EngagementEntry, StakeholderGroup
from mulighetsrom.test import BaseTestCase

TODAY = dt.date(2026, 6, 15)


class EngagementWarningsTestCase(BaseTestCase):
    def setUp(self) -> None:
        # Start from a clean plan with one group of each interesting sort.
        StakeholderGroup.objects.filter(project=self.project).delete()
        self.residents = self.group("Beboere", "residents", main=True)
        self.council = self.group("Eldreråd", "council_elderly")
        self.neighbours = self.group("Naboer", "neighbours")

    def group(self, name: str, category: str, main: bool = False) -> StakeholderGroup:
        return StakeholderGroup.objects.create(
            project=self.project, name=name, category=category, is_main_user_group=main
        )

    def plan(self, group: StakeholderGroup, step: int, level: str, **extra: Any) -> EngagementEntry:
        return EngagementEntry.objects.create(group=group, phase=self.phases[step], level=level, **extra)

    def warnings(self, today: dt.date = TODAY) -> list[tuple[str, str]]:
        with translation.override("en"):
            found = warnings_for_projects([self.project.pk], today)[self.project.pk]
            return [(w.kind, w.group.name) for w in found]

    def messages(self) -> list[str]:
        with translation.override("en"):
            return [w.message for w in warnings_for_projects([self.project.pk], TODAY)[self.project.pk]]

    def plan_everyone_well(self) -> None:
        self.plan(self.residents, 1, "involve")
        self.plan(self.council, 2, "consult")
        self.plan(self.neighbours, 3, "inform")

    def test_it_has_no_warnings_for_a_good_plan(self) -> None:
        self.plan_everyone_well()
        self.assertEqual(self.warnings(), [])

    def test_it_warns_about_a_group_with_no_involvement(self) -> None:
        self.plan(self.residents, 2, "consult")
        self.plan(self.council, 2, "consult")
        self.assertEqual(self.warnings(), [("no_involvement", "Naboer")])
        self.assertIn("Naboer has no planned involvement.", self.messages())

    def test_it_warns_when_a_main_group_is_first_involved_after_step_2(self) -> None:
        self.plan_everyone_well()
        EngagementEntry.objects.filter(group=self.residents).update(phase=self.phases[3])
        self.plan(self.residents, 1, "inform")
        self.assertEqual(self.warnings(), [("late_main_group", "Beboere")])
        self.assertIn(
            "Beboere is a main user group but is first involved in step 3 (should be step 2 or earlier).",
            self.messages(),
        )

    def test_it_accepts_a_main_group_first_involved_in_step_2(self) -> None:
        self.plan_everyone_well()
        EngagementEntry.objects.filter(group=self.residents).update(phase=self.phases[2])
        self.assertEqual(self.warnings(), [])

    def test_it_warns_when_a_main_group_is_only_informed(self) -> None:
        self.plan_everyone_well()
        EngagementEntry.objects.filter(group=self.residents).update(level="inform")
        self.plan(self.residents, 3, "inform")
        self.assertEqual(self.warnings(), [("inform_only", "Beboere")])
        self.assertIn("Beboere is a main user group but is only informed.", self.messages())

    def test_it_warns_when_a_council_is_not_heard_before_step_3(self) -> None:
        self.plan_everyone_well()
        EngagementEntry.objects.filter(group=self.council).update(phase=self.phases[3])
        self.assertEqual(self.warnings(), [("council_too_late", "Eldreråd")])
        self.assertIn(
            "Eldreråd is not planned to be heard before the room programme is fixed (step 3).", self.messages()
        )

    def test_it_warns_when_a_council_is_only_informed_in_time(self) -> None:
        self.plan_everyone_well()
        EngagementEntry.objects.filter(group=self.council).update(level="inform")
        self.assertEqual(self.warnings(), [("council_too_late", "Eldreråd")])

    def test_it_applies_the_council_rule_to_every_statutory_council(self) -> None:
        self.plan_everyone_well()
        youth = self.group("Ungdomsråd", "council_youth")
        disability = self.group("Funksjonshemmedes råd", "council_disability")
        self.plan(youth, 4, "involve")
        self.plan(disability, 1, "collaborate")
        self.assertEqual(self.warnings(), [("council_too_late", "Ungdomsråd")])

    def test_it_warns_about_a_planned_entry_whose_period_has_ended(self) -> None:
        self.plan_everyone_well()
        EngagementEntry.objects.filter(group=self.neighbours).update(
            period_start=dt.date(2026, 5, 1), period_end=dt.date(2026, 6, 14)
        )
        self.assertEqual(self.warnings(), [("overdue", "Naboer")])
        self.assertEqual(self.warnings(dt.date(2026, 6, 14)), [])
        self.assertIn(
            "Naboer, 3. Bearbeiding av valgt konsept: the planned period ended 14.06.2026, but it is not marked as held.",
            self.messages(),
        )

    def test_it_does_not_warn_about_a_held_entry_whose_period_has_ended(self) -> None:
        self.plan_everyone_well()
        EngagementEntry.objects.filter(group=self.neighbours).update(period_end=dt.date(2026, 1, 1), status="held")
        self.assertEqual(self.warnings(), [])

    def test_it_finds_overdue_entries_by_the_local_date(self) -> None:
        self.plan_everyone_well()
        EngagementEntry.objects.filter(group=self.neighbours).update(period_end=dt.date(2026, 6, 14))
        # 23:30 UTC on 14 June is already 15 June in Oslo.
        with time_machine.travel(dt.datetime(2026, 6, 14, 23, 30, tzinfo=dt.UTC), tick=False):
            self.log_in(self.nora)
            r = self.client.get(self.url("stakeholders:groups"))
            self.assertEqual(timezone.localdate(), dt.date(2026, 6, 15))
        self.assertEqual([w.kind for w in r.context["warnings"]], ["overdue"])
        with time_machine.travel(dt.datetime(2026, 6, 14, 12, 0, tzinfo=dt.UTC), tick=False):
            r = self.client.get(self.url("stakeholders:groups"))
        self.assertEqual(r.context["warnings"], [])

    def test_it_ignores_cancelled_entries(self) -> None:
        self.plan_everyone_well()
        EngagementEntry.objects.filter(group=self.residents).update(phase=self.phases[4])
        self.plan(self.residents, 2, "collaborate", status="cancelled")
        EngagementEntry.objects.filter(group=self.council).update(phase=self.phases[4])
        self.plan(self.council, 1, "consult", status="cancelled", period_end=dt.date(2026, 1, 1))
        self.neighbours.engagements.update(status="cancelled")
        self.assertEqual(
            sorted(self.warnings()),
            [("council_too_late", "Eldreråd"), ("late_main_group", "Beboere"), ("no_involvement", "Naboer")],
        )

    def test_it_reports_only_no_involvement_for_a_group_with_nothing_planned(self) -> None:
        self.plan(self.council, 2, "consult")
        self.plan(self.neighbours, 2, "inform")
        self.assertEqual(self.warnings(), [("no_involvement", "Beboere")])

    def test_it_keeps_projects_apart(self) -> None:
        from mulighetsrom.projects import actions
        from mulighetsrom.projects.models import Project

        other = actions.create_project(
            project=Project(organization=self.organization, name="Ny skole", building_type="school"),
            acting_person=self.kari_person,
            acting_user=self.kari,
        )
        self.plan_everyone_well()
        result = warnings_for_projects([self.project.pk, other.pk], TODAY)
        self.assertEqual(result[self.project.pk], [])
        self.assertEqual(len(result[other.pk]), other.stakeholder_groups.count())
