"""Unit tests of the algebra rules (one or more per rule) and of the expressions task reader."""

from __future__ import annotations

import pytest
import sympy as sp

from scenesmith.mathreader import Relation, read, symbol
from scenesmith.kinds.solution.problem import Unsupported
from scenesmith.kinds.solution.rules import algebra as A
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
    move = one(A.factor_out_gcf(Expression(6 * x**2 + 9 * x)))
    assert plain(move.state.expr) == "3x(2x + 3)"
    assert "3x" in move.caption
    assert A.factor_out_gcf(Expression(x**2 - 9)) == []


def test_factor_out_gcf_negative_leading_coefficient():
    assert shown(A.factor_out_gcf(Expression(-x**2 + 9))) == "-(x^2 - 9)"


def test_factor_difference_of_squares():
    assert shown(A.factor_difference_of_squares(Expression(4 * x**2 - 25 * y**2))) == "(2x - 5y)(2x + 5y)"
    assert A.factor_difference_of_squares(Expression(x**2 + 9)) == []
    assert A.factor_difference_of_squares(Expression(2 * x**2 - 8)) == []  # the common factor comes first


def test_factor_perfect_square():
    assert shown(A.factor_perfect_square(Expression(x**2 + 10 * x + 25))) == "(x + 5)^2"
    assert shown(A.factor_perfect_square(Expression(x**2 - 6 * x + 9))) == "(x - 3)^2"
    assert A.factor_perfect_square(Expression(x**2 + 5 * x + 25)) == []


def test_factor_cubes():
    assert shown(A.factor_cubes(Expression(x**3 - 8))) == "(x - 2)(x^2 + 2x + 4)"
    assert shown(A.factor_cubes(Expression(27 * x**3 + 1))) == "(3x + 1)(9x^2 - 3x + 1)"
    assert A.factor_cubes(Expression(x**3 - 9)) == []


def test_factor_trinomial():
    move = one(A.factor_trinomial(Expression(x**2 - 7 * x + 12)))
    assert plain(move.state.expr) == "(x - 4)(x - 3)"
    assert "12" in move.caption and "-7" in move.caption
    assert A.factor_trinomial(Expression(x**2 + x + 1)) == []
    assert A.factor_trinomial(Expression(2 * x**2 - 3 * x - 2)) == []  # a != 1: the ac method


def test_ac_split_middle_term():
    move = one(A.ac_split_middle_term(Expression(2 * x**2 - 3 * x - 2)))
    assert plain(move.state.expr) == "2x^2 + x - 4x - 2"
    assert sp.expand(move.state.expr.doit() - (2 * x**2 - 3 * x - 2)) == 0
    assert A.ac_split_middle_term(Expression(x**2 - 3 * x + 2)) == []


def test_factor_by_grouping_pairs():
    assert shown(A.factor_by_grouping_pairs(Expression(x**3 + 3 * x**2 + 2 * x + 6))).replace("*", "") == "x^2(x + 3) + 2(x + 3)"
    split = sp.Add(2 * x**2, x, -4 * x, -2, evaluate=False)
    assert shown(A.factor_by_grouping_pairs(Expression(split))) == "x(2x + 1) - 2(2x + 1)"
    assert A.factor_by_grouping_pairs(Expression(x**3 + x**2 + x + 2)) == []


def test_factor_common_bracket():
    grouped = sp.Add(sp.Mul(x, 2 * x + 1, evaluate=False), sp.Mul(-2, 2 * x + 1, evaluate=False), evaluate=False)
    assert shown(A.factor_common_bracket(Expression(grouped))) == "(x - 2)(2x + 1)"
    assert A.factor_common_bracket(Expression(x**2 + 1)) == []


def test_factor_by_root():
    move = one(A.factor_by_root(Expression(x**3 - 6 * x**2 + 11 * x - 6)))
    assert plain(move.state.expr) == "(x - 1)(x^2 - 5x + 6)"
    assert A.factor_by_root(Expression(x**3 + x + 1)) == []


