"""Demo data for needs, requirements and the room programme of Nye Lindeberg helsehus.

Built to show every gap kind at least once: an agreed must-need without requirements (overnight
stay for relatives), requirements
without needs, insights without needs, requirements without a verification method, and a
stakeholder group (Naboer) whose needs are all "could" or rejected. A baseline is frozen at the
gate decision, and some changes are made after it, so "changes since the baseline" has content.
"""

from __future__ import annotations

from decimal import Decimal

from mulighetsrom.accounts.models import User
from mulighetsrom.forecast.models import ForecastRun
from mulighetsrom.insight.models import Insight
from mulighetsrom.needs import actions
from mulighetsrom.needs.models import Need, NeedReference, Requirement, RoomType
from mulighetsrom.projects.models import Project
from mulighetsrom.stakeholders.models import StakeholderGroup

P, H, S = Need.Priority, Need.Horizon, Need.Status
TEK17 = "https://lovdata.no/forskrift/2017-06-19-840"
HUSBANKEN = "https://www.husbanken.no/veivisere/omsorgsboliger-og-sykehjemsplasser/"

# key: (statement, priority, horizon, status, rejection reason, groups, insight statement start, references, strategy)
NEEDS: dict[str, tuple] = {
    "mat": (
        "Måltider lages og spises i bofellesskapet",
        P.MUST,
        H.TODAY,
        S.AGREED,
        "",
        ["Beboere", "Pårørende"],
        "Måltider laget",
        [],
        "",
    ),
    "ute": (
        "Beboere kan komme ut på egen hånd, trygt",
        P.MUST,
        H.TODAY,
        S.AGREED,
        "",
        ["Beboere", "Beboere med demens"],
        "Beboerne vil se ut",
        [],
        "",
    ),
    "utsikt": ("Utsikt til liv og natur fra seng og stol", P.SHOULD, H.TODAY, S.AGREED, "", ["Beboere"], None, [], ""),
    "smaa": (
        "Små bofellesskap med 8–10 beboere",
        P.MUST,
        H.TODAY,
        S.AGREED,
        "",
        ["Beboere med demens", "Ansatte"],
        "Små bofellesskap",
        [("policy", "Husbankens veileder: bofellesskap med 6–10 enheter", HUSBANKEN)],
        "",
    ),
    "oversikt": (
        "Ansatte har oversikt over fellesarealene fra arbeidsplassen",
        P.SHOULD,
        H.TODAY,
        S.AGREED,
        "",
        ["Ansatte"],
        None,
        [],
        "",
    ),
    "parorende_rom": (
        "Pårørende kan være til stede og overnatte i livets sluttfase",
        P.MUST,
        H.TODAY,
        S.AGREED,
        "",
        ["Pårørende"],
        "Pårørende trenger",
        [],
        "",
    ),
    "samtale": (
        "Skjermet rom for samtaler med pårørende",
        P.SHOULD,
        H.TODAY,
        S.PROPOSED,
        "",
        ["Pårørende", "Ansatte"],
        None,
        [],
        "",
    ),
    "teknologi": (
        "Velferdsteknologi som virker sammen og er enkel å bruke",
        P.MUST,
        H.TEN_YEARS,
        S.AGREED,
        "",
        ["Ansatte", "Beboere"],
        "Velferdsteknologien",
        [("strategy", "Oslo kommunes strategi for velferdsteknologi", "")],
        "Digitaliseringsstrategien 2025–2030",
    ),
    "nett": (
        "Trådløst nett med full dekning i hele bygget",
        P.MUST,
        H.TEN_YEARS,
        S.AGREED,
        "",
        ["Ansatte"],
        None,
        [],
        "",
    ),
    "ergonomi": (
        "Plass til to pleiere og takheis ved seng og på bad",
        P.MUST,
        H.TODAY,
        S.AGREED,
        "",
        ["Ansatte", "Tillitsvalgte og verneombud"],
        "Trange bad",
        [("regulation", "Arbeidsmiljøloven § 4-4 (fysisk arbeidsmiljø)", "https://lovdata.no/lov/2005-06-17-62")],
        "",
    ),
    "korte": ("Korte avstander til lager og skyllerom", P.SHOULD, H.TODAY, S.AGREED, "", ["Ansatte"], None, [], ""),
    "demens": (
        "Demensvennlig orientering: kontraster, landemerker, synlige toaletter",
        P.MUST,
        H.TODAY,
        S.PROPOSED,
        "",
        ["Beboere med demens"],
        "Demensvennlig",
        [("policy", "Husbanken: demensvennlig utforming", HUSBANKEN)],
        "",
    ),
    "uu": (
        "Universell utforming av alle arealer",
        P.MUST,
        H.LIFETIME,
        S.AGREED,
        "",
        ["Råd for personer med funksjonsnedsettelse", "Beboere"],
        None,
        [("regulation", "TEK17 § 12-1 og kap. 12 (planløsning)", TEK17), ("regulation", "NS 11001-1:2018", "")],
        "",
    ),
    "lys": (
        "Godt dagslys i oppholdsrom",
        P.SHOULD,
        H.TODAY,
        S.AGREED,
        "",
        ["Beboere", "Ansatte"],
        None,
        [("regulation", "TEK17 § 13-7 (lys)", TEK17)],
        "",
    ),
    "ro": (
        "Rolige lydforhold og stille varsling",
        P.SHOULD,
        H.TODAY,
        S.PROPOSED,
        "",
        ["Beboere med demens", "Ansatte"],
        None,
        [],
        "",
    ),
    "generalitet": (
        "Bygget kan tas i bruk til andre helsetjenester",
        P.SHOULD,
        H.LIFETIME,
        S.AGREED,
        "",
        ["Hjemmetjenesten i bydelen"],
        None,
        [],
        "Kommuneplanens samfunnsdel: fleksible formålsbygg",
    ),
    "elastisitet": (
        "Mulighet for å utvide med to bogrupper",
        P.SHOULD,
        H.TEN_YEARS,
        S.AGREED,
        "",
        ["Beboere"],
        None,
        [],
        "Behovsframskriving 2040",
    ),
    "frisor": ("Frisør og fotpleie i bygget", P.COULD, H.TODAY, S.PROPOSED, "", ["Beboere"], None, [], ""),
    "kafe": (
        "Kafé som også er åpen for bydelen",
        P.COULD,
        H.TEN_YEARS,
        S.PROPOSED,
        "",
        ["Frivillige og lag", "Pårørende"],
        None,
        [],
        "",
    ),
    "frivillige": (
        "Lager og møteplass for frivillige",
        P.COULD,
        H.TODAY,
        S.PROPOSED,
        "",
        ["Frivillige og lag"],
        None,
        [],
        "",
    ),
    "naboer_trafikk": ("Lite trafikk og støy for naboene", P.COULD, H.TODAY, S.AGREED, "", ["Naboer"], None, [], ""),
    "naboer_parkering": (
        "Egen gjesteparkering for naboene",
        P.SHOULD,
        H.TODAY,
        S.REJECTED,
        "Tomten har ikke plass; reguleringsplanen begrenser parkering.",
        ["Naboer"],
        None,
        [],
        "",
    ),
    "energi": (
        "Lavt energibehov og fossilfri drift",
        P.MUST,
        H.LIFETIME,
        S.AGREED,
        "",
        ["Hjemmetjenesten i bydelen"],
        None,
        [("regulation", "TEK17 kap. 14 (energi)", TEK17)],
        "Klimastrategi for Oslo mot 2030",
    ),
    "renhold": ("Enkelt renhold og vedlikehold", P.SHOULD, H.LIFETIME, S.AGREED, "", ["Ansatte"], None, [], ""),
    "verksted": (
        "Felles snekkerverksted for beboere",
        P.COULD,
        H.TODAY,
        S.REJECTED,
        "Validering viste ønske om meningsfulle aktiviteter, ikke et eget verksted.",
        ["Beboere"],
        "Beboerne ønsker et felles verksted",
        [],
        "",
    ),
}

