"""Tests for the personal-data guard (pure module; no database)."""

import itertools
import random
from datetime import date, timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mulighetsrom.lib.pii import (
    Hit,
    Kind,
    birth_century,
    check_digits,
    check_digits_valid,
    classify_national_id,
    find_personal_data,
    normalise,
    parse_national_id,
    phone_score,
    possible_names,
    redact,
    redact_personal_data,
)

# Worked by hand: 010190 100 46 — k1: 0·3+1·7+0·6+1·1+9·8+0·9+1·4+0·5+0·2 = 84, 84 mod 11 = 7, 11−7 = 4;
# k2: 0·5+1·4+0·3+1·2+9·7+0·6+1·5+0·4+0·3+4·2 = 82, 82 mod 11 = 5, 11−5 = 6.
VALID_FNR = "01019010046"


def individual_numbers_for(year: int) -> range:
    if 1854 <= year <= 1899:
        return range(500, 750)
    if 1900 <= year <= 1999:
        return range(0, 500)
    return range(500, 1000)  # 2000–2039


def first_valid(birth: date, start: int, *, d_number: bool = False, h_number: bool = False) -> str:
    """The first valid number for ``birth`` at or after individual number ``start`` (wrapping)."""
    allowed = individual_numbers_for(birth.year)
    for step in range(len(allowed)):
        individual = allowed[(allowed.index(start) + step) % len(allowed)]
        number = make_number(birth, individual, d_number=d_number, h_number=h_number)
        if number is not None:
            return number
    raise AssertionError("no valid individual number")


def make_number(birth: date, individual: int, *, d_number: bool = False, h_number: bool = False) -> str | None:
    day = birth.day + (40 if d_number else 0)
    month = birth.month + (40 if h_number else 0)
    first_nine = f"{day:02d}{month:02d}{birth.year % 100:02d}{individual:03d}"
    digits = check_digits([int(c) for c in first_nine])
    return None if digits is None else f"{first_nine}{digits[0]}{digits[1]}"


birth_dates = st.dates(min_value=date(1854, 1, 1), max_value=date(2039, 12, 31))
words = st.lists(
    st.sampled_from(["Mor", "sa", "at", "rommet", "er", "for", "lite", "og", "kaffen", "kald"]), max_size=6
)


@st.composite
def valid_numbers(draw: st.DrawFn) -> tuple[str, Kind]:
    birth = draw(birth_dates)
    individual = draw(st.sampled_from(individual_numbers_for(birth.year)))
    kind = draw(st.sampled_from([Kind.FODSELSNUMMER, Kind.D_NUMMER, Kind.H_NUMMER]))
    # Skip individual numbers whose check digits would need remainder 1: they are never issued.
    number = first_valid(birth, individual, d_number=kind is Kind.D_NUMMER, h_number=kind is Kind.H_NUMMER)
    return number, kind


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_numbers(), words, words, st.booleans())
def test_it_finds_every_valid_number_in_surrounding_text(
    generated: tuple[str, Kind], before: list[str], after: list[str], spaced: bool
) -> None:
    number, kind = generated
    written = f"{number[:6]} {number[6:]}" if spaced else number
    prefix = " ".join(before) + " " if before else ""
    text = f"{prefix}{written} {' '.join(after)}"
    hits = find_personal_data(text)
    assert hits == [Hit(kind, len(prefix), len(prefix) + len(written), written)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="0123456789", min_size=11, max_size=11), words)
def test_it_ignores_eleven_digits_with_wrong_check_digits(number: str, before: list[str]) -> None:
    assume(not check_digits_valid([int(c) for c in number]))
    text = " ".join([*before, number])
    assert [h for h in find_personal_data(text) if h.kind is not Kind.PHONE] == []
    assert find_personal_data(text) == []


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_numbers())
def test_it_redacts_every_digit_of_a_number(generated: tuple[str, Kind]) -> None:
    number, _ = generated
    redacted = redact_personal_data(f"Pasienten {number[:6]} {number[6:]} ble flyttet.")
    assert not any(c.isdigit() for c in redacted)


