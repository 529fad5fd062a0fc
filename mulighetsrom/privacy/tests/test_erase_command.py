"""A site administrator erases a staff member from the command line."""

from __future__ import annotations

from io import StringIO

from django.core.management import CommandError, call_command

from mulighetsrom.accounts.models import Person, User
from mulighetsrom.privacy.models import AuditEntry
from mulighetsrom.test import BaseTestCase


class EraseCommandTestCase(BaseTestCase):
    def test_it_erases_every_person_record_and_the_login(self) -> None:
        User.objects.create_superuser(email="admin@example.org", password="x-secret-123")
        Person.objects.create(organization=self.other_organization, user=self.ola, name="Ola")
        out = StringIO()
        call_command("erase_staff_member", email="ola@example.org", acting_email="admin@example.org", stdout=out)
        self.assertFalse(User.objects.filter(email="ola@example.org").exists())
        self.assertFalse(Person.objects.filter(name="Ola").exists())
        self.assertEqual(AuditEntry.objects.count(), 2)
        self.assertIn("reference", out.getvalue())

    def test_only_a_site_administrator_may_run_it(self) -> None:
        with self.assertRaises(CommandError):
            call_command("erase_staff_member", email="ola@example.org", acting_email="kari@example.org")
        self.assertTrue(User.objects.filter(email="ola@example.org").exists())