C, V = Requirement.Category, Requirement.Verification
# (category, text, need keys, verification, (metric, operator, value, unit) or None, status, necessity, necessity reference)
REQUIREMENTS: list[tuple] = [
    (
        C.FUNCTIONAL,
        "Hvert bofellesskap skal ha eget kjøkken der måltider lages.",
        ["mat"],
        V.DESIGN_REVIEW,
        None,
        "agreed",
        "",
        "",
    ),
    (
        C.FUNCTIONAL,
        "Spisestue og kjøkken skal ligge i samme rom eller med åpen forbindelse.",
        ["mat"],
        V.DESIGN_REVIEW,
        None,
        "agreed",
        "",
        "",
    ),
    (
        C.ROOM,
        "Kjøkken i bofellesskap skal ha minst 15 m² netto.",
        ["mat"],
        V.MODEL_CHECK,
        ("nettoareal", ">=", "15", "m²"),
        "agreed",
        "",
        "",
    ),
    (
        C.FUNCTIONAL,
        "Alle bofellesskap skal ha direkte utgang til skjermet uteareal.",
        ["ute"],
        V.DESIGN_REVIEW,
        None,
        "agreed",
        "",
        "",
    ),
    (
        C.FUNCTIONAL,
        "Dører til uteareal skal kunne åpnes av beboere uten hjelp, med diskret varsling.",
        ["ute", "teknologi"],
        V.TEST,
        None,
        "agreed",
        "",
        "",
    ),
    (
        C.UNIVERSAL_DESIGN,
        "Uteareal skal være trinnfritt med fast dekke og sitteplasser hver 25. meter.",
        ["ute", "uu"],
        V.INSPECTION,
        ("avstand mellom benker", "<=", "25", "m"),
        "draft",
        "",
        "",
    ),
    (
        C.ROOM,
        "Vinduer i beboerrom skal ha brystning som gir utsikt fra seng.",
        ["utsikt"],
        V.MODEL_CHECK,
        ("brystningshøyde", "<=", "0.6", "m"),
        "draft",
        "",
        "",
    ),
    (C.ROOM, "Hvert bofellesskap skal ha 8–10 beboerrom.", ["smaa"], V.MODEL_CHECK, None, "agreed", "", ""),
    (
        C.ROOM,
        "Beboerrom skal ha minst 26 m² netto inkludert bad.",
        ["smaa", "ergonomi"],
        V.MODEL_CHECK,
        ("nettoareal", ">=", "26", "m²"),
        "agreed",
        "",
        "",
    ),
    (
        C.FUNCTIONAL,
        "Arbeidsstasjon i bofellesskapet skal gi innsyn til stue og spisestue.",
        ["oversikt"],
        V.DESIGN_REVIEW,
        None,
        "agreed",
        "",
        "",
    ),
    (
        C.FUNCTIONAL,
        "Korridorer skal ikke ha blindganger i bofellesskapet.",
        ["oversikt", "demens"],
        V.DESIGN_REVIEW,
        None,
        "draft",
        "",
        "",
    ),
    (
        C.ROOM,
        "Samtalerom skal være lydisolert fra fellesarealer.",
        ["samtale"],
        V.TEST,
        ("lydisolasjon R'w", ">=", "44", "dB"),
        "draft",
        "",
        "",
    ),
    (
        C.WELFARE_TECH,
        "Pasientvarsling, døralarm og sensorer skal varsle til samme håndholdte enhet.",
        ["teknologi"],
        V.TEST,
        None,
        "agreed",
        "",
        "",
    ),
    (
        C.WELFARE_TECH,
        "Systemene skal bruke åpne grensesnitt og kunne byttes enkeltvis.",
        ["teknologi"],
        V.DESIGN_REVIEW,
        None,
        "agreed",
        "",
        "",
    ),
    (
        C.WELFARE_TECH,
        "Alle beboerrom skal ha føringsveier for sensorer i tak og ved dør.",
        ["teknologi"],
        V.INSPECTION,
        None,
        "draft",
        "",
        "",
    ),
    (
        C.WELFARE_TECH,
        "Trådløst nett skal ha dekning i alle rom og uteareal.",
        ["nett"],
        V.TEST,
        ("signalstyrke", ">=", "-67", "dBm"),
        "agreed",
        "",
        "",
    ),
    (
        C.WELFARE_TECH,
        "IKT-rom skal ha reservestrøm for minst fire timer.",
        ["nett"],
        V.TEST,
        ("driftstid på batteri", ">=", "4", "timer"),
        "draft",
        "",
        "",
    ),
    (
        C.ROOM,
        "Bad i beboerrom skal ha minst 6 m² og snusirkel 1,5 m på begge sider av toalettet.",
        ["ergonomi", "uu"],
        V.MODEL_CHECK,
        ("nettoareal", ">=", "6", "m²"),
        "agreed",
        "",
        "",
    ),
    (
        C.TECHNICAL,
        "Takheis skal gå fra seng til bad i alle beboerrom.",
        ["ergonomi"],
        V.INSPECTION,
        None,
        "agreed",
        "",
        "",
    ),
    (
        C.FUNCTIONAL,
        "Det skal være plass til to pleiere på hver side av sengen.",
        ["ergonomi"],
        V.MODEL_CHECK,
        ("fri bredde", ">=", "0.9", "m"),
        "agreed",
        "",
        "",
    ),
    (C.ROOM, "Skyllerom og lager skal ligge i hvert bofellesskap.", ["korte"], V.DESIGN_REVIEW, None, "agreed", "", ""),
    (
        C.FUNCTIONAL,
        "Gangavstand fra beboerrom til skyllerom skal være høyst 25 m.",
        ["korte"],
        V.MODEL_CHECK,
        ("gangavstand", "<=", "25", "m"),
        "draft",
        "",
        "",
    ),
    (
        C.UNIVERSAL_DESIGN,
        "Dører til toalett skal ha kontrastfarge og være synlige fra seng.",
        ["demens"],
        V.INSPECTION,
        None,
        "draft",
        "",
        "",
    ),
    (C.UNIVERSAL_DESIGN, "Gulv skal ha jevn farge uten mørke felter ved dører.", ["demens"], "", None, "draft", "", ""),
    (
        C.FUNCTIONAL,
        "Hvert bofellesskap skal ha et tydelig landemerke ved inngangen.",
        ["demens"],
        "",
        None,
        "draft",
        "",
        "",
    ),
    (
        C.UNIVERSAL_DESIGN,
        "Alle arealer skal oppfylle TEK17 kap. 12 om universell utforming.",
        ["uu"],
        V.DESIGN_REVIEW,
        None,
        "agreed",
        "",
        "",
    ),
    (
        C.UNIVERSAL_DESIGN,
        "Ledelinjer og kontrastmerking i vestibyle og hovedkorridorer.",
        ["uu"],
        V.INSPECTION,
        None,
        "draft",
        "",
        "",
    ),
    (
        C.TECHNICAL,
        "Dagslysfaktor i oppholdsrom skal være minst 2 %.",
        ["lys"],
        V.MODEL_CHECK,
        ("dagslysfaktor", ">=", "2", "%"),
        "agreed",
        "",
        "",
    ),
    (
        C.TECHNICAL,
        "Belysning i fellesareal skal kunne styres etter døgnrytme.",
        ["lys", "demens"],
        V.TEST,
        None,
        "draft",
        "",
        "",
    ),
    (
        C.TECHNICAL,
        "Etterklangstid i stue og spisestue skal være høyst 0,5 s.",
        ["ro"],
        V.TEST,
        ("etterklangstid", "<=", "0.5", "s"),
        "draft",
        "",
        "",
    ),
    (
        C.WELFARE_TECH,
        "Varsling til ansatte skal være stille (ingen lydsignal i fellesareal).",
        ["ro", "teknologi"],
        V.TEST,
        None,
        "draft",
        "",
        "",
    ),
    (
        C.GENERALITY,
        "Beboerrom skal kunne brukes som korttids- eller rehabiliteringsplass uten ombygging.",
        ["generalitet"],
        V.DESIGN_REVIEW,
        None,
        "agreed",
        "",
        "",
    ),
    (
        C.GENERALITY,
        "Bærende konstruksjon skal gi fri planløsning i bofellesskapene.",
        ["generalitet"],
        V.DESIGN_REVIEW,
        None,
        "draft",
        "",
        "",
    ),
    (
        C.FLEXIBILITY,
        "Innervegger mellom beboerrom skal kunne flyttes uten inngrep i tekniske anlegg.",
        ["generalitet"],
        V.DESIGN_REVIEW,
        None,
        "draft",
        "",
        "",
    ),
    (
        C.ELASTICITY,
        "Tomt og bygg skal ha plass til tilbygg med to bogrupper.",
        ["elastisitet"],
        V.DESIGN_REVIEW,
        ("reservert areal", ">=", "900", "m² BTA"),
        "draft",
        "",
        "",
    ),
    (
        C.ELASTICITY,
        "Tekniske anlegg skal dimensjoneres for utvidelse med 20 beboerrom.",
        ["elastisitet"],
        V.DESIGN_REVIEW,
        None,
        "draft",
        "",
        "",
    ),
    (
        C.ROOM,
        "Frisør- og fotpleierom på minst 12 m² med vask.",
        ["frisor"],
        V.MODEL_CHECK,
        ("nettoareal", ">=", "12", "m²"),
        "draft",
        "",
        "",
    ),
    (
        C.ROOM,
        "Kafé med plass til 40 gjester ved hovedinngangen.",
        ["kafe"],
        V.DESIGN_REVIEW,
        ("sitteplasser", ">=", "40", ""),
        "draft",
        "",
        "",
    ),
    (
        C.ROOM,
        "Lager for frivillige på minst 8 m².",
        ["frivillige"],
        "",
        ("nettoareal", ">=", "8", "m²"),
        "draft",
        "",
        "",
    ),
    (
        C.FUNCTIONAL,
        "Varelevering og avfallshenting skal skje fra egen adkomst bort fra nabohusene.",
        ["naboer_trafikk"],
        V.DESIGN_REVIEW,
        None,
        "draft",
        "",
        "",
    ),
    (
        C.SUSTAINABILITY,
        "Bygget skal oppfylle energikrav tilsvarende passivhus (NS 3701).",
        ["energi"],
        V.MODEL_CHECK,
        ("netto energibehov", "<=", "75", "kWh/m² år"),
        "agreed",
        "",
        "",
    ),
    (C.SUSTAINABILITY, "Byggeplassen skal være fossilfri.", ["energi"], V.INSPECTION, None, "agreed", "", ""),
    (
        C.SUSTAINABILITY,
        "Minst 50 % av materialene skal ha miljødeklarasjon (EPD).",
        ["energi"],
        V.INSPECTION,
        ("andel med EPD", ">=", "50", "%"),
        "draft",
        "",
        "",
    ),
    (
        C.SUSTAINABILITY,
        "Solceller på tak der det er lønnsomt over byggets levetid.",
        ["energi"],
        "",
        None,
        "draft",
        "",
        "",
    ),
    (
        C.OPERATIONS,
        "Overflater i bad og kjøkken skal tåle desinfeksjon daglig.",
        ["renhold"],
        V.INSPECTION,
        None,
        "agreed",
        "",
        "",
    ),
    (
        C.OPERATIONS,
        "Renholdssentral med maskinlading på hvert plan.",
        ["renhold"],
        V.DESIGN_REVIEW,
        None,
        "draft",
        "",
        "",
    ),
    (
        C.OPERATIONS,
        "Tekniske rom skal ha adkomst uten å gå gjennom bofellesskap.",
        ["renhold"],
        V.DESIGN_REVIEW,
        None,
        "agreed",
        "",
        "",
    ),
    (
        C.OPERATIONS,
        "Driftsdokumentasjon skal leveres i åpent format (IFC og PDF/A).",
        ["renhold"],
        V.INSPECTION,
        None,
        "draft",
        "",
        "",
    ),
    (
        C.FUNCTIONAL,
        "Familierom med overnatting, bad og tekjøkken i hver etasje.",
        ["samtale"],
        V.DESIGN_REVIEW,
        None,
        "draft",
        "",
        "",
    ),
    # Regulatory and technical necessities: stand without a need, with a reference.
    (
        C.TECHNICAL,
        "Bygget skal ha automatisk sprinkleranlegg.",
        [],
        V.INSPECTION,
        None,
        "agreed",
        "regulatory",
        "TEK17 § 11-12",
    ),
    (C.TECHNICAL, "Rømningsveier skal ha ledesystem.", [], V.INSPECTION, None, "agreed", "regulatory", "TEK17 § 11-13"),
    (C.TECHNICAL, "Brannceller per bofellesskap.", [], V.DESIGN_REVIEW, None, "agreed", "regulatory", "TEK17 § 11-8"),
    (
        C.TECHNICAL,
        "Radonsperre og tiltak mot radon.",
        [],
        V.TEST,
        ("radonkonsentrasjon", "<=", "200", "Bq/m³"),
        "agreed",
        "regulatory",
        "TEK17 § 13-5",
    ),
    (
        C.TECHNICAL,
        "Ventilasjon med varmegjenvinning, behovsstyrt.",
        [],
        V.TEST,
        ("temperaturvirkningsgrad", ">=", "80", "%"),
        "agreed",
        "regulatory",
        "TEK17 § 14-2",
    ),
    (
        C.TECHNICAL,
        "Nødstrøm til medisinsk utstyr og kjølerom.",
        [],
        V.TEST,
        None,
        "draft",
        "technical",
        "Elektroteknisk forprosjekt, notat E-03",
    ),
    (
        C.TECHNICAL,
        "Sjakter med 30 % reservekapasitet.",
        [],
        V.DESIGN_REVIEW,
        None,
        "draft",
        "technical",
        "VVS-forprosjekt, notat V-01",
    ),
    # Gaps on purpose: no need and not marked as a necessity.
    (C.OPERATIONS, "Sentralt vaskeri for hele helsehuset.", [], V.DESIGN_REVIEW, None, "draft", "", ""),
    (C.TECHNICAL, "Adgangskontroll med kort på alle dører.", [], "", None, "draft", "", ""),
    (
        C.ROOM,
        "Andaktsrom / stillerom på minst 20 m².",
        [],
        V.MODEL_CHECK,
        ("nettoareal", ">=", "20", "m²"),
        "draft",
        "",
        "",
    ),
]

