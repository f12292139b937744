"""Rules: systems of equations in 2 or 3 unknowns (linear by elimination or substitution; one linear and one quadratic by substitution).

A system state is `Relations(variables=(x, y), branches=((r1, r2),))`: one branch holding all the
equations (the linear + quadratic case splits into one branch per solution). The rules:
write an equation in standard form, clear its fractions, scale two equations so a variable's terms
match, add or subtract them to eliminate it, solve an equation for a variable, substitute it into
another equation, substitute solved values back, work out a value, decide a constant equation
(0 = 0: infinitely many solutions; 0 = 5: no solution), and solve a one-variable equation inside the
system (the `linear` family's moves on it, and a quadratic by factoring or the quadratic formula).
"""

from __future__ import annotations

from functools import reduce

import sympy as sp

from scenesmith.mathreader import Relation
from scenesmith.kinds.solution.rules.polynomial import _zero_product as polynomial_zero_product
from scenesmith.kinds.solution.steps.display import number_text, plain
from scenesmith.kinds.solution.steps.search import rule, rules_for
from scenesmith.kinds.solution.steps.sides import add, evaluated, terms, exact
from scenesmith.kinds.solution.steps.state import Move, Relations, State

FAMILY = "systems"
ELIMINATION = "systems_elimination"
SUBSTITUTION = "systems_substitution"
ORDINALS = ("first", "second", "third", "fourth")
INFINITE = "infinitely many solutions"


# ---------------------------------------------------------------------------------------------
# Reading a system state
# ---------------------------------------------------------------------------------------------


def system(state: State):
    """(variables, branches) of a system state with at least one branch and no final text, else None."""
    if not isinstance(state, Relations) or len(state.variables) < 2 or not state.branches or state.all_text:
        return None
    if any(r.op != "=" for b in state.branches for r in b):
        return None
    return state.variables, state.branches


def difference(r: Relation):
    return sp.expand(evaluated(r.lhs) - evaluated(r.rhs))


def unknowns(r: Relation, variables) -> list:
    """The variables the equation really has (after working out its sides), in the system's order."""
    free = difference(r).free_symbols
    return [v for v in variables if v in free]


def one_branch(state: State):
    """(variables, branch) of a system state that is still one branch (no cases yet), else None."""
    found = system(state)
    if not found or len(found[1]) != 1:
        return None
    return found[0], found[1][0]


def is_value(r: Relation, variables) -> bool:
    """`x = 4` with a worked-out number on the right."""
    return r.op == "=" and r.lhs in variables and r.rhs.is_number and not r.rhs.free_symbols and evaluated(r.rhs) == r.rhs


def linear_parts(r: Relation, variables):
    """({var: coefficient}, constant) with lhs - rhs == sum(c*v) + constant, rational numbers; None when not linear."""
    d = difference(r)
    if not d.is_polynomial(*variables):
        return None
    poly = sp.Poly(d, *variables)
    if poly.total_degree() > 1:
        return None
    coeffs = {v: poly.coeff_monomial(v) for v in variables}
    const = poly.coeff_monomial(1)
    if not all(c.is_Rational for c in [*coeffs.values(), const]):
        return None
    return {v: c for v, c in coeffs.items() if c != 0}, const


def standard_relation(coeffs: dict, const, variables) -> Relation:
    """a x + b y = c, variables in order."""
    lhs = add(*[coeffs[v] * v for v in variables if coeffs.get(v, 0) != 0]) if any(coeffs.values()) else sp.S.Zero
    return Relation(lhs, "=", sp.sympify(-const))


def is_standard(r: Relation, variables) -> bool:
    """Variable terms (one per variable) on the left, a number on the right: 3x + 2y = 16."""
    if not (evaluated(r.rhs).is_Rational and len(terms(r.rhs)) == 1 and not r.rhs.has(sp.Add)):
        return False
    seen = set()
    for t in terms(r.lhs):
        c, rest = evaluated(t).as_coeff_Mul()
        if not c.is_Rational or rest not in variables or rest in seen:
            return False
        seen.add(rest)
    return bool(seen)


