"""Personal-data guard: find and redact Norwegian identifiers in free text.

Pure module: no Django. Used before an observation is stored, so a quote like "ring meg på
912 34 567" is kept as "ring meg på [telefonnummer fjernet]".

What is found (see docs/insight-algorithms.md for the reasoning):

* **Fødselsnummer, D-nummer and H-nummer**: 11 digits ``DDMMYY IIIKK``, either unbroken or
  with one space, dot or hyphen between the date part and the personal number. A candidate must
  pass *both* mod-11 check digits *and* be a real date: the D-nummer adds 4 to the first digit
  of the day, the H-nummer (assigned by health services) adds 4 to the first digit of the month,
  and the century comes from the individual number ``III`` (so 29 February is only accepted in
  a leap year of that century).
* **Telephone numbers**: 8 digits whose first digit is 2–7 or 9 (landline and mobile ranges;
  8xx service numbers and 0/1 short codes are not personal), optionally after ``+47`` or
  ``0047``, written unbroken or grouped as 3-2-3, 2-2-2-2 or 4-4. Digits that continue a
  longer number (an 11-digit fødselsnummer, "120 000 000") are not a telephone number, nor are
  amounts marked with kr/NOK/,- or two years in a row ("2030 2040").
* **E-mail addresses**.

A hit records where it was found; :func:`redact` replaces the hits' text with a label.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Kind(StrEnum):
    """The kinds of identifier the guard finds; the value is the Norwegian name."""

    FODSELSNUMMER = "fødselsnummer"
    D_NUMMER = "d-nummer"
    H_NUMMER = "h-nummer"
    PHONE = "telefonnummer"
    EMAIL = "e-postadresse"


REDACTION_LABELS: dict[Kind, str] = {kind: f"[{kind.value} fjernet]" for kind in Kind}


@dataclass(frozen=True, slots=True)
class Hit:
    """One identifier found in a text: ``text[start:end] == matched``."""

    kind: Kind
    start: int
    end: int
    matched: str


# --- national identity numbers -----------------------------------------------------------------

_WEIGHTS_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_WEIGHTS_K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)

# Six date digits, an optional single separator, five personal digits; not inside a longer
# run of digits (a digit directly before or after means it is part of something else).
_NATIONAL_ID = re.compile(r"(?<!\d)(\d{6})[ .\-]?(\d{5})(?!\d)")


def mod11_check_digit(digits: Sequence[int], weights: Sequence[int]) -> int | None:
    """The mod-11 check digit for ``digits`` with ``weights``, or None when none exists.

    ``11 - (Σ dᵢ·wᵢ mod 11)``, where a remainder of 0 gives check digit 0 and a remainder of 1
    would need the "digit" 10, so no valid number has those first digits.
    """
    remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def check_digits(first_nine: Sequence[int]) -> tuple[int, int] | None:
    """Both check digits (k1, k2) for the first nine digits of an identity number, or None."""
    k1 = mod11_check_digit(first_nine, _WEIGHTS_K1)
    if k1 is None:
        return None
    k2 = mod11_check_digit([*first_nine, k1], _WEIGHTS_K2)
    if k2 is None:
        return None
    return k1, k2


def birth_century(two_digit_year: int, individual_number: int) -> int | None:
    """The century (1800, 1900 or 2000) that the individual number ``III`` allots to ``YY``.

    Skatteetaten's allocation: 000–499 → 1900–1999; 500–749 with YY 54–99 → 1854–1899;
    500–999 with YY 00–39 → 2000–2039; 900–999 with YY 40–99 → 1940–1999. The remaining
    combinations (e.g. 750–899 with YY 40–99) are not allocated and give None.
    """
    if individual_number <= 499:
        return 1900
    if individual_number <= 749 and two_digit_year >= 54:
        return 1800
    if two_digit_year <= 39:
        return 2000
    if individual_number >= 900:
        return 1900
    return None


def classify_national_id(number: str) -> Kind | None:
    """The kind of an 11-digit string if it is a valid fødselsnummer, D-nummer or H-nummer.

    Valid means: both check digits right, and ``DDMMYY`` a real calendar date in the century
    given by the individual number, after removing the D-nummer (+40 on the day) or H-nummer
    (+40 on the month) offset. Unallocated individual-number/year combinations are rejected.
    """
    if len(number) != 11 or not number.isascii() or not number.isdigit():
        return None
    digits = [int(c) for c in number]
    if check_digits(digits[:9]) != (digits[9], digits[10]):
        return None
    day, month, year = int(number[0:2]), int(number[2:4]), int(number[4:6])
    kind = Kind.FODSELSNUMMER
    if day > 40:
        kind, day = Kind.D_NUMMER, day - 40
    elif month > 40:
        kind, month = Kind.H_NUMMER, month - 40
    century = birth_century(year, int(number[6:9]))
    if century is None:
        return None
    try:
        date(century + year, month, day)
    except ValueError:
        return None
    return kind


def _find_national_ids(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for match in _NATIONAL_ID.finditer(text):
        kind = classify_national_id(match.group(1) + match.group(2))
        if kind is not None:
            hits.append(Hit(kind, match.start(), match.end(), match.group()))
    return hits


# --- telephone numbers -------------------------------------------------------------------------

# A run of digit groups with single separators between them ("+47 912 34 567", "120 000 000",
# "010190 12345"). The whole run is judged at once, so that a phone-shaped piece of a longer
# number is never taken for a telephone number.
_DIGIT_RUN = re.compile(r"(?<!\d)(?P<plus>\+)?\d+(?:[ .\-]\d+)*(?!\d)")
_SEPARATOR = re.compile(r"[ .\-]")
# The first digit: 2, 3, 5, 6, 7 are landline areas, 4 and 9 mobile.
_FIRST_DIGITS = frozenset("2345679")
# Ways Norwegians group the eight digits: 91234567, 912 34 567, 91 23 45 67, 9123 4567.
_PHONE_GROUPINGS = frozenset({(8,), (3, 2, 3), (2, 2, 2, 2), (4, 4)})

# An amount reads "kr 20000000", "20000000 kr", "NOK 91234567", "91234567,-" or "… mill." —
# money, not a person.
_AMOUNT_BEFORE = re.compile(r"(?:\bkr\.?|\bnok|\bkroner)\s*$", re.IGNORECASE)
_AMOUNT_AFTER = re.compile(r"^(?:\s*(?:kr\b|kroner\b|nok\b|mill|mrd|milliard)|,-)", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")


def _strip_country_code(groups: list[str], plus: bool) -> list[str]:
    """The digit groups without a leading +47 or 0047 (written apart or run together)."""
    first = groups[0]
    code = "47" if plus else "0047"
    if not first.startswith(code):
        return groups
    if first == code:
        return groups[1:]
    return [first[len(code) :], *groups[1:]]


def _is_phone(groups: Sequence[str]) -> bool:
    if tuple(len(g) for g in groups) not in _PHONE_GROUPINGS or groups[0][0] not in _FIRST_DIGITS:
        return False
    # "2030 2040" is a list of years, not a telephone number.
    return not (len(groups) == 2 and all(_YEAR.fullmatch(g) for g in groups))


def _is_amount(text: str, start: int, end: int) -> bool:
    return bool(_AMOUNT_BEFORE.search(text[max(0, start - 8) : start]) or _AMOUNT_AFTER.match(text[end : end + 10]))


def _find_phones(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for run in _DIGIT_RUN.finditer(text):
        start = run.start()
        groups = _SEPARATOR.split(run.group().lstrip("+"))
        groups = _strip_country_code(groups, plus=run.group("plus") is not None)
        if groups and _is_phone(groups):
            candidates = [(start, run.end())]
        else:
            # Within a longer run only a complete unbroken eight-digit group can be a number on
            # its own ("91234567 98765432"); a grouped phone shape inside "12 345 678 90" is not.
            candidates = [
                (start + m.start(), start + m.end())
                for m in re.finditer(r"(?<!\d)\d{8}(?!\d)", run.group())
                if m.group()[0] in _FIRST_DIGITS
            ]
        hits.extend(Hit(Kind.PHONE, s, e, text[s:e]) for s, e in candidates if not _is_amount(text, s, e))
    return hits


# --- e-mail addresses --------------------------------------------------------------------------

# Deliberately broader than RFC 5322's common subset in one way (letters like ø in the local
# part and domain, as people write them) and narrower in another (no quoted local parts).
_EMAIL = re.compile(r"(?<![\w.%+\-])[\w%+\-]+(?:\.[\w%+\-]+)*@(?:[^\W_](?:[\w\-]*[^\W_])?\.)+[^\W\d_]{2,}(?![\w\-])")


def _find_emails(text: str) -> list[Hit]:
    return [Hit(Kind.EMAIL, m.start(), m.end(), m.group()) for m in _EMAIL.finditer(text)]


# --- public interface --------------------------------------------------------------------------


def find_personal_data(text: str) -> list[Hit]:
    """All identifiers in ``text``, sorted by position and never overlapping.

    When two candidates overlap, an identity number wins over an e-mail address, which wins over
    a telephone number (the identity number is the more sensitive and the more specific match:
    it has passed two check digits and a date).
    """
    ranked = [*_find_national_ids(text), *_find_emails(text), *_find_phones(text)]
    chosen: list[Hit] = []
    for hit in ranked:
        if all(hit.end <= other.start or other.end <= hit.start for other in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: (h.start, h.end))


def redact(text: str, hits: Iterable[Hit], keep: set[Kind] | frozenset[Kind] = frozenset()) -> str:
    """``text`` with each hit (except kinds in ``keep``) replaced by its label.

    Labels are e.g. "[fødselsnummer fjernet]" (see ``REDACTION_LABELS``). Hits must refer to
    this ``text``; they may come in any order and may overlap: overlapping hits are merged into
    one redacted span labelled by the hit that starts first (the longer one on a tie), so no
    character of any hit survives.
    """
    spans: list[tuple[int, int, Kind]] = []
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if hit.kind in keep:
            continue
        if spans and hit.start < spans[-1][1]:
            start, end, kind = spans[-1]
            spans[-1] = (start, max(end, hit.end), kind)
        else:
            spans.append((hit.start, hit.end, hit.kind))
    parts = []
    cursor = 0
    for start, end, kind in spans:
        parts.append(text[cursor:start])
        parts.append(REDACTION_LABELS[kind])
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts)


def redact_personal_data(text: str, keep: set[Kind] | frozenset[Kind] = frozenset()) -> str:
    """Shorthand for ``redact(text, find_personal_data(text), keep)``."""
    return redact(text, find_personal_data(text), keep)


# --- possible names (a hint, not a finding) ----------------------------------------------------

# Norwegian capitalises proper nouns only, so a capitalised word inside a sentence is most often a
# name: of a person, a street, a place or an institution. Too uncertain to redact on its own (the
# project's own place names are capitalised too), so the guard only points at them for a person
# to check, e.g. before a quote is published.
_WORD = re.compile(r"[^\W\d_][^\W_]*(?:[-'’][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?:;«»\"“”(\[\n]\s*$")


def possible_names(text: str) -> list[str]:
    """Capitalised words in ``text`` that do not begin a sentence, once each, in order of appearance."""
    found: list[str] = []
    for match in _WORD.finditer(text):
        word = match.group()
        if not word[0].isupper() or word in found:
            continue
        before = text[: match.start()]
        if not before.strip() or _SENTENCE_END.search(before):
            continue  # the first word of a sentence is capitalised anyway
        found.append(word)
    return found