# (ref suffix, name, function group, count, m² per room, area term, requirement text starts, notes)
BOGRUPPE = [
    (
        "BO",
        "Beboerrom med bad",
        "residential",
        9,
        "26",
        "FUA",
        ["Beboerrom skal ha minst", "Takheis", "Vinduer i beboerrom", "Bad i beboerrom"],
        "",
    ),
    ("STUE", "Stue og spisestue", "residential", 1, "55", "FUA", ["Spisestue og kjøkken", "Etterklangstid"], ""),
    ("KJ", "Kjøkken", "residential", 1, "15", "FUA", ["Kjøkken i bofellesskap"], ""),
    ("ARB", "Arbeidsstasjon", "residential", 1, "8", "FUA", ["Arbeidsstasjon i bofellesskapet"], ""),
    ("SKY", "Skyllerom", "residential", 1, "6", "FUA", ["Skyllerom og lager"], ""),
    ("LAG", "Lager og tøy", "residential", 1, "8", "FUA", ["Skyllerom og lager"], ""),
    ("BAD", "Bad med badekar", "residential", 1, "12", "FUA", [], ""),
]
SHARED = [
    ("FA-VEST", "Vestibyle med resepsjon", "common", 1, "60", "FUA", ["Ledelinjer"], ""),
    ("FA-KAFE", "Kafé og storstue", "common", 1, "90", "FUA", ["Kafé med plass"], "Åpen for bydelen på dagtid."),
    ("FA-FRIS", "Frisør og fotpleie", "treatment", 1, "12", "FUA", ["Frisør- og fotpleierom"], ""),
    ("FA-AKT", "Aktivitetsrom", "treatment", 1, "40", "FUA", [], ""),
    ("FA-SAMT", "Samtalerom", "common", 2, "12", "FUA", ["Samtalerom skal"], ""),
    ("FA-FAM", "Familierom med overnatting", "common", 2, "22", "FUA", ["Familierom med overnatting"], ""),
    ("FA-STILLE", "Stillerom", "common", 1, "20", "FUA", ["Andaktsrom"], ""),
    ("FA-WC", "Toalett for besøkende (HC)", "common", 2, "5", "FUA", [], ""),
    ("PE-GARD", "Garderobe med dusj", "staff", 2, "35", "FUA", [], "Kvinner og menn."),
    ("PE-SPIS", "Personalrom", "staff", 1, "45", "FUA", [], ""),
    ("PE-KONT", "Kontor", "staff", 6, "10", "FUA", [], ""),
    ("PE-MOTE", "Møterom", "staff", 2, "20", "FUA", [], ""),
    ("PE-MED", "Medisinrom", "staff", 2, "10", "FUA", [], ""),
    ("LO-LAG", "Sentrallager", "logistics", 1, "40", "FUA", [], ""),
    ("LO-VARE", "Varemottak", "logistics", 1, "20", "FUA", ["Varelevering og avfallshenting"], ""),
    ("LO-AVF", "Avfallsrom", "logistics", 1, "15", "FUA", ["Varelevering og avfallshenting"], ""),
    ("LO-REN", "Renholdssentral", "logistics", 2, "10", "FUA", ["Renholdssentral"], ""),
    (
        "TE-VENT",
        "Teknisk rom ventilasjon",
        "technical",
        2,
        "60",
        "TA",
        ["Ventilasjon med varmegjenvinning", "Tekniske rom skal"],
        "",
    ),
    ("TE-EL", "Hovedtavlerom", "technical", 1, "15", "TA", ["Nødstrøm"], ""),
    ("TE-IKT", "IKT-rom", "technical", 1, "10", "TA", ["IKT-rom skal ha reservestrøm"], ""),
    ("TE-SPR", "Sprinklersentral", "technical", 1, "10", "TA", ["Bygget skal ha automatisk sprinkleranlegg"], ""),
]


