"""The personal-data guard on a labelled corpus (issue 11, finding 8): precision and recall per kind.

The corpus (``pii_corpus/``) holds generated lines, hand-written hard cases and public test
vectors; see ``pii_corpus/evaluation.py``. The scores are printed at the end of every test run
(``pytest_terminal_summary`` in conftest.py), so a change to the guard shows its effect in CI.
"""

from __future__ import annotations

import pytest

from mulighetsrom.insight.tests.pii_corpus import evaluation, make_generated
from mulighetsrom.lib.pii import redact_personal_data

# The lowest acceptable score per kind. Identity numbers carry two check digits and a date, so
# anything below certainty is a bug; telephone numbers are judged on shape and context, so a
# little room is left there for the unusual.
THRESHOLDS = {
    "fnr": (0.99, 0.99),
    "dnr": (0.99, 0.99),
    "hnr": (0.99, 0.99),
    "phone": (0.97, 0.97),
    "email": (0.98, 0.98),
}
MINIMUM_LINES = 1000


def test_the_generated_corpus_is_what_the_script_writes() -> None:
    written = (evaluation.HERE / "generated.tsv").read_text(encoding="utf-8")
    assert written == make_generated.generate(), "run: python -m mulighetsrom.insight.tests.pii_corpus.make_generated"


def test_the_corpus_is_large_and_covers_every_kind() -> None:
    lines = evaluation.corpus()
    own = [line for line in lines if line.source != "h8_identity_vectors.csv"]
    assert len(own) >= MINIMUM_LINES
    kinds = {kind for line in lines for kind, _start, _end in line.expected}
    assert kinds == set(evaluation.KINDS.values())
    assert sum(not line.expected for line in own) >= 400  # lines with nothing personal in them


def test_precision_and_recall_per_kind_meet_the_thresholds(request: pytest.FixtureRequest) -> None:
    lines = evaluation.corpus()
    scores = evaluation.evaluate(lines)
    request.config.stash[evaluation.METRICS_KEY] = scores
    request.config.stash[evaluation.LINES_KEY] = len(lines)
    failures = []
    for name, (precision, recall) in THRESHOLDS.items():
        score = scores[name]
        if score.precision < precision or score.recall < recall:
            failures.append(f"{name}: precision {score.precision:.3f}, recall {score.recall:.3f}")
            failures.extend(score.examples[:10])
    assert not failures, "\n".join(failures)


def test_every_example_in_the_issue_is_handled() -> None:
    for text in ("13-04-99-58441", "10 04 87 44 732", "10.04.87 44732", "100487\u00a044732", "100487\u201344732"):
        assert redact_personal_data(text) == "[fødselsnummer fjernet]", text
    for text in ("1004874\u200b4732", "100487  44732"):
        assert redact_personal_data(text) == "[fødselsnummer fjernet]", text
    for text in ("91\u00a0234\u00a0567", "91 234 567", "4791234567"):
        assert redact_personal_data(text) == "[telefonnummer fjernet]", text
    assert redact_personal_data("68467038838") == "[d-nummer fjernet]"  # D-nummer with an H month
    assert redact_personal_data("10915596784") == "[fødselsnummer fjernet]"  # Tenor (month + 80)
    for text in ("20.00-21.30", "Rom 21 22 23 24", "2400 3600", "25121990"):
        assert redact_personal_data(text) == text
