"""The solve pipeline: phrasings that reach the solver, prompts it leaves to other kinds, refusals that say why, bounds."""

from __future__ import annotations

import time

import pytest

from scenesmith.kinds.solution.kind import SolutionKind
from scenesmith.kinds.solution.problem import CAN_DO, Unsupported
from scenesmith.kinds.solution.solve import solve

KIND = SolutionKind()


@pytest.mark.parametrize(
    "prompt",
    ["3x + 7 = 22", "Given 3x + 7 = 22, find x", "What value of x satisfies 3x + 7 = 22?", "How do I solve 3x + 7 = 22?",
     "Explain how to solve 3x+7=22", "Can you show me how to solve 3x + 7 = 22", "solve 3x + 7 = 22 step by step",
     r"Solve $3x + 7 = 22$ for $x$", "22 = 3x + 7", "Solve 3x + 7 = 22."],
)
def test_phrasings_of_one_problem_reach_the_solver(prompt):
    assert KIND.claim(prompt) == 1.0
    assert solve(prompt).answer_text == "x = 5"


@pytest.mark.parametrize(
    "prompt",
    ["Explain the Pythagorean theorem", "How does the quadratic formula work?", "plot y = 2x + 1", "graph x^2 - 4",
     "Show the graph of y = x^2 - 4", "Visualize 2x + 3 = 7", "area under x^2 from 0 to 3", "Explain Fermat's little theorem",
     "hello there", "", "Draw a triangle", "do three jumping jacks"],
)
def test_prompts_for_other_kinds_are_not_claimed(prompt):
    assert KIND.claim(prompt) == 0.0


@pytest.mark.parametrize(
    "prompt, reason",
    [
        ("Solve 3x + 7 = 22 and graph it", "did not understand the words 'graph'"),
        ("__import__('os').system('ls') = 3", "code-like"),
        ("x + " * 200 + "1 = 2", "longer than 500"),
        ("What is 10^(10^10)?", "too big"),
        ("Solve x + y = 3", "several variables"),
    ],
)
def test_refusals_say_why_and_what_the_solver_does(prompt, reason):
    with pytest.raises(Unsupported) as caught:
        solve(prompt)
    message = str(caught.value)
    assert reason in message, message
    assert CAN_DO in message


def test_a_refused_prompt_is_refused_quickly():
    started = time.perf_counter()
    with pytest.raises(Unsupported):
        solve("What is 10^(10^10)?")
    assert time.perf_counter() - started < 5


def test_steps_name_their_rules_and_the_answer_is_checked_by_substitution():
    solution = solve("Solve 3(2a - 1) = 2(a + 5) + 3")
    assert [s.rule for s in solution.steps] == ["distribute", "combine_like_terms", "gather_variable_terms", "move_constant", "divide_by_coefficient"]
    assert solution.answer_text == "a = 4" and solution.answer_latex == "a = 4"
    assert solution.checks == ["a = 4: left side = 21, right side = 21 ✓"]


def test_solve_is_deterministic():
    assert solve("x/2 + x/3 = 5") == solve("x/2 + x/3 = 5")


@pytest.mark.parametrize(
    "prompt, reason",
    [
        ("Solve 3x + 7 = 22 and 5", "number(s) 5"),  # was answered x = 5, the 5 ignored
        ("Solve 3x + 7 = 22 in 4 steps", "number(s) 4"),
        ("What is 1/2x when x = 4", "ambiguous"),  # was answered 'x = 4'
        ("Solve 1/2x = 4", "could mean (1/2)x or 1/(2x)"),  # was read as x/2 silently
        ("Solve 2 x 3 = x", "times sign"),  # was read as 6x = x
        ("What is i^2?", "imaginary unit"),  # was answered 'i^2'
        ("Simplify 3i + 2i", "imaginary unit"),
        ("Solve 2x = 4 and x^2 = 9", "2 equations"),
        ("Solve 2x = 4 and draw a cat", "did not understand the words 'draw cat'"),
        ("Solve x^2 = 9 where x is not 3", "'not'"),
        ("Find the integer solutions of 2x^2 = 8x - 6", "'integer'"),
    ],
)
def test_a_prompt_that_says_more_than_the_problem_solved_is_refused(prompt, reason):
    with pytest.raises(Unsupported) as caught:
        solve(prompt)
    assert reason in str(caught.value), str(caught.value)


@pytest.mark.parametrize(
    "prompt, answer",
    [
        ("Please solve for x: 3x + 7 = 22, thanks", "x = 5"),
        ("Solve ２x + ３ = ７", "x = 2"),
        ("Find all real x such that x squared minus 5x plus 6 equals 0", "x = 2 or x = 3"),
        ("What is 9 to the power of one half?", "3"),
    ],
)
def test_everyday_spellings_are_read(prompt, answer):
    assert solve(prompt).answer_text == answer
