"""Which planned engagement events the public project page may list (stakeholders/engagement.py)."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from mulighetsrom.stakeholders.engagement import upcoming_engagements
from mulighetsrom.stakeholders.models import EngagementEntry, StakeholderGroup
from mulighetsrom.test import BaseTestCase

TODAY = dt.date(2026, 6, 15)


class UpcomingEngagementsTestCase(BaseTestCase):
    def setUp(self) -> None:
        StakeholderGroup.objects.filter(project=self.project).delete()
        self.relatives = StakeholderGroup.objects.create(project=self.project, name="Pårørende", category="relatives")
        self.staff = StakeholderGroup.objects.create(project=self.project, name="Ansatte", category="staff")

    def plan(self, group: StakeholderGroup, step: int, methods: list[str], **extra: object) -> EngagementEntry:
        return EngagementEntry.objects.create(
            group=group, phase=self.phases[step], level="involve", methods=methods, **extra
        )

    def upcoming(self) -> list[tuple[str, list[str], dt.date]]:
        with translation.override("en"):
            return [(u.group_name, u.methods, u.starts) for u in upcoming_engagements(self.project.pk, TODAY)]

    def test_it_lists_dated_planned_events_in_date_order_with_only_the_event_methods(self) -> None:
        self.plan(self.staff, 2, ["workshop", "interview"], period_start=dt.date(2026, 9, 1))
        self.plan(self.relatives, 1, ["meeting"], period_start=dt.date(2026, 6, 1), period_end=dt.date(2026, 6, 30))
        self.assertEqual(
            self.upcoming(),
            [
                ("Pårørende", ["Information meeting"], dt.date(2026, 6, 1)),
                ("Ansatte", ["Workshop / focus group"], dt.date(2026, 9, 1)),
            ],
        )

    def test_it_leaves_out_past_held_cancelled_undated_and_non_event_entries(self) -> None:
        self.plan(self.relatives, 1, ["meeting"], period_start=dt.date(2026, 5, 1), period_end=dt.date(2026, 6, 14))
        self.plan(self.relatives, 2, ["workshop"], period_start=dt.date(2026, 7, 1), status="held")
        self.plan(self.relatives, 3, ["hearing"], period_start=dt.date(2026, 8, 1), status="cancelled")
        self.plan(self.staff, 1, ["co_design"])
        self.plan(self.staff, 2, ["interview", "survey"], period_start=dt.date(2026, 7, 1))
        self.assertEqual(self.upcoming(), [])

    def test_it_never_exposes_notes_or_who_is_responsible(self) -> None:
        self.plan(self.staff, 2, ["workshop"], period_start=dt.date(2026, 9, 1), notes="Kari ringer Ola på 99887766")
        (item,) = upcoming_engagements(self.project.pk, TODAY)
        self.assertNotIn("99887766", repr(item))

    def test_it_takes_one_query(self) -> None:
        for step in range(1, 4):
            self.plan(self.staff, step, ["workshop"], period_start=dt.date(2026, 7, step))
        with self.assertNumQueries(1):
            self.assertEqual(len(upcoming_engagements(self.project.pk, TODAY)), 3)
