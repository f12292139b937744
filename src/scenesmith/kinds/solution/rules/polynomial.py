"""Rules: polynomial equations in one variable, worked the way a teacher does.

Bring every term to one side, make the coefficients whole and the leading one positive, factor
(common factor, two numbers with product c and sum b, the ac method, perfect squares, difference
of squares, a quadratic in x^2), find rational roots of higher-degree polynomials with the rational
root theorem and synthetic division, split with the zero product property, take square (or n-th)
roots of both sides, and finish a quadratic with the quadratic formula (no real solution when
the discriminant is negative).

A branch of a state may carry excluded values (`x != 2`, from the rational family); the rules
here work on the branch's one unsolved equation and keep those constraints alongside it.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from scenesmith.mathreader import Relation
from scenesmith.kinds.solution.steps.display import plain
from scenesmith.kinds.solution.steps.search import rule
from scenesmith.kinds.solution.steps.sides import evaluated, is_solved, linear_coefficients, terms, exact
from scenesmith.kinds.solution.steps.state import Move, Relations, State

FAMILY = "polynomial"
MAX_CAPTION = 160
MAX_CANDIDATES = 400  # rational-root candidates we are willing to test
MAX_COEFFICIENT = 10**12


def poly_rule(fn):
    """Register a rule of this family as 'poly_<name>' (rule names are global across families)."""
    return rule(FAMILY, "poly_" + fn.__name__)(fn)


def ev(e):
    """The value of a side (unevaluated parts done), with decimals as exact fractions."""
    return exact(evaluated(e))


# ---------------------------------------------------------------------------------------------
# Branch helpers: the one unsolved equation of a branch, and the excluded values that ride along
# ---------------------------------------------------------------------------------------------


def is_constraint(r: Relation, var) -> bool:
    """`x != 2`: an excluded value carried beside the equation."""
    return r.op == "!=" and r.lhs == var and ev(r.rhs).is_number


def split_branch(branch, var):
    """(equation, constraints) of a branch, or (None, constraints) when it has no single unsolved equation."""
    constraints = tuple(r for r in branch if is_constraint(r, var))
    rest = [r for r in branch if not is_constraint(r, var)]
    if len(rest) != 1 or rest[0].op != "=":
        return None, constraints
    return rest[0], constraints


BranchRewrite = Callable[[Relation, sp.Symbol], "tuple[list[Relation], str] | None"]


def rewrite_branches(state: State, fn: BranchRewrite, *, mode: str = "equiv", cost: float = 1.0) -> list[Move]:
    """Apply `fn(equation, var) -> ([equation, ...] (joined by OR), caption)` to the unsolved equation of each branch.

    An empty list removes the branch (no real solution there). When `fn` rewrites every unsolved
    branch with the same caption, that is one move; otherwise the first rewrite is a move on its own.
    """
    if not isinstance(state, Relations) or len(state.variables) != 1:
        return []
    var = state.var
    results: dict[int, tuple[list[Relation], str]] = {}
    unsolved = 0
    for bi, branch in enumerate(state.branches):
        eq, _ = split_branch(branch, var)
        if eq is None or is_solved(eq, var):
            continue
        unsolved += 1
        out = fn(eq, var)
        if out is not None:
            results[bi] = out
    if not results:
        return []
    captions = {out[1] for out in results.values()}
    if not (len(captions) == 1 and len(results) == unsolved):
        first = min(results)
        results = {first: results[first]}
    branches = []
    for bi, branch in enumerate(state.branches):
        if bi not in results:
            branches.append(branch)
            continue
        _, constraints = split_branch(branch, var)
        for new in results[bi][0]:
            b = (new, *constraints)
            if b not in branches:
                branches.append(b)
    caption = next(iter(results.values()))[1]
    return [Move(Relations(state.variables, tuple(branches), empty_text=state.empty_text), caption, mode=mode, cost=cost)]


# ---------------------------------------------------------------------------------------------
# Polynomial helpers
# ---------------------------------------------------------------------------------------------


def rational_poly(e, var) -> sp.Poly | None:
    """e as a Poly in var with rational coefficients, or None."""
    try:
        e = sp.expand(ev(e))
        if not e.is_polynomial(var):
            return None
        p = sp.Poly(e, var)
    except (sp.PolynomialError, TypeError, ValueError):
        return None
    if any(not c.is_Rational for c in p.all_coeffs()):
        return None
    if any(abs(c.p) > MAX_COEFFICIENT or c.q > MAX_COEFFICIENT for c in p.all_coeffs()):
        return None
    return p


def is_expanded_form(e, var) -> bool:
    """A polynomial written out term by term with like terms combined: x^2 - 5x + 6."""
    e = sp.sympify(e)
    p = rational_poly(e, var)
    if p is None:
        return False
    shown = terms(e)
    if any(isinstance(f, sp.Add) or (isinstance(f, sp.Pow) and isinstance(f.base, sp.Add)) for t in shown for f in sp.Mul.make_args(t)):
        return False
    return len(shown) == len(sp.Add.make_args(p.as_expr()))


def is_zero(e) -> bool:
    e = sp.sympify(e)
    return e.is_number and ev(e) == 0


def content(p: sp.Poly):
    """The rational c with p/c primitive with integer coefficients and a positive leading coefficient."""
    coeffs = p.all_coeffs()
    den = sp.ilcm(*[c.q for c in coeffs]) if len(coeffs) > 1 else coeffs[0].q
    nums = [int(c * den) for c in coeffs]
    g = sp.igcd(*nums) if len(nums) > 1 else abs(nums[0])
    c = sp.Rational(g, den)
    return -c if coeffs[0] < 0 else c


def is_primitive(p: sp.Poly) -> bool:
    return content(p) == 1


def linear_factor(q, p, var):
    """q*x - p as an evaluated sum (q > 0)."""
    return sp.expand(q * var - p)


def product(*factors):
    """An unevaluated product in the given order, with repeated factors merged into powers."""
    merged: list[list] = []
    for f in factors:
        f = sp.sympify(f)
        base, exp = (f.base, f.exp) if isinstance(f, sp.Pow) and f.exp.is_Integer else (f, sp.S.One)
        for item in merged:
            if item[0] == base:
                item[1] += exp
                break
        else:
            merged.append([base, exp])
    parts = [b if e == 1 else sp.Pow(b, e, evaluate=False) for b, e in merged if b != 1]
    if not parts:
        return sp.S.One
    return parts[0] if len(parts) == 1 else sp.Mul(*parts, evaluate=False)


def factors_of(side) -> list:
    """The factors of a product as shown (a power of a sum counts as one factor)."""
    return list(sp.Mul.make_args(sp.sympify(side)))


def power_form(side, var):
    """(c, B, n, k) with side == c*B^n + k as shown: one term with the variable, B linear, n >= 2; else None."""
    shown = terms(side)
    with_var = [t for t in shown if ev(t).has(var)]
    if len(with_var) != 1:
        return None
    t = with_var[0]
    coeff, rest = sp.S.One, []
    for f in sp.Mul.make_args(exact(t)):
        if f.is_number:
            coeff *= f
        else:
            rest.append(f)
    if len(rest) != 1 or not isinstance(rest[0], sp.Pow):
        return None
    base, n = rest[0].base, rest[0].exp
    if not (n.is_Integer and 2 <= n <= 12):
        return None
    lin = linear_coefficients(base, var)
    if lin is None or lin[0] == 0:
        return None
    k = ev(sp.Add(*[t2 for t2 in shown if t2 is not t])) if len(shown) > 1 else sp.S.Zero
    if not k.is_number or not coeff.is_Rational:
        return None
    return ev(coeff), base, int(n), k


def two_numbers(product_value, sum_value, m, n) -> str:
    return f"find two numbers with product {plain(product_value)} and sum {plain(sum_value)}: {plain(m)} and {plain(n)}"


def fit(*captions: str) -> str:
    """The first caption short enough to show."""
    for c in captions:
        if len(c) <= MAX_CAPTION:
            return c
    return captions[-1][: MAX_CAPTION - 3] + "..."


# ---------------------------------------------------------------------------------------------
# Bring all terms to one side; clean up the coefficients
# ---------------------------------------------------------------------------------------------


def _standard_form(r: Relation, var):
    if power_form(r.lhs, var) is not None and not ev(r.rhs).has(var):
        return None
    if power_form(r.rhs, var) is not None and not ev(r.lhs).has(var):
        return None
    p = rational_poly(ev(r.lhs) - ev(r.rhs), var)
    if p is None or p.degree() < 2:
        return None
    rhs_zero = is_zero(r.rhs)
    if rhs_zero and (is_expanded_form(r.lhs, var) or len(factors_of(r.lhs)) > 1 or isinstance(r.lhs, sp.Pow)):
        return None  # already in standard form, or a product for the zero product property
    expr = p.as_expr()
    if p.LC() < 0:
        expr = -expr
    new = Relation(sp.expand(expr), "=", sp.S.Zero)
    if rhs_zero:
        return [new], "Multiply out and combine like terms"
    rhs = ev(r.rhs)
    if not rhs.has(var) and is_expanded_form(r.lhs, var) and p.LC() > 0:
        return [new], ("Subtract " + plain(rhs) if not rhs.could_extract_minus_sign() else "Add " + plain(-rhs)) + (" from both sides" if not rhs.could_extract_minus_sign() else " to both sides")
    return [new], "Bring all terms to one side"


@poly_rule
def standard_form(state: State):
    """x^2 + 2x = 8  ->  x^2 + 2x - 8 = 0"""
    return rewrite_branches(state, _standard_form)


def _normalize(r: Relation, var):
    if not is_zero(r.rhs) or not is_expanded_form(r.lhs, var):
        return None
    p = rational_poly(r.lhs, var)
    if p is None or p.degree() < 2:
        return None
    c = content(p)
    if c == 1:
        return None
    new = Relation(sp.expand(p.as_expr() / c), "=", sp.S.Zero)
    if c == -1:
        caption = "Multiply both sides by -1 so the leading coefficient is positive"
    elif c.is_Integer:
        caption = f"Divide both sides by {c}"
    elif abs(c.p) == 1:
        caption = f"Multiply both sides by {plain(1 / c)} to clear the fractions"
    else:
        caption = f"Multiply both sides by {plain(1 / c)}"
    return [new], caption


@poly_rule
def normalize_coefficients(state: State):
    """2x^2 - 8x + 6 = 0  ->  x^2 - 4x + 3 = 0"""
    return rewrite_branches(state, _normalize)


# ---------------------------------------------------------------------------------------------
# Factoring (of the expanded side, or of one factor of a product)
# ---------------------------------------------------------------------------------------------


def factor_one(r: Relation, var, factorizer):
    """Apply `factorizer(poly_expr, var) -> (factored, caption)` to the first factor it can factor, when the other side is 0."""
    if not is_zero(r.rhs):
        return None
    shown = factors_of(r.lhs)
    for i, f in enumerate(shown):
        if isinstance(f, sp.Pow) or f.is_number or not is_expanded_form(f, var):
            continue
        out = factorizer(f, var)
        if out is None:
            continue
        factored, caption = out
        new_factors = shown[:i] + factors_of(factored) + shown[i + 1 :]
        numbers = [g for g in new_factors if g.is_number]
        others = [g for g in new_factors if not g.is_number]
        coefficient = sp.Mul(*numbers)
        lhs = product(*([coefficient] if coefficient != 1 else []), *others)
        return [Relation(lhs, "=", sp.S.Zero)], caption
    return None


def _gcf(f, var):
    p = rational_poly(f, var)
    if p is None or p.degree() < 2 or len(p.terms()) < 2:
        return None
    k = min(m[0] for m, _ in p.terms())
    c = content(p)
    if k == 0 or not c.is_Integer:
        return None
    g = c * var**k
    rest = sp.expand(p.as_expr() / g)
    lead = [c] if c != 1 else []
    return product(*lead, var**k, rest), f"Factor out the greatest common factor {plain(g)}"


@poly_rule
def factor_common_factor(state: State):
    """x^2 - 5x = 0  ->  x(x - 5) = 0"""
    return rewrite_branches(state, lambda r, v: factor_one(r, v, _gcf))


def rational_roots_of_quadratic(a, b, c):
    """The two rational roots (ascending; equal for a perfect square) of a x^2 + b x + c, or None."""
    d = b * b - 4 * a * c
    if d < 0:
        return None
    s = sp.sqrt(d)
    if not s.is_Rational:
        return None
    r1, r2 = (-b - s) / (2 * a), (-b + s) / (2 * a)
    return tuple(sorted((r1, r2)))


def _quadratic_factors(f, var, power: int = 1):
    """a u^2 + b u + c with u = x^power, integer and primitive, rational roots: the factored form and the reason."""
    p = rational_poly(f, var)
    if p is None or p.degree() != 2 * power or not is_primitive(p):
        return None
    a, b, c = (p.coeff_monomial(var ** (2 * power)), p.coeff_monomial(var**power), p.coeff_monomial(1))
    if b == 0 or c == 0 or len(p.terms()) != 3:
        return None
    roots = rational_roots_of_quadratic(a, b, c)
    if roots is None:
        return None
    u = var**power
    (p1, q1), (p2, q2) = [(r.p, r.q) for r in roots]
    factors = [linear_factor(q1, p1, u), linear_factor(q2, p2, u)]
    if sp.expand(factors[0] * factors[1] - p.as_expr()) != 0:
        return None
    factored = product(*factors)
    in_u = "" if power == 1 else f" as a quadratic in {plain(u)}"
    if roots[0] == roots[1]:
        return factored, f"Factor the perfect square trinomial{in_u}: {plain(f)} = {plain(factored)}"
    if a == 1:
        return factored, f"Factor{in_u}: {two_numbers(c, b, -p1, -p2)}"
    m, n = -q1 * p2, -q2 * p1
    return factored, fit(f"Factor{in_u} by the ac method: a*c = {plain(a * c)}, {two_numbers(a * c, b, m, n)}; split the middle term and group",
                         f"Factor{in_u} by the ac method: {two_numbers(a * c, b, m, n)}")


@poly_rule
def factor_trinomial(state: State):
    """x^2 - 5x + 6 = 0  ->  (x - 2)(x - 3) = 0;  2x^2 - 3x - 2 = 0  ->  (2x + 1)(x - 2) = 0"""
    return rewrite_branches(state, lambda r, v: factor_one(r, v, _quadratic_factors))


def _square_in_x_squared(f, var):
    p = rational_poly(f, var)
    if p is None or p.degree() < 4 or p.degree() % 2:
        return None
    return _quadratic_factors(f, var, p.degree() // 2)


@poly_rule
def factor_quadratic_form(state: State):
    """x^4 - 5x^2 + 4 = 0  ->  (x^2 - 4)(x^2 - 1) = 0"""
    return rewrite_branches(state, lambda r, v: factor_one(r, v, _square_in_x_squared))


def _difference_of_squares(f, var):
    p = rational_poly(f, var)
    if p is None or p.degree() < 2 or p.degree() % 2 or len(p.terms()) != 2 or not is_primitive(p):
        return None
    n = p.degree()
    a, c = p.coeff_monomial(var**n), -p.coeff_monomial(1)
    if a <= 0 or c <= 0:
        return None
    ra, rc = sp.sqrt(a), sp.sqrt(c)
    if not (ra.is_Integer and rc.is_Integer):
        return None
    u = var ** (n // 2)
    A = ra * u
    factored = product(sp.expand(A - rc), sp.expand(A + rc))
    return factored, f"Factor the difference of squares: {plain(A)}^2 - {plain(rc)}^2 = {plain(factored)}" if ra == 1 \
        else f"Factor the difference of squares: ({plain(A)})^2 - {plain(rc)}^2 = {plain(factored)}"


@poly_rule
def difference_of_squares(state: State):
    """x^2 - 9 = 0  ->  (x - 3)(x + 3) = 0"""
    return rewrite_branches(state, lambda r, v: factor_one(r, v, _difference_of_squares))


def _divisors(n: int) -> list[int]:
    n = abs(int(n))
    return sorted(sp.divisors(n)) if n else []


def _candidates(a0: int, an: int) -> list | None:
    ps, qs = _divisors(a0), _divisors(an)
    if len(ps) * len(qs) * 2 > MAX_CANDIDATES * 4:
        return None
    found = sorted({sp.Rational(p, q) for p in ps for q in qs}, key=lambda v: (v.q != 1, v))
    if len(found) * 2 > MAX_CANDIDATES:
        return None
    out = []
    for v in found:
        out += [v, -v]
    return out


def _synthetic(coeffs, r) -> list:
    row = [coeffs[0]]
    for c in coeffs[1:]:
        row.append(c + row[-1] * r)
    return row


def _rational_root(f, var):
    p = rational_poly(f, var)
    if p is None or p.degree() < 3 or not is_primitive(p):
        return None
    coeffs = [int(c) for c in p.all_coeffs()]
    if coeffs[-1] == 0 or len(p.terms()) == 2:
        return None  # a common factor x first; a binomial a x^n + b is solved by taking a root
    candidates = _candidates(coeffs[-1], coeffs[0])
    if candidates is None:
        return None
    tried = []
    for r in candidates:
        value = p.eval(r)
        tried.append(r)
        if value == 0:
            break
    else:
        return None
    shown = sorted({abs(v) for v in candidates}, key=lambda v: (v.q != 1, v))
    listed = ", ".join("±" + plain(v) for v in shown)
    if len(listed) > 60:
        listed = ", ".join("±" + plain(v) for v in shown[:8]) + ", ..."
    row = _synthetic([sp.Integer(c) for c in coeffs], r)
    quotient = sp.Poly(row[:-1], var).as_expr()
    factor = linear_factor(r.q, r.p, var)
    quotient = sp.expand(quotient / r.q)
    if sp.expand(factor * quotient - p.as_expr()) != 0:
        return None
    row_text = " ".join(plain(c) for c in coeffs) + " -> " + " ".join(plain(c) for c in row[:-1]) + ", remainder 0"
    head = f"Rational root theorem: try {listed}; x = {plain(r)} makes it 0"
    caption = fit(f"{head}. Synthetic division by {plain(r)} ({row_text}) gives the quotient {plain(quotient)}",
                  f"{head}. Synthetic division by {plain(r)} gives the quotient {plain(quotient)}",
                  f"Rational root theorem: x = {plain(r)} is a root; synthetic division gives the quotient {plain(quotient)}")
    return product(factor, quotient), caption


@poly_rule
def rational_root_division(state: State):
    """x^3 - 2x^2 - x + 2 = 0  ->  (x - 1)(x^2 - x - 2) = 0"""
    return rewrite_branches(state, lambda r, v: factor_one(r, v, _rational_root))


# ---------------------------------------------------------------------------------------------
# Zero product property; solving the pieces
# ---------------------------------------------------------------------------------------------


def _zero_product(r: Relation, var):
    if not is_zero(r.rhs):
        return None
    shown = factors_of(r.lhs)
    with_var = [f for f in shown if not f.is_number]
    if not with_var or any(rational_poly(f, var) is None for f in with_var):
        return None
    if len(with_var) == 1 and not (isinstance(with_var[0], sp.Pow) and with_var[0].exp.is_Integer and with_var[0].exp > 1):
        return None
    out = []
    for f in with_var:
        base = f.base if isinstance(f, sp.Pow) and f.exp.is_Integer and f.exp > 0 else f
        rel = Relation(base, "=", sp.S.Zero)
        if rel not in out:
            out.append(rel)
    if len(out) == 1:
        return out, f"A power is 0 only when its base is 0: {plain(out[0].lhs)} = 0"
    return out, "Zero product property: set each factor equal to 0"


@poly_rule
def zero_product(state: State):
    """(x - 2)(x - 3) = 0  ->  x - 2 = 0 or x - 3 = 0"""
    return rewrite_branches(state, _zero_product)


@poly_rule
def solve_each_linear(state: State):
    """x - 2 = 0 or x + 1 = 0  ->  x = -1 or x = 2"""
    if not isinstance(state, Relations) or len(state.variables) != 1:
        return []
    var = state.var
    solved, linear = [], 0
    for branch in state.branches:
        eq, constraints = split_branch(branch, var)
        if eq is None:
            return []
        if is_solved(eq, var):
            value = ev(eq.rhs)
        else:
            left, right = linear_coefficients(eq.lhs, var), linear_coefficients(eq.rhs, var)
            if left is None or right is None or left[0] == right[0]:
                return []
            value = exact((right[1] - left[1]) / (left[0] - right[0]))
            linear += 1
        solved.append((value, constraints))
    if linear < 2:
        return []
    solved.sort(key=lambda item: float(sp.N(item[0], 30)))
    branches = tuple((Relation(var, "=", v), *cons) for v, cons in solved)
    return [Move(Relations(state.variables, branches, empty_text=state.empty_text), "Solve each equation")]


def _isolate_power(r: Relation, var):
    if ev(r.rhs).has(var):
        return None
    form = power_form(r.lhs, var)
    if form is None:
        return None
    c, base, n, k = form
    power = sp.Pow(base, n, evaluate=False)
    if k != 0:
        caption = f"Subtract {plain(k)} from both sides" if not k.could_extract_minus_sign() else f"Add {plain(-k)} to both sides"
        return [Relation(power if c == 1 else sp.Mul(c, power, evaluate=False), "=", ev(r.rhs) - k)], caption
    if c != 1:
        caption = f"Divide both sides by {plain(c)}" if c.is_Integer else f"Multiply both sides by {plain(1 / c)}"
        return [Relation(power, "=", ev(r.rhs) / c)], caption
    return None


@poly_rule
def isolate_power(state: State):
    """2x^2 - 5 = 13  ->  2x^2 = 18  ->  x^2 = 9"""
    return rewrite_branches(state, _isolate_power)


def _root(r: Relation, var):
    if not isinstance(r.lhs, sp.Pow):
        return None
    form = power_form(r.lhs, var)
    rhs = ev(r.rhs)
    if form is None or form[0] != 1 or form[3] != 0 or rhs.has(var) or not rhs.is_real:
        return None
    _, base, n, _ = form
    name = {2: "square root", 3: "cube root"}.get(n, f"{n}th root")
    if n % 2 == 0:
        if rhs < 0:
            return [], f"{plain(r.lhs)} = {plain(rhs)} has no real solution: an even power is never negative"
        if rhs == 0:
            return [Relation(base, "=", sp.S.Zero)], f"Take the {name} of both sides"
        root = sp.radsimp(sp.root(rhs, n))
        return [Relation(base, "=", -root), Relation(base, "=", root)], f"Take the {name} of both sides (both the positive and the negative root)"
    root = sp.root(rhs, n) if rhs >= 0 else -sp.root(-rhs, n)
    return [Relation(base, "=", sp.radsimp(root))], f"Take the {name} of both sides"


@poly_rule
def root_both_sides(state: State):
    """(x - 3)^2 = 16  ->  x - 3 = -4 or x - 3 = 4;  x^2 = 49  ->  x = -7 or x = 7"""
    return rewrite_branches(state, _root)


def _formula(r: Relation, var):
    if not is_zero(r.rhs) or not is_expanded_form(r.lhs, var):
        return None
    p = rational_poly(r.lhs, var)
    if p is None or p.degree() < 2 or p.degree() % 2 or any(m[0] not in (0, p.degree() // 2, p.degree()) for m, _ in p.terms()):
        return None
    k = p.degree() // 2
    a, b, c = p.coeff_monomial(var ** (2 * k)), p.coeff_monomial(var**k), p.coeff_monomial(1)
    d = b * b - 4 * a * c
    if k > 1:  # a quadratic in x^k: only the case with no real solution is finished here
        if d >= 0 or b == 0:
            return None
        return [], fit(f"As a quadratic in u = {plain(var**k)} (a = {plain(a)}, b = {plain(b)}, c = {plain(c)}), "
                       f"the discriminant b^2 - 4ac = {plain(d)} is negative, so there is no real solution")
    if d >= 0 and sp.sqrt(d).is_Rational:
        return None  # rational roots: factor instead
    named = f"a = {plain(a)}, b = {plain(b)}, c = {plain(c)}"
    disc = f"b^2 - 4ac = ({plain(b)})^2 - 4({plain(a)})({plain(c)}) = {plain(d)}"
    if d < 0:
        return [], fit(f"Quadratic formula with {named}: the discriminant {disc} is negative, so there is no real solution",
                       f"Quadratic formula: the discriminant b^2 - 4ac = {plain(d)} is negative, so there is no real solution")
    s = sp.sqrt(d)
    simplified = f", sqrt({plain(d)}) = {plain(s)}" if not (isinstance(s, sp.Pow) and s.base == d) else ""
    roots = [sp.radsimp((-b - s) / (2 * a)), sp.radsimp((-b + s) / (2 * a))]
    roots.sort(key=lambda v: float(sp.N(v, 30)))
    ans = f"x = ({plain(-b)} ± sqrt({plain(d)}))/{plain(2 * a)}"
    return [Relation(var, "=", v) for v in roots], fit(
        f"Quadratic formula with {named}: {disc}{simplified}, so {ans}",
        f"Quadratic formula with {named}: b^2 - 4ac = {plain(d)}{simplified}",
        f"Quadratic formula: b^2 - 4ac = {plain(d)}")


@poly_rule
def quadratic_formula(state: State):
    """2x^2 + 3x - 4 = 0  ->  x = (-3 - sqrt(41))/4 or x = (-3 + sqrt(41))/4"""
    return rewrite_branches(state, _formula)



# ---------------------------------------------------------------------------------------------
# For the equations task: what this family cannot finish exactly, said before any search
# ---------------------------------------------------------------------------------------------


def _rebuild_exact(e):
    """e with every decimal as its exact fraction, keeping the tree as typed (nothing evaluated)."""
    if isinstance(e, sp.Float):
        return sp.Rational(str(e))
    if not isinstance(e, sp.Basic) or e.is_Atom or not e.has(sp.Float):
        return e
    return remake(e, [_rebuild_exact(a) for a in e.args])


def remake(e, args):
    """e's node with new arguments, unevaluated where the node allows it (the tree stays as typed)."""
    try:
        return e.func(*args, evaluate=False)
    except TypeError:
        return e.func(*args)


