from __future__ import annotations

from django.urls import reverse

from mulighetsrom.accounts.models import Unit
from mulighetsrom.test import BaseTestCase


class UnitFormTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.create_url = reverse("accounts:unit_create")
        self.unit = self.units[Unit.Kind.IT]
        self.edit_url = reverse("accounts:unit_edit", args=[self.unit.code])

    def test_it_creates_a_unit(self) -> None:
        self.log_in(self.kari)
        r = self.client.post(self.create_url, {"name": " Bydel Nord ", "kind": "other", "description": ""})
        self.assertRedirects(r, reverse("accounts:units"))
        unit = Unit.objects.get(organization=self.organization, name="Bydel Nord")
        self.assertEqual(unit.kind, Unit.Kind.OTHER)

    def test_it_renames_a_unit(self) -> None:
        self.log_in(self.kari)
        r = self.client.post(self.edit_url, {"name": "Digitalisering", "kind": "it", "description": "IKT"})
        self.assertRedirects(r, reverse("accounts:units"))
        self.unit.refresh_from_db()
        self.assertEqual(self.unit.name, "Digitalisering")

    def test_it_keeps_the_same_name_when_editing(self) -> None:
        self.log_in(self.kari)
        r = self.client.post(self.edit_url, {"name": self.unit.name, "kind": "it", "description": "Ny"})
        self.assertEqual(r.status_code, 302)

    def test_it_rejects_a_duplicate_name_with_a_message(self) -> None:
        self.log_in(self.kari)
        before = Unit.objects.count()
        r = self.client.post(self.create_url, {"name": "pleie OG omsorg", "kind": "other"})
        self.assertContains(r, "The organization already has a unit with this name.")
        self.assertEqual(Unit.objects.count(), before)

    def test_it_allows_the_same_name_in_another_organization(self) -> None:
        self.log_in(self.eva)
        r = self.client.post(self.create_url, {"name": "Bydel Nord", "kind": "other"})
        self.assertEqual(r.status_code, 302)
        self.log_in(self.kari)
        r = self.client.post(self.create_url, {"name": "Bydel Nord", "kind": "other"})
        self.assertEqual(r.status_code, 302)
        self.assertEqual(Unit.objects.filter(name="Bydel Nord").count(), 2)

    def test_it_forbids_members_who_are_not_admins(self) -> None:
        self.log_in(self.ola)
        self.assertEqual(self.client.get(self.create_url).status_code, 403)
        r = self.client.post(self.edit_url, {"name": "Hacket", "kind": "it"})
        self.assertEqual(r.status_code, 403)
        self.unit.refresh_from_db()
        self.assertEqual(self.unit.name, "DigIt")

    def test_it_hides_units_of_other_organizations(self) -> None:
        self.log_in(self.eva)
        self.assertEqual(self.client.get(self.edit_url).status_code, 404)

    def test_it_sends_anonymous_users_to_login(self) -> None:
        r = self.client.get(self.create_url)
        self.assertEqual(r.status_code, 302)
        self.assertIn("/accounts/login/", r["Location"])


class UnitListTestCase(BaseTestCase):
    def test_it_lists_units_with_active_people(self) -> None:
        self.log_in(self.ola)
        r = self.client.get(reverse("accounts:units"))
        self.assertContains(r, "Pleie og omsorg")
        self.assertNotContains(r, reverse("accounts:unit_create"))
        health_care = next(u for u in r.context["units"] if u.kind == Unit.Kind.HEALTH_CARE)
        self.assertEqual(health_care.n_people, 2)

    def test_it_shows_admins_the_edit_links(self) -> None:
        self.log_in(self.kari)
        r = self.client.get(reverse("accounts:units"))
        self.assertContains(r, reverse("accounts:unit_create"))

    def test_it_hides_the_page_from_users_without_an_organization(self) -> None:
        from mulighetsrom.test import make_user

        self.log_in(make_user("ny@example.org"))
        self.assertEqual(self.client.get(reverse("accounts:units")).status_code, 404)
