"""Rules: arithmetic with numbers, one level of the order of operations per step, as a teacher writes it.

innermost brackets first; then powers, roots, logs and absolute values; then multiplication and
division left to right; then addition and subtraction left to right. Fractions: mixed number to
improper fraction, common denominator, add the numerators, simplify by the GCD, divide by a
fraction = multiply by its reciprocal. Square roots: take out square factors.

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

from scenesmith.kinds.solution.steps.search import rule
from scenesmith.kinds.solution.steps.state import Expression, Move, State

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
# Where the next operations are: the innermost bracket (group) with work left, else the whole
# ---------------------------------------------------------------------------------------------


def children(e) -> tuple:
    if is_value(e) or e.is_Atom:
        return ()
    return e.args


def _is_group(parent, child) -> bool:
    if is_value(child):
        return False
    if isinstance(child, sp.Add):
        return True
    return isinstance(parent, (sp.Pow, sp.log, sp.Abs, sp.factorial))


def find_region(e, path=()):
    """The path to the innermost group that is not yet a number, or None (then the region is the whole)."""
    for i, c in enumerate(children(e)):
        found = find_region(c, path + (i,))
        if found is not None:
            return found
        if _is_group(e, c):
            return path + (i,)
    return None


def get(e, path):
    for i in path:
        e = e.args[i]
    return e


def rebuild(e, args):
    if isinstance(e, sp.UnevaluatedExpr):
        return sp.UnevaluatedExpr(args[0])
    if isinstance(e, (sp.Add, sp.Mul, sp.Pow)):
        return e.func(*args, evaluate=False)
    return e.func(*args, evaluate=False)


def put(e, path, new):
    if not path:
        return new
    args = list(e.args)
    args[path[0]] = put(args[path[0]], path[1:], new)
    return rebuild(e, args)


def tidy(e):
    """Fold what needs no step: -1 times a number, a one-factor product, 1/(negative), a number to the power 1."""
    if e.is_Atom or mixed_parts(e) or as_frac(e):
        return e
    args = [tidy(a) for a in e.args]
    if isinstance(e, sp.Mul):
        if len(args) >= 2 and args[0] == -1 and as_frac(args[1]):
            args = [negate(args[1])] + args[2:]
        if len(args) == 2 and isinstance(args[0], sp.Integer) and isinstance(args[1], sp.Pow) and args[1].exp == -1 \
                and isinstance(args[1].base, sp.Integer) and args[1].base < 0:
            return frac(-args[0], -args[1].base)
        if len(args) == 1:
            return args[0]
    if isinstance(e, sp.Add) and len(args) == 1:
        return args[0]
    return rebuild(e, args)


def region(state):
    """(path, node) of the part worked on next, for an Arith state; None otherwise."""
    if not isinstance(state, Arith):
        return None
    path = find_region(state.expr)
    path = () if path is None else path
    return path, get(state.expr, path)


def top_nodes(e, path=()):
    """(path, node) of the operations in a region, outermost first, not entering numbers."""
    out = [(path, e)] if not is_value(e) else []
    for i, c in enumerate(children(e)):
        out += top_nodes(c, path + (i,))
    return out


def _power_like(n) -> bool:
    if isinstance(n, sp.Pow) and n.exp == -1:
        return False  # a divisor: multiplication and division
    return isinstance(n, (sp.Pow, sp.log, sp.Abs, sp.factorial))


def level(node) -> str:
    """Which operations are due in a region: 'powers', 'products', 'sums' or 'done'."""
    nodes = top_nodes(node)
    if any(_power_like(n) for _, n in nodes):
        return "powers"
    if any(isinstance(n, sp.Mul) or (isinstance(n, sp.Pow) and n.exp == -1) for _, n in nodes):
        return "products"
    if any(isinstance(n, sp.Add) for _, n in nodes):
        return "sums"
    return "done"


def _move(state, path, new, caption, cost=1.0):
    if path and isinstance(get(state.expr, path), sp.Add) and is_value(new) and not caption.startswith("Inside"):
        caption = "Inside the brackets first: " + caption[0].lower() + caption[1:]
    expr = tidy(put(state.expr, path, new))
    return Move(Arith(expr, state.label, state.decimal), caption[:160], cost=cost)


def _replace_all(state, changes, caption):
    """Apply [(path_within_region, new)] inside the region, deepest first."""
    path, node = region(state)
    for p, new in sorted(changes, key=lambda c: -len(c[0])):
        node = put(node, p, new)
    return _move(state, path, node, caption)


def t(e, state) -> str:
    return show(e, state.decimal)[1]


# ---------------------------------------------------------------------------------------------
# Huge exponents of 1, 0 and -1: by rule, never computed
# ---------------------------------------------------------------------------------------------


def _trivial_base(state, base_value):
    where = region(state)
    if where is None:
        return []
    out = []
    for p, n in top_nodes(state.expr):
        if isinstance(n, sp.Pow) and n.base == base_value and not (n.exp == -1):
            out.append((p, n))
    return out


@rule(FAMILY)
def power_of_one(state: State):
    """1^(3^123456789)  ->  1   (1 to any power is 1; the exponent is never computed)"""
    found = _trivial_base(state, sp.S.One)
    if not found:
        return []
    p, n = found[0]
    return [_move(state, p, sp.S.One, "1 to any power is 1")]


@rule(FAMILY)
def power_of_zero(state: State):
    """0^(10^100)  ->  0   (0 to a positive power is 0)"""
    for p, n in _trivial_base(state, sp.S.Zero):
        x = n.exp
        if (isinstance(x, sp.Symbol) and x.is_positive) or (as_frac(x) and number(x) > 0):
            return [_move(state, p, sp.S.Zero, "0 to any positive power is 0")]
    return []


@rule(FAMILY)
def power_of_minus_one(state: State):
    """(-1)^(3^100)  ->  -1   (an odd power of -1 is -1, an even power is 1)"""
    for p, n in _trivial_base(state, sp.S.NegativeOne):
        x = n.exp
        if isinstance(x, sp.Symbol) and x.is_integer and x.is_positive and x.is_even is not None:
            even = bool(x.is_even)
        elif isinstance(x, sp.Integer) and abs(x) > 3:
            even = int(x) % 2 == 0
        else:
            continue
        name = BIG.get(x.name, (x.name, x.name))[1] if isinstance(x, sp.Symbol) else str(x)
        caption = f"The exponent {name} is {'even' if even else 'odd'}, so -1 to this power is {1 if even else -1}"
        return [_move(state, p, sp.S.One if even else sp.S.NegativeOne, caption)]
    return []


# ---------------------------------------------------------------------------------------------
# Powers, roots, logs, absolute values
# ---------------------------------------------------------------------------------------------


def _powers_due(state):
    where = region(state)
    if where is None:
        return None, []
    path, node = where
    if level(node) != "powers":
        return where, []
    return where, [(p, n) for p, n in top_nodes(node) if _power_like(n) and all(is_value(a) for a in n.args)]


def _join(parts: list[str]) -> str:
    return "; ".join(parts)


@rule(FAMILY)
def evaluate_powers(state: State):
    """2 + 3 × 4^2  ->  2 + 3 × 16   (whole-number exponents)"""
    where, due = _powers_due(state)
    changes, said = [], []
    for p, n in due:
        if not isinstance(n, sp.Pow):
            continue
        b, x = number(n.base), n.exp
        if b is None or not isinstance(x, sp.Integer) or x < 0 or (b == 0 and x == 0):
            continue
        if abs(int(x)) * max(1, math.log10(max(abs(b.p), b.q, 1))) > 1000:
            continue
        v = b ** int(x)
        changes.append((p, node(v)))
        said.append(f"{t(n, state)} = {t(node(v), state)}")
    if not changes:
        return []
    caption = ("Evaluate the power: " if len(said) == 1 else "Evaluate the powers: ") + _join(said)
    return [_replace_all(state, changes, caption)]


@rule(FAMILY)
def negative_exponent(state: State):
    """2^-3  ->  1/2^3   (a negative exponent means the reciprocal)"""
    where, due = _powers_due(state)
    for p, n in due:
        if isinstance(n, sp.Pow) and isinstance(n.exp, sp.Integer) and n.exp < -1 or (isinstance(n, sp.Pow) and n.exp == -1 and False):
            b = n.base
            if number(b) == 0:
                continue
            new = sp.Mul(sp.S.One, sp.Pow(sp.Pow(b, -n.exp, evaluate=False), -1, evaluate=False), evaluate=False)
            return [_replace_all(state, [(p, new)], f"A negative exponent means the reciprocal: {t(n, state)} = 1/{t(b, state) if is_value(b) and as_frac(b) and as_frac(b)[1] == 1 and as_frac(b)[0] > 0 else '(' + t(b, state) + ')'}^{-n.exp}")]
    return []


def _exact_root(v: sp.Rational, k: int):
    """The exact real k-th root of a rational, or None."""
    if v < 0 and k % 2 == 0:
        return None
    sign = -1 if v < 0 else 1
    p, q = abs(v.p), v.q
    rp, ok1 = sp.integer_nthroot(p, k)
    rq, ok2 = sp.integer_nthroot(q, k)
    if ok1 and ok2:
        return sign * sp.Rational(rp, rq)
    return None


@rule(FAMILY)
def evaluate_roots(state: State):
    """√49  ->  7;   ∛27  ->  3;   8^(2/3)  ->  4   (roots that come out exactly)"""
    where, due = _powers_due(state)
    changes, said = [], []
    for p, n in due:
        if not isinstance(n, sp.Pow) or radical(n):
            continue
        b, x = number(n.base), number(n.exp)
        if b is None or x is None or x.q == 1 or x.q > 12 or abs(x.p) > 12:
            continue
        r = _exact_root(b, int(x.q))
        if r is None or (r == 0 and x < 0):
            continue
        v = r ** int(x.p)
        changes.append((p, node(v)))
        if x == sp.S.Half:
            said.append(f"sqrt({t(n.base, state)}) = {t(node(v), state)} because {_base(node(v), state)}^2 = {t(n.base, state)}")
        elif x == sp.Rational(1, 3):
            said.append(f"cbrt({t(n.base, state)}) = {t(node(v), state)} because {_base(node(v), state)}^3 = {t(n.base, state)}")
        else:
            said.append(f"{t(n, state)} = {t(node(v), state)}")
    if not changes:
        return []
    return [_replace_all(state, changes, ("Evaluate the root: " if len(said) == 1 else "Evaluate the roots: ") + _join(said))]


@rule(FAMILY)
def simplify_square_root(state: State):
    """√72  ->  6√2   (take out the largest square factor: √72 = √36 · √2)"""
    where, due = _powers_due(state)
    for p, n in due:
        if not (isinstance(n, sp.Pow) and n.exp == sp.S.Half and isinstance(n.base, sp.Integer) and n.base > 1):
            continue
        m = int(n.base)
        s, r = square_part(m)
        if s == 1 or r == 1:
            continue
        new = sp.Mul(sp.Integer(s), sp.Pow(sp.Integer(r), sp.S.Half, evaluate=False), evaluate=False)
        caption = f"Take the square factor {s * s} out of the root: sqrt({m}) = sqrt({s * s}) × sqrt({r}) = {s}*sqrt({r})"
        return [_replace_all(state, [(p, new)], caption)]
    return []


def exact_log(a: sp.Rational, b: sp.Rational):
    """The rational k with b^k = a, or None (a > 0, b > 0, b != 1)."""
    if a <= 0 or b <= 0 or b == 1:
        return None
    if a == 1:
        return sp.S.Zero
    guess = math.log(float(a)) / math.log(float(b)) if a.p < 10**300 and b.p < 10**300 else None
    if guess is None:
        return None
    for q in range(1, 7):
        p = round(guess * q)
        if p == 0 or abs(p) > 4000:
            continue
        if a ** q == b ** p:
            return sp.Rational(p, q)
    return None


@rule(FAMILY)
def evaluate_log(state: State):
    """log_3 81  ->  4   (because 3^4 = 81)"""
    where, due = _powers_due(state)
    for p, n in due:
        if not isinstance(n, sp.log):
            continue
        a = number(n.args[0])
        if a is None:
            continue
        if len(n.args) == 1:
            if a != 1:
                continue
            return [_replace_all(state, [(p, sp.S.Zero)], "ln 1 = 0 because e^0 = 1")]
        b = number(n.args[1])
        if b is None:
            continue
        k = exact_log(a, b)
        if k is None:
            continue
        caption = f"log_{t(n.args[1], state)}({t(n.args[0], state)}) = {t(node(k), state)} because {t(n.args[1], state)}^{t(node(k), state) if k.q == 1 and k >= 0 else '(' + t(node(k), state) + ')'} = {t(n.args[0], state)}"
        return [_replace_all(state, [(p, node(k))], caption)]
    return []


@rule(FAMILY)
def evaluate_absolute_value(state: State):
    """|-5| + 3  ->  5 + 3"""
    where, due = _powers_due(state)
    changes, said = [], []
    for p, n in due:
        if isinstance(n, sp.Abs) and number(n.args[0]) is not None:
            v = abs(number(n.args[0]))
            changes.append((p, node(v)))
            said.append(f"|{t(n.args[0], state)}| = {t(node(v), state)}")
    if not changes:
        return []
    return [_replace_all(state, changes, "The absolute value is the distance from 0: " + _join(said))]


@rule(FAMILY)
def evaluate_factorial(state: State):
    """5!  ->  120   (5! = 5 × 4 × 3 × 2 × 1)"""
    where, due = _powers_due(state)
    for p, n in due:
        if isinstance(n, sp.factorial) and isinstance(n.args[0], sp.Integer) and 0 <= n.args[0] <= 450:
            k = int(n.args[0])
            v = math.factorial(k)
            spelled = " × ".join(str(i) for i in range(k, 0, -1)) if 2 <= k <= 10 else ""
            caption = f"{k}! = {spelled} = {v}" if spelled else f"{k}! = {v}"
            return [_replace_all(state, [(p, sp.Integer(v))], caption)]
    return []


# ---------------------------------------------------------------------------------------------
# Multiplication and division, left to right
# ---------------------------------------------------------------------------------------------


def _products(state):
    where = region(state)
    if where is None or level(where[1]) != "products":
        return []
    return [(p, n) for p, n in top_nodes(where[1]) if isinstance(n, sp.Mul)]


@rule(FAMILY)
def mixed_to_improper(state: State):
    """2 1/2 + 1 3/4  ->  5/2 + 7/4   (write mixed numbers as improper fractions)"""
    where = region(state)
    if where is None or level(where[1]) == "powers":
        return []
    changes, said = [], []
    # mixed numbers are values: look at the children of the region's operations
    def walk(e, path):
        m = mixed_parts(e)
        if m:
            w, a, b = m
            changes.append((path, frac(w * b + a, b)))
            said.append(f"{w} {a}/{b} = {w * b + a}/{b}")
            return
        if is_value(e):
            return
        for i, c in enumerate(e.args):
            walk(c, path + (i,))

    walk(where[1], ())
    if not changes:
        return []
    caption = ("Write the mixed number as an improper fraction: " if len(said) == 1 else "Write the mixed numbers as improper fractions: ") + _join(said)
    return [_replace_all(state, changes, caption)]


def _has_mixed(e) -> bool:
    return any(mixed_parts(n) for n in sp.preorder_traversal(e))


@rule(FAMILY)
def divide_by_fraction(state: State):
    """3/4 ÷ 2/5  ->  3/4 × 5/2   (dividing by a fraction is multiplying by its reciprocal)"""
    changes, said = [], []
    if state.decimal:
        return []  # decimals divide directly (multiply_divide)
    for p, n in _products(state):
        if _has_mixed(n):
            return []
        for i, f in enumerate(n.args):
            if i > 0 and isinstance(f, sp.Pow) and f.exp == -1 and as_frac(f.base) and as_frac(f.base)[1] > 1:
                a, b = as_frac(f.base)
                if a == 0:
                    continue
                changes.append((p + (i,), frac(b, a)))
                said.append(f"{a}/{b}" + " is the same as multiplying by its reciprocal " + (f"{b}/{a}" if a > 0 else f"-{b}/{-a}"))
    if not changes:
        return []
    return [_replace_all(state, changes, "Dividing by " + "; dividing by ".join(said))]


def _times(x, y, decimal=False):
    """x × y for two value nodes (or x ÷ y when y is a divisor): (new node, caption part) or None."""
    divide = isinstance(y, sp.Pow) and y.exp == -1
    yv = y.base if divide else y
    a, b = number(x), number(yv)
    rx, ry = radical(x), radical(yv)
    if a is not None and b is not None and not (as_frac(x) is None or as_frac(yv) is None):
        if divide:
            if b == 0:
                return None
            if decimal:
                return node(a / b), "divide"
            if as_frac(yv)[1] != 1:
                return None  # divide_by_fraction first
            (p, q), k = as_frac(x), int(yv)
            new = frac(p, q * k) if q > 1 else frac(p, k)
            return new, "divide"
        (p, q), (r, s) = as_frac(x), as_frac(yv)
        if q == 1 and s == 1:
            return sp.Integer(p * r), "multiply"
        return frac(p * r, q * s), "fractions"
    if divide:
        return None
    if rx and b is not None and as_frac(yv) and as_frac(yv)[1] == 1:
        return sp.Mul(sp.Integer(rx[0] * int(yv)), sp.Pow(rx[1], sp.S.Half, evaluate=False), evaluate=False), "multiply"
    if ry and a is not None and as_frac(x) and as_frac(x)[1] == 1:
        return sp.Mul(sp.Integer(ry[0] * int(x)), sp.Pow(ry[1], sp.S.Half, evaluate=False), evaluate=False), "multiply"
    if rx and ry:
        c = rx[0] * ry[0]
        root = sp.Pow(sp.Integer(rx[1] * ry[1]), sp.S.Half, evaluate=False)
        return (root if c == 1 else sp.Mul(sp.Integer(c), root, evaluate=False)), "roots"
    return None


@rule(FAMILY)
def multiply_divide(state: State):
    """2 + 3 × 16  ->  2 + 48;   12 ÷ 3 × 2  ->  4 × 2   (the first operation of each product, left to right)"""
    changes, said, kinds = [], [], set()
    for p, n in _products(state):
        if _has_mixed(n) or as_frac(n) or radical(n):
            continue
        args = list(n.args)
        if len(args) < 2 or not all(is_value(a) or (isinstance(a, sp.Pow) and a.exp == -1 and is_value(a.base)) for a in args):
            continue
        if args[0] == -1:
            continue
        first = as_frac(args[0])
        if first and first[1] > 1 and first[0] % first[1] == 0 and not state.decimal:
            continue  # 12 ÷ 3 × 2: divide first (divide_exactly)
        out = _times(args[0], args[1], state.decimal)
        if out is None:
            continue
        new, kind = out
        if state.decimal and as_frac(new):
            new = node(number(new))
        kinds.add(kind)
        rest = [new] + args[2:]
        changes.append((p, rest[0] if len(rest) == 1 else sp.Mul(*rest, evaluate=False)))
        op = "÷" if kind == "divide" else "×"
        shown_y = args[1].base if kind == "divide" else args[1]
        said.append(f"{t(args[0], state)} {op} {_paren(shown_y, state)} = {t(new, state)}")
    if not changes:
        return []
    if kinds == {"fractions"} and not state.decimal:
        head = "Multiply the numerators and multiply the denominators: "
    elif kinds == {"roots"}:
        head = "Multiply the square roots: "
    elif kinds == {"divide"}:
        head = "Divide: "
    elif len(said) > 1:
        head = "Multiply and divide from left to right: "
    else:
        head = "Multiply: "
    return [_replace_all(state, changes, head + _join(said))]


def _base(e, state) -> str:
    s = show(e, state.decimal)
    return f"({s[1]})" if s[2] < 3.5 else s[1]


def _paren(e, state) -> str:
    s = show(e, state.decimal)
    return f"({s[1]})" if s[2] < 2 else s[1]


@rule(FAMILY)
def divide_exactly(state: State):
    """12/3 + 1  ->  4 + 1   (a fraction whose numerator the denominator divides is a whole number)"""
    where = region(state)
    if where is None or level(where[1]) not in ("products", "sums", "done") or state.decimal:
        return []
    changes, said = [], []
    nodes = [((), where[1])] if as_frac(where[1]) else []
    for p, n in top_nodes(where[1]):
        for i, c in enumerate(n.args):
            if as_frac(c):
                nodes.append((p + (i,), c))
    for p, c in nodes:
        a, b = as_frac(c)
        if b > 1 and a % b == 0:
            changes.append((p, sp.Integer(a // b)))
            said.append(f"{abs(a)} ÷ {b} = {abs(a) // b}")
    if not changes:
        return []
    return [_replace_all(state, changes, "Divide: " + _join(said))]


@rule(FAMILY)
def simplify_fraction(state: State):
    """10/4  ->  5/2   (divide the numerator and the denominator by their GCD 2)"""
    where = region(state)
    if where is None:
        return []
    path, n = where
    ab = as_frac(n)
    if not ab:
        return []
    a, b = ab
    g = math.gcd(a, b)
    if b == 1 or g == 1 or a % b == 0:
        return []
    new = frac(a // g, b // g)
    return [_move(state, path, new, f"Simplify the fraction: divide the numerator and the denominator by their GCD {g}")]


# ---------------------------------------------------------------------------------------------
# Addition and subtraction, left to right
# ---------------------------------------------------------------------------------------------


def _sum_terms(state):
    """The terms of the region when it is a sum of numbers (no mixed numbers), else None."""
    where = region(state)
    if where is None or not isinstance(where[1], sp.Add) or level(where[1]) != "sums":
        return None
    terms = list(where[1].args)
    if any(as_frac(x) is None for x in terms):
        return None
    return where[0], terms


def _add_caption(x, y, total, state) -> str:
    if is_negative(y):
        return f"Subtract: {t(x, state)} - {_paren(negate(y), state)} = {t(total, state)}"
    return f"Add: {t(x, state)} + {_paren(y, state)} = {t(total, state)}"


@rule(FAMILY)
def add_subtract(state: State):
    """2 + 48  ->  50;   10 - 3 - 2  ->  7 - 2   (whole numbers, or decimals, left to right)"""
    found = _sum_terms(state)
    if found is None:
        return []
    path, terms = found
    if not state.decimal and any(as_frac(x)[1] != 1 for x in terms):
        return []
    x, y = terms[0], terms[1]
    total = node(number(x) + number(y))
    rest = [total] + terms[2:]
    new = rest[0] if len(rest) == 1 else sp.Add(*rest, evaluate=False)
    return [_move(state, path, new, _add_caption(x, y, total, state))]


@rule(FAMILY)
def common_denominator(state: State):
    """2/3 + 1/4  ->  8/12 + 3/12   (rewrite with the common denominator 12)"""
    found = _sum_terms(state)
    if found is None or state.decimal:
        return []
    path, terms = found
    dens = {as_frac(x)[1] for x in terms}
    if len(dens) < 2:
        return []
    lcd = math.lcm(*dens)
    new = sp.Add(*[frac(as_frac(x)[0] * (lcd // as_frac(x)[1]), lcd) for x in terms], evaluate=False)
    return [Move(Arith(put(state.expr, path, new), state.label, state.decimal), f"Rewrite with the common denominator {lcd}")]


@rule(FAMILY)
def add_numerators(state: State):
    """8/12 + 3/12  ->  11/12   (same denominator: add the numerators)"""
    found = _sum_terms(state)
    if found is None or state.decimal:
        return []
    path, terms = found
    dens = {as_frac(x)[1] for x in terms}
    if len(dens) != 1 or dens == {1}:
        return []
    d = dens.pop()
    nums = [as_frac(x)[0] for x in terms]
    total = sum(nums)
    shown = str(nums[0]) + "".join(f" - {-k}" if k < 0 else f" + {k}" for k in nums[1:])
    word = "Subtract" if all(k < 0 for k in nums[1:]) else "Add"
    caption = f"{word} the numerators and keep the denominator {d}: {shown} = {total}"
    return [Move(Arith(put(state.expr, path, frac(total, d)), state.label, state.decimal), caption)]


@rule(FAMILY)
def add_like_roots(state: State):
    """6√2 + √2  ->  7√2   (like square roots add like like terms)"""
    where = region(state)
    if where is None or not isinstance(where[1], sp.Add) or level(where[1]) != "sums":
        return []
    terms = list(where[1].args)
    parts = [radical(x) for x in terms]
    if any(r is None for r in parts) or len({r[1] for r in parts}) != 1:
        return []
    c = sum(r[0] for r in parts)
    m = parts[0][1]
    root = sp.Pow(sp.Integer(m), sp.S.Half, evaluate=False)
    new = sp.S.Zero if c == 0 else root if c == 1 else sp.Mul(sp.Integer(c), root, evaluate=False)
    return [_move(state, where[0], new, f"Add the like square roots: the coefficients give {c}, so the sum is {c}*sqrt({m})")]


def answered(state: State) -> bool:
    """A simplified number: an integer, a fraction in lowest terms, or c*sqrt(m) with m square-free."""
    if not isinstance(state, Arith):
        return False
    e = state.expr
    ab = as_frac(e)
    if ab:
        return math.gcd(*ab) == 1 or ab[1] == 1
    return radical(e) is not None
