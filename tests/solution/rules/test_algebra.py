"""Unit tests of the algebra rules (one or more per rule) and of the expressions task reader."""

from __future__ import annotations

import pytest
import sympy as sp

from scenesmith.mathreader import Relation, read, symbol
from scenesmith.kinds.solution.problem import Unsupported
from scenesmith.kinds.solution.rules import algebra_expand, algebra_exponents, algebra_factor, algebra_fractions
from scenesmith.kinds.solution.rules.algebra_common import answer_text, fully_factored
from scenesmith.kinds.solution.rules.algebra_expand import collect_like_terms, expand_brackets, order_terms
from scenesmith.kinds.solution.rules.algebra_exponents import law_negative_exponent, law_power_of_power, law_power_of_product, law_product_of_powers, law_quotient_of_powers, law_zero_exponent
from scenesmith.kinds.solution.rules.algebra_factor import ac_split_middle_term, factor_by_grouping_pairs, factor_by_root, factor_common_bracket, factor_cubes, factor_difference_of_squares, factor_out_gcf, factor_perfect_square, factor_trinomial
from scenesmith.kinds.solution.rules.algebra_fractions import cancel_fraction_factors, factor_fraction_parts, rationalise_surd_denominator
from scenesmith.kinds.solution.steps.display import plain
from scenesmith.kinds.solution.steps.state import Expression, Relations
from scenesmith.kinds.solution.tasks import expressions as task

x, y = symbol("x"), symbol("y")


def typed(text: str) -> Expression:
    """The expression as the reader gives it (unevaluated, as typed)."""
    return Expression(read(text).expressions()[0])


def one(moves):
    moves = list(moves)
    assert len(moves) == 1, moves
    return moves[0]


def shown(moves) -> str:
    return plain(one(moves).state.expr)


# --- factoring -------------------------------------------------------------------------------

def test_factor_out_gcf():
    move = one(factor_out_gcf(Expression(6 * x**2 + 9 * x)))
    assert plain(move.state.expr) == "3x(2x + 3)"
    assert "3x" in move.caption
    assert factor_out_gcf(Expression(x**2 - 9)) == []


def test_factor_out_gcf_negative_leading_coefficient():
    assert shown(factor_out_gcf(Expression(-x**2 + 9))) == "-(x^2 - 9)"


def test_factor_difference_of_squares():
    assert shown(factor_difference_of_squares(Expression(4 * x**2 - 25 * y**2))) == "(2x - 5y)(2x + 5y)"
    assert factor_difference_of_squares(Expression(x**2 + 9)) == []
    assert factor_difference_of_squares(Expression(2 * x**2 - 8)) == []  # the common factor comes first


def test_factor_perfect_square():
    assert shown(factor_perfect_square(Expression(x**2 + 10 * x + 25))) == "(x + 5)^2"
    assert shown(factor_perfect_square(Expression(x**2 - 6 * x + 9))) == "(x - 3)^2"
    assert factor_perfect_square(Expression(x**2 + 5 * x + 25)) == []


def test_factor_cubes():
    assert shown(factor_cubes(Expression(x**3 - 8))) == "(x - 2)(x^2 + 2x + 4)"
    assert shown(factor_cubes(Expression(27 * x**3 + 1))) == "(3x + 1)(9x^2 - 3x + 1)"
    assert factor_cubes(Expression(x**3 - 9)) == []


def test_factor_trinomial():
    move = one(factor_trinomial(Expression(x**2 - 7 * x + 12)))
    assert plain(move.state.expr) == "(x - 4)(x - 3)"
    assert "12" in move.caption and "-7" in move.caption
    assert factor_trinomial(Expression(x**2 + x + 1)) == []
    assert factor_trinomial(Expression(2 * x**2 - 3 * x - 2)) == []  # a != 1: the ac method


def test_ac_split_middle_term():
    move = one(ac_split_middle_term(Expression(2 * x**2 - 3 * x - 2)))
    assert plain(move.state.expr) == "2x^2 + x - 4x - 2"
    assert sp.expand(move.state.expr.doit() - (2 * x**2 - 3 * x - 2)) == 0
    assert ac_split_middle_term(Expression(x**2 - 3 * x + 2)) == []


def test_factor_by_grouping_pairs():
    assert shown(factor_by_grouping_pairs(Expression(x**3 + 3 * x**2 + 2 * x + 6))).replace("*", "") == "x^2(x + 3) + 2(x + 3)"
    split = sp.Add(2 * x**2, x, -4 * x, -2, evaluate=False)
    assert shown(factor_by_grouping_pairs(Expression(split))) == "x(2x + 1) - 2(2x + 1)"
    assert factor_by_grouping_pairs(Expression(x**3 + x**2 + x + 2)) == []


