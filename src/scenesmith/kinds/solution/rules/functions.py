"""Rules: functions, and the number work the function, sequence, statistics and word tasks share.

- `evaluate_innermost`: one operation at a time, in the order of operations (powers, then
  products and quotients, then sums), with the caption a teacher says ("Multiply 2 by 4").
- `evaluate_all`: the shortcut that works a whole number expression out at once (costly).
- `expand_expression`: multiply out and combine like terms (f(g(x)) = 2(x - 1) + 3 -> 2x + 1).
- `isolate_parameter_term`, `divide_parameter_coefficient`: solve x = 2y + 3 for y (the inverse),
  where the other side holds the letter x.
"""

from __future__ import annotations

import sympy as sp

from scenesmith.mathreader import Relation
from scenesmith.kinds.solution.steps.display import plain
from scenesmith.kinds.solution.steps.search import rule
from scenesmith.kinds.solution.steps.sides import evaluated, rewrite_relations, exact
from scenesmith.kinds.solution.steps.state import Expression, Move, Relations, State

FAMILY = "functions"
MAX_DIGITS = 300


# ---------------------------------------------------------------------------------------------
# Number work
# ---------------------------------------------------------------------------------------------


def built_mul(*a):
    """A product kept as typed (the sequence, statistics and word tasks build their start expressions with these)."""
    return sp.Mul(*a, evaluate=False)


def built_add(*a):
    """A sum kept as typed."""
    return sp.Add(*a, evaluate=False)


def built_inverse(a):
    """1/a kept as typed."""
    return sp.Pow(a, -1, evaluate=False)


def is_done(e) -> bool:
    """A number already in its final form: working it out again changes nothing."""
    e = sp.sympify(e)
    if not e.is_number or e.has(sp.Derivative, sp.Integral, sp.Limit):
        return False
    if e.is_Rational:
        return True
    try:
        return sp.srepr(e) == sp.srepr(e.doit())
    except Exception:  # pragma: no cover - defensive
        return False


def _is_reciprocal(e) -> bool:
    return isinstance(e, sp.Pow) and e.exp == -1 and is_done(e.base)


def _operand(e) -> bool:
    return is_done(e) or _is_reciprocal(e)


def _too_big(e) -> bool:
    """A power whose value would have more than MAX_DIGITS digits."""
    for node in sp.preorder_traversal(e):
        if isinstance(node, sp.Pow) and node.base.is_number and node.exp.is_Integer:
            try:
                size = abs(float(node.exp)) * float(sp.log(abs(sp.N(node.base, 15)) + 1, 10))
            except (TypeError, ValueError):
                return True
            if size > MAX_DIGITS:
                return True
    return False


def _fmt(v) -> str:
    v = sp.sympify(v)
    text = plain(v)
    return f"({text})" if (v.is_Rational and (v < 0 or v.q != 1)) else text


def operation_caption(node, result) -> str:
    """What a teacher says for working out one operation: 'Multiply 2 by 4', 'Add 8 and 3', 'Square -3'."""
    r = plain(result)
    if isinstance(node, sp.Pow):
        base, exp = node.base, node.exp
        if exp == 2:
            return f"Square {plain(base)}: {r}"
        if exp == 3:
            return f"Cube {plain(base)}: {r}"
        if exp == sp.S.Half:
            return f"Take the square root of {plain(base)}: {r}"
        return f"Work out {_fmt(base)}^{_fmt(exp)} = {r}"
    if isinstance(node, sp.Mul):
        numer = [a for a in node.args if not _is_reciprocal(a)]
        denom = [a.base for a in node.args if _is_reciprocal(a)]
        if denom and len(numer) <= 1 and len(denom) == 1:
            return f"Divide {_fmt(numer[0]) if numer else '1'} by {_fmt(denom[0])}: {r}"
        if not denom and len(numer) == 2:
            return f"Multiply {_fmt(numer[0])} by {_fmt(numer[1])}: {r}"
        return f"Work out {plain(node)} = {r}"
    if isinstance(node, sp.Add):
        args = list(node.args)
        if len(args) == 2 and args[1].is_number and args[1].is_negative:
            return f"Subtract {plain(-args[1])} from {plain(args[0])}: {r}"
        if len(args) == 2:
            return f"Add {_fmt(args[0])} and {_fmt(args[1])}: {r}"
        return f"Add {plain(node)} = {r}"
    return f"Work out {plain(node)} = {r}"


