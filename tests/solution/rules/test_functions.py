"""Rules of the functions family (number work, expanding, solving x = ay + b for y) and the functions task reader."""

import pytest
import sympy as sp

from scenesmith.mathreader import Relation, read, symbol
from scenesmith.kinds.solution.problem import Unsupported
from scenesmith.kinds.solution.rules import functions as F
from scenesmith.kinds.solution.solve import derive
from scenesmith.kinds.solution.steps.state import Expression, Relations
from scenesmith.kinds.solution.tasks import functions as task

x, y = symbol("x"), symbol("y")


def mul(*a):
    return sp.Mul(*a, evaluate=False)


def add(*a):
    return sp.Add(*a, evaluate=False)


def test_evaluate_innermost_multiplies_before_adding():
    moves = F.evaluate_innermost(Expression(add(mul(2, 4), 3), "f(4) ="))
    assert len(moves) == 1
    assert moves[0].state.expr == add(8, 3) and moves[0].state.label == "f(4) ="
    assert moves[0].caption.startswith("Multiply 2 by 4")


def test_evaluate_innermost_divides_and_skips_done_numbers():
    moves = F.evaluate_innermost(Expression(mul(1200, sp.Pow(100, -1, evaluate=False))))
    assert moves[0].state.expr == 12 and "Divide 1200 by 100" in moves[0].caption
    assert F.evaluate_innermost(Expression(sp.Integer(7))) == []
    assert F.evaluate_innermost(Expression(x + 1)) == []


def test_evaluate_all_is_a_costly_shortcut():
    moves = F.evaluate_all(Expression(add(mul(2, 4), 3)))
    assert moves[0].state.expr == 11 and moves[0].cost > 1
    assert F.evaluate_all(Expression(sp.Integer(11))) == []


def test_expand_expression():
    moves = F.expand_expression(Expression(add(mul(2, add(x, -1)), 3)))
    assert moves[0].state.expr == 2 * x + 1 and "brackets" in moves[0].caption
    assert F.expand_expression(Expression(2 * x + 1)) == []


def test_expression_goal_accepts_fraction_in_lowest_terms_only():
    assert F.expression_goal(Expression(mul(15, sp.Pow(2, -1, evaluate=False))))
    assert not F.expression_goal(Expression(mul(30, sp.Pow(4, -1, evaluate=False))))
    assert not F.expression_goal(Expression(add(8, 3)))


def test_swap_isolate_divide_for_inverse():
    start = Relations.single(y, Relation(x, "=", 2 * y + 3))
    swapped = F.swap_parameter_sides(start)[0].state
    assert swapped.branches[0][0] == Relation(2 * y + 3, "=", x)
    isolated = F.isolate_parameter_term(swapped)[0]
    assert isolated.state.branches[0][0] == Relation(2 * y, "=", x - 3) and isolated.caption == "Subtract 3 from both sides"
    divided = F.divide_parameter_coefficient(isolated.state)[0]
    assert sp.simplify(divided.state.branches[0][0].rhs - (x - 3) / 2) == 0
    assert F.solved_for(divided.state) and not F.solved_for(start)
    assert F.divide_parameter_coefficient(start) == []


def test_reader_passes_prompts_without_a_function():
    assert task.read(read("Solve 3x + 7 = 22")) is None
    assert task.read(read("f(x) = 2x + 3")) is None


@pytest.mark.parametrize("prompt, answer", [
    ("f(x) = 2x + 3, find f(4)", "11"),
    ("f(x) = x + 1 and g(x) = x^2; find f(g(2))", "5"),
    ("Find the inverse of f(x) = 2x + 3", "f^-1(x) = (x - 3)/2"),
    ("domain of f(x) = 1/(x - 3)", "x != 3"),
])
def test_reader_answers(prompt, answer):
    assert derive(prompt).answer_text == answer


