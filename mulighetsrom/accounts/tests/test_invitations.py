"""Invitations: how people join an organization when open sign-up is off."""

from __future__ import annotations

import re
from datetime import timedelta

import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from mulighetsrom.accounts import actions
from mulighetsrom.accounts.models import Invitation, Person, Unit, User
from mulighetsrom.test import PASSWORD, BaseTestCase, make_user

NEW_PASSWORD = "lang-og-sikkert-92"


class InvitationListTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.page = reverse("accounts:invitations")

    def invite(self, **changes: object):
        data = {"email": "Lise@Example.org", "name": "Lise", "unit": self.units[Unit.Kind.PLANNING].pk}
        data["org_role"] = "member"
        data.update(changes)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.page, data)

    def test_it_sends_an_invitation_with_a_link_whose_token_is_not_stored(self) -> None:
        self.log_in(self.kari)
        r = self.invite()
        self.assertRedirects(r, self.page)
        invitation = Invitation.objects.get(email="lise@example.org")
        self.assertEqual(invitation.organization, self.organization)
        self.assertEqual(invitation.invited_by, self.kari)
        self.assertEqual(invitation.unit, self.units[Unit.Kind.PLANNING])
        self.assertTrue(invitation.is_pending)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["lise@example.org"])
        token = re.search(r"/invitation/([^/\s]+)/", mail.outbox[0].body).group(1)
        self.assertNotEqual(invitation.token_hash, token)
        self.assertEqual(invitation.token_hash, Invitation.hash_token(token))
        self.assertContains(self.client.get(self.page), "lise@example.org")

    def test_a_new_invitation_replaces_the_pending_one(self) -> None:
        self.log_in(self.kari)
        self.invite()
        self.invite()
        self.assertEqual(Invitation.objects.pending().filter(email="lise@example.org").count(), 1)

    def test_it_refuses_an_address_that_already_has_access(self) -> None:
        self.log_in(self.kari)
        r = self.invite(email="OLA@example.org")
        self.assertContains(r, "Someone with this address already has access to the organization.")
        self.assertFalse(Invitation.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_it_revokes_an_invitation(self) -> None:
        invitation, token = actions.create_invitation(
            organization=self.organization, email="lise@example.org", invited_by=self.kari
        )
        self.log_in(self.kari)
        r = self.client.post(reverse("accounts:invitation_revoke", args=[invitation.code]))
        self.assertRedirects(r, self.page)
        invitation.refresh_from_db()
        self.assertIsNotNone(invitation.revoked_at)
        self.client.logout()
        r = self.client.get(reverse("accounts:invitation_accept", args=[token]))
        self.assertEqual(r.status_code, 404)
        self.assertTemplateUsed(r, "accounts/invitation_invalid.html")

    def test_revoking_is_post_only(self) -> None:
        invitation, _token = actions.create_invitation(
            organization=self.organization, email="lise@example.org", invited_by=self.kari
        )
        self.log_in(self.kari)
        self.assertEqual(
            self.client.get(reverse("accounts:invitation_revoke", args=[invitation.code])).status_code, 405
        )

    def test_it_forbids_members_who_are_not_admins(self) -> None:
        self.log_in(self.ola)
        self.assertEqual(self.client.get(self.page).status_code, 403)
        r = self.invite()
        self.assertEqual(r.status_code, 403)
        self.assertFalse(Invitation.objects.exists())

    def test_it_hides_invitations_of_other_organizations(self) -> None:
        invitation, _token = actions.create_invitation(
            organization=self.organization, email="lise@example.org", invited_by=self.kari
        )
        self.log_in(self.eva)
        self.assertNotContains(self.client.get(self.page), "lise@example.org")
        r = self.client.post(reverse("accounts:invitation_revoke", args=[invitation.code]))
        self.assertEqual(r.status_code, 404)
        invitation.refresh_from_db()
        self.assertIsNone(invitation.revoked_at)


@override_settings(ACCOUNT_ALLOW_SIGNUP=False, ACCOUNT_EMAIL_VERIFICATION="mandatory")
class InvitationAcceptTestCase(BaseTestCase):
    """Mandatory verification is on: the invitation itself must count as verification."""

    def setUp(self) -> None:
        self.client.cookies["django_language"] = "en"
        self.invitation, self.token = actions.create_invitation(
            organization=self.organization,
            email="lise@example.org",
            invited_by=self.kari,
            name="Lise Lund",
            unit=self.units[Unit.Kind.PLANNING],
            org_role=Person.OrgRole.ADMIN,
        )
        self.link = reverse("accounts:invitation_accept", args=[self.token])

    def sign_up(self, email: str = "lise@example.org"):
        return self.client.post(
            reverse("account_signup"), {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        )

    def test_the_link_lets_the_invited_address_sign_up_and_join(self) -> None:
        r = self.client.get(self.link)
        self.assertRedirects(r, reverse("account_signup") + "?email=lise%40example.org")
        r = self.sign_up()
        self.assertEqual(r.status_code, 302)
        user = User.objects.get(email="lise@example.org")
        self.assertEqual(int(self.client.session["_auth_user_id"]), user.pk)  # no confirmation e-mail needed
        self.assertTrue(EmailAddress.objects.get(user=user).verified)
        person = Person.objects.get(user=user)
        self.assertEqual(person.organization, self.organization)
        self.assertEqual(person.name, "Lise Lund")
        self.assertEqual(person.unit, self.units[Unit.Kind.PLANNING])
        self.assertTrue(person.is_org_admin)
        self.invitation.refresh_from_db()
        self.assertEqual(self.invitation.accepted_by, user)
        self.assertRedirects(self.client.get(reverse("dashboard:home")), reverse("dashboard:portfolio"))

    def test_it_links_the_person_the_admin_registered_already(self) -> None:
        lise = Person.objects.create(organization=self.organization, name="Lise", email="lise@example.org")
        self.client.get(self.link)
        self.sign_up()
        lise.refresh_from_db()
        self.assertEqual(lise.user, User.objects.get(email="lise@example.org"))
        self.assertEqual(Person.objects.filter(email="lise@example.org").count(), 1)

    def test_it_opens_sign_up_only_for_the_invited_address(self) -> None:
        self.client.get(self.link)
        r = self.sign_up("mallory@example.org")
        self.assertContains(r, "Sign up with the address the invitation was sent to: lise@example.org.")
        self.assertFalse(User.objects.filter(email="mallory@example.org").exists())
        self.invitation.refresh_from_db()
        self.assertIsNone(self.invitation.accepted_at)

    def test_sign_up_stays_closed_without_a_valid_link(self) -> None:
        r = self.client.get(reverse("accounts:invitation_accept", args=["not-a-real-token"]))
        self.assertEqual(r.status_code, 404)
        self.sign_up()
        self.assertFalse(User.objects.filter(email="lise@example.org").exists())

    def test_the_link_works_once(self) -> None:
        self.client.get(self.link)
        self.sign_up()
        self.client.logout()
        r = self.client.get(self.link)
        self.assertEqual(r.status_code, 404)
        self.assertContains(r, "allerede brukt", status_code=404)  # bokmål, the default language

    def test_the_link_expires(self) -> None:
        with time_machine.travel(timezone.now() + timedelta(days=15)):
            r = self.client.get(self.link)
            self.assertEqual(r.status_code, 404)
            self.sign_up()
        self.assertFalse(User.objects.filter(email="lise@example.org").exists())

    @override_settings(ACCOUNT_EMAIL_VERIFICATION="none")  # the default while sign-up is closed
    def test_an_existing_login_accepts_after_logging_in(self) -> None:
        lise = make_user("lise@example.org")
        r = self.client.get(self.link)
        self.assertRedirects(r, f"{reverse('account_login')}?next={self.link}", fetch_redirect_response=False)
        self.client.post(reverse("account_login"), {"login": "lise@example.org", "password": PASSWORD})
        r = self.client.get(self.link)
        self.assertRedirects(r, reverse("dashboard:portfolio"))
        self.assertEqual(Person.objects.get(user=lise).organization, self.organization)
        self.assertTrue(EmailAddress.objects.get(user=lise).verified)

    def test_another_logged_in_user_cannot_use_the_link(self) -> None:
        self.client.force_login(self.eva)
        r = self.client.get(self.link)
        self.assertEqual(r.status_code, 403)
        self.assertFalse(Person.objects.filter(organization=self.organization, user=self.eva).exists())
        self.invitation.refresh_from_db()
        self.assertIsNone(self.invitation.accepted_at)
