"""The polynomial family: one test per rule, and what the equations task takes and refuses for polynomials."""

from __future__ import annotations

import pytest
import sympy as sp

from scenesmith.mathreader import Relation, symbol
from scenesmith.kinds.solution.problem import Unsupported
from scenesmith.kinds.solution.rules import polynomial as P
from scenesmith.kinds.solution.solve import derive
from scenesmith.kinds.solution.steps.checks import meaning
from scenesmith.kinds.solution.steps.state import Relations
from tests.solution.rules.moves import only

x = symbol("x")


def state(*relations):
    return Relations.single(x, *relations)


def eq(lhs, rhs=0):
    return Relation(sp.sympify(lhs), "=", sp.sympify(rhs))


def texts(move):
    return move.state.text()


def test_standard_form_moves_every_term_left():
    move = only(P.standard_form(state(eq(x**2 + 2 * x, 8))))
    assert texts(move) == "x^2 + 2x - 8 = 0"
    assert move.caption == "Subtract 8 from both sides"
    assert P.standard_form(state(eq(x**2 - 5 * x + 6))) == []  # already standard
    assert P.standard_form(state(eq((x - 3) ** 2, 16))) == []  # square root method instead


def test_standard_form_keeps_the_leading_coefficient_positive():
    move = only(P.standard_form(state(eq(5 - x**2, 4 * x))))
    assert texts(move) == "x^2 + 4x - 5 = 0"


def test_normalize_coefficients_divides_by_the_common_factor():
    move = only(P.normalize_coefficients(state(eq(2 * x**2 - 8 * x + 6))))
    assert texts(move) == "x^2 - 4x + 3 = 0" and move.caption == "Divide both sides by 2"
    move = only(P.normalize_coefficients(state(eq(x**2 / 2 - 2))))
    assert texts(move) == "x^2 - 4 = 0"
    assert P.normalize_coefficients(state(eq(x**2 - 4))) == []


def test_factor_common_factor():
    move = only(P.factor_common_factor(state(eq(3 * x**2 - 12 * x))))
    assert texts(move) == "3x(x - 4) = 0"
    assert "3x" in move.caption
    assert P.factor_common_factor(state(eq(x**2 - 4))) == []


def test_factor_trinomial_a_equals_one_names_the_two_numbers():
    move = only(P.factor_trinomial(state(eq(x**2 - 5 * x + 6))))
    assert texts(move) == "(x - 2)(x - 3) = 0"
    assert move.caption == "Factor: find two numbers with product 6 and sum -5: -2 and -3"


def test_factor_trinomial_ac_method_and_perfect_square():
    move = only(P.factor_trinomial(state(eq(2 * x**2 - 3 * x - 2))))
    assert sp.expand(sp.sympify(move.state.branches[0][0].lhs).doit() - (2 * x**2 - 3 * x - 2)) == 0
    assert "ac method" in move.caption and "-4 and 1" in move.caption
    move = only(P.factor_trinomial(state(eq(x**2 + 6 * x + 9))))
    assert texts(move) == "(x + 3)^2 = 0" and "perfect square" in move.caption
    assert P.factor_trinomial(state(eq(x**2 - 4 * x - 1))) == []  # irrational roots: no factoring


def test_factor_quadratic_form():
    move = only(P.factor_quadratic_form(state(eq(x**4 - 5 * x**2 + 4))))
    assert texts(move) == "(x^2 - 1)(x^2 - 4) = 0"
    assert P.factor_quadratic_form(state(eq(x**3 - 5 * x + 4))) == []


def test_difference_of_squares():
    move = only(P.difference_of_squares(state(eq(4 * x**2 - 25))))
    assert texts(move) == "(2x - 5)(2x + 5) = 0"
    assert P.difference_of_squares(state(eq(x**2 + 25))) == []
    assert P.difference_of_squares(state(eq(x**2 - 2))) == []


def test_rational_root_division_shows_candidates_and_quotient():
    move = only(P.rational_root_division(state(eq(x**3 - 2 * x**2 - x + 2))))
    assert texts(move) == "(x - 1)(x^2 - x - 2) = 0"
    assert "±1, ±2" in move.caption and "quotient x^2 - x - 2" in move.caption
    move = only(P.rational_root_division(state(eq(2 * x**3 - 3 * x**2 - 3 * x + 2))))
    assert texts(move) == "(x + 1)(2x^2 - 5x + 2) = 0"
    assert P.rational_root_division(state(eq(x**3 + x + 1))) == []  # no rational root