def load(project: Project, acting_user: User) -> None:
    ola = User.objects.filter(email="ola@demo.no").first() or acting_user
    groups = {g.name: g for g in StakeholderGroup.objects.filter(project=project)}
    insights = list(Insight.objects.filter(project=project))
    needs = _load_needs(project, acting_user, groups, insights)
    requirements = _load_requirements(project, acting_user, needs)
    _load_programme(project, acting_user, requirements)
    run = ForecastRun.objects.filter(project=project).order_by("created_at").first()
    if run is not None:  # the forecast demo ran first: state its demand as a need
        demand = actions.create_need_from_forecast(run=run, acting_user=acting_user)
        demand.priority, demand.status = Need.Priority.MUST, Need.Status.AGREED
        actions.save_need(
            need=demand, beneficiaries=[groups["Beboere"]] if "Beboere" in groups else [], acting_user=acting_user
        )
        smaa = next(r for r in requirements if r.text.startswith("Hvert bofellesskap skal ha 8–10"))
        actions.link_requirement_to_need(
            need=demand, requirement=smaa, rationale="Antall bogrupper følger behovet", acting_user=acting_user
        )
    gate = project.gate_decisions.order_by("-decided_on").first()
    actions.freeze_baseline(
        project=project, name="Beslutningspunkt 2: programgrunnlag", gate_decision=gate, acting_user=acting_user
    )
    _changes_after_baseline(project, ola, needs, requirements)


