"""Helpers for the statistics and calculus topics: spread and mode of a data set, binomial and
normal probabilities, difference quotients, crossings of two curves, Riemann rectangles, and the
parts of a composition or a product that the chain and product rules work on.

Every value is computed with SymPy; a value a topic cannot draw raises TopicError with what to do.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import sympy

from scenesmith.kinds.explainer.errors import TopicError
from scenesmith.storyboard import expressions

X = expressions.X
H = sympy.Symbol("h")
U = sympy.Symbol("u")


def _pretty(value: Any) -> str:
    from scenesmith.kinds.explainer.parameters import HELPERS

    return HELPERS["pretty"](value)


# ---------------------------------------------------------------- data sets


def squared_deviations(items: Any) -> list[sympy.Expr]:
    """(x - mean)**2 for each value, exactly."""
    mean = sympy.Add(*items) / len(items)
    return [sympy.nsimplify(x - mean) ** 2 for x in items]


def population_variance(items: Any) -> sympy.Expr:
    """The mean of the squared deviations from the mean (divide by n)."""
    return sympy.Add(*squared_deviations(items)) / len(items)


def data_modes(items: Any) -> list[sympy.Expr]:
    """The values that occur most often, smallest first; none when every value occurs once."""
    counts = Counter(sympy.nsimplify(v) for v in items)
    top = max(counts.values())
    if top == 1:
        return []
    return sorted((v for v, c in counts.items() if c == top), key=float)


def top_count(items: Any) -> int:
    """How often the most frequent value occurs."""
    return max(Counter(sympy.nsimplify(v) for v in items).values())


def dot_plot(items: Any, marked: Any = (), color: str = "blue", marked_color: str = "red") -> list[dict]:
    """Stacked dots for a dot plot: the k-th copy of a value sits at height k; marked values get marked_color."""
    seen: Counter = Counter()
    dots = []
    marked = {sympy.nsimplify(v) for v in marked}
    for value in sorted((sympy.nsimplify(v) for v in items), key=float):
        seen[value] += 1
        dots.append({"x": value, "y": seen[value], "label": "", "color": marked_color if value in marked else color})
    return dots


def count_within(items: Any, lo: Any, hi: Any) -> int:
    """How many values lie in [lo, hi]."""
    return sum(1 for v in items if float(lo) - 1e-12 <= float(v) <= float(hi) + 1e-12)


# ---------------------------------------------------------------- probability


def short_number(value: Any, places: int = 4) -> str:
    """LaTeX for a number in a table or a probability: a decimal when it ends within `places` digits
    (2.25, -0.3), else the exact fraction (\\frac{1}{6})."""
    value = sympy.nsimplify(value)
    if value.is_Rational:
        q, twos, fives = int(value.q), 0, 0
        while q % 2 == 0:
            q, twos = q // 2, twos + 1
        while q % 5 == 0:
            q, fives = q // 5, fives + 1
        digits = max(twos, fives)
        if q == 1 and digits <= places:
            return f"{float(value):.{digits}f}"
    return sympy.latex(value)


def plain_number(value: Any, places: int = 4) -> str:
    """A number as plain text: a decimal when it ends within `places` digits (0.25), else a fraction (1/6)."""
    text = short_number(value, places)
    return str(sympy.nsimplify(value)) if "frac" in text else text


def power_latex(base: Any, exponent: Any) -> str:
    """LaTeX for base^exponent with the base in parentheses: '\\left(0.5\\right)^{3}'."""
    return rf"\left({short_number(base)}\right)^{{{sympy.latex(exponent)}}}"


def success_arrangement(n: Any, k: Any) -> str:
    """One way to get k successes in n trials, as plain text: 'S S S F F'."""
    return " ".join(["S"] * int(k) + ["F"] * (int(n) - int(k)))


def sum_of(items: Any) -> sympy.Expr:
    """The exact sum of a list of numbers."""
    return sympy.Add(*items)


def terms_latex(items: Any) -> str:
    """LaTeX for the sum of the numbers as written: '9 + \\left(-1\\right) + 2.25 + \\frac{1}{9}'."""
    return " + ".join(rf"\left({short_number(v)}\right)" if v < 0 else short_number(v) for v in items)


def dot_line(items: Any, color: str = "yellow") -> list[dict]:
    """Unlabelled dots for the values on a number line."""
    return [{"x": v, "y": 0, "label": "", "color": color} for v in items]


def deviation_rows(items: Any) -> list[list[str]]:
    """Table rows [x, x - mean, (x - mean)^2] for each value, as LaTeX."""
    mean = sympy.Add(*items) / len(items)
    return [[short_number(x), short_number(x - mean), short_number((x - mean) ** 2)] for x in items]


def binomial_pmf(n: Any, k: Any, p: Any) -> sympy.Expr:
    """P(X = k) for X ~ Binomial(n, p): C(n, k) p^k (1 - p)^(n - k), exactly."""
    return sympy.binomial(n, k) * sympy.nsimplify(p) ** k * (1 - sympy.nsimplify(p)) ** (n - k)


def binomial_chart(n: Any, k: Any, p: Any) -> dict:
    """Dots (j, P(X = j)) for the distribution chart: all outcomes when n <= 7, else the 8 consecutive
    outcomes around k that hold the most probability. Also the shown span, the probability left out, and a y-range."""
    n, k = int(n), int(k)
    probs = [binomial_pmf(n, j, p) for j in range(n + 1)]
    width = min(n + 1, 8)
    starts = [s for s in range(n + 2 - width) if s <= k < s + width]
    start = max(starts, key=lambda s: (float(sum(probs[s : s + width])), -s))
    shown = range(start, start + width)
    peak = max(float(probs[j]) for j in shown)
    step = next(s for s in (0.05, 0.1, 0.2, 0.25, 0.5) if peak / s <= 6)
    dots = [{"x": j, "y": probs[j], "label": "", "color": "red" if j == k else "blue"} for j in shown]
    left_out = 1 - sympy.Add(*(probs[j] for j in shown))
    return {"dots": dots, "lo": start, "hi": start + width - 1, "left_out": left_out,
            "x_range": {"min": start - 1, "max": start + width, "step": 1},
            "y_range": {"min": 0, "max": round(math.ceil(peak * 1.25 / step) * step, 4), "step": step}}  # fmt: skip


def normal_cdf(z: Any) -> sympy.Expr:
    """P(Z <= z) for the standard normal distribution (z may be -oo or oo)."""
    return (1 + sympy.erf(sympy.sympify(z) / sympy.sqrt(2))) / 2


def normal_curve_point(z: Any, label: str, color: str = "yellow") -> dict:
    """A point on the standard normal curve at z (4-digit height), with its label."""
    height = sympy.exp(-sympy.sympify(z) ** 2 / 2) / sympy.sqrt(2 * sympy.pi)
    return {"x": sympy.Float(float(z), 6), "y": round(float(height), 4), "label": label, "color": color}


def standardise_steps(bounds: Any, mu: Any, sigma: Any) -> list[dict]:
    """Equation steps z = (x - mu) / sigma for each bound x that is given (None: no bound on that side)."""
    from scenesmith.kinds.explainer.parameters import HELPERS

    steps = []
    for x in (b for b in bounds if b is not None):
        z = (sympy.nsimplify(x) - sympy.nsimplify(mu)) / sympy.nsimplify(sigma)
        fraction = rf"\frac{{{sympy.latex(x)} - {HELPERS['paren'](mu)}}}{{{sympy.latex(sigma)}}}"
        unit = "standard deviation" if abs(z) == 1 else "standard deviations"
        where = "the mean itself" if z == 0 else f"{HELPERS['about'](abs(z))} {unit} {'above' if z > 0 else 'below'} the mean"
        steps.append({"latex": rf"z = {fraction} {HELPERS['equals'](z)}", "reason": f"x = {HELPERS['text'](x)} is {where}"})
    return steps


def percent_text(value: Any, places: int = 2) -> str:
    """A probability as a percentage in plain text: '68.27%', '50%'."""
    text = f"{float(value) * 100:.{places}f}".rstrip("0").rstrip(".")
    return f"{text}%"


def near_text(value: Any, places: int = 4) -> str:
    """Plain text for a value's decimal after its left-hand side: '= 0.0081' or '≈ 0.3241'."""
    decimal = f"{float(value):.{places}f}".rstrip("0").rstrip(".")
    same = math.isclose(float(value), float(decimal), rel_tol=0, abs_tol=1e-12)
    return ("= " if same else "≈ ") + decimal