def isolated(r: Relation, variables):
    """The variable v when r reads `v = expression` with v not on the right, else None."""
    if r.op == "=" and r.lhs in variables and r.lhs not in evaluated(r.rhs).free_symbols:
        return r.lhs
    return None


def ordinal(i: int) -> str:
    return ORDINALS[i] if i < len(ORDINALS) else f"equation {i + 1}"


def with_relation(state: Relations, bi: int, new_branch) -> Relations:
    branches = list(state.branches)
    branches[bi] = tuple(new_branch)
    return Relations(state.variables, tuple(branches), empty_text=state.empty_text)


def unsolved(branch, variables) -> list[int]:
    return [i for i, r in enumerate(branch) if not is_value(r, variables)]


# ---------------------------------------------------------------------------------------------
# Substituting as shown: 3(2) + 2y, 3x + (2x + 1), x^2 + (7 - x)^2
# ---------------------------------------------------------------------------------------------


def _shown_factor(f, mapping):
    if f in mapping:
        return mapping[f]
    if isinstance(f, sp.Pow) and f.base in mapping:
        return sp.Pow(mapping[f.base], f.exp, evaluate=False)
    if f.free_symbols & set(mapping):
        return None
    return f


def shown_subs(side, mapping: dict):
    """The side with the variables replaced, kept as a teacher writes it (brackets around what was put in)."""
    out = []
    for t in terms(side):
        t = sp.sympify(t)
        if not (t.free_symbols & set(mapping)):
            out.append(t)
            continue
        k, rest = t.as_coeff_Mul()
        factors = [_shown_factor(f, mapping) for f in sp.Mul.make_args(rest)]
        if any(f is None for f in factors):
            return None
        if len(factors) == 1 and factors[0].is_number and factors[0].could_extract_minus_sign() and k == -1:
            out.append(-factors[0])  # x - y with y = -3: x + 3
            continue
        if k == 1:
            out.append(factors[0] if len(factors) == 1 else sp.Mul(*factors, evaluate=False))
        elif k < 0 and len(factors) == 1 and factors[0].is_number and not factors[0].could_extract_minus_sign():
            out.append(sp.Mul(-1, sp.Mul(-k, factors[0], evaluate=False), evaluate=False))  # -2x with x = 2: -2(2)
        else:
            out.append(sp.Mul(k, *factors, evaluate=False))
    return add(*out)


def subs_relation(r: Relation, mapping: dict) -> Relation | None:
    lhs, rhs = shown_subs(r.lhs, mapping), shown_subs(r.rhs, mapping)
    if lhs is None or rhs is None:
        return None
    return Relation(lhs, r.op, rhs)


# ---------------------------------------------------------------------------------------------
# Tidying one equation
# ---------------------------------------------------------------------------------------------


@rule(FAMILY)
def system_standard_form(state: State):
    """2x = 3y + 5  ->  2x - 3y = 5 (variables on the left, the number on the right)."""
    found = system(state)
    if not found:
        return []
    variables, branches = found
    moves = []
    for bi, branch in enumerate(branches):
        for i in unsolved(branch, variables):
            r = branch[i]
            if len(unknowns(r, variables)) < 2 or is_standard(r, variables):
                continue
            parts = linear_parts(r, variables)
            if parts is None:
                continue
            new = standard_relation(*parts, variables)
            if new == r:
                continue
            cost = 3.0 if isolated(r, variables) is not None else 1.0
            b = list(branch)
            b[i] = new
            moves.append(Move(with_relation(state, bi, b), f"Rewrite the {ordinal(i)} equation with the variables on the left", cost=cost))
        if moves:
            break
    return moves


@rule(FAMILY)
def system_clear_fractions(state: State):
    """x/2 + y/3 = 2  ->  3x + 2y = 12"""
    found = system(state)
    if not found:
        return []
    variables, branches = found
    for bi, branch in enumerate(branches):
        for i in unsolved(branch, variables):
            r = branch[i]
            if not is_standard(r, variables) or len(unknowns(r, variables)) < 2:
                continue
            coeffs, const = linear_parts(r, variables)
            numbers = [*coeffs.values(), const]
            lcd = reduce(sp.ilcm, [sp.Rational(c).q for c in numbers], 1)
            if lcd == 1:
                continue
            b = list(branch)
            b[i] = standard_relation({v: c * lcd for v, c in coeffs.items()}, const * lcd, variables)
            return [Move(with_relation(state, bi, b), f"Multiply the {ordinal(i)} equation by {lcd} to clear the fractions")]
    return []


