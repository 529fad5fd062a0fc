"""Synthetic data at a chosen scale, for the benchmarks (docs/benchmarks.md).

Scale 1 is one ordinary municipality:

- 10 units (the 8 defaults and 2 more), 10 people per unit, every tenth person with a login;
- 10 projects, each with 20 stakeholder groups, 8 team members, an engagement plan with an entry
  in about 75 % of the group × phase cells, 3 gate decisions and 30 events in the change feed.

Scale *s* multiplies every row count by *s*, all in ONE organization, so the organization pages
(portfolio, units, people) see *s* times the rows. The *focus project*, on which the project pages
are measured, grows too: its change feed (30 × s events) and gate decisions (3 × s) grow linearly,
as they do over a project's life, and it gets 2 more stakeholder groups and 2 more team members
per factor 10 of scale -- enough for a query per group or per member to change the query count,
while the plan stays a size a real project has.

Run it on its own to fill the development database:

    .venv/bin/python benchmarks/generate.py --scale 1
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mulighetsrom.accounts.models import Organization, User
    from mulighetsrom.projects.models import Project

BATCH = 2000
UNITS_PER_SCALE = 10
PEOPLE_PER_UNIT = 10
LOGIN_EVERY = 10  # every tenth person has a login
PROJECTS_PER_SCALE = 10
GROUPS_PER_PROJECT = 20
MEMBERS_PER_PROJECT = 8
PLAN_FILL = 0.75  # share of group × phase cells with a plan entry
DECISIONS_PER_PROJECT = 3
EVENTS_PER_PROJECT = 30


@dataclass
class Dataset:
    """What `generate` made: the organization, its admin (who is owner of the focus project)."""

    organization: Organization
    user: User
    focus: Project
    scale: float
    counts: dict[str, int] = field(default_factory=dict)
    focus_counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def focus_growth(scale: float) -> int:
    """Extra groups and team members of the focus project: 2 per factor 10 of scale."""
    return max(0, round(2 * math.log10(scale))) if scale > 0 else 0


def _free_kommunenummer() -> str:
    from mulighetsrom.accounts.models import COUNTY_PREFIXES, Organization

    used = set(Organization.objects.values_list("kommunenummer", flat=True))
    for prefix in sorted(COUNTY_PREFIXES):
        for n in range(1, 100):
            candidate = f"{prefix}{n:02d}"
            if candidate not in used:
                return candidate
    raise RuntimeError("No free municipality number left.")


def generate(scale: float = 1.0, *, seed: int = 2024) -> Dataset:
    """Create one organization with `scale` times the rows of an ordinary municipality."""
    from django.db import transaction

    if scale <= 0:
        raise ValueError("The scale must be positive.")
    started = time.perf_counter()
    with transaction.atomic():
        dataset = _generate(scale, random.Random(seed))
    dataset.seconds = time.perf_counter() - started
    return dataset


def _generate(scale: float, rnd: random.Random) -> Dataset:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from mulighetsrom.accounts.models import Person, Unit, User
    from mulighetsrom.projects import actions
    from mulighetsrom.projects.models import (
        BuildingType,
        GateDecision,
        Membership,
        Phase,
        Project,
        ProjectEvent,
        ProjectFunction,
        Role,
    )
    from mulighetsrom.stakeholders.models import EngagementEntry, Level, Method, StakeholderGroup

    today = timezone.localdate()
    knr = _free_kommunenummer()
    admin_user = User.objects.create_user(email=f"admin-{knr}@bench.example", password=None)
    organization = actions.create_organization(
        name=f"Benchmark kommune {knr}", kommunenummer=knr, admin_user=admin_user, admin_name="Benchmark Admin"
    )
    admin = Person.objects.get(organization=organization, user=admin_user)
    phases = list(Phase.objects.filter(organization=organization).order_by("number"))
    by_number = {p.number: p for p in phases}

    # Units: the defaults and enough extra ones for the scale.
    n_units = max(len(Unit.objects.filter(organization=organization)), round(UNITS_PER_SCALE * scale))
    existing_units = Unit.objects.filter(organization=organization).count()
    kinds = list(Unit.Kind.values)
    Unit.objects.bulk_create(
        (
            Unit(organization=organization, name=f"Enhet {i:05d}", kind=rnd.choice(kinds))
            for i in range(n_units - existing_units)
        ),
        batch_size=BATCH,
    )
    units = list(Unit.objects.filter(organization=organization).order_by("pk"))
    admin.unit = next(u for u in units if u.kind == Unit.Kind.PROPERTY)
    admin.save(update_fields=["unit"])

    # People, every tenth with a login (no password: benchmarks log in with force_login).
    n_people = max(10, round(UNITS_PER_SCALE * PEOPLE_PER_UNIT * scale))
    unusable = make_password(None)
    users = User.objects.bulk_create(
        (
            User(email=f"person{i:06d}-{knr}@bench.example", password=unusable, first_name="Person", last_name=str(i))
            for i in range(0, n_people, LOGIN_EVERY)
        ),
        batch_size=BATCH,
    )
    user_for = {i * LOGIN_EVERY: u for i, u in enumerate(users)}
    people = Person.objects.bulk_create(
        (
            Person(
                organization=organization,
                user=user_for.get(i),
                name=f"Person {i:06d}",
                email=f"person{i:06d}-{knr}@bench.example",
                unit=units[i % len(units)],
                title=rnd.choice(["Rådgiver", "Avdelingsleder", "Sykepleier", "Lærer", "Ingeniør", ""]),
                is_active=rnd.random() > 0.05,
            )
            for i in range(n_people)
        ),
        batch_size=BATCH,
    )
    active_people = [p for p in people if p.is_active]
    actors = [admin_user, *users]

    # Projects through the real action (owner membership, seeded groups, "created" event).
    n_projects = max(1, round(PROJECTS_PER_SCALE * scale))
    types = list(BuildingType.values)
    projects: list[Project] = []
    for i in range(n_projects):
        is_focus = i == 0
        building_type = BuildingType.NURSING_HOME if is_focus else rnd.choice(types)
        project = Project(
            organization=organization,
            name="Fokusprosjekt helsehus" if is_focus else f"Prosjekt {i:05d}",
            building_type=building_type,
            purpose="Syntetisk prosjekt for ytelsesmålinger.",
            location=f"Tomt {i}",
            budget_ceiling=rnd.randrange(50, 2000) * 1_000_000,
            target_year=today.year + rnd.randrange(2, 10),
            capacity_target=rnd.randrange(20, 200),
            capacity_unit="plasser",
            current_phase=by_number[1],
        )
        owner = admin if is_focus else rnd.choice(active_people)
        projects.append(actions.create_project(project=project, acting_person=owner, acting_user=admin_user))
    focus = projects[0]
    growth = focus_growth(scale)

    # Team members beyond the owner.
    functions = list(ProjectFunction.values)
    roles = [Role.VIEWER, Role.CONTRIBUTOR, Role.EDITOR]
    owners = dict(Membership.objects.filter(project__organization=organization).values_list("project_id", "person_id"))
    new_members: list[Membership] = []
    for project in projects:
        wanted = MEMBERS_PER_PROJECT - 1 + (growth if project is focus else 0)
        candidates = rnd.sample(active_people, min(len(active_people), wanted + 1))
        chosen = [p for p in candidates if p.pk != owners.get(project.pk)][:wanted]
        new_members += [
            Membership(project=project, person=p, role=rnd.choice(roles), function=rnd.choice(functions))
            for p in chosen
        ]
    Membership.objects.bulk_create(new_members, batch_size=BATCH)
    members_of: dict[int, list[int]] = {}
    for pk, project_id in Membership.objects.filter(project__organization=organization).values_list("pk", "project_id"):
        members_of.setdefault(project_id, []).append(pk)

    # Stakeholder groups: the seeded ones, topped up to GROUPS_PER_PROJECT.
    categories = list(StakeholderGroup.Category.values)
    seeded: dict[int, int] = {}
    for project_id in StakeholderGroup.objects.filter(project__organization=organization).values_list(
        "project_id", flat=True
    ):
        seeded[project_id] = seeded.get(project_id, 0) + 1
    StakeholderGroup.objects.bulk_create(
        (
            StakeholderGroup(
                project=project,
                name=f"Gruppe {j:03d}",
                category=rnd.choice(categories),
                approximate_size=rnd.randrange(5, 500),
                is_main_user_group=rnd.random() < 0.1,
            )
            for project in projects
            for j in range(GROUPS_PER_PROJECT + (growth if project is focus else 0) - seeded.get(project.pk, 0))
        ),
        batch_size=BATCH,
    )

    # The engagement plan: most group × phase cells.
    levels = list(Level.values)
    methods = list(Method.values)
    statuses = list(EngagementEntry.Status.values)
    groups = StakeholderGroup.objects.filter(project__organization=organization).values_list("pk", "project_id")

    def entries() -> list[EngagementEntry]:
        made = []
        for group_id, project_id in groups:
            for phase in phases:
                if rnd.random() >= PLAN_FILL:
                    continue
                start = today + dt.timedelta(days=rnd.randrange(-400, 400))
                made.append(
                    EngagementEntry(
                        group_id=group_id,
                        phase=phase,
                        level=rnd.choice(levels),
                        methods=rnd.sample(methods, rnd.randrange(1, 3)),
                        responsible_id=rnd.choice(members_of[project_id]) if rnd.random() < 0.8 else None,
                        period_start=start,
                        period_end=start + dt.timedelta(days=rnd.randrange(1, 90)),
                        status=rnd.choice(statuses),
                    )
                )
        return made

    EngagementEntry.objects.bulk_create(entries(), batch_size=BATCH)

    # Gate decisions: a walk through the phases that ends in the project's current phase.
    decisions: list[GateDecision] = []
    for project in projects:
        n = (
            max(DECISIONS_PER_PROJECT, round(DECISIONS_PER_PROJECT * scale))
            if project is focus
            else DECISIONS_PER_PROJECT
        )
        current = 1
        for k in range(n):
            roll = rnd.random()
            if current < len(phases) and roll < 0.5:
                target, outcome = current + 1, GateDecision.Outcome.CONTINUE
            elif current > 1 and roll > 0.85:
                target, outcome = current - 1, GateDecision.Outcome.GO_BACK
            else:
                target, outcome = current, GateDecision.Outcome.MORE_WORK
            decisions.append(
                GateDecision(
                    project=project,
                    from_phase=by_number[current],
                    to_phase=by_number[target],
                    outcome=outcome,
                    decided_on=today - dt.timedelta(days=(n - k) * 7),
                    decided_by_person=rnd.choice(active_people) if rnd.random() < 0.7 else None,
                    decided_by_body=rnd.choice(["Formannskapet", "Kommunestyret", "Prosjektstyret", ""]),
                    basis="Syntetisk beslutningsgrunnlag.",
                    recorded_by=admin_user,
                )
            )
            current = target
        project.current_phase = by_number[current]
    GateDecision.objects.bulk_create(decisions, batch_size=BATCH)
    Project.objects.bulk_update(projects, ["current_phase"], batch_size=BATCH)

    # The change feed.
    verbs = list(ProjectEvent.Verb.values)
    object_types = [
        "stakeholders.stakeholdergroup",
        "stakeholders.engagemententry",
        "projects.membership",
        "projects.gatedecision",
        "projects.project",
    ]
    ProjectEvent.objects.bulk_create(
        (
            ProjectEvent(
                project=project,
                actor=rnd.choice(actors),
                verb=rnd.choice(verbs),
                object_type=rnd.choice(object_types),
                object_label=f"Endring {k}",
            )
            for project in projects
            for k in range(round(EVENTS_PER_PROJECT * scale) if project is focus else EVENTS_PER_PROJECT)
        ),
        batch_size=BATCH,
    )

    counts = {
        "units": Unit.objects.filter(organization=organization).count(),
        "people": Person.objects.filter(organization=organization).count(),
        "projects": Project.objects.filter(organization=organization).count(),
        "memberships": Membership.objects.filter(project__organization=organization).count(),
        "groups": StakeholderGroup.objects.filter(project__organization=organization).count(),
        "engagement_entries": EngagementEntry.objects.filter(group__project__organization=organization).count(),
        "gate_decisions": GateDecision.objects.filter(project__organization=organization).count(),
        "events": ProjectEvent.objects.filter(project__organization=organization).count(),
    }
    focus_counts = {
        "memberships": Membership.objects.filter(project=focus).count(),
        "groups": StakeholderGroup.objects.filter(project=focus).count(),
        "engagement_entries": EngagementEntry.objects.filter(group__project=focus).count(),
        "gate_decisions": GateDecision.objects.filter(project=focus).count(),
        "events": ProjectEvent.objects.filter(project=focus).count(),
    }
    return Dataset(
        organization=organization,
        user=admin_user,
        focus=focus,
        scale=scale,
        counts=counts,
        focus_counts=focus_counts,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="1 = one ordinary municipality (default 1)")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mulighetsrom.settings")
    import django

    django.setup()
    dataset = generate(args.scale, seed=args.seed)
    print(f"Created {dataset.organization} (admin {dataset.user.email}) in {dataset.seconds:.1f} s")
    print("Organization:", ", ".join(f"{k} {v}" for k, v in dataset.counts.items()))
    print(f"Focus project /p/{dataset.focus.slug}/:", ", ".join(f"{k} {v}" for k, v in dataset.focus_counts.items()))


if __name__ == "__main__":
    main()
