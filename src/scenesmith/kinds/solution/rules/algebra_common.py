"""Shared helpers of the algebra rules: polynomial tests, answer text, the simplified form, ordered products.

Factored forms are products built unevaluated with a fixed factor order (numbers, monomials, then
factors by degree and coefficients), so '(x - 4)(x - 3)', '2x(x - 2)(x + 2)', '(x - 2)(2x + 1)'.
"""

from __future__ import annotations

import sympy as sp

from scenesmith.kinds.solution.steps.display import plain
from scenesmith.kinds.solution.steps.state import Expression, State


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


def _monomial_text(t) -> str | None:
    """c*x^a*y^b with an integer c as a student writes it, letters in alphabetical order: '12x^3y^4', '-2xy^2'; else None."""
    c, rest = t.as_coeff_Mul()
    powers = rest.as_powers_dict() if rest != 1 else {}
    if not c.is_Integer or any(not isinstance(b, sp.Symbol) or not (k.is_Integer and k > 0) for b, k in powers.items()):
        return None
    letters = "".join(f"{b}" if k == 1 else f"{b}^{k}" for b, k in sorted(powers.items(), key=lambda bk: bk[0].name))
    number = "" if abs(c) == 1 and letters else str(abs(c))
    return ("-" if c < 0 else "") + number + letters


def _polynomial_text(e) -> str | None:
    """A polynomial shown multiplied out, each term as a student writes it ('12x^3y^4', 'x^2y + 2xy'); else None."""
    v = value(e)
    if v.is_number or not is_poly(v) or plain(e) != plain(sp.expand(v)):
        return None
    texts = [_monomial_text(t) for t in sp.expand(v).as_ordered_terms(order="lex")]
    if any(t is None for t in texts):
        return None
    out = texts[0]
    for t in texts[1:]:
        out += f" - {t[1:]}" if t.startswith("-") else f" + {t}"
    return out


def answer_text(e) -> str:
    """Plain text of a result; fractions read a/b ('1/x^2', '(x - 1)/(x + 1)'); monomials '12x^3y^4', never '12x^3*y^4'."""
    e = sp.sympify(e)
    text = plain(e)
    text = _polynomial_text(e) or text
    if "/" not in text and "^(-" not in text:
        return text
    num, den = sp.fraction(value(e))
    if den == 1:
        return text
    n, d = plain(num), plain(den)
    n = n if (" " not in n or isinstance(num, sp.Mul) and n.endswith(")")) else f"({n})"
    d = d if (" " not in d and "*" not in d) else (d if d.startswith("(") and d.endswith(")") and d.count("(") == 1 else f"({d})")
    if isinstance(den, sp.Mul) and not d.startswith("("):
        d = f"({d})"  # 1/(2x), never '1/2x', which reads as x/2
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
