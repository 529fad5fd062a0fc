"""The SURVEY_FAST_PATH switch: off, the public pages are the same, through the plain ORM and templates."""

from __future__ import annotations

import re
import uuid

from django.test import override_settings

from mulighetsrom.surveys import actions, rendering
from mulighetsrom.surveys.compiled import CompiledInsert, CompiledUpdate, CompiledUpsert, CompiledValues
from mulighetsrom.surveys.models import Answer, Response, Survey
from mulighetsrom.surveys.tests.helpers import make_survey
from mulighetsrom.test import BaseTestCase

FAST = override_settings(SURVEY_FAST_PATH=True)
PLAIN = override_settings(SURVEY_FAST_PATH=False)


def without_signatures(html: str) -> str:
    """The page without the signed values, which carry a timestamp."""
    return re.sub(r'name="(sig|key)" value="[^"]+"', r'name="\1" value=""', html)


class FastPathSwitchTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.survey = make_survey(self.project, self.kari)
        self.q_group, self.q_scale, self.q_text = list(self.survey.questions.all())
        self.response, _ = actions.start_response(survey=self.survey, submission_key=uuid.uuid4(), language="nb")
        Answer.objects.create(response=self.response, question=self.q_scale, value=4)
        self.base = f"/s/{self.survey.token}/r/{self.response.token}"

    def both(self, method: str, url: str, data: dict[str, str] | None = None) -> tuple[str, str]:
        pages = []
        for mode in (FAST, PLAIN):
            with mode:
                r = self.client.get(url) if method == "get" else self.client.post(url, data or {})
            pages.append(without_signatures(r.content.decode()))
            self.assertNotIn("hole", pages[-1])
        return pages[0], pages[1]

    def sig(self) -> str:
        html = self.client.get(f"{self.base}/1/?lang=nb").content.decode()
        match = re.search(r'name="sig" value="([^"]+)"', html)
        assert match
        return match.group(1)

    def test_every_public_page_is_the_same_html_with_the_fast_path_off(self) -> None:
        self.assertTrue(self.base.startswith("/s/"))
        pages = [
            ("get", f"/s/{self.survey.token}/?lang=nb", None),
            ("get", f"/s/{self.survey.token}/?lang=nn&size=lg", None),
            ("get", f"{self.base}/1/?lang=en", None),
            ("get", f"{self.base}/2/?lang=nb&size=lg", None),  # shows the saved answer
            ("post", f"{self.base}/1/?lang=nb", {"sig": self.sig()}),  # a required answer missing
            ("post", f"{self.base}/2/?lang=nn", {"sig": self.sig(), f"q{self.q_scale.pk}": "9"}),  # no such choice
            ("post", f"{self.base}/2/?lang=nb", {"sig": self.sig(), f"q{self.q_scale.pk}": "4", "action": "save"}),
            ("get", '/s/"><b>x/?lang=en', None),
        ]
        for method, url, data in pages:
            with self.subTest(method=method, url=url):
                fast, plain = self.both(method, url, data)
                self.assertHTMLEqual(fast, plain)
        # The plain page really has the respondent's values in it, not stand-ins.
        _fast, plain = self.both("get", f"{self.base}/2/?lang=nb&size=lg")
        self.assertIn(f'action="{self.base}/2/?lang=nb&amp;size=lg"', plain)
        self.assertIn(f'name="q{self.q_scale.pk}" value="4" id="id_q{self.q_scale.pk}_3" checked', plain)

    def test_the_confirmation_and_closed_pages_are_the_same_too(self) -> None:
        self.response.submitted_at = self.response.started_at
        self.response.save()
        fast, plain = self.both("get", f"{self.base}/done/?lang=nn")
        self.assertHTMLEqual(fast, plain)
        self.assertIn(f"/r/{self.response.token}/", plain)
        Survey.objects.update(closes_at=self.survey.opens_at)
        fast, plain = self.both("get", f"/s/{self.survey.token}/?lang=en")
        self.assertHTMLEqual(fast, plain)

    @PLAIN
    def test_with_the_fast_path_off_a_whole_survey_is_answered(self) -> None:
        rendering._PAGES.clear()
        sig = self.sig()
        choice = self.q_group.choices.exclude(group=None).first()
        assert choice is not None
        r = self.client.post(f"{self.base}/1/?lang=nb", {"sig": sig, f"q{self.q_group.pk}": str(choice.pk)})
        self.assertEqual(r.status_code, 303)
        r = self.client.post(f"{self.base}/2/?lang=nb", {"sig": sig, f"q{self.q_scale.pk}": "dk"})
        r = self.client.post(f"{self.base}/3/?lang=nb", {"sig": sig, f"q{self.q_text.pk}": "Mer lys"})
        self.assertIn("/done/", r["Location"])
        self.response.refresh_from_db()
        self.assertTrue(self.response.is_submitted)
        self.assertEqual(self.response.group, choice.group)
        self.assertEqual(
            sorted(Answer.objects.values_list("question_id", "value", "text")),
            [(self.q_group.pk, [choice.pk], ""), (self.q_scale.pk, "dk", ""), (self.q_text.pk, None, "Mer lys")],
        )
        self.assertEqual(rendering._PAGES, {})  # no page kept per process

    @PLAIN
    def test_with_the_fast_path_off_no_statement_is_compiled(self) -> None:
        values = CompiledValues(
            lambda token: Survey.objects.filter(token=token).values_list("title", "opens_at"),
            token=Survey._meta.get_field("token"),
        )
        self.assertEqual(values.rows(token=self.survey.token), [("Nytt helsehus", self.survey.opens_at)])
        update = CompiledUpdate(
            lambda pk, language: (Response.objects.filter(pk=pk), {"language": language}),
            pk=Response._meta.get_field("id"),
            language=Response._meta.get_field("language"),
        )
        self.assertEqual(update.execute(pk=self.response.pk, language="en"), 1)
        upsert = CompiledUpsert(Answer, unique=["response", "question"], update=["value", "text"])
        upsert.execute([Answer(response=self.response, question=self.q_scale, value=2, text="")])
        insert = CompiledInsert(Response)
        new = Response(survey=self.survey, submission_key=uuid.uuid4(), language="nn")
        insert.insert(new)
        self.assertEqual(Response.objects.get(pk=new.pk).language, "nn")
        self.assertEqual(Response.objects.get(pk=self.response.pk).language, "en")
        self.assertEqual(Answer.objects.get(question=self.q_scale).value, 2)
        self.assertEqual((values._compiled, update._compiled, upsert._sql, insert._compiled), (None, None, {}, None))

    @FAST
    def test_with_the_fast_path_on_statements_are_compiled_and_pages_kept(self) -> None:
        values = CompiledValues(
            lambda token: Survey.objects.filter(token=token).values_list("title"), token=Survey._meta.get_field("token")
        )
        self.assertEqual(values.rows(token=self.survey.token), [("Nytt helsehus",)])
        self.assertIsNotNone(values._compiled)
        rendering._PAGES.clear()
        self.client.get(f"{self.base}/1/?lang=nb")
        self.assertNotEqual(rendering._PAGES, {})
