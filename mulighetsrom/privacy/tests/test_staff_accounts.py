"""A staff member exports their own data; an organization administrator erases a staff member."""

from __future__ import annotations

import json

from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.test import Client

from mulighetsrom.accounts.actions import create_invitation
from mulighetsrom.accounts.models import Invitation, Person, User
from mulighetsrom.collaboration.models import Comment, CompetenceProfile, Decision, Notification
from mulighetsrom.privacy.models import AuditEntry
from mulighetsrom.test import PASSWORD, BaseTestCase


class AccountTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        need_type = ContentType.objects.get_for_model(Decision)
        self.decision = Decision(project=self.project, title="Vi bygger sansehage", recorded_by=self.ola)
        self.decision._history_user = self.ola
        self.decision.save()
        self.ola_comment = Comment.objects.create(
            project=self.project, content_type=need_type, object_id=self.decision.pk, author=self.ola,
            body="Ola mener hagen bør ligge mot sør.",
        )  # fmt: skip
        self.nora_comment = Comment.objects.create(
            project=self.project, content_type=need_type, object_id=self.decision.pk, author=self.nora,
            body="Nora sin kommentar.",
        )  # fmt: skip
        Notification.objects.create(user=self.ola, project=self.project, kind="comment", text="Nora svarte deg")
        self.nora_note = Notification.objects.create(
            user=self.nora, project=self.project, kind="mention", text="Ola nevnte deg i en kommentar"
        )
        CompetenceProfile.objects.create(person=self.ola_person, experience="Bygget Solbakken sykehjem")
        EmailAddress.objects.create(user=self.ola, email=self.ola.email, verified=True, primary=True)


class MyDataTestCase(AccountTestCase):
    def test_the_export_holds_the_users_data_and_nothing_of_others(self) -> None:
        self.log_in(self.ola)
        r = self.client.get("/account/my-data/", {"format": "json"})
        self.assertEqual(r.status_code, 200)
        data = json.loads(r.content)
        self.assertEqual(data["account"]["email"], "ola@example.org")
        self.assertEqual([c["text"] for c in data["comments"]], ["Ola mener hagen bør ligge mot sør."])
        self.assertEqual([n["text"] for n in data["notifications"]], ["Nora svarte deg"])
        self.assertEqual([d["title"] for d in data["decisions_recorded"]], ["Vi bygger sansehage"])
        self.assertEqual([m["project"] for m in data["memberships"]], ["Nytt helsehus"])
        self.assertEqual(data["people"][0]["competence"]["experience"], "Bygget Solbakken sykehjem")
        body = r.content.decode()
        self.assertNotIn("Nora sin kommentar", body)
        self.assertNotIn("nora@example.org", body)
        self.assertNotIn("Ola nevnte deg", body)
        entry = AuditEntry.objects.get()
        self.assertEqual((entry.action, entry.kind, entry.actor), ("export", "account", self.ola))

    def test_the_readable_export_and_the_page(self) -> None:
        self.log_in(self.ola)
        self.assertContains(self.client.get("/account/my-data/"), "?format=json")
        text = self.client.get("/account/my-data/", {"format": "txt"}).content.decode()
        self.assertIn("Ola mener hagen bør ligge mot sør.", text)
        self.assertIn("ola@example.org", text)

    def test_the_account_menu_links_to_it(self) -> None:
        self.log_in(self.ola)
        self.assertContains(self.client.get("/accounts/email/"), "/account/my-data/")

    def test_anonymous_users_are_sent_to_log_in(self) -> None:
        self.assertEqual(self.client.get("/account/my-data/", {"format": "json"}).status_code, 302)


