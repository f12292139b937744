"""Unit tests of the arithmetic rules (one per rule) and of the arithmetic task reader."""

from __future__ import annotations

import pytest
import sympy as sp

from scenesmith.mathreader import read
from scenesmith.mathreader.normalize import mixed_numbers
from scenesmith.kinds.solution.problem import Unsupported
from scenesmith.kinds.solution.rules.arithmetic_common import Arith, answered, frac
from scenesmith.kinds.solution.rules.arithmetic_powers import evaluate_absolute_value, evaluate_factorial, evaluate_log, evaluate_powers, evaluate_roots, negative_exponent, power_of_minus_one, power_of_one, power_of_zero, simplify_square_root
from scenesmith.kinds.solution.rules.arithmetic_products import divide_by_fraction, divide_exactly, mixed_to_improper, multiply_divide, simplify_fraction
from scenesmith.kinds.solution.rules.arithmetic_sums import add_like_roots, add_numerators, add_subtract, common_denominator
from scenesmith.kinds.solution.solve import derive
from scenesmith.kinds.solution.tasks import arithmetic as task
from tests.solution.rules.moves import only

U = dict(evaluate=False)


def start(prompt: str):
    return task.read(read(prompt)).start


def value_of(state):
    return sp.sympify(state.expr).doit()


# ---------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------


def test_power_of_one_never_computes_the_exponent():
    s = start("1^(3^123456789)")
    m = only(power_of_one(s))
    assert m.state.expr == 1 and "1 to any power is 1" in m.caption


def test_power_of_zero():
    m = only(power_of_zero(start("0^(10^(10^10))")))
    assert m.state.expr == 0


def test_power_of_minus_one_uses_parity():
    assert only(power_of_minus_one(start("(-1)^(3^100)"))).state.expr == -1
    m = only(power_of_minus_one(start("(-1)^(2^(10^10))")))
    assert m.state.expr == 1 and "even" in m.caption


def test_evaluate_powers_then_multiply_then_add():
    s = start("2 + 3 * 4^2")
    m = only(evaluate_powers(s))
    assert m.state.latex() == r"2 + 3 \times 16"
    assert multiply_divide(s) == []  # powers come first
    m2 = only(multiply_divide(m.state))
    assert m2.state.latex() == "2 + 48"
    m3 = only(add_subtract(m2.state))
    assert m3.state.expr == 50


def test_negative_exponent():
    m = only(negative_exponent(start("2^-3")))
    assert m.state.latex() == r"\frac{1}{2^{3}}"
    assert value_of(m.state) == sp.Rational(1, 8)


def test_evaluate_roots():
    assert only(evaluate_roots(start("√49"))).state.expr == 7
    assert only(evaluate_roots(start("cbrt(27)"))).state.expr == 3
    assert evaluate_roots(start("sqrt(72)")) == []  # not a perfect square


def test_simplify_square_root():
    m = only(simplify_square_root(start("sqrt(72)")))
    assert m.state.latex() == r"6 \sqrt{2}" and "36" in m.caption
    assert answered(m.state)


def test_evaluate_log():
    m = only(evaluate_log(start("log base 3 of 81")))
    assert m.state.expr == 4 and "3^4 = 81" in m.caption
    assert evaluate_log(start("log_2(10)")) == []


def test_evaluate_absolute_value():
    m = only(evaluate_absolute_value(start("|-5| + 3")))
    assert m.state.latex() == "5 + 3"


def test_evaluate_factorial():
    s = Arith(sp.Add(sp.factorial(sp.Integer(5), **U), 1, **U))
    m = only(evaluate_factorial(s))
    assert value_of(m.state) == 121 and "5 × 4 × 3 × 2 × 1" in m.caption


def test_mixed_to_improper():
    s = start("2 1/2 + 1 3/4")
    assert s.latex() == r"2\frac{1}{2} + 1\frac{3}{4}"
    m = only(mixed_to_improper(s))
    assert m.state.latex() == r"\frac{5}{2} + \frac{7}{4}"


