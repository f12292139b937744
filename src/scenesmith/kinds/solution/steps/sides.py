"""Helpers the relation rules share: the terms of a side as shown, linear parts, and applying a per-relation rewrite to a state."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import sympy as sp

from scenesmith.mathreader import Relation
from scenesmith.kinds.solution.steps.display import _is_canonical_add
from scenesmith.kinds.solution.steps.state import FLIP, Move, Relations, State

RelationRewrite = Callable[[Relation, sp.Symbol], "tuple[tuple[Relation, ...] | Relation, str] | None"]


def terms(e) -> list:
    """Terms of a sum in display order (as built for unevaluated sums, by degree for evaluated ones)."""
    e = sp.sympify(e)
    if isinstance(e, sp.Add):
        return list(e.as_ordered_terms(order="lex")) if _is_canonical_add(e) else list(e.args)
    return [e]


def add(*items):
    """An unevaluated sum of the given terms (a single term is itself; none is 0)."""
    items = [sp.sympify(t) for t in items]
    if not items:
        return sp.S.Zero
    return items[0] if len(items) == 1 else sp.Add(*items, evaluate=False)


def evaluated(e):
    return sp.sympify(e).doit()


def is_number(e) -> bool:
    e = sp.sympify(e)
    return e.is_number and not e.has(sp.Derivative, sp.Integral, sp.Limit)


def linear_coefficients(side, var):
    """(a, b) with side == a*var + b and numbers a, b; None when the side is not linear in var."""
    e = sp.expand(evaluated(side))
    if not e.is_polynomial(var):
        return None
    poly = sp.Poly(e, var)
    if poly.degree() > 1 or any(not c.is_number for c in poly.all_coeffs()):
        return None
    a = poly.coeff_monomial(var)
    b = poly.coeff_monomial(1)
    return exact(a), exact(b)


def exact(e):
    """Decimals (0.5) as the exact fractions they mean; exact values as they are.

    Not sp.nsimplify: it rounds exact rationals to nearby simple ones (109739369/13717421 -> 8).
    """
    e = sp.sympify(e)
    floats = e.atoms(sp.Float)
    return e.xreplace({f: sp.Rational(str(f)) for f in floats}) if floats else e


def is_solved(r: Relation, var) -> bool:
    return r.lhs == var and is_number(r.rhs) and (r.op == "=" or r.rhs.is_real)


def solved_goal(state: State) -> bool:
    """An equation state is answered when each branch reads `x = number` (or is a whole-line or empty answer)."""
    if not isinstance(state, Relations):
        return False
    if not state.branches or state.all_text:
        return True
    return all(len(b) == 1 and is_solved(b[0], state.var) for b in state.branches)


def flipped(r: Relation) -> Relation:
    return Relation(r.rhs, FLIP[r.op], r.lhs)


def rewrite_relations(state: State, rewrite: RelationRewrite, *, mode: str = "equiv", cost: float = 1.0) -> Iterable[Move]:
    """Apply `rewrite(relation, var)` to every unsolved relation of a one-variable state.

    When it rewrites all of them with the same caption, that is one move ('Add 3 to both sides'
    in both cases). Otherwise the first relation it rewrites is changed on its own.
    """
    if not isinstance(state, Relations) or len(state.variables) != 1:
        return []
    var = state.var
    results = []
    for bi, branch in enumerate(state.branches):
        for ri, r in enumerate(branch):
            if is_solved(r, var):
                continue
            out = rewrite(r, var)
            if out is not None:
                results.append((bi, ri, out))
    if not results:
        return []

    def build(chosen) -> Relations:
        branches = [list(b) for b in state.branches]
        for bi, ri, (new, _) in chosen:
            branches[bi][ri] = new
        flat = []
        for b in branches:
            items = []
            for item in b:
                items.extend(item if isinstance(item, tuple) else (item,))
            flat.append(tuple(items))
        return Relations(state.variables, tuple(flat), empty_text=state.empty_text)

    captions = {out[1] for _, _, out in results}
    unsolved = sum(1 for b in state.branches for r in b if not is_solved(r, var))
    if len(captions) == 1 and len(results) == unsolved:
        return [Move(build(results), results[0][2][1], mode=mode, cost=cost)]
    return [Move(build([results[0]]), results[0][2][1], mode=mode, cost=cost)]


def single_relation(state: State):
    """(var, relation) when the state is one relation in one variable, else None."""
    if isinstance(state, Relations) and len(state.variables) == 1 and len(state.branches) == 1 and len(state.branches[0]) == 1:
        return state.var, state.branches[0][0]
    return None
