"""Unit tests of the arithmetic rules (one per rule) and of the arithmetic task reader."""

from __future__ import annotations

import pytest
import sympy as sp

from scenesmith.mathreader import read
from scenesmith.mathreader.normalize import mixed_numbers
from scenesmith.kinds.solution.problem import Unsupported
from scenesmith.kinds.solution.rules import arithmetic as A
from scenesmith.kinds.solution.solve import derive
from scenesmith.kinds.solution.tasks import arithmetic as task

U = dict(evaluate=False)


def start(prompt: str):
    return task.read(read(prompt)).start


def only(moves):
    moves = list(moves)
    assert len(moves) == 1, moves
    return moves[0]


def value_of(state):
    return sp.sympify(state.expr).doit()


# ---------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------


def test_power_of_one_never_computes_the_exponent():
    s = start("1^(3^123456789)")
    m = only(A.power_of_one(s))
    assert m.state.expr == 1 and "1 to any power is 1" in m.caption


def test_power_of_zero():
    m = only(A.power_of_zero(start("0^(10^(10^10))")))
    assert m.state.expr == 0


def test_power_of_minus_one_uses_parity():
    assert only(A.power_of_minus_one(start("(-1)^(3^100)"))).state.expr == -1
    m = only(A.power_of_minus_one(start("(-1)^(2^(10^10))")))
    assert m.state.expr == 1 and "even" in m.caption


def test_evaluate_powers_then_multiply_then_add():
    s = start("2 + 3 * 4^2")
    m = only(A.evaluate_powers(s))
    assert m.state.latex() == r"2 + 3 \times 16"
    assert A.multiply_divide(s) == []  # powers come first
    m2 = only(A.multiply_divide(m.state))
    assert m2.state.latex() == "2 + 48"
    m3 = only(A.add_subtract(m2.state))
    assert m3.state.expr == 50


def test_negative_exponent():
    m = only(A.negative_exponent(start("2^-3")))
    assert m.state.latex() == r"\frac{1}{2^{3}}"
    assert value_of(m.state) == sp.Rational(1, 8)


def test_evaluate_roots():
    assert only(A.evaluate_roots(start("√49"))).state.expr == 7
    assert only(A.evaluate_roots(start("cbrt(27)"))).state.expr == 3
    assert A.evaluate_roots(start("sqrt(72)")) == []  # not a perfect square


def test_simplify_square_root():
    m = only(A.simplify_square_root(start("sqrt(72)")))
    assert m.state.latex() == r"6 \sqrt{2}" and "36" in m.caption
    assert A.answered(m.state)


def test_evaluate_log():
    m = only(A.evaluate_log(start("log base 3 of 81")))
    assert m.state.expr == 4 and "3^4 = 81" in m.caption
    assert A.evaluate_log(start("log_2(10)")) == []


def test_evaluate_absolute_value():
    m = only(A.evaluate_absolute_value(start("|-5| + 3")))
    assert m.state.latex() == "5 + 3"


def test_evaluate_factorial():
    s = A.Arith(sp.Add(sp.factorial(sp.Integer(5), **U), 1, **U))
    m = only(A.evaluate_factorial(s))
    assert value_of(m.state) == 121 and "5 × 4 × 3 × 2 × 1" in m.caption


def test_mixed_to_improper():
    s = start("2 1/2 + 1 3/4")
    assert s.latex() == r"2\frac{1}{2} + 1\frac{3}{4}"
    m = only(A.mixed_to_improper(s))
    assert m.state.latex() == r"\frac{5}{2} + \frac{7}{4}"


def test_common_denominator_and_add_numerators():
    s = start("2/3 + 1/4")
    assert A.add_numerators(s) == []
    m = only(A.common_denominator(s))
    assert m.state.latex() == r"\frac{8}{12} + \frac{3}{12}" and "12" in m.caption
    m2 = only(A.add_numerators(m.state))
    assert m2.state.latex() == r"\frac{11}{12}"


