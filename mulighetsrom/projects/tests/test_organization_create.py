"""Onboarding: a signed-up user with no organization registers their municipality at /org/new/."""

from __future__ import annotations

from django.urls import reverse

from mulighetsrom.accounts.models import Organization, Person, Unit
from mulighetsrom.projects import defaults
from mulighetsrom.projects.models import ExpectedUnit, Phase
from mulighetsrom.test import BaseTestCase, make_user


class OrganizationCreateTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.newcomer = make_user("ny@example.org")
        self.page = reverse("projects:organization_create")

    def post(self, **changes: str):  # type: ignore[no-untyped-def]
        data = {"name": "Nyby kommune", "kommunenummer": "1804", "admin_name": "Nina Ny"}
        data.update(changes)
        return self.client.post(self.page, data)

    def test_it_shows_the_form(self) -> None:
        self.log_in(self.newcomer)
        self.assertContains(self.client.get(self.page), "Register your municipality")

    def test_it_creates_the_organization_with_defaults(self) -> None:
        self.log_in(self.newcomer)
        r = self.post()
        self.assertRedirects(r, reverse("dashboard:portfolio"))
        organization = Organization.objects.get(kommunenummer="1804")
        self.assertEqual(organization.name, "Nyby kommune")
        phases = list(Phase.objects.filter(organization=organization).values_list("number", "name"))
        self.assertEqual(phases, defaults.NESTE_STEG)
        self.assertEqual(phases[0], (1, "Strategisk definisjon"))
        self.assertEqual(phases[7], (8, "Avvikling"))
        units = set(Unit.objects.filter(organization=organization).values_list("name", flat=True))
        self.assertEqual(units, {name for name, _kind in defaults.DEFAULT_UNITS})
        expected = set(
            ExpectedUnit.objects.filter(organization=organization, building_type="nursing_home").values_list(
                "unit_kind", flat=True
            )
        )
        self.assertEqual(expected, {"property", "health_care", "it", "strategy", "planning"})
        admin = Person.objects.get(organization=organization)
        self.assertEqual(admin.user, self.newcomer)
        self.assertEqual(admin.name, "Nina Ny")
        self.assertEqual(admin.email, "ny@example.org")
        self.assertTrue(admin.is_org_admin)
        self.assertContains(self.client.get(reverse("dashboard:portfolio")), "Building projects in Nyby kommune")

    def test_it_rejects_a_duplicate_name(self) -> None:
        self.log_in(self.newcomer)
        r = self.post(name="Testvik kommune")
        self.assertContains(r, "An organization with this name already exists.")
        self.assertFalse(Organization.objects.filter(kommunenummer="1804").exists())

    def test_it_rejects_a_name_that_differs_only_in_case(self) -> None:
        self.log_in(self.newcomer)
        r = self.post(name="TESTVIK KOMMUNE")
        self.assertContains(r, "An organization with this name already exists.")
        self.assertFalse(Organization.objects.filter(kommunenummer="1804").exists())

    def test_it_gives_a_name_with_the_same_slug_its_own_slug(self) -> None:
        self.log_in(self.newcomer)
        r = self.post(name="Testvik-kommune")
        self.assertEqual(r.status_code, 302)
        slugs = set(Organization.objects.values_list("slug", flat=True))
        self.assertEqual(len(slugs), Organization.objects.count())

    def test_it_rejects_a_duplicate_municipality_number(self) -> None:
        self.log_in(self.newcomer)
        r = self.post(kommunenummer="4601")
        self.assertContains(r, "An organization with this municipality number already exists.")
        self.assertFalse(Organization.objects.filter(name="Nyby kommune").exists())

    def test_it_rejects_an_invalid_municipality_number(self) -> None:
        self.log_in(self.newcomer)
        r = self.post(kommunenummer="9999")
        self.assertContains(r, "9999 is not a valid municipality number")
        r = self.post(kommunenummer="12")
        self.assertContains(r, "exactly four digits")
        self.assertFalse(Organization.objects.filter(name="Nyby kommune").exists())

    def test_it_sends_users_with_an_organization_to_the_portfolio(self) -> None:
        self.log_in(self.ola)
        self.assertRedirects(self.client.get(self.page), reverse("dashboard:portfolio"))
        r = self.post()
        self.assertRedirects(r, reverse("dashboard:portfolio"))
        self.assertFalse(Organization.objects.filter(kommunenummer="1804").exists())

    def test_it_requires_login(self) -> None:
        r = self.client.get(self.page)
        self.assertEqual(r.status_code, 302)
        self.assertIn("/accounts/login/", r["Location"])
