"""Staff find a participant's response by its code, export it, record withdrawn consent, or delete it."""

from __future__ import annotations

import json

from mulighetsrom.feedback.models import PublishedQuote
from mulighetsrom.insight.models import Observation
from mulighetsrom.privacy.exports import short_code
from mulighetsrom.privacy.models import AuditEntry
from mulighetsrom.privacy.tests.base import MINE, OTHERS, PrivacyTestCase
from mulighetsrom.privacy.views import response_lookup
from mulighetsrom.projects.models import Role
from mulighetsrom.surveys.models import Answer, Response


class ResponseSearchTestCase(PrivacyTestCase):
    def search(self, **params: str) -> object:
        return self.client.get(self.url("privacy:responses"), params)

    def test_an_editor_finds_the_response_by_its_code(self) -> None:
        self.log_in(self.ola)
        r = self.search(q=short_code(self.mine))
        self.assertEqual(r.status_code, 200)
        self.assertEqual(list(r.context["responses"]), [self.mine])

    def test_the_code_is_found_in_upper_case_without_a_hyphen_and_from_a_pasted_link(self) -> None:
        self.log_in(self.ola)
        self.assertEqual(
            list(self.search(q=short_code(self.mine).upper().replace("-", "")).context["responses"]), [self.mine]
        )
        link = f"https://example.org/s/{self.survey.token}/r/{self.mine.token}/mine/"
        self.assertEqual(list(self.search(q=link).context["responses"]), [self.mine])

    def test_a_short_or_malformed_code_gives_a_message_and_no_rows(self) -> None:
        self.log_in(self.ola)
        r = self.search(q="ab1")
        self.assertEqual(r.status_code, 400)
        self.assertEqual(list(r.context["responses"]), [])
        self.assertContains(r, "response code", status_code=400)

    def test_choosing_a_survey_lists_its_responses(self) -> None:
        self.log_in(self.ola)
        r = self.search(survey=str(self.survey.code))
        self.assertEqual(set(r.context["responses"]), {self.mine, self.others})

    def test_an_organization_admin_not_on_the_team_may_search(self) -> None:
        self.project.memberships.filter(person=self.kari_person).delete()
        self.log_in(self.kari)
        self.assertEqual(self.search(q=short_code(self.mine)).status_code, 200)

    def test_viewers_and_contributors_get_403_and_outsiders_404(self) -> None:
        for user, status in ((self.nora, 403), (self.ingrid, 403), (self.per, 404), (self.eva, 404)):
            self.log_in(user)
            self.assertEqual(self.search(q=short_code(self.mine)).status_code, status, user)

    def test_anonymous_users_are_sent_to_log_in(self) -> None:
        self.assertEqual(self.search().status_code, 302)

    def test_lookup_of_responses_is_limited_to_the_project(self) -> None:
        self.assertIsNone(response_lookup("kari"))
        self.assertIsNone(response_lookup("12345"))


class ResponseDetailTestCase(PrivacyTestCase):
    def test_an_editor_sees_the_answers_and_downloads_them_as_json(self) -> None:
        self.log_in(self.ola)
        url = self.url("privacy:response", self.mine.code)
        self.assertContains(self.client.get(url), MINE)
        r = self.client.get(url, {"format": "json"})
        data = json.loads(r.content)
        self.assertIn(MINE, [row["answer"] for row in data["answers"]])
        self.assertNotIn(OTHERS, r.content.decode())
        entry = AuditEntry.objects.get()
        self.assertEqual((entry.action, entry.actor, entry.by_data_subject), ("export", self.ola, False))

    def test_a_response_of_another_project_is_404(self) -> None:
        from mulighetsrom.projects import actions as project_actions
        from mulighetsrom.projects.models import BuildingType, Project

        other = project_actions.create_project(
            project=Project(organization=self.organization, name="Ny skole", building_type=BuildingType.SCHOOL),
            acting_person=self.ola_person,
            acting_user=self.ola,
        )
        self.log_in(self.ola)
        url = f"/p/{other.slug}/privacy/responses/{self.mine.code}/"
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_viewer_403_outsider_404(self) -> None:
        url = self.url("privacy:response", self.mine.code)
        self.log_in(self.nora)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.log_in(self.per)
        self.assertEqual(self.client.get(url).status_code, 404)


