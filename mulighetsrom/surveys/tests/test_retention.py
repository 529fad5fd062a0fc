from __future__ import annotations

import uuid
from datetime import timedelta

from django.utils import timezone

from mulighetsrom.surveys import actions
from mulighetsrom.surveys.models import Answer, Response
from mulighetsrom.surveys.tests.helpers import make_survey
from mulighetsrom.test import BaseTestCase


class RetentionTestCase(BaseTestCase):
    def test_it_deletes_responses_only_after_the_retention_period(self) -> None:
        survey = make_survey(self.project, self.kari)
        response, _ = actions.start_response(survey=survey, submission_key=uuid.uuid4(), language="nb")
        q = survey.questions.last()
        assert q is not None
        actions.save_answers(response=response, questions=[q], cleaned={f"q{q.pk}": "Hage"})
        survey.close(timezone.now() - timedelta(days=30 * 24 - 5))
        self.assertEqual(actions.delete_expired_responses(), 0)
        self.assertEqual(actions.delete_expired_responses(timezone.now() + timedelta(days=10)), 2)
        self.assertFalse(Response.objects.exists())
        self.assertFalse(Answer.objects.exists())
