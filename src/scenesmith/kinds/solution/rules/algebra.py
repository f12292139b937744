"""Rules: algebra on expression states: expand (distribute, FOIL, binomial powers), combine like terms,
laws of exponents, simplify rational expressions (factor, cancel), rationalise a denominator, and factor
(greatest common factor, difference of squares, perfect squares, sums and differences of cubes,
trinomials, the ac method and grouping).

Every rule returns [] on `Relations` states: the equations task lists this family too.
Factored forms are products built unevaluated with a fixed factor order (numbers, monomials, then
factors by degree and coefficients), so '(x - 4)(x - 3)', '2x(x - 2)(x + 2)', '(x - 2)(2x + 1)'.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from scenesmith.kinds.solution.steps.display import plain
from scenesmith.kinds.solution.steps.search import rule
from scenesmith.kinds.solution.steps.sides import add, terms
from scenesmith.kinds.solution.steps.state import Expression, Move, State

FAMILY = "algebra"
MAX_TERMS = 40  # a product whose expansion would show more terms than this is not expanded


# ---------------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------------


def value(e):
    return sp.sympify(e).doit()


def _symbols(e) -> list:
    return sorted(sp.sympify(e).free_symbols, key=lambda s: s.name)


def is_poly(e) -> bool:
    e = value(e)
    syms = _symbols(e)
    return bool(syms) and e.is_polynomial(*syms)


def _poly(e):
    e = sp.expand(value(e))
    return sp.Poly(e, *_symbols(e))


def is_monomial(e) -> bool:
    """A single term c*x^a*y^b with integer a, b >= 0, as built (no sums inside)."""
    e = sp.sympify(e)
    if e.has(sp.Add):
        return False
    v = value(e)
    return v.is_number or (is_poly(v) and len(sp.Add.make_args(sp.expand(v))) == 1)


def paren(text: str) -> str:
    """Brackets around anything but a single letter or number, for a base shown with a power: (2x)^2."""
    return text if (text.isalpha() and len(text) == 1 or text.isdigit()) else f"({text})"


def answer_text(e) -> str:
    """Plain text of a result; fractions read a/b ('1/x^2', '(x - 1)/(x + 1)')."""
    e = sp.sympify(e)
    text = plain(e)
    if "/" not in text and "^(-" not in text:
        return text
    num, den = sp.fraction(value(e))
    if den == 1:
        return text
    n, d = plain(num), plain(den)
    n = n if (" " not in n or isinstance(num, sp.Mul) and n.endswith(")")) else f"({n})"
    d = d if (" " not in d and "*" not in d) else (d if d.startswith("(") and d.endswith(")") and d.count("(") == 1 else f"({d})")
    return f"{n}/{d}"


def final_form(v):
    """The simplified form of a value: a polynomial multiplied out in order of degree, or a reduced fraction N/D."""
    v = value(v)
    syms = _symbols(v)
    if not syms or v.is_polynomial(*syms):
        return sp.expand(v)
    n, d = sp.fraction(sp.cancel(sp.together(v)))
    if d.is_number:
        return sp.expand(n / d)
    n_f = sp.expand(n) if len(sp.Add.make_args(sp.expand(n))) == 1 else factored(n)
    d_f = sp.expand(d) if len(sp.Add.make_args(sp.expand(d))) == 1 else factored(d)
    return sp.Mul(n_f, sp.Pow(d_f, -1, evaluate=False), evaluate=False)


def _expr(state: State):
    return state.expr if isinstance(state, Expression) else None


def _same(a, b) -> bool:
    return sp.srepr(a) == sp.srepr(b)


# ---------------------------------------------------------------------------------------------
# Products in a fixed order
# ---------------------------------------------------------------------------------------------


def _factor_key(f):
    base = f.base if isinstance(f, sp.Pow) and f.exp.is_Integer else f
    try:
        p = _poly(base)
        coeffs = tuple(float(c) for c in p.coeffs())
        return (p.total_degree(), len(p.terms()), coeffs, plain(base))
    except (sp.PolynomialError, ValueError, TypeError):
        return (99, 99, (), plain(base))


def product(factors) -> sp.Basic:
    """An unevaluated product: one number first, monomials merged, equal factors as powers, the rest in a fixed order."""
    coeff = sp.S.One
    mono = sp.S.One
    counts: dict[str, list] = {}
    for f in factors:
        f = sp.sympify(f)
        for g in (sp.Mul.make_args(f) if isinstance(f, sp.Mul) else [f]):
            if g.is_number:
                coeff *= g
            elif is_monomial(g):
                c, m = value(g).as_coeff_Mul()
                coeff *= c
                mono *= m
            else:
                base, exp = (g.base, g.exp) if isinstance(g, sp.Pow) and g.exp.is_Integer and g.exp > 0 else (g, sp.S.One)
                key = sp.srepr(base)
                if key in counts:
                    counts[key][1] += exp
                else:
                    counts[key] = [base, exp]
    rest = [b if e == 1 else sp.Pow(b, e, evaluate=False) for b, e in counts.values()]
    monos = [m for m in sp.Mul.make_args(mono) if m != 1]
    monos.sort(key=lambda m: m.as_base_exp()[0].name if isinstance(m.as_base_exp()[0], sp.Symbol) else "")
    rest.sort(key=_factor_key)
    args = ([coeff] if coeff != 1 else []) + monos + rest
    if not args:
        return sp.S.One
    if len(args) == 1:
        return args[0]
    if coeff == -1 and len(args) == 2 and not isinstance(args[1], sp.Add):
        return value(sp.Mul(*args))
    return sp.Mul(*args, evaluate=False)


def factors_of(e) -> list:
    e = sp.sympify(e)
    return list(e.args) if isinstance(e, sp.Mul) else [e]


def factored(p):
    """SymPy's full factorisation over the integers, in the fixed order."""
    coeff, items = sp.factor_list(sp.expand(p))
    return product([coeff] + [b if k == 1 else sp.Pow(b, k, evaluate=False) for b, k in items])


