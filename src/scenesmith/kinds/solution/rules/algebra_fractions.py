"""Rules (family "algebra"): simplify rational expressions and rationalise a square-root denominator.

Factor the numerator and the denominator, then cancel common factors (recording the excluded values).
Every rule returns [] on `Relations` states: the equations task lists this family too.
"""

from __future__ import annotations

import sympy as sp

from scenesmith.kinds.solution.rules.algebra_common import FAMILY, _expr, _factor_key, _symbols, factored, final_form, is_poly, value
from scenesmith.kinds.solution.steps.display import plain
from scenesmith.kinds.solution.steps.search import rule
from scenesmith.kinds.solution.steps.state import Expression, Move, State


def _fraction_parts(e):
    """(numerator, denominator) of a top-level quotient with a polynomial denominator that is a sum, else None."""
    if not isinstance(e, sp.Mul):
        return None
    top, bottom = [], []
    for f in e.args:
        if isinstance(f, sp.Pow) and f.exp.is_Integer and f.exp < 0 and not f.base.is_number:
            bottom.append(sp.Pow(f.base, -f.exp, evaluate=False) if f.exp != -1 else f.base)
        else:
            top.append(f)
    if not bottom:
        return None
    n = top[0] if len(top) == 1 else sp.Mul(*top, evaluate=False) if top else sp.S.One
    d = bottom[0] if len(bottom) == 1 else sp.Mul(*bottom, evaluate=False)
    if not (is_poly(d) or value(d).is_number) or not (is_poly(n) or value(n).is_number):
        return None
    if not value(d).has(sp.Symbol) or not sp.sympify(d).has(sp.Add) and not sp.sympify(n).has(sp.Add):
        return None
    return n, d


def _quotient(n, d):
    return sp.Mul(n, sp.Pow(d, -1, evaluate=False), evaluate=False)


def _fraction_of(state: State):
    """(expression, numerator, denominator) when the state is one fraction, else None."""
    e = _expr(state)
    parts = None if e is None else _fraction_parts(e)
    return None if parts is None else (e, *parts)


@rule(FAMILY)
def factor_fraction_parts(state: State):
    """(x^2 - 9)/(x - 3)  ->  (x - 3)(x + 3)/(x - 3)"""
    fraction = _fraction_of(state)
    if fraction is None:
        return []
    e, n, d = fraction
    if sp.gcd(sp.expand(value(n)), sp.expand(value(d))).is_number:
        return []
    nf, df = factored(value(n)), factored(value(d))
    changed = [name for name, old, new in (("numerator", n, nf), ("denominator", d, df)) if plain(old) != plain(new)]
    if not changed:
        return []
    caption = "Factor the numerator and the denominator" if len(changed) == 2 else f"Factor the {changed[0]}"
    return [Move(Expression(_quotient(nf, df), state.label), caption)]


@rule(FAMILY)
def cancel_fraction_factors(state: State):
    """(x - 3)(x + 3)/(x - 3)  ->  x + 3"""
    fraction = _fraction_of(state)
    if fraction is None:
        return []
    e, n, d = fraction
    if plain(n) != plain(factored(value(n))) or plain(d) != plain(factored(value(d))):
        return []
    g = sp.gcd(sp.expand(value(n)), sp.expand(value(d)))
    if g.is_number:
        return []
    common = [b for b, _ in sp.factor_list(g)[1]]
    shown = ", ".join(f"({plain(c)})" for c in sorted(common, key=_factor_key))
    checks = []
    for c in common:
        roots = sp.solve(c, _symbols(c)[0]) if len(_symbols(c)) == 1 and sp.degree(c) == 1 else None
        if roots:
            checks.append(f"{_symbols(c)[0]} ≠ {plain(roots[0])}: ({plain(c)}) was cancelled, and the original is undefined there")
        else:
            checks.append(f"{plain(c)} ≠ 0: ({plain(c)}) was cancelled, and the original is undefined there")
    word = "factor" if len(common) == 1 else "factors"
    return [Move(Expression(final_form(value(e)), state.label), f"Cancel the common {word} {shown}", checks=tuple(checks))]


def _surd_denominator(e):
    if not isinstance(e, sp.Mul):
        return None
    for f in e.args:
        if isinstance(f, sp.Pow) and f.exp == -1:
            c, r = f.base.as_coeff_Mul()
            if isinstance(r, sp.Pow) and r.exp == sp.S.Half and r.base.is_Integer and r.base > 1:
                return r
    return None


@rule(FAMILY)
def rationalise_surd_denominator(state: State):
    """x/sqrt(3)  ->  sqrt(3)x/3"""
    e = _expr(state)
    if e is None:
        return []
    r = _surd_denominator(e)
    if r is None:
        return []
    return [Move(Expression(final_form(value(e)), state.label), f"Multiply the top and bottom by {plain(r)} to clear the root from the denominator")]
