"""Defaults a new organization starts with: the Neste Steg phase model, units, expected units."""

from django.utils.translation import gettext_lazy as _

from mulighetsrom.accounts.models import Unit
from mulighetsrom.projects.models import BuildingType

# Bygg21 "Neste Steg" (the names are Norwegian proper names of the steps).
NESTE_STEG = [
    (1, "Strategisk definisjon"),
    (2, "Program- og konseptutvikling"),
    (3, "Bearbeiding av valgt konsept"),
    (4, "Detaljprosjektering"),
    (5, "Produksjon og leveranser"),
    (6, "Overlevering"),
    (7, "Bruk"),
    (8, "Avvikling"),
]

DEFAULT_UNITS = [
    ("Eiendom", Unit.Kind.PROPERTY),
    ("Pleie og omsorg", Unit.Kind.HEALTH_CARE),
    ("Oppvekst – skole", Unit.Kind.SCHOOL),
    ("Oppvekst – barnehage", Unit.Kind.KINDERGARTEN),
    ("Kultur", Unit.Kind.CULTURE),
    ("Plan og bygningsforvaltning", Unit.Kind.PLANNING),
    ("DigIt", Unit.Kind.IT),
    ("Strategi og utvikling", Unit.Kind.STRATEGY),
]

K = Unit.Kind
# Which services a project of each building type normally needs on its team.
EXPECTED_UNITS: dict[str, list[str]] = {
    BuildingType.NURSING_HOME: [K.PROPERTY, K.HEALTH_CARE, K.IT, K.STRATEGY, K.PLANNING],
    BuildingType.SUPPORTED_HOUSING: [K.PROPERTY, K.HEALTH_CARE, K.IT, K.PLANNING],
    BuildingType.SCHOOL: [K.PROPERTY, K.SCHOOL, K.IT, K.PLANNING, K.CULTURE],
    BuildingType.KINDERGARTEN: [K.PROPERTY, K.KINDERGARTEN, K.PLANNING],
    BuildingType.CULTURE: [K.PROPERTY, K.CULTURE, K.PLANNING],
    BuildingType.MULTI_USE: [K.PROPERTY, K.PLANNING, K.STRATEGY],
    BuildingType.OTHER: [K.PROPERTY],
}

PHASE_HELP = _("Step numbers decide the order; engagement checks refer to step 2 and 3.")
