"""Task: functions given by a formula f(x) = ...: evaluate (f(4)), compose (f(g(x)), f(g(2))), invert (linear f), find the domain.

Answer text:
- a value: the bare number, `11`, `-7/2`; a composition: the multiplied-out polynomial, `x^2 + 2x + 2`;
- an inverse: `f^-1(x) = (x - 3)/2` (the letter of the function, the right side over one denominator);
- a domain: `all real numbers`; points left out: `x != 3` (several: `x != -2 and x != 2`); else inequality
  notation `x >= 2`, `2 <= x < 5 or x > 5`; in interval notation when asked: `[2, oo)`, `(-oo, 3) U (3, oo)`, `(-oo, oo)`.
Inverses are found only for linear functions ax + b (a != 0); others are refused (x^2 is not one-to-one).
"""

from __future__ import annotations

import re

import sympy as sp

from scenesmith.mathreader import Reading, Relation, symbol
from scenesmith.kinds.solution.answers import inequality_notation, interval_notation
from scenesmith.kinds.solution.problem import Answer, Problem, Unsupported
from scenesmith.kinds.solution.question import read_form
from scenesmith.kinds.solution.rules.functions import expression_goal, solved_for
from scenesmith.kinds.solution.steps.checks import expressions_equal, meaning
from scenesmith.kinds.solution.steps.display import number_text, plain, tex
from scenesmith.kinds.solution.steps.search import NoPath, search
from scenesmith.kinds.solution.steps.sides import is_solved
from scenesmith.kinds.solution.steps.state import Expression, Move, Relations
from scenesmith.kinds.solution.tasks.common import require_words

FAMILIES = ("functions",)
DOMAIN_FAMILIES = ("linear", "inequalities", "polynomial")
_INVERSE = re.compile(r"\binverse\b|[fgh]\s*\^\s*\{?\s*\(?\s*-\s*1|[fgh]\s*⁻¹", re.I)
_DOMAIN = re.compile(r"\bdomain\b", re.I)


def _applied(e) -> list:
    return [n for n in sp.preorder_traversal(e) if isinstance(n, sp.core.function.AppliedUndef)]


def _definitions(reading: Reading) -> dict:
    """{name: (variable, body)} for each relation f(x) = body."""
    defs = {}
    for chain in reading.relations():
        if len(chain) != 1:
            continue
        r = chain[0]
        if isinstance(r.lhs, sp.core.function.AppliedUndef) and r.op == "=" and len(r.lhs.args) == 1 and isinstance(r.lhs.args[0], sp.Symbol):
            if not _applied(r.rhs):
                defs[r.lhs.func.__name__] = (r.lhs.args[0], r.rhs)
    return defs


def _substitute(body, var, value):
    """body with var replaced by value, kept unevaluated as typed (value bracketed by the printer where needed)."""

    def walk(e):
        if e == var:
            return value
        if not isinstance(e, sp.Basic) or e.is_Atom:
            return e
        args = [walk(a) for a in e.args]
        if isinstance(e, (sp.Add, sp.Mul, sp.Pow)):
            return e.func(*args, evaluate=False)
        try:
            return e.func(*args, evaluate=False)
        except TypeError:
            return e.func(*args)

    return walk(body)


def _fn_text(name, var, body) -> str:
    return f"{name}({var}) = {plain(body)}"


def read(reading: Reading) -> Problem | None:
    defs = _definitions(reading)
    if not defs:
        return None
    text = reading.original
    if _INVERSE.search(text):
        return _inverse(reading, defs)
    if _DOMAIN.search(reading.skeleton):
        return _domain(reading, defs)
    queries = [e for e in reading.expressions() if _applied(e)]
    others = [v for v in reading.values() if not (isinstance(v, tuple) and len(v) == 1 and v[0].lhs.func.__name__ in defs and isinstance(v[0].lhs, sp.core.function.AppliedUndef))
              and v not in queries]
    if not queries:
        return None
    for v in others:
        if not (isinstance(v, sp.Symbol) and (v.name in defs or any(v == d[0] for d in defs.values()))):
            raise Unsupported(f"I did not see how {plain(v) if isinstance(v, sp.Basic) else v} fits the function question", "Give the function and one value to find, e.g. 'f(x) = 2x + 3, find f(4)'")
    if reading.unread:
        span, why = reading.unread[0]
        if span.strip() not in defs:
            raise Unsupported(f"I could not read {span!r} as math: {why}")
    if len(queries) != 1:
        raise Unsupported("The prompt asks for several function values", "Ask for one value at a time, e.g. 'find f(4)'")
    require_words(reading, "functions")
    return _evaluate(reading, defs, queries[0])