def exact_relation(relation: Relation, var) -> Relation:
    """A nonlinear polynomial or rational equation typed with decimals (1.5x^2 + 2.5x - 1 = 0), read exactly."""
    d = ev(relation.lhs) - ev(relation.rhs)
    if not relation.lhs.has(sp.Float) and not relation.rhs.has(sp.Float):
        return relation
    num, den = sp.fraction(sp.together(d))
    p = rational_poly(num, var)
    if p is None or rational_poly(den, var) is None or (p.degree() <= 1 and not den.has(var)):
        return relation
    return Relation(_rebuild_exact(relation.lhs), relation.op, _rebuild_exact(relation.rhs))


def polynomial_refusal(relation: Relation, var) -> str | None:
    """Why a polynomial (or rational) equation cannot be solved exactly step by step here; None when it can or is not one."""
    try:
        d = sp.together(ev(relation.lhs) - ev(relation.rhs))
        num, den = sp.fraction(d)
        num = sp.expand(num)
        if not num.is_polynomial(var) or not sp.expand(den).is_polynomial(var):
            return None
        p = sp.Poly(num, var)
    except (sp.PolynomialError, TypeError, ValueError):
        return None
    if p.degree() < 3 or any(not c.is_Rational for c in p.all_coeffs()):
        return None
    if p.degree() > 12:
        return f"the polynomial has degree {p.degree()}; the step engine works up to degree 12"
    if any(abs(c.p) > MAX_COEFFICIENT or c.q > MAX_COEFFICIENT for c in p.all_coeffs()):
        return "its coefficients are too large to test rational roots by hand"
    if len(p.terms()) == 2 and p.coeff_monomial(1) != 0:
        return None  # a x^n + b = 0: take the n-th root
    for f, _ in sp.factor_list(p.as_expr(), var)[1]:
        fp = sp.Poly(f, var)
        if fp.degree() >= 3 and len(fp.terms()) > 2:
            return (f"{plain(f)} has no rational roots and degree {fp.degree()}, "
                    "so its roots cannot be found exactly with the rational root theorem, factoring or the quadratic formula")
    return None