def test_factor_common_bracket():
    grouped = sp.Add(sp.Mul(x, 2 * x + 1, evaluate=False), sp.Mul(-2, 2 * x + 1, evaluate=False), evaluate=False)
    assert shown(factor_common_bracket(Expression(grouped))) == "(x - 2)(2x + 1)"
    assert factor_common_bracket(Expression(x**2 + 1)) == []


def test_factor_by_root():
    move = one(factor_by_root(Expression(x**3 - 6 * x**2 + 11 * x - 6)))
    assert plain(move.state.expr) == "(x - 1)(x^2 - 5x + 6)"
    assert factor_by_root(Expression(x**3 + x + 1)) == []


def test_fully_factored():
    assert fully_factored(sp.Mul(2, x, x - 2, x + 2, evaluate=False))
    assert not fully_factored(sp.Mul(2, x, x**2 - 4, evaluate=False))
    assert not fully_factored(2 * x + 4)
    assert fully_factored(x**2 + 1)


# --- expanding and combining ------------------------------------------------------------------

def test_expand_brackets_distribute():
    move = one(expand_brackets(typed("2(x + 3) - 4x")))
    assert move.caption == "Distribute 2"
    assert sorted(plain(move.state.expr).split(" ")) == sorted("2x + 6 - 4x".split(" "))


def test_expand_brackets_foil_and_binomials():
    assert one(expand_brackets(typed("(x+2)(x-5)"))).caption == "Multiply out the brackets (FOIL)"
    assert shown(expand_brackets(typed("(x+3)^2"))) == "x^2 + 6x + 9"
    assert shown(expand_brackets(typed("(2x-1)^3"))) == "8x^3 - 12x^2 + 6x - 1"
    assert "first two brackets" in one(expand_brackets(typed("(x+1)(x+2)(x+3)"))).caption
    assert expand_brackets(Expression(x**2 + 1)) == []


def test_collect_like_terms():
    move = one(collect_like_terms(Expression(sp.Add(2 * x, 6, -4 * x, evaluate=False))))
    assert plain(move.state.expr) == "-2x + 6"
    assert collect_like_terms(Expression(x**2 + 1)) == []


def test_order_terms():
    assert shown(order_terms(Expression(sp.Add(x, 3, x**2, evaluate=False)))) == "x^2 + x + 3"
    assert order_terms(Expression(x**2 + 3)) == []


# --- laws of exponents -------------------------------------------------------------------------

def test_law_product_of_powers():
    assert shown(law_product_of_powers(typed("x^3 * x^5"))) == "x^8"
    assert shown(law_product_of_powers(typed("(3x^2)(4x^5)"))) == "12x^7"
    assert law_product_of_powers(Expression(x**8)) == []


def test_law_power_of_power():
    assert shown(law_power_of_power(typed("(x^2)^3"))) == "x^6"
    assert law_power_of_power(Expression(x**6)) == []


def test_law_power_of_product():
    assert shown(law_power_of_product(typed("(2x^3)^2"))) == "4x^6"


def test_law_quotient_of_powers():
    move = one(law_quotient_of_powers(typed("x^7 / x^3")))
    assert plain(move.state.expr) == "x^4"
    assert any("x ≠ 0" in c for c in move.checks)


def test_law_zero_exponent():
    move = one(law_zero_exponent(typed("x^0")))
    assert move.state.expr == 1 and move.checks


def test_law_negative_exponent():
    move = one(law_negative_exponent(typed("x^-2")))
    assert answer_text(move.state.expr) == "1/x^2"


# --- rational expressions and denominators -----------------------------------------------------

def test_factor_fraction_parts_and_cancel():
    move = one(factor_fraction_parts(typed("(x^2 - 9)/(x - 3)")))
    assert move.caption == "Factor the numerator"
    cancel = one(cancel_fraction_factors(move.state))
    assert plain(cancel.state.expr) == "x + 3"
    assert any("x ≠ 3" in c for c in cancel.checks)
    assert factor_fraction_parts(typed("(x + 1)/(x - 2)")) == []


def test_rationalise_surd_denominator():
    assert shown(rationalise_surd_denominator(typed("x/sqrt(3)"))) == "x*sqrt(3)/3"
    assert rationalise_surd_denominator(Expression(x / 3)) == []