# ---------------------------------------------------------------------------------------------
# Evaluation and composition
# ---------------------------------------------------------------------------------------------


def _check_defined(defs, names) -> None:
    for name in names:
        if name not in defs:
            raise Unsupported(f"The prompt uses {name}(...) but does not say what {name} is")
    for name, (var, body) in defs.items():
        if body.free_symbols - {var}:
            extra = ", ".join(sorted(str(s) for s in body.free_symbols - {var}))
            raise Unsupported(f"{_fn_text(name, var, body)} has other letters ({extra}) whose values are not given")


def _value_steps(expr, label: str) -> tuple[list[Move], object]:
    """Verified moves that work a number expression out, and the final value."""
    start = Expression(expr, label)
    try:
        result = search(start, FAMILIES, expression_goal, max_expansions=120)
    except NoPath:
        raise Unsupported(f"I could not work out {plain(expr)} step by step") from None
    final = result.moves[-1].state if result.moves else start
    return list(result.moves), final.expr


def _call_text(q) -> str:
    return plain(q).replace("*", "")


def _evaluate(reading: Reading, defs: dict, query) -> Problem:
    names = {f.func.__name__ for f in _applied(query)}
    _check_defined(defs, names)
    label = f"{_call_text(query)} ="
    moves: list[Move] = []

    def reduce(call):
        """The unevaluated body for call = name(arg), after working out an inner call first."""
        name = call.func.__name__
        var, body = defs[name]
        arg = call.args[0]
        if _applied(arg):
            inner = reduce(arg)
            if sp.sympify(inner).is_number:
                inner_label = f"{_call_text(arg)} ="
                moves.append(Move(Expression(inner, inner_label), f"Work out the inside first: substitute into {_fn_text(arg.func.__name__, *defs[arg.func.__name__])}"))
                steps, v = _value_steps(inner, inner_label)
                moves.extend(steps)
                return _substitute(body, var, v)
            return _substitute(body, var, inner)
        return _substitute(body, var, arg)

    if query.free_symbols:
        # a composition or a function of an expression: f(g(x)), f(2x), f(x + 1)
        for name in names:
            var, body = defs[name]
            if not sp.sympify(body).is_polynomial(var):
                raise Unsupported(f"Composing {_fn_text(name, var, body)} may change its domain", "Only polynomial functions are composed here")
        expr = reduce(query)
        if sp.Poly(sp.expand(expr.doit()), *sorted(expr.free_symbols, key=str)).total_degree() > 12:
            raise Unsupported("The composed function has too high a degree to show step by step")
        what = " and ".join(_fn_text(n, *defs[n]) for n in sorted(names))
        arg = query.args[0]
        shown = f"{_call_text(arg)} = {plain(defs[arg.func.__name__][1])}" if _applied(arg) and arg.func.__name__ in defs else plain(arg)
        caption = f"Replace x in {_fn_text(query.func.__name__, *defs[query.func.__name__])} with {shown}"
        start = Expression(expr, label)
        return Problem(task="functions", title=f"Find {_call_text(query)} for {what}", instruction=f"Find {_call_text(query)}",
                       start=start, families=FAMILIES, goal=expression_goal, form=read_form(reading.skeleton),
                       intro_steps=[Move(start, caption)])
    expr = reduce(query)
    if not sp.sympify(expr).is_number:
        raise Unsupported(f"I could not work out {_call_text(query)}")
    v = sp.sympify(expr).doit()
    if v.has(sp.zoo, sp.nan, sp.I) or not v.is_real or not v.is_finite:
        raise Unsupported(f"{_call_text(query)} is not defined: the value is not a real number", "Check the value is in the function's domain")
    outer = query.func.__name__
    arg = moves[-1].state.expr if moves else query.args[0]
    caption = f"Substitute x = {plain(arg)} into {_fn_text(outer, *defs[outer])}"
    if moves:
        label = f"{_call_text(query)} = {outer}({plain(arg)}) ="
    start = Expression(expr, label)
    moves.append(Move(start, caption))
    what = " and ".join(_fn_text(n, *defs[n]) for n in sorted(names))
    return Problem(task="functions", title=f"Find {_call_text(query)} for {what}", instruction=f"Find {_call_text(query)}",
                   start=start, families=FAMILIES, goal=expression_goal, form=read_form(reading.skeleton), intro_steps=moves)


