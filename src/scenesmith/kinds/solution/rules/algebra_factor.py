"""Rules (family "algebra"): factor a polynomial over the integers, one named method a step.

Greatest common factor, difference of squares, perfect squares, sums and differences of cubes,
trinomials, the ac method, grouping, and a root found by the factor theorem.
Every rule returns [] on `Relations` states: the equations task lists this family too.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from scenesmith.kinds.solution.rules.algebra_common import FAMILY, _expr, _poly, _same, _symbols, factors_of, is_monomial, is_poly, paren, product, value
from scenesmith.kinds.solution.steps.display import plain
from scenesmith.kinds.solution.steps.search import rule
from scenesmith.kinds.solution.steps.sides import add, terms
from scenesmith.kinds.solution.steps.state import Expression, Move, State


# ---------------------------------------------------------------------------------------------
# Which factor to work on, and the pieces the methods share
# ---------------------------------------------------------------------------------------------


def _replace_factor(e, index: int, new) -> sp.Basic:
    fs = factors_of(e)
    return product(fs[:index] + [new] + fs[index + 1:])


def _targets(e) -> list[tuple[int, sp.Basic]]:
    """(index, factor) of the factors of a product that are polynomials shown multiplied out."""
    out = []
    for i, f in enumerate(factors_of(e)):
        if isinstance(f, sp.Add) and is_poly(f) and plain(f) == plain(sp.expand(f)):
            out.append((i, sp.expand(f)))
    return out


def _primitive(p) -> bool:
    """Positive leading coefficient, coefficients with no common factor, no common variable factor."""
    poly = _poly(p)
    if poly.LC() < 0 or poly.content() != 1:
        return False
    return all(m == 0 for m in [min(e[i] for e in poly.monoms()) for i in range(len(poly.gens))])


def _gcf(p):
    """The greatest common factor of a polynomial's terms (negative when the leading coefficient is)."""
    poly = _poly(p)
    g = sp.Integer(poly.content())
    for i, gen in enumerate(poly.gens):
        g *= gen ** min(e[i] for e in poly.monoms())
    return -g if poly.LC() < 0 else g


