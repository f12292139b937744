"""Safe parsing of the function expressions that storyboards carry (e.g. 'x**2 - 4').

Expressions come from templates, from user prompts and from LLMs, so they are parsed
with a closed vocabulary: one variable x, a few functions and constants, nothing else.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import sympy
from sympy.parsing.sympy_parser import (
    convert_xor,
    implicit_multiplication_application,
    parse_expr,
    standard_transformations,
)

X = sympy.Symbol("x", real=True)

_ALLOWED = {
    "x": X,
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tan": sympy.tan,
    "exp": sympy.exp,
    "log": sympy.log,
    "ln": sympy.log,
    "sqrt": sympy.sqrt,
    "Abs": sympy.Abs,
    "abs": sympy.Abs,
    "pi": sympy.pi,
    "e": sympy.E,
    "E": sympy.E,
}
_TRANSFORMS = standard_transformations + (implicit_multiplication_application, convert_xor)
_TOKEN = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")


class ExpressionError(ValueError):
    """An expression used something outside the closed vocabulary, or did not parse."""


def parse_function(text: str) -> sympy.Expr:
    """Parse a function of x. Raises ExpressionError with the reason."""
    if len(text) > 120:
        raise ExpressionError(f"expression is too long ({len(text)} characters, at most 120)")
    unknown = sorted({t for t in _TOKEN.findall(text) if t not in _ALLOWED})
    if unknown:
        raise ExpressionError(f"expression {text!r} uses unknown names {unknown}; only x, sin, cos, tan, exp, log, sqrt, abs, pi, e are allowed")
    try:
        expr = parse_expr(text, local_dict=dict(_ALLOWED), global_dict={"Integer": sympy.Integer, "Float": sympy.Float, "Rational": sympy.Rational, "Symbol": sympy.Symbol}, transformations=_TRANSFORMS)
    except Exception as exc:  # sympy raises many kinds on bad syntax
        raise ExpressionError(f"expression {text!r} does not parse: {exc}") from None
    if not isinstance(expr, sympy.Expr) or expr.free_symbols - {X}:
        raise ExpressionError(f"expression {text!r} is not a function of x")
    return expr


def python_source(expr: sympy.Expr) -> str:
    """Python source for the expression, using the math module (for generated Manim code)."""
    return sympy.pycode(expr, fully_qualified_modules=True)


def numeric(expr: sympy.Expr) -> Callable[[float], float]:
    """A float function of x that returns nan instead of raising."""
    fn = sympy.lambdify(X, expr, modules="math")

    def safe(value: float) -> float:
        try:
            result = complex(fn(value))
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            return math.nan
        return result.real if abs(result.imag) < 1e-12 else math.nan

    return safe


def latex(expr: sympy.Expr) -> str:
    return sympy.latex(expr)