# ---------------------------------------------------------------------------------------------
# Inverse
# ---------------------------------------------------------------------------------------------


def _only_definition(reading: Reading, defs: dict, what: str):
    if len(defs) != 1:
        raise Unsupported(f"The prompt defines several functions; ask for the {what} of one")
    for span, why in reading.unread:
        if not re.fullmatch(r"[fgh]\s*(\^\s*\{?\s*-\s*1\s*\}?\s*(\(\s*x\s*\))?)?", span.strip()):
            raise Unsupported(f"I could not read {span!r} as math: {why}")
    name, (var, body) = next(iter(defs.items()))
    for v in reading.values():
        if isinstance(v, tuple):
            if not (len(v) == 1 and isinstance(v[0].lhs, sp.core.function.AppliedUndef) and v[0].lhs.func.__name__ == name):
                raise Unsupported(f"The prompt gives a condition I do not use for the {what}", f"Give only the function, e.g. 'the {what} of f(x) = 2x + 3'")
        elif not (v.free_symbols <= {var} and (isinstance(v, sp.Symbol) or _applied(v))):
            raise Unsupported(f"I did not see how {plain(v)} fits the question about the {what}")
    if body.free_symbols - {var}:
        extra = ", ".join(sorted(str(s) for s in body.free_symbols - {var}))
        raise Unsupported(f"{_fn_text(name, var, body)} has other letters ({extra}) whose values are not given")
    return name, var, body


def _inverse(reading: Reading, defs: dict) -> Problem:
    name, var, body = _only_definition(reading, defs, "inverse")
    require_words(reading, "functions")
    value = sp.expand(sp.sympify(body).doit())
    if not value.is_polynomial(var) or sp.degree(value, var) != 1:
        if value.is_polynomial(var) and sp.degree(value, var) == 0:
            raise Unsupported(f"{_fn_text(name, var, body)} is constant, so it has no inverse")
        if value.is_polynomial(var) and sp.degree(value, var) % 2 == 0:
            raise Unsupported(f"{_fn_text(name, var, body)} is not one-to-one (two x values give the same output), so it has no inverse unless its domain is restricted",
                              "Inverses are found here only for linear functions ax + b")
        raise Unsupported(f"Finding the inverse of {_fn_text(name, var, body)} is not supported", "Inverses are found here only for linear functions ax + b")
    x, y = var, symbol("y") if var != symbol("y") else symbol("x")
    swapped = _substitute(body, var, y)
    start = Relations.single(y, Relation(x, "=", swapped))
    intro = [
        Move(Relations.single(y, Relation(y, "=", body)), f"Write y for {name}({var})"),
        Move(start, f"Swap {x} and {y}"),
    ]
    inverse = sp.solve(sp.Eq(x, value.subs(var, y)), y)
    if len(inverse) != 1 or not expressions_equal(value.subs(var, inverse[0]), x):
        raise Unsupported(f"I could not confirm the inverse of {_fn_text(name, var, body)}")

    def answer(state, problem) -> Answer:
        rhs = sp.together(sp.expand(state.branches[0][0].rhs))
        if not expressions_equal(rhs, inverse[0]):
            raise Unsupported("the inverse found does not check")
        return Answer(f"{name}^-1({x}) = {plain(rhs)}", rf"{name}^{{-1}}({x}) = {tex(rhs)}", value=rhs)

    return Problem(task="functions", title=f"Find the inverse of {_fn_text(name, var, body)}", instruction=f"Find {name}^-1({x})",
                   start=start, families=("functions", "linear"), goal=solved_for, answer=answer, intro_steps=intro)


