from __future__ import annotations

from mulighetsrom.needs import actions
from mulighetsrom.needs.forms import NeedForm
from mulighetsrom.needs.models import Need, NeedReference
from mulighetsrom.needs.tests.factories import make_insight, make_need
from mulighetsrom.stakeholders.models import StakeholderGroup
from mulighetsrom.test import BaseTestCase


class NeedCreateTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.group = StakeholderGroup.objects.filter(project=self.project).first()
        self.log_in(self.ola)

    def test_it_creates_a_need_with_a_code(self) -> None:
        r = self.client.post(
            self.url("needs:need_create"),
            {
                "statement": "Skjermet hage",
                "priority": "must",
                "horizon": "today",
                "status": "agreed",
                "beneficiaries": [self.group.pk],
            },
        )
        need = Need.objects.get(project=self.project)
        self.assertRedirects(r, self.url("needs:need_detail", need.code))
        self.assertEqual(need.ref, "BEH-001")
        self.assertEqual(list(need.beneficiaries.all()), [self.group])
        self.assertEqual(need.history.first().history_user, self.ola)
        self.assertTrue(self.project.events.filter(object_type="needs.need").exists())

    def test_it_requires_a_reason_to_reject(self) -> None:
        r = self.client.post(
            self.url("needs:need_create"),
            {"statement": "Basseng", "priority": "could", "horizon": "today", "status": "rejected"},
        )
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Give a reason when a need is rejected.")
        self.assertFalse(Need.objects.exists())

    def test_it_never_reuses_a_code(self) -> None:
        first = make_need(self.project, self.ola)
        first.delete()
        self.assertEqual(make_need(self.project, self.ola).ref, "BEH-002")

    def test_it_adds_a_regulation_reference(self) -> None:
        need = make_need(self.project, self.ola)
        r = self.client.post(
            self.url("needs:reference_add", need.code),
            {"kind": "regulation", "text": "TEK17 § 12-7", "url": "https://lovdata.no/forskrift/2017-06-19-840"},
        )
        self.assertRedirects(r, self.url("needs:need_detail", need.code))
        self.assertEqual(NeedReference.objects.get(need=need).text, "TEK17 § 12-7")

    def test_it_rejects_a_reference_without_text(self) -> None:
        need = make_need(self.project, self.ola)
        r = self.client.post(self.url("needs:reference_add", need.code), {"kind": "regulation", "text": ""})
        self.assertEqual(r.status_code, 400)
        self.assertFalse(NeedReference.objects.exists())


class NeedFromInsightTestCase(BaseTestCase):
    def test_it_creates_a_need_from_an_insight_in_one_step(self) -> None:
        group = StakeholderGroup.objects.filter(project=self.project).first()
        assert group is not None
        insight = make_insight(self.project, "Beboere vil kunne gå ut alene", groups=(group,))
        self.log_in(self.ola)
        r = self.client.post(self.url("needs:need_from_insight", insight.code))
        need = Need.objects.get(project=self.project)
        self.assertRedirects(r, self.url("needs:need_edit", need.code))
        self.assertEqual(need.statement, "Beboere vil kunne gå ut alene")
        self.assertEqual(list(need.insights.all()), [insight])
        self.assertEqual(list(need.beneficiaries.all()), [group])
        self.assertEqual(need.history.first().history_change_reason, "Created from an insight.")

    def test_it_shows_the_chain_with_evidence(self) -> None:
        insight = make_insight(self.project, "Lys og utsikt betyr mye")
        need = make_need(self.project, self.kari, insights=[insight])
        self.log_in(self.nora)
        r = self.client.get(self.url("needs:need_detail", need.code))
        self.assertContains(r, "Lys og utsikt betyr mye")
        self.assertContains(r, "Sitat 0")
        self.assertContains(r, "2 observations")

    def test_it_hides_special_category_evidence_from_viewers(self) -> None:
        insight = make_insight(self.project, "Helse", observations=1)
        insight.evidence.update(sensitivity="special")
        need = make_need(self.project, self.kari, insights=[insight])
        self.log_in(self.nora)
        self.assertNotContains(self.client.get(self.url("needs:need_detail", need.code)), "Sitat 0")
        self.log_in(self.ingrid)
        self.assertContains(self.client.get(self.url("needs:need_detail", need.code)), "Sitat 0")


class NeedListTestCase(BaseTestCase):
    def test_it_keeps_a_constant_number_of_queries(self) -> None:
        group = StakeholderGroup.objects.filter(project=self.project).first()
        self.log_in(self.nora)
        make_need(self.project, self.kari, beneficiaries=[group])
        small = self.count_queries(self.url("needs:needs"))
        for i in range(10):
            make_need(
                self.project, self.kari, f"Behov {i}", beneficiaries=[group], insights=[make_insight(self.project)]
            )
        self.assertEqual(self.count_queries(self.url("needs:needs")), small)


class NeedEditTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.need = make_need(self.project, self.kari, "Skjermet hage", priority="must")
        self.data = {
            "statement": "Skjermet hage med benker",
            "priority": "must",
            "horizon": "today",
            "status": "proposed",
        }
        self.log_in(self.ola)

    def test_it_saves_with_a_reason_and_bumps_the_version(self) -> None:
        r = self.client.post(
            self.url("needs:need_edit", self.need.code), {**self.data, "version": 1, "change_reason": "Verksted 2"}
        )
        self.assertRedirects(r, self.url("needs:need_detail", self.need.code))
        self.need.refresh_from_db()
        self.assertEqual((self.need.statement, self.need.version), ("Skjermet hage med benker", 2))
        self.assertEqual(self.need.history.first().history_change_reason, "Verksted 2")

    def test_it_refuses_a_stale_version_and_keeps_the_input(self) -> None:
        Need.objects.filter(pk=self.need.pk).update(version=5, priority="should")
        r = self.client.post(self.url("needs:need_edit", self.need.code), {**self.data, "version": 1})
        self.assertEqual(r.status_code, 409)
        self.assertContains(r, "Skjermet hage med benker", status_code=409)
        self.assertContains(r, "Priority", status_code=409)
        self.need.refresh_from_db()
        self.assertEqual(self.need.statement, "Skjermet hage")

    def test_it_says_so_when_the_need_was_deleted_meanwhile(self) -> None:
        url = self.url("needs:need_edit", self.need.code)
        form = NeedForm({**self.data, "version": 1}, instance=self.need, project=self.project)
        self.assertTrue(form.is_valid())
        Need.objects.filter(pk=self.need.pk).delete()
        with self.assertRaises(actions.ConflictError):
            actions.save_need(need=form.instance, beneficiaries=[], acting_user=self.ola, expected_version=1)
        self.assertEqual(self.client.get(url).status_code, 404)
