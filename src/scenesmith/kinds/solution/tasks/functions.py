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
DOMAIN_FAMILIES = ("linear", "inequalities", "polynomial", "functions")
_INVERSE = re.compile(r"\binverse\b|[fgh]\s*\^\s*\{?\s*\(?\s*-\s*1|[fgh]\s*⁻¹", re.I)
_DOMAIN = re.compile(r"\bdomain\b", re.I)


def _applied(e) -> list:
    return [n for n in sp.preorder_traversal(e) if isinstance(n, sp.core.function.AppliedUndef)]


def _definitions(reading: Reading) -> dict:
    """{name: (variable, body)} for each relation f(x) = body. A letter defined twice, differently, is refused."""
    defs = {}
    for chain in reading.relations():
        if len(chain) != 1:
            continue
        r = chain[0]
        if isinstance(r.lhs, sp.core.function.AppliedUndef) and r.op == "=" and len(r.lhs.args) == 1 and isinstance(r.lhs.args[0], sp.Symbol):
            if not _applied(r.rhs):
                name = r.lhs.func.__name__
                if name in defs and (defs[name][0], sp.srepr(defs[name][1])) != (r.lhs.args[0], sp.srepr(r.rhs)):
                    if not r.rhs.free_symbols:
                        raise Unsupported(f"Solving {name}({r.lhs.args[0]}) = {plain(r.rhs)} for {r.lhs.args[0]} is not done by the function task",
                                          f"Write it as an equation: {plain(defs[name][1])} = {plain(r.rhs)}")
                    raise Unsupported(f"The prompt defines {name} twice: {_fn_text(name, *defs[name])} and {_fn_text(name, r.lhs.args[0], r.rhs)}",
                                      "Give each function one formula")
                defs.setdefault(name, (r.lhs.args[0], r.rhs))
    return defs


_COMPOSE = re.compile(r"\(\s*([a-zA-Z])\s*(?:∘|\\circ|\bo\b)\s*([a-zA-Z])\s*\)\s*\(([^()]*)\)|(?<![\w)])([a-zA-Z])\s*(?:∘|\\circ)\s*([a-zA-Z])\s*\(([^()]*)\)")


def _compositions(reading: Reading, defs: dict) -> list[tuple[str, object]]:
    """(text, f(g(a))) for each (f∘g)(a), (f o g)(a) or f∘g(a) in the prompt (the reader cannot parse the ring)."""
    from scenesmith.mathreader.parse import MathReadError, parse_plain

    found = []
    for m in _COMPOSE.finditer(reading.original.replace("$", " ").replace(r"\(", " ").replace(r"\)", " ")):
        outer, inner, arg = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
        if outer not in defs or inner not in defs:
            raise Unsupported(f"The prompt composes {outer} and {inner} but does not define both", "Define each function, e.g. 'f(x) = x + 1 and g(x) = 2x'")
        try:
            a = parse_plain(arg, frozenset(defs))
        except MathReadError as exc:
            raise Unsupported(f"I could not read {arg!r} in {m.group(0)!r}: {exc}") from None
        found.append((m.group(0), sp.Function(outer)(sp.Function(inner)(a))))
    return found


def _inside(source: str, comps) -> bool:
    src = source.strip().replace(" ", "")
    return bool(src) and any(src in text.replace(" ", "") for text, _ in comps)


class _Bracket(sp.UnevaluatedExpr):
    """A product substituted into a product, shown in brackets: 3(2x) - 1, not 3 · 2x - 1. Its value is the product."""

    def _latex(self, printer):
        return r"\left(%s\right)" % printer._print(self.args[0])


def _substitute(body, var, value):
    """body with var replaced by value, kept unevaluated as typed (value bracketed by the printer where needed)."""
    bracketed = _Bracket(value) if isinstance(value, sp.Mul) and value.free_symbols else value

    def walk(e, parent=None):
        if e == var:
            return bracketed if isinstance(parent, sp.Mul) else value
        if not isinstance(e, sp.Basic) or e.is_Atom:
            return e
        args = [walk(a, e) for a in e.args]
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
    comps = _compositions(reading, defs)
    values = [v for item in reading.items if not _inside(item.source, comps) for v in item.values]
    queries = [q for _, q in comps] + [e for e in values if not isinstance(e, tuple) and _applied(e)]
    others = [v for v in values if not (_is_definition(v, defs) or (not isinstance(v, tuple) and _applied(v)))]
    if not queries:
        if len(defs) > 1 and values and all(_is_definition(v, defs) for v in values):
            names = " and ".join(sorted(defs))
            raise Unsupported(f"The prompt defines {names} but does not say what to find",
                              "Ask for a value, a composition, the inverse or the domain, e.g. 'f(x) = 2x + 3, find f(4)'")
        return None
    for v in others:
        if not (isinstance(v, sp.Symbol) and (v.name in defs or any(v == d[0] for d in defs.values()))):
            raise Unsupported(f"I did not see how {plain(v) if isinstance(v, sp.Basic) else v} fits the function question", "Give the function and one value to find, e.g. 'f(x) = 2x + 3, find f(4)'")
    for span, why in reading.unread:
        if span.strip() not in defs and not _inside(span, comps):
            raise Unsupported(f"I could not read {span!r} as math: {why}")
    if len(queries) != 1:
        raise Unsupported("The prompt asks for several function values", "Ask for one value at a time, e.g. 'find f(4)'")
    require_words(reading, "functions")
    return _evaluate(reading, defs, queries[0])


