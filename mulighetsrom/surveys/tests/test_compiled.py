from __future__ import annotations

import uuid

from django.db.models import F
from django.db.models.signals import post_save
from django.test import override_settings

from mulighetsrom.surveys import actions, public_reads
from mulighetsrom.surveys.compiled import CompiledUpdate, CompiledUpsert, CompiledValues
from mulighetsrom.surveys.forms import DONT_KNOW
from mulighetsrom.surveys.models import Answer, Response, Survey
from mulighetsrom.surveys.tests.helpers import make_survey
from mulighetsrom.test import BaseTestCase


class CompiledStatementTestCase(BaseTestCase):
    """Statements compiled once give the same results as the ORM, on every later call too."""

    def setUp(self) -> None:
        super().setUp()
        self.survey = make_survey(self.project, self.kari)
        self.q_group, self.q_scale, self.q_text = list(self.survey.questions.all())
        self.response, _ = actions.start_response(survey=self.survey, submission_key=uuid.uuid4(), language="nn")

    def test_values_are_read_with_new_parameters_each_call(self) -> None:
        titles = CompiledValues(
            lambda token: Survey.objects.filter(token=token).values_list("title", "opens_at"),
            token=Survey._meta.get_field("token"),
        )
        other = make_survey(self.project, self.kari)
        other.title = "Bibliotek"
        other.save()
        self.assertEqual(titles.rows(token=self.survey.token), [("Nytt helsehus", self.survey.opens_at)])
        self.assertEqual(titles.rows(token=other.token), [("Bibliotek", other.opens_at)])
        self.assertEqual(titles.rows(token="no-such-token"), [])

    @override_settings(SURVEY_FAST_PATH=True)  # the check belongs to compiling, which the plain ORM skips
    def test_a_parameter_the_query_does_not_use_fails_loudly(self) -> None:
        broken = CompiledValues(lambda token: Survey.objects.values_list("id"), token=Survey._meta.get_field("token"))
        with self.assertRaises(ValueError):
            broken.rows(token="x")

    def test_an_update_changes_only_the_matching_rows(self) -> None:
        other, _ = actions.start_response(survey=self.survey, submission_key=uuid.uuid4(), language="nb")
        rename = CompiledUpdate(
            lambda pk, language: (Response.objects.filter(pk=pk), {"language": language}),
            pk=Response._meta.get_field("id"),
            language=Response._meta.get_field("language"),
        )
        self.assertEqual(rename.execute(pk=self.response.pk, language="en"), 1)
        self.assertEqual(rename.execute(pk=-1, language="en"), 0)
        self.assertEqual(Response.objects.get(pk=self.response.pk).language, "en")
        self.assertEqual(Response.objects.get(pk=other.pk).language, "nb")

    def test_an_update_of_two_tables_is_refused(self) -> None:
        both = CompiledUpdate(
            lambda pk: (Answer.objects.filter(pk=pk), {"response__language": F("response__language")}),
            pk=Answer._meta.get_field("id"),
        )
        with self.assertRaises(Exception):  # noqa: B017 (the ORM refuses it before we get to)
            both.execute(pk=1)

    def test_an_upsert_inserts_and_then_replaces(self) -> None:
        upsert = CompiledUpsert(Answer, unique=["response", "question"], update=["value", "text"])
        for rows in (1, 3):  # PostgreSQL writes several rows as one array per column
            with self.subTest(rows=rows):
                questions = [self.q_group, self.q_scale, self.q_text][:rows]
                answers = [Answer(response=self.response, question=q, value=[q.pk], text="") for q in questions]
                upsert.execute(answers)
                again = [Answer(response=self.response, question=q, value=DONT_KNOW, text="ny") for q in questions]
                upsert.execute(again)
                stored = Answer.objects.filter(response=self.response, question__in=questions)
                self.assertEqual(
                    sorted((a.question_id, a.value, a.text) for a in stored),
                    [(q.pk, DONT_KNOW, "ny") for q in questions],
                )
        upsert.execute([Answer(response=self.response, question=self.q_text, value=None, text="bare tekst")])
        self.assertIsNone(Answer.objects.filter(question=self.q_text, value__isnull=True).get().value)
        self.assertEqual(Answer.objects.count(), 3)

    def test_an_insert_sets_the_new_id_and_a_duplicate_key_finds_the_first(self) -> None:
        key = uuid.uuid4()
        first, created = actions.start_response(survey=self.survey, submission_key=key, language="en", looked_up=True)
        self.assertTrue(created)
        stored = Response.objects.get(pk=first.pk)
        self.assertEqual((stored.token, stored.language, stored.survey_id), (first.token, "en", self.survey.pk))
        self.assertFalse(first._state.adding)
        # A concurrent start with the same key: the unique key refuses the second row.
        again, created = actions.start_response(survey=self.survey, submission_key=key, language="en", looked_up=True)
        self.assertEqual((again.pk, created), (first.pk, False))

    def test_an_insert_of_a_model_with_receivers_goes_through_save(self) -> None:
        seen: list[int] = []

        def receiver(sender: type[Response], instance: Response, created: bool, **kwargs: object) -> None:
            seen.append(instance.pk)

        post_save.connect(receiver, sender=Response)
        try:
            response, _ = actions.start_response(survey=self.survey, submission_key=uuid.uuid4(), language="nb")
        finally:
            post_save.disconnect(receiver, sender=Response)
        self.assertEqual(seen, [response.pk])


class PublicReadsTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.survey = make_survey(self.project, self.kari)
        self.q_group, self.q_scale, self.q_text = list(self.survey.questions.all())
        self.response, _ = actions.start_response(survey=self.survey, submission_key=uuid.uuid4(), language="nn")

    def test_a_survey_is_read_with_its_municipality(self) -> None:
        survey = public_reads.survey_by_token(self.survey.token)
        assert survey is not None
        with self.assertNumQueries(0):
            self.assertEqual(survey.title_nn, "Nytt helsehus (nn)")
            self.assertEqual(survey.opens_at, self.survey.opens_at)
            self.assertEqual(survey.privacy_notice, self.survey.privacy_notice)
            self.assertEqual(survey.project.organization.name, "Testvik kommune")
            self.assertTrue(survey.is_open())
        self.assertIsNone(public_reads.survey_by_token("nope"))

    def test_a_response_is_read_with_its_survey_and_answers_in_one_query(self) -> None:
        Answer.objects.create(response=self.response, question=self.q_scale, value=DONT_KNOW)
        Answer.objects.create(response=self.response, question=self.q_text, text="Mer lys")
        with self.assertNumQueries(1):
            found = public_reads.response_and_answers(self.survey.token, self.response.token)
        assert found is not None
        response, answers = found
        version = Survey.objects.get().structure_version
        with self.assertNumQueries(0):
            self.assertEqual((response.pk, response.language, response.submitted_at), (self.response.pk, "nn", None))
            self.assertEqual(response.survey.structure_version, version)
            self.assertEqual(response.survey.project.organization.name, "Testvik kommune")
        self.assertEqual(
            {q: (a.value, a.text) for q, a in answers.items()},
            {
                self.q_scale.pk: (DONT_KNOW, ""),
                self.q_text.pk: (None, "Mer lys"),
            },
        )

    def test_a_response_without_answers_or_of_another_survey(self) -> None:
        found = public_reads.response_and_answers(self.survey.token, self.response.token)
        assert found is not None
        self.assertEqual(found[1], {})
        other = make_survey(self.project, self.kari)
        self.assertIsNone(public_reads.response_and_answers(other.token, self.response.token))
        self.assertIsNone(public_reads.response_by_tokens(other.token, self.response.token))
        self.assertIsNone(public_reads.response_by_tokens(self.survey.token, "nope"))

    def test_a_response_is_found_by_its_submission_key(self) -> None:
        key = Response.objects.get().submission_key
        self.assertEqual(public_reads.response_token_for_key(key), self.response.token)
        self.assertIsNone(public_reads.response_token_for_key(uuid.uuid4()))
