"""Status rules that live on the models: who is on the team, whether an activity was held, plan and decision states."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.utils import timezone

from mulighetsrom.collaboration.models import Decision
from mulighetsrom.insight.models import Activity
from mulighetsrom.projects.access import active_memberships
from mulighetsrom.projects.models import Membership
from mulighetsrom.stakeholders.models import EngagementEntry, StakeholderGroup
from mulighetsrom.test import BaseTestCase


class MembershipRuleTestCase(BaseTestCase):
    def test_the_current_team_leaves_out_those_who_left(self) -> None:
        nora = Membership.objects.get(project=self.project, person=self.nora_person)
        before = set(Membership.objects.on_team(self.project))
        self.assertIn(nora, before)
        self.assertTrue(nora.is_current)
        Membership.objects.filter(pk=nora.pk).update(left_at=timezone.now())
        nora.refresh_from_db()
        self.assertFalse(nora.is_current)
        self.assertEqual(set(Membership.objects.on_team(self.project)), before - {nora})
        self.assertNotIn(nora, Membership.objects.current())
        self.assertFalse(active_memberships(self.nora).exists())


class ActivityRuleTestCase(BaseTestCase):
    def test_marking_held_keeps_the_first_time_and_unmarking_clears_it(self) -> None:
        activity = Activity(project=self.project, type=Activity.Type.WORKSHOP, title="Verksted", phase=self.phases[2])
        self.assertFalse(activity.is_held)
        with time_machine.travel("2026-03-01 10:00", tick=False):
            activity.mark_held()
        first = activity.done_at
        with time_machine.travel("2026-03-02 10:00", tick=False):
            activity.set_held(True)
        self.assertTrue(activity.is_held)
        self.assertEqual(activity.done_at, first)
        activity.set_held(False)
        self.assertFalse(activity.is_held)
        self.assertIsNone(activity.done_at)


class EngagementRuleTestCase(BaseTestCase):
    def test_held_leaves_cancelled_entries_alone_and_overdue_means_still_planned(self) -> None:
        group = StakeholderGroup.objects.get(project=self.project, name="Beboere")
        planned = EngagementEntry.objects.create(
            group=group, phase=self.phases[2], level="consult", period_end=dt.date(2026, 3, 1)
        )
        cancelled = EngagementEntry.objects.create(
            group=group, phase=self.phases[3], level="consult", status=EngagementEntry.Status.CANCELLED
        )
        self.assertTrue(planned.is_overdue(dt.date(2026, 3, 2)))
        self.assertFalse(planned.is_overdue(dt.date(2026, 3, 1)))
        self.assertTrue(cancelled.is_cancelled)
        self.assertEqual(EngagementEntry.objects.filter(group=group).mark_held(), 1)
        planned.refresh_from_db()
        cancelled.refresh_from_db()
        self.assertEqual((planned.status, cancelled.status), ("held", "cancelled"))
        self.assertFalse(planned.is_overdue(dt.date(2026, 3, 2)))


class DecisionRuleTestCase(BaseTestCase):
    def test_an_open_decision_past_its_last_responsible_moment(self) -> None:
        d = Decision.objects.create(
            project=self.project,
            title="Sensorer",
            status=Decision.Status.OPEN,
            last_responsible_moment=dt.date(2026, 5, 1),
        )
        self.assertTrue(d.is_open)
        self.assertFalse(d.is_past_last_responsible_moment(dt.date(2026, 5, 1)))
        self.assertTrue(d.is_past_last_responsible_moment(dt.date(2026, 5, 2)))
        d.status = Decision.Status.DECIDED
        self.assertTrue(d.is_decided)
        self.assertFalse(d.is_past_last_responsible_moment(dt.date(2026, 5, 2)))