def test_common_denominator_and_add_numerators():
    s = start("2/3 + 1/4")
    assert add_numerators(s) == []
    m = only(common_denominator(s))
    assert m.state.latex() == r"\frac{8}{12} + \frac{3}{12}" and "12" in m.caption
    m2 = only(add_numerators(m.state))
    assert m2.state.latex() == r"\frac{11}{12}"


def test_divide_by_fraction():
    s = start(r"$\frac{3}{4} \div \frac{2}{5}$")
    m = only(divide_by_fraction(s))
    assert m.state.latex() == r"\frac{3}{4} \times \frac{5}{2}" and "reciprocal" in m.caption


def test_divide_exactly_before_multiplying():
    s = start("12 ÷ 3 × 2")
    assert multiply_divide(s) == []
    assert only(divide_exactly(s)).state.latex() == r"4 \times 2"


def test_simplify_fraction():
    s = Arith(frac(10, 4))
    m = only(simplify_fraction(s))
    assert m.state.latex() == r"\frac{5}{2}" and "GCD 2" in m.caption
    assert simplify_fraction(Arith(frac(5, 2))) == []


def test_add_like_roots():
    s = Arith(sp.Add(sp.Mul(6, sp.Pow(2, sp.S.Half, **U), **U), sp.Pow(2, sp.S.Half, **U), **U))
    m = only(add_like_roots(s))
    assert value_of(m.state) == 7 * sp.sqrt(2)


def test_decimals_stay_decimals():
    s = start("1.2 × 3")
    assert s.latex() == r"1.2 \times 3"
    m = only(multiply_divide(s))
    assert m.state.latex() == "3.6"


def test_rules_ignore_other_states():
    from scenesmith.kinds.solution.steps.state import Expression
    other = Expression(sp.Add(2, 3, **U))
    for fn in (add_subtract, evaluate_powers, multiply_divide, common_denominator, power_of_one):
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


# ---------------------------------------------------------------------------------------------
# Red team, round 2: readings that changed the problem, and roots of negative numbers
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prompt, answer", [
    ("What is log_2 4.0?", "2"),  # was read as log_2(4) × 0 = 0
    ("log_2 .5", "-1"),
    ("log_2 8^2", "6"),  # log_2(8^2), as 'log 100^2' is log(100^2); was (log_2 8)^2 = 9
    ("log_{2} 8^2", "6"),
])
def test_log_with_a_base_reads_its_whole_argument(prompt, answer):
    assert derive(prompt).answer_text == answer


def test_log_of_a_decimal_is_never_split():
    with pytest.raises(Unsupported) as caught:
        derive("log_2 1.5")  # was read as log_2(1) × 0.5 and answered 0
    assert "log_2(1.5)" in str(caught.value)


def test_real_odd_roots_of_negative_numbers_are_shown_as_typed():
    s = derive("cbrt(-8)")
    assert s.problem_latex == r"\sqrt[3]{-8}" and s.answer_text == "-2"
    assert "cbrt(-8) = -2 because (-2)^3 = -8" in s.steps[0].reason
    s = derive("(-8)^(1/3)")
    assert s.answer_text == "-2" and "(-8)^(1/3) = -2" in s.steps[0].reason
    assert derive("(-32)^(1/5)").answer_text == "-2"
    assert derive("cbrt(-8)^2").answer_text == "4"


def test_fractional_power_of_a_negative_number_is_refused():
    with pytest.raises(Unsupported) as caught:
        derive("(-8)^(2/3)")
    assert "fractional power of a negative number" in str(caught.value)


@pytest.mark.parametrize("prompt, answer", [("3^-1 + 3^-2", "4/9"), ("2⁻¹", "1/2"), ("(2/3)^-1", "3/2"), ("2^-1 + 2^-1", "1")])
def test_a_power_minus_one_on_its_own_is_a_reciprocal(prompt, answer):
    assert derive(prompt).answer_text == answer


def test_factorial_rule_fires_in_a_whole_solve():
    s = derive("3! + 4!")
    assert s.answer_text == "30"
    assert any(x.rule == "evaluate_factorial" for x in s.steps)
