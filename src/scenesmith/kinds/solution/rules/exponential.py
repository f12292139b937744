"""Rules: exponential and logarithmic equations.

Exponential: isolate the power (divide by its coefficient), write both sides as powers of one base
and equate the exponents (4^x = 8^(x - 1) -> 2^(2x) = 2^(3(x - 1)) -> 2x = 3(x - 1)); with no
common base, take logarithms (2^x = 10 -> x log(2) = log(10) -> x = log(10)/log(2)).

Logarithmic: rewrite log_b(u) = c as u = b^c; combine a sum or difference of logs with the
product/quotient rule (mode implies: it can add roots outside the domain), and check the domain
(every argument positive) in the original equation at the end (radical.check_candidates).

Logs are held as `LogBase(u, b)`: printed log_b(u) (ln for base e), meaning log(u)/log(b).
`log_convention` turns what the reader gives (log(u, b), log(u)/log(b) from LaTeX, bare log(u))
into LogBase: a bare "log" is base 10 (the school convention), "ln" is base e.

Exact answer text: a log answer keeps SymPy's natural-log ratio, `x = log(10)/log(2)`
(base-independent), `x = log(5)` means ln 5 (from e^x = 5), `x = e^2` (from ln(x) = 2).
"""

from __future__ import annotations

import re

import sympy as sp

from scenesmith.mathreader import Relation
from scenesmith.kinds.solution.problem import Unsupported
from scenesmith.kinds.solution.rules.polynomial import remake
from scenesmith.kinds.solution.rules.radical import check_candidates_in_start, has_radical, isolate_moves
from scenesmith.kinds.solution.steps.display import plain
from scenesmith.kinds.solution.steps.search import rule
from scenesmith.kinds.solution.steps.sides import evaluated, exact, single_relation, terms
from scenesmith.kinds.solution.steps.state import Move, Relations, State

FAMILY = "exponential"


class LogBase(sp.Function):
    """log_b(u), kept as written; its value is log(u)/log(b)."""

    nargs = 2

    @classmethod
    def eval(cls, u, b):
        return None

    def doit(self, **hints):
        u, b = (a.doit(**hints) if isinstance(a, sp.Basic) else a for a in self.args)
        return sp.log(u) if b == sp.E else sp.log(u) / sp.log(b)

    def _eval_evalf(self, prec):
        return self.doit()._eval_evalf(prec)

    def _latex(self, printer):
        u, b = self.args
        inner = printer._print(u)
        if b == sp.E:
            return rf"\ln\left({inner}\right)"
        return rf"\log_{{{printer._print(b)}}}\left({inner}\right)"

    def _sympystr(self, printer):
        u, b = self.args
        if b == sp.E:
            return f"ln({printer._print(u)})"
        return f"log_{printer._print(b)}({printer._print(u)})"


def _is_log(e, var) -> bool:
    return isinstance(e, LogBase) and e.args[0].has(var)


# ---------------------------------------------------------------------------------------------
# Reading: which log the prompt meant
# ---------------------------------------------------------------------------------------------

_BARE_LOG = re.compile(r"(?<![A-Za-z\\])\\?log(?![A-Za-z_])(?!\s*\([^()]*,)")
_LN = re.compile(r"(?<![A-Za-z])\\?ln(?![A-Za-z])")


