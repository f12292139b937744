"""Pull a topic's parameters out of the prompt, compute its derived values with SymPy, and fill its template.

"Show the graph of y = x^2 - 4" gives f = x**2 - 4 for the graph topic; its derived values
(the roots, the LaTeX, a y-window) come from SymPy, never from guesses.
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass, field
from typing import Any

import sympy
from sympy.parsing.sympy_parser import parse_expr, standard_transformations

from scenesmith.kinds.explainer.errors import TopicError
from scenesmith.kinds.explainer.library import Parameter, Topic
from scenesmith.mathreader.normalize import unicode_to_ascii
from scenesmith.storyboard import expressions
from scenesmith.storyboard.ir import Storyboard

X = expressions.X
NUMBER = r"(-?\d+(?:\.\d+)?)"
FUNCTION_PATTERNS = [
    r"(?:\by|\bf\s*\(\s*x\s*\)|\bg\s*\(\s*x\s*\))\s*=\s*(.+)",
    r"\b(?:graph|plot|curve|derivative|slope|area under|integral)\s+of\s+(?:y\s*=\s*|f\s*\(x\)\s*=\s*)?(.+)",
]
_MATH_TOKEN = re.compile(r"\s*(?:sin|cos|tan|exp|log|ln|sqrt|abs|pi|e(?![a-z])|x(?![a-z])|\d+(?:\.\d+)?|\*\*|[-+*/^()])", re.IGNORECASE)


def math_prefix(text: str) -> str:
    """The longest leading run of text that reads as a formula in x ('x^2 - 4 and mark' -> 'x^2 - 4')."""
    end = 0
    previous = ""
    while match := _MATH_TOKEN.match(text, end):
        token = match.group(0).strip()
        if re.fullmatch(r"\d+(?:\.\d+)?", token) and re.fullmatch(r"\d+(?:\.\d+)?", previous):
            break  # "x^2 3 units up": two numbers in a row end the formula (never read as 2·3)
        previous = token
        end = match.end()
    formula = text[:end].strip()
    while formula and formula[-1] in "+-*/^(":
        formula = formula[:-1].strip()
    while formula.count("(") > formula.count(")") and formula.startswith("("):
        formula = formula[1:].strip()
    return formula
def _normalise(text: str) -> str:
    """Unicode math (², √, ×, −, π, ≤ ...) as the ASCII the patterns and the one math reader expect."""
    return unicode_to_ascii(text)


def fmt(value: Any) -> str:
    """A number as people write it: 5, 2.5, 13.89, 0.333, 1256.64 (never in scientific notation)."""
    number = float(value)
    if math.isclose(number, round(number), abs_tol=1e-9):
        return str(int(round(number)))
    text = f"{number:.2f}" if abs(number) >= 1 else f"{number:.3g}"
    if "e" in text:
        text = f"{number:.6f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _plain(value: Any) -> Any:
    """A derived value in the form the storyboard JSON wants."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, sympy.Basic):
        if value.is_number:
            number = float(value)
            return int(round(number)) if math.isclose(number, round(number), abs_tol=1e-9) else round(number, 4)
        return str(value)
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 4)
    return value


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, sympy.Basic) and not value.is_number:
        return sympy.latex(value)
    if isinstance(value, (int, float)) or (isinstance(value, sympy.Basic) and value.is_number):
        return fmt(value)
    return str(_plain(value))


def _real_roots(f: sympy.Expr) -> list[sympy.Expr]:
    try:
        found = sympy.solveset(sympy.Eq(f, 0), X, domain=sympy.S.Reals)
    except Exception:  # solveset gives up on some transcendental functions
        return []
    if isinstance(found, sympy.FiniteSet):
        return sorted(found, key=lambda r: float(r))[:8]
    return _numeric_roots(f)


