"""A withdrawn observation or response leaves synthesis, quotes, exports, results and the public page."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from openpyxl import load_workbook

from mulighetsrom.feedback import actions as feedback_actions
from mulighetsrom.feedback.models import PublishedQuote
from mulighetsrom.insight import actions as insight_actions
from mulighetsrom.insight.models import Insight, Observation, SuggestionRun, Theme
from mulighetsrom.insight.reading import insights_with_strength, observation_counts_by_theme
from mulighetsrom.privacy import actions
from mulighetsrom.privacy.tests.base import MINE, OTHERS, PrivacyTestCase
from mulighetsrom.projects.access import get_project_for_user
from mulighetsrom.reports.models import GeneratedDocument
from mulighetsrom.surveys import results
from mulighetsrom.surveys.exports import write_xlsx
from mulighetsrom.surveys.models import Question, Response


class WithdrawnObservationTestCase(PrivacyTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.theme = Theme.objects.create(project=self.project, name="Uteområder")
        Observation.objects.filter(pk__in=[self.mine_observation.pk, self.others_observation.pk]).update(
            theme=self.theme
        )
        self.insight = Insight.objects.create(project=self.project, statement="Beboere vil ut")
        self.insight.evidence.add(self.mine_observation, self.others_observation)

    def withdraw(self) -> None:
        self.log_in(self.ola)
        r = self.client.post(
            self.url("privacy:observation_act"),
            {"code": [str(self.mine_observation.code)], "action": "withdraw", "confirm": "1"},
        )
        self.assertEqual(r.status_code, 302)

    def test_it_leaves_the_observation_list_and_the_excel_export(self) -> None:
        self.withdraw()
        r = self.client.get(self.url("insight:observations"))
        self.assertNotContains(r, MINE)
        self.assertContains(r, OTHERS)
        sheet = load_workbook(io.BytesIO(self.client.get(self.url("insight:export")).content)).active
        assert sheet is not None
        texts = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        self.assertEqual(texts, [OTHERS])

    def test_it_leaves_theme_counts_and_insight_evidence(self) -> None:
        access = get_project_for_user(self.ola, self.project.slug)
        self.assertEqual(observation_counts_by_theme(access)[self.theme.pk], 2)
        self.assertEqual(insights_with_strength(access)[0].strength.observations, 2)
        self.withdraw()
        self.assertEqual(observation_counts_by_theme(access)[self.theme.pk], 1)
        row = insights_with_strength(access)[0]
        self.assertEqual(row.strength.observations, 1)
        self.assertEqual(row.visible_evidence, [self.others_observation])
        r = self.client.get(self.url("insight:theme", self.theme.code))
        self.assertNotContains(r, MINE)

    def test_it_is_not_input_to_theme_suggestions(self) -> None:
        Observation.objects.update(theme=None)
        self.withdraw()
        run = SuggestionRun.objects.create(project=self.project)
        run = insight_actions.compute_theme_suggestions(run_id=run.pk)
        self.assertEqual(run.observation_count, 1)

    def test_its_published_quote_is_withdrawn_and_the_public_page_no_longer_shows_it(self) -> None:
        feedback_actions.publish_feedback(project=self.project, acting_user=self.kari)
        slug = feedback_actions.get_publication(self.project).public_slug
        self.assertContains(self.client.get(f"/prosjekt/{slug}/?lang=en"), "En sansehage med benker i skyggen.")
        self.withdraw()
        self.assertFalse(PublishedQuote.objects.filter(pk=self.mine_quote.pk).exists())
        self.client.logout()
        r = self.client.get(f"/prosjekt/{slug}/?lang=en")
        self.assertNotContains(r, "En sansehage")
        self.assertContains(r, "Mer dagslys i fellesstua.")

    def test_it_cannot_be_quoted_again(self) -> None:
        self.withdraw()
        self.assertFalse(feedback_actions.quotable_observations(self.project).filter(pk=self.mine_observation.pk))
        r = self.client.get(self.url("feedback:quote_edit", self.mine_observation.code))
        self.assertEqual(r.status_code, 404)

    def test_generated_reports_that_may_embed_it_are_removed(self) -> None:
        doc = GeneratedDocument.objects.create(
            project=self.project, kind=GeneratedDocument.Kind.INSIGHT, format=GeneratedDocument.Format.DOCX
        )
        doc.file.save("rapport.docx", ContentFile(b"x"))
        storage, name = doc.file.storage, doc.file.name
        self.withdraw()
        self.assertFalse(GeneratedDocument.objects.filter(pk=doc.pk).exists())
        self.assertFalse(storage.exists(name))

    def test_the_observation_is_kept_until_erased_and_found_by_the_privacy_search(self) -> None:
        self.withdraw()
        self.assertTrue(Observation.objects.filter(pk=self.mine_observation.pk).exists())
        r = self.client.get(self.url("privacy:observations"), {"q": "sansehage"})
        self.assertEqual(r.context["results"], [self.mine_observation])
        self.assertContains(r, "consent withdrawn")


class WithdrawnResponseTestCase(PrivacyTestCase):
    def setUp(self) -> None:
        super().setUp()
        actions.withdraw_response_consent(response=self.mine)

    def test_results_count_only_responses_with_consent(self) -> None:
        by_kind = {s.question.kind: s for s in results.summarise(self.survey)}
        self.assertEqual(by_kind[Question.Kind.TEXT].texts, [OTHERS])
        self.assertEqual(by_kind[Question.Kind.SCALE].answered, 1)
        self.assertEqual(sum(n for _day, n in results.timeline(self.survey)), 1)

    def test_the_excel_export_leaves_it_out(self) -> None:
        out = io.BytesIO()
        write_xlsx(self.survey, out)
        sheet = load_workbook(io.BytesIO(out.getvalue())).active
        assert sheet is not None
        cells = [c for row in sheet.iter_rows(min_row=2, values_only=True) for c in row]
        self.assertIn(OTHERS, cells)
        self.assertNotIn(MINE, cells)
        self.assertEqual(sheet.max_row, 2)

    def test_sending_answers_to_insight_again_skips_it(self) -> None:
        Observation.objects.all().delete()
        feedback_actions.send_answers_to_insight(survey=self.survey, acting_user=self.ola)
        self.assertEqual(list(Observation.objects.values_list("text", flat=True)), [OTHERS])

    def test_counted_excludes_withdrawn_and_unsubmitted(self) -> None:
        Response.objects.create(survey=self.survey)
        self.assertEqual(list(Response.objects.counted()), [self.others])
