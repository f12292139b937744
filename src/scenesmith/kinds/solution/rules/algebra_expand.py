"""Rules (family "algebra"): multiply out brackets, combine like terms, write the terms in order of degree.

Multiplying out covers distributing, FOIL and binomial powers.
Every rule returns [] on `Relations` states: the equations task lists this family too.
"""

from __future__ import annotations

import sympy as sp

from scenesmith.kinds.solution.rules.algebra_common import FAMILY, MAX_TERMS, _expr, is_monomial, value
from scenesmith.kinds.solution.steps.display import plain
from scenesmith.kinds.solution.steps.search import rule
from scenesmith.kinds.solution.steps.sides import add, terms
from scenesmith.kinds.solution.steps.state import Expression, Move, State


def _is_sum_power(f) -> bool:
    return isinstance(f, sp.Pow) and isinstance(f.base, sp.Add) and f.exp.is_Integer and f.exp >= 2


def _flat_factors(t) -> list:
    """The factors of a product as typed, nested products opened: -2(x - 3) gives [-1, 2, x - 3]."""
    out = []
    for f in sp.Mul.make_args(t):
        out.extend(_flat_factors(f) if isinstance(f, sp.Mul) else [f])
    return out


def _has_product(t) -> bool:
    """A term with a bracketed sum to multiply out: 2(x + 3), (x + 1)(x - 2), -(x + 3), (x - 3)^2."""
    if _is_sum_power(t):
        return True
    if not isinstance(t, sp.Mul):
        return False
    fs = _flat_factors(t)
    if any(isinstance(f, sp.Pow) and f.exp.is_negative and not f.base.is_number for f in fs):
        return False
    return any(isinstance(f, sp.Add) or _is_sum_power(f) for f in fs)


def _expand_count(t) -> int:
    n = 1
    for f in sp.Mul.make_args(t):
        if isinstance(f, sp.Add):
            n *= len(f.args)
        elif _is_sum_power(f):
            n *= len(f.base.args) ** int(f.exp)
    return n


def _binomial_power(f):
    """(a + b)^2 or (a + b)^3 multiplied out, with its caption; None for other powers."""
    base, n = f.base, int(f.exp)
    if len(base.args) != 2 or n > 3:
        return None
    ts = terms(base)
    a, b = value(ts[0]), value(ts[1])
    if n == 2:
        caption = "Square the binomial: (a - b)^2 = a^2 - 2ab + b^2" if b.could_extract_minus_sign() else "Square the binomial: (a + b)^2 = a^2 + 2ab + b^2"
        out = [a**2, 2 * a * b, b**2]
    else:
        caption = "Cube the binomial: (a + b)^3 = a^3 + 3a^2b + 3ab^2 + b^3"
        out = [a**3, 3 * a**2 * b, 3 * a * b**2, b**3]
    return [sp.expand(t) for t in out], caption