def _numeric_roots(f: sympy.Expr, lo: float = -6.5, hi: float = 6.5) -> list[sympy.Expr]:
    """Sign changes of f on [lo, hi], refined by bisection (for sin(x) and other periodic functions)."""
    fn = expressions.numeric(f)
    roots: list[sympy.Expr] = []
    steps = 1300
    xs = [lo + (hi - lo) * k / steps for k in range(steps + 1)]
    for a, b in zip(xs, xs[1:]):
        fa, fb = fn(a), fn(b)
        if not (math.isfinite(fa) and math.isfinite(fb)):
            continue
        if fa == 0:
            root = a
        elif fa * fb < 0:
            for _ in range(60):
                mid = (a + b) / 2
                if fa * fn(mid) <= 0:
                    b = mid
                else:
                    a, fa = mid, fn(mid)
            root = (a + b) / 2
        else:
            continue
        if not roots or abs(float(roots[-1]) - root) > 1e-6:
            roots.append(sympy.Float(round(root, 4)))
    return roots[:8]


def _window(f: sympy.Expr, a: Any, b: Any) -> dict:
    """A y-axis range that shows f on [a, b], including 0, with a readable tick step."""
    fn = expressions.numeric(f)
    lo, hi = float(a), float(b)
    values = [fn(lo + (hi - lo) * k / 200) for k in range(201)]
    values = [min(max(v, -90.0), 90.0) for v in values if math.isfinite(v)] + [0.0]
    ymin, ymax = min(values), max(values)
    span = max(ymax - ymin, 1.0)
    step = next(s for s in (0.5, 1, 2, 5, 10, 20, 50) if span / s <= 10)
    return {"min": math.floor((ymin - 0.1 * span) / step) * step, "max": math.ceil((ymax + 0.1 * span) / step) * step, "step": step}


def _xwindow(f: sympy.Expr, pad: Any = 2) -> dict:
    """An x-axis range around the interesting points of f (roots and turning points), at least -3..3."""
    interesting = [float(r) for r in _real_roots(f)]
    try:
        turning = sympy.solveset(sympy.diff(f, X), X, domain=sympy.S.Reals)
        if isinstance(turning, sympy.FiniteSet):
            interesting += [float(t) for t in turning][:8]
    except Exception:
        pass
    lo = min(interesting + [-1.0]) - float(pad)
    hi = max(interesting + [1.0]) + float(pad)
    lo, hi = max(math.floor(lo), -10), min(math.ceil(hi), 10)
    step = 1 if hi - lo <= 12 else 2
    return {"min": lo, "max": hi, "step": step}


_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _readable(expr: Any) -> str:
    """A formula as plain text people read: x**2 - 2*x -> x² - 2x."""
    text = str(expr)
    text = re.sub(r"\*\*(-?\d+)", lambda m: m.group(1).translate(_SUPERSCRIPTS), text)
    text = re.sub(r"(\d)\*(?=[a-z(])", r"\1", text)
    return text.replace("**", "^").replace("*", "·")


def _point_label(x: Any, y: Any) -> str:
    return f"({_text(x)}, {_text(y)})"


