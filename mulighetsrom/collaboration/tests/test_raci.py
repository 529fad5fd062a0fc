from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import load_workbook

from mulighetsrom.collaboration import raci
from mulighetsrom.collaboration.actions import RaciError, set_raci_cell
from mulighetsrom.collaboration.models import RaciAssignment, RaciTask
from mulighetsrom.test import BaseTestCase


class RaciDiagnoseTestCase(BaseTestCase):
    def test_it_finds_every_kind_of_problem(self) -> None:
        tasks = [raci.TaskRow(1, "Romprogram", 2), raci.TaskRow(2, "Tomt", 2)]
        members = [raci.MemberRow(10, "Kari", 100, False), raci.MemberRow(11, "Ola", 101, True)]
        cells = [raci.Cell(1, "A", 10), raci.Cell(1, "A", 11), raci.Cell(1, "R", 10), raci.Cell(2, "R", 10)]
        report = raci.diagnose(tasks, cells, members, {100: "Eiendom", 102: "DigIt"}, max_r=1)
        kinds = sorted(d.kind for d in report.diagnostics)
        self.assertEqual(kinds, ["a_left", "many_a", "no_a", "overload", "unit_not_consulted"])
        self.assertEqual(report.of_kind("unit_not_consulted")[0].who, "DigIt")


class RaciViewTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.task = RaciTask.objects.filter(project=self.project).first()
        assert self.task is not None
        self.ola_m = self.project.memberships.get(person=self.ola_person)

    def test_the_project_is_seeded_with_tasks_for_its_building_type(self) -> None:
        names = set(RaciTask.objects.filter(project=self.project).values_list("name", flat=True))
        self.assertIn("Velferdsteknologikonsept", names)

    def test_saving_a_row_sets_letters_and_clears_the_diagnostic(self) -> None:
        self.log_in(self.ola)
        r = self.client.post(self.url("collaboration:raci_row", self.task.code), {f"m-{self.ola_m.pk}": "A"})
        self.assertEqual(r.status_code, 302)
        self.assertEqual(RaciAssignment.objects.get(task=self.task).letter, "A")
        page = self.client.get(self.url("collaboration:raci"))
        self.assertNotContains(page, f"“{self.task.name}” has no one accountable")

    def test_a_person_who_left_gets_no_new_role(self) -> None:
        self.ola_m.left_at = timezone.now()
        self.ola_m.save()
        with self.assertRaises(RaciError):
            set_raci_cell(task=self.task, letter="R", membership=self.ola_m, acting_user=self.kari)

    def test_the_accountable_who_left_is_flagged(self) -> None:
        set_raci_cell(task=self.task, letter="A", membership=self.ola_m, acting_user=self.kari)
        self.ola_m.left_at = timezone.now()
        self.ola_m.save()
        self.log_in(self.kari)
        self.assertContains(self.client.get(self.url("collaboration:raci")), "has left the team")

    def test_a_viewer_cannot_save_and_get_is_405(self) -> None:
        self.log_in(self.nora)
        self.assertEqual(self.client.post(self.url("collaboration:raci_row", self.task.code), {}).status_code, 403)
        self.assertEqual(self.client.get(self.url("collaboration:raci_row", self.task.code)).status_code, 405)
        self.log_in(self.per)
        self.assertEqual(self.client.get(self.url("collaboration:raci")).status_code, 404)

    def test_the_export_is_formula_safe(self) -> None:
        RaciTask.objects.create(project=self.project, phase=self.phases[1], name="=HYPERLINK(1)")
        self.log_in(self.nora)
        r = self.client.get(self.url("collaboration:raci_export"))
        ws = load_workbook(io.BytesIO(r.content)).active
        values = [c.value for row in ws.iter_rows() for c in row]
        self.assertIn("'=HYPERLINK(1)", values)
        self.assertNotIn("=HYPERLINK(1)", values)

    def test_the_matrix_runs_a_constant_number_of_queries(self) -> None:
        self.log_in(self.ola)
        few = self.count_queries(self.url("collaboration:raci"))
        for i in range(10):
            t = RaciTask.objects.create(project=self.project, phase=self.phases[2], name=f"T{i}")
            set_raci_cell(task=t, letter="R", membership=self.ola_m, acting_user=self.kari)
        self.assertEqual(few, self.count_queries(self.url("collaboration:raci")))
