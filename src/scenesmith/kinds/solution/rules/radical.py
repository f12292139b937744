"""Rules: radical equations, and the candidate check that equations with extraneous roots share.

Isolate the radical (move the other terms, divide by its coefficient), square (or cube) both sides,
let the polynomial and linear families solve what is left, then check every candidate in the
original equation: squaring can add roots (mode implies), the check removes them (mode check).
A square root equal to a negative number has no real solution.
"""

from __future__ import annotations

import sympy as sp

from scenesmith.mathreader import Relation
from scenesmith.kinds.solution.rules.linear import move_caption as linear_move_caption
from scenesmith.kinds.solution.rules.polynomial import remake
from scenesmith.kinds.solution.steps.checks import numbers_equal
from scenesmith.kinds.solution.steps.display import number_text, plain
from scenesmith.kinds.solution.steps.search import rule, search_start
from scenesmith.kinds.solution.steps.sides import add, evaluated, exact, single_relation, terms
from scenesmith.kinds.solution.steps.state import FLIP, Move, Relations, State

FAMILY = "radical"


# ---------------------------------------------------------------------------------------------
# What a radical is
# ---------------------------------------------------------------------------------------------


class CubeRoot(sp.Function):
    """The real cube root of u, as a student means cbrt(u): cbrt(-8) = -2 (SymPy's (-8)^(1/3) is not real)."""

    nargs = 1

    @classmethod
    def eval(cls, u):
        return None

    def doit(self, **hints):
        u = self.args[0]
        return sp.real_root(u.doit(**hints) if isinstance(u, sp.Basic) else u, 3)

    def _eval_evalf(self, prec):
        return self.doit()._eval_evalf(prec)

    def _latex(self, printer):
        return rf"\sqrt[3]{{{printer._print(self.args[0])}}}"

    def _sympystr(self, printer):
        return f"cbrt({printer._print(self.args[0])})"


def _root_exponent(e):
    """1/2 or 1/3 when e is a power with that exponent (also as typed, unevaluated: x^(1/2)); else None."""
    if not isinstance(e, sp.Pow) or e.exp.free_symbols:
        return None
    k = evaluated(e.exp)
    return k if k in (sp.S.Half, sp.Rational(1, 3)) else None


def root_index(e, var) -> int | None:
    """2 for sqrt(u), 3 for cbrt(u) (u depending on var), else None."""
    if isinstance(e, CubeRoot) and e.args[0].has(var):
        return 3
    if isinstance(e, sp.Pow) and e.base.has(var) and _root_exponent(e) is not None:
        return int(1 / _root_exponent(e))
    return None


def radicand(e):
    """u of sqrt(u) or cbrt(u)."""
    return e.args[0] if isinstance(e, CubeRoot) else e.base


def real_roots(e, var):
    """e with u^(1/3) as the real cube root CubeRoot(u) and u^(1/2) typed as x^(1/2) as sqrt(u) (for the equations task)."""
    if not isinstance(e, sp.Basic) or e.is_Atom:
        return e
    args = [real_roots(a, var) for a in e.args]
    if isinstance(e, sp.Pow) and e.base.has(var) and _root_exponent(e) is not None:
        k = _root_exponent(e)
        return CubeRoot(args[0]) if k == sp.Rational(1, 3) else sp.Pow(args[0], sp.S.Half, evaluate=False)
    return e if args == list(e.args) else remake(e, args)


def has_radical(e, var) -> bool:
    return any(root_index(n, var) for n in sp.preorder_traversal(sp.sympify(e)))


def root_name(index: int) -> str:
    return "square root" if index == 2 else "cube root"


def split_term(side, is_special):
    """(special term, rest of the terms) when exactly one shown term of `side` passes `is_special`; else None."""
    shown = terms(side)
    special = [t for t in shown if is_special(t)]
    if len(special) != 1:
        return None
    return special[0], [t for t in shown if t is not special[0]]


