from collections.abc import Iterator

import pytest
from django.test import override_settings

PII_TEST = "test_pii_corpus.py::test_precision_and_recall_per_kind_meet_the_thresholds"


@pytest.fixture(scope="session", autouse=True)
def _fast_passwords() -> Iterator[None]:
    # Session-wide so that users made in setUpTestData use the same fast hasher.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    """Print the personal-data guard's precision and recall per kind when its corpus test ran.

    Here in the root conftest, because with pytest-xdist (`-n`) only this one is sure to be loaded
    in the controller, which writes the summary. The test stores its scores in the stash of the
    process it ran in; in the controller of a distributed run the stash is empty, so the scores
    are computed again here (about a second), from the same corpus with the same guard.
    """
    from mulighetsrom.insight.tests.pii_corpus import evaluation

    scores = config.stash.get(evaluation.METRICS_KEY, None)
    line_count = config.stash.get(evaluation.LINES_KEY, 0)
    if scores is None:
        ran = any(
            getattr(report, "nodeid", "").endswith(PII_TEST) and getattr(report, "when", "") == "call"
            for outcome in ("passed", "failed")
            for report in terminalreporter.stats.get(outcome, [])
        )
        if not ran:
            return
        lines = evaluation.corpus()
        scores, line_count = evaluation.evaluate(lines), len(lines)
    terminalreporter.section("personal-data guard: precision and recall per kind")
    for line in evaluation.format_table(scores, line_count):
        terminalreporter.write_line(line)