def test_zero_product_splits_into_branches_and_keeps_constraints():
    move = only(P.zero_product(state(eq((x - 2) * (x + 3)))))
    assert texts(move) == "x - 2 = 0 or x + 3 = 0"
    with_constraint = Relations.single(x, (eq((x - 2) * (x - 3)), Relation(x, "!=", sp.Integer(2))))
    move = only(P.zero_product(with_constraint))
    assert all(b[-1] == Relation(x, "!=", 2) for b in move.state.branches) and len(move.state.branches) == 2
    assert P.zero_product(state(eq(x - 2))) == []


def test_solve_each_linear_sorts_the_roots():
    move = only(P.solve_each_linear(state(eq(x - 2), eq(2 * x + 1))))
    assert texts(move) == "x = -1/2 or x = 2"
    assert P.solve_each_linear(state(eq(x - 2))) == []  # one equation: the linear family does it


def test_isolate_power_then_root_both_sides():
    move = only(P.isolate_power(state(eq(2 * x**2 - 5, 13))))
    assert texts(move) == "2x^2 = 18"
    move = only(P.isolate_power(move.state))
    assert texts(move) == "x^2 = 9"
    move = only(P.root_both_sides(move.state))
    assert texts(move) == "x = -3 or x = 3"


def test_root_both_sides_negative_and_odd():
    move = only(P.root_both_sides(state(eq(sp.Pow(x - 3, 2, evaluate=False), 16))))
    assert texts(move) == "x - 3 = -4 or x - 3 = 4"
    move = only(P.root_both_sides(state(eq(x**2, -9))))
    assert move.state.branches == () and "no real solution" in move.caption
    move = only(P.root_both_sides(state(eq(x**3, -27))))
    assert texts(move) == "x = -3"


def test_quadratic_formula_names_abc_and_the_discriminant():
    move = only(P.quadratic_formula(state(eq(2 * x**2 + 3 * x - 4))))
    assert texts(move) == "x = (-3 - sqrt(41))/4 or x = (-3 + sqrt(41))/4"
    assert "a = 2, b = 3, c = -4" in move.caption and "= 41" in move.caption
    move = only(P.quadratic_formula(state(eq(x**2 - 4 * x - 1))))
    assert texts(move) == "x = 2 - sqrt(5) or x = 2 + sqrt(5)" and "sqrt(20) = 2*sqrt(5)" in move.caption
    move = only(P.quadratic_formula(state(eq(x**2 + x + 1))))
    assert move.state.branches == () and "negative" in move.caption
    assert P.quadratic_formula(state(eq(x**2 - 5 * x + 6))) == []  # factor instead


def test_every_rule_move_keeps_the_meaning():
    start = state(eq(x**3 - 2 * x**2 - x + 2))
    move = only(P.rational_root_division(start))
    assert meaning(move.state) == meaning(start)


@pytest.mark.parametrize("prompt, answer", [
    ("x^2 - 5x + 6 = 0", "x = 2 or x = 3"),
    ("Solve x^3 - 2x^2 - x + 2 = 0", "x = -1 or x = 1 or x = 2"),
    ("x^4 - 5x^2 + 4 = 0", "x = -2 or x = -1 or x = 1 or x = 2"),
    ("1.5x^2 + 2.5x - 1 = 0", "x = -2 or x = 1/3"),
])
def test_equations_task_solves_polynomials(prompt, answer):
    assert derive(prompt).answer_text == answer


def test_good_chain_for_a_trinomial():
    steps = derive("x^2 - 5x + 6 = 0").steps
    assert [s.rule for s in steps] == ["poly_factor_trinomial", "poly_zero_product", "poly_solve_each_linear"]


@pytest.mark.parametrize("prompt, piece", [
    ("x^5 - x - 1 = 0", "no rational roots"),
    ("x^3 + x + 1 = 0", "degree 3"),
    ("x^13 - 1 = 0", "degree 12"),
])
def test_equations_task_refuses_what_it_cannot_finish(prompt, piece):
    with pytest.raises(Unsupported) as caught:
        derive(prompt)
    assert piece in str(caught.value)


def test_polynomial_refusal_passes_solvable_ones():
    assert P.polynomial_refusal(eq(x**3 - 2), x) is None
    assert P.polynomial_refusal(eq(x**3 - 6 * x**2 + 11 * x - 6), x) is None
    assert P.polynomial_refusal(eq(x**5 - x - 1), x) is not None