def test_divide_by_fraction():
    s = start(r"$\frac{3}{4} \div \frac{2}{5}$")
    m = only(A.divide_by_fraction(s))
    assert m.state.latex() == r"\frac{3}{4} \times \frac{5}{2}" and "reciprocal" in m.caption


def test_divide_exactly_before_multiplying():
    s = start("12 ÷ 3 × 2")
    assert A.multiply_divide(s) == []
    assert only(A.divide_exactly(s)).state.latex() == r"4 \times 2"


def test_simplify_fraction():
    s = A.Arith(A.frac(10, 4))
    m = only(A.simplify_fraction(s))
    assert m.state.latex() == r"\frac{5}{2}" and "GCD 2" in m.caption
    assert A.simplify_fraction(A.Arith(A.frac(5, 2))) == []


def test_add_like_roots():
    s = A.Arith(sp.Add(sp.Mul(6, sp.Pow(2, sp.S.Half, **U), **U), sp.Pow(2, sp.S.Half, **U), **U))
    m = only(A.add_like_roots(s))
    assert value_of(m.state) == 7 * sp.sqrt(2)


def test_decimals_stay_decimals():
    s = start("1.2 × 3")
    assert s.latex() == r"1.2 \times 3"
    m = only(A.multiply_divide(s))
    assert m.state.latex() == "3.6"


def test_rules_ignore_other_states():
    from scenesmith.kinds.solution.steps.state import Expression
    other = Expression(sp.Add(2, 3, **U))
    for fn in (A.add_subtract, A.evaluate_powers, A.multiply_divide, A.common_denominator, A.power_of_one):
        assert fn(other) == []


# ---------------------------------------------------------------------------------------------
# Reader and whole solves
# ---------------------------------------------------------------------------------------------


def test_mixed_number_normalisation():
    assert mixed_numbers("2 1/2 + 1 3/4") == "(5/2) + (7/4)"
    assert mixed_numbers("2 1/2x") == "2 1/2x"  # not a mixed number
    assert mixed_numbers("2^3 1/2") == "2^3 1/2"


@pytest.mark.parametrize("prompt, answer", [
    ("What is 2/3 + 1/4?", "11/12"),
    ("2 1/2 + 1 3/4", "17/4"),
    ("0.25 + 0.5", "0.75"),
    ("What is 1^(10^(10^10))?", "1"),
    ("log 100", "2"),
    ("Simplify sqrt(72)", "6*sqrt(2)"),
])
def test_solves(prompt, answer):
    assert derive(prompt).answer_text == answer


def test_bare_log_is_base_10_and_says_so():
    s = derive("What is log 1000?")
    assert s.answer_text == "3" and any("base 10" in n for n in s.notes)


def test_steps_follow_the_order_of_operations():
    s = derive("(3 + 5) × 2 − 4 ÷ 2")
    assert [x.latex for x in s.steps] == [r"8 \times 2 - \frac{4}{2}", r"16 - \frac{4}{2}", "16 - 2", "14"]
    assert "brackets" in s.steps[0].reason.lower()


def test_reader_passes_prompts_that_are_not_arithmetic():
    assert task.read(read("Solve 3x + 7 = 22")) is None
    assert task.read(read("Simplify 2x + 3x")) is None
    assert task.read(read("50% of 30")) is None


@pytest.mark.parametrize("prompt, why", [
    ("5/0", "divides by zero"),
    ("0^0", "0^0 is undefined"),
    ("sqrt(-4)", "not a real number"),
    ("6 ÷ 2(1 + 2)", "ambiguous"),
    ("3/4 ÷ 2/5", "ambiguous"),
    ("What is 2π × 3?", "pi"),
    ("Is 91 a prime number?", "prime"),
])
def test_reader_refuses(prompt, why):
    with pytest.raises(Unsupported) as caught:
        derive(prompt)
    assert why in str(caught.value)


def test_huge_powers_refused_for_size():
    with pytest.raises(Unsupported) as caught:
        derive("What is 2^5000?")
    assert "too big" in str(caught.value)
