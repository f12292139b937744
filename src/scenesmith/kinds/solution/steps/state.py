"""What the step engine works on: an expression, or relations over the reals; and a Move from one state to the next.

- `Expression`: a value (arithmetic, simplify, derivative, integral, limit ...). It may hold
  unevaluated parts (`Derivative`, `Integral`, `Limit`, sums as typed); its meaning is its value.
- `Relations`: an OR of ANDs of relations in `variables`. One variable: equations and
  inequalities (`x - 3 = 5 or x - 3 = -5`, `-3 < x and x <= 2`); several: systems. Its meaning
  is its solution set over the reals. No branches means no solution.

A `Move` is one step: the new state, the rule that made it, its caption, and how it relates
to the previous state: `equiv` (same meaning), `implies` (may only add solutions: squaring,
multiplying by an expression that can be 0) or `check` (candidates checked against the problem).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from scenesmith.mathreader import Relation
from scenesmith.kinds.solution.steps.display import label_latex, number_latex, number_text, plain, tex

OP_TEX = {"=": "=", "<": "<", "<=": r"\le", ">": ">", ">=": r"\ge", "!=": r"\ne"}
FLIP = {"=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<=", "!=": "!="}
MODES = ("equiv", "implies", "check")


def relation_latex(r: Relation) -> str:
    rhs = r.rhs
    right = number_latex(rhs) if isinstance(r.lhs, sp.Symbol) and rhs.is_number and not rhs.has(sp.Integral, sp.Derivative) else tex(rhs)
    return f"{tex(r.lhs)} {OP_TEX[r.op]} {right}"


def relation_text(r: Relation) -> str:
    rhs = r.rhs
    right = number_text(rhs) if isinstance(r.lhs, sp.Symbol) and rhs.is_number else plain(rhs)
    return f"{plain(r.lhs)} {r.op} {right}"


def _chain(branch: tuple[Relation, ...]) -> tuple[Relation, Relation] | None:
    """Two relations that read as one compound inequality a < x <= b."""
    if len(branch) != 2:
        return None
    a, b = branch
    if a.op in ("<", "<=") and b.op in ("<", "<=") and a.rhs == b.lhs:
        return a, b
    if a.op in (">", ">=") and b.op in (">", ">=") and a.rhs == b.lhs:
        return a, b
    return None


def branch_latex(branch: tuple[Relation, ...]) -> str:
    chain = _chain(branch)
    if chain:
        a, b = chain
        return f"{tex(a.lhs)} {OP_TEX[a.op]} {tex(a.rhs)} {OP_TEX[b.op]} {tex(b.rhs)}"
    joiner = r",\ " if all(r.op == "=" for r in branch) else r" \text{ and } "
    return joiner.join(relation_latex(r) for r in branch)


def branch_text(branch: tuple[Relation, ...]) -> str:
    chain = _chain(branch)
    if chain:
        a, b = chain
        return f"{plain(a.lhs)} {a.op} {plain(a.rhs)} {b.op} {plain(b.rhs)}"
    joiner = ", " if all(r.op == "=" for r in branch) else " and "
    return joiner.join(relation_text(r) for r in branch)


@dataclass(frozen=True)
class Expression:
    expr: sp.Basic
    label: str = ""  # shown before the expression: 'f(4) =', "f'(x) ="

    def latex(self) -> str:
        body = tex(self.expr)
        return f"{label_latex(self.label)} {body}" if self.label else body

    def text(self) -> str:
        return plain(self.expr)

    def key(self) -> str:
        return "E:" + sp.srepr(self.expr)

    def value(self):
        return sp.sympify(self.expr).doit()


@dataclass(frozen=True)
class Relations:
    variables: tuple[sp.Symbol, ...]
    branches: tuple[tuple[Relation, ...], ...]
    empty_text: str = "no real solution"
    all_text: str = ""  # set when a branch is a true statement such as 0 = 0: 'all real numbers'

    def latex(self) -> str:
        if not self.branches:
            return rf"\text{{{self.empty_text}}}"
        if self.all_text:
            return rf"\text{{{self.all_text}}}"
        return r" \text{ or } ".join(branch_latex(b) for b in self.branches)

    def text(self) -> str:
        if not self.branches:
            return self.empty_text
        if self.all_text:
            return self.all_text
        return " or ".join(branch_text(b) for b in self.branches)

    def key(self) -> str:
        return "R:" + sp.srepr(sp.Tuple(*self.variables)) + "|".join(
            ";".join(f"{sp.srepr(r.lhs)}{r.op}{sp.srepr(r.rhs)}" for r in b) for b in self.branches
        ) + self.empty_text + self.all_text

    @property
    def var(self) -> sp.Symbol:
        return self.variables[0]

    @classmethod
    def single(cls, var, *branches, **kw) -> Relations:
        """Relations in one variable; each branch is a Relation or a tuple of them."""
        return cls((var,), tuple(b if isinstance(b, tuple) else (b,) for b in branches), **kw)

    def solved_values(self) -> list | None:
        """[value, ...] when every branch is `var = number` (one variable), else None."""
        if len(self.variables) != 1 or self.all_text:
            return None
        values = []
        for b in self.branches:
            if len(b) != 1 or b[0].op != "=" or b[0].lhs != self.var or b[0].rhs.free_symbols:
                return None
            values.append(b[0].rhs)
        return values


State = Expression | Relations


@dataclass(frozen=True)
class Move:
    """One step: the state it leads to and why. The search fills in `rule` from the rule that proposed it."""

    state: State
    caption: str
    mode: str = "equiv"
    cost: float = 1.0
    rule: str = ""
    checks: tuple[str, ...] = field(default=())  # lines a check step shows (extraneous roots, excluded values)

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown step mode {self.mode!r}")
