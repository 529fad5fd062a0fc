"""Access to organization-level pages (units, people, phase model)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from mulighetsrom.accounts.models import Organization, Person, User


def get_organization_for_admin(user: User) -> tuple[Organization, Person]:
    """The organization the user administers, for the organization-admin pages."""
    person = user.current_person if user.is_authenticated else None
    if person is None:
        raise Http404
    if not person.is_org_admin or not person.is_active:
        raise PermissionDenied
    return person.organization, person


def get_organization_for_member(user: User) -> tuple[Organization, Person]:
    person = user.current_person if user.is_authenticated else None
    if person is None or not person.is_active:
        raise Http404
    return person.organization, person
