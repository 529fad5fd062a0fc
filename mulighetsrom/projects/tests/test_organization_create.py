"""Registering a municipality is for site administrators; its first administrator is invited."""

from __future__ import annotations

import re
from io import StringIO

from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from mulighetsrom.accounts.models import Invitation, Organization, Person, Unit, User
from mulighetsrom.projects import defaults
from mulighetsrom.projects.models import ExpectedUnit, Phase
from mulighetsrom.test import BaseTestCase, make_user


class OrganizationCreateTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.newcomer = make_user("ny@example.org")
        self.site_admin = User.objects.create_superuser("drift@example.org", "drift-passord-123")
        self.page = reverse("projects:organization_create")

    def post(self, **changes: str):
        data = {"name": "Nyby kommune", "kommunenummer": "1804", "admin_email": "Nina@Nyby.kommune.no"}
        data["admin_name"] = "Nina Ny"
        data.update(changes)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.page, data)

    def test_it_refuses_a_user_without_an_organization_and_says_what_to_do(self) -> None:
        self.log_in(self.newcomer)
        r = self.client.get(self.page)
        self.assertContains(r, "Ask your municipality's administrator for an invitation", status_code=403)
        r = self.post(name="Stavanger kommune", kommunenummer="1103")
        self.assertEqual(r.status_code, 403)
        self.assertFalse(Organization.objects.filter(kommunenummer="1103").exists())
        self.assertFalse(Person.objects.filter(user=self.newcomer).exists())

    def test_it_sends_users_with_an_organization_to_the_portfolio(self) -> None:
        self.log_in(self.kari)  # an organization administrator is not a site administrator
        self.assertRedirects(self.client.get(self.page), reverse("dashboard:portfolio"))
        r = self.post()
        self.assertRedirects(r, reverse("dashboard:portfolio"))
        self.assertFalse(Organization.objects.filter(kommunenummer="1804").exists())

    def test_it_shows_site_administrators_the_form(self) -> None:
        self.client.force_login(self.site_admin)
        self.client.cookies["django_language"] = "en"
        self.assertContains(self.client.get(self.page), "Register a municipality")

    def test_it_creates_the_organization_with_defaults_and_invites_its_administrator(self) -> None:
        self.client.force_login(self.site_admin)
        r = self.post()
        self.assertRedirects(r, self.page)
        organization = Organization.objects.get(kommunenummer="1804")
        self.assertEqual(organization.name, "Nyby kommune")
        phases = list(Phase.objects.filter(organization=organization).values_list("number", "name"))
        self.assertEqual(phases, defaults.NESTE_STEG)
        self.assertEqual(phases[0], (1, "Strategisk definisjon"))
        units = set(Unit.objects.filter(organization=organization).values_list("name", flat=True))
        self.assertEqual(units, {name for name, _kind in defaults.DEFAULT_UNITS})
        expected = set(
            ExpectedUnit.objects.filter(organization=organization, building_type="nursing_home").values_list(
                "unit_kind", flat=True
            )
        )
        self.assertEqual(expected, {"property", "health_care", "it", "strategy", "planning"})
        # Nobody is in the organization yet, the site administrator included.
        self.assertFalse(Person.objects.filter(organization=organization).exists())

        invitation = Invitation.objects.get(organization=organization)
        self.assertEqual(invitation.email, "nina@nyby.kommune.no")
        self.assertEqual(invitation.org_role, Person.OrgRole.ADMIN)
        self.assertEqual(mail.outbox[0].to, ["nina@nyby.kommune.no"])

        # Nina follows the link, signs up and lands in her organization as its administrator.
        self.client.logout()
        self.client.cookies["django_language"] = "en"
        link = re.search(r"/invitation/[^/\s]+/", mail.outbox[0].body).group(0)
        self.client.get(link)
        password = "lang-og-sikkert-92"
        data = {"email": "nina@nyby.kommune.no", "password1": password, "password2": password}
        self.client.post(reverse("account_signup"), data)
        admin = Person.objects.get(organization=organization)
        self.assertEqual(admin.user, User.objects.get(email="nina@nyby.kommune.no"))
        self.assertEqual(admin.name, "Nina Ny")
        self.assertTrue(admin.is_org_admin)
        self.assertContains(self.client.get(reverse("dashboard:portfolio")), "Building projects in Nyby kommune")

    def test_it_rejects_a_duplicate_name(self) -> None:
        self.client.force_login(self.site_admin)
        self.client.cookies["django_language"] = "en"
        r = self.post(name="Testvik kommune")
        self.assertContains(r, "An organization with this name already exists.")
        r = self.post(name="TESTVIK KOMMUNE")
        self.assertContains(r, "An organization with this name already exists.")
        self.assertFalse(Organization.objects.filter(kommunenummer="1804").exists())
        self.assertFalse(Invitation.objects.exists())

    def test_it_gives_a_name_with_the_same_slug_its_own_slug(self) -> None:
        self.client.force_login(self.site_admin)
        r = self.post(name="Testvik-kommune")
        self.assertEqual(r.status_code, 302)
        slugs = set(Organization.objects.values_list("slug", flat=True))
        self.assertEqual(len(slugs), Organization.objects.count())

    def test_it_rejects_a_duplicate_or_invalid_municipality_number(self) -> None:
        self.client.force_login(self.site_admin)
        self.client.cookies["django_language"] = "en"
        r = self.post(kommunenummer="4601")
        self.assertContains(r, "An organization with this municipality number already exists.")
        r = self.post(kommunenummer="9999")
        self.assertContains(r, "9999 is not a valid municipality number")
        r = self.post(kommunenummer="12")
        self.assertContains(r, "exactly four digits")
        self.assertFalse(Organization.objects.filter(name="Nyby kommune").exists())

    def test_it_requires_login(self) -> None:
        r = self.client.get(self.page)
        self.assertEqual(r.status_code, 302)
        self.assertIn("/accounts/login/", r["Location"])


class CreateOrganizationCommandTestCase(BaseTestCase):
    def test_it_creates_the_organization_and_invites_the_first_administrator(self) -> None:
        out = StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("create_organization", "Nyby kommune", "1804", "nina@nyby.kommune.no", stdout=out)
        organization = Organization.objects.get(kommunenummer="1804")
        self.assertEqual(Phase.objects.filter(organization=organization).count(), len(defaults.NESTE_STEG))
        invitation = Invitation.objects.get(organization=organization)
        self.assertEqual(invitation.org_role, Person.OrgRole.ADMIN)
        self.assertIsNone(invitation.invited_by)
        self.assertEqual(mail.outbox[0].to, ["nina@nyby.kommune.no"])
        self.assertIn("Nyby kommune", out.getvalue())

    def test_it_refuses_invalid_or_taken_values(self) -> None:
        with self.assertRaisesMessage(CommandError, "kommunenummer"):
            call_command("create_organization", "Nyby kommune", "9999", "nina@nyby.kommune.no")
        with self.assertRaisesMessage(CommandError, "name"):
            call_command("create_organization", "Testvik kommune", "1804", "nina@nyby.kommune.no")
        with self.assertRaisesMessage(CommandError, "admin_email"):
            call_command("create_organization", "Nyby kommune", "1804", "ikke-en-adresse")
        self.assertFalse(Organization.objects.filter(kommunenummer="1804").exists())
        self.assertFalse(Invitation.objects.exists())
