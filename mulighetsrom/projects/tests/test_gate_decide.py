from __future__ import annotations

import uuid
from typing import Any

from mulighetsrom.accounts.models import Person
from mulighetsrom.projects import actions
from mulighetsrom.projects.models import GateDecision, Phase, Project, ProjectEvent
from mulighetsrom.test import BaseTestCase


class GateDecisionTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.log_in(self.ola)
        self.decide_url = self.url("projects:gate_decide")

    def data(self, **changes: Any) -> dict[str, Any]:
        data = {
            "from_phase": self.phases[1].pk,
            "to_phase": self.phases[2].pk,
            "outcome": "continue",
            "decided_on": "2026-03-01",
            "decided_by_person": self.kari_person.pk,
            "decided_by_body": "Formannskapet",
            "basis": "Behovsanalysen er godkjent.",
            "submission_key": str(uuid.uuid4()),
        }
        data.update(changes)
        return {k: v for k, v in data.items() if v is not None}

    def assert_nothing_saved(self, phase: int = 1) -> None:
        self.assertFalse(GateDecision.objects.exists())
        self.project.refresh_from_db()
        self.assertEqual(self.project.current_phase, self.phases[phase])

    def test_it_moves_the_project_to_a_later_phase(self) -> None:
        r = self.client.post(self.decide_url, self.data())
        self.assertRedirects(r, self.url("projects:phases"), fetch_redirect_response=False)
        decision = GateDecision.objects.get()
        self.assertEqual(decision.from_phase, self.phases[1])
        self.assertEqual(decision.to_phase, self.phases[2])
        self.assertEqual(decision.outcome, "continue")
        self.assertEqual(decision.recorded_by, self.ola)
        self.assertEqual(decision.decided_by, "Kari, Formannskapet")
        self.project.refresh_from_db()
        self.assertEqual(self.project.current_phase, self.phases[2])
        self.assertTrue(ProjectEvent.objects.filter(project=self.project, verb="decided").exists())
        self.assertContains(self.client.get(r["Location"]), "The gate decision was recorded.")

    def test_it_may_skip_phases(self) -> None:
        self.client.post(self.decide_url, self.data(to_phase=self.phases[3].pk))
        self.project.refresh_from_db()
        self.assertEqual(self.project.current_phase, self.phases[3])

    def test_it_goes_back_to_an_earlier_phase(self) -> None:
        Project.objects.filter(pk=self.project.pk).update(current_phase=self.phases[3])
        r = self.client.post(
            self.decide_url, self.data(from_phase=self.phases[3].pk, to_phase=self.phases[2].pk, outcome="go_back")
        )
        self.assertEqual(r.status_code, 302)
        self.project.refresh_from_db()
        self.assertEqual(self.project.current_phase, self.phases[2])
        self.assertEqual(GateDecision.objects.get().outcome, "go_back")

    def test_it_keeps_the_phase_when_more_work_is_needed(self) -> None:
        r = self.client.post(self.decide_url, self.data(to_phase=self.phases[1].pk, outcome="more_work"))
        self.assertEqual(r.status_code, 302)
        decision = GateDecision.objects.get()
        self.assertEqual((decision.from_phase, decision.to_phase), (self.phases[1], self.phases[1]))
        self.project.refresh_from_db()
        self.assertEqual(self.project.current_phase, self.phases[1])

    def test_it_refuses_to_continue_to_the_same_phase(self) -> None:
        r = self.client.post(self.decide_url, self.data(to_phase=self.phases[1].pk, outcome="continue"))
        self.assertContains(r, "To continue, choose a later phase than the current one.", status_code=400)
        self.assert_nothing_saved()

    def test_it_refuses_outcomes_that_contradict_the_direction(self) -> None:
        Project.objects.filter(pk=self.project.pk).update(current_phase=self.phases[3])
        cases = [
            (4, "go_back", "To go back, choose an earlier phase than the current one."),
            (2, "continue", "To continue, choose a later phase than the current one."),
            (2, "more_work", "“More work needed” keeps the project in its current phase"),
            (4, "more_work", "“More work needed” keeps the project in its current phase"),
            (3, "go_back", "To go back, choose an earlier phase than the current one."),
        ]
        for to, outcome, message in cases:
            data = self.data(from_phase=self.phases[3].pk, to_phase=self.phases[to].pk, outcome=outcome)
            r = self.client.post(self.decide_url, data)
            self.assertContains(r, message, status_code=400, msg_prefix=f"{to} {outcome}")
        self.assert_nothing_saved(phase=3)

    def test_it_records_a_double_submit_once(self) -> None:
        data = self.data()
        first = self.client.post(self.decide_url, data)
        second = self.client.post(self.decide_url, data)
        self.assertEqual(first.status_code, 302)
        self.assertEqual(second.status_code, 302)
        self.assertEqual(GateDecision.objects.count(), 1)
        self.assertEqual(ProjectEvent.objects.filter(project=self.project, verb="decided").count(), 1)
        self.project.refresh_from_db()
        self.assertEqual(self.project.current_phase, self.phases[2])

    def test_it_records_two_forms_as_two_decisions(self) -> None:
        self.client.post(self.decide_url, self.data(to_phase=self.phases[1].pk, outcome="more_work"))
        self.client.post(self.decide_url, self.data())
        self.assertEqual(GateDecision.objects.count(), 2)

    def test_it_refuses_a_stale_form(self) -> None:
        # Someone else moved the project to step 2 after this form was opened in step 1.
        actions.record_gate_decision(
            project=self.project,
            to_phase=self.phases[2],
            outcome="continue",
            decided_on=self.project.created_at.date(),
            basis="Først",
            decided_by_person=None,
            decided_by_body="Styret",
            acting_user=self.kari,
        )
        r = self.client.post(self.decide_url, self.data(to_phase=self.phases[3].pk))
        self.assertContains(r, "The project has moved to", status_code=400)
        self.assertContains(r, "since you opened the form", status_code=400)
        self.assertEqual(GateDecision.objects.count(), 1)
        self.project.refresh_from_db()
        self.assertEqual(self.project.current_phase, self.phases[2])

    def test_it_lets_the_user_resubmit_after_a_stale_form(self) -> None:
        Project.objects.filter(pk=self.project.pk).update(current_phase=self.phases[2])
        r = self.client.post(self.decide_url, self.data(to_phase=self.phases[3].pk))
        self.assertEqual(r.status_code, 400)
        # The form shown again carries the phase the project is in now.
        form = r.context["form"]
        self.assertEqual(str(form["from_phase"].value()), str(self.phases[2].pk))
        resubmit = {k: v for k, v in self.data(to_phase=self.phases[3].pk).items()}
        resubmit["from_phase"] = form["from_phase"].value()
        self.assertEqual(self.client.post(self.decide_url, resubmit).status_code, 302)
        self.project.refresh_from_db()
        self.assertEqual(self.project.current_phase, self.phases[3])

    def test_it_requires_a_person_or_a_body(self) -> None:
        r = self.client.post(self.decide_url, self.data(decided_by_person="", decided_by_body="  "))
        self.assertContains(r, "Say who decided: a person, a body, or both.", status_code=400)
        self.assert_nothing_saved()

    def test_it_accepts_a_body_alone(self) -> None:
        r = self.client.post(self.decide_url, self.data(decided_by_person=""))
        self.assertEqual(r.status_code, 302)
        self.assertEqual(GateDecision.objects.get().decided_by, "Formannskapet")

    def test_it_requires_a_basis(self) -> None:
        r = self.client.post(self.decide_url, self.data(basis=""))
        self.assertContains(r, "This field is required.", status_code=400)
        self.assert_nothing_saved()

    def test_it_rejects_a_phase_from_another_organization(self) -> None:
        foreign = Phase.objects.get(organization=self.other_organization, number=2)
        r = self.client.post(self.decide_url, self.data(to_phase=foreign.pk))
        self.assertContains(r, "Select a valid choice.", status_code=400)
        self.assert_nothing_saved()

    def test_the_action_rejects_a_phase_from_another_organization(self) -> None:
        foreign = Phase.objects.get(organization=self.other_organization, number=2)
        with self.assertRaises(actions.GateError):
            actions.record_gate_decision(
                project=self.project,
                to_phase=foreign,
                outcome="continue",
                decided_on=self.project.created_at.date(),
                basis="x",
                decided_by_person=None,
                decided_by_body="Styret",
                acting_user=self.kari,
            )
        self.assert_nothing_saved()

    def test_it_rejects_a_person_from_another_organization(self) -> None:
        eva = Person.objects.get(user=self.eva)
        r = self.client.post(self.decide_url, self.data(decided_by_person=eva.pk, decided_by_body=""))
        self.assertEqual(r.status_code, 400)
        self.assert_nothing_saved()

    def test_it_forbids_contributors(self) -> None:
        self.log_in(self.ingrid)
        self.assertEqual(self.client.post(self.decide_url, self.data()).status_code, 403)
        self.assert_nothing_saved()

    def test_it_rejects_get(self) -> None:
        self.assertEqual(self.client.get(self.decide_url).status_code, 405)


