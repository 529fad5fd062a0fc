"""Demo data for the foundation: organization, units, people, project, team, groups, plan, gates.

The municipality is Oslo (0301) because the shipped SSB projection covers Oslo; the project is
fictional. Later capabilities extend the demo from their own modules.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from mulighetsrom.accounts.models import Organization, Person, Unit, User
from mulighetsrom.projects import actions as project_actions
from mulighetsrom.projects.models import BuildingType, Phase, Project, ProjectFunction, Role
from mulighetsrom.stakeholders.models import EngagementEntry, Level, Method, StakeholderGroup

KOMMUNENUMMER = "0301"
LOGINS = [
    ("kari@demo.no", "Kari Nordmann – prosjektleder (eier), organisasjonsadministrator"),
    ("ola@demo.no", "Ola Hansen – tjenesterepresentant Pleie og omsorg (redaktør)"),
    ("ingrid@demo.no", "Ingrid Berg – brukerrepresentant (bidragsyter)"),
    ("nora@demo.no", "Nora Lie – strategi (leser)"),
    ("per@demo.no", "Per Olsen – DigIt, ikke på prosjektteamet"),
]

# (name, email or "", unit name, title, org admin)
PEOPLE = [
    ("Kari Nordmann", "kari@demo.no", "Eiendom", "Prosjektleder", True),
    ("Ola Hansen", "ola@demo.no", "Pleie og omsorg", "Avdelingsleder sykehjem", False),
    ("Ingrid Berg", "ingrid@demo.no", "Pleie og omsorg", "Sykepleier og brukerrepresentant", False),
    ("Nora Lie", "nora@demo.no", "Strategi og utvikling", "Strategirådgiver", False),
    ("Per Olsen", "per@demo.no", "DigIt", "Rådgiver velferdsteknologi", False),
    ("Ahmed Ali", "", "Eiendom", "Byggeprosjektleder", False),
    ("Lars Johansen", "", "Plan og bygningsforvaltning", "Arealplanlegger", False),
    ("Siri Dahl", "", "Pleie og omsorg", "Hovedverneombud", False),
    ("Marte Solberg", "", "DigIt", "Arkitekt IT-infrastruktur", False),
    ("Jonas Bakke", "", "Strategi og utvikling", "Analytiker", False),
    ("Hilde Moen", "", "Pleie og omsorg", "Fagutviklingssykepleier demens", False),
]

# (person name, role, function). DigIt is left out on purpose: the team page warns about it.
TEAM = [
    ("Ola Hansen", Role.EDITOR, ProjectFunction.SERVICE_REPRESENTATIVE),
    ("Ingrid Berg", Role.CONTRIBUTOR, ProjectFunction.USER_REPRESENTATIVE),
    ("Nora Lie", Role.VIEWER, ProjectFunction.ADVISER),
    ("Ahmed Ali", Role.EDITOR, ProjectFunction.ADVISER),
    ("Lars Johansen", Role.VIEWER, ProjectFunction.ADVISER),
    ("Siri Dahl", Role.CONTRIBUTOR, ProjectFunction.SAFETY_REPRESENTATIVE),
    ("Hilde Moen", Role.CONTRIBUTOR, ProjectFunction.SERVICE_REPRESENTATIVE),
]

C = StakeholderGroup.Category
# Extra groups beyond the defaults for a nursing home.
EXTRA_GROUPS = [
    (
        "Beboere med demens",
        C.RESIDENTS,
        True,
        60,
        "Deltar gjennom observasjon og med pårørende/ansatte som stedfortredere.",
    ),
    ("Hjemmetjenesten i bydelen", C.OTHER_SERVICES, False, 40, ""),
    ("Frivillige og lag", C.EXTERNAL, False, 25, ""),
]
SIZES = {"Beboere": 96, "Pårørende": 200, "Ansatte": 140, "Naboer": 300, "Tillitsvalgte og verneombud": 8}


def is_demo(organization: Organization) -> bool:
    """True when the organization is the one `load` made (its admin is the demo login)."""
    return organization.people.filter(email=LOGINS[0][0], org_role=Person.OrgRole.ADMIN).exists()


def delete_demo(organization: Organization) -> None:
    emails = [email for email, _ in LOGINS]
    Project.objects.filter(organization=organization).delete()
    organization.delete()
    User.objects.filter(email__in=emails).delete()


def load(password: str) -> Project:
    today = timezone.localdate()
    organization = Organization.objects.create(name="Oslo kommune", kommunenummer=KOMMUNENUMMER)
    project_actions.apply_organization_defaults(organization)
    units = {u.name: u for u in Unit.objects.filter(organization=organization)}
    people: dict[str, Person] = {}
    for name, email, unit, title, admin in PEOPLE:
        user = None
        if email:
            first, last = name.split(" ", 1)
            user = User.objects.create_user(email=email, password=password, first_name=first, last_name=last)
        people[name] = Person.objects.create(
            organization=organization,
            user=user,
            name=name,
            email=email,
            unit=units[unit],
            title=title,
            org_role=Person.OrgRole.ADMIN if admin else Person.OrgRole.MEMBER,
        )
    kari = people["Kari Nordmann"]
    phases = {p.number: p for p in Phase.objects.filter(organization=organization)}
    project = Project(
        organization=organization,
        name="Nye Lindeberg helsehus",
        building_type=BuildingType.NURSING_HOME,
        purpose=(
            "Erstatte to utdaterte sykehjem med et helsehus med heldøgns omsorgsplasser, "
            "korttids- og rehabiliteringsplasser og et dagsenter, tilpasset flere eldre og "
            "færre ansatte per eldre."
        ),
        location="Lindeberg, bydel Alna",
        budget_ceiling=1_450_000_000,
        target_year=2031,
        capacity_target=120,
        capacity_unit="heldøgns omsorgsplasser",
        quality_ambitions=(
            "Små bofellesskap (8–10 beboere), demensvennlige omgivelser, velferdsteknologi fra første dag, "
            "universell utforming, BREEAM-NOR Very Good."
        ),
        current_phase=phases[1],
    )
    kari_user = kari.user
    assert kari_user is not None
    project_actions.create_project(project=project, acting_person=kari, acting_user=kari_user)
    for name, role, function in TEAM:
        project_actions.add_member(
            project=project, person=people[name], role=role, function=function, acting_user=kari_user
        )
    project_actions.record_gate_decision(
        project=project,
        to_phase=phases[1],
        outcome="more_work",
        decided_on=today - dt.timedelta(days=300),
        basis="Behovsanalysen må suppleres med framskrivinger for heldøgnsplasser før videre arbeid.",
        decided_by_person=people["Nora Lie"],
        decided_by_body="Prosjektstyret",
        acting_user=kari_user,
    )
    project_actions.record_gate_decision(
        project=project,
        to_phase=phases[2],
        outcome="continue",
        decided_on=today - dt.timedelta(days=120),
        basis=(
            "Strategisk definisjon godkjent: behov for om lag 120 heldøgnsplasser innen 2035. "
            "Programarbeid og konseptutvikling med tre alternativer, inkludert nullalternativet."
        ),
        decided_by_person=None,
        decided_by_body="Formannskapet",
        acting_user=kari_user,
    )
    _load_groups_and_plan(project, phases, people, today)
    return project


def _load_groups_and_plan(
    project: Project, phases: dict[int, Phase], people: dict[str, Person], today: dt.date
) -> None:
    for name, category, main, size, needs in EXTRA_GROUPS:
        StakeholderGroup.objects.create(
            project=project, name=name, category=category, is_main_user_group=main,
            approximate_size=size, participation_needs=needs,
        )  # fmt: skip
    groups = {g.name: g for g in StakeholderGroup.objects.filter(project=project)}
    for name, size in SIZES.items():
        StakeholderGroup.objects.filter(pk=groups[name].pk).update(approximate_size=size)
    members = {m.person.name: m for m in project.memberships.select_related("person")}
    M, L, S = Method, Level, EngagementEntry.Status
    days = dt.timedelta
    # (group, step, level, methods, responsible, start offset days, end offset days, status)
    plan = [
        ("Ansatte", 1, L.CONSULT, [M.SURVEY], "Ola Hansen", -330, -280, S.HELD),
        ("Ansatte", 2, L.COLLABORATE, [M.WORKSHOP, M.CO_DESIGN], "Ola Hansen", -60, 60, S.PLANNED),
        ("Ansatte", 3, L.INVOLVE, [M.WORKSHOP], "Ola Hansen", 200, 300, S.PLANNED),
        ("Beboere", 2, L.CONSULT, [M.INTERVIEW, M.OBSERVATION], "Ingrid Berg", -90, 30, S.PLANNED),
        ("Beboere med demens", 2, L.CONSULT, [M.OBSERVATION], "Hilde Moen", -100, -20, S.PLANNED),
        ("Pårørende", 2, L.CONSULT, [M.INTERVIEW, M.SURVEY], "Ingrid Berg", -30, 45, S.PLANNED),
        ("Pårørende", 3, L.INFORM, [M.MEETING], "Kari Nordmann", 210, 230, S.PLANNED),
        ("Tillitsvalgte og verneombud", 2, L.INVOLVE, [M.REPRESENTATION], "Siri Dahl", -120, 120, S.PLANNED),
        ("Eldreråd", 4, L.CONSULT, [M.HEARING], "Kari Nordmann", 400, 430, S.PLANNED),
        ("Råd for personer med funksjonsnedsettelse", 2, L.CONSULT, [M.HEARING], "Kari Nordmann", 40, 70, S.PLANNED),
        ("Hjemmetjenesten i bydelen", 2, L.INFORM, [M.MEETING], "Ola Hansen", 10, 20, S.PLANNED),
        ("Frivillige og lag", 3, L.CONSULT, [M.WORKSHOP], "Kari Nordmann", 220, 240, S.PLANNED),
    ]
    for group, step, level, methods, responsible, start, end, status in plan:
        EngagementEntry.objects.create(
            group=groups[group], phase=phases[step], level=level, methods=list(methods),
            responsible=members.get(responsible), period_start=today + days(start),
            period_end=today + days(end), status=status,
        )  # fmt: skip
