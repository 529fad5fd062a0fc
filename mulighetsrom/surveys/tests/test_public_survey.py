from __future__ import annotations

import re
import uuid
from datetime import timedelta
from unittest import mock

from django.http.response import HttpResponseBase
from django.utils import timezone

from mulighetsrom.surveys import actions
from mulighetsrom.surveys.models import Answer, Response, Survey
from mulighetsrom.surveys.tests.helpers import make_survey
from mulighetsrom.test import BaseTestCase


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]+)"', html)
    assert match, name
    return match.group(1)


class PublicSurveyTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.survey = make_survey(self.project, self.kari)
        self.q_group, self.q_scale, self.q_text = list(self.survey.questions.all())
        self.residents = self.project.stakeholder_groups.get(name="Beboere")
        self.choice = self.q_group.choices.get(group=self.residents)

    def start(self, lang: str = "en") -> str:
        r = self.client.get(f"/s/{self.survey.token}/?lang={lang}")
        self.assertEqual(r.status_code, 200)
        r = self.client.post(f"/s/{self.survey.token}/start/?lang={lang}", {"key": hidden(r.content.decode(), "key")})
        self.assertEqual(r.status_code, 303)
        return r["Location"].split("?")[0]

    def page(self, url: str, data: dict[str, str], lang: str = "en") -> HttpResponseBase:
        html = self.client.get(f"{url}?lang={lang}").content.decode()
        return self.client.post(f"{url}?lang={lang}", {"sig": hidden(html, "sig"), **data})

    def test_it_completes_a_survey_one_question_per_page(self) -> None:
        page1 = self.start()
        r = self.page(page1, {f"q{self.q_group.pk}": str(self.choice.pk)})
        self.assertEqual(r.status_code, 303)
        page2 = r["Location"].split("?")[0]
        self.assertTrue(page2.endswith("/2/"))
        r = self.page(page2, {f"q{self.q_scale.pk}": "dk"})
        r = self.page(r["Location"].split("?")[0], {f"q{self.q_text.pk}": "Mer lys, ring meg på 912 34 567"})
        self.assertIn("/done/", r["Location"])
        response = Response.objects.get()
        self.assertTrue(response.is_submitted)
        self.assertEqual(response.group, self.residents)
        self.assertEqual(Answer.objects.get(question=self.q_scale).value, "dk")
        done = self.client.get(r["Location"])
        self.assertContains(done, "Thank you for your answers")

    def test_public_pages_set_no_cookies(self) -> None:
        r = self.client.get(f"/s/{self.survey.token}/?lang=nb")
        self.assertEqual(dict(r.cookies), {})
        page1 = self.start()
        r = self.page(page1, {})
        self.assertEqual(dict(r.cookies), {})
        self.assertEqual(dict(self.client.cookies), {})

    def test_a_double_start_creates_one_response(self) -> None:
        r = self.client.get(f"/s/{self.survey.token}/")
        key = hidden(r.content.decode(), "key")
        first = self.client.post(f"/s/{self.survey.token}/start/", {"key": key})
        second = self.client.post(f"/s/{self.survey.token}/start/", {"key": key})
        self.assertEqual(first["Location"], second["Location"])
        self.assertEqual(Response.objects.count(), 1)

    def test_start_response_is_idempotent(self) -> None:
        key = uuid.uuid4()
        a, created_a = actions.start_response(survey=self.survey, submission_key=key, language="nb")
        b, created_b = actions.start_response(survey=self.survey, submission_key=key, language="nb")
        self.assertEqual(a.pk, b.pk)
        self.assertEqual((created_a, created_b), (True, False))

    def test_a_resubmitted_last_page_stores_one_submission(self) -> None:
        response, _ = actions.start_response(survey=self.survey, submission_key=uuid.uuid4(), language="nb")
        self.assertTrue(response.submit())
        first = response.submitted_at
        self.assertFalse(response.submit())
        response.refresh_from_db()
        self.assertEqual(response.submitted_at, first)

    def test_it_shows_errors_next_to_the_field_and_keeps_valid_answers(self) -> None:
        self.survey.layout = Survey.Layout.ALL_ON_ONE_PAGE
        self.survey.save()
        page1 = self.start()
        r = self.page(page1, {f"q{self.q_scale.pk}": "4"})
        self.assertEqual(r.status_code, 400)
        self.assertContains(r, f'id="id_q{self.q_group.pk}_error"', status_code=400)
        self.assertContains(r, 'value="4"', status_code=400)
        self.assertEqual(Answer.objects.get(question=self.q_scale).value, 4)

    def test_an_invalid_change_keeps_the_answer_saved_before(self) -> None:
        self.survey.layout = Survey.Layout.ALL_ON_ONE_PAGE
        self.survey.save()
        page1 = self.start()
        r = self.page(page1, {f"q{self.q_group.pk}": str(self.choice.pk), f"q{self.q_scale.pk}": "4", "action": "save"})
        self.assertEqual(r.status_code, 200)
        # Back later: a tampered or stale value for the scale fails, the saved 4 stays.
        r = self.page(page1, {f"q{self.q_group.pk}": str(self.choice.pk), f"q{self.q_scale.pk}": "9"})
        self.assertEqual(r.status_code, 400)
        self.assertEqual(Answer.objects.get(question=self.q_scale).value, 4)
        # Clearing an optional answer on purpose still clears it.
        self.page(page1, {f"q{self.q_group.pk}": str(self.choice.pk), f"q{self.q_scale.pk}": "", "action": "save"})
        self.assertFalse(Answer.objects.filter(question=self.q_scale).exists())

    def test_save_and_resume(self) -> None:
        page1 = self.start()
        r = self.page(page1, {f"q{self.q_group.pk}": str(self.choice.pk), "action": "save"})
        self.assertContains(r, page1)
        self.client.cookies.clear()
        r = self.client.get(page1)
        self.assertContains(r, f'value="{self.choice.pk}" id="id_q{self.q_group.pk}_1" required checked')

    def test_a_forged_signature_is_refused(self) -> None:
        page1 = self.start()
        r = self.client.post(page1, {"sig": "forged", f"q{self.q_group.pk}": str(self.choice.pk)})
        self.assertEqual(r.status_code, 400)
        self.assertFalse(Answer.objects.exists())

    def test_honeypot_gives_a_clear_message(self) -> None:
        r = self.client.get(f"/s/{self.survey.token}/?lang=en")
        r = self.client.post(
            f"/s/{self.survey.token}/start/?lang=en", {"key": hidden(r.content.decode(), "key"), "website": "x"}
        )
        self.assertContains(r, "looks automatic", status_code=400)
        self.assertFalse(Response.objects.exists())

    def test_rate_limit_per_ip(self) -> None:
        with mock.patch.object(actions, "IP_CAPACITY", 2):
            for _ in range(2):
                self.start()
            r = self.client.get(f"/s/{self.survey.token}/?lang=en")
            r = self.client.post(f"/s/{self.survey.token}/start/?lang=en", {"key": hidden(r.content.decode(), "key")})
        self.assertContains(r, "Too many answers", status_code=429)
        self.assertEqual(Response.objects.count(), 2)

    def test_closed_and_unknown_surveys_give_a_friendly_page(self) -> None:
        self.survey.close(timezone.now() - timedelta(minutes=1))
        r = self.client.get(f"/s/{self.survey.token}/?lang=en")
        self.assertContains(r, "not open for answers")
        r = self.client.get("/s/no-such-token/?lang=en")
        self.assertContains(r, "could not find this survey", status_code=404)

    def test_it_speaks_nynorsk_and_falls_back_to_bokmal(self) -> None:
        page1 = self.start(lang="nn")
        r = self.page(page1, {f"q{self.q_group.pk}": str(self.choice.pk)}, lang="nn")
        r = self.client.get(r["Location"])
        self.assertContains(r, 'lang="nn"')
        self.assertContains(r, "Kor viktig er hage?")
        self.assertContains(r, "Spørsmål 2 av 3")
        self.assertContains(r, "Veit ikkje")
        self.assertContains(r, "Nytt helsehus (nn)")

    def test_english_text_falls_back_to_bokmal(self) -> None:
        page1 = self.start(lang="en")
        r = self.client.get(page1 + "?lang=en")
        self.assertContains(r, "Who are you?")
        self.assertContains(r, "Beboere")

    def test_start_is_post_only(self) -> None:
        self.assertEqual(self.client.get(f"/s/{self.survey.token}/start/").status_code, 405)

    def test_large_text_lives_in_the_url(self) -> None:
        r = self.client.get(f"/s/{self.survey.token}/?lang=nb&size=lg")
        self.assertContains(r, 'class="large-text"')
        self.assertContains(r, "size=lg")


