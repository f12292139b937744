"""The solver's refusals through the real CLI: exit 2, one JSON object with the reason, nothing stored as a success."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "args, reason",
    [
        (["Solve x^5 - x - 1 = 0"], "no rational roots"),  # a solver verb: never handed to the explainer
        (["What is 10^(10^10)?"], "too big"),
        (["--kind", "solution", "A car travels 45 km per hour for 2 hours. How far does it go?"], "I can read these word forms"),
        (["--kind", "solution", "Solve 3x + 7 = 22 and graph it on the moon"], "did not understand the words 'graph moon'"),
        (["--kind", "solution", "Explain Fermat's little theorem"], "found no math"),
    ],
)
def test_solver_refusals_reach_the_user(cli, home, args, reason):
    result = cli(home, "make", "--json", *args)
    assert result.returncode == 2, result.stderr
    payload = result.json
    assert payload["status"] == "failed" and payload["answer"] is None and payload["answer_latex"] is None
    assert reason in payload["error"], payload["error"]
    assert "The solver reads math" in payload["error"]  # and it says what the solver does


def test_a_refusal_without_json_goes_to_stderr(cli, home):
    result = cli(home, "make", "Solve x^5 - x - 1 = 0")
    assert result.returncode == 2
    assert "no rational roots" in result.stderr and result.stdout == ""
