"""Task: an expression with variables to simplify, expand or factor (laws of exponents, rational expressions, rationalising).

- simplify (the default when no verb is given): multiply out, combine like terms, apply the laws of
  exponents, cancel common factors of a fraction (the excluded values are recorded as checks),
  clear a square root from a denominator. The answer is the polynomial in order of degree, or the
  reduced fraction ('x + 3', '1/x^2', '(x - 1)/(x + 1)').
- expand: the same, for polynomials.
- factor: completely over the integers with named methods; the answer is the factored form
  ('(x - 4)(x - 3)', '2x(x - 2)(x + 2)'), checked by multiplying it back out. A polynomial that does
  not factor is its own answer, with the caption that it does not factor over the integers.

Number-only expressions belong to the arithmetic task; relations to the equation tasks.
"""

from __future__ import annotations

import re

import sympy as sp

from scenesmith.mathreader import Reading
from scenesmith.kinds.solution.problem import Answer, Problem, Unsupported
from scenesmith.kinds.solution.question import read_form
from scenesmith.kinds.solution.rules.algebra_common import MAX_TERMS, answer_text, final_form, fully_factored
from scenesmith.kinds.solution.steps.display import plain, tex
from scenesmith.kinds.solution.steps.state import Expression, Move, State
from scenesmith.kinds.solution.tasks.common import has_applied_function, require_words

FAMILIES = ("algebra",)
_FACTOR = re.compile(r"\b(factor|factorise|factorize|factored|factorised|factorized|factoring|factorising|factorizing)\b")
_EXPAND = re.compile(r"\b(expand|expanded|multiply)\b")
_SIMPLIFY = re.compile(r"\b(simplify|simplified|simplest|combine|reduce|rationalise|rationalize|laws?|exponents?)\b")
# '1/2x', 'x/2y', '1/2(4x + 6)': is the letter or bracket in the denominator or not? Read either way, it
# changes the problem, so it is refused (like 6 ÷ 2(1 + 2) in arithmetic). '1/(2x)', '(1/2)x', 'x/2 y' are clear.
_FUNCTION = r"(?!(?:sqrt|cbrt|root|log|ln|exp|abs|sin|cos|tan)\b)"
_AMBIGUOUS_SLASH = re.compile(rf"/\s*(?:\d+(?:\.\d+)?|{_FUNCTION}[A-Za-z])(?:\s*\(|{_FUNCTION}[A-Za-z])")
# 'Is 2x + 3 a polynomial?', 'a half of 8x': a lone a, A or I at the edge of a span, set apart by a space, may be
# the English word rather than a variable; reading it as a letter would change the problem.
_ARTICLE = re.compile(r"^\s*[aAI]\s+(?=[\w(])|(?<=[\w)\]])\s+[aAI]\s*$")


def _mode(skeleton: str) -> str:
    if _FACTOR.search(skeleton):
        return "factor"
    if _EXPAND.search(skeleton):
        return "expand"
    return "simplify"


def _check_scope(e) -> None:
    """Refuse what the algebra rules do not cover: roots of letters, fractional powers, functions."""
    for node in sp.preorder_traversal(e):
        if isinstance(node, (sp.Symbol, sp.Integer, sp.Rational)) or node.is_Atom and node.is_number and node.is_Rational:
            continue
        if isinstance(node, (sp.Add, sp.Mul)):
            continue
        if isinstance(node, sp.Pow):
            if node.exp.is_Integer:
                continue
            if node.exp == sp.S.Half and node.base.is_Integer and node.base > 0:
                continue
            raise Unsupported(f"{plain(e)} has a root or fractional power of a variable",
                              "I simplify, expand and factor polynomials and fractions of polynomials with whole-number exponents")
        raise Unsupported(f"{plain(e)} uses {type(node).__name__}, which the expression rules do not cover",
                          "I simplify, expand and factor polynomials and fractions of polynomials")


def _expansion_size(e) -> int:
    """An upper bound on the number of terms multiplying out would show."""
    e = sp.sympify(e)
    if isinstance(e, sp.Add):
        return sum(_expansion_size(a) for a in e.args)
    if isinstance(e, sp.Mul):
        n = 1
        for a in e.args:
            n *= _expansion_size(a)
        return n
    if isinstance(e, sp.Pow) and e.exp.is_Integer and e.exp > 0:
        return _expansion_size(e.base) ** int(e.exp)
    return 1


def _canonical(e):
    """A sum typed in another order ('3x + 2a') that is otherwise already the simplified form, in SymPy's order."""
    if isinstance(e, sp.Add) and sp.srepr(e) == sp.srepr(sp.Add(*e.args)):
        return sp.Add(*e.args)
    return e


def _expression_answer(state: State, problem: Problem) -> Answer:
    e = _canonical(state.expr)
    return Answer(answer_text(e), tex(e), value=sp.sympify(e).doit())