def _load_needs(project: Project, user: User, groups: dict, insights: list[Insight]) -> dict[str, Need]:
    needs = {}
    for key, (
        statement,
        priority,
        horizon,
        status,
        reason,
        group_names,
        insight_start,
        refs,
        strategy,
    ) in NEEDS.items():
        insight = next((i for i in insights if insight_start and i.statement.startswith(insight_start)), None)
        if insight is not None and insight.status != Insight.Status.REJECTED:
            need = actions.create_need_from_insight(insight=insight, acting_user=user)
        else:
            need = Need(project=project)
        need.statement, need.priority, need.horizon, need.status = statement, priority, horizon, status
        need.rejection_reason, need.strategy = reason, strategy
        beneficiaries = {g for g in need.beneficiaries.all()} if need.pk else set()
        beneficiaries |= {groups[name] for name in group_names if name in groups}
        linked = [insight] if insight is not None else None
        needs[key] = actions.save_need(need=need, beneficiaries=beneficiaries, insights=linked, acting_user=user)
        NeedReference.objects.bulk_create(
            NeedReference(need=needs[key], kind=kind, text=text, url=url) for kind, text, url in refs
        )
    return needs


def _load_requirements(project: Project, user: User, needs: dict[str, Need]) -> list[Requirement]:
    requirements = []
    for category, text, need_keys, verification, criterion, status, necessity, necessity_ref in REQUIREMENTS:
        metric, operator, value, unit = criterion or ("", "", None, "")
        req = actions.save_requirement(
            requirement=Requirement(
                project=project, text=text, category=category, verification_method=verification, status=status,
                necessity=necessity, necessity_reference=necessity_ref, metric=metric, operator=operator,
                target_value=Decimal(value) if value is not None else None, unit=unit,
            ),
            acting_user=user,
        )  # fmt: skip
        for key in need_keys:
            actions.link_requirement_to_need(need=needs[key], requirement=req, rationale="", acting_user=user)
        requirements.append(req)
    return requirements