def test_it_checks_the_worked_example() -> None:
    assert check_digits([0, 1, 0, 1, 9, 0, 1, 0, 0]) == (4, 6)
    assert classify_national_id(VALID_FNR) is Kind.FODSELSNUMMER


def test_it_rejects_a_first_nine_with_remainder_one() -> None:
    # 0·3+1·7+0·6+1·1+9·8+0·9+1·4+2·5+3·2 = 100, 100 mod 11 = 1: no valid k1 exists.
    assert check_digits([0, 1, 0, 1, 9, 0, 1, 2, 3]) is None


def test_it_rejects_impossible_dates_even_with_good_check_digits() -> None:
    for first_nine in ("320190100", "011390100", "300290100"):
        digits = check_digits([int(c) for c in first_nine])
        if digits is not None:
            assert classify_national_id(first_nine + f"{digits[0]}{digits[1]}") is None


def test_it_uses_the_individual_number_for_the_century_of_29_february() -> None:
    leap_2000 = make_number(date(2000, 2, 29), 500) or make_number(date(2000, 2, 29), 501)
    assert leap_2000 is not None
    assert classify_national_id(leap_2000) is Kind.FODSELSNUMMER
    # The same DDMMYY with an individual number of the 1900s: 29.02.1900 never existed.
    for individual in range(0, 500):
        in_1900 = make_number(date(2000, 2, 29), individual)
        if in_1900 is not None:
            assert classify_national_id(in_1900) is None
            break


def test_it_knows_the_century_allocation() -> None:
    assert birth_century(90, 123) == 1900
    assert birth_century(60, 600) == 1800
    assert birth_century(10, 600) == 2000
    assert birth_century(45, 950) == 1900
    assert birth_century(45, 800) is None


def test_it_finds_the_dotted_form() -> None:
    text = f"fnr. {VALID_FNR[:6]}.{VALID_FNR[6:]}."
    assert [h.kind for h in find_personal_data(text)] == [Kind.FODSELSNUMMER]


def test_it_labels_d_numbers() -> None:
    d_number = next(n for i in range(100, 500) if (n := make_number(date(1990, 1, 1), i, d_number=True)))
    assert find_personal_data(f"D-nr {d_number}")[0].kind is Kind.D_NUMMER
    assert redact_personal_data(f"D-nr {d_number}") == "D-nr [d-nummer fjernet]"


def test_it_finds_phone_numbers_in_the_usual_groupings() -> None:
    for written in (
        "91234567",
        "912 34 567",
        "91 23 45 67",
        "+47 912 34 567",
        "0047 91234567",
        "+4791234567",
        "22 33 44 55",
        "4123 4567",
    ):
        hits = find_personal_data(f"Ring {written} i morgen.")
        assert [(h.kind, h.matched) for h in hits] == [(Kind.PHONE, written)], written


def test_it_finds_two_phone_numbers_side_by_side() -> None:
    assert [h.matched for h in find_personal_data("tlf 91234567 98765432")] == ["91234567", "98765432"]


def test_it_does_not_take_years_amounts_or_dates_for_phone_numbers() -> None:
    for text in (
        "Behovet øker fram mot 2040.",
        "Prosjektet har en ramme på 120 000 000 kroner.",
        "Budsjettet er kr 20000000 for hele tomta.",
        "Det koster 25000000,- å bygge ut.",
        "Framskrivingen går fra 2030 2040 og videre.",
        "Møtet var 12.05.2024 kl. 12.30.",
        "Servicetelefon 800 12 345 er gratis.",
        "Saksnummer 12 345 678 90.",
        "Tomta er 12 345 678 kvm? Nei.",
    ):
        assert find_personal_data(text) == [], text


def test_it_does_not_flag_a_fødselsnummer_as_a_phone_number() -> None:
    hits = find_personal_data(f"Beboer {VALID_FNR} og {VALID_FNR[:6]} {VALID_FNR[6:]}")
    assert [h.kind for h in hits] == [Kind.FODSELSNUMMER, Kind.FODSELSNUMMER]


