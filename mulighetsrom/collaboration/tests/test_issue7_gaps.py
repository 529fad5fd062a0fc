"""Issue #7 gaps: the RACI page one phase at a time, assignments on threads, threads on the canvas."""

from __future__ import annotations

from django.urls import reverse

from mulighetsrom.collaboration.actions import set_raci_cell
from mulighetsrom.collaboration.models import Assignment, CanvasSection, Comment, Decision, Notification, RaciTask
from mulighetsrom.needs.models import Need
from mulighetsrom.test import BaseTestCase


class RaciPhasePageTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.first = RaciTask.objects.create(project=self.project, phase=self.phases[1], name="Første steg-oppgave")
        self.third = RaciTask.objects.create(project=self.project, phase=self.phases[3], name="Tredje steg-oppgave")

    def test_it_shows_one_phase_and_defaults_to_the_current_one(self) -> None:
        self.log_in(self.ola)
        current = self.project.current_phase.number
        page = self.client.get(self.url("collaboration:raci"))
        self.assertEqual(page.context["phase_number"], current)
        self.assertEqual([rp.phase.number for rp in page.context["matrix"].phases], [current] * (current in (1, 3)))
        page = self.client.get(self.url("collaboration:raci") + "?phase=3")
        self.assertContains(page, f'id="task-{self.third.code}"')
        self.assertNotContains(page, f'id="task-{self.first.code}"')
        self.assertContains(page, 'aria-current="page">' + str(self.phases[3]))

    def test_the_diagnostics_cover_every_phase(self) -> None:
        self.log_in(self.ola)
        page = self.client.get(self.url("collaboration:raci") + "?phase=3")
        self.assertContains(page, "“Første steg-oppgave” has no one accountable (A).")
        self.assertContains(page, "Findings per phase")

    def test_all_phases_is_a_summary_without_the_matrix(self) -> None:
        set_raci_cell(task=self.third, letter="A", membership=self.project.memberships.get(person=self.ola_person),
                      acting_user=self.kari)  # fmt: skip
        self.log_in(self.ola)
        page = self.client.get(self.url("collaboration:raci") + "?phase=all")
        self.assertNotContains(page, "raci-select")
        self.assertNotContains(page, f'id="task-{self.third.code}"')
        lines = {line.phase.number: line for line in page.context["matrix"].summary}
        self.assertEqual(lines[3].no_a, RaciTask.objects.filter(project=self.project, phase__number=3).count() - 1)
        self.assertEqual(lines[3].task_count, RaciTask.objects.filter(project=self.project, phase__number=3).count())

    def test_saving_a_row_returns_to_its_phase(self) -> None:
        self.log_in(self.ola)
        m = self.project.memberships.get(person=self.ola_person)
        r = self.client.post(self.url("collaboration:raci_row", self.third.code), {f"m-{m.pk}": "R"})
        self.assertRedirects(
            r, self.url("collaboration:raci") + f"?phase=3#task-{self.third.code}", fetch_redirect_response=False
        )
        page = self.client.get(self.url("collaboration:raci") + "?phase=3")
        self.assertContains(
            page, f'name="m-{m.pk}" class="ds-input raci-select" aria-label="Tredje steg-oppgave: Ola">'
        )
        self.assertContains(page, '<option value="R" selected>R</option>')

    def test_a_viewer_sees_letters_not_selects(self) -> None:
        set_raci_cell(task=self.third, letter="C", membership=self.project.memberships.get(person=self.ola_person),
                      acting_user=self.kari)  # fmt: skip
        self.log_in(self.nora)
        page = self.client.get(self.url("collaboration:raci") + "?phase=3")
        self.assertNotContains(page, "raci-select")
        self.assertContains(page, "<td>C</td>")

    def test_the_query_count_does_not_depend_on_the_phase_size(self) -> None:
        self.log_in(self.ola)
        url = self.url("collaboration:raci") + "?phase=3"
        few = self.count_queries(url)
        for i in range(10):
            RaciTask.objects.create(project=self.project, phase=self.phases[3], name=f"T{i}")
        self.assertEqual(few, self.count_queries(url))
        self.assertLessEqual(self.count_queries(self.url("collaboration:raci") + "?phase=all"), few)


class AssignmentTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.need = Need.objects.create(project=self.project, ref="B1", statement="Skjermede bogrupper")
        self.section = CanvasSection.objects.get(project=self.project, key="purpose")

    def give(self, kind: str, code: object, **data: object) -> object:
        post = {"title": "Sjekk arealet", "assignee": self.ingrid_person.pk, "due_on": "2026-05-01", **data}
        return self.client.post(self.url("collaboration:assignment_add", kind, code), post)

    def test_a_task_on_a_need_notifies_the_assignee_and_shows_everywhere(self) -> None:
        self.log_in(self.ola)
        r = self.give("need", self.need.code)
        page_url = self.url("needs:need_detail", self.need.code)
        self.assertRedirects(r, page_url + "#comments", fetch_redirect_response=False)
        a = Assignment.objects.get()
        self.assertEqual((a.target, a.assignee, str(a.due_on)), (self.need, self.ingrid_person, "2026-05-01"))
        n = Notification.objects.get(user=self.ingrid)
        self.assertEqual((n.kind, n.url), (Notification.Kind.ASSIGNMENT, page_url))
        page = self.client.get(page_url)
        self.assertContains(page, "Sjekk arealet")
        self.assertContains(page, "Give someone a task")
        self.log_in(self.ingrid)
        tasks = self.client.get(reverse("collaboration:my_tasks"))
        self.assertContains(tasks, f'href="{page_url}#comments">Sjekk arealet</a>')

    def test_tasks_and_comments_on_a_canvas_section(self) -> None:
        self.log_in(self.ingrid)
        r = self.client.post(self.url("collaboration:comment_add", "canvas", self.section.code), {"body": "Hei @Ola"})
        anchor = self.url("collaboration:canvas") + "#comments-purpose"
        self.assertRedirects(r, anchor, fetch_redirect_response=False)
        self.assertEqual(Comment.objects.get().target, self.section)
        self.assertTrue(Notification.objects.filter(user=self.ola, kind=Notification.Kind.MENTION).exists())
        r = self.give("canvas", self.section.code, assignee=self.ola_person.pk)
        self.assertRedirects(r, anchor, fetch_redirect_response=False)
        page = self.client.get(self.url("collaboration:canvas"))
        self.assertContains(page, 'id="comments-purpose"')
        self.assertContains(page, 'id="id_comments-purpose_body"')
        self.assertContains(page, "Hei @Ola")
        self.assertContains(page, "Sjekk arealet")
        self.log_in(self.ola)
        self.assertContains(self.client.get(reverse("collaboration:my_tasks")), f'href="{anchor}"')

    def test_tasks_on_requirements_insights_and_decisions_too(self) -> None:
        from mulighetsrom.insight.models import Insight
        from mulighetsrom.needs.models import Requirement

        req = Requirement.objects.create(project=self.project, ref="F1", text="Maks 8", category="functional")
        insight = Insight.objects.create(project=self.project, statement="Ut i hagen")
        decision = Decision.objects.create(project=self.project, title="Bogrupper")
        self.log_in(self.ingrid)
        for kind, target in (("requirement", req), ("insight", insight), ("decision", decision)):
            self.assertEqual(self.give(kind, target.code).status_code, 302)
        self.assertEqual(Assignment.objects.count(), 3)

    def test_only_team_members_can_be_given_tasks(self) -> None:
        self.log_in(self.ola)
        self.give("need", self.need.code, assignee=self.per_person.pk)
        self.give("need", self.need.code, title="")
        self.assertFalse(Assignment.objects.exists())

    def test_access(self) -> None:
        self.log_in(self.nora)
        self.assertEqual(self.give("need", self.need.code).status_code, 403)
        self.assertNotContains(self.client.get(self.url("needs:need_detail", self.need.code)), "Give someone a task")
        self.log_in(self.per)
        self.assertEqual(self.give("need", self.need.code).status_code, 404)
        self.log_in(self.ola)
        url = self.url("collaboration:assignment_add", "need", self.need.code)
        self.assertEqual(self.client.get(url).status_code, 405)
        self.assertEqual(self.give("project", self.need.code).status_code, 404)
        self.assertEqual(self.give("canvas", self.need.code).status_code, 404)
        self.assertFalse(Assignment.objects.exists())


class DecisionThreadTestCase(BaseTestCase):
    def test_the_decision_page_uses_the_shared_thread(self) -> None:
        decision = Decision.objects.create(project=self.project, title="Bogrupper")
        self.log_in(self.ingrid)
        page = self.client.get(self.url("collaboration:decision_detail", decision.code))
        self.assertContains(page, self.url("collaboration:comment_add", "decision", decision.code))
        self.assertContains(page, self.url("collaboration:assignment_add", "decision", decision.code))
        r = self.client.post(self.url("collaboration:comment_add", "decision", decision.code), {"body": "Enig"})
        self.assertRedirects(
            r, self.url("collaboration:decision_detail", decision.code) + "#comments", fetch_redirect_response=False
        )
        self.assertContains(self.client.get(self.url("collaboration:decision_detail", decision.code)), "Enig")
