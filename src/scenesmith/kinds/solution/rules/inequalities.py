"""Rules: inequalities. Compound inequalities worked on all three parts at once, absolute values split into a compound
inequality or two cases, polynomial and rational inequalities by a sign chart, and solved pieces combined into one answer.

The single-relation moves (add to both sides, divide and turn the sign around) are the `linear` family's.
"""

from __future__ import annotations

import sympy as sp

from scenesmith.mathreader import Relation
from scenesmith.kinds.solution.rules.linear import distribute_caption, expand_products, has_product, move_caption, scale_caption
from scenesmith.kinds.solution.steps.display import number_text, plain, radical_parts
from scenesmith.kinds.solution.steps.search import rule
from scenesmith.kinds.solution.steps.sides import add, evaluated, is_number, linear_coefficients, terms, exact
from scenesmith.kinds.solution.steps.state import FLIP, Move, Relations, State

FAMILY = "inequalities"
INEQ = ("<", "<=", ">", ">=")
EMPTY = "no real solution"
ALL = "all real numbers"
MAX_CRITICAL = 8  # zeros a sign chart may have
_TRUTH = {"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge}


# ---------------------------------------------------------------------------------------------
# Shapes
# ---------------------------------------------------------------------------------------------


def one_var(state: State) -> sp.Symbol | None:
    if isinstance(state, Relations) and len(state.variables) == 1 and state.branches and not state.all_text:
        return state.var
    return None


def chain_parts(branch) -> tuple | None:
    """(left, op1, middle, op2, right) for a branch `left op1 middle op2 right` (both ops pointing the same way)."""
    if len(branch) != 2:
        return None
    a, b = branch
    if a.rhs != b.lhs or a.op not in INEQ or b.op not in INEQ:
        return None
    if (a.op in ("<", "<=")) != (b.op in ("<", "<=")):
        return None
    return a.lhs, a.op, a.rhs, b.op, b.rhs


def number(e) -> bool:
    return is_number(e) and evaluated(e).is_real is True


def solved_relation(r: Relation, var) -> bool:
    return r.lhs == var and r.op in INEQ + ("=",) and number(r.rhs)


def solved_chain(branch, var) -> bool:
    """`a < x <= b` with numbers a < b, read from left to right."""
    parts = chain_parts(branch)
    if not parts:
        return False
    left, op1, middle, op2, right = parts
    if middle != var or op1 not in ("<", "<=") or not number(left) or not number(right):
        return False
    return bool(evaluated(left) < evaluated(right))


def _branch_interval(branch, var):
    """The set of a solved branch (x op number, or a solved chain), else None."""
    if len(branch) == 1 and solved_relation(branch[0], var):
        r = branch[0]
        v = evaluated(r.rhs)
        return {
            "=": sp.FiniteSet(v), "<": sp.Interval.open(-sp.oo, v), "<=": sp.Interval(-sp.oo, v),
            ">": sp.Interval.open(v, sp.oo), ">=": sp.Interval(v, sp.oo),
        }[r.op]
    if solved_chain(branch, var):
        left, op1, _, op2, right = chain_parts(branch)
        return sp.Interval(evaluated(left), evaluated(right), op1 == "<", op2 == "<")
    return None


def _closed_top(s) -> bool:
    return isinstance(s, sp.FiniteSet) or not s.right_open


def _closed_bottom(s) -> bool:
    return isinstance(s, sp.FiniteSet) or not s.left_open


def inequality_goal(state: State) -> bool:
    """Answered: each branch is `x op number` or `a op x op b`, the branches in order and apart; or the whole line; or no solution."""
    if not isinstance(state, Relations):
        return False
    if not state.branches or state.all_text:
        return True
    if len(state.variables) != 1:
        return False
    var = state.var
    previous = None
    for branch in state.branches:
        s = _branch_interval(branch, var)
        if s is None:
            return False
        if previous is not None:
            gap = exact(evaluated(s.inf - previous.sup))
            if gap < 0 or (gap == 0 and (_closed_top(previous) or _closed_bottom(s))):
                return False  # out of order, overlapping, or two pieces that touch and read as one
        previous = s
    return True


def shown_number(v):
    """A bound as a teacher writes it: 1 - sqrt(2) rather than -sqrt(2) + 1."""
    v = sp.sympify(v)
    parts = radical_parts(v)
    if parts is None or parts[2] is None or parts[0] == 0:
        return v
    p, q, m = parts
    d = int(sp.ilcm(p.q, q.q))
    top = sp.Add(sp.UnevaluatedExpr(p * d), q * d * sp.sqrt(m), evaluate=False)
    return top if d == 1 else sp.Mul(top, sp.Pow(d, -1, evaluate=False), evaluate=False)


def solved_state(s, var, template: Relations) -> Relations:
    """The state stating the solution set `s` (an interval, points, a union of them, the line or nothing)."""
    if s == sp.S.EmptySet:
        return Relations(template.variables, (), empty_text=EMPTY)
    if s == sp.S.Reals:
        return Relations(template.variables, template.branches, all_text=ALL)
    parts = s.args if isinstance(s, sp.Union) else (s,)
    branches = []
    for p in sorted(parts, key=lambda q: float(sp.N(q.inf))):
        if isinstance(p, sp.FiniteSet):
            branches += [(Relation(var, "=", v),) for v in sorted(p, key=lambda v: float(sp.N(v)))]
        elif isinstance(p, sp.Interval):
            if p.start == -sp.oo:
                branches.append((Relation(var, "<" if p.right_open else "<=", p.end),))
            elif p.end == sp.oo:
                branches.append((Relation(var, ">" if p.left_open else ">=", p.start),))
            else:
                branches.append((Relation(shown_number(p.start), "<" if p.left_open else "<=", var),
                                 Relation(var, "<" if p.right_open else "<=", shown_number(p.end))))
        else:
            raise ValueError(f"no inequality form for {p}")
    return Relations(template.variables, tuple(branches), empty_text=EMPTY)


# ---------------------------------------------------------------------------------------------
# Compound inequalities: work on all three parts at once
# ---------------------------------------------------------------------------------------------


def _chain_rewrite(state: State, fn, cost: float = 1.0):
    """Apply fn(left, op1, middle, op2, right, var) -> (branch, caption) | None to the first chain it rewrites."""
    var = one_var(state)
    if var is None:
        return []
    for bi, branch in enumerate(state.branches):
        parts = chain_parts(branch)
        if not parts or not number(parts[0]) or not number(parts[4]) or not evaluated(parts[2]).has(var):
            continue
        out = fn(*parts, var)
        if out is None:
            continue
        new_branch, caption = out
        branches = list(state.branches)
        branches[bi] = new_branch
        return [Move(Relations(state.variables, tuple(branches), empty_text=state.empty_text), caption, cost=cost)]
    return []


def _chain(left, op1, middle, op2, right):
    return (Relation(left, op1, middle), Relation(middle, op2, right))


def _expand_middle(left, op1, middle, op2, right, var):
    if any(has_product(t) for t in terms(middle)):
        new = add(*expand_products(middle))
        caption = distribute_caption((middle,)) + " in the middle part"
        return _chain(left, op1, new, op2, right), caption
    shown = terms(middle)
    if len(shown) > 1 and len(sp.Add.make_args(sp.expand(evaluated(middle)))) < len(shown):
        return _chain(left, op1, sp.expand(evaluated(middle)), op2, right), "Combine like terms in the middle part"
    return None


@rule(FAMILY)
def compound_simplify_middle(state: State):
    """-3 < 3(x + 1) <= 9  ->  -3 < 3x + 3 <= 9"""
    return _chain_rewrite(state, _expand_middle)


def _denominators(middle) -> int:
    found = []
    for t in terms(middle):
        c = evaluated(t).as_coeff_Mul()[0]
        if c.is_Rational and c.q != 1:
            found.append(c.q)
    return sp.ilcm(*found) if found else 1


def _clear_middle(left, op1, middle, op2, right, var):
    if linear_coefficients(middle, var) is None:
        return None
    lcd = _denominators(middle)
    if lcd == 1:
        return None
    new = sp.expand(lcd * evaluated(middle))
    return _chain(exact(lcd * evaluated(left)), op1, new, op2, exact(lcd * evaluated(right))), f"Multiply all three parts by {lcd}"


@rule(FAMILY)
def compound_clear_fractions(state: State):
    """1 < (x + 1)/2 < 4  ->  2 < x + 1 < 8"""
    return _chain_rewrite(state, _clear_middle)


def _clean(middle) -> bool:
    shown = terms(middle)
    return not any(has_product(t) for t in shown) and len(sp.Add.make_args(sp.expand(evaluated(middle)))) == len(shown)


def _move_middle_constant(left, op1, middle, op2, right, var):
    coeffs = linear_coefficients(middle, var)
    if coeffs is None or coeffs[0] == 0 or coeffs[1] == 0 or not _clean(middle):
        return None
    b = coeffs[1]
    caption = move_caption(b).replace("both sides", "all three parts")
    return _chain(exact(evaluated(left) - b), op1, sp.expand(evaluated(middle) - b), op2, exact(evaluated(right) - b)), caption


@rule(FAMILY)
def compound_move_constant(state: State):
    """-3 < 3x + 3 <= 9  ->  -6 < 3x <= 6"""
    return _chain_rewrite(state, _move_middle_constant)


def _divide_middle(left, op1, middle, op2, right, var):
    coeffs = linear_coefficients(middle, var)
    if coeffs is None or coeffs[1] != 0 or coeffs[0] in (0, 1) or len(terms(middle)) != 1:
        return None
    a = coeffs[0]
    lo, hi = exact(evaluated(left) / a), exact(evaluated(right) / a)
    caption = scale_caption(a, "=").replace("both sides", "all three parts")
    if a > 0:
        return _chain(lo, op1, var, op2, hi), caption
    # -2 <= -2x < 6  ->  1 >= x > -3, written from the left as -3 < x <= 1
    return _chain(hi, op2, var, op1, lo), caption + " and turn both signs around"


@rule(FAMILY)
def compound_divide(state: State):
    """-6 < 3x <= 6  ->  -2 < x <= 2;   -2 <= -2x < 6  ->  -3 < x <= 1"""
    return _chain_rewrite(state, _divide_middle)


@rule(FAMILY)
def compound_reverse(state: State):
    """4 > x >= -2  ->  -2 <= x < 4 (the same chain read from the smaller end)"""
    var = one_var(state)
    if var is None:
        return []
    for bi, branch in enumerate(state.branches):
        parts = chain_parts(branch)
        if parts and parts[1] in (">", ">="):
            left, op1, middle, op2, right = parts
            branches = list(state.branches)
            branches[bi] = _chain(right, FLIP[op2], middle, FLIP[op1], left)
            return [Move(Relations(state.variables, tuple(branches), empty_text=state.empty_text), "Write the compound inequality from the smaller end", cost=0.5)]
    return []


# ---------------------------------------------------------------------------------------------
# Absolute values
# ---------------------------------------------------------------------------------------------


def _abs_side(r: Relation, var):
    """(inside, op, k) for |inside| op k (either way round) with a number k; None otherwise."""
    lhs, op, rhs = r.lhs, r.op, r.rhs
    if isinstance(rhs, sp.Abs) and number(lhs):
        lhs, op, rhs = rhs, FLIP[op], lhs
    if not isinstance(lhs, sp.Abs) or op not in INEQ or not number(rhs) or not lhs.args[0].has(var):
        return None
    return lhs.args[0], op, evaluated(rhs)


@rule(FAMILY)
def split_absolute_inequality(state: State):
    """|x - 1| < 3  ->  -3 < x - 1 < 3;   |2x + 1| >= 5  ->  2x + 1 <= -5 or 2x + 1 >= 5;   |x| < -2  ->  no real solution"""
    var = one_var(state)
    if var is None or len(state.branches) != 1 or len(state.branches[0]) != 1:
        return []
    found = _abs_side(state.branches[0][0], var)
    if found is None:
        return []
    u, op, k = found
    bars = f"|{plain(u)}|"
    v = state.variables
    if k < 0 or (k == 0 and op in ("<", ">=")):
        if op in ("<", "<="):
            return [Move(Relations(v, (), empty_text=EMPTY), f"An absolute value is never negative, so {bars} {op} {number_text(k)} has no solution",
                         checks=(f"{bars} >= 0 for every x",))]
        return [Move(Relations(v, state.branches, all_text=ALL), f"An absolute value is never negative, so {bars} {op} {number_text(k)} holds for every x",
                     checks=(f"{bars} >= 0 for every x",))]
    if k == 0:
        if op == "<=":
            return [Move(Relations.single(var, Relation(u, "=", sp.S.Zero)), f"An absolute value is never negative, so {bars} <= 0 only when {plain(u)} = 0")]
        return [Move(Relations.single(var, Relation(u, "<", sp.S.Zero), Relation(u, ">", sp.S.Zero), empty_text=EMPTY), f"{bars} > 0 whenever {plain(u)} is not 0")]
    if op in ("<", "<="):
        caption = f"{bars} {op} {number_text(k)} means {plain(u)} lies between {number_text(-k)} and {number_text(k)}"
        return [Move(Relations.single(var, (Relation(-k, op, u), Relation(u, op, k)), empty_text=EMPTY), caption)]
    low = "<" if op == ">" else "<="
    caption = f"{bars} {op} {number_text(k)} means {plain(u)} {low} {number_text(-k)} or {plain(u)} {op} {number_text(k)}"
    return [Move(Relations.single(var, Relation(u, low, -k), Relation(u, op, k), empty_text=EMPTY), caption)]


def _isolate_abs(r: Relation, var):
    if r.op not in INEQ or not number(r.rhs):
        return None
    side = terms(r.lhs)
    with_abs = [t for t in side if evaluated(t).has(sp.Abs)]
    if len(with_abs) != 1 or not all(number(t) for t in side if t is not with_abs[0]):
        return None
    term = evaluated(with_abs[0])
    if len(side) > 1:
        b = evaluated(add(*[t for t in side if t is not with_abs[0]]))
        return Relation(term, r.op, exact(evaluated(r.rhs) - b)), move_caption(b)
    c, rest = term.as_coeff_Mul()
    if not isinstance(rest, sp.Abs) or c in (0, 1) or not c.is_Rational:
        return None
    op = FLIP[r.op] if c < 0 else r.op
    return Relation(rest, op, exact(evaluated(r.rhs) / c)), scale_caption(c, r.op)


@rule(FAMILY)
def isolate_absolute_inequality(state: State):
    """2|x - 1| + 3 < 11  ->  2|x - 1| < 8  ->  |x - 1| < 4"""
    var = one_var(state)
    if var is None or len(state.branches) != 1 or len(state.branches[0]) != 1:
        return []
    out = _isolate_abs(state.branches[0][0], var)
    if out is None:
        return []
    return [Move(Relations.single(var, out[0], empty_text=state.empty_text), out[1])]


# ---------------------------------------------------------------------------------------------
# Polynomial and rational inequalities: one side zero, factor, sign chart
# ---------------------------------------------------------------------------------------------


def _single(state: State):
    var = one_var(state)
    if var is None or len(state.branches) != 1 or len(state.branches[0]) != 1 or state.branches[0][0].op not in INEQ:
        return None
    return var, state.branches[0][0]


def nonlinear(e, var) -> bool:
    """A polynomial of degree 2 or more, or a quotient with the variable in the denominator."""
    e = evaluated(e)
    if e.has(sp.Abs) or not e.has(var):
        return False
    n, d = sp.fraction(sp.together(e))
    if not (n.is_polynomial(var) and d.is_polynomial(var)):
        return False
    return d.has(var) or sp.degree(n, var) >= 2


@rule(FAMILY)
def inequality_to_one_side(state: State):
    """x^2 <= 9  ->  x^2 - 9 <= 0;   (x + 1)/(x - 3) < 2  ->  (x + 1)/(x - 3) - 2 < 0"""
    found = _single(state)
    if not found:
        return []
    var, r = found
    if evaluated(r.rhs) == 0 or not (nonlinear(r.lhs, var) or nonlinear(r.rhs, var)):
        return []
    lhs, rhs = evaluated(r.lhs), evaluated(r.rhs)
    d = lhs - rhs
    n, den = sp.fraction(sp.together(d))
    if den.has(var):
        new = add(*terms(r.lhs), *[-t for t in terms(rhs)])
    else:
        new = sp.expand(d)
    caption = move_caption(rhs) if number(rhs) else "Move every term to the left side"
    return [Move(Relations.single(var, Relation(new, r.op, sp.S.Zero), empty_text=state.empty_text), caption)]


@rule(FAMILY)
def inequality_one_fraction(state: State):
    """(x + 1)/(x - 3) - 2 < 0  ->  (7 - x)/(x - 3) < 0"""
    found = _single(state)
    if not found:
        return []
    var, r = found
    if evaluated(r.rhs) != 0 or len(terms(r.lhs)) < 2:
        return []
    e = evaluated(r.lhs)
    n, d = sp.fraction(sp.together(e))  # no cancelling: a common factor's zero stays out of the solution
    if not d.has(var):
        return []
    n, d = sp.expand(n), sp.factor(d)
    if d.could_extract_minus_sign():
        n, d = sp.expand(-n), sp.factor(-d)
    new = sp.Mul(n, sp.Pow(d, -1, evaluate=False), evaluate=False)
    return [Move(Relations.single(var, Relation(new, r.op, sp.S.Zero), empty_text=state.empty_text), "Write the left side as one fraction")]


def _poly_side(r: Relation, var):
    """The expanded polynomial of `p op 0`, or None."""
    if evaluated(r.rhs) != 0:
        return None
    p = evaluated(r.lhs)
    if not p.is_polynomial(var) or sp.degree(p, var) < 2:
        return None
    return sp.expand(p)


def _single_poly(state: State):
    """(var, relation, expanded polynomial) for one inequality `p op 0` with p of degree 2 or more, else None."""
    found = _single(state)
    if not found:
        return None
    p = _poly_side(found[1], found[0])
    return None if p is None else (*found, p)


@rule(FAMILY)
def inequality_leading_positive(state: State):
    """-x^2 + x + 6 > 0  ->  x^2 - x - 6 < 0"""
    found = _single_poly(state)
    if not found:
        return []
    var, r, p = found
    if not isinstance(evaluated(r.lhs), sp.Add) or sp.Poly(p, var).LC() > 0:
        return []
    return [Move(Relations.single(var, Relation(sp.expand(-p), FLIP[r.op], sp.S.Zero), empty_text=state.empty_text),
                 "Multiply both sides by -1 and turn the inequality around")]


@rule(FAMILY)
def inequality_factor(state: State):
    """x^2 - 5x + 6 > 0  ->  (x - 2)(x - 3) > 0"""
    found = _single_poly(state)
    if not found:
        return []
    var, r, p = found
    if not isinstance(evaluated(r.lhs), sp.Add) or sp.Poly(p, var).LC() < 0:
        return []  # make the leading coefficient positive first
    c, factors = sp.factor_list(p, var)
    if not factors or (len(factors) == 1 and factors[0][1] == 1):
        return []  # nothing to factor over the rationals
    if any(sp.degree(f, var) > 2 for f, _ in factors):
        return []

    def where(f):
        zeros = [z for z in sp.roots(sp.Poly(f, var)) if z.is_real]
        return float(sp.N(min(zeros, key=lambda z: float(sp.N(z))))) if zeros else float("inf")

    order = sorted(factors, key=lambda fm: (fm[0].subs(var, 0) != 0, where(fm[0])))  # x first, then by zero
    shown = [f if m == 1 else sp.Pow(f, m, evaluate=False) for f, m in order]
    factored = sp.Mul(*([c] if c != 1 else []), *shown, evaluate=False) if len(shown) + (c != 1) > 1 else shown[0]
    if sp.expand(evaluated(factored) - p) != 0:
        return []
    return [Move(Relations.single(var, Relation(factored, r.op, sp.S.Zero), empty_text=state.empty_text), "Factor the left side")]


def _discriminant(p, var):
    a, b, c = sp.Poly(p, var).all_coeffs()
    return a, b, c, b**2 - 4 * a * c


@rule(FAMILY)
def inequality_no_real_zeros(state: State):
    """x^2 + 1 > 0  ->  all real numbers;   x^2 + 2x + 5 < 0  ->  no real solution (discriminant < 0)"""
    found = _single_poly(state)
    if not found:
        return []
    var, r, p = found
    if sp.degree(p, var) != 2:
        return []
    a, b, c, disc = _discriminant(p, var)
    if disc >= 0:
        return []
    sign = "positive" if a > 0 else "negative"
    holds = bool(_TRUTH[r.op](a, 0))  # the sign of p everywhere is the sign of a
    checks = (f"b^2 - 4ac = {plain(b**2)} - {plain(4 * a * c)} = {plain(disc)} < 0: no real zeros",
              f"x = 0: {plain(r.lhs)} = {plain(c)}, {sign}")
    why = f"{plain(r.lhs)} has no real zeros (discriminant {plain(disc)} < 0), so it is always {sign}"
    if holds:
        return [Move(Relations(state.variables, state.branches, all_text=ALL), why, checks=checks)]
    return [Move(Relations(state.variables, (), empty_text=EMPTY), why, checks=checks)]


def _real_zeros(poly, var):
    """The real zeros of a polynomial with rational coefficients, exactly; None when a factor has degree 3 or more."""
    zeros = set()
    if not poly.has(var):
        return zeros
    _, factors = sp.factor_list(sp.expand(poly), var)
    for f, _ in factors:
        deg = sp.degree(f, var)
        if deg == 1 or deg == 2:
            for z in sp.roots(sp.Poly(f, var)):
                if z.is_real:
                    zeros.add(sp.radsimp(z))
        elif deg > 2:
            return None
    return zeros


def _test_point(lo, hi):
    """A simple number strictly between lo and hi (either may be infinite)."""
    if lo == -sp.oo:
        return sp.floor(hi) - 1 if hi.is_Integer else sp.floor(hi)
    if hi == sp.oo:
        return sp.ceiling(lo) + 1 if lo.is_Integer else sp.ceiling(lo)
    candidate = sp.floor(lo) + 1
    if candidate < hi:
        if candidate == 0 or not (lo < 0 < hi):
            return candidate
        return sp.S.Zero
    for q in (2, 4, 10, 100, 1000):
        k = sp.Rational(sp.floor(lo * q) + 1, q)
        if k < hi:
            return k
    return (lo + hi) / 2


def _symbol(op: str) -> str:
    return {"<": "negative", "<=": "negative or zero", ">": "positive", ">=": "positive or zero"}[op]


def _same_sign_everywhere(state: Relations, var, r: Relation, e, shown, quotient: bool) -> list[Move]:
    """No real zero in the top or the bottom: the sign at x = 0 is the sign everywhere."""
    v = exact(e.subs(var, 0))
    if not v.is_Rational or v == 0:
        return []
    sign = "positive" if v > 0 else "negative"
    what = "neither its top nor its bottom has a real zero" if quotient else "it has no real zeros"
    caption = f"{plain(shown)} never changes sign: {what}, and at x = 0 it is {number_text(v)}, so it is always {sign}"
    checks = (f"x = 0: {plain(shown)} = {number_text(v)}, {sign}",)
    if bool(_TRUTH[r.op](v, 0)):
        return [Move(Relations(state.variables, state.branches, all_text=ALL), caption, checks=checks)]
    return [Move(Relations(state.variables, (), empty_text=EMPTY), caption, checks=checks)]


@rule(FAMILY)
def sign_chart(state: State):
    """(x - 2)(x - 3) > 0  ->  x < 2 or x > 3 (test points 0, 5/2, 4)"""
    found = _single(state)
    if not found:
        return []
    var, r = found
    if evaluated(r.rhs) != 0:
        return []
    e = evaluated(r.lhs)
    n, d = sp.fraction(sp.together(e))
    if not (n.is_polynomial(var) and d.is_polynomial(var)) or not e.has(var):
        return []
    shown = r.lhs
    factored = isinstance(shown, (sp.Mul, sp.Pow)) and not isinstance(shown, sp.Add)
    if d.has(var):
        if isinstance(shown, sp.Add):
            return []  # write it as one fraction first
    elif not factored:
        if sp.degree(n, var) != 2 or sp.factor(sp.expand(n)) != sp.expand(n) or _discriminant(sp.expand(n), var)[3] <= 0:
            return []  # factor first (or: no real zeros)
    elif sp.degree(sp.expand(n), var) < 2:
        return []
    top, bottom = _real_zeros(n, var), _real_zeros(d, var)
    if top is None or bottom is None or len(top | bottom) > MAX_CRITICAL:
        return []
    points = sorted(top | bottom, key=lambda z: float(sp.N(z, 30)))
    if not points:
        return _same_sign_everywhere(state, var, r, e, shown, d.has(var))
    edges = [-sp.oo, *points, sp.oo]
    keep, lines, signs = [], [], []
    for lo, hi in zip(edges, edges[1:]):
        t = _test_point(lo, hi)
        v = exact(e.subs(var, t))
        if not v.is_Rational:
            return []
        positive = v > 0
        signs.append(f"{number_text(t)} ({'+' if positive else '-'})")
        lines.append(f"x = {number_text(t)}: {plain(shown)} = {number_text(v)}, {'positive' if positive else 'negative'}")
        if bool(_TRUTH[r.op](v, 0)):
            keep.append(sp.Interval.open(lo, hi))
    s = sp.Union(*keep) if keep else sp.S.EmptySet
    if r.op in ("<=", ">="):
        s = sp.Union(s, sp.FiniteSet(*[z for z in top if z not in bottom]))
    for z in bottom:
        lines.append(f"x = {number_text(z)} makes the denominator 0, so it is left out")
    zeros = ", ".join(number_text(z) for z in points)
    named = ("critical points" if d.has(var) else "zeros") if len(points) > 1 else ("critical point" if d.has(var) else "zero")
    what = "the quotient" if d.has(var) else "the product" if factored else "it"
    intro = f"Sign chart with the {named} {zeros}" if factored or d.has(var) else f"The quadratic formula gives the zeros {zeros}; sign chart"
    caption = f"{intro}; test points {', '.join(signs)}; keep where {what} is {_symbol(r.op)}"
    if len(caption) > 160:
        caption = f"{intro}; keep where {what} is {_symbol(r.op)}"
    if len(caption) > 160:
        caption = f"Make a sign chart and keep where {what} is {_symbol(r.op)}"
    new = solved_state(s, var, state)
    return [Move(new, caption, checks=tuple(lines))]


# ---------------------------------------------------------------------------------------------
# Solved pieces into one answer
# ---------------------------------------------------------------------------------------------


def _relation_set(r: Relation, var):
    """The set of `x op number` or `number op x`, else None."""
    if r.lhs != var and r.rhs == var:
        r = Relation(r.rhs, FLIP[r.op], r.lhs)
    if solved_relation(r, var):
        return _branch_interval((r,), var)
    return None


def _all_solved(state: Relations, var) -> bool:
    return all(_relation_set(r, var) is not None for branch in state.branches for r in branch)


@rule(FAMILY)
def combine_inequality_pieces(state: State):
    """x > 1 and x < 5  ->  1 < x < 5;   x < 3 or x < 5  ->  x < 5;   4 < x < 2  ->  no real solution"""
    var = one_var(state)
    if var is None or inequality_goal(state) or not _all_solved(state, var):
        return []
    total = sp.S.EmptySet
    for branch in state.branches:
        part = sp.S.Reals
        for r in branch:
            part = sp.Intersection(part, _relation_set(r, var))
        total = sp.Union(total, part)
    new = solved_state(total, var, state)
    ands = any(len(b) > 1 for b in state.branches)
    if new.all_text:
        caption = "Together the pieces cover the whole number line"
    elif not new.branches:
        caption = "No number satisfies both inequalities at once, so there is no solution"
    elif ands and len(state.branches) == 1:
        caption = "Both inequalities must hold: keep the values that satisfy both"
    else:
        caption = "Combine the pieces of the solution"
    return [Move(new, caption)]