class PhasesTestCase(BaseTestCase):
    def test_it_shows_the_history_newest_first(self) -> None:
        for to, outcome, day, basis in [
            (1, "more_work", "2026-01-10", "Mer analyse"),
            (2, "continue", "2026-02-20", "Godkjent"),
        ]:
            actions.record_gate_decision(
                project=self.project,
                to_phase=self.phases[to],
                outcome=outcome,
                decided_on=__import__("datetime").date.fromisoformat(day),
                basis=basis,
                decided_by_person=self.kari_person,
                decided_by_body="",
                acting_user=self.kari,
            )
        self.log_in(self.nora)
        r = self.client.get(self.url("projects:phases"))
        self.assertEqual([d.basis for d in r.context["decisions"]], ["Godkjent", "Mer analyse"])
        self.assertContains(r, "Continue to a later phase")
        self.assertContains(r, "More work needed in this phase")
        self.assertContains(r, 'datetime="2026-02-20"')
        self.assertContains(r, "1. Strategisk definisjon → 2. Program- og konseptutvikling")
        self.assertContains(r, 'aria-current="step"')
        # Viewers see the history but no form.
        self.assertIsNone(r.context["form"])

    def test_it_offers_editors_a_form_with_a_fresh_submission_key(self) -> None:
        self.log_in(self.ola)
        first = self.client.get(self.url("projects:phases")).context["form"]
        second = self.client.get(self.url("projects:phases")).context["form"]
        self.assertNotEqual(first["submission_key"].value(), second["submission_key"].value())
        self.assertEqual(first.initial["from_phase"], self.phases[1])

    def test_it_says_when_there_are_no_decisions(self) -> None:
        self.log_in(self.nora)
        self.assertContains(self.client.get(self.url("projects:phases")), "No gate decisions yet.")