@pytest.mark.parametrize("prompt, reason", [
    ("Find the inverse of f(x) = x^2", "not one-to-one"),
    ("f(x) = 1/x, find f(0)", "not defined"),
    ("f(x) = 2x + 1, find f(1) and f(2)", "several"),
    ("f(x) = sqrt(x) and g(x) = x - 1, find f(g(x))", "domain"),
    ("f(x) = 2x + 1, find f(3) and draw it", "draw"),
])
def test_reader_refuses(prompt, reason):
    with pytest.raises(Unsupported) as caught:
        task.read(read(prompt))
    assert reason in str(caught.value)


@pytest.mark.parametrize("prompt, answer", [
    ("If f(x) = x + 1 and g(x) = x^2, find (f∘g)(x)", "x^2 + 1"),
    ("If f(x) = 3x - 1 and g(x) = x^2 + x, find (g o f)(x)", "9x^2 - 3x"),
    (r"$f(x)=2x$, $g(x)=x+1$, find $(f \circ g)(x)$", "2x + 2"),
    ("f(x) = x + 1, g(x) = x^2; (g∘f)(-1)", "0"),
    ("f(x) = 2x + 3, find 2f(4)", "22"),
    ("f(x) = 2x + 3, g(x) = x^2, find f(2) + g(3)", "16"),
    ("f(x) = x^2, find f(2)^2", "16"),
    ("domain of f(x) = 1/(x^2 - 4)", "x != -2 and x != 2"),
    ("Find the domain of f(x) = 1/(x^2 + 1)", "all real numbers"),
    ("Find the domain of f(x) = 1/(x^2 - 2)", "x != -sqrt(2) and x != sqrt(2)"),
    ("Find the domain of f(x) = (x + 1)/(x^2 - 5x + 6) in interval notation", "(-oo, 2) U (2, 3) U (3, oo)"),
    ("Find the domain of f(x) = sqrt(x)/(x^2 - 9)", "0 <= x < 3 or x > 3"),
    ("Find the domain of f(x) = 1/sqrt(x + 4)", "x > -4"),
    ("Find the domain of f(x) = sqrt(-x^2 - 1)", "no real numbers"),
])
def test_compositions_combinations_and_domains(prompt, answer):
    assert derive(prompt).answer_text == answer


def test_product_substituted_into_product_is_bracketed():
    steps = derive("f(x) = 3x - 1, find f(2x)").steps
    assert steps[0].latex == r"f(2x) = 3 \left(2 x\right) - 1"


@pytest.mark.parametrize("prompt, reason", [
    ("f(x) = x + 1, f(x) = 2x, find f(1)", "defines f twice"),  # was 2 (the second formula silently won)
    ("f(x) = x^0, find f(0)", "0^0 is not defined"),  # was 1
    ("f(x) = x^x, find f(0)", "0^0 is not defined"),
    ("f(x) = 1/x, find f(2) + f(0)", "divides by 0"),
    ("f(x) = x^2 + 1, find f(i)", "imaginary unit"),  # was i^2 + 1
    ("f(x) = 2x + 1, g(x) = x - 3", "does not say what to find"),
    ("f(x) = 2x + 3, solve f(x) = 11", "Write it as an equation"),
])
def test_refusals(prompt, reason):
    with pytest.raises(Unsupported) as caught:
        derive(prompt)
    assert reason in str(caught.value)


def test_not_equal_rules():
    state = Relations.single(x, Relation(x**2 - 4, "!=", sp.S.Zero))
    factored = F.factor_not_equal(state)[0].state
    split = F.split_product_not_equal(factored)[0].state
    assert set(split.branches[0]) == {Relation(x - 2, "!=", 0), Relation(x + 2, "!=", 0)}
    never = F.quadratic_not_equal(Relations.single(x, Relation(x**2 + 1, "!=", sp.S.Zero)))[0].state
    assert never.all_text == "all real numbers"
    assert F.factor_not_equal(Relations.single(x, Relation(x - 4, "!=", sp.S.Zero))) == []