def _to_logbase(e, bare_base):
    """Rewrite the reader's logs in e as LogBase; None when a log is not one this family reads."""
    e = sp.sympify(e)
    if isinstance(e, sp.log):
        if len(e.args) == 2:
            u, b = e.args
            inner = _to_logbase(u, bare_base)
            return None if inner is None or not (b.is_number and b.is_positive and b != 1) else LogBase(inner, b)
        inner = _to_logbase(e.args[0], bare_base)
        return None if inner is None else LogBase(inner, bare_base)
    if isinstance(e, sp.Mul):
        # LaTeX \log_b(u) reads as log(u) * log(b)**-1
        inv = [f for f in e.args if isinstance(f, sp.Pow) and f.exp == -1 and isinstance(f.base, sp.log) and len(f.base.args) == 1 and f.base.args[0].is_number]
        logs = [f for f in e.args if isinstance(f, sp.log) and len(f.args) == 1]
        if len(inv) == 1 and len(logs) == 1:
            b = inv[0].base.args[0]
            if not (b.is_positive and b != 1):
                return None
            inner = _to_logbase(logs[0].args[0], bare_base)
            if inner is None:
                return None
            rest = [f for f in e.args if f is not inv[0] and f is not logs[0]]
            new_rest = [_to_logbase(f, bare_base) for f in rest]
            if any(r is None for r in new_rest):
                return None
            return sp.Mul(*new_rest, LogBase(inner, b), evaluate=False) if new_rest else LogBase(inner, b)
    if not e.args or not e.has(sp.log):
        return e
    args = [_to_logbase(a, bare_base) for a in e.args]
    if any(a is None for a in args):
        return None
    return remake(e, args)


def log_convention(reading, relation: Relation) -> tuple[Relation, list[str]]:
    """The relation with its logs as LogBase, and the note on how a bare 'log' was read. Unsupported when unclear."""
    if not (relation.lhs.has(sp.log) or relation.rhs.has(sp.log)):
        return relation, []
    source = " ".join(item.source for item in reading.items)
    bare, ln = bool(_BARE_LOG.search(source)), bool(_LN.search(source))
    natural_present = any(isinstance(n, sp.log) and len(n.args) == 1 and not n.args[0].is_number
                          for side in (relation.lhs, relation.rhs) for n in sp.preorder_traversal(side))
    if bare and ln and natural_present:
        raise Unsupported("The equation uses both 'log' and 'ln', so I cannot be sure which base each log has",
                          "Write log_b(x) for a base b, or use only ln")
    base = sp.Integer(10) if bare else sp.E
    lhs, rhs = _to_logbase(relation.lhs, base), _to_logbase(relation.rhs, base)
    if lhs is None or rhs is None:
        raise Unsupported("I could not read the base of a logarithm in this equation", "Write log_b(x), ln(x) or log(x) (base 10)")
    notes = ["'log' with no base is read as log base 10"] if bare and natural_present else []
    return Relation(lhs, relation.op, rhs), notes


# ---------------------------------------------------------------------------------------------
# Powers
# ---------------------------------------------------------------------------------------------


def is_power(e, var) -> bool:
    """a^f(x) with a fixed positive base a != 1 (e^x included)."""
    if not isinstance(e, (sp.Pow, sp.exp)):
        return False
    b, f = e.as_base_exp()
    return f.has(var) and not b.has(var) and b.is_number and b.is_positive is True and b != 1


def as_power(n):
    """(p, k) with n == p**k, p an integer >= 2 as small as possible (or e); None for other numbers."""
    n = evaluated(n)
    if n == sp.E:
        return sp.E, sp.S.One
    if not n.is_Rational or n <= 0 or n == 1:
        return None
    if n.p == 1:
        found = as_power(sp.Integer(n.q))
        return None if found is None else (found[0], -found[1])
    if n.q != 1:
        return None
    found = sp.perfect_power(n.p)
    if not found:
        return sp.Integer(n.p), sp.S.One
    return sp.Integer(found[0]), sp.Integer(found[1])


def _paren(a) -> str:
    return plain(a) if a.is_Integer else f"({plain(a)})"


def _exponent(k, f):
    if k == 1:
        return f
    if k == -1:
        return -f if not isinstance(f, sp.Add) else sp.Mul(-1, f, evaluate=False)
    return sp.Mul(k, f, evaluate=False) if isinstance(f, sp.Add) else k * f


@rule(FAMILY)
def isolate_power(state: State):
    """3 * 2^x = 96  ->  2^x = 32;   2^x + 3 = 35  ->  2^x = 32"""
    one = single_relation(state)
    if one is None:
        return []
    var = one[0]
    if not any(is_power(n, var) for side in (one[1].lhs, one[1].rhs) for n in sp.preorder_traversal(side)):
        return []
    return isolate_moves(state, lambda e: is_power(e, var), "power")