def coefficient_split(term, is_core):
    """(number c, core) with term == c * core, the core passing `is_core`; None otherwise."""
    if is_core(term):
        return sp.S.One, term
    if isinstance(term, sp.Mul):
        cores = [f for f in term.args if is_core(f)]
        others = [f for f in term.args if not is_core(f)]
        if len(cores) == 1 and all(evaluated(f).is_number for f in others):
            c = evaluated(sp.Mul(*others))
            if c.is_Rational and c != 0:
                return c, cores[0]
    return None


def move_caption(rest_sum, what: str) -> str:
    return f"{linear_move_caption(rest_sum)} to isolate the {what}"


def isolate_moves(state: State, is_core, what: str) -> list[Move]:
    """Shared by the radical, absolute value and exponential families: get c*core alone on the left, then core alone.

    `is_core(expr)` says which term is the one to isolate (a radical, |u|, a^u); the other side must not hold one.
    """
    one = single_relation(state)
    if one is None:
        return []
    var, r = one
    if r.op != "=":
        return []

    def special(t) -> bool:
        return coefficient_split(t, is_core) is not None

    lhs_has = any(special(t) for t in terms(r.lhs))
    rhs_has = any(special(t) for t in terms(r.rhs))
    if rhs_has and not lhs_has:
        return [Move(Relations.single(var, Relation(r.rhs, FLIP[r.op], r.lhs)), "Swap the two sides", cost=0.5)]
    if not lhs_has or rhs_has:
        return []
    found = split_term(r.lhs, special)
    if found is None:
        return []
    term, rest = found
    if any(sp.sympify(t).has(sp.Abs) or has_radical(t, var) or _has_exp(t, var) for t in rest):
        return []
    if rest:
        rest_sum = evaluated(add(*rest))
        new_rhs = sp.expand(evaluated(r.rhs) - rest_sum)
        return [Move(Relations.single(var, Relation(term, "=", new_rhs)), move_caption(rest_sum, what))]
    c, core = coefficient_split(term, is_core)
    if c == 1:
        return []
    new_rhs = sp.expand(evaluated(r.rhs) / c)
    if c == -1:
        caption = "Multiply both sides by -1"
    elif c.q == 1:
        caption = f"Divide both sides by {c}"
    else:
        caption = f"Multiply both sides by {plain(1 / c)}"
    return [Move(Relations.single(var, Relation(core, "=", new_rhs)), caption)]


def _has_exp(e, var) -> bool:
    return any(isinstance(n, sp.Pow) and n.exp.has(var) for n in sp.preorder_traversal(sp.sympify(e))) or sp.sympify(e).has(sp.exp)


# ---------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------


@rule(FAMILY)
def isolate_radical(state: State):
    """sqrt(x) + 2 = x  ->  sqrt(x) = x - 2;   2sqrt(x + 1) = 6  ->  sqrt(x + 1) = 3"""
    one = single_relation(state)
    if one is None or not has_radical(one[1].lhs, one[0]) and not has_radical(one[1].rhs, one[0]):
        return []
    var = one[0]
    return isolate_moves(state, lambda e: root_index(e, var) is not None, "square root" if _index_of(one[1], var) == 2 else "cube root")


@rule(FAMILY)
def separate_radicals(state: State):
    """sqrt(x) + sqrt(x - 5) = 5  ->  sqrt(x) = 5 - sqrt(x - 5)   (one square root on each side, then square)"""
    one = single_relation(state)
    if one is None:
        return []
    var, r = one
    if r.op != "=" or has_radical(r.rhs, var):
        return []
    shown = terms(r.lhs)
    radicals = [t for t in shown if coefficient_split(t, lambda e: root_index(e, var) == 2) is not None]
    if len(radicals) != 2 or len(shown) != 2 or any(has_radical(t, var) for t in shown if t not in radicals):
        return []
    keep, move = sorted(radicals, key=lambda t: bool(coefficient_split(t, lambda e: root_index(e, var) == 2)[0] < 0))
    new = Relation(keep, "=", add(r.rhs, sp.Mul(-1, move) if not move.could_extract_minus_sign() else -move))
    return [Move(Relations.single(var, new), f"{linear_move_caption(move)} so that one square root is alone on each side")]