# ---------------------------------------------------------------------------------------------
# Elimination
# ---------------------------------------------------------------------------------------------


def _integer_standard(r: Relation, variables):
    if not is_standard(r, variables) or len(unknowns(r, variables)) < 2:
        return None
    coeffs, const = linear_parts(r, variables)
    if not all(c.is_Integer for c in [*coeffs.values(), const]):
        return None
    return coeffs, const


def _pairs(branch, variables):
    """(i, j, parts_i, parts_j, variables to eliminate) for the pairs a teacher would combine next.

    Gaussian order: two equations already down to the same fewer unknowns go together; else, once an
    equation has lost a variable, that same variable is eliminated from two full equations.
    """
    ready = {i: _integer_standard(branch[i], variables) for i in unsolved(branch, variables)}
    ready = {i: p for i, p in ready.items() if p is not None}
    groups: dict = {}
    for i, (coeffs, _) in ready.items():
        groups.setdefault(frozenset(coeffs), []).append(i)
    n = len(variables)
    chosen = []
    for unknown_set, members in groups.items():
        if len(unknown_set) < n and len(members) >= 2:
            chosen += [(a, b, [v for v in variables if v in unknown_set]) for a in members for b in members if a < b]
    full = groups.get(frozenset(variables), [])
    missing = [v for v in variables if any(len(u) == n - 1 and v not in u for u in groups)]
    if not chosen and len(full) >= 2 and missing:
        chosen = [(a, b, missing) for a in full for b in full if a < b]
    if not chosen:
        keys = sorted(ready)
        chosen = [(a, b, list(variables)) for a in keys for b in keys if a < b]
    for a, b, names in chosen:
        shared = [v for v in names if v in ready[a][0] and v in ready[b][0]]
        if shared:
            yield a, b, ready[a], ready[b], shared


def _scaled_caption(i, mi, j, mj, v, opposite) -> str:
    parts = []
    if mi != 1:
        parts.append(f"the {ordinal(i)} equation by {mi}")
    if mj != 1:
        parts.append(("the " if not parts else "the ") + f"{ordinal(j)} by {mj}" if parts else f"the {ordinal(j)} equation by {mj}")
    why = f"so the {v} terms are opposites" if opposite else f"so the {v} terms are equal"
    return "Multiply " + " and ".join(parts) + " " + why


@rule(ELIMINATION)
def scale_equations(state: State):
    """3x + 2y = 16, 2x - 3y = -11  ->  9x + 6y = 48, 4x - 6y = -22 (so the y terms are opposites)."""
    found = one_branch(state)
    if not found:
        return []
    variables, branch = found
    moves = []
    for i, j, (ci, ki), (cj, kj), shared in _pairs(branch, variables):
        if any(abs(ci[v]) == abs(cj[v]) for v in shared):
            continue
        for v in shared:
            lcm = sp.ilcm(abs(ci[v]), abs(cj[v]))
            mi, mj = lcm // abs(ci[v]), lcm // abs(cj[v])
            b = list(branch)
            b[i] = standard_relation({u: c * mi for u, c in ci.items()}, ki * mi, variables)
            b[j] = standard_relation({u: c * mj for u, c in cj.items()}, kj * mj, variables)
            opposite = ci[v] * cj[v] < 0
            cost = 1.0 + 0.05 * float(mi + mj)
            moves.append(Move(with_relation(state, 0, b), _scaled_caption(i, mi, j, mj, v, opposite), cost=cost))
    return moves


