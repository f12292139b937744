"""The word-forms task reader: percentages and 'a number ...' sentences; every other word problem refused naming the forms."""

import pytest

from scenesmith.mathreader import read
from scenesmith.kinds.solution.problem import Unsupported
from scenesmith.kinds.solution.solve import derive
from scenesmith.kinds.solution.tasks import words as task


def test_number_sentence_becomes_linear_equation():
    problem = task.read(read("Twice a number minus 3 is 7"))
    r = problem.start.branches[0][0]
    assert str(r.lhs.doit()) == "2*n - 3" and r.rhs == 7
    assert problem.families == ("linear",)


@pytest.mark.parametrize("prompt, answer", [
    ("What is 15% of 80?", "12"),
    ("10 is what percent of 30?", "33.33"),
    ("30 is 20% of what number?", "150"),
    ("Decrease 80 by 25%", "60"),
    ("What is the percent increase from 40 to 50?", "25"),
    ("half of a number is 9", "18"),
    ("5 less than twice a number is 11", "8"),
])
def test_answers(prompt, answer):
    assert derive(prompt).answer_text == answer


def test_passes_non_word_prompts():
    assert task.read(read("Solve 3x + 7 = 22")) is None
    assert task.read(read("What is 2/3 + 1/4?")) is None
    assert task.read(read("Write 3/4 as a percent")) is None


@pytest.mark.parametrize("prompt", [
    "A car travels 45 km per hour for 2 hours. How far does it go?",
    "Tom is 3 years older than Sue. Their ages add to 25. How old is Sue?",
    "Twice a number is 5 more than the number. Find the number.",
])
def test_other_word_problems_are_refused_naming_the_forms(prompt):
    with pytest.raises(Unsupported) as caught:
        task.read(read(prompt))
    assert "I can read these word forms" in str(caught.value)


def test_percent_increase_that_is_a_decrease_is_refused():
    with pytest.raises(Unsupported) as caught:
        task.read(read("What is the percent increase from 50 to 40?"))
    assert "decrease" in str(caught.value)


@pytest.mark.parametrize("prompt, answer", [
    ("What percent is 12 of 48?", "25"),
    ("A number subtracted from 5 is 12", "-7"),
    ("2/3 of a number is 8", "12"),
    ("Twice a number subtracted from 5 is 1", "2"),
])
def test_more_forms(prompt, answer):
    assert derive(prompt).answer_text == answer


@pytest.mark.parametrize("prompt", [
    "Twice the sum of a number and 3 is 16",
    "Tickets cost $5 for kids and $8 for adults. 100 tickets sold for $620. How many kid tickets?",
    "Sam is 4 years older than Ann. In 5 years the sum of their ages will be 40. How old is Ann?",
    "The length of a rectangle is 3 more than twice its width. The perimeter is 36. Find the width.",
    "How many liters of a 20% acid solution must be mixed with 10 liters of a 50% solution to get a 30% solution?",
])
def test_real_word_problems_are_refused(prompt):
    with pytest.raises(Unsupported):
        derive(prompt)


@pytest.mark.parametrize("prompt, answer", [("$3x + 2 = 5$", "x = 1"), ("Solve $$x + 7 = 10$$", "x = 3")])
def test_latex_dollars_are_not_money(prompt, answer):
    assert task.read(read(prompt)) is None
    assert derive(prompt).answer_text == answer
