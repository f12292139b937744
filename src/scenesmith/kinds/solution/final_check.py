"""The last line of defence: the answer as shown is checked against the problem as typed.

- Every listed solution is substituted into the original relations ('x = 5: left 22, right 22 ✓').
- The answer's LaTeX, as the video shows it, is read back by math-verify and compared with the
  exact value the engine computed, so a formatting slip (a lost minus sign, a wrong radical) can
  never reach a student.
"""

from __future__ import annotations

import re

import sympy as sp

from scenesmith.kinds.solution.problem import Answer, Problem
from scenesmith.kinds.solution.steps.checks import UnverifiedStep, numbers_equal, value
from scenesmith.kinds.solution.steps.display import number_text, plain
from scenesmith.kinds.solution.steps.sides import exact
from scenesmith.kinds.solution.steps.state import Relations

_REL = {"=": sp.Eq, "<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge, "!=": sp.Ne}


def _holds(relation, var, root) -> tuple[bool, str, str]:
    lhs = value(relation.lhs).subs(var, root)
    rhs = value(relation.rhs).subs(var, root)
    if relation.op == "=":
        ok = not (lhs.has(sp.zoo, sp.nan) or rhs.has(sp.zoo, sp.nan)) and numbers_equal(lhs, rhs)
    else:
        truth = _REL[relation.op](exact(lhs), exact(rhs))
        ok = bool(truth) if truth in (sp.true, sp.false) else bool(_REL[relation.op](float(sp.N(lhs, 30)), float(sp.N(rhs, 30))))
    return ok, plain(exact(sp.radsimp(lhs)) if lhs.is_number else lhs), plain(exact(sp.radsimp(rhs)) if rhs.is_number else rhs)


def substitution_lines(problem: Problem, answer: Answer) -> list[str]:
    """Each solution put back into the problem as typed; raises if one fails."""
    start = problem.start
    if not isinstance(start, Relations) or not start.branches:
        return []
    lines = []
    solutions = answer.value
    if len(start.variables) == 1 and isinstance(solutions, sp.FiniteSet) and len(solutions) <= 6:
        var = start.var
        for root in sorted(solutions, key=lambda v: float(sp.N(v, 30))):
            ok_any = False
            for branch in start.branches:
                results = [_holds(r, var, root) for r in branch]
                if all(ok for ok, _, _ in results):
                    ok_any = True
                    _, left, right = results[0]
                    lines.append(f"{var} = {number_text(root)}: left side = {left}, right side = {right} ✓")
                    break
            if not ok_any:
                raise UnverifiedStep(f"{var} = {root} does not satisfy the problem")
    elif len(start.variables) > 1 and isinstance(solutions, frozenset) and solutions and not any(isinstance(t[0], str) for t in solutions):
        for t in sorted(solutions, key=lambda t: tuple(float(sp.N(c, 30)) for c in t))[:2]:
            point = dict(zip(start.variables, t))
            for r in start.branches[0]:
                lhs, rhs = value(r.lhs).subs(point), value(r.rhs).subs(point)
                if not numbers_equal(lhs, rhs):
                    raise UnverifiedStep(f"{point} does not satisfy {plain(r.lhs)} = {plain(r.rhs)}")
                lines.append(f"{plain(r.lhs)} = {plain(r.rhs)}: {plain(lhs)} = {plain(rhs)} ✓")
    return lines


def shown_answer_matches(answer: Answer) -> None:
    """Read the answer's LaTeX back with math-verify and compare it with the engine's exact value (numbers only)."""
    v = answer.value
    if not isinstance(v, sp.Expr) or not v.is_number or v.has(sp.Integral, sp.Derivative, sp.Limit):
        return
    if any(word in answer.latex for word in (r"\text", r"\approx", r"\times 10")) or "." in answer.text:
        return  # prose, rounded and scientific forms are checked where they are made
    from math_verify import parse, verify

    natural = lambda t: re.sub(r"\\log(?![_a-zA-Z])", r"\\ln", t)  # SymPy prints the natural log as \log; math-verify reads \log as base 10
    shown = parse(f"${natural(answer.latex)}$")
    if not shown:
        return
    try:
        gold = parse(f"${natural(sp.latex(v))}$")
        if gold and not verify(gold, shown):
            raise UnverifiedStep(f"the answer as shown ({answer.latex}) does not equal the computed value {v}")
    except UnverifiedStep:
        raise
    except Exception:  # math-verify could not compare these forms: the engine's own checks stand
        return
