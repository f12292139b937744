"""Rules (family "arithmetic"): addition and subtraction, left to right, the last level of the order of operations.

Whole numbers and decimals, a common denominator, adding the numerators, like square roots.
"""

from __future__ import annotations

import math

import sympy as sp

from scenesmith.kinds.solution.rules.arithmetic_common import FAMILY, Arith, _paren, as_frac, frac, is_negative, negate, node, number, radical, t
from scenesmith.kinds.solution.rules.arithmetic_order import _move, level, put, region
from scenesmith.kinds.solution.steps.search import rule
from scenesmith.kinds.solution.steps.state import Move, State


def _sum_terms(state):
    """The terms of the region when it is a sum of numbers (no mixed numbers), else None."""
    where = region(state)
    if where is None or not isinstance(where[1], sp.Add) or level(where[1]) != "sums":
        return None
    terms = list(where[1].args)
    if any(as_frac(x) is None for x in terms):
        return None
    return where[0], terms


def _add_caption(x, y, total, state) -> str:
    if is_negative(y):
        return f"Subtract: {t(x, state)} - {_paren(negate(y), state)} = {t(total, state)}"
    return f"Add: {t(x, state)} + {_paren(y, state)} = {t(total, state)}"


@rule(FAMILY)
def add_subtract(state: State):
    """2 + 48  ->  50;   10 - 3 - 2  ->  7 - 2   (whole numbers, or decimals, left to right)"""
    found = _sum_terms(state)
    if found is None:
        return []
    path, terms = found
    if not state.decimal and any(as_frac(x)[1] != 1 for x in terms):
        return []
    x, y = terms[0], terms[1]
    total = node(number(x) + number(y))
    rest = [total] + terms[2:]
    new = rest[0] if len(rest) == 1 else sp.Add(*rest, evaluate=False)
    return [_move(state, path, new, _add_caption(x, y, total, state))]


@rule(FAMILY)
def common_denominator(state: State):
    """2/3 + 1/4  ->  8/12 + 3/12   (rewrite with the common denominator 12)"""
    found = _sum_terms(state)
    if found is None or state.decimal:
        return []
    path, terms = found
    dens = {as_frac(x)[1] for x in terms}
    if len(dens) < 2:
        return []
    lcd = math.lcm(*dens)
    new = sp.Add(*[frac(as_frac(x)[0] * (lcd // as_frac(x)[1]), lcd) for x in terms], evaluate=False)
    return [Move(Arith(put(state.expr, path, new), state.label, state.decimal), f"Rewrite with the common denominator {lcd}")]


@rule(FAMILY)
def add_numerators(state: State):
    """8/12 + 3/12  ->  11/12   (same denominator: add the numerators)"""
    found = _sum_terms(state)
    if found is None or state.decimal:
        return []
    path, terms = found
    dens = {as_frac(x)[1] for x in terms}
    if len(dens) != 1 or dens == {1}:
        return []
    d = dens.pop()
    nums = [as_frac(x)[0] for x in terms]
    total = sum(nums)
    shown = str(nums[0]) + "".join(f" - {-k}" if k < 0 else f" + {k}" for k in nums[1:])
    word = "Subtract" if all(k < 0 for k in nums[1:]) else "Add"
    caption = f"{word} the numerators and keep the denominator {d}: {shown} = {total}"
    return [Move(Arith(put(state.expr, path, frac(total, d)), state.label, state.decimal), caption)]


@rule(FAMILY)
def add_like_roots(state: State):
    """6√2 + √2  ->  7√2   (like square roots add like like terms)"""
    where = region(state)
    if where is None or not isinstance(where[1], sp.Add) or level(where[1]) != "sums":
        return []
    terms = list(where[1].args)
    parts = [radical(x) for x in terms]
    if any(r is None for r in parts) or len({r[1] for r in parts}) != 1:
        return []
    c = sum(r[0] for r in parts)
    m = parts[0][1]
    root = sp.Pow(sp.Integer(m), sp.S.Half, evaluate=False)
    new = sp.S.Zero if c == 0 else root if c == 1 else sp.Mul(sp.Integer(c), root, evaluate=False)
    return [_move(state, where[0], new, f"Add the like square roots: the coefficients give {c}, so the sum is {c}*sqrt({m})")]
