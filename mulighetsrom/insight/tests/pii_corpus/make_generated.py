"""Write generated.tsv: a labelled corpus for the personal-data guard, the same every run.

    .venv/bin/python -m mulighetsrom.insight.tests.pii_corpus.make_generated

Each line is ``text<TAB>expected`` where expected lists ``kind=matched`` items separated by
``|`` (kinds: fnr, dnr, hnr, phone, email; empty when nothing is personal). Invisible and
unusual characters are written as ``\\uXXXX`` so the file can be read and reviewed.

The labels come from how each line is *built*, not from the guard: identity numbers are
computed here from a birth date with their own check-digit code (the guard's is not imported),
telephone numbers and e-mail addresses are put in on purpose, and the negative lines hold
numbers that are something else (times, rooms, ranges, amounts, areas, dates, years,
organisation and account numbers). test_pii_corpus.py checks this file is what the script writes.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

OUT = Path(__file__).with_name("generated.tsv")
SEED = 11

# --- identity numbers, computed independently of mulighetsrom.lib.pii ------------------------


def _control(digits: list[int], weights: tuple[int, ...]) -> int | None:
    rest = 11 - sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
    return {11: 0, 10: None}.get(rest, rest)


def make_id(born: date, individual: int, *, day_add: int = 0, month_add: int = 0) -> str | None:
    """The identity number for ``born`` and individual number, with the classic check digits."""
    head = f"{born.day + day_add:02d}{born.month + month_add:02d}{born.year % 100:02d}{individual:03d}"
    digits = [int(c) for c in head]
    k1 = _control(digits, (3, 7, 6, 1, 8, 9, 4, 5, 2))
    if k1 is None:
        return None
    k2 = _control([*digits, k1], (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))
    return None if k2 is None else f"{head}{k1}{k2}"


def individual_range(year: int) -> list[int]:
    """The individual numbers Skatteetaten allots to people born in ``year``."""
    if year < 1900:
        return list(range(500, 750))
    if year < 2000:
        return [*range(0, 500), *(range(900, 1000) if year >= 1940 else [])]
    return list(range(500, 1000))


# The shapes an identity number is written in; {0} … are the digit slices.
ID_FORMATS = [
    lambda n: n,
    lambda n: f"{n[:6]} {n[6:]}",
    lambda n: f"{n[:6]}-{n[6:]}",
    lambda n: f"{n[:2]}.{n[2:4]}.{n[4:6]} {n[6:]}",
    lambda n: f"{n[:2]}-{n[2:4]}-{n[4:6]}-{n[6:]}",
    lambda n: f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:8]} {n[8:]}",
    lambda n: f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:9]} {n[9:]}",
    lambda n: f"{n[:9]}-{n[9:]}",
    lambda n: f"{n[:6]}\u00a0{n[6:]}",
    lambda n: f"{n[:6]}\u2013{n[6:]}",
    lambda n: f"{n[:6]}  {n[6:]}",
    lambda n: f"{n[:5]}\u200b{n[5:]}",
    lambda n: f"{n[:6]}\u202f{n[6:]}",
    lambda n: f"{n[:6]} \u2013 {n[6:]}",
    lambda n: "".join(chr(0xFF10 + int(c)) for c in n),
]

ID_SENTENCES = [
    "Fødselsnummeret mitt er {x}.",
    "Mor har fnr {x} og trenger plass.",
    "Pasient {x} ble flyttet til avdeling B.",
    "Skriv {x} på skjemaet, sa hun.",
    "{x} er personnummeret til faren min",
    "Beboeren (fnr. {x}) ønsker enerom.",
    "D-nr: {x}",
    "Kan dere sjekke {x} i journalen?",
    "Jeg oppgir personnr {x} så dere finner meg",
    "Min sønn, {x}, bor på rom 12.",
    "Identitet: {x}; pårørende er varslet.",
    "Se vedlegg for {x} og legeerklæring.",
]

# --- telephone numbers ---------------------------------------------------------------------------

PHONE_FORMATS = [
    lambda n: n,
    lambda n: f"{n[:3]} {n[3:5]} {n[5:]}",
    lambda n: f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:]}",
    lambda n: f"{n[:2]} {n[2:5]} {n[5:]}",
    lambda n: f"{n[:3]}\u00a0{n[3:5]}\u00a0{n[5:]}",
    lambda n: f"{n[:2]}\u00a0{n[2:4]}\u00a0{n[4:6]}\u00a0{n[6:]}",
    lambda n: f"{n[:4]} {n[4:]}",
]
PREFIXES = ["", "", "", "+47 ", "+47", "0047 ", "47", "(+47) ", "+47\u00a0"]

PHONE_WITH_WORD = [
    "Ring meg på {x} etter klokka fire.",
    "Tlf. {x}",
    "Mobil: {x}",
    "Du kan sende SMS til {x} om det blir endringer.",
    "Telefonnummeret til datteren er {x}.",
    "Kontakt meg gjerne på {x}.",
    "Jeg nås på {x} hele dagen",
    "tlf {x} (dagtid)",
    "Ring {x} hvis dere lurer på noe.",
    "Nummeret mitt er {x}, spør etter Kari.",
]
PHONE_PLAIN = [
    "Kari {x}",
    "Gi beskjed til Ola, {x}.",
    "{x} er den nye vakttelefonen",
    "Jeg heter Per og har {x}.",
    "Svar til {x} takk",
]

# --- e-mail addresses ----------------------------------------------------------------------------

LOCALS = ["kari", "ola.nordmann", "per-olav", "ingrid_h", "bjørn", "åse.lien", "mor+innspill", "t.ø.berg", "leder1"]
DOMAINS = ["example.no", "gmail.com", "ålesund.kommune.no", "epost.no", "helse-bergen.no", "online.no"]
EMAIL_SENTENCES = [
    "Send svar til {x}.",
    "E-post: {x}",
    "Skriv til meg på {x} om møtet",
    "{x} vil gjerne bli med i referansegruppen.",
    "Kontaktperson er Kari ({x}).",
]

# --- numbers that are not personal -----------------------------------------------------------------


def _counting(r: random.Random, low: int, high: int, count: int) -> str:
    start = r.randint(low, high)
    return " ".join(str(n) for n in range(start, start + count))


NEGATIVE_BUILDERS = [
    lambda r: (
        f"Kafeen bør være åpen {r.randint(8, 20)}.{r.choice(['00', '15', '30', '45'])}-"
        f"{r.randint(21, 23)}.{r.choice(['00', '15', '30', '45'])} hver dag."
    ),
    lambda r: (
        f"Besøkstid kl. {r.randint(10, 19)}:{r.choice(['00', '30'])}\u2013{r.randint(20, 22)}:{r.choice(['00', '30'])}."
    ),
    lambda r: f"Rom {_counting(r, 10, 90, 4)} vender mot hagen.",
    lambda r: f"Rommene {_counting(r, 101, 190, 3)} er for små.",
    lambda r: f"Arealet blir {(a := r.randint(12, 40) * 100)} {a + r.randint(5, 20) * 100} m2 avhengig av alternativ.",
    lambda r: f"Anslaget er {(a := r.randint(20, 40) * 100)} {a + r.randint(5, 20) * 100} kvadratmeter BTA.",
    lambda r: f"Mellom {(a := r.randint(20, 40) * 100)}-{a + r.randint(5, 20) * 100} besøkende i året.",
    lambda r: f"Rammen er kr {r.randint(20, 99)} {r.randint(0, 9)}00 000.",
    lambda r: f"Det koster {r.randint(20, 99)} 000 000 kroner.",
    lambda r: f"Budsjett: NOK {r.randint(20, 99)}000000",
    lambda r: f"Tilbudet var på {r.randint(20, 99)}500000,- eks. mva.",
    lambda r: f"Hun ble født {date(1930, 1, 1) + timedelta(days=r.randint(0, 30000)):%d%m%Y}.",
    lambda r: f"Datoen {date(2020, 1, 1) + timedelta(days=r.randint(0, 3000)):%d.%m.%Y} passer bra.",
    lambda r: f"Framskrivingen går fra {(y := r.randint(2025, 2040))} {y + 10} og viser økning.",
    lambda r: f"Org.nr. {r.randint(900, 999)} {r.randint(100, 999)} {r.randint(100, 999)} står på fakturaen.",
    lambda r: f"Kontonummer {r.randint(1200, 9999)}.{r.randint(10, 99)}.{r.randint(10000, 99999)} for gaver.",
    lambda r: f"Saksnr {r.randint(20, 26)}/{r.randint(100, 99999)} gjelder tomta.",
    lambda r: f"Kommunen har {r.randint(10, 99)} {r.randint(100, 999)} innbyggere.",
    lambda r: f"Det bor {r.randint(1, 9)} {r.randint(100, 999)} personer over 80 år i kommunen.",
    lambda r: f"Postadresse: Postboks {r.randint(1, 999)}, {r.randint(1000, 9999)} Testvik",
    lambda r: f"Tabell {r.randint(1, 20)}.{r.randint(1, 9)} viser {r.randint(10, 99)} % økning.",
    lambda r: f"Vi trenger {r.randint(40, 120)} plasser innen {r.randint(2030, 2040)}.",
    lambda r: f"Gnr. {r.randint(1, 200)} bnr. {r.randint(1, 900)} er foreslått som tomt.",
    lambda r: f"Versjon {r.randint(1, 9)}.{r.randint(0, 20)}.{r.randint(0, 99)} av programmet.",
    lambda r: f"Mellom {r.randint(10, 40)} og {r.randint(41, 90)} prosent sa ja.",
    lambda r: "Maten er god, men kaffen er kald.",
    lambda r: "Vi ønsker oss mer dagslys og en skjermet hage.",
    lambda r: f"Det tok {r.randint(2, 59)} minutter å gå fra bussen.",
]


def _phone_number(r: random.Random, mobile: bool) -> str:
    first = r.choice("49") if mobile else r.choice("23567")
    return first + "".join(r.choice("0123456789") for _ in range(7))


def _id_lines(r: random.Random) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = []
    kinds = [
        ("fnr", 0, 0),
        ("dnr", 40, 0),
        ("hnr", 0, 40),
        ("fnr", 0, 80),  # Tenor synthetic fødselsnummer
        ("dnr", 40, 80),  # Tenor synthetic D-nummer
        ("dnr", 40, 40),  # D-nummer with an H month
    ]
    while len(lines) < 420:
        label, day_add, month_add = kinds[len(lines) % len(kinds)]
        born = date(1900, 1, 1) + timedelta(days=r.randint(0, 45000))
        number = make_id(born, r.choice(individual_range(born.year)), day_add=day_add, month_add=month_add)
        if number is None:
            continue
        written = ID_FORMATS[len(lines) % len(ID_FORMATS)](number)
        lines.append((r.choice(ID_SENTENCES).format(x=written), f"{label}={written}"))
    # Wrong second check digit: not an identity number, whatever the shape.
    while len(lines) < 520:
        born = date(1930, 1, 1) + timedelta(days=r.randint(0, 30000))
        number = make_id(born, r.choice(individual_range(born.year)))
        if number is None:
            continue
        wrong = number[:10] + str((int(number[10]) + r.randint(1, 9)) % 10)
        written = ID_FORMATS[len(lines) % 8](wrong)
        lines.append((r.choice(ID_SENTENCES).format(x=written), ""))
    return lines


def _phone_lines(r: random.Random) -> list[tuple[str, str]]:
    lines = []
    for i in range(360):
        mobile = i % 3 != 2
        number = _phone_number(r, mobile)
        prefix = PREFIXES[i % len(PREFIXES)]
        body = PHONE_FORMATS[i % len(PHONE_FORMATS)](number)
        if prefix == "47":
            body = number  # "4791234567": the run-together form only
        written = prefix + body
        sentences = PHONE_WITH_WORD if i % 4 != 3 else PHONE_PLAIN
        lines.append((r.choice(sentences).format(x=written), f"phone={written}"))
    return lines


def _email_lines(r: random.Random) -> list[tuple[str, str]]:
    lines = []
    for i in range(130):
        at = "(at)" if i % 13 == 12 else "@"
        address = f"{r.choice(LOCALS)}{at}{r.choice(DOMAINS)}"
        lines.append((r.choice(EMAIL_SENTENCES).format(x=address), f"email={address}"))
    return lines


def _negative_lines(r: random.Random) -> list[tuple[str, str]]:
    return [(NEGATIVE_BUILDERS[i % len(NEGATIVE_BUILDERS)](r), "") for i in range(420)]


def _escape(text: str) -> str:
    return "".join(c if c.isprintable() and c not in "\u00a0\u202f\u2009\u00ad" else f"\\u{ord(c):04x}" for c in text)


def generate() -> str:
    r = random.Random(SEED)
    lines = [*_id_lines(r), *_phone_lines(r), *_email_lines(r), *_negative_lines(r)]
    out = ["# text\texpected (kind=matched|…); generated by make_generated.py, do not edit"]
    out += [f"{_escape(text)}\t{_escape(expected)}" for text, expected in lines]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    OUT.write_text(generate(), encoding="utf-8")
