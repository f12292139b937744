"""SymPy checks for the step-by-step solver.

Every state the solver shows is a :class:`State`:

* ``rel``: a disjunction of relations in one variable (``x - 3 = -5 or x - 3 = 5``); an empty
  disjunction means "no real solution".  Its meaning is its solution set over the reals.
* ``system``: a conjunction of linear equations in two variables; its meaning is ``linsolve``.
* ``expr``: an expression (simplify / expand / factor / derivative / integral / percent work);
  its meaning is its value (``Derivative`` and ``Integral`` objects are evaluated with ``doit``).

:func:`verify_step` accepts a step only when SymPy confirms it:

* ``equiv`` steps keep the meaning (same solution set, same linsolve set, equal expressions);
* ``implies`` steps (squaring both sides) may only ADD solutions (superset);
* ``check`` steps (checking candidates) must restore the ORIGINAL problem's solution set.

A failed check raises :class:`UnverifiedStep`; the solver never returns an unverified solution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import sympy as sp


class UnverifiedStep(AssertionError):
    """A step or an answer that SymPy could not confirm."""


OPS = ("=", "<", "<=", ">", ">=")
OP_TEX = {"=": "=", "<": "<", "<=": r"\le", ">": ">", ">=": r"\ge"}
OP_TEXT = {"=": "=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
FLIP = {"=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_REL_CLASS = {"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge}
MODES = ("equiv", "implies", "check")

OR_TEX = r" \text{ or } "
AND_TEX = r" ,\quad "
NO_REAL_TEX = r"\text{no real solution}"


# ----------------------------------------------------------------------------------------------
# Formatting helpers (shared by parsing and solver)
# ----------------------------------------------------------------------------------------------


def _is_canonical_add(e: sp.Basic) -> bool:
    """True for a sum SymPy built itself (evaluating it again changes nothing, not even the order)."""
    try:
        rebuilt = sp.Add(*[a.doit() for a in e.args])
    except Exception:  # pragma: no cover - defensive
        return False
    if not isinstance(rebuilt, sp.Add) or len(rebuilt.args) != len(e.args):
        return False
    return all(p == q and sp.srepr(p) == sp.srepr(q) for p, q in zip(rebuilt.args, e.args))


def _relex(e):
    """Rebuild ``e`` so that ``latex(order='none')`` prints evaluated sums in the usual order.

    Sums we built on purpose (unevaluated, e.g. ``x^2 - 5x + 2x - 10``) keep their order;
    sums SymPy evaluated (stored as ``-2 + x``) are re-ordered as ``x - 2``.
    """
    if not isinstance(e, sp.Basic) or e.is_Atom:
        return e
    if isinstance(e, sp.Add):
        if _is_canonical_add(e):
            terms = e.as_ordered_terms(order="lex")
        else:
            terms = list(e.args)
        return sp.Add(*[_relex(t) for t in terms], evaluate=False)
    if isinstance(e, sp.Mul):
        args = [_relex(a) for a in e.args]
        if len(args) > 1 and any(a == 1 for a in args):
            args = [a for a in args if a != 1] or [sp.S.One]
        if len(args) == 1:
            return args[0]
        return sp.Mul(*args, evaluate=False)
    if isinstance(e, sp.Pow):
        return sp.Pow(_relex(e.base), _relex(e.exp), evaluate=False)
    if isinstance(e, sp.Abs):
        return sp.Abs(_relex(e.args[0]), evaluate=False)
    if isinstance(e, sp.UnevaluatedExpr):
        return sp.UnevaluatedExpr(_relex(e.args[0]))
    return e


def tex(e, keep: bool = False) -> str:
    """LaTeX of a SymPy expression; ``keep`` prints an unevaluated expression as built."""
    e = sp.sympify(e)
    if keep:
        return sp.latex(_relex(e), order="none")
    return sp.latex(e, order="lex")


def _bars(s: str) -> str:
    """Replace ``Abs(...)`` by ``|...|`` in plain text."""
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


def plain(e) -> str:
    """Readable plain text for captions: ``3x^4 - 2x + 1``, ``sqrt(x + 5)``, ``|x - 3|``."""
    s = sp.sstr(sp.sympify(e), order="lex")
    s = s.replace("**", "^")
    s = re.sub(r"(?<![\w.^])(\d+)\*(?=[A-Za-z(|])", r"\1", s)
    return _bars(s)


def radical_parts(r):
    """Split a real number ``r`` as ``p + q*sqrt(m)`` with rational ``p, q`` (``m`` None if rational)."""
    r = sp.expand(sp.sympify(r))
    p, q, m = sp.S.Zero, sp.S.Zero, None
    for t in sp.Add.make_args(r):
        if t.is_Rational:
            p += t
            continue
        c, rest = t.as_coeff_Mul()
        if (
            c.is_Rational
            and isinstance(rest, sp.Pow)
            and rest.exp == sp.S.Half
            and rest.base.is_Integer
            and rest.base > 0
            and (m is None or m == rest.base)
        ):
            m = rest.base
            q += c
            continue
        return None
    if m is None or q == 0:
        return p, sp.S.Zero, None
    return p, q, m


def root_text(r) -> str:
    """Plain text of an exact root: ``5``, ``-3/2``, ``(-3 - sqrt(41))/4``, ``2 - sqrt(5)``."""
    r = sp.sympify(r)
    parts = radical_parts(r)
    if parts is None or parts[2] is None:
        return sp.sstr(r)
    p, q, m = parts
    d = sp.ilcm(p.q, q.q)
    P, Q = int(p * d), int(q * d)
    rad = f"sqrt({m})" if abs(Q) == 1 else f"{abs(Q)}*sqrt({m})"
    if P == 0:
        num = rad if Q > 0 else f"-{rad}"
        return num if d == 1 else f"{num}/{d}"
    num = f"{P} {'+' if Q > 0 else '-'} {rad}"
    return num if d == 1 else f"({num})/{d}"


def root_latex(r) -> str:
    """LaTeX of an exact root: ``\\frac{-3 - \\sqrt{41}}{4}``, ``2 - \\sqrt{5}``."""
    r = sp.sympify(r)
    parts = radical_parts(r)
    if parts is None or parts[2] is None:
        return tex(r)
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


def _is_number(e) -> bool:
    e = sp.sympify(e)
    return not e.free_symbols and e.is_real is not False and not e.has(sp.Derivative, sp.Integral)


# ----------------------------------------------------------------------------------------------
# States
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rel:
    """One relation ``lhs op rhs``; ``keep`` prints the sides exactly as built (unevaluated)."""

    lhs: sp.Expr
    op: str
    rhs: sp.Expr
    keep: bool = False

    def __post_init__(self) -> None:
        if self.op not in OPS:
            raise ValueError(f"unknown relation {self.op!r}")

    def latex(self) -> str:
        lhs, rhs = sp.sympify(self.lhs), sp.sympify(self.rhs)
        if isinstance(lhs, sp.Symbol) and _is_number(rhs) and not self.keep:
            right = root_latex(rhs)
        else:
            right = tex(rhs, self.keep)
        return f"{tex(lhs, self.keep)} {OP_TEX[self.op]} {right}"

    def text(self) -> str:
        return f"{plain(ev(self.lhs))} {OP_TEXT[self.op]} {plain(ev(self.rhs))}"


@dataclass
class State:
    """The whole state after a step (see module docstring)."""

    kind: str
    variables: tuple = ()
    rels: tuple = ()
    expr: object = None
    latex: str = ""

    @classmethod
    def relation(cls, var, rels, latex: str | None = None, empty_text: str = "no real solution") -> "State":
        rels = tuple(rels)
        if latex is None:
            latex = OR_TEX.join(r.latex() for r in rels) if rels else rf"\text{{{empty_text}}}"
        return cls("rel", (var,), rels, None, latex)

    @classmethod
    def system(cls, variables, rels, latex: str | None = None) -> "State":
        rels = tuple(rels)
        if latex is None:
            latex = AND_TEX.join(r.latex() for r in rels) if rels else r"\text{no solution}"
        return cls("system", tuple(variables), rels, None, latex)

    @classmethod
    def expression(cls, expr, variables=(), latex: str | None = None, keep: bool = False) -> "State":
        expr = sp.sympify(expr)
        if latex is None:
            latex = tex(expr, keep)
        return cls("expr", tuple(variables), (), expr, latex)


@dataclass
class Step:
    """One shown step: the new state, its caption and how it relates to the previous state."""

    state: State
    reason: str
    mode: str = "equiv"


# ----------------------------------------------------------------------------------------------
# Meanings
# ----------------------------------------------------------------------------------------------


def ev(e):
    """Evaluate an (possibly unevaluated) expression: ``Add(.., evaluate=False)``, ``Derivative`` ..."""
    e = sp.sympify(e)
    return e.doit() if isinstance(e, sp.Basic) else e


@lru_cache(maxsize=2048)
def _relation_set(lhs, op, rhs, var):
    lhs, rhs = ev(lhs), ev(rhs)
    if op == "=":
        result = sp.solveset(sp.expand(lhs - rhs) if (lhs - rhs).is_polynomial(var) else lhs - rhs, var, sp.S.Reals)
    else:
        cond = _REL_CLASS[op](lhs, rhs)
        if cond is sp.true:
            return sp.S.Reals
        if cond is sp.false:
            return sp.S.EmptySet
        result = sp.solveset(cond, var, sp.S.Reals)
    if isinstance(result, sp.ConditionSet) or result.has(sp.ConditionSet):
        raise UnverifiedStep(f"SymPy could not solve {lhs} {op} {rhs} over the reals")
    return result


def solution_set(state: State):
    """Solution set over the reals of a ``rel`` state (union of its disjuncts)."""
    if state.kind != "rel":
        raise TypeError("solution_set needs a 'rel' state")
    var = state.variables[0]
    result = sp.S.EmptySet
    for rel in state.rels:
        result = sp.Union(result, _relation_set(sp.sympify(rel.lhs), rel.op, sp.sympify(rel.rhs), var))
    return result


def system_set(state: State):
    """``linsolve`` of a ``system`` state (an empty conjunction is treated as inconsistent)."""
    if state.kind != "system":
        raise TypeError("system_set needs a 'system' state")
    if not state.rels:
        return sp.S.EmptySet
    eqs = []
    for rel in state.rels:
        if rel.op != "=":
            raise UnverifiedStep("systems must be equations")
        eqs.append(sp.expand(ev(rel.lhs) - ev(rel.rhs)))
    return sp.linsolve(eqs, *state.variables)


def _float(e) -> float:
    return float(sp.N(e, 30))


def numbers_equal(a, b) -> bool:
    """Exact equality of two real numbers, with a numeric pre-check."""
    a, b = sp.sympify(a), sp.sympify(b)
    d = a - b
    if d == 0:
        return True
    try:
        if abs(_float(d)) > 1e-9:
            return False
    except (TypeError, ValueError):
        pass
    if sp.expand(d) == 0 or sp.radsimp(sp.expand(d)) == 0:
        return True
    return d.equals(0) is True


def _finite_elems(s):
    return sorted(s, key=lambda v: _float(v) if not isinstance(v, sp.Tuple) else 0.0)


def sets_equal(a, b) -> bool:
    if a == b:
        return True
    if isinstance(a, sp.FiniteSet) and isinstance(b, sp.FiniteSet):
        if len(a) != len(b):
            return False
        for p, q in zip(_finite_elems(a), _finite_elems(b)):
            if isinstance(p, sp.Tuple) or isinstance(q, sp.Tuple):
                if not (isinstance(p, sp.Tuple) and isinstance(q, sp.Tuple) and len(p) == len(q)):
                    return False
                if not all(sp.simplify(u - v) == 0 for u, v in zip(p, q)):
                    return False
            elif not numbers_equal(p, q):
                return False
        return True
    if isinstance(a, sp.FiniteSet) != isinstance(b, sp.FiniteSet):
        return False
    try:
        return sp.Complement(a, b) == sp.S.EmptySet and sp.Complement(b, a) == sp.S.EmptySet
    except Exception:  # pragma: no cover - defensive
        return False


def is_subset(a, b) -> bool:
    """``a`` is contained in ``b`` (solutions may only be added)."""
    if a == sp.S.EmptySet or a == b:
        return True
    if isinstance(a, sp.FiniteSet):
        if isinstance(b, sp.FiniteSet):
            return all(any(numbers_equal(p, q) for q in b) for p in a)
        return all(b.contains(p) is sp.true for p in a)
    return a.is_subset(b) is True


def expressions_equal(a, b) -> bool:
    """Equality of two expressions (unevaluated forms, derivatives and integrals are evaluated)."""
    A, B = ev(a), ev(b)
    d = A - B
    if d == 0:
        return True
    for simplifier in (sp.expand, lambda e: sp.cancel(sp.together(e)), sp.simplify):
        try:
            if simplifier(d) == 0:
                return True
        except Exception:  # pragma: no cover - defensive
            continue
    return False


def meaning(state: State):
    if state.kind == "rel":
        return solution_set(state)
    if state.kind == "system":
        return system_set(state)
    return ev(state.expr)


def verify_step(prev: State, cur: State, mode: str = "equiv", original: State | None = None) -> None:
    """Raise :class:`UnverifiedStep` unless ``cur`` follows from ``prev`` as ``mode`` claims."""
    if mode not in MODES:
        raise ValueError(f"unknown step mode {mode!r}")
    if prev.kind != cur.kind:
        raise UnverifiedStep(f"step changes the kind of problem ({prev.kind} -> {cur.kind})")
    where = f"step '{cur.latex}'"
    if cur.kind == "expr":
        if mode != "equiv":
            raise UnverifiedStep(f"{where}: expression steps must be equalities")
        if not expressions_equal(prev.expr, cur.expr):
            raise UnverifiedStep(f"{where} is not equal to the previous expression")
        return
    before, after = meaning(prev), meaning(cur)
    if mode == "equiv":
        if not sets_equal(before, after):
            raise UnverifiedStep(f"{where} changes the solution set: {before} -> {after}")
    elif mode == "implies":
        if not is_subset(before, after):
            raise UnverifiedStep(f"{where} loses solutions: {before} -> {after}")
    else:
        if original is None:
            raise UnverifiedStep(f"{where}: a check step needs the original problem")
        target = meaning(original)
        if not sets_equal(target, after):
            raise UnverifiedStep(f"{where} does not match the original problem: {target} vs {after}")


def verify_derivation(start: State, steps) -> None:
    """Verify a whole chain of steps; the final state must mean the same as the start."""
    steps = list(steps)
    if not steps:
        raise UnverifiedStep("no steps")
    prev = start
    for step in steps:
        verify_step(prev, step.state, step.mode, original=start)
        prev = step.state
    if start.kind == "expr":
        if not expressions_equal(start.expr, prev.expr):
            raise UnverifiedStep("the final expression differs from the problem")
    elif not sets_equal(meaning(start), meaning(prev)):
        raise UnverifiedStep("the final state does not have the same solutions as the problem")


# ----------------------------------------------------------------------------------------------
# Answer checks by substitution into the ORIGINAL problem
# ----------------------------------------------------------------------------------------------


def _value_text(v) -> str:
    v = sp.nsimplify(sp.radsimp(sp.expand(v))) if v.is_number else v
    return plain(v)


def holds(rel: Rel, var, value) -> bool:
    """Does ``var = value`` satisfy ``rel`` exactly?"""
    lhs = ev(rel.lhs).subs(var, value)
    rhs = ev(rel.rhs).subs(var, value)
    if rel.op == "=":
        if lhs.has(sp.zoo, sp.nan) or rhs.has(sp.zoo, sp.nan):
            return False
        if lhs.is_real is False or rhs.is_real is False:
            return False
        return numbers_equal(lhs, rhs)
    cond = _REL_CLASS[rel.op](sp.nsimplify(lhs), sp.nsimplify(rhs))
    if cond in (sp.true, sp.false):
        return bool(cond)
    return bool(_REL_CLASS[rel.op](_float(lhs), _float(rhs)))


def substitution_line(rel: Rel, var, value) -> str:
    lhs = ev(rel.lhs).subs(var, value)
    rhs = ev(rel.rhs).subs(var, value)
    return f"{var} = {root_text(value)}: left side = {_value_text(lhs)}, right side = {_value_text(rhs)}"


def check_roots(rel: Rel, var, roots) -> list[str]:
    """Each root must satisfy the original equation; returns the check lines."""
    lines = []
    for r in roots:
        if not holds(rel, var, r):
            raise UnverifiedStep(f"{var} = {r} does not satisfy {rel.text()}")
        lines.append(substitution_line(rel, var, r) + " ✓")
    return lines


def check_no_solution(rel: Rel, var) -> list[str]:
    if _relation_set(sp.sympify(rel.lhs), rel.op, sp.sympify(rel.rhs), var) != sp.S.EmptySet:
        raise UnverifiedStep(f"{rel.text()} does have real solutions")
    return [f"SymPy solveset over the reals: {rel.text()} has no real solution ✓"]


def check_all_reals(rel: Rel, var) -> list[str]:
    if _relation_set(sp.sympify(rel.lhs), rel.op, sp.sympify(rel.rhs), var) != sp.S.Reals:
        raise UnverifiedStep(f"{rel.text()} is not true for every x")
    lines = []
    for v in (0, 1):
        if not holds(rel, var, v):
            raise UnverifiedStep(f"{rel.text()} fails at {var} = {v}")
        lines.append(substitution_line(rel, var, v) + " ✓")
    return lines


def check_inequality(rel: Rel, var, op: str, bound) -> list[str]:
    """``var op bound`` must match the original inequality at the boundary, inside and outside."""
    bound = sp.sympify(bound)
    inside = bound - 1 if op in ("<", "<=") else bound + 1
    outside = bound + 1 if op in ("<", "<=") else bound - 1
    lines = []
    for point, expected, label in (
        (inside, True, "inside"),
        (outside, False, "outside"),
        (bound, op in ("<=", ">="), "boundary"),
    ):
        got = holds(rel, var, point)
        if got != expected:
            raise UnverifiedStep(f"{var} = {point} ({label}) gives {got} for {rel.text()}")
        lhs = ev(rel.lhs).subs(var, point)
        rhs = ev(rel.rhs).subs(var, point)
        verdict = "true" if got else "false"
        lines.append(
            f"{var} = {root_text(point)} ({label}): {_value_text(lhs)} {OP_TEXT[rel.op]} {_value_text(rhs)} is {verdict} ✓"
        )
    return lines


def check_system(rels, variables, values: dict) -> list[str]:
    lines = []
    for rel in rels:
        lhs = ev(rel.lhs).subs(values)
        rhs = ev(rel.rhs).subs(values)
        if not numbers_equal(lhs, rhs):
            raise UnverifiedStep(f"{values} does not satisfy {rel.text()}")
        lines.append(f"{rel.text()}: {plain(lhs)} = {plain(rhs)} ✓")
    return lines


def check_equal(label: str, got, expected) -> list[str]:
    if not expressions_equal(got, expected):
        raise UnverifiedStep(f"{label}: {got} != {expected}")
    return [f"{label}: {plain(ev(expected))} ✓"]
