"""Rules: the moves on both sides of a relation that solve linear equations and inequalities.

distribute, combine like terms, clear fractions with the LCD, gather the variable on one side,
move the constant, divide by the coefficient (turning an inequality around for a negative one),
swap sides, and decide a relation the variable has dropped out of (no solution / all real numbers).
"""

from __future__ import annotations

import sympy as sp

from scenesmith.mathreader import Relation
from scenesmith.kinds.solution.steps.display import plain
from scenesmith.kinds.solution.steps.checks import natural_domain
from scenesmith.kinds.solution.steps.search import rule
from scenesmith.kinds.solution.steps.sides import add, evaluated, exact, linear_coefficients, rewrite_relations, terms
from scenesmith.kinds.solution.steps.state import FLIP, Move, Relations, State

FAMILY = "linear"
_TRUTH = {"=": sp.Eq, "<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge}


def has_product(term) -> bool:
    """A term with a bracketed sum as a factor: 2(x - 4), (x + 1)(x - 2), -(x + 3), (x - 3)^2."""
    if isinstance(term, sp.Add):
        return True
    for f in sp.Mul.make_args(term):
        if isinstance(f, sp.Add) or (isinstance(f, sp.Pow) and isinstance(f.base, sp.Add) and f.exp.is_Integer and 2 <= f.exp <= 4):
            return True
    return False


def distribute_caption(sides) -> str:
    products = [t for side in sides for t in terms(side) if has_product(t)]
    if len(products) == 1:
        factors = sp.Mul.make_args(products[0])
        sums = [f for f in factors if isinstance(f, sp.Add)]
        others = [f for f in factors if not isinstance(f, (sp.Add, sp.Pow))]
        coefficient = evaluated(sp.Mul(*others)) if others else sp.S.One
        if len(sums) == 1 and len(factors) == len(others) + 1:
            if coefficient == -1:
                return "Distribute the minus sign"
            if coefficient == 1:
                return "Remove the brackets"
            return f"Distribute {plain(coefficient)}"
        if len(sums) == 2:
            return "Multiply out the brackets (FOIL)"
    return "Multiply out the brackets"


def expand_products(side) -> list:
    out = []
    for t in terms(side):
        out.extend(terms(sp.expand(evaluated(t))) if has_product(t) else [evaluated(t)])
    return out


def _distribute(r: Relation, var):
    if not any(has_product(t) for t in terms(r.lhs) + terms(r.rhs)):
        return None
    return Relation(add(*expand_products(r.lhs)), r.op, add(*expand_products(r.rhs))), distribute_caption((r.lhs, r.rhs))


@rule(FAMILY)
def distribute(state: State):
    """3(x - 2) + 1 = 7  ->  3x - 6 + 1 = 7"""
    return rewrite_relations(state, _distribute)


def _has_like_terms(side) -> bool:
    shown = terms(side)
    return len(shown) > 1 and len(sp.Add.make_args(sp.expand(evaluated(side)))) < len(shown)


def _combine(r: Relation, var):
    if not (_has_like_terms(r.lhs) or _has_like_terms(r.rhs)):
        return None
    return Relation(sp.expand(evaluated(r.lhs)), r.op, sp.expand(evaluated(r.rhs))), "Combine like terms"


@rule(FAMILY)
def combine_like_terms(state: State):
    """3x - 6 + 1 = 7  ->  3x - 5 = 7"""
    return rewrite_relations(state, _combine)


def _clear_fractions(r: Relation, var):
    if linear_coefficients(r.lhs, var) is None or linear_coefficients(r.rhs, var) is None:
        return None
    shown = [evaluated(t) for t in terms(r.lhs) + terms(r.rhs)]
    denominators = [t.as_coeff_Mul()[0].q for t in shown if t.as_coeff_Mul()[0].is_Rational and t.as_coeff_Mul()[0].q != 1]
    if len(denominators) < 2:
        return None
    lcd = sp.ilcm(*denominators)
    new = Relation(add(*[sp.expand(lcd * evaluated(t)) for t in terms(r.lhs)]), r.op, add(*[sp.expand(lcd * evaluated(t)) for t in terms(r.rhs)]))
    return new, f"Multiply both sides by the LCD {lcd} to clear the fractions"


@rule(FAMILY)
def clear_fractions(state: State):
    """x/2 + x/3 = 5  ->  3x + 2x = 30"""
    return rewrite_relations(state, _clear_fractions)


def move_caption(term) -> str:
    term = sp.expand(term)
    if isinstance(term, sp.Add):
        return f"Subtract ({plain(term)}) from both sides"
    if term.could_extract_minus_sign():
        return f"Add {plain(-term)} to both sides"
    return f"Subtract {plain(term)} from both sides"


def is_clean(side) -> bool:
    """A side with no brackets to multiply out and no like terms to combine."""
    return not any(has_product(t) for t in terms(side)) and not _has_like_terms(side)


def _gather(r: Relation, var):
    if not (is_clean(r.lhs) and is_clean(r.rhs)):
        return None
    left, right = linear_coefficients(r.lhs, var), linear_coefficients(r.rhs, var)
    if left is None or right is None or right[0] == 0 or left[0] == 0:
        return None
    if _has_like_terms(r.lhs) or _has_like_terms(r.rhs):
        return None
    term = right[0] * var
    return Relation(sp.expand(evaluated(r.lhs) - term), r.op, sp.expand(evaluated(r.rhs) - term)), move_caption(term)


@rule(FAMILY)
def gather_variable_terms(state: State):
    """5x - 3 = 2x + 9  ->  3x - 3 = 9"""
    return rewrite_relations(state, _gather)


def _move_constant(r: Relation, var):
    if not (is_clean(r.lhs) and is_clean(r.rhs)):
        return None
    left, right = linear_coefficients(r.lhs, var), linear_coefficients(r.rhs, var)
    if left is None or right is None or left[0] == 0 or right[0] != 0 or left[1] == 0:
        return None
    if _has_like_terms(r.lhs) or _has_like_terms(r.rhs):
        return None
    b = left[1]
    return Relation(sp.expand(evaluated(r.lhs) - b), r.op, sp.expand(evaluated(r.rhs) - b)), move_caption(b)


@rule(FAMILY)
def move_constant(state: State):
    """3x + 7 = 22  ->  3x = 15"""
    return rewrite_relations(state, _move_constant)


def scale_caption(a, op: str) -> str:
    flip = op not in ("=", "!=") and a < 0
    if a == -1:
        text = "Multiply both sides by -1"
    elif a.is_Rational and a.q == 1:
        text = f"Divide both sides by {a}"
    elif a.is_Rational and a.p in (1, -1):
        text = f"Multiply both sides by {plain(1 / a)}"
    else:
        text = f"Divide both sides by {plain(a)}"
    return text + (" and turn the inequality around" if flip else "")


def _divide(r: Relation, var):
    if not is_clean(r.rhs):
        return None
    left, right = linear_coefficients(r.lhs, var), linear_coefficients(r.rhs, var)
    if left is None or right is None or right[0] != 0 or left[1] != 0 or left[0] in (0, 1):
        return None
    a = left[0]
    if len(terms(r.lhs)) != 1 and a.is_Rational:
        return None  # 3x + 2x = 10: combine like terms first
    op = FLIP[r.op] if a < 0 else r.op
    caption = scale_caption(a, r.op)
    if len(terms(r.lhs)) != 1:  # x ln(3) - x ln(2) = ln(2): the coefficient is ln(3) - ln(2)
        caption = f"Factor out {var}: {var}({plain(a)}) = {plain(evaluated(r.rhs))}; d" + caption[1:]
    return Relation(var, op, exact(evaluated(r.rhs) / a)), caption


@rule(FAMILY)
def divide_by_coefficient(state: State):
    """3x = 15  ->  x = 5;   -2x < 6  ->  x > -3"""
    return rewrite_relations(state, _divide)


def _swap(r: Relation, var):
    if evaluated(r.lhs).has(var) or not evaluated(r.rhs).has(var):
        return None
    caption = "Swap the two sides" if r.op == "=" else "Swap the two sides (the inequality sign turns around)"
    return Relation(r.rhs, FLIP[r.op], r.lhs), caption


@rule(FAMILY)
def swap_sides(state: State):
    """22 = 3x + 7  ->  3x + 7 = 22"""
    return rewrite_relations(state, _swap, cost=0.5)


def _constant_truth(r: Relation):
    """(truth, text) for a relation the variable has dropped out of (7 = 22: False), else None."""
    lhs, rhs = evaluated(r.lhs), evaluated(r.rhs)
    if (lhs - rhs).free_symbols or r.op == "!=":
        return None
    truth = _TRUTH[r.op](lhs, rhs)
    if truth not in (sp.true, sp.false):
        return None
    return truth == sp.true, f"{plain(lhs)} {r.op} {plain(rhs)}"


def _is_excluded_value(r: Relation, var) -> bool:
    """`x != 2` carried beside an equation (a rational equation's excluded value)."""
    return r.op == "!=" and r.lhs == var and not evaluated(r.rhs).free_symbols


@rule(FAMILY)
def decide_constant_relation(state: State):
    """7 = 22 (the variable dropped out)  ->  no solution;  0 = 0  ->  all real numbers.

    Also with excluded values beside it (1 = 0 and x != 0, from 1/x = 0), and in one case of several
    (x - 1 = x or x - 1 = -x, from |x - 1| = x: the false case is dropped).
    """
    if not isinstance(state, Relations) or len(state.variables) != 1 or not state.branches:
        return []
    var = state.var
    decided = []
    for branch in state.branches:
        main = [r for r in branch if not _is_excluded_value(r, var)]
        decided.append(_constant_truth(main[0]) if len(main) == 1 else None)
    if len(state.branches) > 1:
        false = [i for i, d in enumerate(decided) if d is not None and not d[0]]
        if not false:
            return []
        kept = tuple(b for i, b in enumerate(state.branches) if i not in false)
        text = decided[false[0]][1]
        return [Move(Relations(state.variables, kept, empty_text=state.empty_text), f"{text} is never true, so that case gives no solution")]
    if decided[0] is None:
        return []
    truth, text = decided[0]
    if not truth:
        return [Move(Relations(state.variables, (), empty_text="no solution"), f"{text} is never true, so there is no solution")]
    if len(state.branches[0]) > 1:
        return []  # every real number except the excluded values: not an answer this rule writes
    relation = state.branches[0][0]
    domain = natural_domain(relation.lhs, var).intersect(natural_domain(relation.rhs, var))
    if domain != sp.S.Reals:  # x/x = 1: true wherever the equation is defined, and only there
        from scenesmith.kinds.solution.answers import inequality_notation

        where = inequality_notation(domain, var)[0]
        return [Move(Relations(state.variables, (state.branches[0],), all_text=where), f"{text} is always true where the equation is defined, so the solutions are {where}")]
    return [Move(Relations(state.variables, (state.branches[0],), all_text="all real numbers"), f"{text} is always true, so every real number is a solution")]
