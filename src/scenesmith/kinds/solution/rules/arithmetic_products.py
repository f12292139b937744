"""Rules (family "arithmetic"): multiplication and division, left to right, once no powers are due.

Mixed numbers to improper fractions, dividing by a fraction (multiply by its reciprocal), products
and quotients of numbers and square roots, exact division, simplifying a fraction by the GCD.
"""

from __future__ import annotations

import math

import sympy as sp

from scenesmith.kinds.solution.rules.arithmetic_common import FAMILY, _paren, as_frac, frac, is_value, mixed_parts, node, number, radical, t
from scenesmith.kinds.solution.rules.arithmetic_order import _changes_move, _join, _move, _replace_all, level, region, top_nodes
from scenesmith.kinds.solution.steps.search import rule
from scenesmith.kinds.solution.steps.state import State


def _products(state):
    where = region(state)
    if where is None or level(where[1]) != "products":
        return []
    return [(p, n) for p, n in top_nodes(where[1]) if isinstance(n, sp.Mul)]


@rule(FAMILY)
def mixed_to_improper(state: State):
    """2 1/2 + 1 3/4  ->  5/2 + 7/4   (write mixed numbers as improper fractions)"""
    where = region(state)
    if where is None or level(where[1]) == "powers":
        return []
    changes, said = [], []
    # mixed numbers are values: look at the children of the region's operations
    def walk(e, path):
        m = mixed_parts(e)
        if m:
            w, a, b = m
            changes.append((path, frac(w * b + a, b)))
            said.append(f"{w} {a}/{b} = {w * b + a}/{b}")
            return
        if is_value(e):
            return
        for i, c in enumerate(e.args):
            walk(c, path + (i,))

    walk(where[1], ())
    return _changes_move(state, changes, said, "Write the mixed number as an improper fraction: ",
                         "Write the mixed numbers as improper fractions: ")


def _has_mixed(e) -> bool:
    return any(mixed_parts(n) for n in sp.preorder_traversal(e))


@rule(FAMILY)
def divide_by_fraction(state: State):
    """3/4 ÷ 2/5  ->  3/4 × 5/2   (dividing by a fraction is multiplying by its reciprocal)"""
    changes, said = [], []
    if state.decimal:
        return []  # decimals divide directly (multiply_divide)
    for p, n in _products(state):
        if _has_mixed(n):
            return []
        for i, f in enumerate(n.args):
            if i > 0 and isinstance(f, sp.Pow) and f.exp == -1 and as_frac(f.base) and as_frac(f.base)[1] > 1:
                a, b = as_frac(f.base)
                if a == 0:
                    continue
                changes.append((p + (i,), frac(b, a)))
                said.append(f"{a}/{b}" + " is the same as multiplying by its reciprocal " + (f"{b}/{a}" if a > 0 else f"-{b}/{-a}"))
    if not changes:
        return []
    return [_replace_all(state, changes, "Dividing by " + "; dividing by ".join(said))]


def _times(x, y, decimal=False):
    """x × y for two value nodes (or x ÷ y when y is a divisor): (new node, caption part) or None."""
    divide = isinstance(y, sp.Pow) and y.exp == -1
    yv = y.base if divide else y
    a, b = number(x), number(yv)
    rx, ry = radical(x), radical(yv)
    if a is not None and b is not None and not (as_frac(x) is None or as_frac(yv) is None):
        if divide:
            if b == 0:
                return None
            if decimal:
                return node(a / b), "divide"
            if as_frac(yv)[1] != 1:
                return None  # divide_by_fraction first
            (p, q), k = as_frac(x), int(yv)
            new = frac(p, q * k) if q > 1 else frac(p, k)
            return new, "divide"
        (p, q), (r, s) = as_frac(x), as_frac(yv)
        if q == 1 and s == 1:
            return sp.Integer(p * r), "multiply"
        return frac(p * r, q * s), "fractions"
    if divide:
        return None
    if rx and b is not None and as_frac(yv) and as_frac(yv)[1] == 1:
        return sp.Mul(sp.Integer(rx[0] * int(yv)), sp.Pow(rx[1], sp.S.Half, evaluate=False), evaluate=False), "multiply"
    if ry and a is not None and as_frac(x) and as_frac(x)[1] == 1:
        return sp.Mul(sp.Integer(ry[0] * int(x)), sp.Pow(ry[1], sp.S.Half, evaluate=False), evaluate=False), "multiply"
    if rx and ry:
        c = rx[0] * ry[0]
        root = sp.Pow(sp.Integer(rx[1] * ry[1]), sp.S.Half, evaluate=False)
        return (root if c == 1 else sp.Mul(sp.Integer(c), root, evaluate=False)), "roots"
    return None


