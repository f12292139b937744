"""Task: inequalities in one variable. Linear ('2x - 5 < 9'), compound ('-3 < 3(x + 1) <= 9', 'A and B', 'A or B'),
polynomial and rational by a sign chart ('x^2 - 5x + 6 > 0', '(x - 1)/(x + 2) >= 0') and absolute value ('|x - 1| < 3').

Also reads an inequality said in words ('x squared is less than 9', '3x - 4 is at least 8') and answers the
integer questions asked of a solution set: how many integers, the largest or smallest integer, their sum or product.
"""

from __future__ import annotations

import dataclasses
import re

import sympy as sp

from scenesmith.mathreader import Reading, Relation
from scenesmith.kinds.solution.answers import default_answer
from scenesmith.kinds.solution.problem import Answer, Problem, Unsupported
from scenesmith.kinds.solution.question import read_form
from scenesmith.kinds.solution.rules.inequalities import INEQ, _real_zeros, inequality_goal
from scenesmith.kinds.solution.steps.checks import meaning
from scenesmith.kinds.solution.steps.display import plain
from scenesmith.kinds.solution.steps.sides import evaluated, is_number, linear_coefficients
from scenesmith.kinds.solution.steps.state import FLIP, Relations, State
from scenesmith.kinds.solution.tasks.common import has_applied_function, require_words, variables_of

FAMILIES = ("linear", "inequalities")
COMPOUND_FAMILIES = ("inequalities",)
MAX_DEGREE = 6
MAX_INTEGERS = 10**9  # integers a count may cover
MAX_LISTED = 200  # integers a sum or product may run over

_WORD_OPS = [
    (r"less\s+than\s+or\s+equal\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than|no\s+greater\s+than|not\s+greater\s+than", "<="),
    (r"greater\s+than\s+or\s+equal\s+to|at\s+least|no\s+less\s+than|not\s+less\s+than", ">="),
    (r"less\s+than|smaller\s+than", "<"),
    (r"greater\s+than|more\s+than|bigger\s+than|larger\s+than|exceeds", ">"),
]
_WORD_RELATION = re.compile(r"<(\d+)>\s+(?:is\s+)?(" + "|".join(p for p, _ in _WORD_OPS) + r")\s+<(\d+)>")


def _word_op(phrase: str) -> str:
    for pattern, op in _WORD_OPS:
        if re.fullmatch(pattern, phrase):
            return op
    raise ValueError(phrase)  # pragma: no cover - the pattern only matches these phrases


def _pieces(reading: Reading) -> tuple[dict[int, tuple], str]:
    """{item index: tuple of Relations} for the prompt's relations, and the skeleton with worded relations made one item."""
    skeleton = reading.skeleton
    pieces: dict[int, tuple] = {}
    for i, item in enumerate(reading.items):
        rels = [v for v in item.values if isinstance(v, tuple)]
        if not rels:
            continue
        if len(item.values) != 1:
            raise Unsupported(f"{item.source!r} lists several relations separated by commas",
                              "Join inequalities with 'and' or 'or', e.g. 'x > 1 and x < 5'")
        pieces[i] = rels[0]
    for m in list(_WORD_RELATION.finditer(skeleton)):
        a, b = int(m.group(1)), int(m.group(3))
        left, right = reading.items[a].values, reading.items[b].values
        if len(left) != 1 or len(right) != 1 or isinstance(left[0], tuple) or isinstance(right[0], tuple):
            continue
        pieces[a] = (Relation(left[0], _word_op(re.sub(r"\s+", " ", m.group(2))), right[0]),)
        skeleton = skeleton.replace(m.group(0), f"<{a}>", 1)
    return pieces, skeleton


def _kind(r: Relation, var) -> str:
    lhs, rhs = evaluated(r.lhs), evaluated(r.rhs)
    if linear_coefficients(lhs, var) is not None and linear_coefficients(rhs, var) is not None:
        return "linear"
    if lhs.has(sp.Abs) or rhs.has(sp.Abs):
        return "absolute"
    d = sp.together(lhs - rhs)
    n, den = sp.fraction(d)
    if n.is_polynomial(var) and den.is_polynomial(var) and not d.has(sp.Abs):
        if any(not c.is_Rational for c in sp.Poly(sp.expand(n), var).all_coeffs() + sp.Poly(sp.expand(den), var).all_coeffs()):
            return "other"
        return "rational" if den.has(var) else "polynomial"
    return "other"


