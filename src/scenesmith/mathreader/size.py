"""Size bounds checked on the unevaluated tree, before SymPy evaluates anything.

`10^(10^10)` would take SymPy minutes and gigabytes; its size is known from the tree in
microseconds. So every expression read from a prompt passes `check_size` first, and numbers
that are trivially small however big their exponent (`1^(3^123456789)`) are let through,
because the engine answers them by rule without computing the exponent.
"""

from __future__ import annotations

import math

import sympy as sp

MAX_DIGITS = 1000  # the largest number (in decimal digits) scenesmith computes or shows
MAX_DEGREE = 12  # the highest power of a variable the step engine works with
MAX_NODES = 600  # expression tree size
MAX_FACTORIAL = 450  # 450! has 1,001 digits


class TooBig(ValueError):
    """The problem is larger than the engine's bounds; the message says which bound and by how much."""


def _log10_abs(e: sp.Basic) -> float | None:
    """An upper estimate of log10|e| for a number-only tree, or None when it does not matter (symbols, functions)."""
    if e.is_Integer:
        n = abs(int(e)) if len(str(abs(e.p))) < 5000 else None
        if n is None:
            return float(len(str(abs(e.p))))
        return math.log10(n) if n > 0 else -math.inf
    if e.is_Rational:
        return max(_log10_abs(sp.Integer(e.p)) or 0.0, _log10_abs(sp.Integer(e.q)) or 0.0)
    if e.is_Float:
        return math.log10(abs(float(e))) if e != 0 else -math.inf
    if isinstance(e, sp.Pow):
        base, exp = e.args
        if base in (sp.S.One, sp.S.NegativeOne) or base == 0:
            return 0.0
        lb = _log10_abs(base)
        le = _log10_abs(exp)
        if lb is None or le is None:
            return None
        if le > 300:
            return math.inf
        size = abs(lb) * (10 ** le)
        return size
    if isinstance(e, sp.factorial):
        le = _log10_abs(e.args[0])
        if le is None:
            return None
        if le > 4:
            return math.inf
        n = 10 ** le
        return n * math.log10(max(n, 1.0))
    if isinstance(e, (sp.Add, sp.Mul)):
        parts = [_log10_abs(a) for a in e.args]
        known = [p for p in parts if p is not None]
        if not known:
            return None
        return sum(max(p, 0.0) for p in known) + math.log10(len(e.args))
    if e.is_Atom:
        return 0.0 if e.is_number else None
    parts = [_log10_abs(a) for a in e.args]
    known = [p for p in parts if p is not None]
    return max(known, default=None)


def _count_nodes(e: sp.Basic, limit: int) -> int:
    count = 0
    for _ in sp.preorder_traversal(e):
        count += 1
        if count > limit:
            break
    return count


def check_size(e: sp.Basic) -> None:
    """Raise TooBig when `e` is beyond the engine's bounds; never evaluates `e`."""
    if _count_nodes(e, MAX_NODES) > MAX_NODES:
        raise TooBig(f"the expression is too long (more than {MAX_NODES} parts); split it into smaller problems")
    for node in sp.preorder_traversal(e):
        if node.is_Integer and abs(node.p).bit_length() > MAX_DIGITS * 3.33:
            raise TooBig(f"a number in it has more than {MAX_DIGITS} digits")
        if isinstance(node, sp.factorial) and node.args[0].is_Integer and node.args[0] > MAX_FACTORIAL:
            raise TooBig(f"{node.args[0]}! has more than {MAX_DIGITS} digits")
        if isinstance(node, sp.Pow) and node.free_symbols and node.args[1].is_Integer and abs(node.args[1]) > MAX_DEGREE:
            if node.args[0].free_symbols:
                raise TooBig(f"it has the power {node.args[1]} of a variable; the step engine works up to degree {MAX_DEGREE}")
    size = _log10_abs(e)
    if size is not None and size > MAX_DIGITS:
        digits = "an astronomically large number of" if size == math.inf or size > 1e15 else f"about {int(size):,}"
        raise TooBig(f"the result would have {digits} digits; scenesmith works with numbers of up to {MAX_DIGITS:,} digits")
