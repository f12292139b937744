"""Rules: absolute value equations.

Isolate |u| (move the other terms, divide by its coefficient), then split into the two cases
u = c or u = -c. An absolute value is never negative, so |u| = -3 has no real solution. When the
other side holds the variable (|3x - 2| = x + 4), splitting can add roots (mode implies): the
candidates are checked in the original equation afterwards (radical.check_candidates).
"""

from __future__ import annotations

import sympy as sp

from scenesmith.mathreader import Relation
from scenesmith.kinds.solution.rules.radical import check_candidates_in_start, has_radical, isolate_moves
from scenesmith.kinds.solution.steps.display import plain
from scenesmith.kinds.solution.steps.search import rule
from scenesmith.kinds.solution.steps.sides import evaluated, single_relation
from scenesmith.kinds.solution.steps.state import Move, Relations, State

FAMILY = "absolute"


def is_abs(e, var) -> bool:
    return isinstance(e, sp.Abs) and e.args[0].has(var)


def _negated(e):
    e = sp.sympify(e)
    if e.is_number:
        return -evaluated(e)
    return sp.Mul(-1, e, evaluate=False)


@rule(FAMILY)
def isolate_absolute_value(state: State):
    """2|x - 1| + 3 = 7  ->  2|x - 1| = 4  ->  |x - 1| = 2"""
    one = single_relation(state)
    if one is None or not (one[1].lhs.has(sp.Abs) or one[1].rhs.has(sp.Abs)):
        return []
    var = one[0]
    return isolate_moves(state, lambda e: is_abs(e, var), "absolute value")


@rule(FAMILY)
def absolute_value_never_negative(state: State):
    """|x + 2| = -3  ->  no real solution"""
    one = single_relation(state)
    if one is None:
        return []
    var, r = one
    value = evaluated(r.rhs)
    if r.op != "=" or not is_abs(r.lhs, var) or not value.is_number or not value.is_negative:
        return []
    return [Move(Relations((var,), ()), f"An absolute value is never negative, so it cannot equal {plain(value)}: there is no real solution")]


@rule(FAMILY)
def split_absolute_value(state: State):
    """|x - 3| = 5  ->  x - 3 = 5 or x - 3 = -5;   |3x - 2| = x + 4  ->  3x - 2 = x + 4 or 3x - 2 = -(x + 4)"""
    one = single_relation(state)
    if one is None:
        return []
    var, r = one
    if r.op != "=" or not is_abs(r.lhs, var):
        return []
    u = r.lhs.args[0]
    if u.has(sp.Abs) or has_radical(u, var):
        return []
    rhs = r.rhs
    value = evaluated(rhs)
    if value.is_number:
        if not value.is_real or value.is_negative:
            return []
        if value == 0:
            return [Move(Relations.single(var, Relation(u, "=", sp.S.Zero)), "Only 0 has absolute value 0")]
        caption = f"Split into two cases: {plain(u)} = {plain(value)} or {plain(u)} = {plain(-value)}"
        return [Move(Relations.single(var, Relation(u, "=", value), Relation(u, "=", -value)), caption)]
    if rhs.has(sp.Abs) or has_radical(rhs, var):
        if is_abs(rhs, var) and not rhs.args[0].has(sp.Abs):
            v = rhs.args[0]
            caption = "Equal absolute values: the insides are equal or opposite"
            return [Move(Relations.single(var, Relation(u, "=", v), Relation(u, "=", _negated(v))), caption)]
        return []
    caption = f"Split into two cases: {plain(u)} = {plain(rhs)} or {plain(u)} = -({plain(rhs)}) (check the answers, since {plain(rhs)} cannot be negative)"
    return [Move(Relations.single(var, Relation(u, "=", rhs), Relation(u, "=", _negated(rhs))), caption[:160], mode="implies")]


@rule(FAMILY)
def check_absolute_cases(state: State):
    """x = -1/2 or x = 3 (cases of |3x - 2| = x + 4)  ->  the candidates that satisfy the original equation"""
    return check_candidates_in_start(state)