def _check_absolute(r: Relation, var, title: str) -> None:
    lhs, rhs = evaluated(r.lhs), evaluated(r.rhs)
    bars = [a for a in sp.preorder_traversal(lhs - rhs) if isinstance(a, sp.Abs)]
    if len(bars) != 1:
        raise Unsupported(f"{title} has more than one absolute value", "I solve inequalities with one absolute value, such as |2x - 1| < 5")
    inside = bars[0].args[0]
    if linear_coefficients(inside, var) is None:
        raise Unsupported(f"{title} has {plain(bars[0])}, whose inside is not linear", "I solve |ax + b| < c and the like")
    t = sp.Dummy("t")
    side_with, other = (lhs, rhs) if lhs.has(sp.Abs) else (rhs, lhs)
    if not is_number(other) or linear_coefficients(side_with.subs(bars[0], t), t) is None or side_with.subs(bars[0], t).has(var):
        raise Unsupported(f"{title} has the variable outside the absolute value as well", "I solve inequalities of the form a|bx + c| + d < e")


def _check_hidden_exclusions(r: Relation, var, title: str) -> None:
    """Refuse when working out the sides cancels a denominator the prompt has (x/x >= 1: x = 0 is not allowed, but x/x is 1)."""
    written = [sub.base for side in (r.lhs, r.rhs) for sub in sp.preorder_traversal(side)
               if isinstance(sub, sp.Pow) and sub.exp.is_negative and sub.base.has(var)]
    if not written:
        return
    _, kept = sp.fraction(sp.together(evaluated(r.lhs) - evaluated(r.rhs)))
    for base in written:
        zeros = _real_zeros(sp.numer(sp.together(evaluated(base))), var) if evaluated(base).is_rational_function(var) else None
        if zeros is None:
            raise Unsupported(f"I cannot find exactly where the denominator {plain(base)} in {title} is 0")
        lost = [z for z in zeros if kept.subs(var, z) != 0]
        if lost:
            raise Unsupported(f"{title} is undefined at {var} = {plain(lost[0])} (the denominator {plain(base)} is 0 there), "
                              "but its sides simplify so that this is lost; I do not solve it with that restriction",
                              "Cancel the common factor yourself and say which values are excluded")


def _check_sign_chart(r: Relation, var, title: str) -> None:
    d = sp.together(evaluated(r.lhs) - evaluated(r.rhs))
    n, den = sp.fraction(d)
    for part in (n, den):
        if part.has(var) and sp.degree(part, var) > MAX_DEGREE:
            raise Unsupported(f"{title} has degree more than {MAX_DEGREE}", "I solve polynomial inequalities up to degree 6")
        if _real_zeros(part, var) is None:
            raise Unsupported(f"the zeros of {plain(sp.expand(part))} cannot all be found exactly by factoring, so I cannot solve {title} exactly")


def _as_chain(a: Relation, b: Relation):
    """Two relations that share the middle (an expression in the variable), as one compound inequality (or None)."""
    for x in (a, Relation(a.rhs, FLIP[a.op], a.lhs)):
        for y in (b, Relation(b.rhs, FLIP[b.op], b.lhs)):
            if x.rhs == y.lhs and not is_number(x.rhs) and (x.op in ("<", "<=")) == (y.op in ("<", "<=")):
                return (x, y)
    return None


def _is_chain(branch) -> bool:
    return len(branch) == 2 and branch[0].rhs == branch[1].lhs


def _structure(pieces: dict[int, tuple], skeleton: str) -> tuple[tuple, ...]:
    """The branches (an OR of ANDs) the prompt's relations state."""
    if len(pieces) == 1:
        chain = next(iter(pieces.values()))
        if len(chain) > 2:
            raise Unsupported("a chain of more than two inequalities is not supported", "Write it as a < expression < b")
        if len(chain) == 2 and (chain[0].op in ("<", "<=")) != (chain[1].op in ("<", "<=")):
            raise Unsupported(f"the compound inequality {plain(chain[0].lhs)} {chain[0].op} {plain(chain[0].rhs)} {chain[1].op} {plain(chain[1].rhs)} "
                              "points both ways", "Write it as a < expression < b")
        return (chain,)
    if len(pieces) != 2:
        raise Unsupported("more than two inequalities at once are not supported", "Give one inequality, a compound inequality, or two joined by 'and' or 'or'")
    (i, a), (j, b) = sorted(pieces.items())
    if len(a) != 1 or len(b) != 1:
        raise Unsupported("a compound inequality joined to another inequality is not supported")
    if re.search(rf"<{i}>\s+or\s+<{j}>", skeleton):
        return ((a[0],), (b[0],))
    if re.search(rf"<{i}>\s*,?\s+and\s+<{j}>", skeleton):
        return (_as_chain(a[0], b[0]) or (a[0], b[0]),)
    raise Unsupported("the prompt has two inequalities but does not say whether both must hold ('and') or either ('or')",
                      "Join them with 'and' or 'or'")


