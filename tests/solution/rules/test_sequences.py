"""The sequences task reader: arithmetic and geometric sequences (the number work is the functions family's)."""

import pytest
import sympy as sp

from scenesmith.mathreader import read
from scenesmith.kinds.solution.problem import Unsupported
from scenesmith.kinds.solution.solve import derive
from scenesmith.kinds.solution.tasks import sequences as task


def test_arithmetic_list_sets_up_the_formula():
    problem = task.read(read("2, 5, 8, 11, ... find the 20th term"))
    assert problem.task == "sequences"
    assert sp.sympify(problem.start.expr).doit() == 59
    assert "arithmetic" in problem.intro_steps[0].caption and "d = 3" in problem.intro_steps[0].caption


def test_geometric_sum():
    problem = task.read(read("What is the sum of the first 10 terms of 3, 6, 12, ...?"))
    assert sp.sympify(problem.start.expr).doit() == 3069
    assert "geometric" in problem.intro_steps[0].caption


@pytest.mark.parametrize("prompt, answer", [
    ("a_n = 3n + 2, find a_10", "32"),
    ("a_1 = 5, d = 3, find a_12", "38"),
    ("Find the 8th term of the geometric sequence 16, 8, 4, ...", "1/8"),
])
def test_answers(prompt, answer):
    assert derive(prompt).answer_text == answer


def test_passes_other_prompts():
    assert task.read(read("Solve 3x + 7 = 22")) is None
    assert task.read(read("Find the mean of 3, 5, 7")) is None


@pytest.mark.parametrize("prompt, reason", [
    ("1, 2, 4, 7, ... find the 10th term", "neither arithmetic"),
    ("Find the 20th term of the geometric sequence 2, 5, 8, ...", "called geometric"),
    ("Find the 5000th term of 1, 2, 3, ...", "out of range"),
    ("1, 2, 4, ... find the 900th term", "too many digits"),
    ("2, 5, 8, ... find the nth term", "not supported"),
])
def test_refusals(prompt, reason):
    with pytest.raises(Unsupported) as caught:
        task.read(read(prompt))
    assert reason in str(caught.value)
