"""Personal-data guard: find and redact Norwegian identifiers in free text.

Pure module: no Django. Used before an observation or a survey answer is stored, so a quote like
"ring meg på 912 34 567" is kept as "ring meg på [telefonnummer fjernet]".

**Normalise, match, map back.** People write numbers with whatever their keyboard or phone gives
them: a non-breaking space, an en dash, a zero-width space pasted from a web page, two spaces,
full-width digits. :func:`normalise` turns the text into a matching form (Unicode NFKC, every
dash kind → "-", every space kind and tab → " ", format characters such as U+200B removed, any
decimal digit → 0–9) and keeps, for each character of the normalised text, the span of the
original text it came from. Matching runs on the normalised text; every :class:`Hit` is mapped
back, so ``Hit.start``/``Hit.end``/``Hit.matched`` refer to the *original* text and
:func:`redact` replaces exactly what the person typed (an invisible character inside a number
goes with it) and leaves everything else as it was.

What is found (see docs/insight-algorithms.md for the reasoning):

* **Fødselsnummer, D-nummer and H-nummer**: 11 digits ``DDMMYY IIIKK``, unbroken or written in
  one of the usual groupings ("010190 12345", "01.01.90 12345", "01/01/90 12345", "01-01-90-12345",
  "01 01 90 12 345", "01 01 90 123 45", "010190123-45"). A candidate must pass *both* mod-11
  check digits (with the rule Skatteetaten announced for numbers issued from 2032: the first
  check digit may leave a remainder of 0–3) *and* be a real date: the D-nummer adds 40 to the
  day, the H-nummer (assigned by health services) 40 to the month, Skatteetaten's synthetic
  test numbers (Tenor) 80 to the month, and a D-nummer may carry an H or Tenor month as well.
  The century comes from the individual number ``III`` (so 29 February is only accepted in a
  leap year of that century). Synthetic numbers are reported as the kind they imitate: test
  data leaks into real use, and a redaction costs nothing.
* **Telephone numbers**: 8 digits whose first digit is 4 or 9 (mobile) or 2, 3, 5, 6, 7
  (landline), optionally after ``+47``, ``0047`` or ``47``, written unbroken or grouped as
  3-2-3, 2-2-2-2, 2-3-3 or 4-4; and international numbers written with a leading "+". Each
  candidate is *scored* by its shape and its context (see :func:`phone_score`): "tlf", "mobil",
  "ring" nearby raise the score; times ("20.00-21.30"), room lists ("Rom 21 22 23 24"), round
  numbers and ranges ("2400 3600"), dates ("25121990"), years, money and areas lower it.
* **E-mail addresses**, also with "(at)" or "[at]" for "@".

A hit records where it was found; :func:`redact` replaces the hits' text with a label.
"""

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
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
    """One identifier found in a text: ``text[start:end] == matched`` in the text as given."""

    kind: Kind
    start: int
    end: int
    matched: str


# --- normalisation -----------------------------------------------------------------------------

# U+2212 MINUS SIGN is a math symbol (Sm), not a dash (Pd), but people type it as one.
_EXTRA_DASHES = frozenset("\u2212\ufe63\uff0d")


