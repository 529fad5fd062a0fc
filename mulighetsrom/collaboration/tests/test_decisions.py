from __future__ import annotations

import datetime as dt

from mulighetsrom.collaboration.models import Decision
from mulighetsrom.needs.models import Need, Requirement
from mulighetsrom.test import BaseTestCase


class DecisionTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.need = Need.objects.create(project=cls.project, ref="B1", statement="Skjermede bogrupper")
        cls.req = Requirement.objects.create(
            project=cls.project, ref="F1", text="Maks 8 per bogruppe", category="functional"
        )

    def post_new(self, **extra: object) -> object:
        data = {"title": "Bogrupper på 8", "status": "decided", "phase": self.phases[2].pk, "decided_on": "2026-03-01",
                "rationale": "Innsikt fra ansatte", "needs": [self.need.pk], "requirements": [self.req.pk]}  # fmt: skip
        data.update(extra)
        return self.client.post(self.url("collaboration:decision_create"), data)

    def test_it_records_a_decision_and_shows_it_from_the_need(self) -> None:
        self.log_in(self.ola)
        r = self.post_new()
        decision = Decision.objects.get()
        self.assertRedirects(r, self.url("collaboration:decision_detail", decision.code))
        page = self.client.get(self.url("needs:need_detail", self.need.code))
        self.assertContains(page, "Bogrupper på 8")
        page = self.client.get(self.url("needs:requirement_detail", self.req.code))
        self.assertContains(page, "Bogrupper på 8")

    def test_a_double_submit_records_one_decision(self) -> None:
        self.log_in(self.ola)
        key = "6f1c1b0e-8c1e-4c55-9f61-1b2f8c9a0d11"
        self.post_new(submission_key=key)
        self.post_new(submission_key=key)
        self.assertEqual(Decision.objects.count(), 1)

    def test_it_keeps_the_chain_when_superseded(self) -> None:
        self.log_in(self.ola)
        old = Decision.objects.create(project=self.project, title="Gammel", decided_on=dt.date(2026, 1, 1))
        new = Decision.objects.create(project=self.project, title="Ny", decided_on=dt.date(2026, 2, 1))
        r = self.client.post(self.url("collaboration:decision_supersede", old.code), {"by": str(new.code)})
        self.assertEqual(r.status_code, 302)
        old.refresh_from_db()
        self.assertEqual(old.status, Decision.Status.SUPERSEDED)
        self.assertContains(self.client.get(self.url("collaboration:decision_detail", new.code)), "Gammel")

    def test_a_viewer_may_read_but_not_write(self) -> None:
        self.log_in(self.nora)
        self.assertEqual(self.client.get(self.url("collaboration:decisions")).status_code, 200)
        self.assertEqual(self.post_new().status_code, 403)

    def test_an_outsider_gets_404(self) -> None:
        self.log_in(self.per)
        self.assertEqual(self.client.get(self.url("collaboration:decisions")).status_code, 404)

    def test_supersede_is_post_only(self) -> None:
        self.log_in(self.ola)
        d = Decision.objects.create(project=self.project, title="X")
        self.assertEqual(self.client.get(self.url("collaboration:decision_supersede", d.code)).status_code, 405)

    def test_the_dashboard_warns_about_overdue_and_premature_technology_decisions(self) -> None:
        self.log_in(self.ola)
        Decision.objects.create(project=self.project, title="Pasientvarsling", status="open",
                                technology_area="alarm", last_responsible_moment=dt.date(2020, 1, 1))  # fmt: skip
        d = Decision.objects.create(project=self.project, title="Energisentral", status="decided",
                                    decided_on=dt.date(2026, 1, 1), technology_area="energy")  # fmt: skip
        d.prerequisites.add(self.req)
        page = self.client.get(self.url("dashboard:project"))
        self.assertContains(page, "“Pasientvarsling” is overdue")
        self.assertContains(page, "“Energisentral” is fixed before its prerequisite requirements are agreed (F1)")

    def test_a_comment_mentions_a_member(self) -> None:
        self.log_in(self.ola)
        d = Decision.objects.create(project=self.project, title="X")
        self.client.post(self.url("collaboration:decision_comment", d.code), {"body": "Hva mener @Nora?"})
        self.assertEqual(self.nora.notifications.count(), 1)