def _index_of(r: Relation, var) -> int:
    for n in sp.preorder_traversal(sp.Add(r.lhs, r.rhs, evaluate=False)):
        i = root_index(n, var)
        if i:
            return i
    return 2


def _squared(rhs, var):
    """rhs^2 as the next step shows it: sqrt(v) -> v, c*sqrt(v) -> c^2 v, anything else (x - 1)^2 (expanded by the next steps)."""
    if root_index(rhs, var) == 2:
        return radicand(rhs)
    split = coefficient_split(rhs, lambda e: root_index(e, var) == 2)
    if split is not None:
        c, core = split
        return sp.Mul(c**2, radicand(core), evaluate=False) if isinstance(radicand(core), sp.Add) else c**2 * radicand(core)
    return sp.Pow(rhs, 2, evaluate=False)


@rule(FAMILY)
def square_both_sides(state: State):
    """sqrt(2x + 1) = x - 1  ->  2x + 1 = (x - 1)^2   (may add roots: checked at the end)"""
    one = single_relation(state)
    if one is None:
        return []
    var, r = one
    if r.op != "=" or root_index(r.lhs, var) != 2:
        return []
    rhs = r.rhs
    if any(root_index(n, var) == 3 for n in sp.preorder_traversal(rhs)):
        return []
    value = evaluated(rhs)
    if value.is_number:
        if not value.is_real or value.is_negative:
            return []
        square = exact(sp.expand(value**2))
        new = Relation(radicand(r.lhs), "=", square)
        return [Move(Relations.single(var, new), f"Square both sides: {plain(value)}^2 = {plain(square)}")]
    new = Relation(radicand(r.lhs), "=", _squared(rhs, var))
    return [Move(Relations.single(var, new), "Square both sides (this can add roots, so check them at the end)", mode="implies")]


@rule(FAMILY)
def cube_both_sides(state: State):
    """cbrt(x - 1) = 2  ->  x - 1 = 8;   cbrt(x) = -2  ->  x = -8"""
    one = single_relation(state)
    if one is None:
        return []
    var, r = one
    if r.op != "=" or root_index(r.lhs, var) != 3 or has_radical(r.rhs, var):
        return []
    value = evaluated(r.rhs)
    if not value.is_number or not value.is_real:
        return []
    if value.is_negative and not isinstance(r.lhs, CubeRoot):
        return []  # SymPy's u^(1/3) is not real for negative u: only the real cube root is cubed
    cube = exact(sp.expand(value**3))
    return [Move(Relations.single(var, Relation(radicand(r.lhs), "=", cube)), f"Cube both sides: {_paren(value)}^3 = {plain(cube)}")]


def _paren(v) -> str:
    return plain(v) if not v.could_extract_minus_sign() and (v.is_Integer or v.is_Symbol) else f"({plain(v)})"


@rule(FAMILY)
def square_root_never_negative(state: State):
    """sqrt(x + 2) = -3  ->  no real solution"""
    one = single_relation(state)
    if one is None:
        return []
    var, r = one
    value = evaluated(r.rhs)
    if r.op != "=" or root_index(r.lhs, var) != 2 or not value.is_number or not value.is_negative:
        return []
    return [Move(Relations((var,), ()), f"A square root is never negative, so it cannot equal {plain(value)}: there is no real solution")]


# ---------------------------------------------------------------------------------------------
# Checking candidates in the original equation
# ---------------------------------------------------------------------------------------------


