"""Rules: rational equations (the variable in a denominator), worked the way a teacher does.

1. State the excluded values: every value that makes a denominator zero is carried in the
   state as `x != v` beside the equation (`5/(x + 1) = 1/2 and x != -1`).
2. Multiply both sides by the LCD, term by term (mode implies: on its own the new equation may
   have more solutions than the old one).
3. The linear and polynomial rules solve the equation; the excluded values ride along.
4. Check the candidates (mode check): a candidate equal to an excluded value is rejected as
   extraneous; the check lines say which.
"""

from __future__ import annotations

import sympy as sp

from scenesmith.mathreader import Relation
from scenesmith.kinds.solution.rules.polynomial import ev, is_constraint, rational_poly, split_branch
from scenesmith.kinds.solution.steps.display import number_text, plain
from scenesmith.kinds.solution.steps.search import rule
from scenesmith.kinds.solution.steps.sides import add, is_solved, terms
from scenesmith.kinds.solution.steps.state import Move, Relations, State

FAMILY = "rational"


def rational_rule(fn):
    """Register a rule of this family as 'rational_<name>' (rule names are global across families)."""
    return rule(FAMILY, "rational_" + fn.__name__)(fn)


def denominators(e, var) -> list:
    """Every denominator with the variable in it, anywhere in e (also inside a fraction's numerator or denominator)."""
    found = []
    for node in sp.preorder_traversal(sp.sympify(e)):
        if isinstance(node, sp.Pow) and node.exp.is_negative and node.base.has(var):
            base = node.base
            if node.exp != -1:
                if not node.exp.is_Integer:
                    return None
            if base not in found:
                found.append(base)
    return found


def real_zeros(e, var) -> list | None:
    """The real zeros of a polynomial, exactly (factors of degree at most 2), ascending; None when they cannot be found exactly."""
    p = rational_poly(e, var)
    if p is None:
        return None
    zeros = set()
    _, factors = sp.factor_list(p.as_expr(), var)
    for f, _ in factors:
        fp = sp.Poly(f, var)
        if fp.degree() <= 2:
            zeros |= {z for z in sp.roots(fp, multiple=True) if z.is_real}
        elif fp.count_roots() > 0:
            return None
    return sorted(zeros, key=lambda v: float(sp.N(v, 30)))


def excluded_values(relation: Relation, var) -> list | None:
    dens = denominators(relation.lhs, var)
    more = denominators(relation.rhs, var)
    if dens is None or more is None:
        return None
    values: list = []
    for d in dens + more:
        zeros = real_zeros(d, var)
        if zeros is None:
            return None
        values += [z for z in zeros if z not in values]
    return sorted(values, key=lambda v: float(sp.N(v, 30)))


def _values_text(values) -> str:
    texts = [v if isinstance(v, str) else number_text(v) for v in values]
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " and " + texts[-1]


@rational_rule
def exclude_values(state: State):
    """5/(x + 1) = 1/2  ->  5/(x + 1) = 1/2 and x != -1"""
    if not isinstance(state, Relations) or len(state.variables) != 1 or len(state.branches) != 1:
        return []
    var = state.var
    eq, constraints = split_branch(state.branches[0], var)
    if eq is None or constraints:
        return []
    values = excluded_values(eq, var)
    if not values:
        return []
    branch = (eq, *[Relation(var, "!=", v) for v in values])
    if len(values) == 1:
        caption = f"A denominator is 0 at {var} = {number_text(values[0])}, so {var} cannot be {number_text(values[0])}"
    else:
        caption = f"Denominators are 0 at {_values_text([f'{var} = {number_text(v)}' for v in values])}, so these values are excluded"
    return [Move(Relations(state.variables, (branch,), empty_text=state.empty_text), caption)]


def _factored(e):
    """A polynomial shown factored: 2(x + 1), 4x(x + 2)."""
    f = sp.factor(e)
    c, rest = f.as_coeff_Mul()
    if c != 1 and isinstance(rest, sp.Add):
        return sp.Mul(c, rest, evaluate=False)
    return f


def lcd_of(dens, var):
    """The least common denominator of polynomial denominators (an integer times polynomial factors)."""
    numeric = 1
    powers: dict = {}
    for d in dens:
        c, factors = sp.factor_list(sp.expand(d), var)
        if not c.is_Rational:
            return None
        numeric = sp.ilcm(numeric, abs(c.p))
        for f, k in factors:
            if sp.Poly(f, var).LC() < 0:
                f = -f
            powers[f] = max(powers.get(f, 0), k)
    return sp.Integer(numeric) * sp.Mul(*[f**k for f, k in powers.items()])


@rational_rule
def multiply_by_lcd(state: State):
    """5/(x + 1) = 1/2 and x != -1  ->  10 = x + 1 and x != -1"""
    if not isinstance(state, Relations) or len(state.variables) != 1 or len(state.branches) != 1:
        return []
    var = state.var
    eq, constraints = split_branch(state.branches[0], var)
    if eq is None or not constraints or is_solved(eq, var):
        return []
    values = excluded_values(eq, var)
    if not values or any(all(c.rhs != v for c in constraints) for v in values):
        return []
    pieces = [(side, [sp.together(ev(t)) for t in terms(side)]) for side in (eq.lhs, eq.rhs)]
    dens = []
    for _, ts in pieces:
        for t in ts:
            num, den = sp.fraction(t)
            if rational_poly(num, var) is None or rational_poly(den, var) is None:
                return []
            dens.append(den)
    lcd = lcd_of(dens, var)
    if lcd is None or lcd == 1:
        return []
    sides = []
    for _, ts in pieces:
        new_terms = []
        for t in ts:
            m = sp.cancel(t * lcd)
            if rational_poly(m, var) is None:
                return []
            new_terms.append(_factored(m) if m.has(var) else m)
        sides.append(add(*new_terms))
    new = Relation(sides[0], "=", sides[1])
    branch = (new, *constraints)
    return [Move(Relations(state.variables, (branch,), empty_text=state.empty_text),
                 f"Multiply both sides by the LCD {plain(_factored(lcd))} to clear the fractions", mode="implies")]


@rational_rule
def check_excluded(state: State):
    """x = -1 or x = 3, with x != -1  ->  x = 3 (x = -1 is rejected: it makes a denominator 0)"""
    if not isinstance(state, Relations) or len(state.variables) != 1:
        return []
    var = state.var
    if not any(any(is_constraint(r, var) for r in b) for b in state.branches):
        return []
    kept, lines, rejected = [], [], 0
    for branch in state.branches:
        eq, constraints = split_branch(branch, var)
        if eq is None or not is_solved(eq, var) or eq.op != "=":
            return []
        v = ev(eq.rhs)
        if any(c.rhs == v for c in constraints):
            lines.append(f"{var} = {number_text(v)}: a denominator is 0 there, so it is not a solution (extraneous)")
            rejected += 1
            continue
        lines.append(f"{var} = {number_text(v)}: no denominator is 0, so it is a solution")
        if (eq,) not in kept:
            kept.append((eq,))
    if rejected and not kept:
        caption = "Check the candidates: none of them is allowed, so there is no solution"
        return [Move(Relations(state.variables, (), empty_text="no solution"), caption, mode="check", checks=tuple(lines))]
    caption = "Check the candidates against the excluded values" + (": reject the extraneous ones" if rejected else "")
    return [Move(Relations(state.variables, tuple(kept), empty_text=state.empty_text), caption, mode="check", checks=tuple(lines))]
