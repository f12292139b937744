"""Unit tests: derivative rules and the calculus task reader for derivatives."""

import pytest
import sympy as sp

from scenesmith.kinds.solution.problem import Unsupported
from scenesmith.kinds.solution.rules import derivatives as D
from scenesmith.kinds.solution.steps.state import Expression, Relations
from scenesmith.kinds.solution.solve import derive, problem_of
from scenesmith.mathreader import symbol

x = symbol("x")


def one(moves):
    moves = list(moves)
    assert len(moves) == 1
    return moves[0]


def refusal(prompt) -> str:
    """The message of the refusal the reader gives (the test fails when it reads the prompt)."""
    with pytest.raises(Unsupported) as caught:
        problem_of(prompt)
    return str(caught.value)


def value(m):
    return sp.simplify(m.state.expr.doit())


def test_constant_rule():
    m = one(D.constant_rule(Expression(D.d(sp.Integer(7), x))))
    assert m.state.expr == 0 and "constant" in m.caption


def test_sum_rule():
    m = one(D.sum_rule(Expression(D.d(x**3 + 2 * x, x))))
    assert m.state.expr.has(sp.Derivative) and sp.expand(value(m) - (3 * x**2 + 2)) == 0


def test_power_rule():
    m = one(D.power_rule(Expression(D.d(3 * x**4, x))))
    assert m.state.expr == 12 * x**3 and "power rule" in m.caption


def test_constant_multiple_rule():
    m = one(D.constant_multiple_rule(Expression(D.d(3 * sp.sin(x), x))))
    assert m.state.expr.has(sp.Derivative) and sp.simplify(value(m) - 3 * sp.cos(x)) == 0


def test_product_rule():
    m = one(D.product_rule(Expression(D.d(x**2 * sp.sin(x), x))))
    assert "product rule" in m.caption and sp.simplify(value(m) - (2 * x * sp.sin(x) + x**2 * sp.cos(x))) == 0


def test_quotient_rule():
    m = one(D.quotient_rule(Expression(D.d(sp.sin(x) / x, x))))
    assert "quotient rule" in m.caption and sp.simplify(value(m) - sp.diff(sp.sin(x) / x, x)) == 0


def test_chain_rule_names_inner_function():
    m = one(D.chain_rule(Expression(D.d(sp.sin(x**2), x))))
    assert "u = x^2" in m.caption and sp.simplify(value(m) - 2 * x * sp.cos(x**2)) == 0


def test_trig_rule():
    assert one(D.trig_rule(Expression(D.d(sp.cos(x), x)))).state.expr == -sp.sin(x)


def test_inverse_trig_rule():
    assert one(D.inverse_trig_rule(Expression(D.d(sp.atan(x), x)))).state.expr == 1 / (1 + x**2)


def test_exponential_rule():
    assert one(D.exponential_rule(Expression(D.d(sp.exp(x), x)))).state.expr == sp.exp(x)
    m = one(D.exponential_rule(Expression(D.d(2**x, x))))
    assert sp.simplify(value(m) - 2**x * sp.log(2)) == 0


def test_logarithm_rule():
    assert one(D.logarithm_rule(Expression(D.d(sp.log(x), x)))).state.expr == 1 / x


def test_simplify_and_goal():
    state = Expression(x * (x + 1) - x)
    assert not D.is_done(state)
    m = one(D.simplify_derivative(state))
    assert D.is_done(m.state) and m.state.expr == x**2


def test_rules_do_not_apply_elsewhere():
    for r in (D.power_rule, D.sum_rule, D.product_rule, D.chain_rule, D.simplify_derivative):
        assert list(r(Relations.single(x))) == []
    assert list(D.power_rule(Expression(D.d(sp.sin(x), x)))) == []
    assert list(D.product_rule(Expression(D.d(3 * x**2, x)))) == []


@pytest.mark.parametrize("prompt", ["d/dx (x^3 + 2x)", "Find f'(x) if f(x) = 3x^2 + 2x", "dy/dx if y = e^(2x)", "Differentiate x^2 sin(x)"])
def test_reader_accepts(prompt):
    p = problem_of(prompt)
    assert p.task == "calculus" and p.families == ("derivatives",) and p.start.expr.has(sp.Derivative)


@pytest.mark.parametrize("prompt, why", [
    ("partial derivative of x^2 y with respect to x", "Partial derivatives"),
    ("derivative of x^2 y", "one variable"),
    ("second derivative of x^3", "Higher-order"),
    ("derivative of x^2 please graph it", "did not understand"),
])
def test_reader_refuses(prompt, why):
    assert why in refusal(prompt)


def test_reader_leaves_other_prompts():
    assert problem_of("3x + 7 = 22").task != "calculus"


def test_polynomial_rule_only_inside_a_bigger_expression():
    inner = D.d(x**2 - 1, x)
    m = one(D.polynomial_rule(Expression(sp.Mul(inner, x**2 + 1, evaluate=False))))
    assert "term by term" in m.caption and sp.expand(m.state.expr - 2 * x * (x**2 + 1)) == 0
    assert list(D.sum_rule(Expression(sp.Mul(inner, x**2 + 1, evaluate=False)))) == []
    assert list(D.polynomial_rule(Expression(D.d(x**2 - 1, x)))) == []  # the whole problem: the sum rule shows it
    assert len(list(D.sum_rule(Expression(D.d(x**2 - 1, x))))) == 1


def test_text_names_inverse_trig_as_arc():
    assert D.text(sp.atan(x)) == "arctan(x)" and D.text(sp.asin(2 * x)) == "arcsin(2x)"


@pytest.mark.parametrize("prompt, answer", [
    ("derivative of e", "0"),  # a lone e is Euler's number, not a variable (was read as d/de e = 1)
    ("derivative of 2e + x^2", "2x"),
    ("Differentiate log(x)", "1/(x*ln(10))"),  # bare log is base 10, as everywhere in the solver
    ("derivative of sin^2(x)", "2*cos(x)*sin(x)"),
    ("derivative of sin²x", "2*cos(x)*sin(x)"),
    ("differentiate tan^-1(x)", "1/(x^2 + 1)"),
    ("differentiate sin^-1 x", "1/sqrt(-x^2 + 1)"),
    ("\\frac{d}{dx} \\sin(x^2)", "2x*cos(x^2)"),
    ("Find dy/dx: y = (x^2 - 1)/(x^2 + 1)", "4x/(x^2 + 1)^2"),  # was refused: the sum-rule step grew too long to show
    ("please differentiate y = 1/x thanks", "-1/x^2"),
])
def test_reader_answers(prompt, answer):
    assert derive(prompt).answer_text == answer


@pytest.mark.parametrize("prompt, why", [
    ("Differentiate 1/2x", "ambiguous"),  # was answered as (1/2)x
    ("differentiate x^2 - 1/2x", "ambiguous"),
    ("differentiate sin(30°) x", "degrees"),
    ("derivative of ln(x) + log(x)", "mixes ln and log"),
])
def test_reader_refuses_unclear(prompt, why):
    assert why in refusal(prompt)
