"""Rules (family "arithmetic"): the powers level of the order of operations, after the innermost brackets.

Powers (huge exponents of 1, 0 and -1 by rule, never computed), negative exponents, exact roots,
simplified square roots, logs, absolute values and factorials.
"""

from __future__ import annotations

import math

import sympy as sp

from scenesmith.kinds.solution.rules.arithmetic_common import BIG, FAMILY, _base, as_frac, is_value, negate, node, number, odd_root_parts, radical, square_part, t
from scenesmith.kinds.solution.rules.arithmetic_order import _changes_move, _move, _power_like, _replace_all, level, region, top_nodes
from scenesmith.kinds.solution.steps.search import rule
from scenesmith.kinds.solution.steps.state import State


# ---------------------------------------------------------------------------------------------
# Huge exponents of 1, 0 and -1: by rule, never computed
# ---------------------------------------------------------------------------------------------


def _trivial_base(state, base_value):
    where = region(state)
    if where is None:
        return []
    out = []
    for p, n in top_nodes(state.expr):
        if isinstance(n, sp.Pow) and n.base == base_value and not (n.exp == -1):
            out.append((p, n))
    return out


@rule(FAMILY)
def power_of_one(state: State):
    """1^(3^123456789)  ->  1   (1 to any power is 1; the exponent is never computed)"""
    found = _trivial_base(state, sp.S.One)
    if not found:
        return []
    p, n = found[0]
    return [_move(state, p, sp.S.One, "1 to any power is 1")]


@rule(FAMILY)
def power_of_zero(state: State):
    """0^(10^100)  ->  0   (0 to a positive power is 0)"""
    for p, n in _trivial_base(state, sp.S.Zero):
        x = n.exp
        if (isinstance(x, sp.Symbol) and x.is_positive) or (as_frac(x) and number(x) > 0):
            return [_move(state, p, sp.S.Zero, "0 to any positive power is 0")]
    return []


@rule(FAMILY)
def power_of_minus_one(state: State):
    """(-1)^(3^100)  ->  -1   (an odd power of -1 is -1, an even power is 1)"""
    for p, n in _trivial_base(state, sp.S.NegativeOne):
        x = n.exp
        if isinstance(x, sp.Symbol) and x.is_integer and x.is_positive and x.is_even is not None:
            even = bool(x.is_even)
        elif isinstance(x, sp.Integer) and abs(x) > 3:
            even = int(x) % 2 == 0
        else:
            continue
        name = BIG.get(x.name, (x.name, x.name))[1] if isinstance(x, sp.Symbol) else str(x)
        caption = f"The exponent {name} is {'even' if even else 'odd'}, so -1 to this power is {1 if even else -1}"
        return [_move(state, p, sp.S.One if even else sp.S.NegativeOne, caption)]
    return []


# ---------------------------------------------------------------------------------------------
# Powers, roots, logs, absolute values
# ---------------------------------------------------------------------------------------------


def _powers_due(state):
    where = region(state)
    if where is None:
        return None, []
    path, node = where
    if level(node) != "powers":
        return where, []
    return where, [(p, n) for p, n in top_nodes(node) if _power_like(n) and (odd_root_parts(n) or all(is_value(a) for a in n.args))]


@rule(FAMILY)
def evaluate_powers(state: State):
    """2 + 3 × 4^2  ->  2 + 3 × 16   (whole-number exponents)"""
    where, due = _powers_due(state)
    changes, said = [], []
    for p, n in due:
        if not isinstance(n, sp.Pow):
            continue
        b, x = number(n.base), n.exp
        if b is None or not isinstance(x, sp.Integer) or x < 0 or (b == 0 and x == 0):
            continue
        if abs(int(x)) * max(1, math.log10(max(abs(b.p), b.q, 1))) > 1000:
            continue
        v = b ** int(x)
        changes.append((p, node(v)))
        said.append(f"{t(n, state)} = {t(node(v), state)}")
    return _changes_move(state, changes, said, "Evaluate the power: ", "Evaluate the powers: ")


@rule(FAMILY)
def negative_exponent(state: State):
    """2^-3  ->  1/2^3   (a negative exponent means the reciprocal)"""
    where, due = _powers_due(state)
    for p, n in due:
        if isinstance(n, sp.Pow) and isinstance(n.exp, sp.Integer) and n.exp < -1 or (isinstance(n, sp.Pow) and n.exp == -1 and False):
            b = n.base
            if number(b) == 0:
                continue
            new = sp.Mul(sp.S.One, sp.Pow(sp.Pow(b, -n.exp, evaluate=False), -1, evaluate=False), evaluate=False)
            return [_replace_all(state, [(p, new)], f"A negative exponent means the reciprocal: {t(n, state)} = 1/{t(b, state) if is_value(b) and as_frac(b) and as_frac(b)[1] == 1 and as_frac(b)[0] > 0 else '(' + t(b, state) + ')'}^{-n.exp}")]
    return []


def _exact_root(v: sp.Rational, k: int):
    """The exact real k-th root of a rational, or None."""
    if v < 0 and k % 2 == 0:
        return None
    sign = -1 if v < 0 else 1
    p, q = abs(v.p), v.q
    rp, ok1 = sp.integer_nthroot(p, k)
    rq, ok2 = sp.integer_nthroot(q, k)
    if ok1 and ok2:
        return sign * sp.Rational(rp, rq)
    return None


