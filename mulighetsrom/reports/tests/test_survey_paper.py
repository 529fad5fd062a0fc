"""A survey's paper form as a PDF made by the documents task (issue #5)."""

from __future__ import annotations

import uuid

from django.test import override_settings
from django.utils import translation

from mulighetsrom.projects.access import ProjectAccess
from mulighetsrom.projects.models import Project, Role
from mulighetsrom.reports.forms import DocumentRequestForm
from mulighetsrom.reports.models import GeneratedDocument
from mulighetsrom.reports.render_pdf import HERE, pdf_problem, report_html
from mulighetsrom.reports.survey_paper import build_survey_paper
from mulighetsrom.reports.tests.base import ReportsTestCase
from mulighetsrom.reports.tests.test_team_documents import media_boxes
from mulighetsrom.surveys import actions
from mulighetsrom.surveys.models import Question, Survey
from mulighetsrom.surveys.tests.helpers import make_survey

Kind = GeneratedDocument.Kind
A4_PORTRAIT = (595.28, 841.89)


class SurveyPaperTestCase(ReportsTestCase):
    survey: Survey

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.survey = make_survey(cls.project, cls.kari)
        cls.survey.intro = "Vi vil høre hva du mener om det nye helsehuset."
        cls.survey.contact = "Servicetorget, tlf. 12 34 56 78"
        cls.survey.paper_return = "Legg skjemaet i den grønne kassen i resepsjonen."
        cls.survey.paper_return_nn = "Legg skjemaet i den grøne kassa i resepsjonen."
        cls.survey.save()
        actions.save_question(
            question=Question(
                survey=cls.survey,
                kind=Question.Kind.PRIORITISE,
                text="Ranger de viktigste rommene",
                text_nn="Ranger dei viktigaste romma",
                help_text="Tenk på hverdagen.",
                max_picks=2,
                ranked=True,
            ),
            choices=["Hage", "Dagslys", "Stillerom"],
            acting_user=cls.kari,
        )
        actions.save_question(
            question=Question(survey=cls.survey, kind=Question.Kind.PRIORITISE, text="Velg inntil tre", max_picks=3),
            choices=["Kjøkken", "Kafé", "Basseng", "Trimrom"],
            acting_user=cls.kari,
        )
        actions.save_question(
            question=Question(survey=cls.survey, kind=Question.Kind.YES_NO, text="Bør det være eget kjøkken?"),
            choices=[],
            acting_user=cls.kari,
        )

    def html(self, language: str) -> str:
        access = ProjectAccess(project=self.project, role=Role.VIEWER, is_org_admin=False)
        with translation.override(language if language != "nn" else "nb"):
            report = build_survey_paper(access, survey_code=self.survey.code, language=language)
            return report_html(report)

    def request_paper(self, language: str = "nb", code: uuid.UUID | None = None) -> GeneratedDocument:
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post(self.url("reports:survey_paper", code or self.survey.code), {"language": language})
        document = GeneratedDocument.objects.latest("id")
        self.assertRedirects(r, self.url("reports:document", document.code))
        document.refresh_from_db()
        return document

    def test_the_form_has_every_question_with_its_boxes(self) -> None:
        html = self.html("en")
        for text in (
            "Nytt helsehus",
            "Vi vil høre hva du mener om det nye helsehuset.",
            "How we handle your answers",
            "Testvik kommune",  # the privacy notice names the controller
            "Who are you?",  # the background question (English text) with the stakeholder groups
            "Beboere",
            "Hvor viktig er hage?",
            "1 – Lite",
            "5 – Svært",
            "Hva ønsker du deg?",
            "Ranger de viktigste rommene",
            "Tenk på hverdagen.",
            "Write 1 in the box of the most important, 2 in the box of the next, and so on up to 2.",
            "Tick up to 3.",
            "Bør det være eget kjøkken?",
            "Don&#x27;t know",
            "(required)",
            "Where to hand in the form",
            "Legg skjemaet i den grønne kassen i resepsjonen.",
            "Servicetorget, tlf. 12 34 56 78",
        ):
            self.assertIn(text, html)
        self.assertEqual(html.count('class="paper-options paper-rank"'), 1)
        self.assertEqual(html.count('<div class="paper-line">'), 5)  # the free-text question
        self.assertIn("A4 portrait", (HERE / "pdf-paper.css").read_text())

    @override_settings(SITE_ROOT="https://medvirkning.testvik.kommune.no")
    def test_the_form_gives_the_online_address_and_its_qr_code(self) -> None:
        html = self.html("en")
        online = f"https://medvirkning.testvik.kommune.no/s/{self.survey.token}/?lang=en"
        self.assertIn(f"type the address: {online}", html)
        self.assertIn(f'alt="QR code for {online}"', html)
        self.assertIn('src="data:image/svg+xml', html)

    def test_texts_follow_the_respondents_language_with_bokmal_as_fallback(self) -> None:
        html = self.html("nn")
        self.assertIn("Nytt helsehus (nn)", html)
        self.assertIn("Ranger dei viktigaste romma", html)
        self.assertIn("Kor viktig er hage?", html)
        self.assertIn("Legg skjemaet i den grøne kassa i resepsjonen.", html)
        self.assertIn("Velg inntil tre", html)  # no nynorsk text: bokmål

    def test_a_viewer_makes_the_pdf_through_the_task(self) -> None:
        if pdf_problem():
            self.skipTest(pdf_problem())
        self.login(self.nora)
        document = self.request_paper("nn")
        self.assertEqual(document.status, GeneratedDocument.Status.DONE, document.error)
        self.assertEqual(document.kind, Kind.SURVEY_PAPER)
        self.assertEqual(document.format, GeneratedDocument.Format.PDF)
        self.assertEqual(document.language, "nn")
        self.assertEqual(document.subject_code, self.survey.code)
        self.assertEqual(document.audience_role, Role.VIEWER)
        data = self.download(document)
        self.assertTrue(data.startswith(b"%PDF"))
        boxes = media_boxes(data)
        self.assertTrue(boxes)
        for width, height in boxes:
            self.assertAlmostEqual(width, A4_PORTRAIT[0], delta=1)
            self.assertAlmostEqual(height, A4_PORTRAIT[1], delta=1)
        self.assertTrue(document.download_name.startswith(f"sporreskjema-papir-nn-{self.project.slug}-"))
        status = self.client.get(self.url("reports:document", document.code))
        self.assertContains(status, self.url("surveys:detail", self.survey.code))

    def test_an_unknown_language_gives_bokmal(self) -> None:
        if pdf_problem():
            self.skipTest(pdf_problem())
        self.login(self.nora)
        self.assertEqual(self.request_paper("de").language, "nb")

    def test_outsiders_and_wrong_codes_get_404_and_get_is_refused(self) -> None:
        self.login(self.per)
        r = self.client.post(self.url("reports:survey_paper", self.survey.code), {"language": "nb"})
        self.assertEqual(r.status_code, 404)
        self.login(self.nora)
        r = self.client.post(self.url("reports:survey_paper", uuid.uuid4()), {"language": "nb"})
        self.assertEqual(r.status_code, 404)
        self.assertEqual(self.client.get(self.url("reports:survey_paper", self.survey.code)).status_code, 405)
        self.assertFalse(GeneratedDocument.objects.exists())

    def test_a_survey_of_another_project_is_not_found(self) -> None:
        other_project = Project.objects.create(
            organization=self.project.organization,
            name="Annet prosjekt",
            slug="annet-prosjekt",
            current_phase=self.project.current_phase,
        )
        other = make_survey(other_project, self.kari)
        self.login(self.kari)
        r = self.client.post(self.url("reports:survey_paper", other.code), {"language": "nb"})
        self.assertEqual(r.status_code, 404)

    def test_the_paper_form_is_not_on_the_generic_documents_page(self) -> None:
        form = DocumentRequestForm({"kind": Kind.SURVEY_PAPER, "format": "pdf"})
        self.assertFalse(form.is_valid())
        self.login(self.nora)
        r = self.client.get(self.url("reports:documents"))
        self.assertNotContains(r, 'value="paper"')

    def test_the_survey_page_offers_the_pdf_and_paper_entry(self) -> None:
        self.login(self.ingrid)
        r = self.client.get(self.url("surveys:detail", self.survey.code))
        self.assertContains(r, self.url("reports:survey_paper", self.survey.code))
        self.assertContains(r, 'name="language"')
        self.assertContains(r, "?channel=paper")
