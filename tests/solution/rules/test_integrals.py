"""Unit tests: integral rules and the calculus task reader for integrals."""

import pytest
import sympy as sp

from scenesmith.kinds.solution.problem import Unsupported
from scenesmith.kinds.solution.rules import integrals as I
from scenesmith.kinds.solution.steps.state import Expression
from scenesmith.kinds.solution.solve import problem_of
from scenesmith.mathreader import symbol

x = symbol("x")


def one(moves):
    moves = list(moves)
    assert len(moves) == 1
    return moves[0]


def test_power_rule_indefinite_and_definite():
    assert one(I.integral_power_rule(Expression(sp.Integral(3 * x**2 + 2 * x, x)))).state.expr == x**3 + x**2
    m = one(I.integral_power_rule(Expression(sp.Integral(x**2, (x, 0, 3)))))
    assert isinstance(m.state.expr, I.EvalAt) and m.state.expr.doit() == 9


def test_sum_rule():
    m = one(I.integral_sum_rule(Expression(sp.Integral(sp.exp(x) + sp.cos(x), x))))
    assert len(m.state.expr.atoms(sp.Integral)) == 2


def test_constant_multiple():
    m = one(I.integral_constant_multiple(Expression(sp.Integral(3 * sp.cos(x), x))))
    assert "3" in m.caption and m.state.expr.doit() == 3 * sp.sin(x)


def test_u_substitution_names_u():
    m = one(I.u_substitution(Expression(sp.Integral(2 * x * sp.cos(x**2), x))))
    assert "u = x^2" in m.caption and isinstance(m.state.expr, sp.Subs)
    assert sp.simplify(m.state.expr.doit() - sp.sin(x**2)) == 0


def test_u_substitution_changes_limits():
    m = one(I.u_substitution(Expression(sp.Integral(x * sp.exp(x**2), (x, 0, 1)))))
    assert "limits become" in m.caption and sp.simplify(m.state.expr.doit() - (sp.E - 1) / 2) == 0


def test_integration_by_parts():
    m = one(I.integration_by_parts(Expression(sp.Integral(x * sp.exp(x), x))))
    assert "u = x" in m.caption and sp.simplify(m.state.expr.doit() - (x - 1) * sp.exp(x)) == 0


def test_basic_antiderivative():
    assert one(I.basic_antiderivative(Expression(sp.Integral(sp.cos(x), x)))).state.expr == sp.sin(x)
    assert one(I.basic_antiderivative(Expression(sp.Integral(1 / x, x)))).state.expr == sp.log(sp.Abs(x))


def test_rewrite_integrand_does_not_fire_on_plain_power():
    assert list(I.rewrite_integrand(Expression(sp.Integral(x**2, x)))) == []


def test_substitute_back():
    u = sp.Symbol("u", real=True)
    m = one(I.substitute_back(Expression(sp.Subs(sp.sin(u), u, x**2))))
    assert m.state.expr == sp.sin(x**2)


def test_evaluate_limits_and_simplify():
    m = one(I.evaluate_limits(Expression(I.EvalAt(x**3 + x**2, x, 1, 2))))
    assert "F(2) - F(1)" in m.caption and m.state.expr.doit() == 10
    s = one(I.simplify_integral(m.state))
    assert s.state.expr == 10 and I.is_done(s.state)


def test_plan_refuses_non_elementary():
    assert I.plan(sp.exp(x**2), x) is None
    assert I.plan(x**2, x) is not None


@pytest.mark.parametrize("prompt", ["integrate x^2 from 0 to 3", "∫_0^2 (x^3) dx", "$\\int_0^1 x e^x \\, dx$", "antiderivative of 1/x"])
def test_reader_accepts(prompt):
    p = problem_of(prompt)
    assert p.task == "calculus" and p.start.expr.has(sp.Integral)


@pytest.mark.parametrize("prompt, why", [
    ("integrate e^(x^2)", "no elementary antiderivative"),
    ("integral of 1/x from -1 to 1", "improper"),
    ("integrate x^2 from 0 to infinity", "Improper"),
    ("integrate x^2 y", "one variable"),
])
def test_reader_refuses(prompt, why):
    with pytest.raises(Unsupported) as caught:
        problem_of(prompt)
    assert why in str(caught.value)
