"""The arithmetic rules' state and numbers: `Arith`, its value nodes, how it prints as typed, when it is answered.

The state is an `Arith` (an Expression that prints numbers as typed: fractions unreduced, mixed
numbers, decimals in decimal mode). Its tree uses these value nodes:
- integers; fractions `frac(a, b)` = Mul(a, Pow(b, -1)) kept unreduced; mixed numbers
  `UnevaluatedExpr(Add(w, frac(a, b)))`; simplified radicals c*sqrt(m);
- a huge exponent of 1, -1 or 0 is a positive integer Symbol (with its parity), so nothing
  ever computes 3^123456789: 1^N = 1, 0^N = 0 and (-1)^N = ±1 follow from its assumptions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import sympy as sp

from scenesmith.kinds.solution.steps.state import Expression, State


FAMILY = "arithmetic"
BIG: dict[str, tuple[str, str]] = {}  # Symbol name of a huge exponent -> (latex, text) as typed


@dataclass(frozen=True)
class Arith(Expression):
    """A number-only expression; `decimal` prints terminating fractions as decimals (the prompt was in decimals)."""

    decimal: bool = False

    def latex(self) -> str:
        body = show(self.expr, self.decimal)[0]
        return f"{self.label} {body}" if self.label else body

    def text(self) -> str:
        return show(self.expr, self.decimal)[1]


# ---------------------------------------------------------------------------------------------
# Value nodes
# ---------------------------------------------------------------------------------------------


def frac(a, b):
    """a/b kept as written (not reduced); an integer when b is 1."""
    a, b = int(a), int(b)
    if b == 0:
        raise ZeroDivisionError("a fraction with denominator 0")
    if b < 0:
        a, b = -a, -b
    if b == 1:
        return sp.Integer(a)
    return sp.Mul(sp.Integer(a), sp.Pow(sp.Integer(b), -1, evaluate=False), evaluate=False)


def as_frac(e):
    """(a, b) for an integer (b = 1) or a fraction node, else None."""
    if isinstance(e, sp.Integer):
        return int(e), 1
    if isinstance(e, sp.Rational):
        return int(e.p), int(e.q)
    if isinstance(e, sp.Mul) and len(e.args) == 2 and isinstance(e.args[0], sp.Integer):
        d = e.args[1]
        if isinstance(d, sp.Pow) and d.exp == -1 and isinstance(d.base, sp.Integer) and d.base > 1:
            return int(e.args[0]), int(d.base)
    return None


def mixed(w, a, b):
    return sp.UnevaluatedExpr(sp.Add(sp.Integer(w), frac(a, b), evaluate=False))


def mixed_parts(e):
    """(w, a, b) of a mixed-number node, else None."""
    if isinstance(e, sp.UnevaluatedExpr) and isinstance(e.args[0], sp.Add) and len(e.args[0].args) == 2:
        w, f = e.args[0].args
        ab = as_frac(f)
        if isinstance(w, sp.Integer) and ab:
            return int(w), ab[0], ab[1]
    return None


def odd_root(base, q: int, as_power: bool = False):
    """The real q-th root (q odd) of the negative number -base, worth -base^(1/q), shown as typed: cbrt(-8), or
    (-8)^(1/3) when `as_power` (the exponent is then the fraction node 1/3)."""
    exponent = frac(1, q) if as_power else sp.Rational(1, q)
    return sp.UnevaluatedExpr(sp.Mul(sp.S.NegativeOne, sp.Pow(base, exponent, evaluate=False), evaluate=False))


def odd_root_parts(e):
    """(base, q, as_power) of an odd_root node (the root of -base), else None."""
    if isinstance(e, sp.UnevaluatedExpr) and isinstance(e.args[0], sp.Mul) and len(e.args[0].args) == 2 and e.args[0].args[0] == -1:
        r = e.args[0].args[1]
        k = number(r.exp) if isinstance(r, sp.Pow) else None
        if k is not None and k.p == 1 and k.q % 2 == 1:
            return r.base, int(k.q), not isinstance(r.exp, sp.Rational)
    return None


def radical(e):
    """(c, m) for c*sqrt(m) with integer c and square-free m > 1 (c = 1 for sqrt(m)), else None."""
    if isinstance(e, sp.Pow) and e.exp == sp.S.Half and isinstance(e.base, sp.Integer) and e.base > 1:
        m = int(e.base)
        return (1, m) if square_part(m)[0] == 1 else None
    if isinstance(e, sp.Mul) and len(e.args) == 2 and isinstance(e.args[0], sp.Integer):
        inner = radical(e.args[1])
        if inner and inner[0] == 1:
            return int(e.args[0]), inner[1]
    return None


def is_value(e) -> bool:
    return as_frac(e) is not None or mixed_parts(e) is not None or radical(e) is not None or isinstance(e, sp.Symbol)


def number(e):
    """The exact value of a rational value node, else None."""
    ab = as_frac(e)
    if ab:
        return sp.Rational(*ab)
    m = mixed_parts(e)
    if m:
        w, a, b = m
        return sp.Integer(w) + sp.Rational(a, b)
    return None


def node(v, decimal: bool = False):
    """A value node for an exact rational (reduced)."""
    v = sp.Rational(v)
    return frac(v.p, v.q)


def square_part(m: int) -> tuple[int, int]:
    """(s, r) with m = s^2 * r and r square-free (m >= 1)."""
    s, r = 1, m
    for p, k in sp.factorint(m).items():
        s *= p ** (k // 2)
        r //= p ** (2 * (k // 2))
    return s, r


def terminating(q: int) -> bool:
    for p in (2, 5):
        while q % p == 0:
            q //= p
    return q == 1


def decimal_str(v: sp.Rational) -> str:
    digits = 0
    while (v * 10**digits).q != 1:
        digits += 1
    return f"{sp.N(v, 60):.{digits}f}" if digits else str(v.p)


def is_negative(e) -> bool:
    ab = as_frac(e)
    if ab:
        return ab[0] < 0
    if isinstance(e, sp.Mul) and e.args and (e.args[0] == -1 or (isinstance(e.args[0], sp.Integer) and e.args[0] < 0)):
        return True
    r = radical(e)
    return bool(r and r[0] < 0)


def negate(e):
    ab = as_frac(e)
    if ab:
        return frac(-ab[0], ab[1])
    if isinstance(e, sp.Mul) and e.args[0] == -1:
        rest = e.args[1:]
        return rest[0] if len(rest) == 1 else sp.Mul(*rest, evaluate=False)
    if isinstance(e, sp.Mul) and isinstance(e.args[0], sp.Integer) and e.args[0] < 0:
        return sp.Mul(-e.args[0], *e.args[1:], evaluate=False)
    return sp.Mul(sp.S.NegativeOne, e, evaluate=False)


# ---------------------------------------------------------------------------------------------
# Printing as typed
# ---------------------------------------------------------------------------------------------


def _wrap(shown, need):
    latex, text, prec = shown
    if prec < need:
        return rf"\left({latex}\right)", f"({text})", 4
    return shown


def show(e, decimal: bool = False) -> tuple[str, str, float]:
    """(latex, text, precedence): 1 sum, 1.5 negative, 2 product, 2.5 fraction, 3 power, 4 atom."""
    if isinstance(e, sp.Symbol):
        latex, text = BIG.get(e.name, (e.name, e.name))
        return latex, text, 3
    ab = as_frac(e)
    if ab:
        a, b = ab
        if b == 1:
            return str(a), str(a), 4 if a >= 0 else 1.5
        if decimal and terminating(b):
            s = decimal_str(sp.Rational(a, b))
            return s, s, 4 if a >= 0 else 1.5
        sign = "-" if a < 0 else ""
        return rf"{sign}\frac{{{abs(a)}}}{{{b}}}", f"{a}/{b}", 2.5 if a >= 0 else 1.5
    m = mixed_parts(e)
    if m:
        w, a, b = m
        return rf"{w}\frac{{{a}}}{{{b}}}", f"{w} {a}/{b}", 2.5
    root = odd_root_parts(e)
    if root:
        inner = negate(root[0])
        s = show(inner, decimal)
        if root[2]:
            return rf"\left({s[0]}\right)^{{\frac{{1}}{{{root[1]}}}}}", f"({s[1]})^(1/{root[1]})", 3
        if root[1] == 3:
            return rf"\sqrt[3]{{{s[0]}}}", f"cbrt({s[1]})", 4
        return rf"\sqrt[{root[1]}]{{{s[0]}}}", f"({s[1]})^(1/{root[1]})", 4
    if isinstance(e, sp.UnevaluatedExpr):
        return show(e.args[0], decimal)
    if isinstance(e, sp.Add):
        first = _wrap(show(e.args[0], decimal), 1)
        latex, text = first[0], first[1]
        for t in e.args[1:]:
            if is_negative(t):
                s = _wrap(show(negate(t), decimal), 1.5)
                latex, text = f"{latex} - {s[0]}", f"{text} - {s[1]}"
            else:
                s = _wrap(show(t, decimal), 1.5)
                latex, text = f"{latex} + {s[0]}", f"{text} + {s[1]}"
        return latex, text, 1
    if isinstance(e, sp.Mul):
        args = list(e.args)
        if args[0] == -1 and len(args) > 1:
            rest = args[1] if len(args) == 2 else sp.Mul(*args[1:], evaluate=False)
            s = _wrap(show(rest, decimal), 2)
            return f"-{s[0]}", f"-{s[1]}", 1.5
        if len(args) == 2 and isinstance(args[0], sp.Integer) and isinstance(args[1], sp.Pow) and args[1].exp == -1:
            num = show(args[0], decimal)
            den = _wrap(show(args[1].base, decimal), 2)
            return rf"\frac{{{num[0]}}}{{{den[0] if den[2] != 4 or not den[0].startswith(chr(92) + 'left') else show(args[1].base, decimal)[0]}}}", \
                f"{num[1]}/{_wrap(show(args[1].base, decimal), 3)[1]}", 2.5
        first = _wrap(show(args[0], decimal), 1.5)
        latex, text = first[0], first[1]
        prev = args[0]
        for f in args[1:]:
            if isinstance(f, sp.Pow) and f.exp == -1:
                s = _wrap(show(f.base, decimal), 2.5)
                latex, text = rf"{latex} \div {s[0]}", f"{text} ÷ {s[1]}"
            elif isinstance(f, sp.Pow) and f.exp in (sp.S.Half, sp.Rational(1, 3)) and isinstance(prev, sp.Integer):
                s = show(f, decimal)
                latex, text = f"{latex} {s[0]}", f"{text}*{s[1]}"
            else:
                s = _wrap(show(f, decimal), 2)
                latex, text = rf"{latex} \times {s[0]}", f"{text} × {s[1]}"
            prev = f
        return latex, text, 2
    if isinstance(e, sp.Pow):
        b, x = e.args
        if x == sp.S.Half:
            s = show(b, decimal)
            return rf"\sqrt{{{s[0]}}}", f"sqrt({s[1]})", 4
        if x == sp.Rational(1, 3):
            s = show(b, decimal)
            return rf"\sqrt[3]{{{s[0]}}}", f"cbrt({s[1]})", 4
        if x == -1:
            s = _wrap(show(b, decimal), 3)
            return rf"\frac{{1}}{{{show(b, decimal)[0]}}}", f"1/{s[1]}", 2.5
        base = _wrap(show(b, decimal), 3.5)
        ex = show(x, decimal)
        ext = ex[1] if ex[2] == 4 else f"({ex[1]})"
        return f"{base[0]}^{{{ex[0]}}}", f"{base[1]}^{ext}", 3
    if isinstance(e, sp.log):
        arg = _wrap(show(e.args[0], decimal), 3)
        if len(e.args) == 2:
            base = show(e.args[1], decimal)
            return rf"\log_{{{base[0]}}} {arg[0]}", f"log_{base[1]}({show(e.args[0], decimal)[1]})", 4
        return rf"\ln {arg[0]}", f"ln({show(e.args[0], decimal)[1]})", 4
    if isinstance(e, sp.Abs):
        s = show(e.args[0], decimal)
        return rf"\left|{s[0]}\right|", f"|{s[1]}|", 4
    if isinstance(e, sp.factorial):
        s = _wrap(show(e.args[0], decimal), 4)
        return f"{s[0]}!", f"{s[1]}!", 4
    return sp.latex(e), sp.sstr(e), 1


# ---------------------------------------------------------------------------------------------
# Caption text
# ---------------------------------------------------------------------------------------------


def t(e, state) -> str:
    return show(e, state.decimal)[1]


def _base(e, state) -> str:
    s = show(e, state.decimal)
    return f"({s[1]})" if s[2] < 3.5 else s[1]


def _paren(e, state) -> str:
    s = show(e, state.decimal)
    return f"({s[1]})" if s[2] < 2 else s[1]


# ---------------------------------------------------------------------------------------------
# The goal
# ---------------------------------------------------------------------------------------------


def answered(state: State) -> bool:
    """A simplified number: an integer, a fraction in lowest terms, or c*sqrt(m) with m square-free."""
    if not isinstance(state, Arith):
        return False
    e = state.expr
    ab = as_frac(e)
    if ab:
        return math.gcd(*ab) == 1 or ab[1] == 1
    return radical(e) is not None