def test_fully_factored():
    assert A.fully_factored(sp.Mul(2, x, x - 2, x + 2, evaluate=False))
    assert not A.fully_factored(sp.Mul(2, x, x**2 - 4, evaluate=False))
    assert not A.fully_factored(2 * x + 4)
    assert A.fully_factored(x**2 + 1)


# --- expanding and combining ------------------------------------------------------------------

def test_expand_brackets_distribute():
    move = one(A.expand_brackets(typed("2(x + 3) - 4x")))
    assert move.caption == "Distribute 2"
    assert sorted(plain(move.state.expr).split(" ")) == sorted("2x + 6 - 4x".split(" "))


def test_expand_brackets_foil_and_binomials():
    assert one(A.expand_brackets(typed("(x+2)(x-5)"))).caption == "Multiply out the brackets (FOIL)"
    assert shown(A.expand_brackets(typed("(x+3)^2"))) == "x^2 + 6x + 9"
    assert shown(A.expand_brackets(typed("(2x-1)^3"))) == "8x^3 - 12x^2 + 6x - 1"
    assert "first two brackets" in one(A.expand_brackets(typed("(x+1)(x+2)(x+3)"))).caption
    assert A.expand_brackets(Expression(x**2 + 1)) == []


def test_collect_like_terms():
    move = one(A.collect_like_terms(Expression(sp.Add(2 * x, 6, -4 * x, evaluate=False))))
    assert plain(move.state.expr) == "-2x + 6"
    assert A.collect_like_terms(Expression(x**2 + 1)) == []


def test_order_terms():
    assert shown(A.order_terms(Expression(sp.Add(x, 3, x**2, evaluate=False)))) == "x^2 + x + 3"
    assert A.order_terms(Expression(x**2 + 3)) == []


# --- laws of exponents -------------------------------------------------------------------------

def test_law_product_of_powers():
    assert shown(A.law_product_of_powers(typed("x^3 * x^5"))) == "x^8"
    assert shown(A.law_product_of_powers(typed("(3x^2)(4x^5)"))) == "12x^7"
    assert A.law_product_of_powers(Expression(x**8)) == []


def test_law_power_of_power():
    assert shown(A.law_power_of_power(typed("(x^2)^3"))) == "x^6"
    assert A.law_power_of_power(Expression(x**6)) == []


def test_law_power_of_product():
    assert shown(A.law_power_of_product(typed("(2x^3)^2"))) == "4x^6"


def test_law_quotient_of_powers():
    move = one(A.law_quotient_of_powers(typed("x^7 / x^3")))
    assert plain(move.state.expr) == "x^4"
    assert any("x ≠ 0" in c for c in move.checks)


def test_law_zero_exponent():
    move = one(A.law_zero_exponent(typed("x^0")))
    assert move.state.expr == 1 and move.checks


def test_law_negative_exponent():
    move = one(A.law_negative_exponent(typed("x^-2")))
    assert A.answer_text(move.state.expr) == "1/x^2"


# --- rational expressions and denominators -----------------------------------------------------

def test_factor_fraction_parts_and_cancel():
    move = one(A.factor_fraction_parts(typed("(x^2 - 9)/(x - 3)")))
    assert move.caption == "Factor the numerator"
    cancel = one(A.cancel_fraction_factors(move.state))
    assert plain(cancel.state.expr) == "x + 3"
    assert any("x ≠ 3" in c for c in cancel.checks)
    assert A.factor_fraction_parts(typed("(x + 1)/(x - 2)")) == []


def test_rationalise_surd_denominator():
    assert shown(A.rationalise_surd_denominator(typed("x/sqrt(3)"))) == "x*sqrt(3)/3"
    assert A.rationalise_surd_denominator(Expression(x / 3)) == []


def test_rules_ignore_relations():
    state = Relations.single(x, Relation(x**2 - 9, "=", sp.S.Zero))
    for name in [n for n, r in A.__dict__.items() if callable(r) and (n.startswith(("factor_", "law_", "expand_", "collect_", "order_", "cancel_", "rationalise_", "ac_")))]:
        fn = getattr(A, name)
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
