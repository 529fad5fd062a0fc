"""Read the labelled corpus and measure the personal-data guard on it: precision and recall per kind.

Three sources, all in this directory:

* ``generated.tsv`` — written by ``make_generated.py`` (labels by construction);
* ``hard_cases.tsv`` — hand-written hard cases, including every example in issue 11;
* ``h8_identity_vectors.csv`` — public test vectors from other projects' test suites (see its
  header for the source of each), each put in a sentence; labelled from what the source asserts,
  with the policy differences listed in ``VECTOR_POLICY``.

A predicted hit counts as right (a true positive) when it has the expected kind and covers the
whole expected span: what matters is that nothing of the identifier survives redaction.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from mulighetsrom.lib.pii import Hit, Kind, find_personal_data

HERE = Path(__file__).parent
KINDS = {
    "fnr": Kind.FODSELSNUMMER,
    "dnr": Kind.D_NUMMER,
    "hnr": Kind.H_NUMMER,
    "phone": Kind.PHONE,
    "email": Kind.EMAIL,
}
# Where the results are kept for the summary printed at the end of the test run (see conftest.py).
METRICS_KEY = pytest.StashKey[dict[str, "Score"]]()
LINES_KEY = pytest.StashKey[int]()

# Vectors whose source's verdict the guard deliberately does not follow.
VECTOR_POLICY = {
    # The guard finds numbers born in the future (they pass both check digits and the century
    # rule, and the 2032 rule exists for numbers issued later); python-stdnum rejects them.
    "18103970861": "fnr",
    # NoCommons' synthetic "+65 on the month" scheme and FH-numbers (no date) are not detected:
    # Skatteetaten's Tenor scheme (+80) is the one test data uses; left out of the corpus.
    "49710697182": None,
    "49680699185": None,
    "41664061188": None,
    "41774061388": None,
    "82314251342": None,
}
VECTOR_SENTENCES = [
    "Fødselsnummer: {x}",
    "Beboeren har nummer {x} i journalen.",
    "Pårørende oppgav {x} ved innkomst.",
    "{x}",
    "Se {x}, ellers ingen merknader.",
]


@dataclass(frozen=True)
class Line:
    text: str
    expected: tuple[tuple[Kind, int, int], ...]
    source: str


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    examples: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def unescape(value: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)


def _spans(text: str, expected: str, where: str) -> tuple[tuple[Kind, int, int], ...]:
    spans = []
    cursor = 0
    for item in filter(None, expected.split("|")):
        kind, matched = item.split("=", 1)
        start = text.find(matched, cursor)
        if start < 0:
            raise ValueError(f"{where}: {matched!r} is not in {text!r}")
        spans.append((KINDS[kind], start, start + len(matched)))
        cursor = start + len(matched)
    return tuple(spans)


def read_tsv(name: str) -> list[Line]:
    lines = []
    with (HERE / name).open(encoding="utf-8") as f:
        for number, raw in enumerate(f, start=1):
            if raw.startswith("#") or not raw.strip():
                continue
            text, expected = (unescape(part) for part in raw.rstrip("\n").split("\t"))
            lines.append(Line(text, _spans(text, expected, f"{name}:{number}"), name))
    return lines


def _kind_of_valid_vector(number: str) -> str:
    """The kind a number the source calls valid is labelled with, from its digits (offsets on day and month)."""
    digits = re.sub(r"\D", "", number)
    if int(digits[0]) >= 4:
        return "dnr"
    return "hnr" if 4 <= int(digits[2]) < 8 else "fnr"


def _checksum_only_kind(number: str) -> str | None:
    """For vectors a source calls checksum-valid only: the kind, if the date part is a real birth date.

    An independent reading of the rules (offsets, century from the individual number).
    """
    day, month, year, individual = int(number[:2]), int(number[2:4]), int(number[4:6]), int(number[6:9])
    kind = "fnr"
    if day > 40:
        kind, day = "dnr", day - 40
    tenor = month > 80
    if tenor:
        month -= 80
    elif month > 40:
        month -= 40
        kind = "hnr" if kind == "fnr" else kind
    if individual < 500:
        centuries = [1900]
    elif individual < 750 and year >= 54:
        centuries = [1800]
    elif year < 40:
        centuries = [2000]
    elif individual >= 900:
        centuries = [1900]
    else:
        # Tenor's test numbers need not follow the allocation (the guard's documented policy).
        centuries = [1900, 2000] if tenor else []
    for century in centuries:
        try:
            date(century + year, month, day)
        except ValueError:
            continue
        return kind
    return None


def read_vectors() -> list[Line]:
    lines = []
    with (HERE / "h8_identity_vectors.csv").open(encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        for i, row in enumerate(rows):
            number = row["number"]
            if number in VECTOR_POLICY:
                label = VECTOR_POLICY[number]
                if label is None:
                    continue
            elif row["expected"] == "valid":
                label = _kind_of_valid_vector(number)
            elif row["expected"] == "checksum-valid":
                label = _checksum_only_kind(number)
            else:
                label = None
            text = VECTOR_SENTENCES[i % len(VECTOR_SENTENCES)].format(x=number)
            expected = f"{label}={number}" if label else ""
            lines.append(Line(text, _spans(text, expected, f"vector {number}"), "h8_identity_vectors.csv"))
    return lines


def corpus() -> list[Line]:
    return [*read_tsv("generated.tsv"), *read_tsv("hard_cases.tsv"), *read_vectors()]


def _covers(hit: Hit, kind: Kind, start: int, end: int) -> bool:
    return hit.kind is kind and hit.start <= start and end <= hit.end


def evaluate(lines: Iterable[Line]) -> dict[str, Score]:
    """Precision and recall per kind (keys as in ``KINDS``) of ``find_personal_data`` on ``lines``."""
    names = {kind: name for name, kind in KINDS.items()}
    scores = {name: Score() for name in KINDS}
    for line in lines:
        hits = find_personal_data(line.text)
        used: set[int] = set()
        for kind, start, end in line.expected:
            match = next((i for i, h in enumerate(hits) if i not in used and _covers(h, kind, start, end)), None)
            score = scores[names[kind]]
            if match is None:
                score.false_negatives += 1
                score.examples.append(f"missed {line.text[start:end]!r} in {line.text!r} ({line.source})")
            else:
                score.true_positives += 1
                used.add(match)
        for i, hit in enumerate(hits):
            if i not in used:
                score = scores[names[hit.kind]]
                score.false_positives += 1
                score.examples.append(f"wrongly found {hit.matched!r} in {line.text!r} ({line.source})")
    return scores


def format_table(scores: dict[str, Score], line_count: int) -> list[str]:
    out = [
        f"personal-data guard on {line_count} labelled lines: precision and recall per kind",
        f"{'kind':<16}{'expected':>9}{'found':>7}{'TP':>6}{'FP':>5}{'FN':>5}{'precision':>11}{'recall':>8}",
    ]
    for name, s in scores.items():
        expected = s.true_positives + s.false_negatives
        found = s.true_positives + s.false_positives
        out.append(
            f"{KINDS[name].value:<16}{expected:>9}{found:>7}{s.true_positives:>6}{s.false_positives:>5}{s.false_negatives:>5}"
            f"{s.precision:>11.3f}{s.recall:>8.3f}"
        )
    return out