class PersonEraseTestCase(AccountTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.erase_url = f"/org/people/{self.ola_person.code}/erase/"
        self.ola_browser = Client()
        self.assertTrue(self.ola_browser.login(email="ola@example.org", password=PASSWORD))

    def test_get_asks_for_confirmation_and_erases_nothing(self) -> None:
        self.log_in(self.kari)
        r = self.client.get(self.erase_url)
        self.assertContains(r, "cannot be undone")
        self.assertTrue(User.objects.filter(pk=self.ola.pk).exists())

    def test_erasing_deletes_the_login_and_anonymises_the_person(self) -> None:
        self.log_in(self.kari)
        r = self.client.post(self.erase_url)
        self.assertEqual(r.status_code, 302)
        self.assertFalse(User.objects.filter(pk=self.ola.pk).exists())
        self.assertFalse(EmailAddress.objects.filter(email="ola@example.org").exists())
        person = Person.objects.get(pk=self.ola_person.pk)
        self.assertEqual(
            (person.name, person.email, person.user, person.is_active), ("tidligere bruker", "", None, False)
        )
        self.assertFalse(CompetenceProfile.objects.filter(person=person).exists())
        self.assertFalse(person.memberships.filter(left_at__isnull=True).exists())
        # Sessions end: the browser logged in as Ola is logged out.
        self.assertEqual(self.ola_browser.get("/account/my-data/").status_code, 302)
        for session in Session.objects.all():
            self.assertNotEqual(session.get_decoded().get("_auth_user_id"), str(self.ola.pk))

    def test_invitations_to_the_address_are_erased_too(self) -> None:
        create_invitation(organization=self.organization, email="OLA@example.org", invited_by=self.kari, name="Ola")
        create_invitation(organization=self.organization, email="nora@example.org", invited_by=self.kari)
        self.log_in(self.kari)
        self.client.post(self.erase_url)
        self.assertEqual(list(Invitation.objects.values_list("email", flat=True)), ["nora@example.org"])

    def test_content_is_kept_without_its_author_and_history_rows_lose_the_user(self) -> None:
        history = Decision.history.model
        self.assertTrue(history.objects.filter(history_user_id=self.ola.pk).exists())
        self.log_in(self.kari)
        self.client.post(self.erase_url)
        self.ola_comment.refresh_from_db()
        self.assertIsNone(self.ola_comment.author_id)
        self.assertEqual(self.ola_comment.body, "Ola mener hagen bør ligge mot sør.")
        self.decision.refresh_from_db()
        self.assertIsNone(self.decision.recorded_by_id)
        # Queried in the historical table directly.
        self.assertFalse(history.objects.filter(history_user_id=self.ola.pk).exists())
        self.assertTrue(history.objects.filter(id=self.decision.pk).exists())
        self.nora_note.refresh_from_db()
        self.assertEqual(self.nora_note.text, "tidligere bruker nevnte deg i en kommentar")
        self.assertFalse(Notification.objects.filter(text="Nora svarte deg").exists())

    def test_the_audit_entry_names_nobody(self) -> None:
        self.log_in(self.kari)
        self.client.post(self.erase_url)
        entry = AuditEntry.objects.get()
        self.assertEqual((entry.action, entry.kind, entry.count, entry.actor), ("erase", "account", 1, self.kari))
        stored = " ".join(str(v) for v in AuditEntry.objects.values().get().values())
        for secret in ("Ola", "ola@example.org", str(self.ola_person.code)):
            self.assertNotIn(secret, stored)

    def test_a_login_that_belongs_to_another_organization_too_is_only_detached(self) -> None:
        Person.objects.create(organization=self.other_organization, user=self.ola, name="Ola")
        self.log_in(self.kari)
        self.client.post(self.erase_url)
        self.assertTrue(User.objects.filter(pk=self.ola.pk).exists())
        self.assertIsNone(Person.objects.get(pk=self.ola_person.pk).user)

    def test_only_an_administrator_of_the_persons_organization_may_erase(self) -> None:
        self.log_in(self.nora)
        self.assertEqual(self.client.post(self.erase_url).status_code, 403)
        self.log_in(self.eva)
        self.assertEqual(self.client.post(self.erase_url).status_code, 404)
        self.assertTrue(User.objects.filter(pk=self.ola.pk).exists())

    def test_an_administrator_cannot_erase_themselves(self) -> None:
        self.log_in(self.kari)
        self.assertEqual(self.client.post(f"/org/people/{self.kari_person.code}/erase/").status_code, 403)

    def test_the_people_list_links_administrators_to_erasure(self) -> None:
        self.log_in(self.kari)
        self.assertContains(self.client.get("/org/people/"), self.erase_url)
        self.log_in(self.nora)
        self.assertNotContains(self.client.get("/org/people/"), self.erase_url)


class AuditListTestCase(AccountTestCase):
    def test_administrators_see_their_organizations_entries_only(self) -> None:
        self.log_in(self.kari)
        self.client.post(f"/org/people/{self.ola_person.code}/erase/")
        AuditEntry.objects.create(organization=self.other_organization, action="export", kind="account", count=1)
        r = self.client.get("/org/privacy-log/")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(len(r.context["entries"]), 1)
        self.assertContains(r, r.context["entries"][0].reference)
        self.assertContains(r, "1 history row no longer linked to the user")

    def test_others_may_not_see_it(self) -> None:
        self.log_in(self.ola)
        self.assertEqual(self.client.get("/org/privacy-log/").status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get("/org/privacy-log/").status_code, 302)
