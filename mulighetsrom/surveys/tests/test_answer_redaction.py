"""Issue 11, finding 4: identifiers typed into free-text answers are redacted before they are stored.

End to end through the public pages (web, assisted entry, paper entry): the stored answer, the
page shown again, the results page, the XLSX export and the observations made from the answers
hold the redaction labels and never the number or the address.
"""

from __future__ import annotations

import io
import re

from django.core.management import call_command
from openpyxl import load_workbook

from mulighetsrom.insight.models import Observation
from mulighetsrom.surveys.models import Answer, Response
from mulighetsrom.surveys.tests.helpers import make_survey
from mulighetsrom.test import BaseTestCase

# A valid fødselsnummer (10.04.1987, both check digits right), written with a non-breaking space.
FNR = "100487\u00a044732"
TYPED = f"Mer lys i stua. Ring meg på 912 34 567 eller ola@example.no, fnr {FNR}"
REDACTED = (
    "Mer lys i stua. Ring meg på [telefonnummer fjernet] eller [e-postadresse fjernet], fnr [fødselsnummer fjernet]"
)
SECRETS = ("912 34 567", "91234567", "ola@example.no", FNR, "10048744732", "44732")


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]+)"', html)
    assert match, name
    return match.group(1)


class AnswerRedactionTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.survey = make_survey(self.project, self.kari)
        self.q_group, self.q_scale, self.q_text = list(self.survey.questions.all())
        self.choice = self.q_group.choices.get(group__name="Beboere")

    def post_page(self, url: str, data: dict[str, str]) -> str:
        html = self.client.get(f"{url}?lang=nb").content.decode()
        r = self.client.post(f"{url}?lang=nb", {"sig": hidden(html, "sig"), **data})
        self.assertEqual(r.status_code, 303, r.content.decode()[:500])
        return str(r["Location"]).split("?")[0]

    def answer_all(self, first_page: str) -> None:
        page2 = self.post_page(first_page, {f"q{self.q_group.pk}": str(self.choice.pk)})
        page3 = self.post_page(page2, {f"q{self.q_scale.pk}": "4"})
        # Shown again before submitting: the form holds the stored (redacted) text.
        self.client.post(
            f"{page3}?lang=nb",
            {
                "sig": hidden(self.client.get(page3).content.decode(), "sig"),
                f"q{self.q_text.pk}": TYPED,
                "action": "save",
            },
        )
        again = self.client.get(f"{page3}?lang=nb").content.decode()
        self.assertIn("[telefonnummer fjernet]", again)
        self.assert_no_secrets(again)
        done = self.post_page(page3, {f"q{self.q_text.pk}": TYPED})
        self.assertIn("/done/", done)

    def start_web(self) -> str:
        html = self.client.get(f"/s/{self.survey.token}/?lang=nb").content.decode()
        r = self.client.post(f"/s/{self.survey.token}/start/?lang=nb", {"key": hidden(html, "key")})
        self.assertEqual(r.status_code, 303)
        return str(r["Location"]).split("?")[0]

    def start_by_staff(self, channel: str) -> str:
        self.log_in(self.ingrid)
        r = self.client.post(
            self.url("surveys:assisted", self.survey.code) + f"?channel={channel}",
            {"consent_basis": "consent", "channel": channel},
        )
        self.assertEqual(r.status_code, 302)
        return str(r["Location"]).split("?")[0]

    def assert_no_secrets(self, text: str) -> None:
        for secret in SECRETS:
            self.assertNotIn(secret, text)

    def assert_stored_redacted(self, channel: str) -> None:
        response = Response.objects.get(channel=channel)
        self.assertTrue(response.is_submitted)
        self.assertEqual(Answer.objects.get(response=response, question=self.q_text).text, REDACTED)

    def test_a_web_answer_is_stored_shown_and_exported_redacted(self) -> None:
        self.answer_all(self.start_web())
        self.assert_stored_redacted(Response.Channel.WEB)

        self.log_in(self.nora)
        results = self.client.get(self.url("surveys:results", self.survey.code))
        self.assertEqual(results.status_code, 200)
        self.assertContains(results, "[telefonnummer fjernet]")
        self.assert_no_secrets(results.content.decode())

        export = self.client.get(self.url("surveys:export", self.survey.code))
        sheet = load_workbook(io.BytesIO(export.content)).active
        assert sheet is not None
        cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
        self.assertIn(REDACTED, cells)
        self.assert_no_secrets("\n".join(cells))

    def test_assisted_entry_is_stored_redacted(self) -> None:
        self.answer_all(self.start_by_staff(Response.Channel.ASSISTED))
        self.assert_stored_redacted(Response.Channel.ASSISTED)

    def test_paper_entry_is_stored_redacted(self) -> None:
        self.answer_all(self.start_by_staff(Response.Channel.PAPER))
        self.assert_stored_redacted(Response.Channel.PAPER)

    def test_answers_sent_to_the_insight_bank_stay_redacted(self) -> None:
        self.answer_all(self.start_web())
        self.log_in(self.ola)
        r = self.client.post(self.url("feedback:send_to_insight", self.survey.code))
        self.assertEqual(r.status_code, 302)
        observation = Observation.objects.get(kind=Observation.Kind.ANSWER)
        self.assertEqual(observation.text, REDACTED)

    def test_text_without_identifiers_is_stored_as_typed(self) -> None:
        typed = "Kafeen bør være åpen 20.00-21.30, og rom 21 22 23 24 trenger mer lys."
        page1 = self.start_web()
        page2 = self.post_page(page1, {f"q{self.q_group.pk}": str(self.choice.pk)})
        page3 = self.post_page(page2, {f"q{self.q_scale.pk}": "4"})
        self.post_page(page3, {f"q{self.q_text.pk}": typed})
        self.assertEqual(Answer.objects.get(question=self.q_text).text, typed)


class RedactStoredAnswersCommandTestCase(BaseTestCase):
    def test_it_redacts_answers_stored_before_redaction_on_saving(self) -> None:
        survey = make_survey(self.project, self.kari)
        q_text = survey.questions.get(kind="text")
        q_scale = survey.questions.get(kind="scale")
        old = Response.objects.create(survey=survey, language="nb")
        # Written directly, as answers were stored before this change.
        Answer.objects.create(response=old, question=q_text, text=TYPED)
        Answer.objects.create(response=old, question=q_scale, value=4)
        clean = Response.objects.create(survey=survey, language="nb")
        Answer.objects.create(response=clean, question=q_text, text="Mer lys, rom 21 22 23 24.")
        out = io.StringIO()

        call_command("redact_survey_answers", stdout=out)

        self.assertEqual(Answer.objects.get(response=old, question=q_text).text, REDACTED)
        self.assertEqual(Answer.objects.get(response=clean).text, "Mer lys, rom 21 22 23 24.")
        self.assertIn("in 1 stored answers", out.getvalue())
        call_command("redact_survey_answers", stdout=out)  # a second run finds nothing more
        self.assertEqual(Answer.objects.get(response=old, question=q_text).text, REDACTED)
