from __future__ import annotations

from typing import Any

from django.db import transaction

from mulighetsrom.accounts.models import Person, User


@transaction.atomic
def save_person(*, person: Person) -> Person:
    """Save a person and link them to an existing login with the same e-mail address."""
    if person.email and person.user_id is None:
        user = User.objects.filter(email__iexact=person.email).first()
        if user is not None and not Person.objects.filter(organization=person.organization, user=user).exists():
            person.user = user
    person.save()
    return person


def link_persons_to_user(user: User) -> int:
    """Attach unlinked person records with the user's e-mail address (called at sign-up)."""
    linked = 0
    for person in Person.objects.filter(email__iexact=user.email, user__isnull=True):
        if not Person.objects.filter(organization_id=person.organization_id, user=user).exists():
            person.user = user
            person.save(update_fields=["user"])
            linked += 1
    return linked


def would_remove_last_admin(person: Person, data: dict[str, Any]) -> bool:
    """Whether saving `data` on `person` leaves the organization without an active administrator.

    Reads the stored row, not `person`: a validated ModelForm has already copied the new
    role onto its instance.
    """
    stays_admin = data.get("org_role") == Person.OrgRole.ADMIN and data.get("is_active", False)
    if stays_admin:
        return False
    admins = Person.objects.filter(
        organization_id=person.organization_id, org_role=Person.OrgRole.ADMIN, is_active=True
    )
    if not admins.filter(pk=person.pk).exists():
        return False
    return not admins.exclude(pk=person.pk).exists()
