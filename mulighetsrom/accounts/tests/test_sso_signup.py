"""Sign-up through the organization's identity provider stays open while local sign-up is closed."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings

from mulighetsrom.accounts.adapter import SocialAccountAdapter
from mulighetsrom.accounts.models import Person, User
from mulighetsrom.test import BaseTestCase


def make_request() -> HttpRequest:
    request = RequestFactory().get("/accounts/oidc/entra/login/callback/")
    SessionMiddleware(lambda r: HttpResponse()).process_request(request)
    request.user = AnonymousUser()
    return request


def sociallogin(email: str, *, verified: bool) -> SocialLogin:
    return SocialLogin(
        user=User(email=email),
        account=SocialAccount(provider="entra", uid=email),
        email_addresses=[EmailAddress(email=email, verified=verified, primary=True)],
    )


@override_settings(ACCOUNT_ALLOW_SIGNUP=False)
class SsoSignupTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.request = make_request()
        self.adapter = SocialAccountAdapter(self.request)
        self.lise = Person.objects.create(organization=self.organization, name="Lise", email="lise@example.org")

    def test_it_is_open_while_local_sign_up_is_closed(self) -> None:
        self.assertTrue(self.adapter.is_open_for_signup(self.request, sociallogin("a@example.org", verified=True)))
        with override_settings(SOCIALACCOUNT_ALLOW_SIGNUP=False):
            self.assertFalse(self.adapter.is_open_for_signup(self.request, sociallogin("a@example.org", verified=True)))

    def test_it_links_the_person_with_a_verified_address(self) -> None:
        user = self.adapter.save_user(self.request, sociallogin("lise@example.org", verified=True))
        self.lise.refresh_from_db()
        self.assertEqual(self.lise.user, user)

    def test_it_does_not_link_an_address_the_provider_did_not_verify(self) -> None:
        self.adapter.save_user(self.request, sociallogin("lise@example.org", verified=False))
        self.lise.refresh_from_db()
        self.assertIsNone(self.lise.user)
