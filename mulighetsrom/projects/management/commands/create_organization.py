"""Register a municipality and invite its first administrator (site administrators only)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mulighetsrom.accounts.forms import OrganizationForm
from mulighetsrom.projects.actions import create_organization_for_admin


class Command(BaseCommand):
    help = "Create an organization (municipality) with default phases and units, and e-mail an invitation to its first administrator."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help='e.g. "Stavanger kommune"')
        parser.add_argument("kommunenummer", help="four digits, e.g. 1103")
        parser.add_argument("admin_email", help="e-mail address of the first organization administrator")
        parser.add_argument("--admin-name", default="", help="the administrator's name")

    def handle(self, *args: Any, **options: Any) -> None:
        # The same validation as the web form: valid and unique name and municipality number.
        form = OrganizationForm(
            {
                "name": options["name"],
                "kommunenummer": options["kommunenummer"],
                "admin_email": options["admin_email"],
                "admin_name": options["admin_name"],
            }
        )
        if not form.is_valid():
            problems = "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items())
            raise CommandError(problems)
        organization = create_organization_for_admin(
            name=form.cleaned_data["name"],
            kommunenummer=form.cleaned_data["kommunenummer"],
            admin_email=form.cleaned_data["admin_email"],
            admin_name=form.cleaned_data["admin_name"],
            acting_user=None,
        )
        self.stdout.write(f"Created {organization.name}; invitation sent to {form.cleaned_data['admin_email']}.")
