"""Login throttling: per client address (allauth) and a short, growing delay per account."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import time_machine
from django.conf import settings
from django.core.cache import cache
from django.test import SimpleTestCase

from mulighetsrom.accounts.throttle import delay_after
from mulighetsrom.test import PASSWORD, BaseTestCase

ATTACKER = "203.0.113.66"
USER_ADDRESS = "198.51.100.7"


class DelayAfterTestCase(SimpleTestCase):
    def test_it_is_free_at_first_then_doubles_up_to_the_cap(self) -> None:
        delays = [delay_after(n, free=5, base=1, cap=180) for n in range(16)]
        self.assertEqual(delays, [0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 180, 180, 180])


class LoginThrottleTestCase(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()
        self.client.cookies["django_language"] = "en"

    def login(self, password: str, *, address: str, email: str = "ola@example.org"):
        return self.client.post("/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=address)

    def logged_in(self) -> bool:
        return "_auth_user_id" in self.client.session

    def wait_asked(self, response) -> int | None:
        """The seconds the login page asks to wait, or None when the attempt was not refused."""
        match = re.search(r"Wait (\d+) s and try again", response.content.decode())
        return int(match.group(1)) if match else None

    def test_it_refuses_even_the_right_password_right_after_the_free_failures(self) -> None:
        with time_machine.travel(datetime(2026, 12, 4, 12, tzinfo=UTC), tick=False):
            for _attempt in range(settings.LOGIN_FREE_FAILURES):
                r = self.login("feil-passord", address=ATTACKER)
                self.assertContains(r, "not correct")
            r = self.login(PASSWORD, address=USER_ADDRESS)
            self.assertEqual(self.wait_asked(r), 1)
            self.assertFalse(self.logged_in())

    def test_the_right_user_gets_in_after_a_short_delay_however_long_the_attack(self) -> None:
        with time_machine.travel(datetime(2026, 12, 4, 12, tzinfo=UTC), tick=False) as clock:
            # An attacker with many addresses guesses as fast as the delay allows, for hours.
            guesses = 0
            for attempt in range(60):
                r = self.login("feil-passord", address=f"203.0.113.{attempt % 250}")
                wait = self.wait_asked(r)
                if wait is None:
                    guesses += 1
                    continue
                self.assertLessEqual(wait, settings.LOGIN_DELAY_MAX)
                clock.shift(wait)
            self.assertLess(guesses, 60)  # some were refused: guessing is slowed down

            # The real user, from a new address, waits at most the cap and then gets in.
            r = self.login(PASSWORD, address=USER_ADDRESS)
            wait = self.wait_asked(r) or 0
            self.assertLessEqual(wait, settings.LOGIN_DELAY_MAX)
            clock.shift(wait)
            r = self.login(PASSWORD, address=USER_ADDRESS)
            self.assertRedirects(r, "/", fetch_redirect_response=False)
            self.assertTrue(self.logged_in())

    def test_a_successful_login_forgets_the_failures(self) -> None:
        with time_machine.travel(datetime(2026, 12, 4, 12, tzinfo=UTC), tick=False):
            for _round in range(2):
                for _attempt in range(settings.LOGIN_FREE_FAILURES - 1):
                    self.login("feil-passord", address=USER_ADDRESS)
                r = self.login(PASSWORD, address=USER_ADDRESS)
                self.assertRedirects(r, "/", fetch_redirect_response=False)
                self.client.logout()
                self.client.cookies["django_language"] = "en"

    def test_the_attackers_address_is_limited_harder_than_the_account(self) -> None:
        # 20 failures from one address, each for a different account: no account is delayed …
        for n in range(20):
            self.login("feil-passord", address=ATTACKER, email=f"gjett{n}@example.org")
        # … but the address is refused, even with a right password,
        r = self.login(PASSWORD, address=ATTACKER)
        self.assertContains(r, "Too many failed login attempts")
        self.assertFalse(self.logged_in())
        # while the account's owner elsewhere is not affected.
        r = self.login(PASSWORD, address=USER_ADDRESS)
        self.assertRedirects(r, "/", fetch_redirect_response=False)
