"""Demo collaboration: competence map, team canvas, RACI, decisions, comments and three months of pulse."""

from __future__ import annotations

import datetime as dt

from mulighetsrom.accounts.models import Person, Unit, User
from mulighetsrom.collaboration import actions
from mulighetsrom.collaboration.models import (
    Assignment,
    CanvasSection,
    CompetenceProfile,
    Decision,
    PulseAnswer,
    PulseParticipation,
    PulseRound,
    PulseStatement,
    RaciTask,
)
from mulighetsrom.needs.models import Need, Requirement
from mulighetsrom.projects.models import Membership, Project

EXTRA_PEOPLE = [
    ("Siri Lunde", "Spesialsykepleier demens", ["demens"]), ("Tor Aasen", "Driftsleder bygg", ["drift"]),
    ("Mona Berg", "Innkjøpsrådgiver", ["innkjøp"]), ("Arne Dahl", "Arkitekt", ["arkitektur", "universell utforming"]),
    ("Lise Moen", "Velferdsteknolog", ["velferdsteknologi"]), ("Jon Strand", "IKT-arkitekt", ["velferdsteknologi"]),
    ("Hege Vik", "Ergoterapeut", ["universell utforming", "demens"]), ("Kjell Ruud", "Energirådgiver", ["drift"]),
    ("Nina Holm", "Planlegger", ["arkitektur"]), ("Trond Lie", "Økonom", ["innkjøp"]),
    ("Anne Sæther", "Avdelingsleder sykehjem", ["demens"]), ("Per Olsen", "Vaktmester", ["drift"]),
    ("Eli Bakke", "Rådgiver strategi", []), ("Geir Myhre", "Prosjektleder bygg", ["arkitektur", "innkjøp"]),
    ("Berit Foss", "Fysioterapeut", ["universell utforming"]), ("Rune Eide", "Nettverksansvarlig", ["velferdsteknologi"]),
    ("Tone Sand", "Kulturrådgiver", []), ("Ove Lien", "Rektor", []), ("Grete Nes", "Styrer barnehage", []),
    ("Ivar Haug", "Byggeleder", ["drift", "arkitektur"]),
]  # fmt: skip


def load(project: Project, acting_user: User) -> None:
    organization = project.organization
    units = list(Unit.objects.filter(organization=organization).order_by("name"))[:6]
    existing = Person.objects.filter(organization=organization).count()
    for i, (name, title, tags) in enumerate(EXTRA_PEOPLE[: max(0, 25 - existing)]):
        person = Person.objects.create(organization=organization, name=name, title=title, unit=units[i % len(units)])
        CompetenceProfile.objects.create(
            person=person, tags=tags, interested=i % 2 == 0, available=i % 3 != 0,
            experience="Deltok i Solbakken omsorgsboliger (2021)." if i % 4 == 0 else "",
        )  # fmt: skip
    _canvas(project, acting_user)
    _raci(project, acting_user)
    _decisions(project, acting_user)
    _pulse(project)


def _canvas(project: Project, user: User) -> None:
    texts = {
        "purpose": ["Et helsehus som er et godt hjem.", "Et helsehus som er et godt hjem og en god arbeidsplass."],
        "common_goals": ["Romprogram vedtatt innen høsten."],
        "values": ["Åpenhet, respekt, brukerne først."],
        "rules": ["Ukentlig prosjektmøte; beslutninger skrives i loggen."],
    }
    for key, versions in texts.items():
        section = CanvasSection.objects.get(project=project, key=key)
        for text in versions:
            section = actions.save_canvas_section(
                section=section, text=text, expected_version=section.version, acting_user=user
            )


def _raci(project: Project, user: User) -> None:
    members = list(Membership.objects.on_team(project).order_by("person__name"))
    busy = members[0]
    tasks = list(RaciTask.objects.filter(project=project).select_related("phase"))
    for i, task in enumerate(tasks):
        if task.phase.number == 2:  # one person carries every R in step 2: overload
            actions.set_raci_cell(task=task, letter="R", membership=busy, acting_user=user)
        elif len(members) > 1:
            actions.set_raci_cell(task=task, letter="R", membership=members[1], acting_user=user)
        if i != 0 and len(members) > 2:  # the first task lacks an A
            actions.set_raci_cell(task=task, letter="A", membership=members[2], acting_user=user)
        for m in members[3:5]:
            actions.set_raci_cell(task=task, letter="C", membership=m, acting_user=user)


def _decisions(project: Project, user: User) -> None:
    needs = list(Need.objects.filter(project=project).order_by("ref")[:3])
    reqs = list(Requirement.objects.filter(project=project).order_by("ref")[:3])
    phase = project.current_phase

    def make(title: str, **kw: object) -> Decision:
        d = Decision(project=project, title=title, phase=phase, **kw)
        return actions.record_decision(decision=d, needs=needs[:1], requirements=reqs[:1], acting_user=user)

    old = make("Bogrupper på 10 plasser", decided_on=dt.date(2026, 2, 2), decided_by_body="Prosjektgruppen",
               rationale="Driftsøkonomi.", alternatives="8 eller 10 plasser")  # fmt: skip
    new = make("Bogrupper på 8 plasser", decided_on=dt.date(2026, 3, 10), decided_by_body="Styringsgruppen",
               rationale="Innspill fra pårørende og ansatte om ro og oversikt.", alternatives="8 eller 10 plasser",
               consequences="Flere bogrupper; areal øker med om lag 4 %.")  # fmt: skip
    actions.supersede_decision(old=old, new=new, acting_user=user)
    make("Tomt på Haugen", decided_on=dt.date(2026, 1, 20), decided_by_body="Formannskapet", rationale="Sentralt.")
    make("Kostnadsramme 640 mill. kr", decided_on=dt.date(2026, 1, 5), decided_by_body="Kommunestyret")
    lrm_past = make("Pasientvarslingssystem", status="open", technology_area="alarm",
                    last_responsible_moment=dt.date(2026, 4, 1))  # fmt: skip
    lrm_past.prerequisites.set(reqs[1:2])
    make("Energisentral (bergvarme eller fjernvarme)", status="open", technology_area="energy",
         last_responsible_moment=dt.date(2027, 2, 1))  # fmt: skip
    actions.add_comment(project=project, target=new, body="Husk å oppdatere romprogrammet, @Ola.", acting_user=user)
    person = Membership.objects.filter(project=project).select_related("person").first()
    if person is not None:
        actions.add_assignment(
            assignment=Assignment(
                project=project,
                target=new,
                title="Oppdater romprogram for 8 plasser",
                assignee=person.person,
                due_on=dt.date(2026, 5, 1),
            ),
            acting_user=user,
        )


def _pulse(project: Project) -> None:
    statements = list(PulseStatement.objects.filter(project=project).all())
    people = [m.person for m in Membership.objects.on_team(project).select_related("person")]
    for month, base in ((1, 2), (2, 3), (3, 4)):  # an improving trend
        start = dt.date(2026, month, 1)
        pulse_round = PulseRound.objects.create(
            project=project, opens_on=start, closes_on=start + dt.timedelta(days=27)
        )
        for i, person in enumerate(people):
            PulseParticipation.objects.create(round=pulse_round, person=person)
            PulseAnswer.objects.bulk_create(
                PulseAnswer(round=pulse_round, statement=s, value=min(5, base + (i + j) % 2))
                for j, s in enumerate(statements)
            )
