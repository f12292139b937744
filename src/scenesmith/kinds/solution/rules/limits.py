"""Rules: limits of one function of one variable, two-sided at a number, or at ±infinity.

The state is an Expression holding an unevaluated `Limit(f, x, a, dir='+-')` (dir '-'/'+' only for
x -> oo / -oo). Direct substitution where f is continuous at a; factor and cancel for a 0/0 form of
a rational function; L'Hôpital's rule for 0/0 or ∞/∞ (top and bottom differentiated); a rational
function at infinity by dividing by the highest power of x in the denominator. The answer is the
exact value, simplified (`integrals.result_form`).
"""

from __future__ import annotations

import sympy as sp

from scenesmith.kinds.solution.steps.search import rule
from scenesmith.kinds.solution.steps.state import Expression, Move, State
from scenesmith.kinds.solution.rules.derivatives import in_form, simplify_to, text
from scenesmith.kinds.solution.rules.integrals import result_form

FAMILY = "limits"


def first_limit(expr):
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Limit) and not node.args[0].has(sp.Limit):
            return node
    return None


def _frame(state: State, build, cost: float = 1.0):
    if not isinstance(state, Expression):
        return []
    node = first_limit(state.expr)
    if node is None:
        return []
    f, x, a = node.args[0], node.args[1], node.args[2]
    out = build(node, f, x, a)
    if out is None:
        return []
    new, caption = out
    return [Move(Expression(state.expr.xreplace({node: new}), state.label), caption, cost=cost)]


def _finite(v) -> bool:
    return v.is_number and not v.has(sp.zoo, sp.nan, sp.oo, -sp.oo) and v.is_finite is True and v.is_real is True


def continuous_at(f, x, a) -> bool:
    if a.has(sp.oo, -sp.oo):
        return False
    try:
        value = f.subs(x, a)
        if not _finite(value):
            return False
        domain = sp.calculus.util.continuous_domain(f, x, sp.Interval(a - 1, a + 1))
        return sp.Interval(a - sp.Rational(1, 100), a + sp.Rational(1, 100)).is_subset(domain) is True
    except Exception:
        return False


@rule(FAMILY, name="limit_direct_substitution")
def direct_substitution(state: State):
    """lim x->3 (x^2 + 1) -> 3^2 + 1 = 10  (continuous at 3)"""
    def build(node, f, x, a):
        if not continuous_at(f, x, a):
            return None
        return result_form(f.subs(x, a)), f"The function is continuous at {x} = {text(a)}, so substitute {x} = {text(a)}"
    return _frame(state, build)


def _zero_over_zero(f, x, a) -> bool:
    num, den = sp.fraction(sp.together(f))
    try:
        return den.has(x) and sp.simplify(num.subs(x, a)) == 0 and sp.simplify(den.subs(x, a)) == 0
    except Exception:
        return False


@rule(FAMILY, name="limit_factor_and_cancel")
def factor_and_cancel(state: State):
    """lim x->2 (x^2 - 4)/(x - 2) -> lim x->2 (x + 2)"""
    def build(node, f, x, a):
        if a.has(sp.oo, -sp.oo) or not f.is_rational_function(x) or not _zero_over_zero(f, x, a):
            return None
        num, den = sp.fraction(sp.together(f))
        common = sp.gcd(sp.expand(num), sp.expand(den))
        if not common.has(x):
            return None
        reduced = sp.cancel(f)
        common = sp.factor(common)
        return sp.Limit(reduced, x, a, dir=node.args[3]), f"0/0 form: factor and cancel the common factor {text(common)} (it is not 0 while {x} ≠ {text(a)})"
    return _frame(state, build)


def _both_infinite(num, den, x, a) -> bool:
    try:
        return sp.limit(num, x, a).has(sp.oo, -sp.oo) and sp.limit(den, x, a).has(sp.oo, -sp.oo)
    except Exception:
        return False


@rule(FAMILY, name="lhopital_rule")
def lhopital(state: State):
    """lim x->0 sin(x)/x -> lim x->0 cos(x)/1"""
    def build(node, f, x, a):
        num, den = sp.fraction(sp.together(f))
        if not den.has(x):
            return None
        at_infinity = a.has(sp.oo, -sp.oo)
        if at_infinity:
            if f.is_rational_function(x) or not _both_infinite(num, den, x, a):
                return None
            form = "∞/∞"
        else:
            if not _zero_over_zero(f, x, a):
                return None
            form = "0/0"
        dn, dd = sp.diff(num, x), sp.diff(den, x)
        if dd == 0:
            return None
        new = sp.Limit(sp.Mul(dn, sp.Pow(dd, -1, evaluate=False), evaluate=False) if dd != 1 else dn, x, a, dir=node.args[3])
        return new, f"{form} form: apply L'Hôpital's rule (differentiate the top and the bottom: {text(dn)} over {text(dd)})"
    return _frame(state, build, cost=1.5)


@rule(FAMILY, name="limit_rational_at_infinity")
def rational_at_infinity(state: State):
    """lim x->oo (3x^2 + 1)/(x^2 - 5) -> 3"""
    def build(node, f, x, a):
        if not a.has(sp.oo, -sp.oo) or not f.is_rational_function(x):
            return None
        num, den = sp.fraction(sp.cancel(sp.together(f)))
        pn, pd = sp.Poly(num, x), sp.Poly(den, x)
        if pn.degree() > pd.degree():
            return None
        k = pd.degree()
        value = pn.LC() / pd.LC() if pn.degree() == k else sp.S.Zero
        return value, f"Divide the top and the bottom by {text(x ** k)}; every term c/{x}^n goes to 0, leaving {text(value)}"
    return _frame(state, build)


@rule(FAMILY, name="limit_constant_over_infinity")
def constant_over_infinity(state: State):
    """lim x->oo 2/e^x -> 0  (a fixed top over a bottom that grows without bound)"""
    def build(node, f, x, a):
        if not a.has(sp.oo, -sp.oo):
            return None
        num, den = sp.fraction(sp.together(f))
        if num.has(x) or num == 0 or not den.has(x) or not _both_infinite(den, den, x, a):
            return None
        return sp.S.Zero, f"The top stays {text(num)} while the bottom {text(den)} grows without bound, so the quotient goes to 0"
    return _frame(state, build)


@rule(FAMILY, name="limit_simplify")
def simplify_limit(state: State):
    """3^2 + 1 -> 10"""
    return simplify_to(state, result_form, (sp.Limit, sp.Derivative, sp.Integral))


def is_done(state: State) -> bool:
    return in_form(state, result_form, (sp.Limit,))
