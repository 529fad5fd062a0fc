"""Sign-up: closed by default; where it is open, the address must be verified before it counts."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from mulighetsrom.accounts.models import Person, User
from mulighetsrom.test import BaseTestCase

OPEN_SIGNUP = override_settings(ACCOUNT_ALLOW_SIGNUP=True, ACCOUNT_EMAIL_VERIFICATION="mandatory")


class SignupTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.client.cookies["django_language"] = "en"

    def sign_up(self, email: str):
        return self.client.post(
            reverse("account_signup"),
            {"email": email, "password1": "lang-og-sikkert-92", "password2": "lang-og-sikkert-92"},
        )

    def test_it_is_closed_by_default(self) -> None:
        r = self.client.get(reverse("account_signup"))
        self.assertContains(r, "Sign Up Closed")
        self.assertContains(r, "Ask your municipality's administrator for an invitation")
        self.sign_up("ny@example.org")
        self.assertFalse(User.objects.filter(email="ny@example.org").exists())

    def test_it_cannot_claim_a_registered_person_while_closed(self) -> None:
        Person.objects.create(organization=self.organization, name="Lise", email="lise@example.org")
        self.sign_up("lise@example.org")
        self.assertFalse(User.objects.filter(email="lise@example.org").exists())
        self.assertFalse(Person.objects.filter(email="lise@example.org", user__isnull=False).exists())

    @OPEN_SIGNUP
    def test_it_links_a_registered_person_only_after_the_address_is_confirmed(self) -> None:
        lise = Person.objects.create(organization=self.organization, name="Lise", email="lise@example.org")
        r = self.sign_up("Lise@Example.org")
        self.assertEqual(r.status_code, 302)
        user = User.objects.get(email="lise@example.org")
        lise.refresh_from_db()
        self.assertIsNone(lise.user)  # anyone can type Lise's address: not linked yet
        self.assertNotIn("_auth_user_id", self.client.session)

        link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body)
        assert link is not None
        path = "/" + link.group(0).split("/", 3)[3]
        self.client.post(path)
        self.assertTrue(EmailAddress.objects.filter(user=user, verified=True).exists())
        lise.refresh_from_db()
        self.assertEqual(lise.user, user)

        self.client.post(reverse("account_login"), {"login": "lise@example.org", "password": "lang-og-sikkert-92"})
        r = self.client.get(reverse("dashboard:home"))
        self.assertRedirects(r, reverse("dashboard:portfolio"))

    @OPEN_SIGNUP
    def test_it_tells_an_unknown_user_to_ask_for_an_invitation(self) -> None:
        self.sign_up("ny@example.org")
        user = User.objects.get(email="ny@example.org")
        EmailAddress.objects.filter(user=user).update(verified=True)
        self.client.force_login(user)
        r = self.client.get(reverse("dashboard:home"))
        self.assertRedirects(r, reverse("projects:organization_create"), target_status_code=403)
        r = self.client.get(reverse("projects:organization_create"))
        self.assertContains(r, "Ask your municipality's administrator for an invitation", status_code=403)

    @OPEN_SIGNUP
    def test_it_rejects_a_taken_email(self) -> None:
        r = self.sign_up("kari@example.org")
        self.assertEqual(User.objects.filter(email="kari@example.org").count(), 1)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertIn(r.status_code, (200, 302))


class SignupSettingsTestCase(BaseTestCase):
    def read_settings(self, **env: str) -> str:
        base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "VIRTUAL_ENV"}}
        code = "from mulighetsrom import settings as s; print(s.ACCOUNT_ALLOW_SIGNUP, s.ACCOUNT_EMAIL_VERIFICATION)"
        result = subprocess.run(  # noqa: S603 - a fixed command: this interpreter reading the settings
            [sys.executable, "-c", code],
            cwd=settings.BASE_DIR,
            env={**base, **env},
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip()

    def test_it_forces_verification_when_sign_up_is_open(self) -> None:
        self.assertEqual(self.read_settings(), "False none")
        self.assertEqual(
            self.read_settings(ACCOUNT_ALLOW_SIGNUP="true", ACCOUNT_EMAIL_VERIFICATION="none"), "True mandatory"
        )
