"""Problems that are too big are refused at once with a clear message (exit 2 in the CLI), never a hang."""

from __future__ import annotations

import time

import pytest

from scenesmith.kinds.solution.problem import Unsupported
from scenesmith.kinds.solution.solve import solve


@pytest.mark.parametrize(
    "prompt, why",
    [
        ("What is 10^(10^10)?", "10,000,000,000 digits"),
        ("Solve x^200 - 3x + 1 = 0", "degree 12"),
        ("What is 2^16610?", "about 5,000 digits"),
        ("What is 3000!?", "more than 1000 digits"),
        ("What is " + "9" * 5000 + " + 1?", "longer than 500 characters"),
        ("factor (x + 1)^13", "degree 12"),
    ],
)
def test_too_big_is_refused_quickly_and_says_which_bound(prompt, why):
    started = time.perf_counter()
    with pytest.raises(Unsupported) as caught:
        solve(prompt)
    assert time.perf_counter() - started < 3
    assert why in str(caught.value), str(caught.value)


def test_trivial_towers_are_answered_by_rule_without_computing_them():
    started = time.perf_counter()
    assert solve("What is 1^(3^123456789)?").answer_text == "1"
    assert solve("What is 0^(5^(5^5))?").answer_text == "0"
    assert time.perf_counter() - started < 5


def test_a_solve_that_runs_past_its_time_limit_is_refused_not_hung():
    started = time.perf_counter()
    with pytest.raises(Unsupported, match="longer than 0.01 s"):
        solve("x + y + z = 6, x - y + z = 2, 2x + y - z = 1", time_limit_s=0.01)
    assert time.perf_counter() - started < 3
