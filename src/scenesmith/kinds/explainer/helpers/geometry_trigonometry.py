"""Helpers for the geometry and trigonometry topics: windows with equal x and y scales, circle and ellipse
arcs as plotted functions, and triangles solved from the values a prompt gives.

Every value is computed with SymPy; the drawing coordinates are the exact values, rounded only where
an irrational number has to become a coordinate of the plan.
"""

from __future__ import annotations

import math
from typing import Any

import sympy

from scenesmith.kinds.explainer.errors import TopicError

# The axes of an axes_plot element: 7 x 4.2 units in a column, 5.5 x 4.2 in a row (storyboard compiler).
_AXES_SIZE = {False: (7.0, 4.2), True: (5.5, 4.2)}


def _number(value: Any) -> sympy.Expr:
    return sympy.sympify(value)


def _coordinate(value: Any) -> Any:
    """A coordinate for the plan: exact when rational, else a 6-digit decimal."""
    value = _number(value)
    return value if value.is_Rational else sympy.Float(float(value), 6)


def _step(span: float, ticks: int) -> float:
    return next((s for s in (0.25, 0.5, 1, 2, 5, 10, 20, 25, 50) if span / s <= ticks), 50)


def equal_window(xlo: Any, xhi: Any, ylo: Any, yhi: Any, row: bool = False, pad: Any = 0.5) -> dict:
    """Axis ranges {"x": ..., "y": ...} that hold the box [xlo, xhi] x [ylo, yhi] (and the origin) with one unit
    as long across as up, so that a circle is drawn round: for an axes_plot in a column (row=False) or a row."""
    width, height = _AXES_SIZE[bool(row)]
    lo_x, hi_x = min(float(xlo), 0.0) - float(pad), max(float(xhi), 0.0) + float(pad)
    lo_y, hi_y = min(float(ylo), 0.0) - float(pad), max(float(yhi), 0.0) + float(pad)
    scale = max((hi_x - lo_x) / width, (hi_y - lo_y) / height)
    grow_x = scale * width - (hi_x - lo_x)
    grow_y = scale * height - (hi_y - lo_y)
    lo_x, hi_x = lo_x - grow_x / 2, hi_x + grow_x / 2
    lo_y, hi_y = lo_y - grow_y / 2, hi_y + grow_y / 2
    if max(abs(lo_x), abs(hi_x), abs(lo_y), abs(hi_y)) > 100:
        raise TopicError("The drawing would not fit on axes that go at most 100 units from the origin; use smaller values.")
    step = _step(max(hi_x - lo_x, hi_y - lo_y), 9)
    return {
        "x": {"min": round(lo_x, 4), "max": round(hi_x, 4), "step": step},
        "y": {"min": round(lo_y, 4), "max": round(hi_y, 4), "step": step},
    }


def ellipse_arc(h: Any, k: Any, a: Any, b: Any, upper: bool = True, color: str = "blue") -> dict:
    """The upper (or lower) half of the ellipse with centre (h, k) and half-axes a across and b up, as a plotted
    function; a = b is a semicircle."""
    h, k, a, b = (_coordinate(v) for v in (h, k, a, b))
    x = sympy.Symbol("x")
    root = sympy.sqrt(a**2 - (x - h) ** 2)
    half = b / a * root if a != b else root
    expr = k + half if upper else k - half
    return {"expr": str(expr), "x_min": h - a, "x_max": h + a, "color": color}


def triangle_corners(a: Any, b: Any, c: Any) -> dict:
    """Corners of the triangle with sides a = BC, b = CA, c = AB: A at the origin, B on the positive x-axis,
    C above it. Refuses lengths that make no triangle."""
    a, b, c = (_number(v) for v in (a, b, c))
    if not (a > 0 and b > 0 and c > 0):
        raise TopicError("The sides of a triangle must be positive lengths.")
    short, middle, longest = sorted((a, b, c), key=float)
    if not float(short + middle) > float(longest) + 1e-9:
        names = ", ".join(f"{float(v):g}" for v in (short, middle))
        raise TopicError(f"Sides {names} and {float(longest):g} make no triangle: the two shorter sides must add up to more than the longest.")
    cx = sympy.nsimplify((b**2 + c**2 - a**2) / (2 * c))
    cy = sympy.sqrt(sympy.nsimplify(b**2 - cx**2))
    return {"A": (0, 0), "B": (c, 0), "C": (cx, cy)}


