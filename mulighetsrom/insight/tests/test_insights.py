from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from mulighetsrom.insight.evidence import EvidenceSource, evidence_strength
from mulighetsrom.insight.models import Activity, Insight, Observation
from mulighetsrom.insight.tests.base import InsightTestCase


class EvidenceStrengthTestCase(InsightTestCase):
    def test_it_counts_observations_activities_and_groups(self) -> None:
        s = evidence_strength(
            [
                EvidenceSource(activity_id=1, speaker_group_id=10, on_behalf_of_id=30),
                EvidenceSource(activity_id=1, speaker_group_id=11, on_behalf_of_id=None),
                EvidenceSource(activity_id=2, speaker_group_id=10, on_behalf_of_id=11),
                EvidenceSource(activity_id=None, speaker_group_id=None, on_behalf_of_id=None),
            ]
        )
        self.assertEqual((s.observations, s.activities, s.groups_heard_directly), (4, 2, 2))
        # 11 is also heard directly, so only 30 is known only via proxy.
        self.assertEqual(s.proxy_only_group_ids, frozenset({30}))
        self.assertTrue(s.has_proxy_only_groups)
        self.assertEqual(s.level, "moderate")
        self.assertEqual(evidence_strength([]).level, "none")


class InsightViewsTestCase(InsightTestCase):
    def test_it_creates_an_insight_with_evidence_and_shows_its_strength(self) -> None:
        self.login(self.ingrid)
        data = {
            "statement": "Fellesskap rundt måltidet gir bedre ernæring",
            "description": "",
            "themes": [self.theme.pk],
            "evidence": [self.ordinary.pk, self.sensitive.pk],
            "status": "draft",
        }
        r = self.client.post(self.url("insight:insight_create"), data)
        insight = Insight.objects.get()
        self.assertRedirects(r, self.url("insight:insight", insight.code))
        r = self.client.get(self.url("insight:insight", insight.code))
        self.assertContains(r, "2 observations")
        self.assertContains(r, "1 activity")
        self.assertContains(r, "1 group heard directly")
        self.assertContains(r, "Only via proxy")
        self.assertContains(r, "Beboere med demens")
        self.assertContains(r, "Alzheimer")
        # A viewer sees the count but not the sensitive observation itself.
        self.login(self.nora)
        r = self.client.get(self.url("insight:insight", insight.code))
        self.assertContains(r, "2 observations")
        self.assertNotContains(r, "Alzheimer")

    def test_rejection_needs_a_reason(self) -> None:
        self.login(self.ingrid)
        data = {"statement": "Noe", "status": "rejected", "rejection_reason": ""}
        r = self.client.post(self.url("insight:insight_create"), data)
        self.assertEqual(r.status_code, 200)
        self.assertFalse(Insight.objects.exists())
        data["rejection_reason"] = "Ikke bekreftet i validering med beboerrådet."
        self.client.post(self.url("insight:insight_create"), data)
        insight = Insight.objects.get()
        self.assertEqual(insight.status, "rejected")
        r = self.client.get(self.url("insight:insight", insight.code))
        self.assertContains(r, "Reason for rejection")
        self.assertContains(r, "Ikke bekreftet i validering med beboerrådet.")

    def test_it_rejects_over_long_statements_and_escapes_html(self) -> None:
        self.login(self.ingrid)
        r = self.client.post(self.url("insight:insight_create"), {"statement": "x" * 301, "status": "draft"})
        self.assertEqual(r.status_code, 200)  # the form again, with the reason
        self.assertEqual(list(r.context["form"].errors), ["statement"])
        self.assertContains(r, "at most 300 characters")
        self.assertFalse(Insight.objects.exists())
        self.client.post(self.url("insight:insight_create"), {"statement": "<b>fet</b>", "status": "draft"})
        r = self.client.get(self.url("insight:insights"))
        self.assertContains(r, "&lt;b&gt;fet&lt;/b&gt;")

    def test_a_theme_prefills_the_evidence(self) -> None:
        self.login(self.ingrid)
        r = self.client.get(self.url("insight:insight_create") + f"?theme={self.theme.code}")
        self.assertEqual(set(r.context["form"].initial["evidence"]), {self.ordinary.pk, self.sensitive.pk})

    def test_access_rules(self) -> None:
        insight = Insight.objects.create(project=self.project, statement="S")
        self.login(self.nora)
        self.assertEqual(self.client.get(self.url("insight:insights")).status_code, 200)
        self.assertEqual(self.client.get(self.url("insight:insight_create")).status_code, 403)
        self.assertEqual(self.client.get(self.url("insight:insight_edit", insight.code)).status_code, 403)
        self.assertEqual(self.client.post(self.url("insight:insight_delete", insight.code)).status_code, 403)
        self.login(self.ola)
        self.assertEqual(self.client.get(self.url("insight:insight_delete", insight.code)).status_code, 405)
        self.client.post(self.url("insight:insight_delete", insight.code))
        self.assertFalse(Insight.objects.exists())
        self.login(self.eva)
        self.assertEqual(self.client.get(self.url("insight:insights")).status_code, 404)

    def test_the_list_has_a_constant_number_of_queries(self) -> None:
        self.login(self.nora)

        def add(n: int) -> None:
            for i in range(n):
                insight = Insight.objects.create(project=self.project, statement=f"I{i}")
                insight.themes.add(self.theme)
                insight.evidence.add(self.ordinary, self.sensitive)

        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                self.client.get(self.url("insight:insights"))
            return len(ctx.captured_queries)

        add(1)
        first = count()
        add(6)
        self.assertEqual(count(), first)


class CoverageTestCase(InsightTestCase):
    def test_it_shows_direct_proxy_and_not_heard(self) -> None:
        workshop = Activity.objects.create(
            project=self.project, type="workshop", title="V", date=dt.date(2026, 1, 1), phase=self.phases[2]
        )
        Observation.objects.create(project=self.project, text="x", activity=workshop, speaker_group=self.staff)
        self.login(self.nora)
        r = self.client.get(self.url("insight:coverage"))
        rows = {row.group.name: row for row in r.context["coverage"].rows}
        self.assertEqual(rows["Pårørende"].status, "direct")
        self.assertEqual(rows["Ansatte"].status, "direct")
        self.assertEqual(rows["Beboere med demens"].status, "proxy")
        self.assertEqual(rows["Beboere"].status, "none")
        cell = rows["Beboere med demens"].cells[1]
        self.assertEqual((cell.phase.number, cell.status, cell.proxy), (2, "proxy", 1))

    def test_it_has_a_constant_number_of_queries(self) -> None:
        self.login(self.nora)
        with CaptureQueriesContext(connection) as ctx:
            self.client.get(self.url("insight:coverage"))
        first = len(ctx.captured_queries)
        for i in range(5):
            a = Activity.objects.create(
                project=self.project, type="workshop", title=f"V{i}", date=dt.date(2026, 1, 1), phase=self.phases[3]
            )
            Observation.objects.create(project=self.project, text="x", activity=a, speaker_group=self.residents)
        with CaptureQueriesContext(connection) as ctx:
            self.client.get(self.url("insight:coverage"))
        self.assertEqual(len(ctx.captured_queries), first)
