from __future__ import annotations

from django.urls import reverse

from mulighetsrom.accounts.models import Person, User
from mulighetsrom.test import BaseTestCase


class SignupTestCase(BaseTestCase):
    def sign_up(self, email: str) -> None:
        self.client.cookies["django_language"] = "en"
        r = self.client.post(
            reverse("account_signup"),
            {"email": email, "password1": "lang-og-sikkert-92", "password2": "lang-og-sikkert-92"},
        )
        self.assertEqual(r.status_code, 302, r.content[:2000])

    def test_it_links_a_registered_person_by_email(self) -> None:
        lise = Person.objects.create(organization=self.organization, name="Lise", email="lise@example.org")
        self.sign_up("Lise@Example.org")
        user = User.objects.get(email="lise@example.org")
        lise.refresh_from_db()
        self.assertEqual(lise.user, user)
        # Linked users land on the portfolio instead of the onboarding page.
        r = self.client.get(reverse("dashboard:home"))
        self.assertRedirects(r, reverse("dashboard:portfolio"))

    def test_it_sends_an_unknown_user_to_onboarding(self) -> None:
        self.sign_up("ny@example.org")
        self.assertFalse(Person.objects.filter(user__email="ny@example.org").exists())
        r = self.client.get(reverse("dashboard:home"))
        self.assertRedirects(r, reverse("projects:organization_create"))

    def test_it_rejects_a_taken_email(self) -> None:
        self.client.cookies["django_language"] = "en"
        r = self.client.post(
            reverse("account_signup"),
            {"email": "kari@example.org", "password1": "lang-og-sikkert-92", "password2": "lang-og-sikkert-92"},
        )
        self.assertEqual(r.status_code, 200)
        self.assertEqual(User.objects.filter(email="kari@example.org").count(), 1)
