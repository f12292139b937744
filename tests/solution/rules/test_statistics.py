"""The statistics task reader: mean, median, mode, range of a list (number work by the functions family)."""

import pytest
import sympy as sp

from scenesmith.mathreader import read
from scenesmith.kinds.solution.problem import Unsupported
from scenesmith.kinds.solution.solve import derive
from scenesmith.kinds.solution.tasks import statistics as task


def test_median_of_even_list_takes_the_two_middle_values():
    problem = task.read(read("median of 12, 3, 7, 9, 5, 8"))
    assert problem.intro_steps[0].state.expr.args == (3, 5, 7, 8, 9, 12)
    assert "left(" not in problem.intro_steps[0].state.latex()  # a list, not a tuple in brackets
    assert sp.sympify(problem.start.expr).doit() == sp.Rational(15, 2)


@pytest.mark.parametrize("prompt, answer", [
    ("Find the mean of 3, 5, 7, 9", "6"),
    ("What is the mode of 2, 3, 3, 5, 7, 3?", "3"),
    ("mode of 1, 2, 3", "no mode"),
    ("mode of 1, 1, 2, 2, 3", "1, 2"),
    ("range of 4, -2, 9, 1", "11"),
    ("mean of 1.5, 2.5, 4", "8/3"),  # decimals typed: exact when the decimal would be rounded
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


@pytest.mark.parametrize("prompt, answer", [
    ("Find the mean of 1, 2, 4 rounded to 2 decimal places", "2.33"),  # the 2 of '2 decimal places' is not data
    ("Find the mean of 1, 2, 3, 4, 5 to 1 decimal place", "3.0"),
    ("Find the mean of 2, 4, 6, and 8", "5"),
])
def test_places_and_joined_lists(prompt, answer):
    assert derive(prompt).answer_text == answer


@pytest.mark.parametrize("prompt, reason", [
    ("Find the mean of 5 numbers: 2, 4, 6, 8, 10", "one list"),  # the count 5 is not a data value (was 35/6)
    ("Find the median of the numbers from 1 to 10", "one list"),
    ("Find the mean of 2, 4, 6 or 8", "one list"),
    ("Find the mean of 2, 4, 6 plus 3", "not a calculation"),  # was the mean of 2, 4, 9
    ("Find the mean of 2, 4, 6 times 2", "not a calculation"),
    ("mean of 1,000, 2,000, 3,000", "comma inside a number"),  # was 3003/5
    ("mean of 10%, 20%", "percent"),  # was 15
    ("mean of $3, $5, $7", "dollar"),
    ("Find the mean of 2, 4, 6 in percent", "percent"),
    ("Find the mean of 1, 2 as a percent", "percent"),
    ("What is the range of 3, 7, 1 in interval notation?", "does not fit"),
])
def test_data_that_could_be_read_two_ways_is_refused(prompt, reason):
    with pytest.raises(Unsupported) as caught:
        task.read(read(prompt))
    assert reason in str(caught.value)
