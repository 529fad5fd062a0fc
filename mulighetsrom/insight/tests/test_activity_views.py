from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from mulighetsrom.insight.models import Activity, ActivityGroup
from mulighetsrom.insight.tests.base import InsightTestCase
from mulighetsrom.projects.models import ProjectEvent
from mulighetsrom.stakeholders.models import EngagementEntry, Level


class ActivityViewsTestCase(InsightTestCase):
    def post_data(self, **extra: object) -> dict[str, object]:
        data: dict[str, object] = {
            "type": "workshop",
            "title": "Verksted med ansatte",
            "date": "2026-04-02",
            "phase": self.phases[2].pk,
            "groups": [self.staff.pk, self.residents.pk],
            f"participants_{self.staff.pk}": "12",
            "method_notes": "Post-it-lapper og plantegninger.",
        }
        data.update(extra)
        return data

    def test_it_creates_an_activity_with_groups_and_counts(self) -> None:
        self.login(self.ingrid)
        r = self.client.post(self.url("insight:activity_create"), self.post_data())
        activity = Activity.objects.get(title="Verksted med ansatte")
        self.assertRedirects(r, self.url("insight:activity", activity.code))
        counts = dict(ActivityGroup.objects.filter(activity=activity).values_list("group__name", "participants"))
        self.assertEqual(counts, {"Ansatte": 12, "Beboere": None})
        self.assertTrue(ProjectEvent.objects.filter(object_type="insight.activity", verb="added").exists())

    def test_it_rejects_a_phase_of_another_organization(self) -> None:
        self.login(self.ingrid)
        other = self.other_organization.phases.first()
        r = self.client.post(self.url("insight:activity_create"), self.post_data(phase=other.pk))
        self.assertEqual(r.status_code, 200)
        self.assertFalse(Activity.objects.filter(title="Verksted med ansatte").exists())

    def test_it_escapes_html_in_the_title(self) -> None:
        self.login(self.ingrid)
        self.client.post(self.url("insight:activity_create"), self.post_data(title="<script>alert(1)</script>"))
        r = self.client.get(self.url("insight:activities"))
        self.assertNotContains(r, "<script>alert(1)</script>")
        self.assertContains(r, "&lt;script&gt;alert(1)&lt;/script&gt;")

    def test_marking_done_moves_planned_entries_to_held_and_creates_missing_ones(self) -> None:
        planned = EngagementEntry.objects.create(group=self.relatives, phase=self.phases[2], level=Level.INVOLVE)
        ActivityGroup.objects.create(activity=self.activity, group=self.staff, participants=3)
        self.login(self.ingrid)
        r = self.client.post(self.url("insight:activity_done", self.activity.code))
        self.assertRedirects(r, self.url("insight:activity", self.activity.code))
        planned.refresh_from_db()
        self.assertEqual(planned.status, EngagementEntry.Status.HELD)
        self.assertEqual(planned.level, Level.INVOLVE)
        created = EngagementEntry.objects.get(group=self.staff, phase=self.phases[2])
        self.assertEqual((created.level, created.status), (Level.CONSULT, EngagementEntry.Status.HELD))
        self.activity.refresh_from_db()
        self.assertTrue(self.activity.is_held)

    def test_done_is_post_only(self) -> None:
        self.login(self.kari)
        self.assertEqual(self.client.get(self.url("insight:activity_done", self.activity.code)).status_code, 405)

    def test_viewer_cannot_write_and_outsider_sees_nothing(self) -> None:
        self.login(self.nora)
        self.assertEqual(self.client.get(self.url("insight:activity_create")).status_code, 403)
        self.assertEqual(self.client.post(self.url("insight:activity_done", self.activity.code)).status_code, 403)
        self.assertEqual(self.client.get(self.url("insight:activity", self.activity.code)).status_code, 200)
        self.login(self.per)
        self.assertEqual(self.client.get(self.url("insight:activities")).status_code, 404)
        self.assertEqual(self.client.get(self.url("insight:activity", self.activity.code)).status_code, 404)

    def test_unknown_activity_is_404(self) -> None:
        self.login(self.kari)
        r = self.client.get(self.url("insight:activity", "00000000-0000-0000-0000-000000000000"))
        self.assertEqual(r.status_code, 404)

    def test_list_has_a_constant_number_of_queries(self) -> None:
        self.login(self.nora)

        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(self.client.get(self.url("insight:activities")).status_code, 200)
            return len(ctx.captured_queries)

        first = count()
        for i in range(5):
            a = Activity.objects.create(
                project=self.project, type="interview", title=f"A{i}", date="2026-01-01", phase=self.phases[2]
            )
            ActivityGroup.objects.create(activity=a, group=self.staff, participants=i)
        self.assertEqual(count(), first)
