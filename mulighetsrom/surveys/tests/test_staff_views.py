from __future__ import annotations

import io
import uuid

from openpyxl import load_workbook

from mulighetsrom.surveys import actions
from mulighetsrom.surveys.models import Answer, Question, Response, Survey
from mulighetsrom.surveys.tests.helpers import make_survey
from mulighetsrom.test import BaseTestCase


class SurveyStaffTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.survey = make_survey(self.project, self.kari)

    def submitted(self, text: str, group_name: str = "Beboere", **kwargs: object) -> Response:
        response, _ = actions.start_response(survey=self.survey, submission_key=uuid.uuid4(), language="nb", **kwargs)
        q_group, q_scale, q_text = list(self.survey.questions.all())
        choice = q_group.choices.get(group__name=group_name)
        actions.save_answers(
            response=response,
            questions=[q_group, q_scale, q_text],
            cleaned={f"q{q_group.pk}": str(choice.pk), f"q{q_scale.pk}": "5", f"q{q_text.pk}": text},
        )
        response.submit()
        return response

    def test_it_creates_a_survey_with_a_privacy_notice(self) -> None:
        self.log_in(self.ola)
        r = self.client.post(self.url("surveys:list"), {"title": "Ny undersøkelse", "layout": "one"})
        survey = Survey.objects.get(title="Ny undersøkelse")
        self.assertRedirects(r, self.url("surveys:detail", survey.code))
        self.assertIn("Testvik kommune", survey.privacy_notice)
        self.assertIn("24", survey.privacy_notice)

    def test_it_adds_a_question_with_choices_in_three_languages(self) -> None:
        self.log_in(self.ola)
        r = self.client.post(
            self.url("surveys:question_add", self.survey.code),
            {
                "kind": "prioritise",
                "text": "Hva er viktigst?",
                "choices_text": "Hage\nLys\nRo",
                "choices_nn": "Hage\nLys\nRo",
                "choices_en": "Garden\nLight",
                "max_picks": "2",
                "allow_dont_know": "on",
            },
        )
        self.assertEqual(r.status_code, 302)
        q = self.survey.questions.get(text="Hva er viktigst?")
        self.assertEqual([c.text for c in q.choices.all()], ["Hage", "Lys", "Ro"])
        self.assertEqual([c.text_en for c in q.choices.all()], ["Garden", "Light", ""])

    def test_a_choice_question_needs_choices(self) -> None:
        self.log_in(self.ola)
        r = self.client.post(
            self.url("surveys:question_add", self.survey.code), {"kind": "single", "text": "X?", "max_picks": "3"}
        )
        self.assertContains(r, "at least one choice", status_code=400)

    def test_outsider_gets_404_and_viewer_403(self) -> None:
        self.log_in(self.per)
        self.assertEqual(self.client.get(self.url("surveys:detail", self.survey.code)).status_code, 404)
        self.log_in(self.nora)
        self.assertEqual(self.client.get(self.url("surveys:detail", self.survey.code)).status_code, 200)
        self.assertEqual(self.client.get(self.url("surveys:edit", self.survey.code)).status_code, 403)
        self.assertEqual(self.client.post(self.url("surveys:close", self.survey.code)).status_code, 403)

    def test_open_and_close_are_post_only(self) -> None:
        self.log_in(self.kari)
        self.assertEqual(self.client.get(self.url("surveys:close", self.survey.code)).status_code, 405)
        self.client.post(self.url("surveys:close", self.survey.code))
        self.survey.refresh_from_db()
        self.assertFalse(self.survey.is_open())
        self.client.post(self.url("surveys:open", self.survey.code))
        self.survey.refresh_from_db()
        self.assertTrue(self.survey.is_open())

    def test_assisted_entry_records_who_assisted_and_the_consent(self) -> None:
        self.log_in(self.ingrid)
        r = self.client.post(
            self.url("surveys:assisted", self.survey.code), {"consent_basis": "consent", "channel": "assisted"}
        )
        response = Response.objects.get()
        self.assertIn(response.token, r["Location"])
        self.assertEqual(response.assisted_by, self.ingrid)
        self.assertEqual(response.consent_basis, "consent")
        self.assertEqual(response.channel, "assisted")

    def test_assisted_entry_works_after_closing(self) -> None:
        self.survey.close()
        response, _ = actions.start_response(
            survey=self.survey, submission_key=uuid.uuid4(), language="nb", channel="paper", assisted_by=self.kari
        )
        r = self.client.get(f"/s/{self.survey.token}/r/{response.token}/1/")
        self.assertEqual(r.status_code, 200)

    def test_results_show_chart_table_and_cross_tab(self) -> None:
        self.submitted("Mer lys")
        self.submitted("Hage", group_name="Pårørende")
        self.log_in(self.nora)
        r = self.client.get(self.url("surveys:results", self.survey.code) + "?cross=1")
        self.assertContains(r, "<svg")
        self.assertContains(r, "By respondent group")
        self.assertContains(r, "Pårørende")
        group = self.project.stakeholder_groups.get(name="Beboere")
        r = self.client.get(self.url("surveys:results", self.survey.code) + f"?group={group.code}")
        self.assertContains(r, "Mer lys")
        self.assertNotContains(r, "<li>Hage</li>")

    def test_export_is_formula_injection_safe(self) -> None:
        self.submitted('=HYPERLINK("http://evil")')
        self.log_in(self.nora)
        r = self.client.get(self.url("surveys:export", self.survey.code))
        ws = load_workbook(io.BytesIO(r.content)).active
        assert ws is not None
        values = [c.value for row in ws.iter_rows() for c in row]
        self.assertIn('\'=HYPERLINK("http://evil")', values)

    def test_qr_codes_in_svg_and_png(self) -> None:
        self.log_in(self.nora)
        svg = self.client.get(self.url("surveys:qr", self.survey.code, "svg"))
        self.assertEqual(svg["Content-Type"], "image/svg+xml")
        png = self.client.get(self.url("surveys:qr", self.survey.code, "png"))
        self.assertTrue(png.content.startswith(b"\x89PNG"))
        self.assertEqual(self.client.get(self.url("surveys:qr", self.survey.code, "gif")).status_code, 404)

    def test_paper_version_has_every_question(self) -> None:
        self.log_in(self.nora)
        r = self.client.get(self.url("surveys:print", self.survey.code))
        for q in self.survey.questions.all():
            self.assertContains(r, q.text)

    def test_move_and_delete_question(self) -> None:
        self.log_in(self.ola)
        last = self.survey.questions.last()
        assert last is not None
        self.client.post(self.url("surveys:question_move", self.survey.code, last.code), {"up": "1"})
        self.assertEqual(list(self.survey.questions.all())[1], last)
        self.client.post(self.url("surveys:question_delete", self.survey.code, last.code))
        self.assertFalse(Question.objects.filter(pk=last.pk).exists())
        self.assertFalse(Answer.objects.filter(question_id=last.pk).exists())
