"""Linear rules: found by the equations red team (exact division, constant relations beside excluded values or in one case of several)."""

import pytest
import sympy as sp

from scenesmith.mathreader import Relation, symbol
from scenesmith.kinds.solution.rules import linear
from scenesmith.kinds.solution.steps.state import Relations

x = symbol("x")


def test_divide_keeps_a_large_quotient_exact():
    # sp.nsimplify turned 987654321/123456789 into 8
    moves = list(linear.divide_by_coefficient(Relations.single(x, Relation(123456789 * x, "=", sp.Integer(987654321)))))
    assert moves[0].state.branches[0][0].rhs == sp.Rational(987654321, 123456789)


def test_contradiction_beside_an_excluded_value():
    s = Relations((x,), ((Relation(sp.Integer(1), "=", sp.Integer(0)), Relation(x, "!=", sp.Integer(0))),))
    (m,) = linear.decide_constant_relation(s)
    assert m.state.branches == () and m.state.empty_text == "no solution"


def test_false_case_of_several_is_dropped():
    s = Relations.single(x, Relation(x - 1, "=", x), Relation(x - 1, "=", -x))
    (m,) = linear.decide_constant_relation(s)
    assert m.state.branches == ((Relation(x - 1, "=", -x),),)


@pytest.mark.parametrize("prompt, answer", [
    ("123456789x = 987654321", "x = 109739369/13717421"),
    ("1/x = 0", "no solution"),
    ("3/(x-1) + 1 = x/(x-1)", "no solution"),
    ("|x - 1| = x", "x = 1/2"),
    ("|x| = |x - 4|", "x = 2"),
    ("What is the sum of the roots of 13717421x^2 - 109739369x + 1 = 0?", "109739369/13717421"),  # was 8
    ("How many real solutions does x^2 + 1 = 0 have?", "0"),
])
def test_red_team_equations(prompt, answer):
    from scenesmith.kinds.solution.solve import derive

    assert derive(prompt).answer_text == answer


@pytest.mark.parametrize("prompt, reason", [
    ("If 3x + 5 = 20, what is the value of 6x?", "asks about 6x"),
    ("If 2x + 3 = 11, then x + 1 = ?", "asks about x + 1"),
    ("Solve for x: 3y + 2 = 11", "asks for x"),
    ("Solve 2x + k = 7", "several variables"),
])
def test_red_team_refusals(prompt, reason):
    from scenesmith.kinds.solution.problem import Unsupported
    from scenesmith.kinds.solution.solve import derive

    with pytest.raises(Unsupported) as caught:
        derive(prompt)
    assert reason in str(caught.value)


def test_an_identity_holds_only_where_the_equation_is_defined():
    """x/x = 1 is not true for every x: at x = 0 it is undefined (regression: it answered 'all real numbers')."""
    from scenesmith.kinds.solution.solve import solve

    assert solve("x/x = 1").answer_text == "x < 0 or x > 0"
    assert solve("x/x + x/x = 2").answer_text == "x < 0 or x > 0"
    assert solve("sqrt(x)^2 = x").answer_text == "x >= 0"
    solution = solve("(x-1)/(x-1) = 1")
    assert solution.answer_text == "x < 1 or x > 1"
    assert "where the equation is defined" in solution.steps[-1].reason
    assert solve("2(x+1) = 2x + 2").answer_text == "all real numbers"


def test_swap_sides_puts_the_variable_on_the_left_and_turns_an_inequality():
    (m,) = linear.swap_sides(Relations.single(x, Relation(sp.Integer(22), "=", 3 * x + 7)))
    assert m.state.branches == ((Relation(3 * x + 7, "=", sp.Integer(22)),),)
    (m,) = linear.swap_sides(Relations.single(x, Relation(sp.Integer(10), ">", 2 * x + 4)))
    assert m.state.branches == ((Relation(2 * x + 4, "<", sp.Integer(10)),),) and "turns around" in m.caption
    assert linear.swap_sides(Relations.single(x, Relation(3 * x, "=", sp.Integer(6)))) == []
