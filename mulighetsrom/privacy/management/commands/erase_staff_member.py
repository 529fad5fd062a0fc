"""Erase a staff member for a site administrator (the web page is for organization administrators).

    manage.py erase_staff_member --email ola@example.org [--organization <slug>] --acting-email admin@example.org

Without --organization every person record of the login is erased, organization by organization,
so the login itself is deleted at the end (see privacy.actions.erase_person).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mulighetsrom.accounts.models import Person, User
from mulighetsrom.privacy.actions import erase_person


class Command(BaseCommand):
    help = "Erase a staff member's personal data (login deleted, person anonymised, sessions ended)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True, help="The staff member's login e-mail.")
        parser.add_argument("--organization", default="", help="Only this organization (slug).")
        parser.add_argument("--acting-email", required=True, help="The site administrator doing it (for the log).")

    def handle(self, *args: Any, **options: Any) -> None:
        acting = User.objects.filter(email=options["acting_email"].lower(), is_superuser=True).first()
        if acting is None:
            raise CommandError("--acting-email must be a site administrator (superuser).")
        user = User.objects.filter(email=options["email"].lower()).first()
        if user is None:
            raise CommandError("No login has that e-mail address.")
        persons = Person.objects.filter(user=user).select_related("organization")
        if options["organization"]:
            persons = persons.filter(organization__slug=options["organization"])
        people = list(persons)
        if not people:
            raise CommandError("The login has no person record in that organization.")
        for person in people:
            entry = erase_person(person=person, acting_user=acting)
            self.stdout.write(f"Erased in {person.organization.slug}: reference {entry.reference}")