class ResponseDeleteTestCase(PrivacyTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.delete_url = self.url("privacy:response_delete", self.mine.code)

    def test_get_asks_for_confirmation_and_deletes_nothing(self) -> None:
        self.log_in(self.ola)
        r = self.client.get(self.delete_url)
        self.assertContains(r, "cannot be undone")
        self.assertTrue(Response.objects.filter(pk=self.mine.pk).exists())

    def test_an_editor_deletes_a_single_response_with_what_was_made_from_it(self) -> None:
        self.log_in(self.ola)
        r = self.client.post(self.delete_url)
        self.assertEqual(r.status_code, 302)
        self.assertFalse(Response.objects.filter(pk=self.mine.pk).exists())
        self.assertFalse(Answer.objects.filter(response_id=self.mine.pk).exists())
        self.assertFalse(Observation.objects.filter(text=MINE).exists())
        self.assertFalse(PublishedQuote.objects.filter(pk=self.mine_quote.pk).exists())
        self.assertTrue(Response.objects.filter(pk=self.others.pk).exists())
        entry = AuditEntry.objects.get()
        self.assertEqual((entry.action, entry.kind, entry.count, entry.actor), ("erase", "response", 1, self.ola))
        self.assertEqual(entry.details, {"observations": 1, "quotes": 1})

    def test_the_owner_may_delete(self) -> None:
        self.log_in(self.kari)
        self.assertEqual(self.client.post(self.delete_url).status_code, 302)
        self.assertFalse(Response.objects.filter(pk=self.mine.pk).exists())

    def test_a_viewer_gets_403_and_an_outsider_404_and_nothing_is_deleted(self) -> None:
        for user, status in ((self.nora, 403), (self.ingrid, 403), (self.per, 404), (self.eva, 404)):
            self.log_in(user)
            self.assertEqual(self.client.post(self.delete_url).status_code, status, user)
        self.assertTrue(Response.objects.filter(pk=self.mine.pk).exists())

    def test_a_former_editor_gets_404(self) -> None:
        from django.utils import timezone

        self.project.memberships.filter(person=self.ola_person).update(left_at=timezone.now())
        self.log_in(self.ola)
        self.assertEqual(self.client.post(self.delete_url).status_code, 404)

    def test_the_results_page_links_editors_to_single_responses(self) -> None:
        self.log_in(self.ola)
        r = self.client.get(self.url("surveys:results", self.survey.code))
        self.assertContains(r, self.url("privacy:responses"))
        self.log_in(self.nora)
        r = self.client.get(self.url("surveys:results", self.survey.code))
        self.assertNotContains(r, self.url("privacy:responses"))


class ResponseWithdrawTestCase(PrivacyTestCase):
    def test_an_editor_records_withdrawn_consent(self) -> None:
        self.log_in(self.ola)
        url = self.url("privacy:response_withdraw", self.mine.code)
        self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(self.client.post(url).status_code, 302)
        self.mine.refresh_from_db()
        self.assertIsNotNone(self.mine.consent_withdrawn_at)
        self.assertEqual(AuditEntry.objects.get().action, "withdraw")

    def test_a_viewer_cannot(self) -> None:
        self.log_in(self.nora)
        self.assertEqual(self.client.post(self.url("privacy:response_withdraw", self.mine.code)).status_code, 403)
        self.mine.refresh_from_db()
        self.assertIsNone(self.mine.consent_withdrawn_at)
        self.assertEqual(Role.VIEWER, self.project.memberships.get(person=self.nora_person).role)
