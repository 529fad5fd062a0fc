from __future__ import annotations

from typing import Any

from django.urls import reverse

from mulighetsrom.accounts.models import Person, Unit
from mulighetsrom.test import BaseTestCase, make_user


class PersonFormTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.create_url = reverse("accounts:person_create")

    def edit_url(self, person: Person) -> str:
        return reverse("accounts:person_edit", args=[person.code])

    def data(self, person: Person | None = None, **changes: Any) -> dict[str, Any]:
        data: dict[str, Any] = {"name": "Lise", "email": "", "unit": "", "title": "", "org_role": "member"}
        if person is not None:
            data.update(
                name=person.name,
                email=person.email,
                unit=person.unit_id or "",
                title=person.title,
                org_role=person.org_role,
            )
            if person.is_active:
                data["is_active"] = "on"
        else:
            data["is_active"] = "on"
        data.update(changes)
        return {k: v for k, v in data.items() if v is not None}

    def test_it_creates_a_person_without_a_login(self) -> None:
        self.log_in(self.kari)
        unit = self.units[Unit.Kind.PLANNING]
        r = self.client.post(self.create_url, self.data(name="Lise", email="Lise@Example.org", unit=unit.pk))
        self.assertRedirects(r, reverse("accounts:people"))
        person = Person.objects.get(organization=self.organization, name="Lise")
        self.assertEqual(person.email, "lise@example.org")
        self.assertEqual(person.unit, unit)
        self.assertIsNone(person.user)

    def test_it_links_a_person_to_an_existing_login_with_the_same_email(self) -> None:
        user = make_user("lise@example.org")
        self.log_in(self.kari)
        self.client.post(self.create_url, self.data(name="Lise", email="LISE@example.org"))
        person = Person.objects.get(organization=self.organization, name="Lise")
        self.assertEqual(person.user, user)

    def test_it_does_not_link_a_login_that_already_has_a_person_here(self) -> None:
        # Per already has a person record in this organization.
        self.log_in(self.kari)
        r = self.client.post(self.create_url, self.data(name="Per igjen", email="per@example.org"))
        self.assertEqual(r.status_code, 302)
        self.assertIsNone(Person.objects.get(name="Per igjen").user)

    def test_it_rejects_an_email_another_person_has(self) -> None:
        Person.objects.filter(pk=self.ola_person.pk).update(email="ola@example.org")
        self.log_in(self.kari)
        r = self.client.post(self.create_url, self.data(name="Ola 2", email="OLA@example.org"))
        self.assertContains(r, "Another person in the organization has this e-mail address.")
        self.assertFalse(Person.objects.filter(name="Ola 2").exists())

    def test_it_rejects_a_unit_from_another_organization(self) -> None:
        foreign = Unit.objects.filter(organization=self.other_organization).first()
        self.log_in(self.kari)
        r = self.client.post(self.create_url, self.data(name="Lise", unit=foreign.pk))
        self.assertEqual(r.status_code, 200)
        self.assertFalse(Person.objects.filter(name="Lise").exists())

    def test_it_edits_a_person(self) -> None:
        self.log_in(self.kari)
        r = self.client.post(self.edit_url(self.ola_person), self.data(self.ola_person, title="Avdelingsleder"))
        self.assertEqual(r.status_code, 302)
        self.ola_person.refresh_from_db()
        self.assertEqual(self.ola_person.title, "Avdelingsleder")

    def test_it_deactivates_another_person(self) -> None:
        self.log_in(self.kari)
        r = self.client.post(self.edit_url(self.ola_person), self.data(self.ola_person, is_active=None))
        self.assertEqual(r.status_code, 302)
        self.ola_person.refresh_from_db()
        self.assertFalse(self.ola_person.is_active)

    def test_it_refuses_to_let_admins_deactivate_themselves(self) -> None:
        self.log_in(self.kari)
        r = self.client.post(self.edit_url(self.kari_person), self.data(self.kari_person, is_active=None))
        self.assertContains(r, "You cannot deactivate yourself.")
        self.kari_person.refresh_from_db()
        self.assertTrue(self.kari_person.is_active)

    def test_it_keeps_the_last_admin(self) -> None:
        self.log_in(self.kari)
        r = self.client.post(self.edit_url(self.kari_person), self.data(self.kari_person, org_role="member"))
        self.assertContains(r, "The organization must keep at least one active administrator.")
        self.kari_person.refresh_from_db()
        self.assertEqual(self.kari_person.org_role, Person.OrgRole.ADMIN)

    def test_it_lets_an_admin_step_down_when_another_admin_remains(self) -> None:
        Person.objects.filter(pk=self.ola_person.pk).update(org_role=Person.OrgRole.ADMIN)
        self.log_in(self.kari)
        r = self.client.post(self.edit_url(self.kari_person), self.data(self.kari_person, org_role="member"))
        self.assertEqual(r.status_code, 302)
        self.kari_person.refresh_from_db()
        self.assertEqual(self.kari_person.org_role, Person.OrgRole.MEMBER)

    def test_it_does_not_count_an_inactive_admin(self) -> None:
        Person.objects.filter(pk=self.ola_person.pk).update(org_role=Person.OrgRole.ADMIN, is_active=False)
        self.log_in(self.kari)
        r = self.client.post(self.edit_url(self.kari_person), self.data(self.kari_person, org_role="member"))
        self.assertContains(r, "at least one active administrator")

    def test_it_promotes_a_member_to_admin(self) -> None:
        self.log_in(self.kari)
        self.client.post(self.edit_url(self.ola_person), self.data(self.ola_person, org_role="admin"))
        self.ola_person.refresh_from_db()
        self.assertTrue(self.ola_person.is_org_admin)
        self.log_in(self.ola)
        self.assertEqual(self.client.get(self.create_url).status_code, 200)

    def test_it_forbids_members_who_are_not_admins(self) -> None:
        self.log_in(self.ola)
        self.assertEqual(self.client.get(self.create_url).status_code, 403)
        r = self.client.post(self.edit_url(self.kari_person), self.data(self.kari_person, org_role="member"))
        self.assertEqual(r.status_code, 403)
        self.kari_person.refresh_from_db()
        self.assertTrue(self.kari_person.is_org_admin)

    def test_it_forbids_a_deactivated_admin(self) -> None:
        Person.objects.filter(pk=self.ola_person.pk).update(org_role=Person.OrgRole.ADMIN)
        Person.objects.filter(pk=self.kari_person.pk).update(is_active=False)
        self.log_in(self.kari)
        self.assertIn(self.client.get(self.create_url).status_code, (403, 404))

    def test_it_hides_people_of_other_organizations(self) -> None:
        self.log_in(self.eva)
        self.assertEqual(self.client.get(self.edit_url(self.kari_person)).status_code, 404)


class PersonListTestCase(BaseTestCase):
    def test_it_lists_the_people_of_the_organization(self) -> None:
        self.log_in(self.ola)
        r = self.client.get(reverse("accounts:people"))
        for name in ("Kari", "Ola", "Ingrid", "Nora", "Per"):
            self.assertContains(r, name)
        self.assertNotContains(r, ">Eva<")
        self.assertNotContains(r, reverse("accounts:person_create"))
