"""The Django admin: reached only through allauth's login, with its second factor and rate limits."""

from __future__ import annotations

import time

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core import mail
from django.test import TestCase, override_settings

from mulighetsrom.accounts.models import Invitation, Organization, User
from mulighetsrom.projects import defaults
from mulighetsrom.projects.models import Phase

PASSWORD = "drift-passord-123"


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


class AdminLoginTestCase(TestCase):
    def setUp(self) -> None:
        self.client.cookies["django_language"] = "en"
        self.admin = User.objects.create_superuser("drift@example.org", PASSWORD)
        EmailAddress.objects.create(user=self.admin, email=self.admin.email, verified=True, primary=True)
        self.secret = generate_totp_secret()
        TOTP.activate(self.admin, self.secret)

    def logged_in(self) -> bool:
        return "_auth_user_id" in self.client.session

    def test_the_admin_login_page_sends_to_the_allauth_login(self) -> None:
        r = self.client.get("/admin/login/?next=/admin/")
        self.assertEqual(r.status_code, 302)
        self.assertTrue(r["Location"].startswith("/accounts/login/?next="), r["Location"])
        r = self.client.get("/admin/")
        self.assertRedirects(r, "/admin/login/?next=/admin/", fetch_redirect_response=False)

    def test_the_password_alone_does_not_open_the_admin(self) -> None:
        # Django's own admin login form would log in with the password alone.
        r = self.client.post("/admin/login/?next=/admin/", {"username": self.admin.email, "password": PASSWORD})
        self.assertEqual(r.status_code, 302)
        self.assertFalse(self.logged_in())
        self.assertNotEqual(self.client.get("/admin/").status_code, 200)

        # allauth's login asks for the TOTP code before anyone is logged in.
        r = self.client.post("/accounts/login/?next=/admin/", {"login": self.admin.email, "password": PASSWORD})
        self.assertRedirects(r, "/accounts/2fa/authenticate/", fetch_redirect_response=False)
        self.assertFalse(self.logged_in())
        self.assertNotEqual(self.client.get("/admin/").status_code, 200)

    def test_the_password_and_the_code_open_the_admin(self) -> None:
        self.client.post("/accounts/login/?next=/admin/", {"login": self.admin.email, "password": PASSWORD})
        r = self.client.post("/accounts/2fa/authenticate/", {"code": current_code(self.secret)})
        self.assertRedirects(r, "/admin/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/admin/").status_code, 200)
        # An already logged-in administrator opening the admin login page goes straight in.
        self.assertRedirects(self.client.get("/admin/login/"), "/admin/", fetch_redirect_response=False)

    def test_repeated_failures_are_throttled(self) -> None:
        for _attempt in range(30):
            self.client.post("/admin/login/", {"username": self.admin.email, "password": "feil-passord"})
        for _attempt in range(5):
            self.client.post("/accounts/login/", {"login": self.admin.email, "password": "feil-passord"})
        # Even the right password is refused right after, and the admin form never logs in.
        r = self.client.post("/accounts/login/", {"login": self.admin.email, "password": PASSWORD})
        self.assertContains(r, "Too many failed login attempts")
        self.client.post("/admin/login/", {"username": self.admin.email, "password": PASSWORD})
        self.assertFalse(self.logged_in())

    def test_a_staff_session_without_a_second_factor_is_sent_to_set_one_up(self) -> None:
        staff = User.objects.create_user("stab@example.org", PASSWORD, is_staff=True, is_superuser=True)
        self.client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
        self.assertTrue(self.logged_in())
        r = self.client.get("/admin/")
        self.assertRedirects(r, "/admin/login/?next=/admin/", fetch_redirect_response=False)
        r = self.client.get(r["Location"])
        self.assertRedirects(r, "/accounts/2fa/", fetch_redirect_response=False)

    @override_settings(ADMIN_REQUIRE_MFA=False)
    def test_the_second_factor_requirement_can_be_switched_off(self) -> None:
        staff = User.objects.create_user("stab@example.org", PASSWORD, is_staff=True, is_superuser=True)
        self.client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
        self.assertEqual(self.client.get("/admin/").status_code, 200)

    def test_a_user_who_is_not_staff_is_refused(self) -> None:
        User.objects.create_user("vanlig@example.org", PASSWORD)
        self.client.post("/accounts/login/", {"login": "vanlig@example.org", "password": PASSWORD})
        self.assertEqual(self.client.get("/admin/login/").status_code, 403)


@override_settings(ADMIN_REQUIRE_MFA=False)  # these tests are about what the admin does, not its login
class AdminOrganizationTestCase(TestCase):
    def setUp(self) -> None:
        self.admin = User.objects.create_superuser("drift@example.org", PASSWORD)
        self.client.force_login(self.admin)

    def test_an_organization_created_in_the_admin_gets_the_defaults(self) -> None:
        r = self.client.post("/admin/accounts/organization/add/", {"name": "Nyby kommune", "kommunenummer": "1804"})
        self.assertEqual(r.status_code, 302, r.content[:3000])
        organization = Organization.objects.get(kommunenummer="1804")
        self.assertEqual(Phase.objects.filter(organization=organization).count(), len(defaults.NESTE_STEG))

    def test_an_invitation_added_in_the_admin_is_sent(self) -> None:
        organization = Organization.objects.create(name="Nyby kommune", kommunenummer="1804")
        data = {"organization": organization.pk, "email": "Nina@Nyby.kommune.no", "name": "Nina", "unit": ""}
        data["org_role"] = "admin"
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post("/admin/accounts/invitation/add/", data)
        self.assertEqual(r.status_code, 302, r.content[:3000])
        invitation = Invitation.objects.get()
        self.assertEqual((invitation.email, invitation.org_role), ("nina@nyby.kommune.no", "admin"))
        self.assertEqual(invitation.invited_by, self.admin)
        self.assertEqual(mail.outbox[0].to, ["nina@nyby.kommune.no"])
        self.assertIn("/invitation/", mail.outbox[0].body)