_SUPERSCRIPT = str.maketrans("0123456789-x", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻ˣ")


def _pretty(value: Any) -> str:
    """A formula as plain text for headings, text elements and narration: 'x² - 2x + 1', '2ˣ', '|x|' (no LaTeX, no ^)."""
    if isinstance(value, str):
        return value
    if not isinstance(value, sympy.Basic) or value.is_number:
        return _text(value)
    s = str(value)
    s = re.sub(r"Abs\(([^()]*)\)", r"|\1|", s)
    s = re.sub(r"exp\(([^()]*)\)", r"e**(\1)", s)
    s = re.sub(r"\*\*(?:(-?(?:\d+|x))(?![\w.(])|\((-?(?:\d+|x))\))", lambda m: (m.group(1) or m.group(2)).translate(_SUPERSCRIPT), s)
    s = s.replace("**", "^")  # exponents with no superscript form (rare): still readable
    s = re.sub(r"(?<=\d)\*(?=x|\()", "", s)
    s = re.sub(r"(?<=\d)\*(?=[a-z])", " ", s)
    s = s.replace("*", "·").replace("sqrt(", "√(")
    return s


def _decimal(value: Any, places: int = 2) -> str:
    number = float(value)
    text = f"{number:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _approx(value: Any, places: int = 2) -> str:
    """LaTeX for an exact value and, unless it is a whole number, its decimal: '\\sqrt{193} \\approx 13.89', '\\frac{9}{2} = 4.5'."""
    value = sympy.nsimplify(value) if isinstance(value, float) else sympy.sympify(value)
    exact = sympy.latex(value)
    if value.is_Integer:
        return exact
    decimal = _decimal(value, places)
    if decimal == exact:
        return exact
    relation = "=" if math.isclose(float(value), float(decimal), rel_tol=0, abs_tol=1e-12) else "\\approx"
    return f"{exact} {relation} {decimal}"


def _is_exact(value: Any) -> bool:
    """Whether the value is worth writing exactly (no unevaluated sin(37 pi/180) and the like)."""
    value = sympy.sympify(value)
    return value.is_Rational or not value.atoms(sympy.Function) and len(sympy.latex(value)) <= 40


def _equals(value: Any, places: int = 2) -> str:
    """LaTeX that follows a left-hand side: '= \\frac{\\sqrt{3}}{2} \\approx 0.87', '= 13', or just '\\approx 0.8' when the exact form is unwieldy."""
    value = sympy.nsimplify(value) if isinstance(value, float) else sympy.sympify(value)
    if _is_exact(value):
        return "= " + _approx(value, places)
    return _near(value, places)


def _near(value: Any, places: int = 2) -> str:
    """'= 13', '= 4.5' or '\\approx 13.89': the relation and a short decimal."""
    decimal = _decimal(value, places)
    exact = math.isclose(float(value), float(decimal), rel_tol=0, abs_tol=1e-12)
    return ("= " if exact else "\\approx ") + decimal


def _about(value: Any, places: int = 2) -> str:
    """Plain words for a value: '13', '4.5' or 'about 13.89'."""
    decimal = _decimal(value, places)
    return decimal if math.isclose(float(value), float(decimal), rel_tol=0, abs_tol=1e-12) else f"about {decimal}"


def _exact_text(value: sympy.Expr) -> str:
    """An exact number as plain text: 14π, √13, 9/2, √3/2."""
    text = str(value).replace("pi", "π")
    text = re.sub(r"sqrt\((\d+)\)", r"√\1", text).replace("sqrt(", "√(")
    text = re.sub(r"(?<=\d)\*(?=[π√(])", "", text)
    return text.replace("**", "^").replace("*", "·")


def _value_text(value: Any, places: int = 2) -> str:
    """A value as an answer is written in plain text: '13', '14π ≈ 43.98', '9/2 = 4.5'."""
    value = sympy.nsimplify(value) if isinstance(value, float) else sympy.sympify(value)
    decimal = _decimal(value, places)
    if value.is_Integer or not value.is_number:
        return _exact_text(value) if value.is_number else _pretty(value)
    exact = _exact_text(value) if _is_exact(value) else None
    same = math.isclose(float(value), float(decimal), rel_tol=0, abs_tol=1e-12)
    if exact is None or exact == decimal:
        return decimal if same else f"≈ {decimal}"
    return f"{exact} {'=' if same else '≈'} {decimal}"


def _paren(value: Any) -> str:
    """LaTeX for a value, in parentheses when it is negative (for substituting into formulas)."""
    value = sympy.sympify(value)
    text = sympy.latex(value)
    return rf"\left({text}\right)" if value.could_extract_minus_sign() else text


def _listing(items: Any, places: int = 2) -> str:
    """'-0.77, 2 and 4': numbers as words, joined for a sentence."""
    words = [_decimal(v, places) for v in items]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _check(condition: Any, message: str) -> bool:
    """Stop with a TopicError (message shown to the user) unless condition holds."""
    if not bool(condition):
        raise TopicError(message)
    return True


def _poly(f: Any) -> sympy.Poly:
    try:
        return sympy.Poly(f, X)
    except sympy.PolynomialError:
        raise TopicError(f"{_pretty(f)} is not a polynomial in x.") from None


def _coeff(f: Any, n: Any) -> sympy.Expr:
    """The coefficient of x**n in the polynomial f."""
    return _poly(f).coeff_monomial(X ** int(n))


def _signed(value: Any, var: str = "") -> str:
    """LaTeX for '+ term' or '- term' (empty for zero), so templates never print '+ -3'."""
    value = sympy.sympify(value)
    if value == 0:
        return ""
    sign = "-" if value.could_extract_minus_sign() else "+"
    size = -value if sign == "-" else value
    body = sympy.latex(size)
    if var:
        body = var if size == 1 else (rf"\left({body}\right) {var}" if isinstance(size, sympy.Add) else f"{body} {var}")
    return f" {sign} {body}"


def _complete_square(f: Any) -> dict:
    """LaTeX for the steps of completing the square of y = ax^2 + bx + c, and the vertex (h, k)."""
    a, b, c = (_coeff(f, k) for k in (2, 1, 0))
    _check(_poly(f).degree() == 2 and a != 0, f"{_pretty(f)} is not a quadratic: completing the square needs an x² term.")
    p = b / a
    half = p / 2
    h, k = -half, c - b**2 / (4 * a)
    lead = "" if a == 1 else ("-" if a == -1 else sympy.latex(a))

    def scaled(inner: str) -> str:
        return rf"{lead}\left({inner}\right)" if lead else inner

    square = rf"{lead}\left(x{_signed(half)}\right)^{{2}}"
    forms = {
        "a": a, "b": b, "c": c, "h": h, "k": k,
        "factored": "y = " + scaled("x^{2}" + _signed(p, "x")) + _signed(c),
        "added": "y = " + scaled("x^{2}" + _signed(p, "x") + _signed(half**2) + _signed(-half**2)) + _signed(c),
        "squared": "y = " + square + _signed(-a * half**2) + _signed(c),
        "vertex_form": "y = " + square + _signed(k),
    }
    steps = [] if a == 1 else [{"latex": forms["factored"], "reason": f"Factor {_text(a)} out of the x terms"}]
    steps += [
        {"latex": forms["added"], "reason": f"Add and subtract the square of half of {_text(p)}"},
        {"latex": forms["squared"], "reason": "The first three terms form a perfect square"},
        {"latex": forms["vertex_form"], "reason": "Combine the constants"},
    ]
    forms["steps"] = steps
    return forms


def _segment(x1: Any, y1: Any, x2: Any, y2: Any, color: str = "orange", label: str | None = None) -> dict:
    """A straight piece from (x1, y1) to (x2, y2) as a plotted function; a vertical piece is a very steep line over a sliver of x."""
    ends = [sympy.sympify(v) for v in (x1, y1, x2, y2)]
    exact = all(v.is_Rational for v in ends)
    # Irrational or float ends (a point on a circle, a triangle's corner) are drawn from 6-digit decimals,
    # so the expression stays short; rational ends stay exact.
    x1, y1, x2, y2 = ends if exact else [sympy.Float(float(v), 6) for v in ends]
    if x1 == x2:
        width = sympy.Rational(1, 100) if abs(x1) < 10 else sympy.Rational(1, 10)
        slope, lo, hi = (y2 - y1) / width, x1 - width, x1
    else:
        slope, lo, hi = (y2 - y1) / (x2 - x1), min(x1, x2), max(x1, x2)
    expr = sympy.expand(y1 + slope * (X - lo if x1 == x2 else X - x1))
    if not exact:
        expr = sympy.N(expr, 6)
    piece = {"expr": str(expr), "x_min": lo, "x_max": hi, "color": color}
    if label:
        piece["label"] = label
    return piece


def _curve_points(f: Any, xs: Any, color: str = "yellow") -> list[dict]:
    """Marked points (x, f(x)) for each x."""
    points = []
    for x in xs:
        y = sympy.nsimplify(f.subs(X, x)) if isinstance(f, sympy.Basic) else f
        points.append({"x": x, "y": y, "label": _point_label(x, y), "color": color})
    return points


def _nice_range(*values: Any, pad: Any = 1, ticks: int = 8, zero: bool = True) -> dict:
    """An axis range {min, max, step} that holds every value (and 0) with room to spare and at most about `ticks` ticks."""
    numbers = [float(v) for v in values] + ([0.0] if zero else [])
    lo, hi = min(numbers) - float(pad), max(numbers) + float(pad)
    span = max(hi - lo, 1.0)
    step = next((s for s in (0.5, 1, 2, 5, 10, 20, 25, 50) if span / s <= ticks), 50)
    # Storyboard coordinates are bounded to ±100.
    return {"min": max(math.floor(lo / step) * step, -100), "max": min(math.ceil(hi / step) * step, 100), "step": step}


def _repeat(value: Any, times: Any, joiner: str = " + ") -> str:
    """LaTeX for value written `times` times: repeat(4, 3) -> '4 + 4 + 4'."""
    return joiner.join([sympy.latex(sympy.sympify(value))] * int(times))


def _seq(items: Any, joiner: str = ",\\ ", wrap: bool = False) -> str:
    """LaTeX for a list of values joined by `joiner`; wrap=True puts negative values in parentheses (for sums)."""
    return joiner.join(_paren(v) if wrap else sympy.latex(sympy.sympify(v)) for v in items)


def _mean(items: Any) -> sympy.Expr:
    return sympy.Add(*items) / len(items)


def _median(items: Any) -> sympy.Expr:
    ordered = sorted(items, key=float)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


HELPERS: dict[str, Any] = {
    "latex": lambda e: sympy.latex(e),
    "text": _text,
    "expr": lambda e: str(e),
    "plain": lambda e: _readable(e),
    "roots": _real_roots,
    "root_points": lambda f: [{"x": r, "y": 0, "label": _point_label(r, 0)} for r in _real_roots(f)],
    "point": lambda x, y, label=None, color="yellow": {"x": x, "y": y, "label": label if label is not None else _point_label(x, y), "color": color},
    "diff": lambda f: sympy.diff(f, X),
    "antiderivative": lambda f: sympy.integrate(f, X),
    "integrate": lambda f, a, b: sympy.integrate(f, (X, a, b)),
    "at": lambda f, v: sympy.simplify(f.subs(X, v)),
    "window": _window,
    "xwindow": _xwindow,
    "count": len,
    "first": lambda items, default=0: items[0] if items else default,
    "expand": sympy.expand,
    "factor": sympy.factor,
    "simplify": sympy.simplify,
    "sqrt": sympy.sqrt,
    "Abs": sympy.Abs,
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tan": sympy.tan,
    "exp": sympy.exp,
    "log": sympy.log,
    "atan2": sympy.atan2,
    "deg": lambda r: r * 180 / sympy.pi,
    "pi": sympy.pi,
    "Max": sympy.Max,
    "Min": sympy.Min,
    "floor": sympy.floor,
    "ceiling": sympy.ceiling,
    "N": lambda e, digits=4: sympy.N(e, digits),
    "x": X,
    "pretty": _pretty,
    "equals": _equals,
    "near": _near,
    "about": _about,
    "paren": _paren,
    "value_text": _value_text,
    "exact_text": lambda v: _exact_text(sympy.nsimplify(v) if isinstance(v, float) else sympy.sympify(v)),
    "listing": _listing,
    "approx": _approx,
    "decimal": _decimal,
    "check": _check,
    "coeff": _coeff,
    "degree": lambda f: _poly(f).degree(),
    "signed": _signed,
    "complete_square": _complete_square,
    "segment": _segment,
    "curve_points": _curve_points,
    "nice_range": _nice_range,
    "repeat": _repeat,
    "sorted": lambda items: sorted(items, key=float),
    "seq": _seq,
    "upto": lambda n: [sympy.Integer(k) for k in range(1, int(n) + 1)],
    "mean": _mean,
    "median": _median,
    "Rational": sympy.Rational,
}
_GLOBALS = {"Integer": sympy.Integer, "Float": sympy.Float, "Rational": sympy.Rational, "Symbol": sympy.Symbol}


@dataclass
class ParameterReading:
    """What a topic read from a prompt: every value (from the prompt or the default), the spans of the
    (normalised) prompt its patterns consumed, the parameters the prompt gave, and the first value it cannot use."""

    text: str
    values: dict[str, Any] = field(default_factory=dict)
    spans: list[tuple[int, int]] = field(default_factory=list)
    given: dict[str, str] = field(default_factory=dict)  # name -> the value as read, for the run's report
    error: TopicError | None = None


def read_parameters(topic: Topic, prompt: str) -> ParameterReading:
    """Every parameter of the topic, read from the prompt where it gives one; never raises for a bad value."""
    reading = ParameterReading(text=_normalise(prompt))
    for name, spec in topic.parameters.items():
        try:
            value, span = _extract_one(name, spec, reading.text)
        except TopicError as exc:
            reading.error = reading.error or exc
            value, span = None, _first_match(spec, reading.text)
        reading.values[name] = value
        if span is not None:
            reading.spans.append(span)
            reading.given[name] = reading.text[span[0] : span[1]] if value is None else str(_plain(value))
    return reading


def extract(topic: Topic, prompt: str) -> dict[str, Any]:
    """Parameter values from the prompt, or their defaults. Raises TopicError for values it cannot use."""
    reading = read_parameters(topic, prompt)
    if reading.error:
        raise reading.error
    return reading.values


def _patterns(spec: Parameter) -> list[str]:
    return spec.patterns + (FUNCTION_PATTERNS if spec.type == "function" else [])


def _first_match(spec: Parameter, text: str) -> tuple[int, int] | None:
    for pattern in _patterns(spec):
        match = re.search(pattern, text, flags=re.IGNORECASE)
        if match:
            return match.span()
    return None


def _extract_one(name: str, spec: Parameter, text: str) -> tuple[Any, tuple[int, int] | None]:
    """The parameter's value and the span of the text it was read from (None: the default)."""
    if spec.type == "function":
        for pattern in _patterns(spec):
            match = re.search(pattern, text, flags=re.IGNORECASE)
            if match:
                candidate = math_prefix(match.group(1))
                if not candidate or "x" not in candidate.lower():
                    continue
                end = text.find(candidate, match.start(1)) + len(candidate)
                if zero := re.match(r"\s*=\s*0(?![\d.])", text[end:]):  # "x^2 + x - 6 = 0" is the function's roots
                    end += zero.end()
                try:
                    return _exact(expressions.parse_function(candidate)), (match.start(), end)
                except expressions.ExpressionError as exc:
                    raise TopicError(f"Could not read the function {candidate!r}: {exc}. Write it like 'y = x^2 - 4'.") from None
        return _exact(expressions.parse_function(str(spec.default))), None
    if spec.type == "list":
        for pattern in spec.patterns:
            match = re.search(pattern, text, flags=re.IGNORECASE)
            if match:
                items = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", match.group(1))]
                if not spec.min_items <= len(items) <= spec.max_items:
                    raise TopicError(f"The {spec.description or name} needs {spec.min_items} to {spec.max_items} numbers; the prompt gives {len(items)}.")
                for item in items:
                    _check_bounds(name, spec, item)
                    if spec.integer and not item.is_integer():
                        raise TopicError(f"The {spec.description or name} must be whole numbers, not {fmt(item)}.")
                return [sympy.nsimplify(i) for i in items], match.span()
        return [sympy.nsimplify(i) for i in spec.default], None
    if spec.type == "point":
        for pattern in spec.patterns:
            match = re.search(pattern, text, flags=re.IGNORECASE)
            if match:
                point = [float(match.group(1)), float(match.group(2))]
                for coordinate in point:
                    _check_bounds(name, spec, coordinate)
                return [sympy.nsimplify(c) for c in point], match.span()
        return [sympy.nsimplify(c) for c in spec.default], None
    for pattern in spec.patterns:
        match = re.search(pattern, text, flags=re.IGNORECASE)
        if match:
            value = float(match.group(1))
            _check_bounds(name, spec, value)
            if spec.integer and not value.is_integer():
                raise TopicError(f"The {spec.description or name} must be a whole number, not {fmt(value)}.")
            return sympy.nsimplify(value), match.span()
    return sympy.nsimplify(spec.default), None


def _exact(expr: sympy.Expr) -> sympy.Expr:
    """Decimals typed in a formula become exact fractions (0.5x -> x/2), as numbers typed in a prompt do,
    so derived values stay exact and comparisons such as `coeff == 0` hold."""
    return sympy.nsimplify(expr, rational=True) if expr.atoms(sympy.Float) else expr


def _check_bounds(name: str, spec: Parameter, value: float) -> None:
    if (spec.min is not None and value < spec.min) or (spec.max is not None and value > spec.max):
        raise TopicError(f"The {spec.description or name} {fmt(value)} is outside the range this topic can draw ({fmt(spec.min)} to {fmt(spec.max)}). Pick a value in that range.")


def derive(topic: Topic, values: dict[str, Any]) -> dict[str, Any]:
    """Evaluate the topic's derived expressions in order (template data is package data, not user input)."""
    from scenesmith.kinds.explainer.helpers import collected

    namespace = {**collected(), **HELPERS}
    namespace.update(values)
    for name, source in topic.derived.items():
        unknown = _unknown_names(str(source), namespace)
        if unknown:  # SymPy would quietly make a Symbol of it, which counts as true: a topic bug, not a value
            raise TopicError(f"Topic {topic.id!r}: {name} = {source} uses {', '.join(sorted(unknown))}, which is not defined before it.")
        try:
            namespace[name] = parse_expr(str(source), local_dict=namespace, global_dict=dict(_GLOBALS), transformations=standard_transformations, evaluate=True)
        except TopicError:
            raise
        except Exception as exc:
            raise TopicError(f"Topic {topic.id!r} cannot use these values: computing {name} = {source} failed ({exc}).") from None
    return {k: v for k, v in namespace.items() if (k not in HELPERS and k not in collected()) or k in values or k in topic.derived}


def _unknown_names(source: str, namespace: dict[str, Any]) -> set[str]:
    """Names a derived expression reads that are neither defined (parameters, earlier values, helpers) nor bound inside it."""
    try:
        tree = ast.parse(source.replace("^", "**"), mode="eval")
    except SyntaxError:
        return set()  # SymPy's parser reports it
    bound = {t.id for node in ast.walk(tree) if isinstance(node, ast.comprehension) for t in ast.walk(node.target) if isinstance(t, ast.Name)}
    bound |= {a.arg for node in ast.walk(tree) if isinstance(node, ast.Lambda) for a in node.args.args}
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
    return used - bound - set(namespace) - set(_GLOBALS) - {"True", "False", "None", "list", "len", "range", "abs", "min", "max", "int", "float", "str", "dict", "sum", "round", "zip", "enumerate", "all", "any", "tuple", "set", "E", "I", "oo"}


_PLACEHOLDER = re.compile(r"@\{([a-zA-Z_][a-zA-Z0-9_]*)\}")


def fill(template: Any, values: dict[str, Any]) -> Any:
    if isinstance(template, dict):
        return {k: fill(v, values) for k, v in template.items()}
    if isinstance(template, list):
        return [fill(v, values) for v in template]
    if isinstance(template, str):
        whole = _PLACEHOLDER.fullmatch(template)
        if whole:
            return _plain(values[whole.group(1)])
        return _PLACEHOLDER.sub(lambda m: _text(values[m.group(1)]), template)
    return template


def plan_topic(topic: Topic, prompt: str | None = None) -> Storyboard:
    """The storyboard of a topic for a prompt (or for its defaults when prompt is None)."""
    return build(topic, prompt)[0]


def build(topic: Topic, prompt: str | None = None) -> tuple[Storyboard, str | None]:
    """The storyboard and, when the prompt gave values and the topic computes a result, the answer in plain text."""
    reading = read_parameters(topic, prompt or "")
    if reading.error:
        raise reading.error
    values = derive(topic, reading.values)
    filled = fill(topic.storyboard, values)
    filled.setdefault("kind", "explainer")
    answer = fill(topic.answer, values) if topic.answer and reading.given else None
    if answer:
        filled["answer_text"] = answer
    return Storyboard.model_validate(filled), answer