def tiny_text(value: Any) -> str:
    """A very small probability in plain text with two significant digits: '1.3e-07'."""
    return f"{float(value):.2g}"


def percent_equals(value: Any, places: int = 2) -> str:
    """LaTeX for a probability as a percentage after its left-hand side: '= 37.5\\%' or '\\approx 33.33\\%'."""
    exact = sympy.sympify(value) * 100
    text = f"{float(exact):.{places}f}".rstrip("0").rstrip(".")
    same = math.isclose(float(exact), float(text), rel_tol=0, abs_tol=1e-9)
    return ("= " if same else "\\approx ") + text + "\\%"


def faces_sum_latex(n: Any) -> str:
    """LaTeX for 1 + 2 + ... + n (written out up to 8 faces)."""
    n = int(n)
    if n <= 8:
        return " + ".join(str(k) for k in range(1, n + 1))
    return rf"1 + 2 + 3 + \dots + {n}"


def weighted_faces_latex(n: Any) -> str:
    """LaTeX for 1 * 1/n + 2 * 1/n + ... (written out up to 6 faces)."""
    n = int(n)
    term = lambda k: rf"{k} \cdot \tfrac{{1}}{{{n}}}"  # noqa: E731
    if n <= 6:
        return " + ".join(term(k) for k in range(1, n + 1))
    return f"{term(1)} + {term(2)} + \\dots + {term(n)}"