_RESTRICTION = re.compile(r"\b(positive|negative|non-?negative|non-?positive|whole|natural|counting|even|odd|prime|rational|irrational|integers?)\b")


def _check_restriction(skeleton: str, question, form) -> None:
    """Refuse a condition on the variable said in words ('if x is negative', 'for whole numbers') that the answer would not apply."""
    words = re.sub(r"<\d+>", " ", skeleton)
    if question is not None:
        m = re.search(r"\b(whole|natural|counting|even|odd|prime)\b", words)
    elif form.pick in ("positive", "negative"):
        m = None  # 'the positive solution of ...': the answer picks it
    else:
        m = _RESTRICTION.search(words)
    if m:
        raise Unsupported(f"the prompt restricts the variable ({m.group(1)!r}), and I do not apply such a condition to an inequality",
                          "Give the inequality on its own, or ask how many (positive) integers satisfy it")


def _integer_question(skeleton: str) -> tuple[str, str] | None:
    """(what, restriction) for an integer question: count | largest | smallest | sum | product; positive | negative | nonnegative | ''."""
    t = skeleton
    if not re.search(r"\bintegers?\b", t):
        return None
    sign = ""
    m = re.search(r"\b(positive|negative|non-negative|nonnegative)\s+integers?\b", t)
    if m:
        sign = "nonnegative" if m.group(1).startswith("non") else m.group(1)
    if re.search(r"\bhow\s+many\b|\bnumber\s+of\b", t):
        return "count", sign
    if re.search(r"\bsum\s+of\b", t):
        return "sum", sign
    if re.search(r"\bproduct\s+of\b", t):
        return "product", sign
    if re.search(r"\b(largest|greatest|biggest|maximum)\b", t):
        return "largest", sign
    if re.search(r"\b(smallest|least|minimum)\b", t):
        return "smallest", sign
    raise Unsupported("the prompt asks about integer solutions in a way I do not answer",
                      "Ask how many integers satisfy it, or for the largest, smallest, sum or product of them")


def _integer_ranges(s) -> list[tuple]:
    """[(first, last), ...] integer runs of a union of intervals and points; an unbounded end is -oo or oo."""
    parts = s.args if isinstance(s, sp.Union) else (s,)
    runs = []
    for p in parts:
        if p == sp.S.EmptySet:
            continue
        if isinstance(p, sp.FiniteSet):
            runs += [(int(v), int(v)) for v in p if v.is_integer]
            continue
        if not isinstance(p, sp.Interval):
            raise Unsupported(f"the solution set {p} is not a union of intervals")
        lo, hi = p.start, p.end
        if lo != -sp.oo:
            lo = sp.ceiling(p.start) + (1 if p.left_open and sp.ceiling(p.start) == p.start else 0)
        if hi != sp.oo:
            hi = sp.floor(p.end) - (1 if p.right_open and sp.floor(p.end) == p.end else 0)
        if lo <= hi:
            runs.append((lo, hi))
    return sorted(runs, key=lambda r: float(r[0]))