def is_irreducible(p) -> bool:
    """A primitive polynomial that does not factor over the integers (x, x + 3, x^2 + 1)."""
    p = sp.expand(value(p))
    if p.is_number or not is_poly(p):
        return False
    coeff, items = sp.factor_list(p)
    return coeff == 1 and len(items) == 1 and items[0][1] == 1


def fully_factored(e) -> bool:
    """Every factor is a number, or a polynomial shown multiplied out that does not factor further."""
    e = sp.sympify(e)
    numbers = 0
    for f in factors_of(e):
        base = f.base if isinstance(f, sp.Pow) and f.exp.is_Integer and f.exp > 0 else f
        if base.is_number:
            numbers += 1
            if not base.is_Rational:
                return False
            continue
        if not is_poly(base) or plain(base) != plain(sp.expand(base)) or not is_irreducible(base):
            return False
    return numbers <= 1


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


def _square_root(term):
    """r with r^2 = term for a monomial with a positive square coefficient and even exponents, else None."""
    c, m = term.as_coeff_Mul()
    if not c.is_Rational or c <= 0 or not c.is_Integer:
        return None
    r = sp.sqrt(c)
    if not r.is_Integer:
        return None
    root = r
    for b, e in m.as_powers_dict().items():
        if b == 1:
            continue
        if not isinstance(b, sp.Symbol) or e % 2:
            return None
        root *= b ** (e // 2)
    return root


def _cube_root(term):
    """r with r^3 = term (sign included) for a monomial, else None."""
    c, m = term.as_coeff_Mul()
    if not c.is_Integer:
        return None
    r = sp.integer_nthroot(abs(int(c)), 3)
    if not r[1]:
        return None
    root = sp.Integer(r[0]) * (1 if c > 0 else -1)
    for b, e in m.as_powers_dict().items():
        if b == 1:
            continue
        if not isinstance(b, sp.Symbol) or e % 3:
            return None
        root *= b ** (e // 3)
    return root


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


# ---------------------------------------------------------------------------------------------
# Expanding and combining
# ---------------------------------------------------------------------------------------------


def _is_sum_power(f) -> bool:
    return isinstance(f, sp.Pow) and isinstance(f.base, sp.Add) and f.exp.is_Integer and f.exp >= 2


def _flat_factors(t) -> list:
    """The factors of a product as typed, nested products opened: -2(x - 3) gives [-1, 2, x - 3]."""
    out = []
    for f in sp.Mul.make_args(t):
        out.extend(_flat_factors(f) if isinstance(f, sp.Mul) else [f])
    return out


def _has_product(t) -> bool:
    """A term with a bracketed sum to multiply out: 2(x + 3), (x + 1)(x - 2), -(x + 3), (x - 3)^2."""
    if _is_sum_power(t):
        return True
    if not isinstance(t, sp.Mul):
        return False
    fs = _flat_factors(t)
    if any(isinstance(f, sp.Pow) and f.exp.is_negative and not f.base.is_number for f in fs):
        return False
    return any(isinstance(f, sp.Add) or _is_sum_power(f) for f in fs)


def _expand_count(t) -> int:
    n = 1
    for f in sp.Mul.make_args(t):
        if isinstance(f, sp.Add):
            n *= len(f.args)
        elif _is_sum_power(f):
            n *= len(f.base.args) ** int(f.exp)
    return n


def _binomial_power(f):
    """(a + b)^2 or (a + b)^3 multiplied out, with its caption; None for other powers."""
    base, n = f.base, int(f.exp)
    if len(base.args) != 2 or n > 3:
        return None
    ts = terms(base)
    a, b = value(ts[0]), value(ts[1])
    if n == 2:
        caption = "Square the binomial: (a - b)^2 = a^2 - 2ab + b^2" if b.could_extract_minus_sign() else "Square the binomial: (a + b)^2 = a^2 + 2ab + b^2"
        out = [a**2, 2 * a * b, b**2]
    else:
        caption = "Cube the binomial: (a + b)^3 = a^3 + 3a^2b + 3ab^2 + b^3"
        out = [a**3, 3 * a**2 * b, 3 * a * b**2, b**3]
    return [sp.expand(t) for t in out], caption


def _expand_term(t):
    """(new terms, caption) for one term with brackets, or None."""
    t = sp.sympify(t)
    if _expand_count(t) > MAX_TERMS:
        return None
    if _is_sum_power(t):
        out = _binomial_power(t)
        if out is not None:
            return out
        n = int(t.exp)
        if n > 4:
            return None
        return [sp.Mul(*([t.base] * n), evaluate=False)], f"Write ({plain(t.base)})^{n} as a product of {n} brackets"
    fs = _flat_factors(t)
    numbers = [f for f in fs if f.is_number]
    if len(numbers) > 1:
        fs = [value(sp.Mul(*numbers))] + [f for f in fs if not f.is_number]
    for i, f in enumerate(fs):
        if _is_sum_power(f):
            out = _binomial_power(f)
            if out is None:
                n = int(f.exp)
                if n > 4:
                    return None
                new = sp.Mul(*([f.base] * n), evaluate=False)
                caption = f"Write ({plain(f.base)})^{n} as a product of {n} brackets"
            else:
                new, caption = sp.expand(add(*out[0])), out[1]
            return [sp.Mul(*(fs[:i] + [new] + fs[i + 1:]), evaluate=False)], caption
    sums = [f for f in fs if isinstance(f, sp.Add)]
    others = [f for f in fs if not isinstance(f, sp.Add)]
    mono = value(sp.Mul(*others)) if others else sp.S.One
    if len(sums) >= 3 or (len(sums) == 2 and mono != 1):
        a, b = sums[0], sums[1]
        ab = sp.expand(value(a) * value(b))
        rest = [f for f in fs if f is not a and f is not b]
        which = "first two brackets" if len(sums) >= 3 else "brackets"
        caption = f"Multiply the {which}: ({plain(a)})({plain(b)}) = {plain(ab)}"
        idx = fs.index(a)
        new_fs = fs[:idx] + [ab] + [f for f in fs[idx + 1:] if f is not b]
        del rest
        return [sp.Mul(*new_fs, evaluate=False)], caption
    if len(sums) == 2:
        a, b = sums
        out = [sp.expand(value(u) * value(v)) for u in terms(a) for v in terms(b)]
        caption = "Multiply out the brackets (FOIL)" if len(a.args) == len(b.args) == 2 else "Multiply each term of the first bracket by each term of the second"
        return out, caption
    if len(sums) == 1:
        out = [sp.expand(mono * value(u)) for u in terms(sums[0])]
        if mono == -1:
            caption = "Distribute the minus sign"
        elif mono.is_Rational and mono.p == 1:
            caption = f"Divide each term by {mono.q}"
        else:
            caption = f"Distribute {plain(mono)}"
        return out, caption
    return None


def _with_like_terms_kept(items) -> sp.Basic:
    items = [value(t) if is_monomial(t) and plain(t) == plain(value(t)) else sp.sympify(t) for t in items]
    items = [t for t in items if t != 0] or [sp.S.Zero]
    return add(*items)


@rule(FAMILY)
def expand_brackets(state: State):
    """2(x + 3) - 4x  ->  2x + 6 - 4x;   (x + 2)(x - 5)  ->  x^2 - 5x + 2x - 10"""
    e = _expr(state)
    if e is None:
        return []
    ts = terms(e)
    for i, t in enumerate(ts):
        if not _has_product(t):
            continue
        out = _expand_term(t)
        if out is None:
            return []
        new, caption = out
        if len(ts) == 1 and len(new) == 1:
            return [Move(Expression(new[0], state.label), caption)]
        return [Move(Expression(_with_like_terms_kept(ts[:i] + list(new) + ts[i + 1:]), state.label), caption)]
    return []


def _flat_terms(e) -> list | None:
    """The terms of a sum when each is a single evaluated monomial, else None."""
    ts = terms(e)
    out = []
    for t in ts:
        if t.has(sp.Add) or not is_monomial(t) or isinstance(t, sp.Pow) and t.exp.is_negative:
            return None
        if plain(t) != plain(value(t)):
            return None
        out.append(value(t))
    return out


@rule(FAMILY)
def collect_like_terms(state: State):
    """2x + 6 - 4x  ->  -2x + 6"""
    e = _expr(state)
    if e is None:
        return []
    ts = _flat_terms(e)
    if ts is None or len(ts) < 2:
        return []
    total = sp.expand(value(e))
    if len(sp.Add.make_args(total)) >= len(ts) and total != 0:
        return []
    return [Move(Expression(total, state.label), "Combine like terms")]


@rule(FAMILY)
def order_terms(state: State):
    """3 + x^2  ->  x^2 + 3"""
    e = _expr(state)
    if e is None:
        return []
    ts = _flat_terms(e)
    if ts is None or len(ts) < 2:
        return []
    total = sp.expand(value(e))
    if len(sp.Add.make_args(total)) != len(ts) or plain(total) == plain(e):
        return []
    return [Move(Expression(total, state.label), "Write the terms in order of degree", cost=0.5)]


# ---------------------------------------------------------------------------------------------
# Laws of exponents (innermost first)
# ---------------------------------------------------------------------------------------------


def _rebuild(e, fn):
    """Apply fn to the first sub-expression (innermost first) where it fits: (new tree, caption, checks) or None."""
    e = sp.sympify(e)
    for i, a in enumerate(e.args):
        if isinstance(a, sp.Basic) and not a.is_Atom:
            out = _rebuild(a, fn)
            if out is not None:
                args = list(e.args)
                args[i] = out[0]
                try:
                    return e.func(*args, evaluate=False), out[1], out[2]
                except TypeError:
                    return e.func(*args), out[1], out[2]
    hit = fn(e)
    return None if hit is None else (hit[0], hit[1], hit[2] if len(hit) > 2 else ())


def _exponent_moves(state: State, fn) -> list[Move]:
    e = _expr(state)
    if e is None:
        return []
    out = _rebuild(e, fn)
    if out is None:
        return []
    return [Move(Expression(out[0], state.label), out[1], checks=tuple(out[2]))]


def _is_power_of_symbol(f) -> bool:
    return isinstance(f, sp.Symbol) or (isinstance(f, sp.Pow) and isinstance(f.base, sp.Symbol) and f.exp.is_Integer)


def _nonzero(bases) -> tuple[str, ...]:
    names = sorted({str(b) for b in bases})
    return (", ".join(f"{n} ≠ 0" for n in names) + " (the expression is undefined there)",) if names else ()


def _power_of_power(e):
    if isinstance(e, sp.Pow) and isinstance(e.base, sp.Pow) and isinstance(e.base.base, sp.Symbol) and e.exp.is_Integer and e.base.exp.is_Integer and e.base.exp > 0 and e.exp > 0:
        m, n = e.base.exp, e.exp
        return sp.Pow(e.base.base, m * n), f"Power rule: multiply the exponents, {m} * {n} = {m * n}"
    return None


@rule(FAMILY)
def law_power_of_power(state: State):
    """(x^2)^3  ->  x^6"""
    return _exponent_moves(state, _power_of_power)


def _power_of_product(e):
    if not (isinstance(e, sp.Pow) and isinstance(e.base, sp.Mul) and e.exp.is_Integer and e.exp > 1):
        return None
    if e.base.has(sp.Add) or not all(f.is_Rational or _is_power_of_symbol(f) for f in e.base.args):
        return None
    n = e.exp
    return value(e), f"Raise each factor to the power {n}: multiply each exponent by {n}"


@rule(FAMILY)
def law_power_of_product(state: State):
    """(2x^3)^2  ->  4x^6"""
    return _exponent_moves(state, _power_of_product)


def _mul_parts(e):
    """(numerator factors, denominator factors) of a product of numbers and powers of letters, else None."""
    if not isinstance(e, sp.Mul) or e.has(sp.Add):
        return None
    top, bottom = [], []
    for f in e.args:
        if isinstance(f, sp.Pow) and f.exp == -1:
            inner = f.base
            parts = inner.args if isinstance(inner, sp.Mul) else (inner,)
            if not all(p.is_Rational or _is_power_of_symbol(p) for p in parts):
                return None
            bottom.extend(parts)
        elif f.is_Rational or _is_power_of_symbol(f):
            top.append(f)
        else:
            return None
    return top, bottom


def _product_rule(e):
    parts = _mul_parts(e)
    if parts is None or parts[1]:
        return None
    top = parts[0]
    bases = [f if isinstance(f, sp.Symbol) else f.base for f in top if not f.is_number]
    numbers = [f for f in top if f.is_number]
    if len(bases) == len(set(bases)) and len(numbers) < 2:
        return None
    if any(isinstance(f, sp.Pow) and f.exp < 0 for f in top if not f.is_number):
        return None
    caption = "Multiply the coefficients and add the exponents of each letter" if len(numbers) >= 2 else "Product rule: add the exponents of the same base"
    return value(e), caption


@rule(FAMILY)
def law_product_of_powers(state: State):
    """x^3 * x^5  ->  x^8;   (3x^2y)(4xy^3)  ->  12x^3y^4"""
    return _exponent_moves(state, _product_rule)


def _quotient_rule(e):
    parts = _mul_parts(e)
    if parts is None or not parts[1]:
        return None
    top, bottom = parts
    letters = [f if isinstance(f, sp.Symbol) else f.base for f in bottom if not f.is_number]
    if not letters:
        return None
    v = value(e)
    new = final_form(v)
    has_numbers = any(f.is_number and f != 1 for f in bottom)
    caption = "Quotient rule: divide the coefficients and subtract the exponents" if has_numbers else "Quotient rule: subtract the exponents of the same base"
    return new, caption, _nonzero(letters)


@rule(FAMILY)
def law_quotient_of_powers(state: State):
    """x^7 / x^3  ->  x^4"""
    return _exponent_moves(state, _quotient_rule)


def _zero_power(e):
    if isinstance(e, sp.Pow) and e.exp == 0 and not e.base.is_number:
        return sp.S.One, f"Zero exponent: anything nonzero to the power 0 is 1", (f"{plain(e.base)} ≠ 0 (0^0 is undefined)",)
    return None


@rule(FAMILY)
def law_zero_exponent(state: State):
    """x^0  ->  1"""
    return _exponent_moves(state, _zero_power)


def _negative_power(e):
    if isinstance(e, sp.Pow) and e.exp.is_Integer and e.exp < -1 and _is_power_of_symbol(e.base):
        n = -e.exp
        return sp.Pow(sp.Pow(e.base, n), -1, evaluate=False), f"Negative exponent: a^(-{n}) = 1/a^{n}", _nonzero([e.base])
    return None


@rule(FAMILY)
def law_negative_exponent(state: State):
    """x^(-2)  ->  1/x^2"""
    return _exponent_moves(state, _negative_power)


# ---------------------------------------------------------------------------------------------
# Rational expressions and denominators
# ---------------------------------------------------------------------------------------------


def _fraction_parts(e):
    """(numerator, denominator) of a top-level quotient with a polynomial denominator that is a sum, else None."""
    if not isinstance(e, sp.Mul):
        return None
    top, bottom = [], []
    for f in e.args:
        if isinstance(f, sp.Pow) and f.exp.is_Integer and f.exp < 0 and not f.base.is_number:
            bottom.append(sp.Pow(f.base, -f.exp, evaluate=False) if f.exp != -1 else f.base)
        else:
            top.append(f)
    if not bottom:
        return None
    n = top[0] if len(top) == 1 else sp.Mul(*top, evaluate=False) if top else sp.S.One
    d = bottom[0] if len(bottom) == 1 else sp.Mul(*bottom, evaluate=False)
    if not (is_poly(d) or value(d).is_number) or not (is_poly(n) or value(n).is_number):
        return None
    if not value(d).has(sp.Symbol) or not sp.sympify(d).has(sp.Add) and not sp.sympify(n).has(sp.Add):
        return None
    return n, d


def _quotient(n, d):
    return sp.Mul(n, sp.Pow(d, -1, evaluate=False), evaluate=False)


@rule(FAMILY)
def factor_fraction_parts(state: State):
    """(x^2 - 9)/(x - 3)  ->  (x - 3)(x + 3)/(x - 3)"""
    e = _expr(state)
    if e is None:
        return []
    parts = _fraction_parts(e)
    if parts is None:
        return []
    n, d = parts
    if sp.gcd(sp.expand(value(n)), sp.expand(value(d))).is_number:
        return []
    nf, df = factored(value(n)), factored(value(d))
    changed = [name for name, old, new in (("numerator", n, nf), ("denominator", d, df)) if plain(old) != plain(new)]
    if not changed:
        return []
    caption = "Factor the numerator and the denominator" if len(changed) == 2 else f"Factor the {changed[0]}"
    return [Move(Expression(_quotient(nf, df), state.label), caption)]


@rule(FAMILY)
def cancel_fraction_factors(state: State):
    """(x - 3)(x + 3)/(x - 3)  ->  x + 3"""
    e = _expr(state)
    if e is None:
        return []
    parts = _fraction_parts(e)
    if parts is None:
        return []
    n, d = parts
    if plain(n) != plain(factored(value(n))) or plain(d) != plain(factored(value(d))):
        return []
    g = sp.gcd(sp.expand(value(n)), sp.expand(value(d)))
    if g.is_number:
        return []
    common = [b for b, _ in sp.factor_list(g)[1]]
    shown = ", ".join(f"({plain(c)})" for c in sorted(common, key=_factor_key))
    checks = []
    for c in common:
        roots = sp.solve(c, _symbols(c)[0]) if len(_symbols(c)) == 1 and sp.degree(c) == 1 else None
        if roots:
            checks.append(f"{_symbols(c)[0]} ≠ {plain(roots[0])}: ({plain(c)}) was cancelled, and the original is undefined there")
        else:
            checks.append(f"{plain(c)} ≠ 0: ({plain(c)}) was cancelled, and the original is undefined there")
    word = "factor" if len(common) == 1 else "factors"
    return [Move(Expression(final_form(value(e)), state.label), f"Cancel the common {word} {shown}", checks=tuple(checks))]


def _surd_denominator(e):
    if not isinstance(e, sp.Mul):
        return None
    for f in e.args:
        if isinstance(f, sp.Pow) and f.exp == -1:
            c, r = f.base.as_coeff_Mul()
            if isinstance(r, sp.Pow) and r.exp == sp.S.Half and r.base.is_Integer and r.base > 1:
                return r
    return None


@rule(FAMILY)
def rationalise_surd_denominator(state: State):
    """x/sqrt(3)  ->  sqrt(3)x/3"""
    e = _expr(state)
    if e is None:
        return []
    r = _surd_denominator(e)
    if r is None:
        return []
    return [Move(Expression(final_form(value(e)), state.label), f"Multiply the top and bottom by {plain(r)} to clear the root from the denominator")]