def _side_value(e, var, v):
    """The exact value of one side at var = v, or None where it is undefined or not real."""
    try:
        value = evaluated(e)
        if any(sp.simplify(n.args[0].subs(var, v)).is_positive is not True for n in value.atoms(sp.log) if n.has(var)):
            return None  # log(-2) - log(-1) is real in SymPy, but a log needs a positive argument
        x = sp.simplify(value.subs(var, v))
    except (ZeroDivisionError, ValueError, TypeError):
        return None
    if x.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or x.is_real is not True:
        return None
    return x


def _undefined_reason(e, var, v) -> str:
    for n in sp.preorder_traversal(evaluated(e)):
        if isinstance(n, sp.log) and n.has(var):
            a = sp.simplify(n.args[0].subs(var, v))
            if a.is_positive is not True:
                return f"log({plain(a)}) is undefined (a logarithm needs a positive argument)"
        if isinstance(n, sp.Pow) and n.exp == sp.S.Half and n.base.has(var):
            a = sp.simplify(n.base.subs(var, v))
            if a.is_negative:
                return f"sqrt({plain(a)}) is not a real number"
    return "a side is undefined there"


def solved_candidates(state: State) -> list | None:
    """[value, ...] when every branch reads `x = number`, maybe with excluded values beside it (x = -2 and x != -1)."""
    if not isinstance(state, Relations) or len(state.variables) != 1 or state.all_text:
        return None
    var, values = state.var, []
    for b in state.branches:
        main = [r for r in b if not (r.op == "!=" and r.lhs == var and not r.rhs.free_symbols)]
        if len(main) != 1 or main[0].op != "=" or main[0].lhs != var or main[0].rhs.free_symbols:
            return None
        values.append(main[0].rhs)
    return values


def candidate_checks(state: State, start: State):
    """(kept values, check lines) for a solved state, testing each candidate in the start; None when not applicable."""
    if not isinstance(state, Relations) or not isinstance(start, Relations) or state.variables != start.variables:
        return None
    values = solved_candidates(state)
    if not values or len(start.variables) != 1 or len(start.branches) != 1:
        return None
    var = state.var
    originals = start.branches[0]
    if not all(o.op == "=" for o in originals):
        return None
    kept, lines = [], []
    for v in values:
        vt = f"{var} = {number_text(v)}"
        ok = True
        for o in originals:
            left, right = _side_value(o.lhs, var, v), _side_value(o.rhs, var, v)
            if left is None or right is None:
                why = _undefined_reason(o.lhs if left is None else o.rhs, var, v)
                lines.append(f"{vt}: {why}, so it is rejected")
                ok = False
                break
            if not numbers_equal(left, right):
                lines.append(f"{vt}: the left side is {number_text(left)} but the right side is {number_text(right)}: extraneous")
                ok = False
                break
            lines.append(f"{vt}: both sides equal {number_text(left)}, so it checks")
        if ok:
            kept.append(v)
    return kept, lines


def check_candidates_in_start(state: State):
    start = search_start()
    found = candidate_checks(state, start)
    if found is None:
        return []
    kept, lines = found
    if len(kept) == len(solved_candidates(state)):
        return []  # nothing to remove: the check would not change the state
    var = state.var
    new = Relations.single(var, *[Relation(var, "=", v) for v in kept]) if kept else Relations((var,), ())
    caption = "Check each candidate in the original equation" if kept else "Check the candidates in the original equation: none works, so there is no real solution"
    return [Move(new, caption, mode="check", checks=tuple(lines))]


@rule(FAMILY)
def check_candidates(state: State):
    """x = 0 or x = 4 (after squaring sqrt(2x + 1) = x - 1)  ->  x = 4, with 'x = 0: ... extraneous'"""
    return check_candidates_in_start(state)


def no_extraneous(state: State) -> bool:
    """False for a solved state with a candidate that fails the original equation (the check step must come first)."""
    found = candidate_checks(state, search_start())
    return found is None or len(found[0]) == len(solved_candidates(state))