@rule(FAMILY)
def evaluate_roots(state: State):
    """√49  ->  7;   ∛27  ->  3;   8^(2/3)  ->  4   (roots that come out exactly)"""
    where, due = _powers_due(state)
    changes, said = [], []
    for p, n in due:
        root = odd_root_parts(n)
        if root and number(root[0]) is not None:
            r = _exact_root(number(root[0]), root[1])
            if r is not None:
                changes.append((p, node(-r)))
                said.append(f"{t(n, state)} = {t(node(-r), state)} because ({t(node(-r), state)})^{root[1]} = {t(negate(root[0]), state)}")
            continue
        if not isinstance(n, sp.Pow) or radical(n):
            continue
        b, x = number(n.base), number(n.exp)
        if b is None or x is None or x.q == 1 or x.q > 12 or abs(x.p) > 12:
            continue
        r = _exact_root(b, int(x.q))
        if r is None or (r == 0 and x < 0):
            continue
        v = r ** int(x.p)
        changes.append((p, node(v)))
        if x == sp.S.Half:
            said.append(f"sqrt({t(n.base, state)}) = {t(node(v), state)} because {_base(node(v), state)}^2 = {t(n.base, state)}")
        elif x == sp.Rational(1, 3):
            said.append(f"cbrt({t(n.base, state)}) = {t(node(v), state)} because {_base(node(v), state)}^3 = {t(n.base, state)}")
        else:
            said.append(f"{t(n, state)} = {t(node(v), state)}")
    return _changes_move(state, changes, said, "Evaluate the root: ", "Evaluate the roots: ")


@rule(FAMILY)
def simplify_square_root(state: State):
    """√72  ->  6√2   (take out the largest square factor: √72 = √36 · √2)"""
    where, due = _powers_due(state)
    for p, n in due:
        if not (isinstance(n, sp.Pow) and n.exp == sp.S.Half and isinstance(n.base, sp.Integer) and n.base > 1):
            continue
        m = int(n.base)
        s, r = square_part(m)
        if s == 1 or r == 1:
            continue
        new = sp.Mul(sp.Integer(s), sp.Pow(sp.Integer(r), sp.S.Half, evaluate=False), evaluate=False)
        caption = f"Take the square factor {s * s} out of the root: sqrt({m}) = sqrt({s * s}) × sqrt({r}) = {s}*sqrt({r})"
        return [_replace_all(state, [(p, new)], caption)]
    return []


def exact_log(a: sp.Rational, b: sp.Rational):
    """The rational k with b^k = a, or None (a > 0, b > 0, b != 1)."""
    if a <= 0 or b <= 0 or b == 1:
        return None
    if a == 1:
        return sp.S.Zero
    guess = math.log(float(a)) / math.log(float(b)) if a.p < 10**300 and b.p < 10**300 else None
    if guess is None:
        return None
    for q in range(1, 7):
        p = round(guess * q)
        if p == 0 or abs(p) > 4000:
            continue
        if a ** q == b ** p:
            return sp.Rational(p, q)
    return None


@rule(FAMILY)
def evaluate_log(state: State):
    """log_3 81  ->  4   (because 3^4 = 81)"""
    where, due = _powers_due(state)
    for p, n in due:
        if not isinstance(n, sp.log):
            continue
        a = number(n.args[0])
        if a is None:
            continue
        if len(n.args) == 1:
            if a != 1:
                continue
            return [_replace_all(state, [(p, sp.S.Zero)], "ln 1 = 0 because e^0 = 1")]
        b = number(n.args[1])
        if b is None:
            continue
        k = exact_log(a, b)
        if k is None:
            continue
        caption = f"log_{t(n.args[1], state)}({t(n.args[0], state)}) = {t(node(k), state)} because {t(n.args[1], state)}^{t(node(k), state) if k.q == 1 and k >= 0 else '(' + t(node(k), state) + ')'} = {t(n.args[0], state)}"
        return [_replace_all(state, [(p, node(k))], caption)]
    return []


@rule(FAMILY)
def evaluate_absolute_value(state: State):
    """|-5| + 3  ->  5 + 3"""
    where, due = _powers_due(state)
    changes, said = [], []
    for p, n in due:
        if isinstance(n, sp.Abs) and number(n.args[0]) is not None:
            v = abs(number(n.args[0]))
            changes.append((p, node(v)))
            said.append(f"|{t(n.args[0], state)}| = {t(node(v), state)}")
    return _changes_move(state, changes, said, "The absolute value is the distance from 0: ")


@rule(FAMILY)
def evaluate_factorial(state: State):
    """5!  ->  120   (5! = 5 × 4 × 3 × 2 × 1)"""
    where, due = _powers_due(state)
    for p, n in due:
        if isinstance(n, sp.factorial) and isinstance(n.args[0], sp.Integer) and 0 <= n.args[0] <= 450:
            k = int(n.args[0])
            v = math.factorial(k)
            spelled = " × ".join(str(i) for i in range(k, 0, -1)) if 2 <= k <= 10 else ""
            caption = f"{k}! = {spelled} = {v}" if spelled else f"{k}! = {v}"
            return [_replace_all(state, [(p, sp.Integer(v))], caption)]
    return []
