"""The one way a view gets a project-scoped object.

Every helper raises Http404 when the user may not see the project at all (outsiders must not
learn that it exists) and PermissionDenied when they may see it but their role is too low.

The rule of who may see a project lives here and only here (`active_memberships` and
`administering_people`): an active person's membership that has not ended, or an active
organization administrator of the project's organization. Queries that list a user's own rows
across projects (their tasks, mentions, notifications, digests) go through `in_visible_projects`,
so a person who leaves a team stops seeing that project's text everywhere at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404

from mulighetsrom.accounts.models import Person, User
from mulighetsrom.projects.models import Membership, Project, Role

M = TypeVar("M", bound=Model)

# The least access role that may see observations of a special category (e.g. health): the one
# rule, read through `ProjectAccess.may_see_sensitive` (lists, evidence, reports, suggestions).
SENSITIVE_ROLE = Role.CONTRIBUTOR


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

    @property
    def may_see_sensitive(self) -> bool:
        """May see special-category observations (see SENSITIVE_ROLE)."""
        return self.can(SENSITIVE_ROLE)


def active_memberships(user: User) -> QuerySet[Membership]:
    """The user's memberships that give access: not left, held by a person who is still active."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.current().filter(person__user=user, person__is_active=True)


def administering_people(user: User) -> QuerySet[Person]:
    """The user's active organization-administrator person records (they see all their organization's projects)."""
    if not user.is_authenticated:
        return Person.objects.none()
    return Person.objects.filter(
        user=user,
        is_active=True,
        org_role=Person.OrgRole.ADMIN,
    )


def visible_project_condition(user: User) -> Q:
    """A filter on Project: the projects `user` may see (see the module docstring for the rule).

    EXISTS subqueries rather than joins: joining memberships and people multiplies the rows
    (projects × memberships × people) before DISTINCT, which takes seconds at 1,000 projects.
    """
    if not user.is_authenticated:
        return Q(pk__in=[])
    member = Exists(active_memberships(user).filter(project=OuterRef("pk")))
    admin = Exists(administering_people(user).filter(organization=OuterRef("organization")))
    return Q(member) | Q(admin)


def visible_projects(user: User) -> QuerySet[Project]:
    return Project.objects.filter(visible_project_condition(user))


def in_visible_projects(queryset: QuerySet[M], user: User, field: str = "project") -> QuerySet[M]:
    """Narrow a project-scoped queryset (`field` is the path to its project) to projects `user` may see."""
    return queryset.filter(**{f"{field}__in": visible_projects(user).values("pk")})


def get_access(user: User, project: Project) -> ProjectAccess | None:
    if not user.is_authenticated:
        return None
    membership = active_memberships(user).filter(project=project).only("role").first()
    is_admin = administering_people(user).filter(organization_id=project.organization_id).exists()
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