@rule(ELIMINATION)
def add_or_subtract_equations(state: State):
    """x + y = 10, x - y = 2  ->  x + y = 10, 2x = 12 (add the equations to eliminate y)."""
    found = one_branch(state)
    if not found:
        return []
    variables, branch = found
    moves = []
    three = len(branch) > 2
    for i, j, (ci, ki), (cj, kj), shared in _pairs(branch, variables):
        for v in shared:
            if abs(ci[v]) != abs(cj[v]):
                continue
            names = f"the {ordinal(i)} and {ordinal(j)} equations" if three else "the two equations"
            if ci[v] * cj[v] < 0:
                sign_i, sign_j = 1, 1
                caption = f"Add {names} to eliminate {v}"
                cost = 1.0
            else:
                sign_i, sign_j = 1, -1
                first = next((u for u in variables if ci.get(u, 0) - cj.get(u, 0) != 0), None)
                if (first is not None and ci.get(first, 0) - cj.get(first, 0) < 0) or (first is None and ki - kj > 0):
                    sign_i, sign_j = -1, 1
                if sign_i == 1:
                    caption = f"Subtract the {ordinal(j)} equation from the {ordinal(i)} to eliminate {v}"
                else:
                    caption = f"Subtract the {ordinal(i)} equation from the {ordinal(j)} to eliminate {v}"
                cost = 1.1
            coeffs = {u: sign_i * ci.get(u, 0) + sign_j * cj.get(u, 0) for u in variables}
            b = list(branch)
            b[j] = standard_relation(coeffs, sign_i * ki + sign_j * kj, variables)
            moves.append(Move(with_relation(state, 0, b), caption, cost=cost))
    return moves


# ---------------------------------------------------------------------------------------------
# Substitution
# ---------------------------------------------------------------------------------------------


def _nonlinear(branch, variables) -> bool:
    return any(linear_parts(r, variables) is None for r in branch)


@rule(SUBSTITUTION)
def system_isolate_variable(state: State):
    """x + y = 7 (with x^2 + y^2 = 25)  ->  y = 7 - x"""
    found = one_branch(state)
    if not found:
        return []
    variables, branch = found
    if len(variables) != 2 or any(isolated(r, variables) is not None and len(unknowns(r, variables)) >= 2 for r in branch):
        return []
    nonlinear = _nonlinear(branch, variables)
    linear = {i: linear_parts(branch[i], variables) for i in unsolved(branch, variables)}
    linear = {i: p for i, p in linear.items() if p is not None and len(p[0]) >= 2}
    # a coefficient other than 1 or -1 brings fractions: only when no equation has a variable on its own
    any_coefficient = nonlinear or not any(abs(c) == 1 for coeffs, _ in linear.values() for c in coeffs.values())
    moves = []
    for i, (coeffs, const) in linear.items():
        for v in reversed(variables):
            c = coeffs.get(v)
            if c is None:
                continue
            if abs(c) != 1 and not any_coefficient:
                continue
            rest = {u: -a / c for u, a in coeffs.items() if u != v}
            rhs = add(*[rest[u] * u for u in variables if u in rest], -const / c) if const != 0 else add(*[rest[u] * u for u in variables if u in rest])
            b = list(branch)
            b[i] = Relation(v, "=", rhs)
            cost = (1.0 if nonlinear else 1.5) + (0 if abs(c) == 1 else 1.0)
            moves.append(Move(with_relation(state, 0, b), f"Solve the {ordinal(i)} equation for {v}", cost=cost))
            break
    return moves


@rule(SUBSTITUTION)
def system_substitute_expression(state: State):
    """y = 2x + 1, 3x + y = 11  ->  y = 2x + 1, 3x + (2x + 1) = 11"""
    found = one_branch(state)
    if not found:
        return []
    variables, branch = found
    moves = []
    for i, r in enumerate(branch):
        v = isolated(r, variables)
        if v is None or len(unknowns(r, variables)) < 2:
            continue
        for j in unsolved(branch, variables):
            target = branch[j]
            if j == i or v not in unknowns(target, variables):
                continue
            new = subs_relation(target, {v: r.rhs})
            if new is None:
                continue
            b = list(branch)
            b[j] = new
            moves.append(Move(with_relation(state, 0, b), f"Substitute {v} = {plain(r.rhs)} into the {ordinal(j)} equation"))
    return moves


def _values(branch, variables) -> dict:
    return {r.lhs: r.rhs for r in branch if is_value(r, variables)}


