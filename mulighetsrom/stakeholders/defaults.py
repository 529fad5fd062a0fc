"""Typical stakeholder groups a new project starts with, per building type."""

from mulighetsrom.projects.models import BuildingType
from mulighetsrom.stakeholders.models import StakeholderGroup

C = StakeholderGroup.Category

# (name, category, is_main_user_group, participation needs). Names are Norwegian: they are data
# the project group edits, not interface text.
COMMON = [
    ("Ansatte", C.STAFF, True, ""),
    ("Tillitsvalgte og verneombud", C.UNIONS, False, ""),
    ("Naboer", C.NEIGHBOURS, False, ""),
]
BY_TYPE: dict[str, list[tuple[str, str, bool, str]]] = {
    BuildingType.NURSING_HOME: [
        ("Beboere", C.RESIDENTS, True, "Mange har demens: trenger tilrettelagt og assistert medvirkning."),
        ("Pårørende", C.RELATIVES, False, ""),
        ("Eldreråd", C.COUNCIL_ELDERLY, False, ""),
        ("Råd for personer med funksjonsnedsettelse", C.COUNCIL_DISABILITY, False, ""),
    ],
    BuildingType.SUPPORTED_HOUSING: [
        ("Beboere", C.RESIDENTS, True, "Tilrettelagt medvirkning etter behov."),
        ("Pårørende", C.RELATIVES, False, ""),
        ("Eldreråd", C.COUNCIL_ELDERLY, False, ""),
        ("Råd for personer med funksjonsnedsettelse", C.COUNCIL_DISABILITY, False, ""),
    ],
    BuildingType.SCHOOL: [
        ("Elever", C.RESIDENTS, True, "Metoder tilpasset alder."),
        ("Foresatte", C.RELATIVES, False, ""),
        ("Ungdomsråd", C.COUNCIL_YOUTH, False, ""),
        ("Råd for personer med funksjonsnedsettelse", C.COUNCIL_DISABILITY, False, ""),
    ],
    BuildingType.KINDERGARTEN: [
        ("Barn", C.RESIDENTS, True, "Observasjon og lek; barna kan ikke svare på skjema."),
        ("Foreldre", C.RELATIVES, False, ""),
        ("Råd for personer med funksjonsnedsettelse", C.COUNCIL_DISABILITY, False, ""),
    ],
    BuildingType.CULTURE: [
        ("Brukere og publikum", C.CITIZENS, True, ""),
        ("Lag og foreninger", C.EXTERNAL, False, ""),
        ("Ungdomsråd", C.COUNCIL_YOUTH, False, ""),
        ("Råd for personer med funksjonsnedsettelse", C.COUNCIL_DISABILITY, False, ""),
    ],
    BuildingType.MULTI_USE: [
        ("Brukere", C.RESIDENTS, True, ""),
        ("Innbyggere", C.CITIZENS, False, ""),
        ("Råd for personer med funksjonsnedsettelse", C.COUNCIL_DISABILITY, False, ""),
    ],
    BuildingType.OTHER: [("Brukere", C.RESIDENTS, True, "")],
}


def groups_for(building_type: str) -> list[tuple[str, str, bool, str]]:
    return BY_TYPE.get(building_type, BY_TYPE[BuildingType.OTHER]) + COMMON
