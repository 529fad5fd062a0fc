"""Default RACI task lists and pulse statements (Norwegian: they are content, not UI strings)."""

from __future__ import annotations

# (phase number, task) per building type; "*" applies to every type not listed.
COMMON_TASKS: list[tuple[int, str]] = [
    (1, "Behovsanalyse"),
    (1, "Medvirkningsplan"),
    (1, "Kostnadsramme"),
    (2, "Valg av tomt"),
    (2, "Romprogram"),
    (2, "Konseptvalg"),
    (3, "Bearbeiding av valgt konsept"),
]
RACI_TASKS: dict[str, list[tuple[int, str]]] = {
    "nursing_home": [*COMMON_TASKS, (2, "Velferdsteknologikonsept"), (2, "Driftskonsept for bogrupper")],
    "supported_housing": [*COMMON_TASKS, (2, "Velferdsteknologikonsept")],
    "school": [*COMMON_TASKS, (2, "Pedagogisk konsept"), (2, "IKT-konsept for undervisning")],
    "kindergarten": [*COMMON_TASKS, (2, "Pedagogisk konsept")],
}

PULSE_STATEMENTS = [
    "Jeg vet hva jeg har ansvar for",
    "Vi deler informasjon på tvers av enhetene",
    "Brukernes innspill påvirker beslutningene",
    "Beslutninger tas til rett tid",
]

MAX_R_PER_PHASE = 4  # more R than this for one person in one phase is flagged as overload


def raci_tasks_for(building_type: str) -> list[tuple[int, str]]:
    return RACI_TASKS.get(building_type, COMMON_TASKS)
