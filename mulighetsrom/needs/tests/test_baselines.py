from __future__ import annotations

import datetime as dt

from django.test import SimpleTestCase

from mulighetsrom.needs import actions
from mulighetsrom.needs.baseline_diff import diff_snapshots
from mulighetsrom.needs.models import Baseline, Requirement
from mulighetsrom.needs.tests.factories import make_need, make_requirement, make_room
from mulighetsrom.test import BaseTestCase


class DiffSnapshotsTestCase(SimpleTestCase):
    def test_it_finds_added_removed_and_changed_items_with_field_differences(self) -> None:
        before = {
            "needs": {
                "a": {"ref": "BEH-001", "statement": "X", "priority": "must"},
                "b": {"ref": "BEH-002", "statement": "Y"},
            }
        }
        after = {
            "needs": {
                "a": {"ref": "BEH-001", "statement": "X", "priority": "should"},
                "c": {"ref": "BEH-003", "statement": "Z"},
            }
        }
        needs = diff_snapshots(before, after)[0]
        self.assertEqual([i.label for i in needs.added], ["BEH-003 Z"])
        self.assertEqual([i.label for i in needs.removed], ["BEH-002 Y"])
        self.assertEqual(
            [(f.field, f.before, f.after) for f in needs.changed[0].fields], [("priority", "must", "should")]
        )


class BaselineTestCase(BaseTestCase):
    def test_it_freezes_and_compares_with_now_showing_who_and_why(self) -> None:
        need = make_need(self.project, self.kari, "Skjermet uteplass", priority="must")
        req = make_requirement(self.project, self.kari, "Terrasse", status="agreed", needs=(need,))
        make_room(self.project, self.kari, ref="BO-01")
        self.log_in(self.ola)
        self.client.post(self.url("needs:baselines"), {"name": "Beslutningspunkt 2"})
        baseline = Baseline.objects.get()
        self.assertIn(str(req.code), baseline.snapshot["requirements"])
        # Changes after the baseline.
        req.text = "Terrasse på minst 6 m²"
        actions.save_requirement(requirement=req, acting_user=self.ola, change_reason="Innspill fra eldrerådet")
        make_requirement(self.project, self.ola, "Nytt krav", category="technical")
        r = self.client.get(self.url("needs:baseline_compare") + f"?a={baseline.code}")
        self.assertContains(r, "1 added, 1 changed, 0 removed")
        self.assertContains(r, "Terrasse på minst 6 m²")
        self.assertContains(r, "Innspill fra eldrerådet")
        self.assertContains(r, "ola@example.org")

    def test_it_compares_two_baselines(self) -> None:
        make_need(self.project, self.kari, "A")
        a = actions.freeze_baseline(project=self.project, name="A", gate_decision=None, acting_user=self.kari)
        make_need(self.project, self.kari, "B")
        b = actions.freeze_baseline(project=self.project, name="B", gate_decision=None, acting_user=self.kari)
        make_need(self.project, self.kari, "C")
        self.log_in(self.nora)
        r = self.client.get(self.url("needs:baseline_compare") + f"?a={a.code}&b={b.code}")
        self.assertContains(r, "BEH-002 B")
        self.assertNotContains(r, "BEH-003 C")

    def test_it_ties_a_baseline_to_a_gate_decision(self) -> None:
        from mulighetsrom.projects import actions as project_actions

        decision = project_actions.record_gate_decision(
            project=self.project, to_phase=self.phases[2], outcome="continue", decided_on=dt.date(2026, 5, 1),
            basis="OK", decided_by_person=None, decided_by_body="Formannskapet", acting_user=self.kari,
        )  # fmt: skip
        self.log_in(self.ola)
        self.client.post(self.url("needs:baselines"), {"name": "BP2", "gate_decision": decision.pk})
        self.assertEqual(Baseline.objects.get().gate_decision, decision)

    def test_it_rejects_a_baseline_without_a_name(self) -> None:
        self.log_in(self.ola)
        self.assertEqual(self.client.post(self.url("needs:baselines"), {"name": ""}).status_code, 400)
        self.assertFalse(Requirement.objects.exists() or Baseline.objects.exists())
