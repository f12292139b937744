"""How expressions look: LaTeX that keeps an unevaluated expression as built, and plain text for captions and answers."""

from __future__ import annotations

import re

import sympy as sp
from sympy.printing.str import StrPrinter


def _is_canonical_add(e: sp.Basic) -> bool:
    """True for a sum SymPy built itself (evaluating it again changes nothing, not even the order)."""
    try:
        rebuilt = sp.Add(*e.args)
    except Exception:  # pragma: no cover - defensive
        return False
    if not isinstance(rebuilt, sp.Add) or len(rebuilt.args) != len(e.args):
        return False
    return all(p == q and sp.srepr(p) == sp.srepr(q) for p, q in zip(rebuilt.args, e.args))


def ordered(e):
    """Rebuild `e` so that LaTeX with order='none' prints evaluated sums by descending degree, built sums as built."""
    if not isinstance(e, sp.Basic) or e.is_Atom:
        return e
    if isinstance(e, sp.Add):
        terms = e.as_ordered_terms(order="lex") if _is_canonical_add(e) else list(e.args)
        return sp.Add(*[ordered(t) for t in terms], evaluate=False)
    if isinstance(e, sp.Mul):
        args = [ordered(a) for a in e.args]
        if len(args) > 1 and any(a == 1 for a in args):
            args = [a for a in args if a != 1] or [sp.S.One]
        if len(args) == 1:
            return args[0]
        return sp.Mul(*args, evaluate=False)
    if isinstance(e, sp.Pow):
        return sp.Pow(ordered(e.base), ordered(e.exp), evaluate=False)
    try:
        return e.func(*[ordered(a) for a in e.args], evaluate=False)
    except TypeError:
        return e


def tex(e) -> str:
    """LaTeX of an expression as built (unevaluated parts keep their order and form)."""
    e = sp.sympify(e)
    try:
        return sp.latex(ordered(e), order="none", ln_notation=True)
    except Exception:  # printing an odd unevaluated tree: fall back to the evaluated form
        return sp.latex(e, order="lex", ln_notation=True)


def label_latex(label: str) -> str:
    """A step label such as '15% of 80 =' or 'f(4) =' as LaTeX: % escaped, words set as text."""
    label = re.sub(r"(?<!\\)%", r"\\%", label)
    label = re.sub(r"\^(-?\d+)", r"^{\1}", label)
    return re.sub(r"(?<![\\A-Za-z])([A-Za-z]{2,})(?![A-Za-z(])", r"\\text{ \1 }", label)


def _bars(s: str) -> str:
    while "Abs(" in s:
        i = s.index("Abs(")
        depth, j = 0, i + 3
        for j in range(i + 3, len(s)):
            if s[j] == "(":
                depth += 1
            elif s[j] == ")":
                depth -= 1
                if depth == 0:
                    break
        s = s[:i] + "|" + s[i + 4 : j] + "|" + s[j + 1 :]
    return s


class _PlainPrinter(StrPrinter):
    """SymPy's str printer, with the natural log written ln (a student reads 'log' as base 10)."""

    def _print_log(self, expr):
        if len(expr.args) == 1:
            return f"ln({self._print(expr.args[0])})"
        return f"log({self._print(expr.args[0])}, {self._print(expr.args[1])})"

    def _print_Exp1(self, expr):
        return "e"  # Euler's number alone: x = e (SymPy writes E)


def plain(e) -> str:
    """Readable plain text: 3x^4 - 2x + 1, sqrt(x + 5), |x - 3|, 2/3."""
    e = sp.sympify(e)
    try:
        s = _PlainPrinter({"order": "none"}).doprint(ordered(e))
    except Exception:
        s = _PlainPrinter({"order": "lex"}).doprint(e)
    s = s.replace("**", "^")
    s = re.sub(r"(?<![\w.^/])(\d+)\*(?=[A-Za-z(|])(?!sqrt|log|sin|cos|tan|exp|pi)", r"\1", s)
    s = re.sub(r"\)\*\(", ")(", s)
    s = re.sub(r"(?<![A-Za-z])([A-Za-z])\*\(", r"\1(", s)
    s = re.sub(r"(?<![A-Za-z])([A-Za-z])\*([A-Za-z])(?![A-Za-z(])", r"\1\2", s)
    s = s.replace("E^", "e^").replace("exp(", "e^(")
    s = re.sub(r"(?<![A-Za-z])e\^\((\d+)\)", r"e^\1", s)  # e^(2) -> e^2
    return re.sub(r"\bln\(\|([^()|]*)\|\)", r"ln|\1|", _bars(s))  # ln(|x|) -> ln|x|


def radical_parts(r):
    """Split a real number as p + q*sqrt(m) with rational p, q (m None when rational); None for other numbers."""
    r = sp.expand(sp.sympify(r))
    p, q, m = sp.S.Zero, sp.S.Zero, None
    for t in sp.Add.make_args(r):
        if t.is_Rational:
            p += t
            continue
        c, rest = t.as_coeff_Mul()
        if c.is_Rational and isinstance(rest, sp.Pow) and rest.exp == sp.S.Half and rest.base.is_Integer and rest.base > 0 and (m is None or m == rest.base):
            m = rest.base
            q += c
            continue
        return None
    if m is None or q == 0:
        return p, sp.S.Zero, None
    return p, q, m


def number_text(r) -> str:
    """Plain text of an exact number: 5, -3/2, (-3 - sqrt(41))/4, 2 - sqrt(5), 3*pi."""
    r = sp.sympify(r)
    parts = radical_parts(r)
    if parts is None or parts[2] is None:
        return plain(r)
    p, q, m = parts
    d = sp.ilcm(p.q, q.q)
    P, Q = int(p * d), int(q * d)
    rad = f"sqrt({m})" if abs(Q) == 1 else f"{abs(Q)}*sqrt({m})"
    if P == 0:
        num = rad if Q > 0 else f"-{rad}"
        return num if d == 1 else f"{num}/{d}"
    num = f"{P} {'+' if Q > 0 else '-'} {rad}"
    return num if d == 1 else f"({num})/{d}"


def number_latex(r) -> str:
    """LaTeX of an exact number: \\frac{-3 - \\sqrt{41}}{4}, 2 - \\sqrt{5}."""
    r = sp.sympify(r)
    parts = radical_parts(r)
    if parts is None or parts[2] is None:
        return sp.latex(r, ln_notation=True)
    p, q, m = parts
    d = int(sp.ilcm(p.q, q.q))
    P, Q = int(p * d), int(q * d)
    rad = rf"\sqrt{{{m}}}" if abs(Q) == 1 else rf"{abs(Q)} \sqrt{{{m}}}"
    if P == 0:
        if d == 1:
            return rad if Q > 0 else f"- {rad}"
        frac = rf"\frac{{{rad}}}{{{d}}}"
        return frac if Q > 0 else f"- {frac}"
    num = f"{P} {'+' if Q > 0 else '-'} {rad}"
    return num if d == 1 else rf"\frac{{{num}}}{{{d}}}"