@rule(FAMILY)
def write_as_same_base(state: State):
    """4^x = 8^(x - 1)  ->  2^(2x) = 2^(3(x - 1));   9^x = 27  ->  3^(2x) = 3^3"""
    one = single_relation(state)
    if one is None:
        return []
    var, r = one
    if r.op != "=" or not is_power(r.lhs, var):
        return []
    a, f = r.lhs.as_base_exp()
    a = evaluated(a)
    pa = as_power(a)
    if pa is None:
        return []
    if is_power(r.rhs, var):
        b, g = r.rhs.as_base_exp()
        b = evaluated(b)
        pb = as_power(b)
        if pb is None or pb[0] != pa[0] or (a == b == pa[0]):
            return []
        new_rhs = sp.Pow(pb[0], _exponent(pb[1], g), evaluate=False)
    else:
        n = evaluated(r.rhs)
        if isinstance(r.rhs, sp.Pow) and r.rhs.base == a and not r.rhs.exp.has(var):
            return []  # already a power of the same base
        if n == 1:
            pb = (pa[0], sp.S.Zero)
        else:
            pb = as_power(n)
        if pb is None or pb[0] != pa[0] or r.rhs.has(var):
            return []
        new_rhs = sp.Pow(pb[0], pb[1], evaluate=False)
    p = pa[0]
    new_lhs = r.lhs if a == p else sp.Pow(p, _exponent(pa[1], f), evaluate=False)
    name = "e" if p == sp.E else str(p)
    return [Move(Relations.single(var, Relation(new_lhs, "=", new_rhs)), f"Write both sides as powers of {name}")]


@rule(FAMILY)
def equate_exponents(state: State):
    """2^(2x) = 2^(3(x - 1))  ->  2x = 3(x - 1)"""
    one = single_relation(state)
    if one is None:
        return []
    var, r = one
    if r.op != "=" or not is_power(r.lhs, var) or not isinstance(r.rhs, (sp.Pow, sp.exp)):
        return []
    a, f = r.lhs.as_base_exp()
    b, g = r.rhs.as_base_exp()
    if evaluated(a) != evaluated(b):
        return []
    return [Move(Relations.single(var, Relation(f, "=", g)), "The bases are the same, so the exponents are equal")]


@rule(FAMILY)
def power_never_negative(state: State):
    """2^x = -4  ->  no real solution"""
    one = single_relation(state)
    if one is None:
        return []
    var, r = one
    n = evaluated(r.rhs)
    if r.op != "=" or not is_power(r.lhs, var) or not n.is_number or n.is_positive is not False:
        return []
    return [Move(Relations((var,), ()), f"A power of a positive number is always positive, so it cannot equal {plain(n)}: there is no real solution")]


@rule(FAMILY)
def log_of_both_powers(state: State):
    """3^x = 2^(x + 1)  ->  x ln(3) = (x + 1) ln(2)   (bases with no common power: the exponents come down)"""
    one = single_relation(state)
    if one is None:
        return []
    var, r = one
    if r.op != "=" or not is_power(r.lhs, var) or not is_power(r.rhs, var):
        return []
    (a, f), (b, g) = r.lhs.as_base_exp(), r.rhs.as_base_exp()
    a, b = evaluated(a), evaluated(b)
    pa, pb = as_power(a), as_power(b)
    if a == b or (pa is not None and pb is not None and pa[0] == pb[0]):
        return []  # a common base: write both sides as powers of it instead
    def down(k, base):
        return k * sp.log(base) if not isinstance(k, sp.Add) else sp.Mul(k, sp.log(base), evaluate=False)
    new = Relation(down(f, a), "=", down(g, b))
    return [Move(Relations.single(var, new), "Take the natural log (ln) of both sides: the exponents come down as factors")]


