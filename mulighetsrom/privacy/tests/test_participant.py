"""A participant sees, downloads, withdraws and deletes their own response through their response link."""

from __future__ import annotations

import json

from mulighetsrom.feedback.models import PublishedQuote
from mulighetsrom.insight.models import Observation
from mulighetsrom.privacy.exports import short_code
from mulighetsrom.privacy.models import AuditEntry
from mulighetsrom.privacy.tests.base import MINE, OTHERS, PrivacyTestCase
from mulighetsrom.surveys.actions import sign
from mulighetsrom.surveys.models import Answer, Response


class ParticipantPagesTestCase(PrivacyTestCase):
    def test_it_shows_the_own_answers_and_the_response_code_without_setting_a_cookie(self) -> None:
        r = self.client.get(self.mine_url("privacy_public:mine") + "?lang=en")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, MINE)
        self.assertNotContains(r, OTHERS)
        self.assertContains(r, short_code(self.mine))
        self.assertEqual(r.cookies, {})
        self.assertEqual(r["Cache-Control"], "no-store")

    def test_an_unknown_response_link_is_404(self) -> None:
        r = self.client.get(f"/s/{self.survey.token}/r/{'x' * 22}/mine/")
        self.assertEqual(r.status_code, 404)
        # The right response token with another survey's token is not found either.
        r = self.client.get(f"/s/{'y' * 22}/r/{self.mine.token}/mine/")
        self.assertEqual(r.status_code, 404)

    def test_the_json_download_holds_the_own_answers_and_nothing_of_others(self) -> None:
        r = self.client.get(self.mine_url("privacy_public:download", "json") + "?lang=en")
        self.assertEqual(r.status_code, 200)
        self.assertIn("attachment", r["Content-Disposition"])
        data = json.loads(r.content)
        self.assertEqual(data["response_code"], short_code(self.mine))
        answers = {row["question"]: row["answer"] for row in data["answers"]}
        self.assertEqual(answers["Hva ønsker du deg?"], MINE)
        self.assertEqual(answers["Hvor viktig er hage?"], "5")
        self.assertNotIn(OTHERS, r.content.decode())
        self.assertEqual(r.cookies, {})

    def test_the_text_download_is_readable_and_the_export_is_audited(self) -> None:
        r = self.client.get(self.mine_url("privacy_public:download", "txt"))
        self.assertEqual(r.status_code, 200)
        self.assertTrue(r["Content-Type"].startswith("text/plain"))
        self.assertIn(MINE, r.content.decode())
        entry = AuditEntry.objects.get()
        self.assertEqual((entry.action, entry.kind, entry.count), ("export", "response", 1))
        self.assertTrue(entry.by_data_subject)
        self.assertEqual(self.client.get(self.mine_url("privacy_public:download", "xml")).status_code, 404)

    def test_the_done_page_links_to_the_own_answers(self) -> None:
        r = self.client.get(self.mine_url("surveys_public:done") + "?lang=en")
        self.assertContains(r, self.mine_url("privacy_public:mine"))


class ParticipantWithdrawTestCase(PrivacyTestCase):
    def test_get_only_asks_for_confirmation(self) -> None:
        r = self.client.get(self.mine_url("privacy_public:withdraw") + "?lang=en")
        self.assertContains(r, "Withdraw my consent")
        self.mine.refresh_from_db()
        self.assertIsNone(self.mine.consent_withdrawn_at)

    def test_a_post_without_the_signed_token_changes_nothing(self) -> None:
        r = self.client.post(self.mine_url("privacy_public:withdraw"), {"sig": sign(self.others.token)})
        self.assertEqual(r.status_code, 400)
        self.mine.refresh_from_db()
        self.assertIsNone(self.mine.consent_withdrawn_at)

    def test_withdrawing_takes_the_response_and_its_observations_out_of_use(self) -> None:
        r = self.client.post(self.mine_url("privacy_public:withdraw"), {"sig": sign(self.mine.token)})
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.cookies, {})
        self.mine.refresh_from_db()
        self.assertIsNotNone(self.mine.consent_withdrawn_at)
        self.assertEqual(list(Response.objects.counted()), [self.others])
        self.mine_observation.refresh_from_db()
        self.assertIsNotNone(self.mine_observation.consent_withdrawn_at)
        self.assertEqual(list(Observation.objects.usable()), [self.others_observation])
        # The published quote is withdrawn; the other participant's stays.
        self.assertEqual(list(PublishedQuote.objects.all()), [self.others_quote])
        entry = AuditEntry.objects.get()
        self.assertEqual((entry.action, entry.kind), ("withdraw", "response"))
        self.assertContains(r, entry.reference)


class ParticipantDeleteTestCase(PrivacyTestCase):
    def test_get_only_asks_for_confirmation(self) -> None:
        r = self.client.get(self.mine_url("privacy_public:delete") + "?lang=en")
        self.assertContains(r, "Delete my answers")
        self.assertTrue(Response.objects.filter(pk=self.mine.pk).exists())

    def test_a_forged_post_deletes_nothing(self) -> None:
        r = self.client.post(self.mine_url("privacy_public:delete"), {"sig": "forged"})
        self.assertEqual(r.status_code, 400)
        self.assertTrue(Response.objects.filter(pk=self.mine.pk).exists())

    def test_deleting_removes_the_response_its_answers_observations_and_quotes(self) -> None:
        r = self.client.post(self.mine_url("privacy_public:delete") + "?lang=en", {"sig": sign(self.mine.token)})
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.cookies, {})
        self.assertFalse(Response.objects.filter(pk=self.mine.pk).exists())
        self.assertFalse(Answer.objects.filter(response_id=self.mine.pk).exists())
        self.assertFalse(Observation.objects.filter(text=MINE).exists())
        self.assertFalse(PublishedQuote.objects.filter(pk=self.mine_quote.pk).exists())
        # The other participant's response and what was made from it are untouched.
        self.assertTrue(Observation.objects.filter(text=OTHERS).exists())
        self.assertTrue(PublishedQuote.objects.filter(pk=self.others_quote.pk).exists())
        self.assertEqual(Answer.objects.filter(response=self.others).count(), 2)
        entry = AuditEntry.objects.get()
        self.assertEqual((entry.action, entry.kind, entry.count), ("erase", "response", 1))
        self.assertTrue(entry.by_data_subject)
        self.assertIsNone(entry.actor)
        # The response link no longer works.
        self.assertEqual(self.client.get(self.mine_url("privacy_public:mine")).status_code, 404)

    def test_the_audit_entry_holds_none_of_the_erased_data(self) -> None:
        code = short_code(self.mine)
        self.client.post(self.mine_url("privacy_public:delete"), {"sig": sign(self.mine.token)})
        entry = AuditEntry.objects.get()
        stored = " ".join(str(v) for v in AuditEntry.objects.values().get().values())
        for secret in (MINE, "sansehage", self.mine.token, code, str(self.mine.code)):
            self.assertNotIn(secret, stored)
        self.assertEqual(entry.details, {"observations": 1, "quotes": 1})
