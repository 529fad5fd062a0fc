from __future__ import annotations

import hashlib
import unittest
import uuid
from datetime import timedelta

import time_machine
from django.db import connection
from django.test import TestCase, TransactionTestCase

from mulighetsrom.surveys import actions
from mulighetsrom.surveys.models import RateBucket, Response, Survey
from mulighetsrom.surveys.tests.helpers import make_survey
from mulighetsrom.test import make_own_project, run_at_once


class RateBucketTestCase(TestCase):
    def test_it_allows_up_to_capacity_then_refuses(self) -> None:
        results = [RateBucket.authorize("k", 3, timedelta(hours=1)) for _ in range(4)]
        self.assertEqual(results, [True, True, True, False])

    def test_it_refills_over_time(self) -> None:
        with time_machine.travel("2026-03-01 10:00", tick=False) as traveller:
            for _ in range(3):
                RateBucket.authorize("k", 3, timedelta(hours=1))
            self.assertFalse(RateBucket.authorize("k", 3, timedelta(hours=1)))
            traveller.shift(timedelta(minutes=21))
            self.assertTrue(RateBucket.authorize("k", 3, timedelta(hours=1)))

    def test_buckets_are_separate(self) -> None:
        self.assertTrue(RateBucket.authorize("a", 1, timedelta(hours=1)))
        self.assertTrue(RateBucket.authorize("b", 1, timedelta(hours=1)))
        self.assertFalse(RateBucket.authorize("a", 1, timedelta(hours=1)))

    def test_the_ip_is_stored_only_as_a_hash(self) -> None:
        self.assertTrue(actions.check_rate_limits(survey=make_survey_stub(), ip="10.1.2.3"))
        # Two buckets were stored: the survey's and the address's, the latter under a keyed hash.
        keys = set(RateBucket.objects.values_list("key", flat=True))
        self.assertEqual(len(keys), 2, keys)
        self.assertIn("survey:1", keys)
        (ip_key,) = keys - {"survey:1"}
        self.assertRegex(ip_key, r"^ip:[0-9a-f]{40}$")
        self.assertNotIn("10.1.2.3", ip_key)
        # Keyed with the secret: not the plain hash of the address, which anyone could recompute.
        self.assertNotEqual(ip_key, "ip:" + hashlib.sha256(b"10.1.2.3").hexdigest()[:40])
        # The same address is charged to the same bucket; another address gets a bucket of its own.
        actions.check_rate_limits(survey=make_survey_stub(), ip="10.1.2.3")
        self.assertLess(RateBucket.objects.get(key=ip_key).tokens, actions.IP_CAPACITY - 1)
        actions.check_rate_limits(survey=make_survey_stub(), ip="10.1.2.4")
        self.assertEqual(RateBucket.objects.filter(key__startswith="ip:").count(), 2)
        self.assertFalse(RateBucket.objects.filter(key__contains="10.1.2.").exists())


def make_survey_stub() -> Survey:
    return Survey(pk=1)


@unittest.skipIf(connection.vendor == "sqlite", "SQLite serialises writers; the race needs PostgreSQL")
class ConcurrentStartTestCase(TransactionTestCase):
    def survey(self) -> Survey:
        # TransactionTestCase has no fixtures from BaseTestCase: a project of its own.
        kari, project = make_own_project()
        return make_survey(project, kari)

    def test_two_threads_with_one_key_store_one_response(self) -> None:
        survey = self.survey()
        key = uuid.uuid4()
        run_at_once(lambda _: actions.start_response(survey=survey, submission_key=key, language="nb"), 1, 2)
        self.assertEqual(Response.objects.filter(submission_key=key).count(), 1)

    def test_two_concurrent_posts_of_the_last_page_store_one_submission(self) -> None:
        from django.test import Client
        from django.urls import reverse

        from mulighetsrom.surveys.models import Answer

        survey = self.survey()
        survey.layout = Survey.Layout.ALL_ON_ONE_PAGE
        survey.save()
        q_group, q_scale, q_text = list(survey.questions.all())
        response, _created = actions.start_response(survey=survey, submission_key=uuid.uuid4(), language="nb")
        url = reverse("surveys_public:page", args=[survey.token, response.token, 1])
        data = {
            "sig": actions.sign(response.token),
            f"q{q_group.pk}": str(q_group.choices.first().pk),
            f"q{q_scale.pk}": "4",
            f"q{q_text.pk}": "Mer lys",
        }
        statuses = run_at_once(lambda client: client.post(f"{url}?lang=nb", data).status_code, Client(), Client())
        # Both see the confirmation; the database holds one submission with one answer per question.
        self.assertEqual(statuses, [303, 303])
        self.assertEqual(Response.objects.filter(survey=survey, submitted_at__isnull=False).count(), 1)
        self.assertEqual(Answer.objects.filter(response=response).count(), 3)