def die_faces(n: Any, color: str = "blue") -> list[dict]:
    """Unlabelled dots at 1..n on a number line (for dice with at most 7 faces; else the two ends)."""
    n = int(n)
    values = range(1, n + 1) if n <= 7 else (1, n)
    return [{"x": v, "y": 0, "label": "", "color": color} for v in values]


def coin_tree(n: Any, k: Any = -1, half: str = r"\tfrac{1}{2}") -> list[dict]:
    """Tree nodes for n coin tosses: a root, then H and T under every node, each edge labelled 1/2.

    With k >= 0 the leaves with exactly k heads are green, the others gray.
    """
    n, k = int(n), int(k)
    nodes: list[dict] = [{"id": "start"}]
    level = [""]
    for depth in range(1, n + 1):
        next_level = []
        for path in level:
            for side in "HT":
                node = path + side
                leaf = depth == n
                color = ("green" if node.count("H") == k else "gray") if leaf and k >= 0 else ("yellow" if side == "H" else "blue")
                nodes.append({"id": node, "parent": path or "start", "label": side, "edge_label": half, "color": color})
                next_level.append(node)
        level = next_level
    return nodes


def coin_outcomes(n: Any, k: Any = -1) -> list[str]:
    """Every outcome of n tosses in tree order (HH, HT, TH, TT), or only those with exactly k heads."""
    outcomes = [""]
    for _ in range(int(n)):
        outcomes = [path + side for path in outcomes for side in "HT"]
    return [o for o in outcomes if int(k) < 0 or o.count("H") == int(k)]


def coin_outcome_text(n: Any, k: Any) -> str:
    """The outcomes with exactly k heads in words: 'HHT, HTH and THH'."""
    found = coin_outcomes(n, k)
    return found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]


# ---------------------------------------------------------------- limits and secants


def difference_quotient(f: Any, x0: Any) -> sympy.Expr:
    """(f(x0 + h) - f(x0)) / h, with h cancelled when it cancels out of the denominator (2 + h for x^2 at 1)."""
    quotient = (f.subs(X, x0 + H) - f.subs(X, x0)) / H
    cancelled = sympy.cancel(sympy.expand(quotient))
    return cancelled if not sympy.fraction(sympy.together(cancelled))[1].has(H) else quotient


def substituted_latex(f: Any, value: Any) -> str:
    """LaTeX for f with x replaced by (value), written out before any simplifying: x^3 - 3x at h + 2 -> (h + 2)^3 - 3(h + 2)."""
    slot = sympy.Symbol("Q")
    text = sympy.latex(f.subs(X, slot))
    inner = sympy.latex(value)
    text = text.replace(r"\left(Q \right)", rf"\left({inner} \right)")
    return text.replace("Q", rf"\left({inner}\right)")


