"""Login: e-mail + password, rate-limited failures, optional TOTP two-factor authentication."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.core.cache import cache

from mulighetsrom.test import PASSWORD, BaseTestCase


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


class LoginTestCase(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()  # rate-limit counters live in the cache
        self.client.cookies["django_language"] = "en"

    def login(self, password: str = PASSWORD):
        return self.client.post("/accounts/login/", {"login": "ola@example.org", "password": password})

    def test_it_logs_in_with_email_and_password(self) -> None:
        r = self.login()
        self.assertRedirects(r, "/", fetch_redirect_response=False)
        self.assertEqual(self.client.get(self.url("dashboard:project")).status_code, 200)

    def test_it_rejects_a_wrong_password(self) -> None:
        r = self.login("feil-passord")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "not correct")

    def test_it_limits_failed_logins(self) -> None:
        # Frozen clock: the per-account delay after five failures is short (see test_login_throttle.py).
        with time_machine.travel(datetime(2026, 12, 4, 12, tzinfo=UTC), tick=False):
            for _attempt in range(5):
                self.login("feil-passord")
            r = self.login()  # even the right password is refused while the limit holds
        self.assertContains(r, "Too many failed login attempts")
        self.assertNotIn("_auth_user_id", self.client.session)

    def reauthenticate(self) -> None:
        # allauth asks for the password again before security settings change.
        r = self.client.post("/accounts/reauthenticate/", {"password": PASSWORD})
        self.assertEqual(r.status_code, 302)

    def test_it_refuses_totp_until_the_email_is_verified(self) -> None:
        EmailAddress.objects.create(user=self.ola, email=self.ola.email, verified=False, primary=True)
        self.login()
        self.reauthenticate()
        r = self.client.get("/accounts/2fa/totp/activate/")
        self.assertRedirects(r, "/accounts/2fa/", fetch_redirect_response=False)

    def test_it_can_turn_on_totp_and_then_asks_for_a_code(self) -> None:
        EmailAddress.objects.create(user=self.ola, email=self.ola.email, verified=True, primary=True)
        self.login()
        self.reauthenticate()
        r = self.client.get("/accounts/2fa/totp/activate/")
        self.assertEqual(r.status_code, 200)
        secret = self.client.session[SECRET_SESSION_KEY]
        r = self.client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
        self.assertEqual(r.status_code, 302)
        self.assertTrue(Authenticator.objects.filter(user=self.ola, type=Authenticator.Type.TOTP).exists())

        self.client.post("/accounts/logout/")
        r = self.login()
        self.assertRedirects(r, "/accounts/2fa/authenticate/", fetch_redirect_response=False)
        self.assertNotIn("_auth_user_id", self.client.session)
        r = self.client.post("/accounts/2fa/authenticate/", {"code": "000000"})
        self.assertNotIn("_auth_user_id", self.client.session)
        cache.clear()  # a code may be used once; start clean for the real one
        r = self.client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
        self.assertEqual(r.status_code, 302)
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.ola.pk)