def _is_definition(v, defs) -> bool:
    return isinstance(v, tuple) and len(v) == 1 and isinstance(v[0].lhs, sp.core.function.AppliedUndef) and v[0].lhs.func.__name__ in defs \
        and v[0].op == "=" and not _applied(v[0].rhs) and isinstance(v[0].lhs.args[0], sp.Symbol)


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


def _undefined_power(expr) -> str | None:
    """Why a number expression has no value: 0^0 or 0 to a negative power (SymPy would say 1 or zoo)."""
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Pow) and node.base.is_number and node.exp.is_number:
            base, exp = sp.sympify(node.base).doit(), sp.sympify(node.exp).doit()
            if base == 0 and exp == 0:
                return "0^0 is not defined"
            if base == 0 and exp.is_real and exp < 0:
                return "it divides by 0"
    return None


def _evaluate(reading: Reading, defs: dict, query) -> Problem:
    names = {f.func.__name__ for f in _applied(query)}
    _check_defined(defs, names)
    if any(s.name in ("i", "j") for s in query.free_symbols):
        raise Unsupported(f"{_call_text(query)}: the letter i is read as a real variable, not the imaginary unit", "Only real values are worked out")
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

    if not isinstance(query, sp.core.function.AppliedUndef):
        return _combination(reading, defs, query, names, reduce, moves)
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
        shown = f"{_call_text(arg)} = {plain(sp.expand(sp.sympify(reduce(arg)).doit()))}" if _applied(arg) and arg.func.__name__ in defs else plain(arg)
        caption = f"Replace x in {_fn_text(query.func.__name__, *defs[query.func.__name__])} with {shown}"
        start = Expression(expr, label)
        return Problem(task="functions", title=f"Find {_call_text(query)} for {what}", instruction=f"Find {_call_text(query)}",
                       start=start, families=FAMILIES, goal=expression_goal, form=read_form(reading.skeleton),
                       intro_steps=[Move(start, caption)])
    expr = reduce(query)
    if not sp.sympify(expr).is_number:
        raise Unsupported(f"I could not work out {_call_text(query)}")
    why = _undefined_power(expr)
    if why:
        raise Unsupported(f"{_call_text(query)} is not defined: {why}", "Check the value is in the function's domain")
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


def _combination(reading: Reading, defs: dict, query, names, reduce, moves: list) -> Problem:
    """A number made of function values: 2f(4), f(2) + g(3), f(2)^2. Each value is substituted, then worked out."""
    if query.free_symbols:
        raise Unsupported(f"Combining function values with letters ({_call_text(query)}) is not supported", "Ask for one value, e.g. 'find f(4)', or one composition f(g(x))")
    outer: list = []

    def walk(e):
        if isinstance(e, sp.core.function.AppliedUndef):
            outer.append(e)
            return reduce(e)
        if not isinstance(e, sp.Basic) or e.is_Atom:
            return e
        return e.func(*[walk(a) for a in e.args], evaluate=False)

    expr = walk(query)
    if _applied(expr) or not sp.sympify(expr).is_number:
        raise Unsupported(f"I could not work out {_call_text(query)}")
    why = _undefined_power(expr)
    value = sp.sympify(expr).doit()
    if why or value.has(sp.zoo, sp.nan, sp.I) or not value.is_real or not value.is_finite:
        raise Unsupported(f"{_call_text(query)} is not defined: {why or 'the value is not a real number'}", "Check each value is in the function's domain")
    label = f"{_call_text(query)} ="
    caption = "Substitute: " + "; ".join(f"{_call_text(c)} from {_fn_text(c.func.__name__, *defs[c.func.__name__])}" for c in outer)
    start = Expression(expr, label)
    what = " and ".join(_fn_text(n, *defs[n]) for n in sorted(names))
    return Problem(task="functions", title=f"Find {_call_text(query)} for {what}", instruction=f"Find {_call_text(query)}",
                   start=start, families=FAMILIES, goal=expression_goal, form=read_form(reading.skeleton),
                   intro_steps=moves + [Move(start, caption[:160])])


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
    # 1/sqrt(u): sqrt(u) != 0 and u >= 0 is u > 0
    for r in list(found):
        if r.op == "!=" and isinstance(r.lhs, sp.Pow) and r.lhs.exp.is_Rational and r.lhs.exp > 0 and r.lhs.exp.q % 2 == 0:
            u = r.lhs.base
            found = [q for q in found if q is not r and not (q.lhs == u and q.op == ">=")]
            if all(not (q.lhs == u and q.op == ">") for q in found):
                found.append(Relation(u, ">", sp.S.Zero))
    return found


def _domain_text(s, var, interval: bool) -> tuple[str, str]:
    if interval:
        if s == sp.S.Reals:
            return "(-oo, oo)", r"\left(-\infty, \infty\right)"
        return interval_notation(s)
    if s == sp.S.Reals:
        return "all real numbers", r"\text{all real numbers}"
    if s == sp.S.EmptySet:
        return "no real numbers", r"\text{no real numbers}"
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