def limit_steps(f: Any, x0: Any) -> dict:
    """The limit of the difference quotient of f at x0, worked as equation steps, and the slope it gives.

    Raises TopicError when f is undefined at x0 or the limit does not exist (a corner, a jump, a vertical tangent).
    """
    from scenesmith.kinds.explainer.parameters import HELPERS

    x0 = sympy.nsimplify(x0)
    y0 = sympy.simplify(f.subs(X, x0))
    if not (y0.is_real and y0.is_finite):
        raise TopicError(f"y = {_pretty(f)} is not defined at x = {HELPERS['text'](x0)}; pick another point.")
    quotient = (f.subs(X, x0 + H) - y0) / H
    simplified = difference_quotient(f, x0)
    try:
        slope = sympy.limit(simplified, H, 0, "+-")
    except (ValueError, NotImplementedError):
        raise TopicError(f"The difference quotient of y = {_pretty(f)} has no limit at x = {HELPERS['text'](x0)}: the curve has a corner or a jump there. Pick another point.") from None
    if not (slope.is_real and slope.is_finite):
        raise TopicError(f"The difference quotient of y = {_pretty(f)} grows without bound at x = {HELPERS['text'](x0)}: the curve is vertical there. Pick another point.")
    lim = r"\lim_{h \to 0}"
    steps = [{"latex": rf"= {lim} \frac{{{substituted_latex(f, x0 + H)} - {HELPERS['paren'](y0)}}}{{h}}", "reason": f"Put in f and x0 = {HELPERS['text'](x0)}"}]
    if simplified != quotient and not simplified.has(sympy.Function):
        steps.append({"latex": rf"= {lim} \left({sympy.latex(simplified)}\right)", "reason": "Expand and cancel h"})
    steps.append({"latex": f"= {sympy.latex(slope)}", "reason": "Let h shrink to 0"})
    return {"y0": y0, "quotient": simplified, "slope": slope, "steps": steps}


def secant_rows(quotient: Any, hs: Any) -> list[list[str]]:
    """Table rows [h, difference quotient at h] (six decimals at most, marked when rounded)."""
    rows = []
    for h in hs:
        value = sympy.nsimplify(quotient.subs(H, sympy.nsimplify(h)))
        text = short_number(value, 6)
        if "frac" in text or not value.is_Rational:
            text = r"\approx " + f"{float(value):.6f}".rstrip("0").rstrip(".")
        rows.append([short_number(h, 6), text])
    return rows


def secant_line(f: Any, x0: Any, h: Any) -> sympy.Expr:
    """The line through (x0, f(x0)) and (x0 + h, f(x0 + h)), with 4-digit decimals when it is not rational."""
    x0, h = sympy.nsimplify(x0), sympy.nsimplify(h)
    y0, y1 = f.subs(X, x0), f.subs(X, x0 + h)
    slope = (y1 - y0) / h
    line = sympy.expand(slope * (X - x0) + y0)
    return line if all(c.is_Rational for c in sympy.Poly(line, X).all_coeffs()) else sympy.N(line, 4)


# ---------------------------------------------------------------- two curves


def crossings(f: Any, g: Any) -> list[sympy.Expr]:
    """The real x where the curves y = f and y = g meet, smallest first (at most 8)."""
    from scenesmith.kinds.explainer.parameters import HELPERS

    return HELPERS["roots"](sympy.expand(f - g))


def enclosed_interval(f: Any, g: Any, a: Any = None, b: Any = None) -> dict:
    """The interval [lo, hi] of the region between y = f and y = g, and equation steps that find it.

    With bounds a < b given, the curves must not cross strictly between them; without, the curves
    must meet exactly twice, and the region runs between those two crossings.
    """
    from scenesmith.kinds.explainer.parameters import HELPERS

    text = HELPERS["text"]
    if same_function(f, g):
        raise TopicError("The two curves are the same, so there is no region between them. Give two different curves, like 'the area between y = x^2 and y = x'.")
    difference = sympy.expand(f - g)
    meets = crossings(f, g)
    if a is not None and b is not None:
        a, b = sympy.nsimplify(a), sympy.nsimplify(b)
        if not a < b:
            raise TopicError("The lower bound must be smaller than the upper bound (for example from 0 to 1).")
        inside = [c for c in meets if float(a) + 1e-9 < float(c) < float(b) - 1e-9]
        if inside:
            raise TopicError(f"The curves cross at x = {HELPERS['listing'](inside)}, between {text(a)} and {text(b)}, so the upper curve changes there. Ask for the area on each side of the crossing separately.")
        top = top_curve(f, g, a, b)
        bottom = g if top == f else f
        steps = [{"latex": rf"{sympy.latex(top)} \ge {sympy.latex(bottom)}", "reason": f"The curves do not cross between {text(a)} and {text(b)}"}]
        return {"lo": a, "hi": b, "steps": steps, "start": rf"{sympy.latex(a)} \le x \le {sympy.latex(b)}"}
    if len(meets) != 2:
        found = "never meet" if not meets else f"meet at x = {HELPERS['listing'](meets)}"
        raise TopicError(f"The curves {found}, so they do not enclose exactly one region. Give the bounds, like 'from 0 to 1'.")
    lo, hi = meets
    steps = [
        {"latex": f"{sympy.latex(difference)} = 0", "reason": "Set the curves equal and bring everything to one side"},
        {"latex": rf"x = {sympy.latex(lo)} \quad \text{{or}} \quad x = {sympy.latex(hi)}", "reason": "Solve: the curves meet here"},
    ]
    return {"lo": lo, "hi": hi, "steps": steps, "start": f"{sympy.latex(f)} = {sympy.latex(g)}"}