def _matching(requirements: list[Requirement], starts: list[str]) -> list[Requirement]:
    return [r for r in requirements if any(r.text.startswith(s) for s in starts)]


def _load_programme(project: Project, user: User, requirements: list[Requirement]) -> None:
    rooms: dict[str, RoomType] = {}
    plan = []
    for n, count in enumerate((9, 9, 10, 8), start=1):
        for suffix, name, group, default_count, area, term, starts, notes in BOGRUPPE:
            room_count = count if suffix == "BO" else default_count
            plan.append((f"B{n}-{suffix}", name, group, room_count, area, term, starts, notes, f"Bogruppe {n}"))
    plan += [(*row, "") for row in SHARED]
    for ref, name, group, count, area, term, starts, notes, zone in plan:
        room = RoomType(project=project, ref=ref, name=name, function_group=group, count=count,
                        net_area=Decimal(area), area_term=term, notes=notes, zone=zone)  # fmt: skip
        rooms[ref] = actions.save_room_type(room=room, requirements=_matching(requirements, starts), acting_user=user)
    for n in range(1, 5):
        b = f"B{n}-"
        for ref, other, kind in ((b + "KJ", b + "STUE", "adjacent"), (b + "ARB", b + "STUE", "adjacent"),
                                 (b + "SKY", b + "BO", "near"), (b + "LAG", b + "BO", "near")):  # fmt: skip
            actions.set_adjacency(room=rooms[ref], other=rooms[other], kind=kind, note="", acting_user=user)
    for ref, other, kind, note in (
        ("LO-VARE", "LO-LAG", "adjacent", ""),
        ("LO-AVF", "FA-KAFE", "separated", "Lukt og støy."),
        ("FA-KAFE", "FA-VEST", "adjacent", ""),
        ("FA-FAM", "FA-SAMT", "near", ""),
        ("TE-VENT", "FA-STILLE", "separated", "Støy."),
    ):
        actions.set_adjacency(room=rooms[ref], other=rooms[other], kind=kind, note=note, acting_user=user)