def test_it_finds_email_addresses() -> None:
    text = "Send til kari.nordmann@ålesund.kommune.no. Eller ola+innspill@example.com!"
    assert [h.matched for h in find_personal_data(text)] == [
        "kari.nordmann@ålesund.kommune.no",
        "ola+innspill@example.com",
    ]


def test_it_does_not_take_an_at_sign_alone_for_an_email() -> None:
    assert find_personal_data("Vi møtes @ kafeen, 2 @ 3 kr.") == []


def test_it_redacts_with_norwegian_labels() -> None:
    text = f"Kari ({VALID_FNR}), tlf 912 34 567, kari@example.no"
    assert redact_personal_data(text) == (
        "Kari ([fødselsnummer fjernet]), tlf [telefonnummer fjernet], [e-postadresse fjernet]"
    )


def test_it_keeps_the_kinds_asked_for() -> None:
    text = "tlf 912 34 567, kari@example.no"
    assert redact(text, find_personal_data(text), keep={Kind.EMAIL}) == "tlf [telefonnummer fjernet], kari@example.no"


def test_it_merges_overlapping_hits_when_redacting() -> None:
    text = "abc 0123456789 def"
    hits = [Hit(Kind.PHONE, 4, 12, "01234567"), Hit(Kind.FODSELSNUMMER, 6, 14, "23456789")]
    assert redact(text, hits) == "abc [telefonnummer fjernet] def"


def test_it_redacts_hits_given_in_any_order() -> None:
    text = "a 91234567 b 98765432"
    hits = find_personal_data(text)
    assert redact(text, list(reversed(hits))) == redact(text, hits)


def test_it_never_returns_overlapping_hits() -> None:
    rng = random.Random(7)
    for _ in range(200):
        text = " ".join(
            rng.choice(["91234567", "kari@x.no", VALID_FNR, "010190", "10046", "og", "22"]) for _ in range(8)
        )
        hits = find_personal_data(text)
        for a, b in itertools.pairwise(hits):
            assert a.end <= b.start
        for hit in hits:
            assert text[hit.start : hit.end] == hit.matched


def test_it_accepts_every_day_of_a_leap_year() -> None:
    day = date(2024, 1, 1)
    while day.year == 2024:
        assert classify_national_id(first_valid(day, 600)) is Kind.FODSELSNUMMER
        day += timedelta(days=1)


def test_possible_names_are_capitalised_words_inside_a_sentence_once_each() -> None:
    text = "Jeg heter Ola Nordmann og bor i Storgata 5. Maten er god. Spør Ola eller Kari på NAV!"
    assert possible_names(text) == ["Ola", "Nordmann", "Storgata", "Kari", "NAV"]


def test_the_first_word_of_a_sentence_quote_or_line_is_not_a_possible_name() -> None:
    text = "«Alarmene piper.» Jeg sover dårlig! Hva nå? Vi vil ha hage\nMer lys (Ikke nå) [telefonnummer fjernet]"
    assert possible_names(text) == []


# --- issue 11, finding 8: separators, invisible characters, combined and synthetic numbers --------

# python-stdnum's doctests write this fødselsnummer (10.04.1987) in several ways.
STDNUM_FNR = "10048744732"


def test_it_finds_numbers_written_with_several_separators() -> None:
    for written in ("13-04-99-58441", "10 04 87 44 732", "10.04.87 44732", "26 11 15 940 14", "111115984-03"):
        hits = find_personal_data(f"Nummeret er {written}, sa han.")
        assert [(h.kind, h.matched) for h in hits] == [(Kind.FODSELSNUMMER, written)], written


def test_it_finds_numbers_with_unusual_spaces_dashes_and_invisible_characters() -> None:
    for sep in ("\u00a0", "\u2013", "\u2014", "\u2212", "\u200b", "  ", "\u202f", " - "):
        written = f"{STDNUM_FNR[:6]}{sep}{STDNUM_FNR[6:]}"
        text = f"fnr {written}."
        hits = find_personal_data(text)
        assert [(h.kind, h.matched) for h in hits] == [(Kind.FODSELSNUMMER, written)], repr(sep)
        assert redact_personal_data(text) == "fnr [fødselsnummer fjernet]."


