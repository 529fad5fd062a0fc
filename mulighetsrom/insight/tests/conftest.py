"""Print the personal-data guard's precision and recall per kind at the end of the test run."""

from __future__ import annotations

import pytest

from mulighetsrom.insight.tests.pii_corpus import evaluation


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    scores = config.stash.get(evaluation.METRICS_KEY, None)
    if scores is None:
        return
    terminalreporter.section("personal-data guard: precision and recall per kind")
    for line in evaluation.format_table(scores, config.stash.get(evaluation.LINES_KEY, 0)):
        terminalreporter.write_line(line)