@rule(FAMILY)
def multiply_divide(state: State):
    """2 + 3 × 16  ->  2 + 48;   12 ÷ 3 × 2  ->  4 × 2   (the first operation of each product, left to right)"""
    changes, said, kinds = [], [], set()
    for p, n in _products(state):
        if _has_mixed(n) or as_frac(n) or radical(n):
            continue
        args = list(n.args)
        if len(args) < 2 or not all(is_value(a) or (isinstance(a, sp.Pow) and a.exp == -1 and is_value(a.base)) for a in args):
            continue
        if args[0] == -1:
            continue
        first = as_frac(args[0])
        if first and first[1] > 1 and first[0] % first[1] == 0 and not state.decimal:
            continue  # 12 ÷ 3 × 2: divide first (divide_exactly)
        out = _times(args[0], args[1], state.decimal)
        if out is None:
            continue
        new, kind = out
        if state.decimal and as_frac(new):
            new = node(number(new))
        kinds.add(kind)
        rest = [new] + args[2:]
        changes.append((p, rest[0] if len(rest) == 1 else sp.Mul(*rest, evaluate=False)))
        op = "÷" if kind == "divide" else "×"
        shown_y = args[1].base if kind == "divide" else args[1]
        said.append(f"{t(args[0], state)} {op} {_paren(shown_y, state)} = {t(new, state)}")
    if not changes:
        return []
    if kinds == {"fractions"} and not state.decimal:
        head = "Multiply the numerators and multiply the denominators: "
    elif kinds == {"roots"}:
        head = "Multiply the square roots: "
    elif kinds == {"divide"}:
        head = "Divide: "
    elif len(said) > 1:
        head = "Multiply and divide from left to right: "
    else:
        head = "Multiply: "
    return [_replace_all(state, changes, head + _join(said))]


@rule(FAMILY)
def divide_exactly(state: State):
    """12/3 + 1  ->  4 + 1   (a fraction whose numerator the denominator divides is a whole number)"""
    where = region(state)
    if where is None or level(where[1]) not in ("products", "sums", "done") or state.decimal:
        return []
    changes, said = [], []
    nodes = [((), where[1])] if as_frac(where[1]) else []
    for p, n in top_nodes(where[1]):
        for i, c in enumerate(n.args):
            if as_frac(c):
                nodes.append((p + (i,), c))
    for p, c in nodes:
        a, b = as_frac(c)
        if b > 1 and a % b == 0:
            changes.append((p, sp.Integer(a // b)))
            said.append(f"{abs(a)} ÷ {b} = {abs(a) // b}")
    return _changes_move(state, changes, said, "Divide: ")


@rule(FAMILY)
def simplify_fraction(state: State):
    """10/4  ->  5/2   (divide the numerator and the denominator by their GCD 2)"""
    where = region(state)
    if where is None:
        return []
    path, n = where
    ab = as_frac(n)
    if not ab:
        return []
    a, b = ab
    g = math.gcd(a, b)
    if b == 1 or g == 1 or a % b == 0:
        return []
    new = frac(a // g, b // g)
    return [_move(state, path, new, f"Simplify the fraction: divide the numerator and the denominator by their GCD {g}")]