def upper_minus_lower(f: Any, g: Any, a: Any, b: Any) -> sympy.Expr:
    """top - bottom on [a, b], the top being the curve that is higher in the middle."""
    top = top_curve(f, g, a, b)
    return sympy.expand(top - (g if top == f else f))


def top_curve(f: Any, g: Any, a: Any, b: Any) -> sympy.Expr:
    """The curve (f or g) that is on top in the middle of [a, b]."""
    mid = (sympy.nsimplify(a) + sympy.nsimplify(b)) / 2
    return f if float((f - g).subs(X, mid)) >= 0 else g


# ---------------------------------------------------------------- Riemann sums


def riemann(f: Any, a: Any, b: Any, n: Any, where: str) -> dict:
    """The rectangles of a left, right or midpoint Riemann sum of f on [a, b] with n strips.

    Returns the sample points, the heights f(sample), the sum, and the rectangles as at most three
    axes polygons, each tracing two neighbouring rectangles up, across and down from the x-axis.
    """
    a, b, n = sympy.nsimplify(a), sympy.nsimplify(b), int(n)
    width = (b - a) / n
    offset = {"left": 0, "right": 1, "midpoint": sympy.Rational(1, 2)}[where]
    samples = [a + (i + offset) * width for i in range(n)]
    heights = [sympy.nsimplify(sympy.simplify(f.subs(X, s))) for s in samples]
    if not all(h.is_finite and h.is_real for h in heights):
        raise TopicError("The function is undefined at one of the sample points; pick another interval.")
    if any(abs(float(h)) > 90 for h in heights):
        raise TopicError("The function grows too large on this interval to draw its rectangles; pick a smaller interval.")
    polygons = []
    for first in range(0, n, 2):
        edge = a + first * width
        corners = [{"x": edge, "y": 0}]
        for i in range(first, min(first + 2, n)):
            left, right = a + i * width, a + (i + 1) * width
            corners += [{"x": left, "y": heights[i]}, {"x": right, "y": heights[i]}, {"x": right, "y": 0}]
        polygons.append({"vertices": corners, "color": {"left": "orange", "right": "purple", "midpoint": "green"}[where], "opacity": 0.45})
    return {"samples": samples, "heights": heights, "total": sympy.nsimplify(width * sympy.Add(*heights)), "polygons": polygons}


# ---------------------------------------------------------------- chain and product rules


_OUTER = {sympy.sin, sympy.cos, sympy.tan, sympy.exp, sympy.log, sympy.sec, sympy.csc, sympy.cot, sympy.asin, sympy.acos, sympy.atan}


def chain_parts(f: Any) -> dict:
    """f = outer(inner(x)): the outer function of u, the inner function of x, and their derivatives.

    A constant factor stays with the outer function (3 sin(2x): outer 3 sin(u), inner 2x). Raises
    TopicError when f is not a composition whose inner part is more than x itself.
    """
    coefficient, rest = sympy.sympify(f).as_coeff_Mul()
    inner = None
    if isinstance(rest, sympy.Pow):
        base, power = rest.args
        if not power.has(X) and base.has(X) and base != X:
            inner, outer = base, U**power
        elif not base.has(X) and power.has(X) and power != X:
            inner, outer = power, base**U
    elif isinstance(rest, sympy.Function) and rest.func in _OUTER and len(rest.args) == 1 and rest.args[0] != X and rest.args[0].has(X):
        inner, outer = rest.args[0], rest.func(U)
    if inner is None:
        raise TopicError(f"y = {_pretty(f)} is not one function inside another, so the chain rule has nothing to do. Try a composition like sin(x^2), (3x + 1)^5 or e^(2x).")
    outer = coefficient * outer
    d_outer = sympy.diff(outer, U)
    d_inner = sympy.diff(inner, X)
    return {"outer": outer, "inner": inner, "d_outer": d_outer, "d_inner": d_inner, "d_outer_at": d_outer.subs(U, inner)}