def _changes_after_baseline(
    project: Project, user: User, needs: dict[str, Need], requirements: list[Requirement]
) -> None:
    """What happened after the gate: shows up in "changes since the baseline"."""
    bedroom = next(r for r in requirements if r.text.startswith("Beboerrom skal ha minst"))
    bedroom.text, bedroom.target_value = "Beboerrom skal ha minst 27 m² netto inkludert bad.", Decimal("27")
    actions.save_requirement(
        requirement=bedroom, acting_user=user, change_reason="Innspill fra eldrerådet og Husbankens veileder"
    )
    sauna = actions.save_requirement(
        requirement=Requirement(project=project, text="Sansebad med dempet lys og lyd.", category=Requirement.Category.ROOM,
                                verification_method=Requirement.Verification.DESIGN_REVIEW),
        acting_user=user,
    )  # fmt: skip
    actions.link_requirement_to_need(
        need=needs["ro"], requirement=sauna, rationale="Skjermet ro for urolige beboere", acting_user=user
    )
    kafe = needs["kafe"]
    kafe.priority = Need.Priority.SHOULD
    actions.save_need(
        need=kafe,
        beneficiaries=kafe.beneficiaries.all(),
        acting_user=user,
        change_reason="Bydelsutvalget vil bruke kafeen",
    )
    bath = RoomType.objects.get(project=project, ref="B4-BAD")
    actions.delete_room_type(room=bath, acting_user=user)