@rule(FAMILY)
def take_logarithm(state: State):
    """2^x = 10  ->  x log(2) = log(10);   e^x = 5  ->  x = ln(5);   3^(x + 1) = 7  ->  x + 1 = log(7)/log(3)"""
    one = single_relation(state)
    if one is None:
        return []
    var, r = one
    if r.op != "=" or not is_power(r.lhs, var):
        return []
    n = evaluated(r.rhs)
    if not n.is_number or n.is_positive is not True or not n.is_Rational:
        return []
    a, f = r.lhs.as_base_exp()
    a = evaluated(a)
    pa, pn = as_power(a), as_power(n)
    if pa is not None and (pn is not None and pn[0] == pa[0] or n == 1):
        return []  # a common base: write both sides as powers of it instead
    if a == sp.E:
        return [Move(Relations.single(var, Relation(f, "=", LogBase(n, sp.E))), "Take the natural log (ln) of both sides")]
    if f == var:
        new = Relation(sp.Mul(var, sp.log(a), evaluate=False), "=", sp.log(n))
        return [Move(Relations.single(var, new), f"Take the logarithm of both sides: log({_paren(a)}^{var}) = {var} log({plain(a)})")]
    new = Relation(f, "=", sp.log(n) / sp.log(a))
    return [Move(Relations.single(var, new), f"Take the logarithm of both sides and divide by log({plain(a)})")]


# ---------------------------------------------------------------------------------------------
# Logarithms
# ---------------------------------------------------------------------------------------------


def _base_text(b) -> str:
    return "e" if b == sp.E else plain(b)


@rule(FAMILY)
def isolate_logarithm(state: State):
    """2 log_3(x) + 1 = 5  ->  2 log_3(x) = 4  ->  log_3(x) = 2"""
    one = single_relation(state)
    if one is None or not (one[1].lhs.has(LogBase) or one[1].rhs.has(LogBase)):
        return []
    var = one[0]
    logs = [t for t in terms(one[1].lhs) + terms(one[1].rhs) if t.has(LogBase) and t.has(var)]
    if len(logs) != 1:
        return []
    return isolate_moves(state, lambda e: _is_log(e, var), "logarithm")


@rule(FAMILY)
def exponential_form(state: State):
    """log_2(x) = 5  ->  x = 2^5 = 32;   ln(x) = 2  ->  x = e^2"""
    one = single_relation(state)
    if one is None:
        return []
    var, r = one
    c = evaluated(r.rhs)
    if r.op != "=" or not _is_log(r.lhs, var) or not c.is_number or not c.is_real:
        return []
    u, b = r.lhs.args
    if isinstance(r.rhs, LogBase) and r.rhs.args[1] == b:
        return []  # log_b(u) = log_b(v): equal_logarithms
    if c.has(sp.log):
        value = sp.simplify(sp.powsimp(sp.expand_log(sp.exp(c * sp.log(b)), force=True)))  # 10^(log(9)/2) = 3
        if not value.is_Rational:
            return []
        return [Move(Relations.single(var, Relation(u, "=", value)), f"Rewrite in exponential form: {plain(u)} = {_base_text(b)}^({plain(r.rhs)}) = {plain(value)}"[:160])]
    value = sp.exp(c) if b == sp.E else exact(sp.Pow(b, c)) if c.is_Rational else sp.Pow(b, c)
    shown = f"{_base_text(b)}^{plain(c) if c.is_Integer and c >= 0 else '(' + plain(c) + ')'}"
    caption = f"Rewrite in exponential form: {plain(u)} = {shown}"
    if value.is_Rational and value != b**c:
        caption += f" = {plain(value)}"
    elif value.is_Rational and b != sp.E and not (c.is_Integer and c == 1):
        caption += f" = {plain(value)}"
    return [Move(Relations.single(var, Relation(u, "=", value)), caption[:160])]