def product_parts(f: Any) -> dict:
    """f = u(x) v(x): two non-constant factors (a constant factor joins u) and their derivatives.

    Raises TopicError when f is not a product of two functions of x.
    """
    coefficient, rest = sympy.sympify(f).as_coeff_Mul()
    factors = [factor for factor in sympy.Mul.make_args(rest) if factor.has(X)]
    if not isinstance(rest, sympy.Mul) or len(factors) < 2 or len(factors) != len(sympy.Mul.make_args(rest)):
        raise TopicError(f"y = {_pretty(f)} is not a product of two functions of x. Try one like x^2 sin(x), x e^x or (x + 1)(x - 2).")
    u = coefficient * factors[0]
    v = sympy.Mul(*factors[1:])
    return {"u": u, "v": v, "du": sympy.diff(u, X), "dv": sympy.diff(v, X)}


def same_function(a: Any, b: Any) -> bool:
    """Whether two expressions in x are the same function (their difference simplifies to 0)."""
    return sympy.simplify(sympy.sympify(a) - sympy.sympify(b)) == 0


def product_latex(a: Any, b: Any) -> str:
    """LaTeX for the product a * b as written, each factor in parentheses when it is a sum."""

    def factor(e: Any) -> str:
        text = sympy.latex(e)
        return rf"\left({text}\right)" if isinstance(e, sympy.Add) else text

    return rf"{factor(a)} \cdot {factor(b)}"


# ---------------------------------------------------------------- local extrema


def critical_points(f: Any) -> list[dict]:
    """Where f'(x) = 0, with f there, f'' there, and what the point is: 'maximum', 'minimum' or 'neither'.

    Raises TopicError when f has no such point or more than four (the graph would not show them clearly).
    """
    from scenesmith.kinds.explainer.parameters import HELPERS

    d1 = sympy.diff(f, X)
    d2 = sympy.diff(d1, X)
    found = HELPERS["roots"](d1)
    if not found:
        raise TopicError(f"The derivative of y = {_pretty(f)} is never zero, so the curve has no local maximum or minimum. Try y = x^3 - 3x.")
    if len(found) > 3:
        raise TopicError(f"y = {_pretty(f)} has more than three flat points; pick a function with fewer turning points, like y = x^3 - 3x.")
    points = []
    for c in found:
        curvature = sympy.nsimplify(d2.subs(X, c)) if c.is_Rational else d2.subs(X, c)
        if float(curvature) < -1e-12:
            kind = "maximum"
        elif float(curvature) > 1e-12:
            kind = "minimum"
        else:  # second derivative test is silent: compare the slope just left and right of c
            left, right = float(d1.subs(X, c - sympy.Rational(1, 1000))), float(d1.subs(X, c + sympy.Rational(1, 1000)))
            kind = "maximum" if left > 0 > right else "minimum" if left < 0 < right else "neither"
        height = sympy.simplify(f.subs(X, c))
        if abs(float(height)) > 90:
            raise TopicError(f"y = {_pretty(f)} turns at a height of about {float(height):.0f}, too far from the x-axis to draw; try a function whose turning points lie closer to it.")
        points.append({"x": c, "y": height, "f2": sympy.simplify(curvature), "kind": kind})
    return points


def _coordinates(point: dict) -> str:
    from scenesmith.kinds.explainer.parameters import HELPERS

    return f"({HELPERS['decimal'](point['x'])}, {HELPERS['decimal'](point['y'])})"