def _innermost(e):
    """The first operation (left to right, inside out) whose operands are all worked-out numbers."""
    if is_done(e) or _is_reciprocal(e):
        return None
    if not isinstance(e, sp.Basic) or e.is_Atom:
        return None
    for a in e.args:
        found = _innermost(a)
        if found is not None:
            return found
    if isinstance(e, (sp.Add, sp.Mul, sp.Pow)) and all(_operand(a) for a in e.args):
        return e
    if isinstance(e, sp.Pow) and _is_reciprocal(e):
        return None
    if e.is_number and all(_operand(a) for a in e.args) and not isinstance(e, (sp.Add, sp.Mul, sp.Pow)):
        return e
    return None


def _replace(e, old, new):
    """e with the one subexpression `old` (by identity first, else equality) replaced, everything else kept as built."""
    if e is old:
        return new
    if not isinstance(e, sp.Basic) or e.is_Atom:
        return e
    args = list(e.args)
    for i, a in enumerate(args):
        if a is old or (a == old and sp.srepr(a) == sp.srepr(old)):
            args[i] = new
            break
        changed = _replace(a, old, new)
        if changed is not a:
            args[i] = changed
            break
    else:
        return e
    if isinstance(e, (sp.Add, sp.Mul, sp.Pow)):
        return e.func(*args, evaluate=False)
    return e.func(*args)


@rule(FAMILY)
def evaluate_innermost(state: State):
    """2 x 4 + 3  ->  8 + 3  (one operation at a time, in the order of operations)"""
    if not isinstance(state, Expression) or not sp.sympify(state.expr).is_number or is_done(state.expr):
        return []
    if _too_big(state.expr):
        return []
    node = _innermost(state.expr)
    if node is None:
        return []
    result = node.doit()
    if isinstance(node, (sp.Add, sp.Mul, sp.Pow)):
        result = node.func(*node.args)
    if result.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or not result.is_number:
        return []
    new = _replace(state.expr, node, result)
    if sp.srepr(new) == sp.srepr(state.expr):
        return []
    return [Move(Expression(new, state.label), operation_caption(node, result))]


@rule(FAMILY)
def evaluate_all(state: State):
    """2(4) + 3  ->  11  (the whole number expression at once: a shortcut)"""
    if not isinstance(state, Expression) or not sp.sympify(state.expr).is_number or is_done(state.expr):
        return []
    if _too_big(state.expr):
        return []
    v = exact(sp.radsimp(evaluated(state.expr)))
    if v.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or not v.is_number:
        return []
    return [Move(Expression(v, state.label), "Work out the value", cost=12.0)]


@rule(FAMILY)
def expand_expression(state: State):
    """2(x - 1) + 3  ->  2x + 1"""
    if not isinstance(state, Expression):
        return []
    e = sp.sympify(state.expr)
    value = evaluated(e)
    if not e.free_symbols or not value.is_polynomial(*value.free_symbols):
        return []
    new = sp.expand(value)
    if sp.srepr(new) == sp.srepr(e):
        return []
    has_brackets = any(isinstance(n, sp.UnevaluatedExpr) or (isinstance(n, sp.Pow) and isinstance(n.base, sp.Add)) for n in sp.preorder_traversal(e)) or any(
        isinstance(n, sp.Mul) and any(isinstance(f, sp.Add) for f in n.args) for n in sp.preorder_traversal(e))
    caption = "Multiply out the brackets and combine like terms" if has_brackets else "Combine like terms"
    return [Move(Expression(new, state.label), caption)]


