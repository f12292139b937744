"""The question decides the form of the answer: one test per form the issue names, end to end through solve()."""

from __future__ import annotations

import pytest

from scenesmith.kinds.solution.problem import Unsupported
from scenesmith.kinds.solution.question import read_form
from scenesmith.kinds.solution.solve import solve


@pytest.mark.parametrize(
    "prompt, answer",
    [
        ("Find the largest root of x^3 - 6x^2 + 11x - 6 = 0", "3"),  # picks one solution
        ("What is the smallest solution of |x - 3| = 5?", "-2"),
        ("What is the positive solution of x^2 + 2x - 15 = 0?", "3"),
        ("What is the sum of the solutions of x^2 - 5x + 6 = 0?", "5"),  # adds them
        ("What is the product of the roots of x^2 - 5x + 6 = 0?", "6"),
        ("How many real solutions does x^2 + 4x + 4 = 0 have?", "1"),
        ("Solve 2x - 5 < 9 and give the answer in interval notation", "(-oo, 7)"),  # intervals
        ("Solve x^2 - 1 > 0 in interval notation", "(-oo, -1) U (1, oo)"),
        ("solve x^2 <= 0 in interval notation", "{0}"),  # a single point, in the notation asked for
        ("Solve 4x + 1 = 2. Express your answer as a common fraction.", "x = 1/4"),
        ("What is 0.75 + 0.5? Express your answer as a common fraction.", "5/4"),
        ("What is 7 divided by 2 as a decimal?", "3.5"),
        ("Solve x^2 - 2x - 5 = 0. Give the solutions as decimals to the nearest tenth.", "x = -1.4 or x = 3.4"),
        ("What is 5/4 as a mixed number?", "1 1/4"),
        ("What is the positive solution of x^2 = 12? Express your answer in simplest radical form.", "2*sqrt(3)"),
        ("How many integers satisfy |x - 3| <= 4?", "9"),  # counts
    ],
)
def test_the_answer_comes_in_the_form_asked_for(prompt, answer):
    assert solve(prompt).answer_text == answer


def test_without_a_form_the_answer_is_the_exact_solution_set():
    assert solve("x^2 - 5x + 6 = 0").answer_text == "x = 2 or x = 3"
    assert solve("2x - 5 < 9").answer_text == "x < 7"


@pytest.mark.parametrize(
    "prompt, why",
    [
        ("What is the positive solution of x^2 = 4x + 5 and x > 10?", ""),
        ("What is the positive solution of x^2 - 5x + 6 = 0?", "2 positive solutions"),
        ("What is the sum of the solutions of x^2 + 1 = 0?", "no real solution"),
    ],
)
def test_a_form_that_does_not_fit_the_solutions_is_refused(prompt, why):
    with pytest.raises(Unsupported) as caught:
        solve(prompt)
    assert why in str(caught.value)


@pytest.mark.parametrize(
    "prompt, answer",
    [
        ("Solve x^2 = 9 if x is positive", "3"),  # was 'x = -3 or x = 3': the condition was dropped
        ("Solve x^2 = 9 where x is negative", "-3"),
        ("Solve x^2 = 9 for positive x", "3"),
    ],
)
def test_a_sign_condition_in_words_picks_the_solution(prompt, answer):
    assert solve(prompt).answer_text == answer


def test_forms_are_read_from_the_words():
    assert read_form("what is the largest value of <0> such that <1>").pick == "largest"
    assert read_form("find the sum of all solutions of <0>").combine == "sum"
    assert read_form("how many integers satisfy <0>").integers
    assert read_form("solve <0> . give your answer in interval notation").notation == "interval"
    assert read_form("round to the nearest hundredth").places == 2
    assert read_form("to two decimal places").places == 2
    assert read_form("what is the greatest common factor of <0>").pick is None
    assert read_form("solve <0> if <1> is positive").pick == "positive"
    assert read_form("solve <0> for negative <1>").pick == "negative"
