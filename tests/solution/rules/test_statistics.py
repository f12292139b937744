"""The statistics task reader: mean, median, mode, range of a list (number work by the functions family)."""

import pytest
import sympy as sp

from scenesmith.mathreader import read
from scenesmith.kinds.solution.problem import Unsupported
from scenesmith.kinds.solution.solve import derive
from scenesmith.kinds.solution.tasks import statistics as task


def test_median_of_even_list_takes_the_two_middle_values():
    problem = task.read(read("median of 12, 3, 7, 9, 5, 8"))
    assert problem.intro_steps[0].state.expr == sp.Tuple(3, 5, 7, 8, 9, 12)
    assert sp.sympify(problem.start.expr).doit() == sp.Rational(15, 2)


@pytest.mark.parametrize("prompt, answer", [
    ("Find the mean of 3, 5, 7, 9", "6"),
    ("What is the mode of 2, 3, 3, 5, 7, 3?", "3"),
    ("mode of 1, 2, 3", "no mode"),
    ("mode of 1, 1, 2, 2, 3", "1, 2"),
    ("range of 4, -2, 9, 1", "11"),
    ("mean of 1.5, 2.5, 4", "2.67"),
    ("Find the mean of 2, 4, 7", "13/3"),
])
def test_answers(prompt, answer):
    assert derive(prompt).answer_text == answer


def test_passes_other_prompts():
    assert task.read(read("Solve x^2 = 4")) is None
    assert task.read(read("What is the range of f(x) = x^2?")) is None


@pytest.mark.parametrize("prompt, reason", [
    ("mode of 1, 1, 2, 2", "textbooks disagree"),
    ("find the mean and median of 1, 2, 3", "several statistics"),
    ("mean of 5", "at least two"),
    ("standard deviation and mean of 1, 2, 3", "did not understand"),
])
def test_refusals(prompt, reason):
    with pytest.raises(Unsupported) as caught:
        task.read(read(prompt))
    assert reason in str(caught.value)
