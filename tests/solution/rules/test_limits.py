"""Unit tests: limit rules and the calculus task reader for limits."""

import pytest
import sympy as sp

from scenesmith.kinds.solution.rules import limits as L
from scenesmith.kinds.solution.steps.state import Expression
from scenesmith.kinds.solution.solve import problem_of
from tests.solution.rules.test_derivatives import derive, one, refusal, x


def test_direct_substitution():
    assert one(L.direct_substitution(Expression(sp.Limit(x**2 + 1, x, 3, "+-")))).state.expr == 10
    assert list(L.direct_substitution(Expression(sp.Limit((x**2 - 4) / (x - 2), x, 2, "+-")))) == []


def test_factor_and_cancel():
    m = one(L.factor_and_cancel(Expression(sp.Limit((x**2 - 4) / (x - 2), x, 2, "+-"))))
    assert "x - 2" in m.caption and m.state.expr.args[0] == x + 2


def test_lhopital():
    m = one(L.lhopital(Expression(sp.Limit(sp.sin(x) / x, x, 0, "+-"))))
    assert "L'Hôpital" in m.caption and m.state.expr.args[0] == sp.cos(x)
    assert list(L.lhopital(Expression(sp.Limit(sp.sin(x) / x, x, 1, "+-")))) == []


def test_rational_at_infinity():
    assert one(L.rational_at_infinity(Expression(sp.Limit((3 * x**2 + 1) / (x**2 - 5), x, sp.oo, "-")))).state.expr == 3


def test_simplify_and_goal():
    m = one(L.simplify_limit(Expression(sp.Add(12, -2, evaluate=False))))
    assert m.state.expr == 10 and L.is_done(m.state)


@pytest.mark.parametrize("prompt", ["lim x->2 (x^2-4)/(x-2)", "$\\lim_{x \\to 0} \\frac{\\sin x}{x}$", "limit of (x^2 - 1)/(x - 1) as x approaches 1"])
def test_reader_accepts(prompt):
    p = problem_of(prompt)
    assert p.task == "calculus" and p.start.expr.has(sp.Limit)


@pytest.mark.parametrize("prompt, why", [
    ("limit of 1/x as x approaches 0", "not a finite number"),
    ("limit as x approaches 0+ of sin(x)/x", "One-sided"),
    ("limit of x*y as x approaches 1", "one variable"),
])
def test_reader_refuses(prompt, why):
    assert why in refusal(prompt)


def test_constant_over_infinity():
    m = one(L.constant_over_infinity(Expression(sp.Limit(2 / sp.exp(x), x, sp.oo, "-"))))
    assert m.state.expr == 0 and "grows without bound" in m.caption
    assert list(L.constant_over_infinity(Expression(sp.Limit(x / sp.exp(x), x, sp.oo, "-")))) == []
    assert list(L.constant_over_infinity(Expression(sp.Limit(1 / x, x, 2, "+-")))) == []


@pytest.mark.parametrize("prompt, answer", [
    ("Find the limit of x^2/e^x as x approaches infinity", "0"),
    ("lim x→−1 (x^2 - 1)/(x + 1)", "-2"),
    ("limit as x approaches 1/2 of 2x", "1"),
    ("limit as x approaches e of ln(x)", "1"),
])
def test_reader_answers(prompt, answer):
    assert derive(prompt).answer_text == answer


@pytest.mark.parametrize("prompt", ["lim x->0+ 1/x", "lim x->0- 1/x", "lim x→0⁺ x ln(x)", "lim x->1+ (x^2-1)/(x-1)"])
def test_one_sided_written_with_a_sign_is_refused(prompt):
    assert "One-sided" in refusal(prompt)