def _back_sub(branch, variables):
    """(index, new relation, caption) for substituting known values into the first equation they leave with one unknown."""
    known = _values(branch, variables)
    if not known:
        return None
    for j in unsolved(branch, variables):
        target = branch[j]
        have = unknowns(target, variables)
        used = {v: c for v, c in known.items() if v in have}
        if not used or len(have) - len(used) != 1:
            continue
        new = subs_relation(target, used)
        if new is None:
            continue
        names = " and ".join(f"{v} = {number_text(c)}" for v, c in used.items())
        return j, new, names, target
    return None


@rule(FAMILY)
def system_back_substitute(state: State):
    """x = 2, 3x + 2y = 16  ->  x = 2, 3(2) + 2y = 16"""
    found = system(state)
    if not found:
        return []
    variables, branches = found
    results = [_back_sub(b, variables) for b in branches]
    if all(r is not None for r in results) and len(branches) > 1 and len({plain(r[3].lhs) + plain(r[3].rhs) for r in results}) == 1:
        new_branches = []
        for b, (j, new, _, target) in zip(branches, results):
            nb = list(b)
            nb[j] = new
            new_branches.append(tuple(nb))
        target = results[0][3]
        who = [v for v in variables if v in _values(branches[0], variables)]
        caption = f"Substitute each value of {', '.join(map(str, who))} into {plain(target.lhs)} = {plain(target.rhs)}"
        return [Move(Relations(state.variables, tuple(new_branches), empty_text=state.empty_text), caption)]
    for bi, found_sub in enumerate(results):
        if found_sub is None:
            continue
        j, new, names, target = found_sub
        nb = list(branches[bi])
        nb[j] = new
        where = f"the {ordinal(j)} equation" if len(branches) == 1 else f"{plain(target.lhs)} = {plain(target.rhs)}"
        return [Move(with_relation(state, bi, nb), f"Substitute {names} into {where}")]
    return []


# ---------------------------------------------------------------------------------------------
# Working out values and deciding constant equations
# ---------------------------------------------------------------------------------------------


def worked_out(e):
    v = evaluated(e)
    return exact(sp.radsimp(sp.expand(v))) if v.is_number else v


@rule(FAMILY)
def system_work_out_value(state: State):
    """y = 2(2) + 1  ->  y = 5"""
    found = system(state)
    if not found:
        return []
    variables, branches = found
    new_branches, changed = [], []
    for b in branches:
        nb = []
        for r in b:
            if r.lhs in variables and r.rhs.is_number and not r.rhs.free_symbols and not is_value(r, variables):
                value = worked_out(r.rhs)
                if value.has(sp.Float) or not value.is_real:
                    return []
                nb.append(Relation(r.lhs, "=", value))
                changed.append(f"{r.lhs} = {number_text(value)}")
            else:
                nb.append(r)
        new_branches.append(tuple(nb))
    if not changed:
        return []
    caption = f"Work out the value: {changed[0]}" if len(changed) == 1 else "Work out the values"
    return [Move(Relations(state.variables, tuple(new_branches), empty_text=state.empty_text), caption)]


@rule(FAMILY)
def system_decide_constant(state: State):
    """x + y = 2, 0 = 3  ->  no solution;   x + y = 2, 0 = 0  ->  infinitely many solutions."""
    found = system(state)
    if not found:
        return []
    variables, branches = found
    for bi, branch in enumerate(branches):
        for i, r in enumerate(branch):
            d = difference(r)
            if d.free_symbols or (r.lhs.free_symbols | r.rhs.free_symbols) or len(terms(r.lhs)) > 1 or len(terms(r.rhs)) > 1:
                continue
            text = f"{plain(evaluated(r.lhs))} = {plain(evaluated(r.rhs))}"
            if d != 0:
                rest = branches[:bi] + branches[bi + 1 :]
                empty = state.empty_text if len(variables) == 2 and _nonlinear(branch, variables) else "no solution"
                caption = f"{text} is never true, so the system has no solution" if not rest else f"{text} is never true, so this case gives no solution"
                return [Move(Relations(state.variables, rest, empty_text=empty if not rest else state.empty_text), caption)]
            others = tuple(x for k, x in enumerate(branch) if k != i)
            if len(branches) == 1 and others and all(linear_parts(x, variables) is not None for x in others):
                equations = [difference(x) for x in others]
                solutions = sp.linsolve(equations, *variables)
                if solutions != sp.S.EmptySet and any(c.free_symbols & set(variables) for t in solutions for c in t):
                    lines = "the two equations describe the same line" if len(variables) == 2 else "the equations do not fix every unknown"
                    return [Move(Relations(state.variables, (others,), all_text=INFINITE),
                                 f"{text} is always true: {lines}, so there are infinitely many solutions")]
            if others:
                return [Move(with_relation(state, bi, others), f"{text} is always true, so drop it")]
    return []