class StructureCacheTestCase(BaseTestCase):
    """The answering pages keep the questions per process; an edit must show on the next request."""

    def setUp(self) -> None:
        super().setUp()
        self.survey = make_survey(self.project, self.kari)
        self.q_group, self.q_scale, self.q_text = list(self.survey.questions.all())

    def first_page(self) -> str:
        r = self.client.get(f"/s/{self.survey.token}/?lang=nb")
        r = self.client.post(f"/s/{self.survey.token}/start/?lang=nb", {"key": hidden(r.content.decode(), "key")})
        return r["Location"].split("?")[0]

    def test_edits_to_questions_choices_and_order_are_seen_at_once(self) -> None:
        page1 = self.first_page()
        self.assertContains(self.client.get(f"{page1}?lang=nb"), "Hvem er du?")
        self.q_group.text = "Hvem svarer?"
        actions.save_question(question=self.q_group, choices=[], groups_as_choices=True, acting_user=self.kari)
        self.assertContains(self.client.get(f"{page1}?lang=nb"), "Hvem svarer?")
        choice = self.q_group.choices.first()
        assert choice is not None
        choice.text = "Nabo i gata"
        choice.save()
        self.assertContains(self.client.get(f"{page1}?lang=nb"), "Nabo i gata")
        actions.move_question(question=self.q_scale, up=True)
        self.assertContains(self.client.get(f"{page1}?lang=nb"), "Hvor viktig er hage?")
        actions.delete_question(question=self.q_scale, acting_user=self.kari)
        self.assertContains(self.client.get(f"{page1}?lang=nb"), "Hvem svarer?")

    def test_a_deleted_stakeholder_group_is_not_written_to_the_response(self) -> None:
        page1 = self.first_page()
        html = self.client.get(f"{page1}?lang=nb").content.decode()  # fills the cache
        choice = self.q_group.choices.exclude(group=None).first()
        assert choice is not None and choice.group is not None
        choice.group.delete()  # SET_NULL on the choice: no signal reaches the cache
        r = self.client.post(f"{page1}?lang=nb", {"sig": hidden(html, "sig"), f"q{self.q_group.pk}": str(choice.pk)})
        self.assertEqual(r.status_code, 303)
        self.assertIsNone(Response.objects.get().group_id)
