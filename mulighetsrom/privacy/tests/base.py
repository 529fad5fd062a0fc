"""Two submitted survey responses whose free text became observations and published quotes."""

from __future__ import annotations

from django.utils import timezone

from mulighetsrom.feedback import actions as feedback_actions
from mulighetsrom.feedback.models import PublishedQuote
from mulighetsrom.insight.models import Observation
from mulighetsrom.surveys.models import Answer, Question, Response, Survey
from mulighetsrom.surveys.tests.helpers import make_survey
from mulighetsrom.test import BaseTestCase

MINE = "Vi trenger en sansehage med benker i skyggen for de som blir slitne"
OTHERS = "Mer dagslys i fellesstua og plass til rullator ved bordene"


class PrivacyTestCase(BaseTestCase):
    survey: Survey
    mine: Response
    others: Response

    def setUp(self) -> None:
        super().setUp()
        self.survey = make_survey(self.project, self.kari)
        self.mine = self._response(MINE, scale=5)
        self.others = self._response(OTHERS, scale=2)
        feedback_actions.send_answers_to_insight(survey=self.survey, acting_user=self.ola)
        self.mine_observation = Observation.objects.get(text=MINE)
        self.others_observation = Observation.objects.get(text=OTHERS)
        self.mine_quote = self._quote(self.mine_observation, "En sansehage med benker i skyggen.")
        self.others_quote = self._quote(self.others_observation, "Mer dagslys i fellesstua.")

    def _response(self, text: str, scale: int) -> Response:
        response = Response.objects.create(survey=self.survey, submitted_at=timezone.now())
        for question in self.survey.questions.all():
            if question.kind == Question.Kind.TEXT:
                Answer.objects.create(response=response, question=question, text=text)
            elif question.kind == Question.Kind.SCALE:
                Answer.objects.create(response=response, question=question, value=scale)
        return response

    def _quote(self, observation: Observation, text: str) -> PublishedQuote:
        return feedback_actions.approve_quote(
            observation=observation, text=text, group=None, item=None, confirmed=True, acting_user=self.ola
        )

    def mine_url(self, name: str, *extra: object) -> str:
        from django.urls import reverse

        return reverse(name, args=[self.survey.token, self.mine.token, *extra])
