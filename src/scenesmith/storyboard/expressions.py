"""Safe parsing of the function expressions that storyboards carry (e.g. 'x**2 - 4').

Expressions come from templates, from user prompts and from LLMs, so they are parsed
with a closed vocabulary: one variable x, a few functions and constants, nothing else.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import sympy

from scenesmith.mathreader import MathReadError, TooBig, parse_plain, symbol

X = symbol("x")
MAX_CHARS = 120


class ExpressionError(ValueError):
    """An expression used something outside the closed vocabulary, or did not parse."""


def parse_function(text: str) -> sympy.Expr:
    """Parse a function of x with the one math reader (closed vocabulary, size-checked). Raises ExpressionError with the reason."""
    if len(text) > MAX_CHARS:
        raise ExpressionError(f"expression is too long ({len(text)} characters, at most {MAX_CHARS})")
    try:
        expr = parse_plain(text).doit()
    except (MathReadError, TooBig) as exc:
        raise ExpressionError(f"expression {text!r}: {exc}; only x, sin, cos, tan, exp, log, ln, sqrt, abs, pi and e are allowed") from None
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
