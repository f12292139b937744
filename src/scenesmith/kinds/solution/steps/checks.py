"""What a state means, and whether a step keeps that meaning: the check every step passes before it is accepted.

- Expressions: equal values. Exact first (expand, cancel, radsimp, simplify); an identity SymPy
  cannot prove is confirmed only if it also agrees at 8 random points to 30 digits.
- Relations: equal solution sets over the reals (`equiv`), a superset (`implies`: squaring,
  multiplying by an expression that may be 0), or the original problem's set (`check`).
"""

from __future__ import annotations

import random
from functools import lru_cache

import sympy as sp

from scenesmith.mathreader import Relation
from scenesmith.kinds.solution.steps.sides import exact
from scenesmith.kinds.solution.steps.state import Expression, Move, Relations, State


class UnverifiedStep(AssertionError):
    """A step or an answer that SymPy could not confirm; the engine never shows one."""


_REL = {"=": sp.Eq, "<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge, "!=": sp.Ne}


def value(e):
    e = sp.sympify(e)
    return e.doit() if isinstance(e, sp.Basic) else e


def _one_relation_set(r: Relation, var):
    lhs, rhs = value(r.lhs), value(r.rhs)
    if r.op == "=":
        d = lhs - rhs
        d = sp.expand(d) if d.is_polynomial(var) else d
        result = sp.solveset(d, var, sp.S.Reals)
    elif r.op == "!=":
        result = sp.Complement(sp.S.Reals, sp.solveset(lhs - rhs, var, sp.S.Reals))
    else:
        cond = _REL[r.op](lhs, rhs)
        if cond is sp.true:
            return sp.S.Reals
        if cond is sp.false:
            return sp.S.EmptySet
        result = sp.solveset(cond, var, sp.S.Reals)
    if isinstance(result, sp.ConditionSet) or result.has(sp.ConditionSet):
        result = _log_equation_set(lhs - rhs, var) if r.op == "=" else None
    if result is None or isinstance(result, sp.ConditionSet) or result.has(sp.ConditionSet):
        raise UnverifiedStep(f"SymPy could not solve {r.lhs} {r.op} {r.rhs} over the reals")
    result = _within_log_domain(result, lhs - rhs, var)
    domain = natural_domain(r.lhs, var).intersect(natural_domain(r.rhs, var))
    return result if domain == sp.S.Reals else sp.Intersection(result, domain)


def natural_domain(e, var):
    """Where an expression AS TYPED is defined over the reals: no zero denominator, no even root of a negative, no log of
    a non-positive. Evaluating first would lose this (x/x becomes 1), so 'x/x = 1' would wrongly hold for every x."""
    domain = sp.S.Reals
    for node in sp.preorder_traversal(sp.sympify(e)):
        if isinstance(node, sp.Pow) and node.base.has(var):
            exponent = value(node.exp)
            if not exponent.is_Rational:
                continue
            if exponent.q % 2 == 0:
                condition = node.base > 0 if exponent < 0 else node.base >= 0
                domain = domain.intersect(sp.solveset(value(condition), var, sp.S.Reals))
            elif exponent < 0:
                domain = domain.intersect(sp.Complement(sp.S.Reals, sp.solveset(value(node.base), var, sp.S.Reals)))
        elif isinstance(node, sp.log) and node.args[0].has(var):
            domain = domain.intersect(sp.solveset(value(node.args[0]) > 0, var, sp.S.Reals))
    if isinstance(domain, sp.ConditionSet) or domain.has(sp.ConditionSet):
        raise UnverifiedStep(f"SymPy could not find where {e} is defined")
    return domain


def _within_log_domain(result, d, var):
    """Only where every log argument is positive: SymPy's solveset keeps x = -2 in ln(x) + ln(x - 1) = ln(6)."""
    arguments = {a.args[0] for a in sp.sympify(d).atoms(sp.log) if a.has(var)}
    if not arguments or not isinstance(result, sp.FiniteSet):
        return result
    kept = []
    for v in result:
        signs = [sp.sympify(u).subs(var, v) for u in arguments]
        if any(s.is_positive is None for s in signs):
            raise UnverifiedStep(f"could not decide whether {var} = {v} is in the domain of the logs")
        if all(s.is_positive for s in signs):
            kept.append(v)
    return sp.FiniteSet(*kept)


def _log_equation_set(d, var):
    """Solutions of d = 0 when d is a linear combination of logs of expressions in var (and numbers), where SymPy gives up.

    The school reading: every log argument must be positive. On that domain, r1 log(u1) + r2 log(u2) + ... = -k
    (rational ratios r) is exactly u1^r1 * u2^r2 * ... = exp(-k), which SymPy solves. None when d is not of that form.
    """
    logs = sorted({a for a in d.atoms(sp.log) if a.has(var)}, key=sp.default_sort_key)
    if not logs:
        return None
    dummies = [sp.Dummy(f"L{i}") for i in range(len(logs))]
    e = sp.expand(d.xreplace(dict(zip(logs, dummies))))
    if e.has(var):
        return None
    try:
        poly = sp.Poly(e, *dummies)
    except sp.PolynomialError:
        return None
    if poly.total_degree() != 1:
        return None
    coeffs = [poly.coeff_monomial(t) for t in dummies]
    c = next((ci for ci in coeffs if ci != 0), None)
    if c is None:
        return None
    ratios = [sp.simplify(ci / c) for ci in coeffs]
    if not all(r.is_Rational for r in ratios):
        return None
    target = sp.simplify(sp.exp(-poly.coeff_monomial(1) / c))
    product = sp.Mul(*[lg.args[0] ** r for lg, r in zip(logs, ratios)])
    solutions = sp.solveset(sp.together(product - target), var, sp.S.Reals)
    domain = sp.S.Reals
    for lg in logs:
        domain = sp.Intersection(domain, sp.solveset(lg.args[0] > 0, var, sp.S.Reals))
    return sp.Intersection(solutions, domain)


def _real_tuples(branch: tuple[Relation, ...], variables) -> set:
    equations = []
    for r in branch:
        if r.op != "=":
            raise UnverifiedStep("systems of inequalities are not supported")
        equations.append(sp.expand(value(r.lhs) - value(r.rhs)))
    if all(sp.Poly(e, *variables).total_degree() <= 1 for e in equations if e != 0):
        result = sp.linsolve(equations, *variables)
        if result == sp.S.EmptySet:
            return set()
        solutions = set()
        for t in result:
            if any(c.free_symbols & set(variables) for c in t):
                return {("infinitely many",) + tuple(sp.srepr(c) for c in t)}
            solutions.add(tuple(exact(c) for c in t))
        return solutions
    found = sp.solve(equations, list(variables), dict=True)
    out = set()
    for sol in found:
        if len(sol) != len(variables):
            return {("infinitely many", sp.srepr(sp.Dict(sol)))}
        t = tuple(sp.radsimp(sol[v]) for v in variables)
        if all(c.is_real for c in t):
            out.add(t)
    return out


@lru_cache(maxsize=4096)
def _relations_meaning(state: Relations):
    if len(state.variables) == 1:
        var = state.var
        total = sp.S.EmptySet
        for branch in state.branches:
            part = sp.S.Reals
            for r in branch:
                part = sp.Intersection(part, _one_relation_set(r, var))
            total = sp.Union(total, part)
        return total
    tuples: set = set()
    for branch in state.branches:
        tuples |= _real_tuples(branch, state.variables)
    return frozenset(tuples)


def meaning(state: State):
    if isinstance(state, Expression):
        return state.value()
    return _relations_meaning(state)


def _float(e) -> float:
    return float(sp.N(e, 30))


def numbers_equal(a, b) -> bool:
    d = sp.sympify(a) - sp.sympify(b)
    if d == 0:
        return True
    try:
        if abs(_float(d)) > 1e-12:
            return False
    except (TypeError, ValueError):
        pass
    if sp.expand(d) == 0 or sp.radsimp(sp.expand(d)) == 0:
        return True
    if d.equals(0) is True:
        return True
    a, b = sp.sympify(a), sp.sympify(b)  # 3^(ln 2/(ln 3 - ln 2)) = 2^(ln 3/(ln 3 - ln 2)): equal logarithms of positive numbers
    return bool(a.is_positive and b.is_positive and a.has(sp.log) and sp.simplify(sp.expand_log(sp.log(a) - sp.log(b), force=True)) == 0)


def _sample_points(symbols, seed: int) -> list[dict]:
    rng = random.Random(seed)
    return [{s: sp.Rational(rng.randint(51, 299), 100) for s in symbols} for _ in range(8)]


def expressions_equal(a, b) -> bool:
    """Do two expressions have the same value? Exact where SymPy can decide, else 8 random points to 30 digits."""
    A, B = value(a), value(b)
    d = A - B
    if d == 0:
        return True
    for simplify in (sp.expand, lambda e: sp.cancel(sp.together(e)), sp.radsimp):
        try:
            if simplify(d) == 0:
                return True
        except Exception:  # pragma: no cover - defensive
            continue
    symbols = sorted(d.free_symbols, key=lambda s: s.name)
    if not symbols:
        return numbers_equal(A, B)
    for point in _sample_points(symbols, 7):
        try:
            diff = complex(sp.N(d.subs(point), 30))
            scale = max(1.0, abs(complex(sp.N(A.subs(point), 30))))
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        if abs(diff) > 1e-20 * scale:
            return False
    try:
        if sp.simplify(d) == 0:
            return True
    except Exception:  # pragma: no cover - defensive
        pass
    return True  # equal at 8 random points to 30 digits: an identity SymPy cannot rewrite to 0


def _same_tuple(p: tuple, q: tuple) -> bool:
    """Two solutions of a system. A family of solutions ('infinitely many', parametric form) must match exactly."""
    if len(p) != len(q):
        return False
    if any(isinstance(u, str) for u in p + q):
        return p == q
    return all(numbers_equal(u, v) for u, v in zip(p, q))


def sets_equal(a, b) -> bool:
    if a == b:
        return True
    if isinstance(a, frozenset) or isinstance(b, frozenset):
        if not (isinstance(a, frozenset) and isinstance(b, frozenset)) or len(a) != len(b):
            return False
        return all(any(_same_tuple(p, q) for q in b) for p in a)
    if isinstance(a, sp.FiniteSet) and isinstance(b, sp.FiniteSet):
        if len(a) != len(b):
            return False
        return all(any(numbers_equal(p, q) for q in b) for p in a)
    try:
        return sp.Complement(a, b) == sp.S.EmptySet and sp.Complement(b, a) == sp.S.EmptySet
    except Exception:  # pragma: no cover - defensive
        return False


def is_subset(a, b) -> bool:
    if a == b or a == sp.S.EmptySet or (isinstance(a, frozenset) and not a):
        return True
    if isinstance(a, frozenset):
        return isinstance(b, frozenset) and all(any(all(numbers_equal(u, v) for u, v in zip(p, q)) for q in b) for p in a)
    if isinstance(a, sp.FiniteSet):
        if isinstance(b, sp.FiniteSet):
            return all(any(numbers_equal(p, q) for q in b) for p in a)
        return all(b.contains(p) is sp.true for p in a)
    return a.is_subset(b) is True


def same_meaning(a: State, b: State) -> bool:
    if isinstance(a, Expression) != isinstance(b, Expression):
        return False
    if isinstance(a, Expression):
        return expressions_equal(a.expr, b.expr)
    return sets_equal(meaning(a), meaning(b))


def verify_move(before: State, move: Move, start: State) -> None:
    """Raise UnverifiedStep unless the move relates to `before` (and the problem `start`) as its mode claims."""
    after = move.state
    where = f"step '{move.caption}'"
    if isinstance(before, Expression) != isinstance(after, Expression):
        raise UnverifiedStep(f"{where} changes the kind of problem")
    if isinstance(after, Expression):
        if move.mode != "equiv" or not expressions_equal(before.expr, after.expr):
            raise UnverifiedStep(f"{where} does not keep the value")
        return
    if move.mode == "equiv":
        if not sets_equal(meaning(before), meaning(after)):
            raise UnverifiedStep(f"{where} changes the solution set")
    elif move.mode == "implies":
        if not is_subset(meaning(before), meaning(after)):
            raise UnverifiedStep(f"{where} loses solutions")
    elif not sets_equal(meaning(start), meaning(after)):
        raise UnverifiedStep(f"{where} does not give the problem's solution set")
