"""Task: arithmetic: one number-only expression ('What is 2/3 + 1/4?', 'Evaluate 2 + 3 * 4^2', 'Simplify sqrt(72)').

Worked in the order of operations by the `arithmetic` rules. The reader turns the parsed tree into
the rules' value nodes (fractions as typed, mixed numbers, decimals), replaces a huge exponent of
1, 0 or -1 by a positive integer symbol with its parity (so it is never computed), and refuses what
has no real value (5/0, 0^0, sqrt(-4)) or is ambiguous as typed (6 ÷ 2(1 + 2), 3/4 ÷ 2/5).
"""

from __future__ import annotations

import re

import sympy as sp

from scenesmith.mathreader import Reading
from scenesmith.mathreader.size import _log10_abs
from scenesmith.kinds.solution.answers import decimal_text, format_number
from scenesmith.kinds.solution.problem import Answer, Problem, Unsupported
from scenesmith.kinds.solution.question import read_form
from scenesmith.kinds.solution.rules.arithmetic_common import BIG, Arith, answered, as_frac, frac, mixed, odd_root, show, terminating
from scenesmith.kinds.solution.steps.checks import value
from scenesmith.kinds.solution.tasks.common import require_words

FAMILIES = ("arithmetic",)
_MIXED_PLAIN = re.compile(r"(?<![\w.^/)])(\d+)\s+(\d+)\s*/\s*(\d+)(?![\w.(^/])")
_MIXED_LATEX = re.compile(r"(?<![\w.^/}])(\d+)\s*\\[dt]?frac\s*\{?\s*(\d+)\s*\}?\s*\{?\s*(\d+)\s*\}?")
_DECIMAL = re.compile(r"(?<![\w.])\d*\.\d+")
_AMBIGUOUS_DIVISION = re.compile(r"(?:÷|/|divided\s+by)\s*\d+(?:\.\d+)?\s*\(")
_FRACTION_DIVIDED = re.compile(r"\d\s*/\s*\d+\s*(?:÷|divided\s+by)\s*\d+\s*/\s*\d|(?:÷|divided\s+by)\s*\d+\s*/\s*\d")
BIG_EXPONENT_DIGITS = 18


def _pos_int(e) -> bool:
    """Is the number-only tree a positive integer, decided from its shape (never computed)?"""
    if isinstance(e, sp.Integer):
        return e > 0
    if isinstance(e, sp.Pow):
        return _pos_int(e.base) and _pos_int(e.exp)
    if isinstance(e, (sp.Mul, sp.Add)):
        return all(_pos_int(a) for a in e.args)
    if isinstance(e, sp.factorial):
        return isinstance(e.args[0], sp.Integer) and e.args[0] >= 0
    return False


def _odd(e) -> bool:
    """Parity of a positive integer tree (for which _pos_int is true)."""
    if isinstance(e, sp.Integer):
        return int(e) % 2 == 1
    if isinstance(e, sp.Pow):
        return _odd(e.base)
    if isinstance(e, sp.Mul):
        return all(_odd(a) for a in e.args)
    if isinstance(e, sp.Add):
        return sum(1 for a in e.args if _odd(a)) % 2 == 1
    if isinstance(e, sp.factorial):
        return e.args[0] < 2
    raise ValueError("not an integer tree")