def extrema_steps(f: Any, points: Any) -> dict:
    """Equation steps that solve f'(x) = 0 and that test each solution with f''(x)."""
    from scenesmith.kinds.explainer.parameters import HELPERS

    d1 = sympy.diff(f, X)
    solve = [{"latex": f"{sympy.latex(d1)} = 0", "reason": "Set the derivative to zero"}]
    factored = sympy.factor(d1)
    if factored != d1 and len(sympy.latex(factored)) <= 60:
        solve.append({"latex": f"{sympy.latex(factored)} = 0", "reason": "Factor"})
    xs = [p["x"] for p in points]
    solve.append({"latex": r" \quad ".join(f"x = {sympy.latex(c) if c.is_Rational else HELPERS['approx'](c)}" for c in xs), "reason": "Solve for x"})
    test = []
    for p in points:
        c = p["x"]
        where = sympy.latex(c) if len(sympy.latex(c)) <= 24 else HELPERS["decimal"](c)
        value = p["f2"]
        if p["kind"] == "neither" or value == 0:
            relation = "= 0"
            reason = f"f'' is 0: the slope does not change sign, so x = {HELPERS['text'](c)} is neither" if p["kind"] == "neither" else f"f'' is 0, but the slope changes sign: a local {p['kind']}"
        else:
            relation = ("< 0" if p["kind"] == "maximum" else "> 0")
            value_text = f"= {sympy.latex(value)}" if value.is_Rational else HELPERS["near"](value)
            relation = f"{value_text} {relation}"
            reason = f"Curving {'down' if p['kind'] == 'maximum' else 'up'}: a local {p['kind']}"
        test.append({"latex": f"f''({where}) {relation}", "reason": reason})
    return {"solve": solve, "test": test}


def extrema_marks(f: Any, points: Any) -> dict:
    """Labelled points for the graph, a short flat segment (the horizontal tangent) through each, and an x-span around them."""
    from scenesmith.kinds.explainer.parameters import HELPERS

    colors = {"maximum": "red", "minimum": "green", "neither": "gray"}
    names = {"maximum": r"\text{max}", "minimum": r"\text{min}", "neither": r"\text{flat}"}
    dots = [{"x": p["x"], "y": p["y"], "label": names[p["kind"]], "color": colors[p["kind"]]} for p in points]
    flats = [HELPERS["segment"](p["x"] - sympy.Rational(3, 4), p["y"], p["x"] + sympy.Rational(3, 4), p["y"], "orange") for p in points]
    xs = [float(p["x"]) for p in points]
    extra = max(1.0, (3.0 - (max(xs) - min(xs))) / 2)
    return {"dots": dots, "flats": flats, "lo": min(xs) - extra, "hi": max(xs) + extra}


def extrema_summary(points: Any) -> str:
    """The flat points in words: 'a local maximum at (-1, 2) and a local minimum at (1, -2)'."""
    words = {"maximum": "a local maximum", "minimum": "a local minimum", "neither": "a flat point that is neither"}
    parts = [f"{words[p['kind']]} at {_coordinates(p)}" for p in points]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


HELPERS: dict[str, Any] = {
    "squared_deviations": squared_deviations,
    "population_variance": population_variance,
    "data_modes": data_modes,
    "top_count": top_count,
    "dot_plot": dot_plot,
    "count_within": count_within,
    "short_number": short_number,
    "deviation_rows": deviation_rows,
    "sum_of": sum_of,
    "factorial": sympy.factorial,
    "coin_tree": coin_tree,
    "coin_outcomes": coin_outcomes,
    "coin_outcome_text": coin_outcome_text,
    "plain_number": plain_number,
    "power_latex": power_latex,
    "success_arrangement": success_arrangement,
    "terms_latex": terms_latex,
    "dot_line": dot_line,
    "choose": sympy.binomial,
    "binomial_pmf": binomial_pmf,
    "binomial_chart": binomial_chart,
    "normal_cdf": normal_cdf,
    "infinity": sympy.oo,
    "normal_curve_point": normal_curve_point,
    "standardise_steps": standardise_steps,
    "percent_text": percent_text,
    "percent_equals": percent_equals,
    "near_text": near_text,
    "tiny_text": tiny_text,
    "faces_sum_latex": faces_sum_latex,
    "weighted_faces_latex": weighted_faces_latex,
    "die_faces": die_faces,
    "limit_steps": limit_steps,
    "secant_rows": secant_rows,
    "secant_line": secant_line,
    "crossings": crossings,
    "enclosed_interval": enclosed_interval,
    "upper_minus_lower": upper_minus_lower,
    "top_curve": top_curve,
    "riemann": riemann,
    "chain_parts": chain_parts,
    "product_parts": product_parts,
    "same_function": same_function,
    "product_latex": product_latex,
    "critical_points": critical_points,
    "extrema_steps": extrema_steps,
    "extrema_marks": extrema_marks,
    "extrema_summary": extrema_summary,
}