def _expand_term(t):
    """(new terms, caption) for one term with brackets, or None."""
    t = sp.sympify(t)
    if _expand_count(t) > MAX_TERMS:
        return None
    if _is_sum_power(t):
        out = _binomial_power(t)
        if out is not None:
            return out
        n = int(t.exp)
        if n > 4:
            return None
        return [sp.Mul(*([t.base] * n), evaluate=False)], f"Write ({plain(t.base)})^{n} as a product of {n} brackets"
    fs = _flat_factors(t)
    numbers = [f for f in fs if f.is_number]
    if len(numbers) > 1:
        fs = [value(sp.Mul(*numbers))] + [f for f in fs if not f.is_number]
    for i, f in enumerate(fs):
        if _is_sum_power(f):
            out = _binomial_power(f)
            if out is None:
                n = int(f.exp)
                if n > 4:
                    return None
                new = sp.Mul(*([f.base] * n), evaluate=False)
                caption = f"Write ({plain(f.base)})^{n} as a product of {n} brackets"
            else:
                new, caption = sp.expand(add(*out[0])), out[1]
            return [sp.Mul(*(fs[:i] + [new] + fs[i + 1:]), evaluate=False)], caption
    sums = [f for f in fs if isinstance(f, sp.Add)]
    others = [f for f in fs if not isinstance(f, sp.Add)]
    mono = value(sp.Mul(*others)) if others else sp.S.One
    if len(sums) >= 3 or (len(sums) == 2 and mono != 1):
        i_a, i_b = [k for k, f in enumerate(fs) if isinstance(f, sp.Add)][:2]  # by position: equal brackets are one object
        a, b = fs[i_a], fs[i_b]
        ab = sp.expand(value(a) * value(b))
        which = "first two brackets" if len(sums) >= 3 else "brackets"
        caption = f"Multiply the {which}: ({plain(a)})({plain(b)}) = {plain(ab)}"
        new_fs = [ab if k == i_a else f for k, f in enumerate(fs) if k != i_b]
        return [sp.Mul(*new_fs, evaluate=False)], caption
    if len(sums) == 2:
        a, b = sums
        out = [sp.expand(value(u) * value(v)) for u in terms(a) for v in terms(b)]
        caption = "Multiply out the brackets (FOIL)" if len(a.args) == len(b.args) == 2 else "Multiply each term of the first bracket by each term of the second"
        return out, caption
    if len(sums) == 1:
        out = [sp.expand(mono * value(u)) for u in terms(sums[0])]
        if mono == -1:
            caption = "Distribute the minus sign"
        elif mono.is_Rational and mono.p == 1:
            caption = f"Divide each term by {mono.q}"
        else:
            caption = f"Distribute {plain(mono)}"
        return out, caption
    return None


def _with_like_terms_kept(items) -> sp.Basic:
    items = [value(t) if is_monomial(t) and plain(t) == plain(value(t)) else sp.sympify(t) for t in items]
    items = [t for t in items if t != 0] or [sp.S.Zero]
    return add(*items)


@rule(FAMILY)
def expand_brackets(state: State):
    """2(x + 3) - 4x  ->  2x + 6 - 4x;   (x + 2)(x - 5)  ->  x^2 - 5x + 2x - 10"""
    e = _expr(state)
    if e is None:
        return []
    ts = terms(e)
    for i, t in enumerate(ts):
        if not _has_product(t):
            continue
        out = _expand_term(t)
        if out is None:
            return []
        new, caption = out
        if len(ts) == 1 and len(new) == 1:
            return [Move(Expression(new[0], state.label), caption)]
        return [Move(Expression(_with_like_terms_kept(ts[:i] + list(new) + ts[i + 1:]), state.label), caption)]
    return []


def _flat_terms(e) -> list | None:
    """The terms of a sum when each is a single evaluated monomial, else None."""
    ts = terms(e)
    out = []
    for t in ts:
        if t.has(sp.Add) or not is_monomial(t) or isinstance(t, sp.Pow) and t.exp.is_negative:
            return None
        if plain(t) != plain(value(t)):
            return None
        out.append(value(t))
    return out


def _sum_of(state: State):
    """(expression, its terms, its expanded value) when the state is a sum of two or more terms, else None."""
    e = _expr(state)
    ts = None if e is None else _flat_terms(e)
    if ts is None or len(ts) < 2:
        return None
    return e, ts, sp.expand(value(e))


@rule(FAMILY)
def collect_like_terms(state: State):
    """2x + 6 - 4x  ->  -2x + 6"""
    found = _sum_of(state)
    if found is None:
        return []
    e, ts, total = found
    if len(sp.Add.make_args(total)) >= len(ts) and total != 0:
        return []
    return [Move(Expression(total, state.label), "Combine like terms")]


@rule(FAMILY)
def order_terms(state: State):
    """3 + x^2  ->  x^2 + 3"""
    found = _sum_of(state)
    if found is None:
        return []
    e, ts, total = found
    if len(sp.Add.make_args(total)) != len(ts) or plain(total) == plain(e):
        return []
    return [Move(Expression(total, state.label), "Write the terms in order of degree", cost=0.5)]