def test_rules_ignore_relations():
    state = Relations.single(x, Relation(x**2 - 9, "=", sp.S.Zero))
    for module in (algebra_factor, algebra_expand, algebra_exponents, algebra_fractions):
        for name in [n for n, r in module.__dict__.items() if callable(r) and (n.startswith(("factor_", "law_", "expand_", "collect_", "order_", "cancel_", "rationalise_", "ac_")))]:
            fn = getattr(module, name)
            if fn.__code__.co_varnames[:1] == ("state",):
                assert list(fn(state)) == [], name


# --- the task reader ---------------------------------------------------------------------------

def test_reader_modes():
    assert task.read(read("factor x^2 - 9")).instruction == "Factor completely"
    assert task.read(read("expand (x+1)(x-1)")).instruction == "Expand and simplify"
    assert task.read(read("x^3 * x^5")).instruction == "Simplify"


def test_reader_passes_what_is_not_its_own():
    assert task.read(read("simplify 2 + 3*4")) is None  # numbers only: arithmetic
    assert task.read(read("solve 3x + 7 = 22")) is None  # a relation


@pytest.mark.parametrize("prompt, why", [
    ("simplify sqrt(x) * sqrt(x)", "root or fractional power"),
    ("Graph the expression x^2 + 3x", "did not understand"),
    ("factor x^2 - 1/4", "not whole numbers"),
    ("expand (x + y + z)^4", "too many terms"),
    ("simplify 2x + 3 and 4x - 1", "several expressions"),
    ("expand (x + 1)/(x - 1)", "nothing to expand"),
])
def test_reader_refuses(prompt, why):
    with pytest.raises(Unsupported) as caught:
        task.read(read(prompt))
    assert why in str(caught.value)


def test_irreducible_is_its_own_answer():
    problem = task.read(read("factor x^2 + 1"))
    assert problem.intro_steps and "does not factor over the integers" in problem.intro_steps[-1].caption


# --- red team, round 2 ------------------------------------------------------------------------

from scenesmith.kinds.solution.solve import derive  # noqa: E402


@pytest.mark.parametrize("prompt, why", [
    ("Simplify 1/2x", "ambiguous"),  # was answered x/2
    ("Simplify x/2y", "ambiguous"),  # was answered xy/2
    ("Simplify a third of 6x", "English word 'a'"),  # 'a (1/3) * 6x': the article read as a variable
    ("Simplify 2a + 3 a", "English word 'a'"),
])
def test_readings_that_would_change_the_problem_are_refused(prompt, why):
    with pytest.raises(Unsupported) as caught:
        derive(prompt)
    assert why in str(caught.value)


def test_answer_text_brackets_a_product_in_the_denominator():
    assert answer_text(1 / (2 * x)) == "1/(2x)"  # never '1/2x', which reads as x/2
    assert answer_text((x + 1) / (2 * x)) == "(x + 1)/(2x)"
    assert answer_text(1 / x**2) == "1/x^2"


def test_answer_text_writes_monomials_without_stars():
    assert answer_text(12 * x**3 * y**4) == "12x^3y^4"
    assert answer_text(2 * x**2 * y) == "2x^2y"
    assert answer_text(x**2 * y + x * y**2) == "x^2y + xy^2"
    assert answer_text(x**2 - 3 * x - 10) == "x^2 - 3x - 10"


def test_expand_brackets_keeps_every_equal_bracket():
    e = sp.Mul(*([x + 1] * 4), evaluate=False)
    move = one(expand_brackets(Expression(e)))
    assert sp.expand(move.state.expr.doit() - (x + 1) ** 4) == 0  # three factors were dropped before
    assert derive("Expand (x + 1)^4").answer_text == "x^4 + 4x^3 + 6x^2 + 4x + 1"


def test_quotient_rule_divides_a_coefficient_by_a_number():
    move = one(law_quotient_of_powers(typed("8x ÷ 2")))
    assert plain(move.state.expr) == "4x" and "8 ÷ 2" in move.caption
    assert law_quotient_of_powers(typed("3x/2")) == []  # nothing to divide


@pytest.mark.parametrize("prompt, answer", [
    ("Simplify 3x + 2a", "2a + 3x"),  # the same terms in another order were never a goal
    ("Simplify 6x^2y/3", "2x^2y"),
    ("Simplify (3x^2y)(4xy^3)", "12x^3y^4"),
    ("Simplify 2/(4x)", "1/(2x)"),
    ("Is 2x + 3 a polynomial? Simplify it", "2x + 3"),  # was answered 3a + 2x
])
def test_expression_answers(prompt, answer):
    assert derive(prompt).answer_text == answer
