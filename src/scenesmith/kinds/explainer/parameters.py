"""Pull a topic's parameters out of the prompt, compute its derived values with SymPy, and fill its template.

"Show the graph of y = x^2 - 4" gives f = x**2 - 4 for the graph topic; its derived values
(the roots, the LaTeX, a y-window) come from SymPy, never from guesses.
"""

from __future__ import annotations

import math
import re
from typing import Any

import sympy
from sympy.parsing.sympy_parser import parse_expr, standard_transformations

from scenesmith.engine.errors import UserError
from scenesmith.kinds.explainer.library import Parameter, Topic
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
    while match := _MATH_TOKEN.match(text, end):
        end = match.end()
    formula = text[:end].strip()
    while formula and formula[-1] in "+-*/^(":
        formula = formula[:-1].strip()
    while formula.count("(") > formula.count(")") and formula.startswith("("):
        formula = formula[1:].strip()
    return formula
_UNICODE = {"²": "^2", "³": "^3", "−": "-", "–": "-", "×": "*", "·": "*", "÷": "/", "√": "sqrt"}


def _normalise(text: str) -> str:
    for char, plain in _UNICODE.items():
        text = text.replace(char, plain)
    return text


def fmt(value: Any) -> str:
    """A number as people write it: 5, 2.5, 0.333."""
    number = float(value)
    if math.isclose(number, round(number), abs_tol=1e-9):
        return str(int(round(number)))
    return f"{number:.3g}"


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


HELPERS: dict[str, Any] = {
    "latex": lambda e: sympy.latex(e),
    "text": _text,
    "expr": lambda e: str(e),
    "plain": lambda e: _readable(e),
    "roots": _real_roots,
    "root_points": lambda f: [{"x": r, "y": 0, "label": _point_label(r, 0)} for r in _real_roots(f)],
    "point": lambda x, y, label=None: {"x": x, "y": y, "label": label if label is not None else _point_label(x, y)},
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
}
_GLOBALS = {"Integer": sympy.Integer, "Float": sympy.Float, "Rational": sympy.Rational, "Symbol": sympy.Symbol}


def extract(topic: Topic, prompt: str) -> dict[str, Any]:
    """Parameter values from the prompt, or their defaults. Raises UserError for values it cannot use."""
    text = _normalise(prompt)
    values: dict[str, Any] = {}
    for name, spec in topic.parameters.items():
        values[name] = _extract_one(name, spec, text)
    return values


def _extract_one(name: str, spec: Parameter, text: str) -> Any:
    if spec.type == "function":
        for pattern in spec.patterns + FUNCTION_PATTERNS:
            match = re.search(pattern, text, flags=re.IGNORECASE)
            if match:
                candidate = math_prefix(match.group(1))
                if not candidate or "x" not in candidate.lower():
                    continue
                try:
                    return expressions.parse_function(candidate)
                except expressions.ExpressionError as exc:
                    raise UserError(f"Could not read the function {candidate!r}: {exc}. Write it like 'y = x^2 - 4'.") from None
        return expressions.parse_function(str(spec.default))
    if spec.type == "point":
        for pattern in spec.patterns:
            match = re.search(pattern, text, flags=re.IGNORECASE)
            if match:
                point = [float(match.group(1)), float(match.group(2))]
                for coordinate in point:
                    _check_bounds(name, spec, coordinate)
                return [sympy.nsimplify(c) for c in point]
        return [sympy.nsimplify(c) for c in spec.default]
    for pattern in spec.patterns:
        match = re.search(pattern, text, flags=re.IGNORECASE)
        if match:
            value = float(match.group(1))
            _check_bounds(name, spec, value)
            if spec.integer and not value.is_integer():
                raise UserError(f"The {spec.description or name} must be a whole number, not {fmt(value)}.")
            return sympy.nsimplify(value)
    return sympy.nsimplify(spec.default)


def _check_bounds(name: str, spec: Parameter, value: float) -> None:
    if (spec.min is not None and value < spec.min) or (spec.max is not None and value > spec.max):
        raise UserError(f"The {spec.description or name} {fmt(value)} is outside the range this topic can draw ({fmt(spec.min)} to {fmt(spec.max)}). Pick a value in that range.")


def derive(topic: Topic, values: dict[str, Any]) -> dict[str, Any]:
    """Evaluate the topic's derived expressions in order (template data is package data, not user input)."""
    namespace = dict(HELPERS)
    namespace.update(values)
    for name, source in topic.derived.items():
        try:
            namespace[name] = parse_expr(str(source), local_dict=namespace, global_dict=dict(_GLOBALS), transformations=standard_transformations, evaluate=True)
        except Exception as exc:
            raise UserError(f"Topic {topic.id!r} cannot use these values: computing {name} = {source} failed ({exc}).") from None
    return {k: v for k, v in namespace.items() if k not in HELPERS or k in values or k in topic.derived}


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
    values = extract(topic, prompt or "")
    filled = fill(topic.storyboard, derive(topic, values))
    filled.setdefault("kind", "explainer")
    return Storyboard.model_validate(filled)