@rule(FAMILY)
def system_order_values(state: State):
    """y = 5, x = 2  ->  x = 2, y = 5"""
    found = system(state)
    if not found:
        return []
    variables, branches = found
    new = []
    for b in branches:
        if len(b) != len(variables) or not all(is_value(r, variables) for r in b) or {r.lhs for r in b} != set(variables):
            return []
        new.append(tuple(sorted(b, key=lambda r: variables.index(r.lhs))))
    if tuple(new) == branches:
        return []
    return [Move(Relations(state.variables, tuple(new), empty_text=state.empty_text), "Write the solution in order", cost=0.2)]


def system_solved(state: State) -> bool:
    """The goal: every branch reads x = number, y = number (in order), or the system has no or infinitely many solutions."""
    if not isinstance(state, Relations) or len(state.variables) < 2:
        return False
    if not state.branches or state.all_text:
        return True
    for b in state.branches:
        if len(b) != len(state.variables) or not all(is_value(r, state.variables) for r in b):
            return False
        if tuple(r.lhs for r in b) != tuple(state.variables):
            return False
    return True


# ---------------------------------------------------------------------------------------------
# One-variable equations inside the system
# ---------------------------------------------------------------------------------------------


def _one_unknown(state: State):
    """(branch index, relation index, variable) of each equation with one unknown that is not yet a value."""
    found = system(state)
    if not found:
        return []
    variables, branches = found
    out = []
    for bi, branch in enumerate(branches):
        for i in unsolved(branch, variables):
            have = unknowns(branch[i], variables)
            if not have:  # 2x + 2(-x + 2) = 4: the unknown cancels once the sides are worked out
                shown = branch[i].lhs.free_symbols | branch[i].rhs.free_symbols
                have = [v for v in variables if v in shown][:1] if len(shown & set(variables)) == 1 else []
            if len(have) == 1 and not (branch[i].lhs in variables and branch[i].rhs.is_number):
                out.append((bi, i, have[0]))
    return out


def _replace_with_branches(state: Relations, bi: int, i: int, sub: Relations) -> Relations:
    branch = state.branches[bi]
    replaced = [branch[:i] + tuple(sb) + branch[i + 1 :] for sb in sub.branches]
    branches = state.branches[:bi] + tuple(replaced) + state.branches[bi + 1 :]
    empty = state.empty_text if branches else sub.empty_text if sub.empty_text == "no real solution" else "no solution"
    return Relations(state.variables, branches, empty_text=empty)


@rule(FAMILY)
def system_solve_one_unknown(state: State):
    """x + y = 10, 2x = 12  ->  x + y = 10, x = 6 (the linear moves on an equation with one unknown)."""
    moves = []
    linear = rules_for(("linear",))
    for bi, i, v in _one_unknown(state):
        sub = Relations.single(v, state.branches[bi][i])
        for lr in linear:
            if lr.name == "decide_constant_relation":
                continue
            try:
                found = list(lr.apply(sub))
            except (ValueError, TypeError, ZeroDivisionError, NotImplementedError, AttributeError, sp.PolynomialError):
                continue
            for m in found:
                if m.mode != "equiv" or not isinstance(m.state, Relations) or not m.state.branches or m.state.all_text:
                    continue
                moves.append(Move(_replace_with_branches(state, bi, i, m.state), m.caption, cost=m.cost))
        if moves:
            return moves
    return moves


def _quadratic(r: Relation, v):
    d = difference(r)
    if not d.is_polynomial(v):
        return None
    p = sp.Poly(d, v)
    if p.degree() != 2 or not all(c.is_Rational for c in p.all_coeffs()):
        return None
    return p