def _root_of(term, k: int):
    """r with r^k = term (sign included for odd k) for a monomial with an integer coefficient and exponents divisible by k, else None."""
    c, m = term.as_coeff_Mul()
    if not c.is_Integer or (k % 2 == 0 and c <= 0):
        return None
    r, exact = sp.integer_nthroot(abs(int(c)), k)
    if not exact:
        return None
    root = sp.Integer(r) * (1 if c > 0 else -1)
    for b, e in m.as_powers_dict().items():
        if b == 1:
            continue
        if not isinstance(b, sp.Symbol) or e % k:
            return None
        root *= b ** (e // k)
    return root


def _square_root(term):
    """r with r^2 = term for a monomial with a positive square coefficient and even exponents, else None."""
    return _root_of(term, 2)


def _cube_root(term):
    """r with r^3 = term (sign included) for a monomial, else None."""
    return _root_of(term, 3)


def _ordered_terms(p) -> list:
    return list(sp.expand(p).as_ordered_terms(order="lex"))


def _factor_moves(state: State, fn: Callable) -> list[Move]:
    """Apply `fn(poly) -> (replacement, caption[, cost]) | None` to the first factor it fits."""
    e = _expr(state)
    if e is None or not is_poly(e):
        return []
    for i, f in _targets(e):
        out = fn(f)
        if out is not None:
            new, caption, *rest = out
            return [Move(Expression(_replace_factor(e, i, new), state.label), caption, cost=rest[0] if rest else 1.0)]
    return []


# ---------------------------------------------------------------------------------------------
# Factoring rules
# ---------------------------------------------------------------------------------------------


def _take_out_gcf(p):
    poly = _poly(p)
    g = _gcf(p)
    if g == 1 or len(poly.terms()) < 2:
        return None
    inner = sp.expand(p / g)
    return product([g, inner]), f"Take out the greatest common factor {plain(g)}"


@rule(FAMILY)
def factor_out_gcf(state: State):
    """6x^2 + 9x  ->  3x(2x + 3)"""
    return _factor_moves(state, _take_out_gcf)


def _difference_of_squares(p):
    ts = _ordered_terms(p)
    if len(ts) != 2 or not _primitive(p):
        return None
    a, b = _square_root(ts[0]), _square_root(-ts[1])
    if a is None or b is None:
        return None
    return product([a - b, a + b]), f"Difference of two squares: {paren(plain(a))}^2 - {paren(plain(b))}^2 = (a - b)(a + b)"


@rule(FAMILY)
def factor_difference_of_squares(state: State):
    """x^2 - 9  ->  (x - 3)(x + 3)"""
    return _factor_moves(state, _difference_of_squares)


def _perfect_square(p):
    ts = _ordered_terms(p)
    if len(ts) != 3 or not _primitive(p):
        return None
    a, b = _square_root(ts[0]), _square_root(ts[2])
    if a is None or b is None:
        return None
    for s in (1, -1):
        if sp.expand((a + s * b) ** 2 - p) == 0:
            sign = "+" if s == 1 else "-"
            return sp.Pow(a + s * b, 2, evaluate=False), f"Perfect square trinomial: a^2 {sign} 2ab + b^2 = (a {sign} b)^2 with a = {plain(a)}, b = {plain(b)}"
    return None


@rule(FAMILY)
def factor_perfect_square(state: State):
    """x^2 + 6x + 9  ->  (x + 3)^2"""
    return _factor_moves(state, _perfect_square)


def _cubes(p):
    ts = _ordered_terms(p)
    if len(ts) != 2 or not _primitive(p):
        return None
    a, b = _cube_root(ts[0]), _cube_root(ts[1])
    if a is None or b is None or a.is_number:
        return None
    quadratic = sp.expand(a**2 - a * b + b**2)
    if b.could_extract_minus_sign():
        caption = f"Difference of two cubes: a^3 - b^3 = (a - b)(a^2 + ab + b^2) with a = {plain(a)}, b = {plain(-b)}"
    else:
        caption = f"Sum of two cubes: a^3 + b^3 = (a + b)(a^2 - ab + b^2) with a = {plain(a)}, b = {plain(b)}"
    return product([a + b, quadratic]), caption


@rule(FAMILY)
def factor_cubes(state: State):
    """x^3 - 8  ->  (x - 2)(x^2 + 2x + 4)"""
    return _factor_moves(state, _cubes)


def _quadratic_in(p):
    """(x^k, a, b, c) when p = a*u^2 + b*u + c with u = x^k (one variable), else None."""
    syms = _symbols(p)
    if len(syms) != 1:
        return None
    x = syms[0]
    poly = sp.Poly(sp.expand(p), x)
    degrees = [m[0] for m in poly.monoms()]
    top = degrees[0]
    if top % 2 or top == 0 or len(degrees) != 3:
        return None
    k = top // 2
    if degrees != [2 * k, k, 0]:
        return None
    a, b, c = (poly.coeff_monomial(x ** (2 * k)), poly.coeff_monomial(x**k), poly.coeff_monomial(1))
    return x**k, a, b, c


def _pair(product_value, total):
    """Two integers with the given product and sum (the one of larger size first), else None."""
    n = int(product_value)
    if n == 0:
        return None
    for d in sorted(sp.divisors(abs(n)), reverse=True):
        for m in (d, -d):
            other = sp.Integer(n) / m
            if other.is_Integer and m + other == total:
                return (sp.Integer(m), other) if abs(m) >= abs(other) else (other, sp.Integer(m))
    return None


def _two_numbers(p):
    q = _quadratic_in(p)
    if q is None or not _primitive(p):
        return None
    u, a, b, c = q
    if a != 1:
        return None
    pair = _pair(c, b)
    if pair is None or pair[0] == pair[1]:
        return None
    m, n = sorted(pair)
    return product([u + m, u + n]), f"Find two numbers that multiply to {c} and add to {b}: {m} and {n}"


@rule(FAMILY)
def factor_trinomial(state: State):
    """x^2 - 7x + 12  ->  (x - 4)(x - 3)"""
    return _factor_moves(state, _two_numbers)


def _group_factor(pair_terms):
    """The common factor of two terms, with the sign of the first."""
    g = _gcf(add(*pair_terms).doit()) if len(pair_terms) > 1 else pair_terms[0]
    return g


def _split_middle(p):
    q = _quadratic_in(p)
    if q is None or not _primitive(p):
        return None
    u, a, b, c = q
    if a == 1:
        return None
    pair = _pair(a * c, b)
    if pair is None:
        return None
    best = None
    for m, n in (pair, pair[::-1]):
        g1, g2 = _gcf(a * u**2 + m * u), _gcf(n * u + c)
        if sp.expand((a * u**2 + m * u) / g1 - (n * u + c) / g2) != 0:
            g2 = -g2
        units = sum(1 for g in (g1, g2) if g in (1, -1))
        if best is None or units < best[0]:
            best = (units, m, n)
    _, m, n = best
    split = sp.Add(a * u**2, m * u, n * u, c, evaluate=False)
    return split, f"Split the middle term: a*c = {a * c} = ({m})({n}) and {m} + {n} = {b}".replace("+ -", "- ")


@rule(FAMILY)
def ac_split_middle_term(state: State):
    """2x^2 - 3x - 2  ->  2x^2 + x - 4x - 2  (the ac method)"""
    e = _expr(state)
    if e is None or not is_poly(e):
        return []
    for i, f in _targets(e):
        out = _split_middle(f)
        if out is not None:
            fs = factors_of(e)
            new = out[0] if len(fs) == 1 else sp.Mul(*(fs[:i] + [out[0]] + fs[i + 1:]), evaluate=False)
            return [Move(Expression(new, state.label), out[1])]
    return []


def _grouped(f):
    """a*u + b*u (two groups sharing a bracket) from four terms as shown, else None."""
    if not isinstance(f, sp.Add) or len(f.args) != 4:
        return None
    ts = [value(t) for t in terms(f)]
    if any(not is_monomial(t) for t in ts):
        return None
    g1 = _gcf(sp.Add(ts[0], ts[1]))
    first = sp.expand((ts[0] + ts[1]) / g1)
    g2 = _gcf(sp.Add(ts[2], ts[3]))
    second = sp.expand((ts[2] + ts[3]) / g2)
    if sp.expand(first + second) == 0:
        g2, second = -g2, -second
    if sp.expand(first - second) != 0 or first.is_number:
        return None
    return sp.Add(sp.Mul(g1, first, evaluate=False), sp.Mul(g2, first, evaluate=False), evaluate=False)


@rule(FAMILY)
def factor_by_grouping_pairs(state: State):
    """2x^2 + x - 4x - 2  ->  x(2x + 1) - 2(2x + 1);   x^3 + 3x^2 + 2x + 6  ->  x^2(x + 3) + 2(x + 3)"""
    e = _expr(state)
    if e is None or not is_poly(e):
        return []
    fs = factors_of(e)
    for i, f in enumerate(fs):
        if not isinstance(f, sp.Add) or len(f.args) != 4:
            continue
        if plain(f) == plain(sp.expand(f)) and not _primitive(f):
            continue
        g = _grouped(f)
        if g is not None:
            new = g if len(fs) == 1 else sp.Mul(*(fs[:i] + [g] + fs[i + 1:]), evaluate=False)
            return [Move(Expression(new, state.label), "Group the terms in pairs and take out the common factor of each pair")]
    return []


@rule(FAMILY)
def factor_common_bracket(state: State):
    """x(2x + 1) - 2(2x + 1)  ->  (x - 2)(2x + 1)"""
    e = _expr(state)
    if e is None:
        return []
    fs = factors_of(e)
    for i, f in enumerate(fs):
        if not isinstance(f, sp.Add) or len(f.args) != 2 or not all(isinstance(t, sp.Mul) for t in f.args):
            continue
        (g1, *r1), (g2, *r2) = [list(t.args) for t in f.args]
        if len(r1) != 1 or len(r2) != 1 or not _same(r1[0], r2[0]) or not isinstance(r1[0], sp.Add):
            continue
        bracket = r1[0]
        return [Move(Expression(product(fs[:i] + [bracket, sp.expand(g1 + g2)] + fs[i + 1:]), state.label),
                     f"Take out the common factor ({plain(bracket)})")]
    return []


def _factor_theorem(p):
    syms = _symbols(p)
    if len(syms) != 1 or not _primitive(p):
        return None
    x = syms[0]
    poly = sp.Poly(p, x)
    if poly.degree() < 3 or len(poly.terms()) == 2:
        return None
    c = int(poly.coeff_monomial(1))
    lead = int(poly.LC())
    if c == 0:
        return None
    candidates = sorted({sp.Rational(s * d, l) for d in sp.divisors(abs(c)) for l in sp.divisors(abs(lead)) for s in (1, -1)}, key=lambda r: (abs(r), -r))
    for r in candidates:
        if poly.eval(r) == 0:
            linear = r.q * x - r.p
            quotient, rem = sp.div(poly, sp.Poly(linear, x))
            if rem.is_zero:
                return product([linear, quotient.as_expr()]), f"x = {r} makes it 0, so ({plain(linear)}) is a factor; divide to find the other factor"
    return None


@rule(FAMILY)
def factor_by_root(state: State):
    """x^3 - 6x^2 + 11x - 6  ->  (x - 1)(x^2 - 5x + 6)"""
    e = _expr(state)
    if e is None or not is_poly(e):
        return []
    for i, f in _targets(e):
        if len(f.args) == 4 and _grouped(f) is not None:
            continue  # grouping is the natural method here
        out = _factor_theorem(f)
        if out is not None:
            return [Move(Expression(_replace_factor(e, i, out[0]), state.label), out[1], cost=1.5)]
    return []