def _integer_answer(question: tuple[str, str]):
    what, sign = question

    def answer(state: State, problem: Problem) -> Answer:
        s = meaning(state)
        if not isinstance(s, sp.Set):
            raise Unsupported("the answer is not a set of numbers")
        restrict = {"positive": sp.Interval(1, sp.oo), "negative": sp.Interval(-sp.oo, -1), "nonnegative": sp.Interval(0, sp.oo), "": sp.S.Reals}[sign]
        runs = _integer_ranges(sp.Intersection(s, restrict))
        kind = f"{sign} integers" if sign else "integers"
        if what == "largest" and runs:
            if runs[-1][1] == sp.oo:
                raise Unsupported(f"there is no largest {kind[:-1]}: the solutions go on without end")
            v = int(runs[-1][1])
            return Answer(str(v), str(v), [f"the largest of the {kind} in the solution set is {v}"], value=sp.Integer(v))
        if what == "smallest" and runs:
            if runs[0][0] == -sp.oo:
                raise Unsupported(f"there is no smallest {kind[:-1]}: the solutions go on without end")
            v = int(runs[0][0])
            return Answer(str(v), str(v), [f"the smallest of the {kind} in the solution set is {v}"], value=sp.Integer(v))
        if any(a == -sp.oo or b == sp.oo for a, b in runs):
            raise Unsupported(f"infinitely many {kind} satisfy it, so there is no single number to give")
        runs = [(int(a), int(b)) for a, b in runs]
        count = sum(b - a + 1 for a, b in runs)
        shown = ", ".join(f"{a} to {b}" if a != b else f"{a}" for a, b in runs) or "none"
        checks = [f"{kind} in the solution set: {shown}"]
        if what == "count":
            if count > MAX_INTEGERS:
                raise Unsupported("too many integers satisfy it to count them")
            return Answer(str(count), str(count), checks + [f"count: {count}"], value=sp.Integer(count))
        if count == 0:
            raise Unsupported(f"no {kind[:-1]} satisfies it, so there is no {what}")
        if what == "sum":
            v = sum((a + b) * (b - a + 1) // 2 for a, b in runs)
        else:
            if count > MAX_LISTED:
                raise Unsupported("too many integers satisfy it to multiply them")
            v = 1
            for a, b in runs:
                for k in range(a, b + 1):
                    v *= k
        return Answer(str(v), str(v), checks, value=sp.Integer(v))

    return answer


def read(reading: Reading) -> Problem | None:
    pieces, skeleton = _pieces(reading)
    if not pieces:
        return None
    relations = [r for chain in pieces.values() for r in chain]
    ops = {r.op for r in relations}
    if ops <= {"="}:
        return None
    if has_applied_function(*relations):
        return None
    if "=" in ops:
        raise Unsupported("the prompt mixes an equation with an inequality", "Give one inequality, or inequalities joined by 'and' or 'or'")
    if "!=" in ops:
        raise Unsupported("inequalities with '!=' (not equal) are not supported", "Use <, <=, > or >=")
    variables = variables_of(*relations)
    if not variables:
        return None
    if len(variables) > 1:
        raise Unsupported(f"the inequality has several variables ({', '.join(map(str, variables))}); "
                          "systems of inequalities in two variables are not supported", "Give inequalities in one variable")
    var = variables[0]
    used = set(pieces)
    extra = [i for i in range(len(reading.items)) if i not in used and f"<{i}>" in skeleton]
    for i in extra:
        values = reading.items[i].values
        if len(values) == 1 and values[0] == var:
            continue
        if len(values) == 1 and isinstance(values[0], sp.Symbol):
            raise Unsupported(f"The prompt asks for {values[0]}, but the inequality is in {var}")
        if not values:
            return None  # a span that did not read: the caller names it
        raise Unsupported(f"I did not see how {reading.items[i].source!r} is used in the inequality", "Give the inequality on its own")
    checked = dataclasses.replace(reading, skeleton=skeleton)
    require_words(checked, "inequalities")
    branches = _structure(pieces, skeleton)
    start = Relations((var,), branches, empty_text="no real solution")
    title = start.text()
    compound = any(_is_chain(b) for b in branches)
    for r in relations:
        _check_hidden_exclusions(r, var, title)
    kinds = {_kind(r, var) for r in relations}
    if "other" in kinds:
        raise Unsupported(f"{title} is not a linear, polynomial, rational or absolute value inequality",
                          "I solve inequalities such as 2x - 5 < 9, x^2 - 4 > 0, (x - 1)/(x + 2) >= 0 and |x - 1| < 3")
    if compound:
        left, right = branches[0][0].lhs, branches[0][1].rhs
        if not (is_number(left) and is_number(right)):
            raise Unsupported(f"in {title} the two outer parts must be numbers", "Write a compound inequality as a < expression < b")
        if kinds != {"linear"}:
            raise Unsupported(f"the middle of {title} is not linear", "I solve compound inequalities a < mx + c < b")
    elif len(relations) > 1:
        if kinds != {"linear"}:
            raise Unsupported(f"{title}: I combine only linear inequalities with 'and' or 'or'", "Give the nonlinear inequality on its own")
    else:
        kind = kinds.pop()
        if kind == "absolute":
            _check_absolute(relations[0], var, title)
        elif kind in ("polynomial", "rational"):
            _check_sign_chart(relations[0], var, title)
    form = read_form(skeleton)
    question = _integer_question(skeleton)
    _check_restriction(skeleton, question, form)
    if question is None and re.search(r"\bhow\s+many\b|\bnumber\s+of\b", skeleton) and form.combine != "count":
        raise Unsupported("the prompt asks how many of something I do not count", "Ask 'how many integers satisfy ...'")
    return Problem(
        task="inequalities",
        title=f"Solve {title}",
        instruction=f"Solve for {var}",
        start=start,
        families=COMPOUND_FAMILIES if compound else FAMILIES,
        goal=inequality_goal,
        form=form,
        answer=_integer_answer(question) if question else default_answer,
    )


__all__ = ["INEQ", "read"]