def side_by_side(corners: dict, k: Any, size: float = 16) -> dict:
    """A triangle's corners {A, B, C} and its copy scaled by k to the right of it {D, E, F}, the pair scaled to
    `size` drawing units across and centred on the origin: name -> (x, y) as 6-digit decimals."""
    k = float(k)
    first = {name: (float(x), float(y)) for name, (x, y) in corners.items()}
    lo, hi = min(x for x, _ in first.values()), max(x for x, _ in first.values())
    gap = 0.25 * (hi - lo) * max(1.0, k)
    shift = hi + gap - k * lo
    second = {new: (shift + k * first[old][0], k * first[old][1]) for old, new in (("A", "D"), ("B", "E"), ("C", "F"))}
    both = {**first, **second}
    xs, ys = [x for x, _ in both.values()], [y for _, y in both.values()]
    scale = size / max(max(xs) - min(xs), 1e-9)
    mx, my = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {name: (sympy.Float(round((x - mx) * scale, 4), 6), sympy.Float(round((y - my) * scale, 4), 6)) for name, (x, y) in both.items()}


def heron_area(a: Any, b: Any, c: Any) -> sympy.Expr:
    """The exact area of the triangle with sides a, b and c (Heron's formula)."""
    a, b, c = (_number(v) for v in (a, b, c))
    return sympy.sqrt((a + b + c) * (-a + b + c) * (a - b + c) * (a + b - c)) / 4


def solve_right_triangle(opposite: Any = 0, adjacent: Any = 0, hypotenuse: Any = 0, angle: Any = 0) -> dict:
    """The three sides and the angle theta (in degrees, at the corner between the adjacent side and the hypotenuse)
    of a right triangle from any two of them (0 means not given), with the two LaTeX lines that find the other two.
    Refuses too few, too many or impossible values."""
    from scenesmith.kinds.explainer.parameters import HELPERS as CORE

    equals, L = CORE["equals"], sympy.latex
    o, a, h, t = (_number(v) for v in (opposite, adjacent, hypotenuse, angle))
    given = [name for name, v in (("opposite", o), ("adjacent", a), ("hypotenuse", h), ("angle", t)) if v != 0]
    if len(given) < 2:
        raise TopicError("Give two of: the opposite side, the adjacent side, the hypotenuse and the angle, for example 'opposite 3 and adjacent 4'.")
    if len(given) > 2:
        raise TopicError(f"Give only two of the opposite side, the adjacent side, the hypotenuse and the angle; the prompt gives {', '.join(given)}.")
    if t != 0 and not 0 < t < 90:
        raise TopicError("The angle of a right triangle next to the hypotenuse must be between 0 and 90 degrees.")
    if t == 0 and h != 0 and not h > max(o, a):
        raise TopicError(f"The hypotenuse ({sympy.latex(h)}) must be the longest side of a right triangle.")
    r = t * sympy.pi / 180
    theta = degrees_latex(t) if t != 0 else None
    if t != 0 and o != 0:
        h, a = o / sympy.sin(r), o / sympy.tan(r)
        lines = [rf"h = \frac{{{L(o)}}}{{\sin {theta}}} {equals(h)}", rf"a = \frac{{{L(o)}}}{{\tan {theta}}} {equals(a)}"]
    elif t != 0 and a != 0:
        h, o = a / sympy.cos(r), a * sympy.tan(r)
        lines = [rf"h = \frac{{{L(a)}}}{{\cos {theta}}} {equals(h)}", rf"o = {L(a)} \tan {theta} {equals(o)}"]
    elif t != 0:
        o, a = h * sympy.sin(r), h * sympy.cos(r)
        lines = [rf"o = {L(h)} \sin {theta} {equals(o)}", rf"a = {L(h)} \cos {theta} {equals(a)}"]
    else:
        if h == 0:
            h = sympy.sqrt(o**2 + a**2)
            lines = [rf"h = \sqrt{{{L(o)}^{{2}} + {L(a)}^{{2}}}} {equals(h)}"]
        elif o == 0:
            o = sympy.sqrt(h**2 - a**2)
            lines = [rf"o = \sqrt{{{L(h)}^{{2}} - {L(a)}^{{2}}}} {equals(o)}"]
        else:
            a = sympy.sqrt(h**2 - o**2)
            lines = [rf"a = \sqrt{{{L(h)}^{{2}} - {L(o)}^{{2}}}} {equals(a)}"]
        r = sympy.atan(o / a)
        t = r * 180 / sympy.pi
        lines.append(rf"\theta = \tan^{{-1}}\frac{{{L(o)}}}{{{L(a)}}} {equals(t)}^{{\circ}}")
    o, a, h = (sympy.nsimplify(sympy.simplify(v)) if sympy.simplify(v).is_Rational else sympy.simplify(v) for v in (o, a, h))
    values = {"opposite": ("the opposite side", o), "adjacent": ("the adjacent side", a), "hypotenuse": ("the hypotenuse", h), "angle": ("the angle", t)}
    told = [f"{values[g][0]} {CORE['text'](values[g][1])}" + (" degrees" if g == "angle" else "") for g in given]
    return {"opposite": o, "adjacent": a, "hypotenuse": h, "angle": t, "radians": r, "lines": lines, "given_text": " and ".join(told)}