def _lowest_terms(e) -> bool:
    """p/q written as a division of integers already in lowest terms (15/2): dividing shows nothing new."""
    if not isinstance(e, sp.Mul) or len(e.args) != 2:
        return False
    p, d = e.args
    if not (p.is_Integer and _is_reciprocal(d) and d.base.is_Integer and d.base > 1):
        return False
    return sp.gcd(p, d.base) == 1


def expression_goal(state: State) -> bool:
    """A value worked out (a number in final form) or a polynomial multiplied out."""
    if not isinstance(state, Expression):
        return False
    e = sp.sympify(state.expr)
    if e.is_number:
        return is_done(e) or _lowest_terms(e)
    return sp.srepr(e) == sp.srepr(sp.expand(evaluated(e)))


# ---------------------------------------------------------------------------------------------
# Solving x = a*y + b for y (inverse functions), where the coefficients may hold the letter x
# ---------------------------------------------------------------------------------------------


def _linear_in(side, var):
    """(a, b) with side == a*var + b, a and b free of var; None otherwise."""
    e = sp.expand(evaluated(side))
    if not e.is_polynomial(var) or sp.degree(e, var) > 1:
        return None
    a, b = e.coeff(var, 1), e.coeff(var, 0)
    if a.has(var) or b.has(var):
        return None
    return a, b


def _isolate(r: Relation, var):
    if r.op != "=" or evaluated(r.rhs).has(var):
        return None
    parts = _linear_in(r.lhs, var)
    if parts is None or parts[0] == 0 or parts[1] == 0:
        return None
    a, b = parts
    term = sp.expand(b)
    if term.could_extract_minus_sign():
        caption = f"Add {plain(-term)} to both sides"
    else:
        caption = f"Subtract {plain(term)} from both sides"
    return Relation(sp.expand(a * var), "=", sp.expand(evaluated(r.rhs) - b)), caption


@rule(FAMILY)
def isolate_parameter_term(state: State):
    """2y + 3 = x  ->  2y = x - 3"""
    if not isinstance(state, Relations) or len(state.variables) != 1:
        return []
    return rewrite_relations(state, _isolate)


def _divide(r: Relation, var):
    if r.op != "=" or evaluated(r.rhs).has(var):
        return None
    parts = _linear_in(r.lhs, var)
    if parts is None or parts[1] != 0 or parts[0] in (0, 1) or not parts[0].is_number:
        return None
    a = parts[0]
    caption = "Multiply both sides by -1" if a == -1 else f"Divide both sides by {plain(a)}"
    return Relation(var, "=", sp.together(sp.expand(evaluated(r.rhs) / a))), caption


@rule(FAMILY)
def divide_parameter_coefficient(state: State):
    """2y = x - 3  ->  y = (x - 3)/2"""
    if not isinstance(state, Relations) or len(state.variables) != 1:
        return []
    return rewrite_relations(state, _divide)


@rule(FAMILY)
def swap_parameter_sides(state: State):
    """x = 2y + 3  ->  2y + 3 = x"""
    if not isinstance(state, Relations) or len(state.variables) != 1:
        return []
    var = state.var

    def swap(r: Relation, v):
        if r.op != "=" or evaluated(r.lhs).has(v) or not evaluated(r.rhs).has(v):
            return None
        return Relation(r.rhs, "=", r.lhs), "Swap the two sides"

    return rewrite_relations(state, swap, cost=0.5) if var else []


def solved_for(state: State) -> bool:
    """Each branch reads `y = expression without y`."""
    if not isinstance(state, Relations) or len(state.variables) != 1 or not state.branches:
        return False
    var = state.var
    return all(len(b) == 1 and b[0].op == "=" and b[0].lhs == var and not evaluated(b[0].rhs).has(var) for b in state.branches)


# ---------------------------------------------------------------------------------------------
# Domains: values a denominator must not take (p(x) != 0 with p of degree 2 or more)
# ---------------------------------------------------------------------------------------------


def _nonlinear_polynomial(e, var) -> bool:
    e = evaluated(e)
    return e.is_polynomial(var) and sp.degree(e, var) >= 2


