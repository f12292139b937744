"""Rules (family "algebra"): the laws of exponents, applied to the innermost sub-expression first.

Power of a power, power of a product, product and quotient of powers, zero and negative exponents.
Every rule returns [] on `Relations` states: the equations task lists this family too.
"""

from __future__ import annotations

import sympy as sp

from scenesmith.kinds.solution.rules.algebra_common import FAMILY, _expr, final_form, value
from scenesmith.kinds.solution.steps.display import plain
from scenesmith.kinds.solution.steps.search import rule
from scenesmith.kinds.solution.steps.state import Expression, Move, State


def _rebuild(e, fn):
    """Apply fn to the first sub-expression (innermost first) where it fits: (new tree, caption, checks) or None."""
    e = sp.sympify(e)
    for i, a in enumerate(e.args):
        if isinstance(a, sp.Basic) and not a.is_Atom:
            out = _rebuild(a, fn)
            if out is not None:
                args = list(e.args)
                args[i] = out[0]
                try:
                    return e.func(*args, evaluate=False), out[1], out[2]
                except TypeError:
                    return e.func(*args), out[1], out[2]
    hit = fn(e)
    return None if hit is None else (hit[0], hit[1], hit[2] if len(hit) > 2 else ())


def _exponent_moves(state: State, fn) -> list[Move]:
    e = _expr(state)
    if e is None:
        return []
    out = _rebuild(e, fn)
    if out is None:
        return []
    return [Move(Expression(out[0], state.label), out[1], checks=tuple(out[2]))]


def _is_power_of_symbol(f) -> bool:
    return isinstance(f, sp.Symbol) or (isinstance(f, sp.Pow) and isinstance(f.base, sp.Symbol) and f.exp.is_Integer)


def _nonzero(bases) -> tuple[str, ...]:
    names = sorted({str(b) for b in bases})
    return (", ".join(f"{n} ≠ 0" for n in names) + " (the expression is undefined there)",) if names else ()


def _power_of_power(e):
    if isinstance(e, sp.Pow) and isinstance(e.base, sp.Pow) and isinstance(e.base.base, sp.Symbol) and e.exp.is_Integer and e.base.exp.is_Integer and e.base.exp > 0 and e.exp > 0:
        m, n = e.base.exp, e.exp
        return sp.Pow(e.base.base, m * n), f"Power rule: multiply the exponents, {m} * {n} = {m * n}"
    return None


@rule(FAMILY)
def law_power_of_power(state: State):
    """(x^2)^3  ->  x^6"""
    return _exponent_moves(state, _power_of_power)


def _power_of_product(e):
    if not (isinstance(e, sp.Pow) and isinstance(e.base, sp.Mul) and e.exp.is_Integer and e.exp > 1):
        return None
    if e.base.has(sp.Add) or not all(f.is_Rational or _is_power_of_symbol(f) for f in e.base.args):
        return None
    n = e.exp
    return value(e), f"Raise each factor to the power {n}: multiply each exponent by {n}"


@rule(FAMILY)
def law_power_of_product(state: State):
    """(2x^3)^2  ->  4x^6"""
    return _exponent_moves(state, _power_of_product)


def _mul_parts(e):
    """(numerator factors, denominator factors) of a product of numbers and powers of letters, else None."""
    if not isinstance(e, sp.Mul) or e.has(sp.Add):
        return None
    top, bottom = [], []
    for f in e.args:
        if isinstance(f, sp.Pow) and f.exp == -1:
            inner = f.base
            parts = inner.args if isinstance(inner, sp.Mul) else (inner,)
            if not all(p.is_Rational or _is_power_of_symbol(p) for p in parts):
                return None
            bottom.extend(parts)
        elif f.is_Rational or _is_power_of_symbol(f):
            top.append(f)
        else:
            return None
    return top, bottom


def _product_rule(e):
    parts = _mul_parts(e)
    if parts is None or parts[1]:
        return None
    top = parts[0]
    bases = [f if isinstance(f, sp.Symbol) else f.base for f in top if not f.is_number]
    numbers = [f for f in top if f.is_number]
    if len(bases) == len(set(bases)) and len(numbers) < 2:
        return None
    if any(isinstance(f, sp.Pow) and f.exp < 0 for f in top if not f.is_number):
        return None
    caption = "Multiply the coefficients and add the exponents of each letter" if len(numbers) >= 2 else "Product rule: add the exponents of the same base"
    return value(e), caption


@rule(FAMILY)
def law_product_of_powers(state: State):
    """x^3 * x^5  ->  x^8;   (3x^2y)(4xy^3)  ->  12x^3y^4"""
    return _exponent_moves(state, _product_rule)


def _quotient_rule(e):
    parts = _mul_parts(e)
    if parts is None or not parts[1]:
        return None
    top, bottom = parts
    letters = [f if isinstance(f, sp.Symbol) else f.base for f in bottom if not f.is_number]
    if not letters:
        v = value(e)
        if not any(not f.is_number for f in top) or plain(final_form(v)) == plain(e):
            return None
        return final_form(v), "Divide the coefficient: " + plain(sp.Mul(*[f for f in top if f.is_number])) + " ÷ " + plain(sp.Mul(*bottom))
    v = value(e)
    new = final_form(v)
    has_numbers = any(f.is_number and f != 1 for f in bottom)
    caption = "Quotient rule: divide the coefficients and subtract the exponents" if has_numbers else "Quotient rule: subtract the exponents of the same base"
    return new, caption, _nonzero(letters)


@rule(FAMILY)
def law_quotient_of_powers(state: State):
    """x^7 / x^3  ->  x^4"""
    return _exponent_moves(state, _quotient_rule)


def _zero_power(e):
    if isinstance(e, sp.Pow) and e.exp == 0 and not e.base.is_number:
        return sp.S.One, f"Zero exponent: anything nonzero to the power 0 is 1", (f"{plain(e.base)} ≠ 0 (0^0 is undefined)",)
    return None


@rule(FAMILY)
def law_zero_exponent(state: State):
    """x^0  ->  1"""
    return _exponent_moves(state, _zero_power)


def _negative_power(e):
    if isinstance(e, sp.Pow) and e.exp.is_Integer and e.exp < -1 and _is_power_of_symbol(e.base):
        n = -e.exp
        return sp.Pow(sp.Pow(e.base, n), -1, evaluate=False), f"Negative exponent: a^(-{n}) = 1/a^{n}", _nonzero([e.base])
    return None


@rule(FAMILY)
def law_negative_exponent(state: State):
    """x^(-2)  ->  1/x^2"""
    return _exponent_moves(state, _negative_power)