def degrees_latex(value: Any, places: int = 2) -> str:
    """An angle in degrees as LaTeX: '60^{\\circ}', or '36.87^{\\circ}' rounded when it is not a whole number."""
    value = _number(value)
    number = float(value)
    if math.isclose(number, round(number), abs_tol=1e-9):
        return f"{int(round(number))}^{{\\circ}}"
    text = f"{number:.{places}f}".rstrip("0").rstrip(".")
    return f"{text}^{{\\circ}}"


def shifted_square(var: str, centre: Any, plain: bool = False) -> str:
    """(var - centre)^2 as LaTeX, or as plain text with plain=True: '(x - 2)^{2}', '(y + 1)^{2}', 'x^{2}' for centre 0;
    plain text: '(x - 2)²'."""
    centre = _number(centre)
    if centre == 0:
        inner = var
    else:
        sign = "+" if centre.could_extract_minus_sign() else "-"
        size = sympy.Abs(centre)
        text = sympy.latex(size) if not plain else str(size).replace("sqrt", "√")
        inner = f"({var} {sign} {text})"
    return inner + ("²" if plain else "^{2}")


def named_value(name: str, value: Any, unit: str = "") -> str:
    """'c = √39 ≈ 6.24', 'c ≈ 6.02' (no '= ≈'), 'C = 60°': a name and its value as plain text for an answer."""
    from scenesmith.kinds.explainer.parameters import HELPERS as CORE

    text = CORE["value_text"](value)
    return f"{name} {text}{unit}" if text.startswith("≈") else f"{name} = {text}{unit}"


HELPERS = {
    "equal_window": equal_window,
    "ellipse_arc": ellipse_arc,
    "triangle_corners": triangle_corners,
    "solve_right_triangle": solve_right_triangle,
    "degrees_latex": degrees_latex,
    "shifted_square": shifted_square,
    "named_value": named_value,
    "side_by_side": side_by_side,
    "heron_area": heron_area,
    # the inverse trigonometric functions, exact where SymPy knows the angle (acos(1/2) = pi/3)
    "asin": sympy.asin,
    "acos": sympy.acos,
    "atan": sympy.atan,
}
