"""Shared test setup: one municipality, one project and the personas every view test uses.

Kari (owner, organization admin), Ola (editor), Ingrid (contributor), Nora (viewer),
Per (in the organization but not on the team: an outsider to the project) and
Eva (from another municipality).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from mulighetsrom.accounts.models import Organization, Person, Unit, User
from mulighetsrom.projects import actions
from mulighetsrom.projects.models import BuildingType, Phase, Project, ProjectFunction, Role

PASSWORD = "test-passord-123"


T = TypeVar("T")


def make_user(email: str) -> User:
    return User.objects.create_user(email=email, password=PASSWORD)


def make_own_project(email: str = "kari@example.org") -> tuple[User, Project]:
    """A user, their municipality and one project, for tests outside BaseTestCase's fixtures
    (TransactionTestCase, which the concurrency tests need)."""
    user = make_user(email)
    organization = actions.create_organization(name="Testvik", kommunenummer="4601", admin_user=user, admin_name="Kari")
    project = actions.create_project(
        project=Project(organization=organization, name="Helsehus", building_type=BuildingType.NURSING_HOME),
        acting_person=Person.objects.get(user=user),
        acting_user=user,
    )
    return user, project


def run_at_once(work: Callable[..., T], *args: Any) -> list[T]:
    """Run `work(arg)` for each argument in its own thread, released together, and return the results
    in argument order. Each thread closes its own database connection; an exception in a thread is
    raised here. A thread that fails before the barrier cannot hang the others (timeout)."""
    barrier = threading.Barrier(len(args), timeout=30)
    results: dict[int, T] = {}
    errors: list[BaseException] = []

    def run(index: int, arg: Any) -> None:
        try:
            barrier.wait()
            results[index] = work(arg)
        except BaseException as error:  # reported to the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, arg)) for i, arg in enumerate(args)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return [results[i] for i in range(len(args))]


class BaseTestCase(TestCase):
    organization: Organization
    project: Project
    phases: dict[int, Phase]
    units: dict[str, Unit]
    kari: User
    kari_person: Person
    ola: User
    ola_person: Person
    ingrid: User
    ingrid_person: Person
    nora: User
    nora_person: Person
    per: User
    per_person: Person
    eva: User
    other_organization: Organization

    @classmethod
    def setUpTestData(cls) -> None:
        cls.organization = actions.create_organization(
            name="Testvik kommune", kommunenummer="4601", admin_user=make_user("kari@example.org"), admin_name="Kari"
        )
        cls.kari = User.objects.get(email="kari@example.org")
        cls.kari_person = Person.objects.get(user=cls.kari)
        cls.units = {u.kind: u for u in Unit.objects.filter(organization=cls.organization)}
        cls.kari_person.unit = cls.units[Unit.Kind.PROPERTY]
        cls.kari_person.save()
        cls.phases = {p.number: p for p in Phase.objects.filter(organization=cls.organization)}
        cls.project = actions.create_project(
            project=Project(
                organization=cls.organization, name="Nytt helsehus", building_type=BuildingType.NURSING_HOME
            ),
            acting_person=cls.kari_person,
            acting_user=cls.kari,
        )
        cls.ola, cls.ola_person = cls._member("ola@example.org", "Ola", Role.EDITOR, Unit.Kind.HEALTH_CARE)
        cls.ingrid, cls.ingrid_person = cls._member(
            "ingrid@example.org", "Ingrid", Role.CONTRIBUTOR, Unit.Kind.HEALTH_CARE
        )
        cls.nora, cls.nora_person = cls._member("nora@example.org", "Nora", Role.VIEWER, Unit.Kind.STRATEGY)
        cls.per = make_user("per@example.org")
        cls.per_person = Person.objects.create(
            organization=cls.organization, user=cls.per, name="Per", unit=cls.units[Unit.Kind.IT]
        )
        other = actions.create_organization(
            name="Andreby kommune", kommunenummer="3101", admin_user=make_user("eva@example.org"), admin_name="Eva"
        )
        cls.other_organization = other
        cls.eva = User.objects.get(email="eva@example.org")

    @classmethod
    def _member(cls, email: str, name: str, role: str, unit_kind: str) -> tuple[User, Person]:
        user = make_user(email)
        person = Person.objects.create(organization=cls.organization, user=user, name=name, unit=cls.units[unit_kind])
        actions.add_member(
            project=cls.project, person=person, role=role, function=ProjectFunction.OTHER, acting_user=cls.kari
        )
        return user, person

    def log_in(self, user: User, *, english: bool = True) -> None:
        """Log in as `user`. Pages answer in English so tests do not depend on the nb catalog."""
        self.client.login(email=user.email, password=PASSWORD)
        if english:
            self.client.cookies["django_language"] = "en"

    def count_queries(self, url: str) -> int:
        """The number of queries one GET of `url` runs (it must answer 200)."""
        with CaptureQueriesContext(connection) as context:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(context)

    def url(self, name: str, *args: object) -> str:
        from django.urls import reverse

        return reverse(name, args=[self.project.slug, *args])
