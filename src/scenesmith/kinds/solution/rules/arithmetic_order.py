"""The order of operations for the arithmetic rules: where the next step works, what is due there, and its move.

Innermost brackets first; then powers, roots, logs and absolute values; then multiplication and
division left to right; then addition and subtraction left to right. Each rule makes one level of
the order of operations per step, as a teacher writes it.
"""

from __future__ import annotations

import sympy as sp

from scenesmith.kinds.solution.rules.arithmetic_common import Arith, as_frac, frac, is_value, mixed_parts, negate, odd_root_parts
from scenesmith.kinds.solution.steps.state import Move


# ---------------------------------------------------------------------------------------------
# Where the next operations are: the innermost bracket (group) with work left, else the whole
# ---------------------------------------------------------------------------------------------


def children(e) -> tuple:
    if is_value(e) or e.is_Atom or odd_root_parts(e):
        return ()
    return e.args


def _is_group(parent, child) -> bool:
    if is_value(child):
        return False
    if isinstance(child, sp.Add):
        return True
    return isinstance(parent, (sp.Pow, sp.log, sp.Abs, sp.factorial))


def find_region(e, path=()):
    """The path to the innermost group that is not yet a number, or None (then the region is the whole)."""
    for i, c in enumerate(children(e)):
        found = find_region(c, path + (i,))
        if found is not None:
            return found
        if _is_group(e, c):
            return path + (i,)
    return None


def get(e, path):
    for i in path:
        e = e.args[i]
    return e


def rebuild(e, args):
    if isinstance(e, sp.UnevaluatedExpr):
        return sp.UnevaluatedExpr(args[0])
    if isinstance(e, (sp.Add, sp.Mul, sp.Pow)):
        return e.func(*args, evaluate=False)
    return e.func(*args, evaluate=False)


def put(e, path, new):
    if not path:
        return new
    args = list(e.args)
    args[path[0]] = put(args[path[0]], path[1:], new)
    return rebuild(e, args)


def tidy(e):
    """Fold what needs no step: -1 times a number, a one-factor product, 1/(negative), a number to the power 1."""
    if e.is_Atom or mixed_parts(e) or as_frac(e):
        return e
    args = [tidy(a) for a in e.args]
    if isinstance(e, sp.Mul):
        if len(args) >= 2 and args[0] == -1 and as_frac(args[1]):
            args = [negate(args[1])] + args[2:]
        if len(args) == 2 and isinstance(args[0], sp.Integer) and isinstance(args[1], sp.Pow) and args[1].exp == -1 \
                and isinstance(args[1].base, sp.Integer) and args[1].base < 0:
            return frac(-args[0], -args[1].base)
        if len(args) == 1:
            return args[0]
    if isinstance(e, sp.Add) and len(args) == 1:
        return args[0]
    return rebuild(e, args)


def region(state):
    """(path, node) of the part worked on next, for an Arith state; None otherwise."""
    if not isinstance(state, Arith):
        return None
    path = find_region(state.expr)
    path = () if path is None else path
    return path, get(state.expr, path)


def top_nodes(e, path=()):
    """(path, node) of the operations in a region, outermost first, not entering numbers."""
    out = [(path, e)] if not is_value(e) else []
    for i, c in enumerate(children(e)):
        out += top_nodes(c, path + (i,))
    return out


def _power_like(n) -> bool:
    if isinstance(n, sp.Pow) and n.exp == -1:
        return False  # a divisor: multiplication and division
    return isinstance(n, (sp.Pow, sp.log, sp.Abs, sp.factorial)) or odd_root_parts(n) is not None


def level(node) -> str:
    """Which operations are due in a region: 'powers', 'products', 'sums' or 'done'."""
    nodes = top_nodes(node)
    if any(_power_like(n) for _, n in nodes):
        return "powers"
    if any(isinstance(n, sp.Mul) or (isinstance(n, sp.Pow) and n.exp == -1) for _, n in nodes):
        return "products"
    if any(isinstance(n, sp.Add) for _, n in nodes):
        return "sums"
    return "done"


def _move(state, path, new, caption, cost=1.0):
    if path and isinstance(get(state.expr, path), sp.Add) and is_value(new) and not caption.startswith("Inside"):
        caption = "Inside the brackets first: " + caption[0].lower() + caption[1:]
    expr = tidy(put(state.expr, path, new))
    return Move(Arith(expr, state.label, state.decimal), caption[:160], cost=cost)


def _replace_all(state, changes, caption):
    """Apply [(path_within_region, new)] inside the region, deepest first."""
    path, node = region(state)
    for p, new in sorted(changes, key=lambda c: -len(c[0])):
        node = put(node, p, new)
    return _move(state, path, node, caption)


def _join(parts: list[str]) -> str:
    return "; ".join(parts)


def _changes_move(state, changes, said, head: str, heads: str | None = None) -> list:
    """One move making all `changes` in the region, captioned head (heads when several) + what each change said; [] when none."""
    if not changes:
        return []
    return [_replace_all(state, changes, (head if len(said) == 1 or heads is None else heads) + _join(said))]