class _Convert:
    def __init__(self, mixed_numbers: set):
        self.mixed = mixed_numbers

    def __call__(self, e):
        if isinstance(e, sp.Integer):
            return e
        if isinstance(e, sp.Rational):
            w, rest = divmod(abs(e.p), e.q)
            if e.p > 0 and (w, rest, e.q) in self.mixed:
                return mixed(w, rest, e.q)
            return frac(e.p, e.q)
        if isinstance(e, sp.Float):
            raise Unsupported("a decimal in the prompt could not be read exactly")
        if e.free_symbols or e.has(sp.pi, sp.E, sp.I, sp.oo, sp.zoo, sp.nan):
            raise Unsupported("the expression has pi, e or infinity in it; arithmetic here works with plain numbers",
                              "Ask for a decimal value elsewhere, or write the number itself")
        if isinstance(e, sp.Pow):
            base = self(e.base)
            x = _rational(e.exp)
            if x == -1:
                return self.reciprocal(base)
            if e.base in (sp.S.One, sp.S.NegativeOne, sp.S.Zero):
                size = _log10_abs(x)
                if size is None or size > BIG_EXPONENT_DIGITS:
                    return sp.Pow(base, self.big(x, e.base), evaluate=False)
            if isinstance(x, sp.Rational) and not isinstance(x, sp.Integer):
                b = as_frac(base)
                if b and b[0] < 0 and x.q % 2:
                    if x.p != 1:
                        raise Unsupported(f"{show(sp.Pow(base, x, evaluate=False))[1]} is a fractional power of a negative number, "
                                          "which has no agreed real value", "Write it with the root first, e.g. (cbrt(-8))^2")
                    return odd_root(frac(-b[0], b[1]), x.q, as_power=x is not e.exp)  # cbrt(-8): the real cube root, -2
                if x.q in (2, 3):
                    return sp.Pow(base, x, evaluate=False)
            return sp.Pow(base, self(x), evaluate=False)
        if isinstance(e, sp.Mul):
            args = [sp.Pow(self(a.base), -1, evaluate=False) if isinstance(a, sp.Pow) and a.exp == -1 else self(a) for a in e.args]
            out, i = [], 0
            while i < len(args):
                a = args[i]
                if isinstance(a, sp.Integer) and i + 1 < len(args) and isinstance(args[i + 1], sp.Pow) and args[i + 1].exp == -1 \
                        and isinstance(args[i + 1].base, sp.Integer) and args[i + 1].base != 0:
                    f = frac(a, args[i + 1].base)
                    ab = as_frac(f)
                    if ab[0] > 0 and (ab[0] // ab[1], ab[0] % ab[1], ab[1]) in self.mixed:
                        f = mixed(ab[0] // ab[1], ab[0] % ab[1], ab[1])
                    out.append(f)
                    i += 2
                    continue
                out.append(a)
                i += 1
            if len(out) >= 2 and out[0] == -1 and as_frac(out[1]):
                ab = as_frac(out[1])
                out = [frac(-ab[0], ab[1])] + out[2:]
            return out[0] if len(out) == 1 else sp.Mul(*out, evaluate=False)
        if isinstance(e, sp.Add):
            args = [self(a) for a in e.args]
            if len(args) == 2 and isinstance(args[0], sp.Integer) and as_frac(args[1]) and as_frac(args[1])[1] > 1:
                w, (a, b) = int(args[0]), as_frac(args[1])
                if (w, a, b) in self.mixed and 0 < a < b:
                    return mixed(w, a, b)
            return sp.Add(*args, evaluate=False)
        if isinstance(e, sp.log):
            return sp.log(*[self(a) for a in e.args], evaluate=False)
        if isinstance(e, sp.Abs):
            return sp.Abs(self(e.args[0]), evaluate=False)
        if isinstance(e, sp.factorial):
            return sp.factorial(self(e.args[0]), evaluate=False)
        raise Unsupported(f"{type(e).__name__} is not arithmetic the solver works step by step")

    def reciprocal(self, base):
        """3^-1 on its own (not a divisor in a product) is the fraction 1/3."""
        b = as_frac(base)
        if b and b[1] == 1 and b[0] != 0:
            return frac(1, b[0])
        return sp.Mul(sp.S.One, sp.Pow(base, -1, evaluate=False), evaluate=False)

    def big(self, x, base):
        """A huge exponent as a positive integer symbol with its parity; never computed."""
        if not _pos_int(x):
            raise Unsupported("the exponent is too large to work with unless it is a positive whole number")
        latex, text = show(self.plain(x))[:2]
        name = text
        BIG[name] = (latex, text)
        if base == sp.S.NegativeOne:
            odd = _odd(x)
            return sp.Symbol(name, integer=True, positive=True, odd=odd, even=not odd)
        return sp.Symbol(name, integer=True, positive=True)

    def plain(self, x):
        if isinstance(x, sp.Pow):
            return sp.Pow(self.plain(x.base), self.plain(x.exp), evaluate=False)
        if isinstance(x, (sp.Add, sp.Mul)):
            return x.func(*[self.plain(a) for a in x.args], evaluate=False)
        return x


def _rational(x):
    """An exponent typed as a fraction, (1/3) = Mul(1, Pow(3, -1)), as the Rational it is; anything else as it is."""
    ab = as_frac(x)
    if ab and not isinstance(x, sp.Rational):
        return sp.Rational(*ab)
    return x


def _undefined(e) -> str | None:
    """Why the (converted) expression has no real value, or None."""
    for n in sp.postorder_traversal(e):
        if isinstance(n, sp.Pow) and not n.base.free_symbols and not n.exp.free_symbols:
            b, x = value(n.base), value(n.exp)
            if b == 0 and x.is_number and x.is_negative:
                return "it divides by zero, which is undefined"
            if b == 0 and x == 0:
                return "0^0 is undefined"
            if b.is_negative and x.is_Rational and x.q % 2 == 0:
                return f"{show(n)[1]} is not a real number (the square root of a negative number)"
        if isinstance(n, sp.log):
            args = [value(a) for a in n.args]
            if any(a.is_number and not a.is_positive for a in args) or (len(args) == 2 and args[1] == 1):
                return f"{show(n)[1]} is undefined (a logarithm needs positive numbers and a base other than 1)"
    return None


def _bare_log_base_10(e, source: str):
    """'log 100' in school means base 10; 'ln' is base e. Returns (expr, note or None)."""
    singles = [n for n in sp.preorder_traversal(e) if isinstance(n, sp.log) and len(n.args) == 1]
    if not singles:
        return e, None
    has_ln = bool(re.search(r"\bln\b|\\ln\b|natural", source))
    has_log = bool(re.search(r"\blog\b(?!\s*_)|\\log(?!\s*_)", source))
    if has_ln and has_log:
        raise Unsupported("the prompt mixes ln and log without a base, so which base each log uses is unclear", "Write log_10 or ln for each one")
    if not has_log:
        return e, None
    return e.xreplace({n: sp.log(n.args[0], 10, evaluate=False) for n in singles}), "log with no base means log base 10 (the school convention)"


def read(reading: Reading) -> Problem | None:
    items = [item for item in reading.items if item.values or not item.source.isdigit()]  # '2 decimal places' is no item
    if len(items) != 1 or reading.unread:
        return None
    item = items[0]
    if len(item.values) != 1 or not isinstance(item.values[0], sp.Expr):
        return None
    e = item.values[0]
    if e.free_symbols or reading.functions:
        return None
    if "%" in reading.skeleton:
        return None  # percent forms belong to the words task
    require_words(reading, "arithmetic")
    source = reading.original
    if _AMBIGUOUS_DIVISION.search(source.replace("\u00f7", "÷")) and re.search(r"(÷|/|divided\s+by)\s*\d+(?:\.\d+)?\s*\(", source):
        raise Unsupported("a division followed by a bracket, like 6 ÷ 2(1 + 2), is ambiguous as written",
                          "Add brackets to show what is divided, e.g. (6 ÷ 2)(1 + 2) or 6 ÷ (2(1 + 2))")
    if _FRACTION_DIVIDED.search(source) and not item.latex:
        raise Unsupported("dividing fractions written with a slash, like 3/4 ÷ 2/5, is ambiguous as written",
                          "Put each fraction in brackets: (3/4) ÷ (2/5)")
    e, note = _bare_log_base_10(e, source)
    mixed_numbers = {(int(w), int(a), int(b)) for w, a, b in _MIXED_PLAIN.findall(source) + _MIXED_LATEX.findall(source) if 0 < int(a) < int(b)}
    expr = _Convert(mixed_numbers)(e)
    why = _undefined(expr)
    if why:
        raise Unsupported(f"This has no value: {why}")
    form = read_form(reading.skeleton)
    decimal = (bool(_DECIMAL.search(item.source)) or bool(_DECIMAL.search(source))) and form.number not in ("fraction", "mixed")
    start = Arith(expr, decimal=decimal)
    title_text = show(expr, decimal)[1]
    simplify = re.search(r"\bsimplif", reading.skeleton)
    problem = Problem(
        task="arithmetic",
        title=("Simplify " if simplify else "Evaluate ") + title_text,
        instruction="Simplify" if simplify else "Work it out in the order of operations",
        start=start,
        families=FAMILIES,
        goal=answered,
        form=form,
        answer=arithmetic_answer,
        max_expansions=400,
    )
    if note:
        problem.notes.append(note)
    return problem


def arithmetic_answer(state, problem: Problem) -> Answer:
    """The exact value; in decimals when the prompt was written in decimals and the value terminates (unless a form is asked)."""
    v = value(state.expr)
    if not v.is_real or v.has(sp.zoo, sp.nan, sp.oo):
        raise Unsupported("the value is not a real number")
    form = problem.form
    if form.number is None and form.places is None and getattr(state, "decimal", False) and v.is_Rational and terminating(v.q):
        text = decimal_text(v)
        return Answer(text, text, value=v)
    text, latex = format_number(v, form)
    return Answer(text, latex, value=v)