def _factor_answer(start_value):
    def answer(state: State, problem: Problem) -> Answer:
        e = state.expr
        expanded = sp.expand(start_value)
        if sp.expand(sp.sympify(e).doit() - expanded) != 0:  # pragma: no cover - the search keeps the value
            raise Unsupported("the factored form did not multiply back to the original")
        checks = [f"Expands back to {plain(expanded)} ✓"] if plain(e) != plain(expanded) else []
        return Answer(plain(e), tex(e), checks=checks, value=sp.sympify(e).doit())

    return answer


def read(reading: Reading) -> Problem | None:
    if reading.relations():
        return None
    exprs = reading.expressions()
    with_letters = [e for e in exprs if e.free_symbols]
    if not with_letters:
        return None
    if has_applied_function(*exprs) or reading.functions:
        return None
    main = [e for e in with_letters if not isinstance(e, sp.Symbol)]
    if not main:
        return None
    skeleton = reading.skeleton
    if len(main) > 1:
        raise Unsupported("The prompt has several expressions", "Give one expression to simplify, expand or factor")
    expr = main[0]
    others = [e for e in exprs if e is not expr and not isinstance(e, sp.Symbol)]
    if others:
        raise Unsupported(f"The prompt has numbers besides {plain(expr)} that I would not use", "Give one expression to simplify, expand or factor")
    stray = [e for e in exprs if isinstance(e, sp.Symbol) and e not in expr.free_symbols]
    if stray:
        raise Unsupported(f"The prompt names {', '.join(map(str, stray))}, which is not in {plain(expr)}")
    require_words(reading, "expressions")
    for item in reading.items:
        if _AMBIGUOUS_SLASH.search(item.source):
            raise Unsupported(f"{item.source.strip()!r} is ambiguous as written: it is not clear what the division covers",
                              "Add brackets: (1/2)x or 1/(2x)")
        if _ARTICLE.search(item.source):
            raise Unsupported(f"in {item.source.strip()!r} the lone letter may be the English word 'a' rather than a variable",
                              "Write the expression on its own, with the letter next to its coefficient (3a)")
    _check_scope(expr)
    if _expansion_size(expr) > MAX_TERMS:
        raise Unsupported(f"Multiplying out {plain(expr)} would give too many terms to show step by step")
    mode = _mode(skeleton)
    v = sp.sympify(expr).doit()
    title_verb = {"factor": "Factor", "expand": "Expand", "simplify": "Simplify"}[mode]
    title = f"{title_verb} {plain(expr)}"
    if mode == "factor":
        return _factor_problem(expr, v, title, reading)
    syms = sorted(v.free_symbols, key=lambda s: s.name)
    if mode == "expand" and not (syms and v.is_polynomial(*syms)):
        raise Unsupported(f"{plain(expr)} is not a product of polynomials, so there is nothing to expand", "Ask to simplify it instead")
    target = plain(final_form(v))

    def goal(state: State) -> bool:
        return isinstance(state, Expression) and plain(_canonical(state.expr)) == target

    return Problem(
        task="expressions",
        title=title,
        instruction="Expand and simplify" if mode == "expand" else "Simplify",
        start=Expression(expr),
        families=FAMILIES,
        goal=goal,
        form=read_form(skeleton),
        answer=_expression_answer,
    )


def _factor_problem(expr, v, title: str, reading: Reading) -> Problem:
    syms = sorted(v.free_symbols, key=lambda s: s.name)
    if not v.is_polynomial(*syms):
        raise Unsupported(f"{plain(expr)} is not a polynomial", "I factor polynomials with integer coefficients")
    expanded = sp.expand(v)
    poly = sp.Poly(expanded, *syms)
    if any(not c.is_Integer for c in poly.coeffs()):
        raise Unsupported(f"{plain(expr)} has coefficients that are not whole numbers", "I factor polynomials with integer coefficients")
    intro: list[Move] = []
    start = Expression(expr)
    if not fully_factored(expr) and plain(expr) != plain(expanded):
        if isinstance(sp.sympify(expr), sp.Add) and len(sp.Add.make_args(expanded)) == len(expr.args) and all(
                not a.has(sp.Add) for a in expr.args):
            start = Expression(expanded)  # the same terms in another order
            intro.append(Move(start, "Write the terms in order of degree", rule="order_terms"))
        else:
            start = Expression(expanded)
            intro.append(Move(start, "Multiply out and combine like terms first", rule="expand_brackets"))
    elif plain(expr) == plain(expanded):
        start = Expression(expanded)
    if fully_factored(start.expr):
        if isinstance(start.expr, sp.Add):
            intro.append(Move(start, f"{plain(start.expr)} does not factor over the integers", rule="irreducible"))
        else:
            intro.append(Move(start, "This is already factored completely", rule="irreducible"))
    return Problem(
        task="expressions",
        title=title,
        instruction="Factor completely",
        start=Expression(expr),
        families=FAMILIES,
        goal=lambda state: isinstance(state, Expression) and fully_factored(state.expr),
        form=read_form(reading.skeleton),
        answer=_factor_answer(v),
        intro_steps=intro,
    )