@rule(FAMILY)
def combine_logarithms(state: State):
    """log(x) + log(x - 3) = 1  ->  log(x(x - 3)) = 1   (product rule; the domain is checked at the end)"""
    one = single_relation(state)
    if one is None:
        return []
    var, r = one
    if r.op != "=" or r.rhs.has(var):
        return []
    shown = terms(r.lhs)
    if len(shown) < 2:
        return []
    plus, minus, base = [], [], None
    for t in shown:
        sign, core = (1, t) if isinstance(t, LogBase) else (-1, -t) if isinstance(-t, LogBase) else (0, None)
        if sign == 0:
            return []
        u, b = core.args
        if base is not None and b != base:
            return []
        base = b
        (plus if sign > 0 else minus).append(u)
    if not plus or not any(u.has(var) for u in plus + minus):
        return []
    plus.sort(key=lambda u: not u.is_number)  # log(4) + log(x) -> log(4x)
    product = plus[0] if len(plus) == 1 else sp.Mul(*plus, evaluate=False)
    arg = product if not minus else product / (minus[0] if len(minus) == 1 else sp.Mul(*minus, evaluate=False))
    if minus:
        arg = sp.Mul(product, sp.Pow(minus[0] if len(minus) == 1 else sp.Mul(*minus, evaluate=False), -1, evaluate=False), evaluate=False)
    rule_name = "product rule" if not minus else "quotient rule" if len(plus) == 1 and len(minus) == 1 and len(shown) == 2 else "product and quotient rules"
    caption = f"Combine the logs with the {rule_name} (this can add roots outside the domain, so check them at the end)"
    return [Move(Relations.single(var, Relation(LogBase(arg, base), "=", r.rhs)), caption, mode="implies")]


@rule(FAMILY)
def equal_logarithms(state: State):
    """log_3(2x + 1) = log_3(x + 4)  ->  2x + 1 = x + 4"""
    one = single_relation(state)
    if one is None:
        return []
    var, r = one
    if r.op != "=" or not _is_log(r.lhs, var) or not isinstance(r.rhs, LogBase) or r.lhs.args[1] != r.rhs.args[1]:
        return []
    return [Move(Relations.single(var, Relation(r.lhs.args[0], "=", r.rhs.args[0])),
                 "The logs have the same base, so their arguments are equal (check the domain at the end)", mode="implies")]


@rule(FAMILY)
def check_log_domain(state: State):
    """x = -2 or x = 5 (from log(x) + log(x - 3) = 1)  ->  x = 5, since log(-2) is undefined"""
    return check_candidates_in_start(state)


def mixed_kind(relation: Relation, var) -> str | None:
    """Why an equation mixes kinds no rule here solves exactly (2^x = x + 3), or None."""
    sides = (relation.lhs, relation.rhs)
    power = any(is_power(n, var) for s in sides for n in sp.preorder_traversal(s))
    logs = any(isinstance(n, (LogBase, sp.log)) and n.has(var) for s in sides for n in sp.preorder_traversal(s))
    radical = has_radical(relation.lhs, var) or has_radical(relation.rhs, var)
    if power or logs:
        d = evaluated(relation.lhs - relation.rhs)
        outside = d
        for n in sp.preorder_traversal(d):
            if (isinstance(n, sp.log) or is_power(n, var)) and n.has(var):
                outside = outside.xreplace({n: sp.Dummy()})
        if (power and logs) or (power and radical) or (logs and radical) or outside.has(var):
            return "it mixes a variable exponent or a logarithm with other kinds of terms, so it has no exact algebraic solution by these steps"
    return None


def prepare_equation(reading, relation: Relation, var) -> tuple[Relation, list[str]]:
    """For the equations task: logs read as LogBase (bare log = base 10), and a refusal for mixed kinds (2^x = x + 3)."""
    relation, notes = log_convention(reading, relation)
    why = mixed_kind(relation, var)
    if why:
        raise Unsupported(f"I cannot solve this equation exactly: {why}", "Equations such as 2^x = 32, 4^x = 8^(x - 1), log_2(x) = 5 or log(x) + log(x - 3) = 1 are supported")
    return relation, notes