@dataclass(frozen=True, slots=True)
class NormalisedText:
    """The matching form of a text and, per character, the span of the original it came from."""

    text: str
    starts: Sequence[int]
    ends: Sequence[int]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original span that normalised ``text[start:end]`` (non-empty) came from."""
        return self.starts[start], self.ends[end - 1]


@functools.lru_cache(maxsize=4096)
def _normalise_cluster(cluster: str) -> str:
    normal = unicodedata.normalize("NFKC", cluster)
    out = []
    for ch in normal:
        category = unicodedata.category(ch)
        if category == "Cf":  # zero-width space and joiners, soft hyphen, BOM, direction marks
            continue
        if category == "Pd" or ch in _EXTRA_DASHES:
            out.append("-")
        elif category == "Zs" or ch == "\t":
            out.append(" ")
        elif ch.isdecimal():
            out.append(str(unicodedata.decimal(ch)))
        else:
            out.append(ch)
    return "".join(out)


# The categories the rules in _normalise_cluster act on: format characters, dashes, spaces, digits.
_RULE_CATEGORIES = frozenset({"Cf", "Pd", "Zs", "Nd"})


@functools.cache
def _changed_by_rules() -> re.Pattern[str]:
    """The characters of the Basic Multilingual Plane that are NFKC-stable but that the rules above change.

    Built once, on the first text that is not plain ASCII (a few milliseconds).
    """
    changed = [
        ch
        for ch in map(chr, range(0x80, 0x10000))
        if (unicodedata.category(ch) in _RULE_CATEGORIES or ch in _EXTRA_DASHES)
        and unicodedata.is_normalized("NFKC", ch)
        and _normalise_cluster.__wrapped__(ch) != ch
    ]
    return re.compile("[\t" + "".join(re.escape(c) for c in changed) + "]")


def normalise(text: str) -> NormalisedText:
    """``text`` in the form the guard matches on, with a map back to ``text``.

    A base character and the combining marks after it are normalised together (so "e" + U+0301
    becomes "é"); every character that comes out points back to that whole cluster.
    """
    if (text.isascii() and "\t" not in text) or (
        unicodedata.is_normalized("NFKC", text) and not _changed_by_rules().search(text)
    ):
        # Nothing to change: the common case (Norwegian letters are NFKC-stable), and the one a
        # 50,000-row import runs most.
        return NormalisedText(text, range(len(text)), range(1, len(text) + 1))
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        normal = _normalise_cluster(text[i:j])
        parts.append(normal)
        starts.extend([i] * len(normal))
        ends.extend([j] * len(normal))
        i = j
    return NormalisedText("".join(parts), starts, ends)


# --- digit runs --------------------------------------------------------------------------------

# A run of digit groups joined by a separator: one or two spaces, or a dot, hyphen or slash with
# at most one space on each side. Identity numbers and telephone numbers are both judged on whole runs,
# so that a number-shaped piece of a longer number is never taken for one on its own.
_SEP = r"(?: ?[.\-/] ?| {1,2})"
_RUN = re.compile(rf"(?<![0-9+])(?P<plus>\+ ?)?[0-9]+(?:{_SEP}[0-9]+)*")
_GROUP = re.compile(r"[0-9]+")


@dataclass(frozen=True, slots=True)
class _Run:
    start: int  # including a leading "+"
    plus: bool
    groups: tuple[tuple[int, int], ...]  # digit groups (normalised offsets)
    digits: tuple[str, ...]

    def separators(self, text: str, first: int, last: int) -> list[str]:
        """The separators between groups ``first``…``last``, stripped of spaces unless only spaces."""
        seps = []
        for (_s, e), (s, _e) in zip(self.groups[first:last], self.groups[first + 1 : last + 1], strict=True):
            sep = text[e:s]
            seps.append(sep.strip() or " ")
        return seps


def _runs(text: str) -> Iterator[_Run]:
    for match in _RUN.finditer(text):
        offset = match.start()
        body = match.group()
        groups = tuple((offset + m.start(), offset + m.end()) for m in _GROUP.finditer(body))
        yield _Run(match.start(), match.group("plus") is not None, groups, tuple(text[s:e] for s, e in groups))


# --- national identity numbers -----------------------------------------------------------------

_WEIGHTS_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_WEIGHTS_K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)

# Where people break an 11-digit identity number: the positions (digits before the break) of the
# breaks in one written number. "010190 12345" → (6,), "01.01.90 123 45" → (2, 4, 6, 9).
# A bank account number ("1503.12.34567", breaks after 4 and 6) is not among them.
_ID_BREAKS = frozenset({(), (6,), (9,), (6, 9), (2, 4, 6), (2, 4, 6, 8), (2, 4, 6, 9)})
# Inside a longer run of digits only the unbroken and the 6-5 form count on their own.
_ID_BREAKS_IN_RUN = frozenset({(), (6,)})


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
    """Both check digits (k1, k2) for the first nine digits of an identity number, or None.

    The classic rule, which every number issued before 2032 follows. :func:`check_digits_valid`
    also accepts the first check digits that the 2032 rule allows.
    """
    k1 = mod11_check_digit(first_nine, _WEIGHTS_K1)
    if k1 is None:
        return None
    k2 = mod11_check_digit([*first_nine, k1], _WEIGHTS_K2)
    if k2 is None:
        return None
    return k1, k2


def check_digits_valid(digits: Sequence[int]) -> bool:
    """Whether the 11 ``digits`` carry valid check digits under the classic or the 2032 rule.

    Skatteetaten's rule for numbers issued from 2032: k1 is valid when the weighted sum of the
    first ten digits (k1 weighted 1) leaves a remainder of 0, 1, 2 or 3 modulo 11 (the classic
    rule allows only 0); k2 is computed as before from the first ten digits.
    """
    first_ten = digits[:10]
    if (sum(d * w for d, w in zip(first_ten, (*_WEIGHTS_K1, 1), strict=True)) % 11) > 3:
        return False
    return mod11_check_digit(first_ten, _WEIGHTS_K2) == digits[10]


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


@dataclass(frozen=True, slots=True)
class NationalId:
    """What an identity number says about itself."""

    kind: Kind
    birth_date: date
    synthetic: bool  # a Tenor test number (month + 80)


def parse_national_id(number: str) -> NationalId | None:
    """The meaning of an 11-digit string if it is a valid identity number, else None.

    Valid means: the check digits right (see :func:`check_digits_valid`), and ``DDMMYY`` a real
    calendar date in the century given by the individual number, after removing the offsets:
    +40 on the day (D-nummer), +40 on the month (H-nummer), +80 on the month (Tenor test number).
    A D-nummer with an H or Tenor month is a D-nummer. Unallocated individual-number/year
    combinations are rejected.
    """
    if len(number) != 11 or not number.isascii() or not number.isdigit():
        return None
    if not check_digits_valid([int(c) for c in number]):
        return None
    day, month, year = int(number[0:2]), int(number[2:4]), int(number[4:6])
    kind = Kind.FODSELSNUMMER
    if day > 40:
        kind, day = Kind.D_NUMMER, day - 40
    synthetic = month > 80
    if synthetic:
        month -= 80
    elif month > 40:
        month -= 40
        if kind is Kind.FODSELSNUMMER:
            kind = Kind.H_NUMMER
    century = birth_century(year, int(number[6:9]))
    # Tenor's test numbers do not always follow the century allocation (NoCommons' tests call
    # this the 2021 extension): any century in which the date exists will do for them.
    centuries = [century] if century is not None else [1900, 2000] if synthetic else []
    for century in centuries:
        try:
            return NationalId(kind, date(century + year, month, day), synthetic)
        except ValueError:
            continue
    return None


def classify_national_id(number: str) -> Kind | None:
    """The kind of an 11-digit string if it is a valid fødselsnummer, D-nummer or H-nummer."""
    parsed = parse_national_id(number)
    return None if parsed is None else parsed.kind


def _breaks(run: _Run, first: int, last: int) -> tuple[int, ...]:
    lengths = [len(d) for d in run.digits[first:last]]
    return tuple(sum(lengths[: i + 1]) for i in range(len(lengths)))


def _find_national_ids(norm: NormalisedText, runs: Sequence[_Run]) -> list[tuple[int, int, Kind]]:
    found = []
    for run in runs:
        n = len(run.groups)
        first = 0
        while first < n:
            total, last = 0, first
            while last < n and total < 11:
                total += len(run.digits[last])
                last += 1
            whole = first == 0 and last == n
            breaks = _breaks(run, first, last - 1)
            allowed = _ID_BREAKS if whole else _ID_BREAKS_IN_RUN
            kind = classify_national_id("".join(run.digits[first:last])) if total == 11 else None
            if kind is not None and breaks in allowed:
                found.append((run.groups[first][0], run.groups[last - 1][1], kind))
                first = last
            else:
                first += 1
    return found


# --- telephone numbers -------------------------------------------------------------------------

# The first digit: 2, 3, 5, 6, 7 are landline areas, 4 and 9 mobile.
_FIRST_DIGITS = frozenset("2345679")
_MOBILE_FIRST = frozenset("49")
# Ways Norwegians group the eight digits: 91234567, 912 34 567, 91 23 45 67, 91 234 567, 9123 4567.
_PHONE_GROUPINGS = frozenset({(8,), (3, 2, 3), (2, 2, 2, 2), (2, 3, 3), (4, 4)})
_TYPICAL_GROUPINGS = frozenset({(3, 2, 3), (2, 2, 2, 2), (2, 3, 3)})


# Words near a number that make it a telephone number …
def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_PHONE_WORDS = _word_set(
    "tlf tlfnr telefon telefonnr telefonnummer telefonnummeret tel mobil mobilnr mobilnummer mobilnummeret "
    "mob ring ringe ringer ringt sms nummer nummeret kontakt kontakte kontaktes nås treffes "
    "whatsapp vipps faks fax telefonen mobilen"
)
# … and words that make it something else: money, areas, times, rooms, case and account numbers.
_NOT_PHONE_BEFORE = _word_set(
    "kr kroner nok eur euro usd pris budsjett budsjettet ramme rammen kostnad kostnader koster ca cirka "
    "omtrent kl klokka klokken rom rommene rommet romnr romnummer etasje seng senger plass plasser avdeling "
    "sak saksnr saksnummer arkivsak org orgnr organisasjonsnummer konto kontonr kontonummer faktura kid "
    "postnr postnummer gnr bnr side sidene år årene areal bta bra nta kvm tabell figur versjon beløp beløpet "
    "sum summen totalt anslag anslaget investering mva fakturanr fakturanummer ordrenr ordrenummer kundenr "
    "kundenummer referanse ref refnr avtalenr avtalenummer bestillingsnr isbn"
)
_NOT_PHONE_AFTER = _word_set(
    "kr kroner nok eur euro mill millioner mrd milliarder m m2 kvm kvadratmeter meter km mål dekar bta bra "
    "nta stk personer plasser innbyggere beboere år timer dager minutter prosent"
)
_WORDS = re.compile(r"[^\W\d_]+|[%€$]")
_MONEY_AFTER = re.compile(r"^\s*(?:,-|,[0-9]{2}\b)")
_YEAR = re.compile(r"(?:19|20)[0-9]{2}")

# Score at or above which a candidate is a telephone number. A bare mobile number scores 1, a
# bare unbroken landline number 0: both count; one contrary sign in shape or context is enough
# to drop either, and a telephone word nearby is enough to keep it.
PHONE_THRESHOLD = 0


@dataclass(frozen=True, slots=True)
class _PhoneCandidate:
    start: int  # normalised offsets, including a country code
    end: int
    digits: tuple[str, ...]  # the eight national digits, grouped as written
    separators: tuple[str, ...]
    country_code: bool
    international: bool = False


def _words_before(text: str, start: int, count: int = 3) -> list[str]:
    return [w.lower() for w in _WORDS.findall(text[max(0, start - 48) : start])][-count:]


def _words_after(text: str, end: int) -> list[str]:
    return [w.lower() for w in _WORDS.findall(text[end : end + 24])][:2]


def _is_date(digits: str) -> bool:
    for day, month, year in ((digits[:2], digits[2:4], digits[4:]), (digits[6:], digits[4:6], digits[:4])):
        if _YEAR.fullmatch(year):
            try:
                date(int(year), int(month), int(day))
            except ValueError:
                continue
            return True
    return False


_COUNTING_STEPS = frozenset({1, 2, 5, 10, 100})


def _even_steps(groups: Sequence[str]) -> bool:
    """Groups counting up or down like "21 22 23 24" or "10 20 30 40": a list, not a number."""
    if len(groups) < 3 or len({len(g) for g in groups}) != 1:
        return False
    values = [int(g) for g in groups]
    steps = {b - a for a, b in itertools.pairwise(values)}
    # Counting steps only: "22 33 44 55" is a (made-up but well-formed) telephone number.
    return len(steps) == 1 and abs(steps.pop()) in _COUNTING_STEPS


def phone_score(text: str, start: int, end: int, groups: Sequence[str], separators: Sequence[str]) -> int:
    """How much the 8 digits ``groups`` at ``text[start:end]`` look like a telephone number.

    ``text`` is normalised (see :func:`normalise`), ``groups`` the digit groups without a country
    code, ``separators`` what was written between them. Shape: +1 for a mobile first digit, +1
    for a grouping only telephone numbers use (3-2-3, 2-2-2-2, 2-3-3 for mobiles), −1 for a
    landline number in 2-3-3 (the grouping of amounts in millions); −3 for mixed separators
    ("20.00-21.30"), −3 for a slash, −4 more for the time-range shape HH.MM-HH.MM, −3 for even steps ("21 22 23
    24"), −3 for round numbers ("2400 3600", "24000000"), −2 for a range "a-b", −2 for a valid
    date ("25121990"), −4 for two years ("2030 2040"), −2 when glued to letters. Context: +3 for
    a telephone word in the five words before or the two after ("tlf", "mobil", "ring" …); −3
    for a word of money, area, time, room or register numbers ("kr", "kvm", "kl.", "rom",
    "saksnr" …) there.
    """
    digits = "".join(groups)
    lengths = tuple(len(g) for g in groups)
    mobile = digits[0] in _MOBILE_FIRST
    score = 1 if mobile else 0
    if lengths == (2, 3, 3) and not mobile:
        # "22 345 678" is how 22 million is written; "91 234 567" is a mobile number.
        score -= 1
    elif lengths in _TYPICAL_GROUPINGS:
        score += 1
    if len(set(separators)) > 1:
        score -= 3
    if "/" in separators:  # a date, a case number or a ratio
        score -= 3
    if lengths == (2, 2, 2, 2) and separators[1] == "-" and separators[0] == separators[2] and separators[0] in ".:":
        score -= 4
    if _even_steps(groups):
        score -= 3
    if digits.endswith("0000") or (len(groups) > 1 and all(g.endswith("00") for g in groups)):
        score -= 3
    if len(groups) == 2 and separators[0] == "-" and int(groups[0]) < int(groups[1]):
        score -= 2
    if lengths == (8,) and _is_date(digits):
        score -= 2
    if len(groups) == 2 and all(_YEAR.fullmatch(g) for g in groups):
        score -= 4
    if (start > 0 and text[start - 1].isalpha()) or (end < len(text) and text[end].isalpha()):
        score -= 2
    # A telephone word may stand a little further off ("Kontakt meg gjerne på …") than a word
    # that makes the number something else ("Rom 21 22 23 24", "kr 24 000 000").
    before, after = _words_before(text, start, 5), _words_after(text, end)
    if any(w in _PHONE_WORDS for w in before + after):
        score += 3
    if any(w in _NOT_PHONE_BEFORE for w in before[-3:]) or any(w in _NOT_PHONE_AFTER for w in after):
        score -= 3
    if _MONEY_AFTER.match(text[end : end + 4]):
        score -= 3
    return score


def _strip_country_code(run: _Run) -> tuple[list[str], int, bool] | None:
    """The run's digit groups without a Norwegian country code, the groups it used, and whether it had one.

    None for a run with "+" and another country code.
    """
    digits = list(run.digits)
    first = digits[0]
    for code, needs_rest in (("47", not run.plus), ("0047", False)):
        if run.plus and code == "0047":
            continue
        if not run.plus and code == "47":
            # Without "+", "47" is a country code only before exactly eight more digits:
            # "4791234567" or "47 91234567".
            rest = sum(len(d) for d in digits) - 2
            if not first.startswith("47") or rest != 8:
                continue
        if first == code:
            return digits[1:], 1, True
        if first.startswith(code) and (not needs_rest or len(first) > len(code)):
            return [first[len(code) :], *digits[1:]], 0, True
    if run.plus:
        return None
    return digits, 0, False


def _is_phone_shape(groups: Sequence[str]) -> bool:
    return bool(groups) and tuple(len(g) for g in groups) in _PHONE_GROUPINGS and groups[0][0] in _FIRST_DIGITS


def _partition(groups: Sequence[str]) -> list[tuple[int, int]] | None:
    """Split all ``groups`` into consecutive telephone-shaped pieces, as (first, last+1) pairs, or None."""
    if not groups:
        return []
    for size in (1, 2, 3, 4):
        if size <= len(groups) and _is_phone_shape(groups[:size]):
            rest = _partition(groups[size:])
            if rest is not None:
                return [(0, size), *[(a + size, b + size) for a, b in rest]]
    return None


def _phone_candidates(text: str, run: _Run) -> list[_PhoneCandidate]:
    stripped = _strip_country_code(run)
    if stripped is None:
        # "+46 8 123 456 78": a foreign number written the international way.
        total = sum(len(d) for d in run.digits)
        if 8 <= total <= 15:
            separators = tuple(run.separators(text, 0, len(run.groups) - 1))
            return [_PhoneCandidate(run.start, run.groups[-1][1], run.digits, separators, True, True)]
        return []
    groups, used, country_code = stripped
    if _is_phone_shape(groups):
        separators = tuple(run.separators(text, used, len(run.groups) - 1)) if len(groups) > 1 else ()
        if used == 0 and len(groups) > 1 and country_code:
            separators = tuple(run.separators(text, 0, len(run.groups) - 1))
        return [_PhoneCandidate(run.start, run.groups[-1][1], tuple(groups), separators, country_code)]
    pieces = _partition(run.digits)
    if pieces is None:
        # Within a longer run only a complete unbroken eight-digit group can be a number on its
        # own ("91234567 98765432" is two; "12 345 678 90" has none).
        pieces = [(i, i + 1) for i, d in enumerate(run.digits) if len(d) == 8 and d[0] in _FIRST_DIGITS]
    candidates = []
    for first, stop in pieces:
        separators = tuple(run.separators(text, first, stop - 1))
        start, end = run.groups[first][0], run.groups[stop - 1][1]
        candidates.append(_PhoneCandidate(start, end, run.digits[first:stop], separators, False))
    return candidates


_BRACKETED_CODE = re.compile(r"\((?:\+|00)?47\) ?$")


def _find_phones(norm: NormalisedText, runs: Sequence[_Run]) -> list[tuple[int, int, Kind]]:
    text = norm.text
    found = []
    for run in runs:
        for c in _phone_candidates(text, run):
            if c.international:
                score = 2 + (3 if any(w in _PHONE_WORDS for w in _words_before(text, c.start)) else 0)
            else:
                score = phone_score(text, c.start, c.end, c.digits, c.separators) + (2 if c.country_code else 0)
            if score >= PHONE_THRESHOLD:
                # "(+47) 912 34 567": the country code in brackets goes with the number.
                bracketed = _BRACKETED_CODE.search(text, max(0, c.start - 8), c.start)
                found.append((bracketed.start() if bracketed else c.start, c.end, Kind.PHONE))
    return found


# --- e-mail addresses --------------------------------------------------------------------------

# Deliberately broader than RFC 5322's common subset in one way (letters like ø in the local
# part and domain, as people write them, and "(at)" or "[at]" for "@") and narrower in another
# (no quoted local parts).
_EMAIL = re.compile(
    r"(?<![\w.%+\-])[\w%+\-]+(?:\.[\w%+\-]+)*"
    r"(?:@| ?[(\[](?:at|a|krøllalfa)[)\]] ?)"
    r"(?:[^\W_](?:[\w\-]*[^\W_])?\.)+[^\W\d_]{2,}(?![\w\-])",
    re.IGNORECASE,
)


def _find_emails(norm: NormalisedText) -> list[tuple[int, int, Kind]]:
    return [(m.start(), m.end(), Kind.EMAIL) for m in _EMAIL.finditer(norm.text)]


# --- public interface --------------------------------------------------------------------------


def find_personal_data(text: str) -> list[Hit]:
    """All identifiers in ``text``, sorted by position and never overlapping.

    Offsets and ``matched`` refer to ``text`` as given (matching runs on :func:`normalise`'s form).
    When two candidates overlap, an identity number wins over an e-mail address, which wins over
    a telephone number (the identity number is the more sensitive and the more specific match:
    it has passed two check digits and a date).
    """
    norm = normalise(text)
    # Identity numbers need 11 digits and telephone numbers 8: shorter runs ("kl. 12", "rom 21")
    # are neither.
    runs = [run for run in _runs(norm.text) if sum(map(len, run.digits)) >= 8]
    ranked = [*_find_national_ids(norm, runs), *_find_emails(norm), *_find_phones(norm, runs)]
    chosen: list[Hit] = []
    for start, end, kind in ranked:
        if all(end <= other.start or other.end <= start for other in chosen):
            chosen.append(Hit(kind, start, end, ""))
    hits = []
    for hit in sorted(chosen, key=lambda h: (h.start, h.end)):
        start, end = norm.original_span(hit.start, hit.end)
        hits.append(Hit(hit.kind, start, end, text[start:end]))
    return hits


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