def test_it_maps_hits_back_to_the_original_text() -> None:
    text = "Tlf\u00a0912\u00a034\u00a0567 og fnr １００４８７４４７３２ (ﬁn)."
    hits = find_personal_data(text)
    assert [text[h.start : h.end] for h in hits] == ["912\u00a034\u00a0567", "１００４８７４４７３２"]
    assert redact_personal_data(text) == "Tlf\u00a0[telefonnummer fjernet] og fnr [fødselsnummer fjernet] (ﬁn)."


def test_it_normalises_and_keeps_a_map_to_the_original() -> None:
    norm = normalise("a\u200bb\u00a0c\u2013d ﬁ e\u0301")
    assert norm.text == "ab c-d fi é"
    assert norm.original_span(0, 2) == (0, 3)  # "ab" came from "a", U+200B, "b"
    assert norm.original_span(7, 9) == (8, 9)  # "fi" came from the one ligature character
    assert norm.original_span(10, 11) == (10, 12)  # "é" came from "e" + a combining accent


def test_it_knows_combined_and_synthetic_numbers() -> None:
    # From navikt/fnrvalidator's tests: D+H, Tenor (month + 80) and D+Tenor.
    assert classify_national_id("68467038838") is Kind.D_NUMMER
    assert classify_national_id("10915596784") is Kind.FODSELSNUMMER
    assert classify_national_id("50846202355") is Kind.D_NUMMER
    tenor = parse_national_id("10915596784")
    assert tenor is not None and tenor.synthetic and tenor.birth_date == date(1955, 11, 10)
    # Month + 80 only up to 92; 93 is no month.
    assert classify_national_id("41934063587") is None


def test_it_accepts_the_2032_first_check_digit_rule() -> None:
    # Skatteetaten: from 2032, k1 may leave a remainder of 0-3; k2 is computed as before.
    assert classify_national_id("30108299939") is Kind.FODSELSNUMMER  # remainder 1
    assert classify_national_id("02013299987") is None  # remainder 10
    assert classify_national_id("02013299996") is None  # wrong k2


def test_it_finds_phone_numbers_in_the_forms_people_write() -> None:
    for written in (
        "91\u00a0234\u00a0567",
        "91 234 567",
        "4791234567",
        "(+47) 912 34 567",
        "+47\u00a091\u00a023\u00a045\u00a067",
    ):
        hits = find_personal_data(f"Du når meg på {written}.")
        assert [(h.kind, h.matched) for h in hits] == [(Kind.PHONE, written)], written


def test_it_keeps_times_rooms_ranges_and_dates() -> None:
    for text in (
        "Kafeen er åpen 20.00-21.30 hver dag.",
        "Rom 21 22 23 24 ligger mot hagen.",
        "Arealet er mellom 2400 3600 m2.",
        "Tallene 2400 3600 gjelder BTA.",
        "Hun ble født 25121990.",
        "Fellesarealet kostet 24 000 000.",
        "Avdeling 2 har rommene 31 32 33 34.",
    ):
        assert find_personal_data(text) == [], text


def test_a_telephone_word_keeps_a_number_that_looks_like_a_date() -> None:
    assert [h.kind for h in find_personal_data("Ring meg på 25121990")] == [Kind.PHONE]


def test_the_phone_score_weighs_shape_and_context() -> None:
    def score(text: str, written: str) -> int:
        start = text.index(written)
        groups = written.replace(".", " ").replace("-", " ").split()
        separators = [c for c in written if not c.isdigit()]
        return phone_score(text, start, start + len(written), groups, separators)

    assert (
        score("tlf 912 34 567", "912 34 567") > score("912 34 567", "912 34 567") > score("kr 912 34 567", "912 34 567")
    )
    assert score("kl. 20.00-21.30", "20.00-21.30") < 0


def test_it_finds_obfuscated_email_addresses() -> None:
    assert [h.matched for h in find_personal_data("Skriv til kari(at)example.no")] == ["kari(at)example.no"]
