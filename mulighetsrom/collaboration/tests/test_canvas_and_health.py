from __future__ import annotations

from mulighetsrom.collaboration import actions
from mulighetsrom.collaboration.models import CanvasSection, PulseAnswer, PulseParticipation, PulseStatement
from mulighetsrom.test import BaseTestCase


class CanvasTestCase(BaseTestCase):
    def post(self, text: str, version: int) -> object:
        return self.client.post(
            self.url("collaboration:canvas_section", "purpose"), {"purpose-text": text, "purpose-version": version}
        )

    def test_it_saves_a_section_with_a_version(self) -> None:
        self.log_in(self.ingrid)
        self.post("Et godt hjem", 0)
        section = CanvasSection.objects.get(project=self.project, key="purpose")
        self.assertEqual((section.text, section.version, section.versions.count()), ("Et godt hjem", 1, 1))

    def test_a_concurrent_edit_keeps_the_users_text_and_writes_nothing(self) -> None:
        self.log_in(self.ingrid)
        self.post("Første", 0)
        r = self.post("Min tekst", 0)
        self.assertEqual(r.status_code, 409)
        self.assertContains(r, "Min tekst", status_code=409)
        self.assertContains(r, "saved this section while you were editing it", status_code=409)
        self.assertEqual(CanvasSection.objects.get(project=self.project, key="purpose").text, "Første")

    def test_a_viewer_cannot_edit(self) -> None:
        self.log_in(self.nora)
        self.assertEqual(self.post("x", 0).status_code, 403)

    def test_the_print_page_renders(self) -> None:
        self.log_in(self.nora)
        self.assertEqual(self.client.get(self.url("collaboration:canvas_print")).status_code, 200)


class PulseTestCase(BaseTestCase):
    def answer(self, user: object, value: int) -> None:
        self.log_in(user)
        data = {f"s-{s.pk}": value for s in PulseStatement.objects.filter(project=self.project).all()}
        self.client.post(self.url("collaboration:pulse_answer"), data)

    def test_answers_carry_no_link_to_the_person(self) -> None:
        fields = {f.name for f in PulseAnswer._meta.get_fields()}
        self.assertEqual(fields, {"id", "round", "statement", "value"})

    def test_a_member_answers_once(self) -> None:
        self.answer(self.ola, 4)
        self.answer(self.ola, 2)
        self.assertEqual(PulseParticipation.objects.count(), 1)
        self.assertEqual(set(PulseAnswer.objects.values_list("value", flat=True)), {4})

    def test_results_are_hidden_below_three_respondents(self) -> None:
        self.answer(self.ola, 4)
        self.answer(self.ingrid, 2)
        page = self.client.get(self.url("collaboration:health"))
        self.assertContains(page, "hidden")
        self.assertNotContains(page, "<td>3.0</td>")
        self.answer(self.nora, 3)
        page = self.client.get(self.url("collaboration:health"))
        self.assertContains(page, "<td>3.0</td>")
        for name in ("Ola", "Ingrid", "Nora"):
            self.assertNotContains(page, f">{name}<")

    def test_only_team_members_answer(self) -> None:
        self.log_in(self.per)
        self.assertEqual(self.client.post(self.url("collaboration:pulse_answer"), {}).status_code, 404)
        self.assertEqual(self.client.get(self.url("collaboration:pulse_answer")).status_code, 405)

    def test_the_round_is_monthly(self) -> None:
        r = actions.current_round(self.project)
        self.assertEqual(r.opens_on.day, 1)