# ---------------------------------------------------------------------------------------------
# Domain
# ---------------------------------------------------------------------------------------------


def _conditions(body, var) -> list[Relation]:
    found: list[Relation] = []

    def add(r: Relation) -> None:
        if all(not (q.lhs == r.lhs and q.op == r.op) for q in found):
            found.append(r)

    for node in sp.preorder_traversal(body):
        if isinstance(node, sp.Pow) and node.base.has(var):
            exp = node.exp
            if not exp.is_Rational:
                raise Unsupported("The domain of a function with a variable exponent is not supported")
            if exp.q % 2 == 0:
                add(Relation(node.base, ">" if exp < 0 else ">=", sp.S.Zero))
            elif exp.q != 1:
                raise Unsupported("The domain of a function with an odd root other than a square root is not supported")
            elif exp < 0:
                add(Relation(node.base, "!=", sp.S.Zero))
        elif isinstance(node, sp.log):
            if len(node.args) != 1:
                raise Unsupported("The domain of a logarithm with a base written in is not supported")
            add(Relation(node.args[0], ">", sp.S.Zero))
        elif isinstance(node, sp.Function) and not isinstance(node, (sp.Abs, sp.log, sp.exp, sp.sin, sp.cos)):
            raise Unsupported(f"The domain of a function with {type(node).__name__} is not supported")
        elif isinstance(node, sp.Pow) and not node.base.has(var) and node.exp.has(var) and node.base.is_number and node.base <= 0:
            raise Unsupported("The domain of a power with a negative base and a variable exponent is not supported")
    return found


def _domain_text(s, var, interval: bool) -> tuple[str, str]:
    if interval:
        if s == sp.S.Reals:
            return "(-oo, oo)", r"\left(-\infty, \infty\right)"
        return interval_notation(s)
    if s == sp.S.Reals:
        return "all real numbers", r"\text{all real numbers}"
    missing = sp.Complement(sp.S.Reals, s)
    if isinstance(missing, sp.FiniteSet):
        points = sorted(missing, key=lambda v: float(v))
        return (" and ".join(f"{var} != {number_text(p)}" for p in points),
                r" \text{ and } ".join(rf"{var} \ne {tex(p)}" for p in points))
    return inequality_notation(s, var)


def _domain(reading: Reading, defs: dict) -> Problem:
    name, var, body = _only_definition(reading, defs, "domain")
    require_words(reading, "functions")
    conditions = _conditions(body, var)
    expected = sp.calculus.util.continuous_domain(sp.sympify(body).doit(), var, sp.S.Reals)
    if conditions:
        start = Relations.single(var, tuple(conditions))
        where = {"!=": "a denominator cannot be 0", ">=": "a square root needs a number >= 0", ">": "this must be positive"}
        reasons = sorted({where[r.op] if not (r.op == ">" and any(isinstance(n, sp.log) and n.args[0] == r.lhs for n in sp.preorder_traversal(body)))
                          else "a logarithm needs a positive number" for r in conditions})
        caption = f"The function is defined where {'; '.join(reasons)}"
    else:
        start = Relations((var,), ((Relation(sp.S.Zero, "=", sp.S.Zero),),), all_text="all real numbers")
        caption = f"{_fn_text(name, var, body)} has no denominators, roots or logarithms, so every real {var} works"
    if not (meaning(start) == expected or (sp.Complement(meaning(start), expected) == sp.S.EmptySet and sp.Complement(expected, meaning(start)) == sp.S.EmptySet)):
        raise Unsupported(f"I could not confirm the domain of {_fn_text(name, var, body)}")
    interval = read_form(reading.skeleton).notation == "interval"

    def goal(state) -> bool:
        if not isinstance(state, Relations):
            return False
        if state.all_text or not state.branches:
            return True
        return all(is_solved(r, var) for b in state.branches for r in b)

    def answer(state, problem) -> Answer:
        s = meaning(state)
        text, latex = _domain_text(s, var, interval)
        return Answer(text, latex, value=s)

    return Problem(task="functions", title=f"Find the domain of {_fn_text(name, var, body)}", instruction="Find the domain",
                   start=start, families=DOMAIN_FAMILIES, goal=goal, answer=answer, intro_steps=[Move(start, caption)])
