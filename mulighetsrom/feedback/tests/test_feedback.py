from __future__ import annotations

import uuid

from django.core import mail
from django.test import override_settings

from mulighetsrom.feedback import actions, subscriptions
from mulighetsrom.feedback.models import Publication, Subscriber
from mulighetsrom.insight.models import Activity, Insight, Observation
from mulighetsrom.needs.models import Need
from mulighetsrom.surveys import actions as survey_actions
from mulighetsrom.surveys.tests.helpers import make_survey
from mulighetsrom.test import BaseTestCase


class SendAnswersTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.survey = make_survey(self.project, self.kari)
        q_group, _q_scale, self.q_text = list(self.survey.questions.all())
        response, _ = survey_actions.start_response(survey=self.survey, submission_key=uuid.uuid4(), language="nb")
        choice = q_group.choices.get(group__name="Pårørende")
        survey_actions.save_answers(
            response=response,
            questions=[q_group, self.q_text],
            cleaned={f"q{q_group.pk}": str(choice.pk), f"q{self.q_text.pk}": "Ring meg på 912 34 567 om hagen"},
        )
        response.submit()

    def test_free_text_becomes_a_redacted_observation_with_the_group(self) -> None:
        count = actions.send_answers_to_insight(survey=self.survey, acting_user=self.kari)
        self.assertEqual(count, 1)
        obs = Observation.objects.get()
        self.assertNotIn("912 34 567", obs.text)
        self.assertIn("hagen", obs.text)
        self.assertEqual(obs.speaker_group.name, "Pårørende")
        self.assertEqual(obs.kind, Observation.Kind.ANSWER)
        self.assertEqual(obs.activity.type, Activity.Type.SURVEY)

    def test_sending_twice_adds_nothing(self) -> None:
        actions.send_answers_to_insight(survey=self.survey, acting_user=self.kari)
        self.assertEqual(actions.send_answers_to_insight(survey=self.survey, acting_user=self.kari), 0)
        self.assertEqual(Observation.objects.count(), 1)
        self.assertEqual(Activity.objects.count(), 1)

    def test_view_needs_editor_and_post(self) -> None:
        url = self.url("feedback:send_to_insight", self.survey.code)
        self.log_in(self.nora)
        self.assertEqual(self.client.post(url).status_code, 403)
        self.log_in(self.per)
        self.assertEqual(self.client.post(url).status_code, 404)
        self.log_in(self.ola)
        self.assertEqual(self.client.get(url).status_code, 405)
        self.assertEqual(self.client.post(url).status_code, 302)
        self.assertEqual(Observation.objects.count(), 1)


class PublishFeedbackTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.insight = Insight.objects.create(project=self.project, statement="Beboerne vil ut i hagen")
        self.need = Need.objects.create(project=self.project, ref="B1", statement="Skjermet hage")
        self.need.insights.add(self.insight)
        self.rejected = Need.objects.create(
            project=self.project, ref="B2", statement="Basseng", status="rejected", rejection_reason="For dyrt i drift"
        )

    def choose(self) -> None:
        self.log_in(self.ola)
        self.client.post(
            self.url("feedback:edit"),
            {
                "intro": "Takk for innspillene!",
                f"pick_insight_{self.insight.code}": "1",
                f"text_insight_{self.insight.code}": "Mange ønsker seg ut.",
                f"pick_need_{self.need.code}": "1",
                f"text_need_{self.need.code}": "Vi planlegger en hage.",
                f"pick_need_{self.rejected.code}": "1",
            },
        )

    def test_choice_preview_publish_and_public_page(self) -> None:
        self.choose()
        r = self.client.get(self.url("feedback:preview"))
        self.assertContains(r, "Vi planlegger en hage.")
        publication = Publication.objects.get()
        public = f"/prosjekt/{publication.public_slug}/?lang=en"
        self.client.logout()
        self.assertEqual(self.client.get(public).status_code, 404)
        self.log_in(self.ola)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.url("feedback:publish"))
        self.client.logout()
        r = self.client.get(public)
        self.assertContains(r, "Mange ønsker seg ut.")
        self.assertContains(r, "Not taken forward")
        self.assertContains(r, "For dyrt i drift")
        self.assertContains(r, "Beboerne vil ut i hagen")
        self.assertEqual(dict(r.cookies), {})

    def test_public_page_lists_coming_meetings_from_the_engagement_plan_without_notes(self) -> None:
        from datetime import timedelta

        from django.utils import timezone

        from mulighetsrom.stakeholders.models import EngagementEntry, StakeholderGroup

        group = StakeholderGroup.objects.get(project=self.project, name="Pårørende")
        EngagementEntry.objects.filter(group__project=self.project).delete()
        soon = timezone.localdate() + timedelta(days=20)
        EngagementEntry.objects.create(
            group=group,
            phase=self.phases[2],
            level="involve",
            methods=["workshop", "interview"],
            period_start=soon,
            notes="Ring Ola på 99887766",
        )
        EngagementEntry.objects.create(
            group=group,
            phase=self.phases[3],
            level="consult",
            methods=["hearing"],
            period_start=timezone.localdate() - timedelta(days=40),
            period_end=timezone.localdate() - timedelta(days=1),
        )
        self.choose()
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.url("feedback:publish"))
        self.client.logout()
        publication = Publication.objects.get()
        r = self.client.get(f"/prosjekt/{publication.public_slug}/?lang=en")
        self.assertContains(r, "Coming meetings and workshops")
        self.assertContains(r, "Workshop / focus group with pårørende")
        self.assertNotContains(r, "Interview")
        self.assertNotContains(r, "Hearing")
        self.assertNotContains(r, "99887766")

    def test_viewer_cannot_publish(self) -> None:
        self.log_in(self.nora)
        self.assertEqual(self.client.post(self.url("feedback:publish")).status_code, 403)
        self.assertEqual(self.client.get(self.url("feedback:publish")).status_code, 405)

    @override_settings(SITE_ROOT="https://example.org")
    def test_subscribers_get_a_message_with_an_unsubscribe_link(self) -> None:
        publication = actions.get_publication(self.project)
        actions.publish_feedback(project=self.project, acting_user=self.kari)
        r = self.client.get(f"/prosjekt/{publication.public_slug}/")
        import re

        sig = re.search(r'name="sig" value="([^"]+)"', r.content.decode())
        assert sig
        r = self.client.post(
            f"/prosjekt/{publication.public_slug}/subscribe/", {"email": "a@example.org", "sig": sig.group(1)}
        )
        self.assertEqual(r.status_code, 200)
        subscriber = Subscriber.objects.get()
        # Double opt-in (feedback/tests/test_subscriptions.py): nothing until the address is confirmed.
        self.assertEqual(subscriptions.send_feedback_notices(project_id=self.project.pk), 0)
        subscriptions.confirm(subscriber=subscriber)
        self.assertEqual(subscriptions.send_feedback_notices(project_id=self.project.pk), 1)
        self.assertIn(f"/unsubscribe/{subscriber.token}/", mail.outbox[0].body)
        self.client.post(f"/prosjekt/{publication.public_slug}/unsubscribe/{subscriber.token}/")
        self.assertFalse(Subscriber.objects.exists())


class QuestionFromNeedsTestCase(BaseTestCase):
    def test_candidate_needs_become_the_choices_of_a_prioritise_question(self) -> None:
        from mulighetsrom.surveys.models import Question

        survey = make_survey(self.project, self.kari)
        question = survey_actions.save_question(
            question=Question(survey=survey, kind=Question.Kind.PRIORITISE, text="Viktigst?"),
            choices=["x"],
            acting_user=self.kari,
        )
        Need.objects.create(project=self.project, ref="B1", statement="Skjermet hage")
        Need.objects.create(
            project=self.project, ref="B2", statement="Basseng", status="rejected", rejection_reason="For dyrt"
        )
        url = self.url("feedback:question_from_needs", survey.code, question.code)
        self.log_in(self.nora)
        self.assertEqual(self.client.post(url).status_code, 403)
        self.log_in(self.ola)
        self.assertEqual(self.client.get(url).status_code, 405)
        self.client.post(url)
        self.assertEqual([c.text for c in question.choices.all()], ["Skjermet hage"])
