"""The one way a view gets a project-scoped object.

Every helper raises Http404 when the user may not see the project at all (outsiders must not
learn that it exists) and PermissionDenied when they may see it but their role is too low.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from mulighetsrom.accounts.models import Person, User
from mulighetsrom.projects.models import Membership, Project, Role


@dataclass(frozen=True)
class ProjectAccess:
    """What the acting user may do in one project."""

    project: Project
    role: str | None  # the user's access role, None for an organization admin who is not on the team
    is_org_admin: bool

    @property
    def effective_role(self) -> str:
        # An organization admin who is not on the team may look, not edit.
        return self.role or Role.VIEWER

    def can(self, need: str) -> bool:
        return Role.rank(self.effective_role) >= Role.rank(need)

    @property
    def can_edit(self) -> bool:
        return self.can(Role.EDITOR)

    @property
    def can_contribute(self) -> bool:
        return self.can(Role.CONTRIBUTOR)

    @property
    def is_owner(self) -> bool:
        return self.can(Role.OWNER)


def get_access(user: User, project: Project) -> ProjectAccess | None:
    if not user.is_authenticated:
        return None
    membership = (
        Membership.objects.filter(
            project=project,
            person__user=user,
            person__is_active=True,
            left_at__isnull=True,
        )
        .only("role")
        .first()
    )
    is_admin = Person.objects.filter(
        organization_id=project.organization_id,
        user=user,
        is_active=True,
        org_role=Person.OrgRole.ADMIN,
    ).exists()
    if membership is None and not is_admin:
        return None
    return ProjectAccess(project=project, role=membership.role if membership else None, is_org_admin=is_admin)


def get_project_for_user(user: User, slug: str, need: str = Role.VIEWER) -> ProjectAccess:
    """Return the project with `slug` and the user's access to it.

    Raises Http404 for unknown slugs and for users with no access, PermissionDenied when the
    user's role is lower than `need`.
    """
    project = Project.objects.select_related("organization", "current_phase").filter(slug=slug).first()
    if project is None:
        raise Http404
    access = get_access(user, project)
    if access is None:
        raise Http404
    if not access.can(need):
        raise PermissionDenied
    return access