def _factor_not_equal(r: Relation, var):
    if r.op != "!=" or r.rhs != 0 or not _nonlinear_polynomial(r.lhs, var) or isinstance(r.lhs, (sp.Mul, sp.Pow)):
        return None
    factored = sp.factor(evaluated(r.lhs))
    if not isinstance(factored, (sp.Mul, sp.Pow)) or sp.srepr(factored) == sp.srepr(r.lhs):
        return None
    return Relation(factored, "!=", sp.S.Zero), "Factor the left side"


@rule(FAMILY)
def factor_not_equal(state: State):
    """x^2 - 4 != 0  ->  (x - 2)(x + 2) != 0"""
    return rewrite_relations(state, _factor_not_equal)


def _factors(e, var) -> list | None:
    """The factors of a product that hold the variable (a power counts once); None when e is not a product."""
    if isinstance(e, sp.Pow) and e.exp.is_Integer and e.exp > 1:
        return [e.base]
    if not isinstance(e, sp.Mul):
        return None
    out = []
    for f in e.args:
        if not f.has(var):
            if f == 0:
                return None
            continue
        out.append(f.base if isinstance(f, sp.Pow) and f.exp.is_Integer and f.exp > 0 else f)
    return out or None


def _split_not_equal(r: Relation, var):
    if r.op != "!=" or r.rhs != 0:
        return None
    factors = _factors(r.lhs, var)
    if not factors:
        return None
    return tuple(Relation(f, "!=", sp.S.Zero) for f in factors), "A product is 0 only when a factor is 0, so no factor may be 0"


@rule(FAMILY)
def split_product_not_equal(state: State):
    """(x - 2)(x + 2) != 0  ->  x - 2 != 0 and x + 2 != 0"""
    return rewrite_relations(state, _split_not_equal)


def _quadratic_not_equal(r: Relation, var):
    """a x^2 + b x + c != 0 that does not factor over the rationals: never 0 (b^2 - 4ac < 0) or x != the two roots."""
    if r.op != "!=" or r.rhs != 0 or not _nonlinear_polynomial(r.lhs, var):
        return None
    p = sp.Poly(sp.expand(evaluated(r.lhs)), var)
    if p.degree() != 2 or not all(c.is_Rational for c in p.all_coeffs()):
        return None
    if len(sp.factor_list(p.as_expr())[1]) != 1 or sp.factor_list(p.as_expr())[1][0][1] != 1:
        return None
    a, b, c = p.all_coeffs()
    disc = b**2 - 4 * a * c
    if disc < 0:
        return "never", f"{plain(p.as_expr())} is never 0 (b^2 - 4ac = {plain(disc)} < 0)"
    roots = sorted(sp.solve(p.as_expr(), var), key=lambda v: float(v))
    shown = " or ".join(f"{var} = {plain(v)}" for v in roots)
    return tuple(Relation(var, "!=", v) for v in roots), f"{plain(p.as_expr())} = 0 when {shown} (quadratic formula), so leave those out"


@rule(FAMILY)
def quadratic_not_equal(state: State):
    """x^2 - 2 != 0  ->  x != -sqrt(2) and x != sqrt(2);  x^2 + 1 != 0  ->  (always true)"""
    if not isinstance(state, Relations) or len(state.variables) != 1 or len(state.branches) != 1:
        return []
    var = state.var
    branch = state.branches[0]
    for i, r in enumerate(branch):
        out = _quadratic_not_equal(r, var)
        if out is None:
            continue
        new, caption = out
        if new == "never":
            rest = branch[:i] + branch[i + 1:]
            if not rest:
                return [Move(Relations((var,), ((Relation(sp.S.Zero, "=", sp.S.Zero),),), all_text="all real numbers"), caption + ", so every real number works")]
            return [Move(Relations(state.variables, (rest,), empty_text=state.empty_text), caption + ", so it puts no limit on x")]
        return [Move(Relations(state.variables, (branch[:i] + new + branch[i + 1:],), empty_text=state.empty_text), caption)]
    return []