def _clean(side) -> bool:
    for t in terms(side):
        for f in sp.Mul.make_args(sp.sympify(t)):
            if isinstance(f, sp.Add) or (isinstance(f, sp.Pow) and isinstance(f.base, sp.Add)):
                return False
    shown = terms(side)
    return len(sp.Add.make_args(sp.expand(evaluated(side)))) >= len(shown)


@rule(FAMILY)
def system_quadratic_to_zero(state: State):
    """x + 1 = x^2 - 1  ->  x^2 - x - 2 = 0"""
    for bi, i, v in _one_unknown(state):
        r = state.branches[bi][i]
        p = _quadratic(r, v)
        if p is None or _standard_zero(r, v) is not None:
            continue
        if not (_clean(r.lhs) and _clean(r.rhs)):
            continue
        expr = p.as_expr() if p.LC() > 0 else -p.as_expr()
        b = list(state.branches[bi])
        b[i] = Relation(expr, "=", sp.S.Zero)
        return [Move(with_relation(state, bi, b), "Move all terms to one side")]
    return []


def _standard_zero(r: Relation, v):
    """The quadratic of `ax^2 + bx + c = 0` written out (no brackets, like terms combined), else None."""
    if evaluated(r.rhs) != 0 or len(terms(r.rhs)) != 1 or not _clean(r.lhs):
        return None
    if any(isinstance(f, sp.Add) for t in terms(r.lhs) for f in sp.Mul.make_args(sp.sympify(t))):
        return None
    return _quadratic(r, v)


@rule(FAMILY)
def system_factor_quadratic(state: State):
    """x^2 - x - 2 = 0  ->  (x - 2)(x + 1) = 0"""
    for bi, i, v in _one_unknown(state):
        r = state.branches[bi][i]
        p = _standard_zero(r, v)
        if p is None:
            continue
        roots = sp.roots(p)
        if not all(root.is_Rational for root in roots) or sum(roots.values()) != 2:
            continue
        factored = sp.factor(p.as_expr())
        if factored == p.as_expr():
            continue
        b = list(state.branches[bi])
        b[i] = Relation(factored, "=", sp.S.Zero)
        return [Move(with_relation(state, bi, b), "Factor the quadratic")]
    return []


def _rewrite_one_unknown(state: State, fn) -> list[Move]:
    """Apply a polynomial-family rewrite `fn(equation, var) -> ([equation, ...] (joined by OR), caption) | None`
    to the first equation with one unknown; each resulting equation becomes its own case."""
    for bi, i, v in _one_unknown(state):
        out = fn(state.branches[bi][i], v)
        if out is None:
            continue
        new, caption = out
        sub = Relations(state.variables, tuple((r,) for r in new), empty_text="no real solution")
        return [Move(_replace_with_branches(state, bi, i, sub), caption)]
    return []


@rule(FAMILY)
def system_zero_product(state: State):
    """(x - 2)(x + 1) = 0  ->  x - 2 = 0 or x + 1 = 0"""
    return _rewrite_one_unknown(state, polynomial_zero_product)


@rule(FAMILY)
def system_quadratic_formula(state: State):
    """x^2 - 2x - 1 = 0  ->  x = 1 - sqrt(2) or x = 1 + sqrt(2)"""
    for bi, i, v in _one_unknown(state):
        r = state.branches[bi][i]
        p = _standard_zero(r, v)
        if p is None:
            continue
        a, b, c = p.all_coeffs()
        disc = b**2 - 4 * a * c
        if disc >= 0 and sp.sqrt(disc).is_Rational:
            continue  # it factors over the rationals: factor instead
        shown = f"with a = {plain(a)}, b = {plain(b)}, c = {plain(c)}"
        if disc < 0:
            sub = Relations((v,), ())
            caption = f"The discriminant b^2 - 4ac = {plain(disc)} is negative, so there is no real {v}"
        else:
            roots = sorted((sp.radsimp((-b - sp.sqrt(disc)) / (2 * a)), sp.radsimp((-b + sp.sqrt(disc)) / (2 * a))), key=lambda t: float(t))
            sub = Relations((v,), tuple((Relation(v, "=", exact(sp.expand(t))),) for t in roots))
            caption = f"Use the quadratic formula {shown}"
        return [Move(_replace_with_branches(state, bi, i, sub), caption)]
    return []
