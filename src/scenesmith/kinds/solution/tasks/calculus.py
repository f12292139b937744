"""Task: calculus: a derivative, an integral (indefinite or definite) or a limit of one function of one variable.

Plain-text notation the generic span splitter does not read (d/dx, dy/dx, f'(x), ∫_a^b, lim x->a,
"as x approaches a") is first rewritten into words ('derivative of', 'integral from a to b of',
'limit as x approaches a of'); the rewritten prompt is then read by the one math reader, and
each math span gets its role from the words before it (from/to: bounds, approaches: the point,
with respect to / dx: the variable). LaTeX \\frac{d}{dx}, \\int and \\lim come back from the
reader as Derivative, Integral and Limit objects.

Answer text (exact):
- derivative: the simplified derivative (rules/derivatives.answer_form): `12x^3 - 4x + 5`,
  `-sin(x)`, `x^2*cos(x) + 2x*sin(x)`, `2*e^(2x)`, `(x*cos(x) - sin(x))/x^2`; ln for the natural log;
- indefinite integral: an antiderivative and ` + C`: `x^3/3 + C`, `ln|x| + C`, `sin(x^2) + C`;
- definite integral and limit: the exact number: `9`, `1/3`, `e - 1`, `pi/4`.
"""

from __future__ import annotations

import re

import sympy as sp

from scenesmith.mathreader import Reading, Relation
from scenesmith.mathreader import read as read_prompt
from scenesmith.mathreader.parse import SYMBOLS
from scenesmith.kinds.solution.answers import format_number
from scenesmith.kinds.solution.problem import Answer, Problem, Unsupported
from scenesmith.kinds.solution.question import read_form
from scenesmith.kinds.solution.steps.checks import expressions_equal, numbers_equal
from scenesmith.kinds.solution.steps.display import tex
from scenesmith.kinds.solution.steps.state import Expression
from scenesmith.kinds.solution.tasks.common import require_words
from scenesmith.kinds.solution.rules import derivatives as D

_DERIV = re.compile(r"\b(derivatives?|differentiate|differentiation|differentiating)\b")
_INTEG = re.compile(r"\b(integrals?|integrate|integration|integrating|antiderivatives?|anti-derivatives?)\b|∫")
_LIMIT = re.compile(r"\b(limits?|lim)\b")
_NUMBER_TOKEN = r"(-?\s*(?:\d+(?:\.\d+)?(?:/\d+(?![\w(.]))?|\d*(?:\\pi|pi|π)(?:/\d+(?![\w(.]))?|e|oo|∞|infinity|\\infty))"
_BOUND_TOKEN = r"(\{[^{}]*\}|" + _NUMBER_TOKEN[1:]  # ∫_{pi/2}^{pi}: anything in braces, else one number
_TRIG_WORD = r"(sin|cos|tan|sec|csc|cot)"
_TRIG_ARG = r"(\((?:[^()]|\([^()]*\))*\)|\d*[a-zA-Z](?![\w^(]))"  # (…) with one level of nesting, or x, 2x
_POWERS = {"2": "2", "3": "3", "²": "2", "³": "3"}


def _rewrite(prompt: str) -> str:
    """Calculus notation outside LaTeX delimiters rewritten into words the reader splits well."""
    s = prompt
    s = re.sub(r"\\[,;!]", " ", s)  # LaTeX thin spaces: \int x^2\,dx
    s = s.replace("\u2192", "->").replace("\u27f6", "->").replace("\u2212", "-")
    if not re.search(r"\$|\\\(|\\\[", s):  # bare LaTeX (no $ … $): \frac{d}{dx} and \frac{dy}{dx} in words
        s = re.sub(r"\\frac\s*\{\s*d\s*[a-zA-Z]?\s*\}\s*\{\s*d\s*([a-zA-Z])\s*\}\s*(?:of\s+)?", r" derivative with respect to \1 of ", s)
    # sin^2(x), sin²x -> (sin(x))^2;  sin^-1(x), sin⁻¹ x -> arcsin(x)
    s = re.sub(r"\b" + _TRIG_WORD + r"\s*(?:\^\s*\{?\s*\(?\s*-\s*1\s*\)?\s*\}?|⁻¹)\s*" + _TRIG_ARG,
               lambda m: f"arc{m.group(1)}({_unbracket(m.group(2))})" if m.group(1) in ("sin", "cos", "tan") else m.group(0), s)
    s = re.sub(r"\b" + _TRIG_WORD + r"\s*(?:\^\s*\{?\s*([23])\s*\}?|([²³]))\s*" + _TRIG_ARG,
               lambda m: f"({m.group(1)}({_unbracket(m.group(4))}))^{_POWERS[m.group(2) or m.group(3)]}", s)
    # limits: lim x->2 ..., lim_(x->2) ..., lim_{x -> 2}, lim as x->2, limit x → 2 of
    s = re.sub(r"(?<!\\)\blim(?:it)?\s*(?:_\s*)?[({]?\s*(?:as\s+)?([a-zA-Z])\s*(?:->|-+>|\\to)\s*" + _NUMBER_TOKEN + r"\s*[)}]?\s*(?:of\s+)?",
               lambda m: f"limit as {m.group(1)} approaches {m.group(2).replace(' ', '')} of ", s)
    s = re.sub(r"\bas\s+([a-zA-Z])\s*(?:->|\\to)\s*", r"as \1 approaches ", s)
    # integrals: ∫_0^2, ∫_{0}^{2}, ∫ from 0 to 2
    s = re.sub(r"∫\s*_\s*" + _BOUND_TOKEN + r"\s*\^\s*" + _BOUND_TOKEN,
               lambda m: f" integral from {_unbracket(m.group(1)).replace(' ', '')} to {_unbracket(m.group(2)).replace(' ', '')} of ", s)
    s = re.sub(r"∫\s*(?=from\b)", " integral ", s)
    s = re.sub(r"∫", " integral of ", s)
    # derivatives: d/dx, dy/dx, f'(x), y'
    s = re.sub(r"\b(?:d\s*\^?\s*2\s*y|d\s*\^?\s*2)\s*/\s*d\s*([a-zA-Z])\s*\^?\s*2\b", r" second derivative with respect to \1 of ", s)
    s = re.sub(r"\bd\s*([a-zA-Z])\s*/\s*d\s*([a-zA-Z])\b(?!\s*\()", r" derivative ", s)
    s = re.sub(r"(?<![A-Za-z\\])d\s*/\s*d\s*([a-zA-Z])\b\s*(?:of\s+)?", r" derivative with respect to \1 of ", s)
    s = re.sub(r"(?<![A-Za-z])([a-zA-Z])\s*''\s*\(\s*([a-zA-Z])\s*\)", r" second derivative ", s)
    s = re.sub(r"(?<![A-Za-z])([a-zA-Z])\s*'\s*\(\s*([a-zA-Z])\s*\)", r" derivative ", s)
    s = re.sub(r"(?<![A-Za-z])([a-zA-Z])\s*'\s*\(\s*(-?\d+(?:\.\d+)?)\s*\)", r" derivative at \2 ", s)
    s = re.sub(r"(?<![A-Za-z])y\s*'(?![A-Za-z(])", " derivative ", s)
    s = re.sub(r"\b([a-z])\s+with\s+respect\b", r"\1 with respect", s)
    # 'from 0 to 1/2 of x' and 'approaches 1/2 of 2x': a bound or point, not '1/2 of' (half of) the function
    s = re.sub(r"\b(to|approaches|approaching)\s+(\(?-?\s*\d+\s*/\s*\d+\)?)\s+of\s+", r"\1 \2 : ", s)
    return s


def _unbracket(t: str) -> str:
    t = t.strip()
    return t[1:-1].strip() if t[:1] in "({" and t[-1:] in ")}" else t


def _realify(e):
    """latex2sympy leaves bound variables (of \\int, \\lim, d/dx) as plain Symbols: use the reader's real ones.
    A lone letter e is Euler's number in calculus (the reader keeps it a variable outside e^…): 'derivative of e' is 0."""
    mapping = {s: SYMBOLS[s.name] for s in e.atoms(sp.Symbol) if s.name in SYMBOLS and s != SYMBOLS[s.name]}
    mapping.update({s: sp.E for s in e.atoms(sp.Symbol) if s.name == "e"})
    return e.xreplace(mapping) if mapping else e


def _kinds(reading: Reading) -> set[str]:
    skel = reading.skeleton
    found = set()
    if _DERIV.search(skel):
        found.add("derivative")
    if _INTEG.search(skel):
        found.add("integral")
    if _LIMIT.search(skel):
        found.add("limit")
    for v in reading.expressions():
        if v.has(sp.Derivative):
            found.add("derivative")
        if v.has(sp.Integral):
            found.add("integral")
        if v.has(sp.Limit):
            found.add("limit")
    return found


def read(reading: Reading) -> Problem | None:
    rewritten = _rewrite(reading.original)
    if rewritten == reading.original and not _kinds(reading):
        return None
    try:
        again = read_prompt(rewritten) if rewritten != reading.original else reading
    except Exception:
        return None
    kinds = _kinds(again)
    if not kinds:
        return None
    if re.search(r"\bpartial\b|∂|\\partial", reading.original, re.I):
        raise Unsupported("Partial derivatives (functions of several variables) are not supported")
    if re.search(r"°|\\circ\b|\bdeg(?:rees?)?\b", reading.original, re.I):
        raise Unsupported("Angles in degrees are not supported in calculus (the rules for sin, cos, … hold in radians)", "Write the angle in radians, e.g. pi/6")
    ambiguous = [item.source for item in again.items if not item.latex and _SLASH_THEN_LETTER.search(item.source)]
    if ambiguous:
        raise Unsupported(f"{ambiguous[0]!r} is ambiguous: a number after '/' followed by a letter or bracket, like 1/2x, can mean (1/2)x or 1/(2x)",
                          "Add brackets, e.g. (1/2)x or 1/(2x)")
    if len(kinds) > 1:
        raise Unsupported(f"The prompt asks for more than one kind of calculus ({', '.join(sorted(kinds))})", "Ask for one derivative, integral or limit at a time")
    if again.too_big:
        raise Unsupported(f"This problem is too big: {again.too_big}")
    if kinds == {"limit"} and _ONE_SIDED.search(reading.original):
        raise Unsupported("One-sided limits are not supported", "Ask for a two-sided limit")
    if again.unread:
        span, why = again.unread[0]
        raise Unsupported(f"I could not read {span!r} as math: {why}")
    kind = kinds.pop()
    if kind == "derivative":
        return _derivative(again)
    if kind == "integral":
        return _integral(again)
    return _limit(again)


_SLASH_THEN_LETTER = re.compile(r"/\s*\d+(?:\.\d+)?(?:[a-zA-Z(√]|\\(?!,))")


def _roles(reading: Reading) -> dict:
    """Each math span's role from the words before it: body, var, lower, upper, point, at."""
    tokens = reading.skeleton.split()
    roles: dict = {"body": [], "var": [], "lower": [], "upper": [], "point": [], "at": [], "limvar": []}
    for i, tok in enumerate(tokens):
        m = re.fullmatch(r"<(\d+)>", tok)
        if not m:
            continue
        k = int(m.group(1))
        prev = tokens[max(0, i - 3):i]
        last = prev[-1] if prev else ""
        if prev[-3:] == ["with", "respect", "to"]:
            roles["var"].append(k)
        elif last in ("from", "between"):
            roles["lower"].append(k)
        elif last in ("to", "and") and any(p in ("from", "between") for p in tokens[max(0, i - 3):i - 1]):
            roles["upper"].append(k)
        elif last in ("approaches", "approaching") or prev[-2:] in (["goes", "to"], ["tends", "to"], ["going", "to"], ["tending", "to"]):
            roles["point"].append(k)
        elif last == "as" and i + 1 < len(tokens) and tokens[i + 1] in ("approaches", "approaching", "goes", "tends", "going", "tending"):
            roles["limvar"].append(k)
        elif last in ("at", "when") and "derivative" in " ".join(tokens[:i]) and _is_point(reading.items[k].values):
            roles["at"].append(k)
        else:
            roles["body"].append(k)
    return roles


def _is_point(values) -> bool:
    if len(values) != 1:
        return False
    v = values[0]
    if isinstance(v, tuple):
        return len(v) == 1 and v[0].op == "=" and isinstance(v[0].lhs, sp.Symbol) and not v[0].rhs.free_symbols
    return isinstance(v, sp.Expr) and not v.free_symbols


def one_value(reading: Reading, k: int):
    values = reading.items[k].values
    if len(values) != 1:
        raise Unsupported(f"{reading.items[k].source!r} holds more than one expression", "Ask for one derivative, integral or limit at a time")
    v = values[0]
    return _realify(v) if isinstance(v, sp.Basic) else v


_BARE_LOG = re.compile(r"(?<![A-Za-z])log\b(?!\s*_)|\\log\b(?!\s*_)")
_LN = re.compile(r"(?<![A-Za-z])ln\b|\\ln\b|\bnatural\b")
LOG_NOTE = "log with no base means log base 10 (the school convention); ln is the natural log"


def function_of(v, reading: Reading):
    """The function as typed, evaluated: real letters, e as Euler's number, and a bare 'log' as log base 10
    (the school convention the whole solver uses; 'ln' is the natural log). ln and bare log together are refused."""
    v = _realify(v)
    bare = [n for n in sp.preorder_traversal(v) if isinstance(n, sp.log) and len(n.args) == 1]
    if bare and _BARE_LOG.search(reading.original):
        if _LN.search(reading.original):
            raise Unsupported("The prompt mixes ln and log without a base, so which base each log uses is unclear", "Write log_10 or ln for each one")
        v = v.xreplace({n: sp.log(n.args[0], 10, evaluate=False) for n in bare})
    return v.doit()


def uses_bare_log(reading: Reading) -> list[str]:
    """The note for the report when a bare 'log' was read as base 10."""
    return [LOG_NOTE] if _BARE_LOG.search(reading.original) and not _LN.search(reading.original) else []


def body_function(reading: Reading, ks: list[int], what: str):
    """The one function the prompt works on: an expression, or the right side of y = ... / f(x) = ...."""
    if not ks:
        raise Unsupported(f"I found no function to {what}")
    if len(ks) > 1:
        sources = ", ".join(repr(reading.items[k].source) for k in ks)
        raise Unsupported(f"I found more than one expression ({sources}) and cannot tell which to {what}", "Ask for one at a time")
    v = one_value(reading, ks[0])
    if isinstance(v, tuple):
        if len(v) != 1 or v[0].op != "=":
            raise Unsupported(f"{reading.items[ks[0]].source!r} is not a function to {what}")
        r: Relation = v[0]
        lhs = r.lhs
        if isinstance(lhs, sp.Symbol) or isinstance(lhs, sp.core.function.AppliedUndef):
            v = r.rhs
        else:
            raise Unsupported(f"{reading.items[ks[0]].source!r} is an equation, not a function to {what}")
    v = function_of(v, reading)
    if any(isinstance(f, sp.core.function.AppliedUndef) for f in sp.preorder_traversal(v)):
        raise Unsupported("The function uses another function whose formula is not given")
    return v


def variable_of(reading: Reading, f, roles: dict, extra=()) -> sp.Symbol:
    """The one variable: the one letter of f, agreeing with 'with respect to t' / 'dt' when given."""
    named = [one_value(reading, k) for k in roles["var"] + roles.get("limvar", [])]
    for w in reading.skeleton.split():
        m = re.fullmatch(r"d([a-z])", w)
        if m:
            named.append(SYMBOLS[m.group(1)])
    named += list(extra)
    named = [_realify(n) for n in named]
    if any(not isinstance(n, sp.Symbol) for n in named):
        raise Unsupported("The variable must be a single letter")
    free = sorted(f.free_symbols, key=lambda s: s.name)
    if len(free) > 1:
        raise Unsupported(f"The function has several letters ({', '.join(map(str, free))}); only functions of one variable are supported")
    if len(set(named)) > 1:
        raise Unsupported(f"The prompt names several variables ({', '.join(sorted({str(n) for n in named}))})")
    if named:
        var = named[0]
        if free and free[0] != var:
            raise Unsupported(f"The function is in {free[0]}, but the prompt asks about {var}")
        return var
    if free:
        return free[0]
    return SYMBOLS["x"]


def _derivative(reading: Reading) -> Problem:
    if re.search(r"\b(second|third|higher|2nd|3rd)\b", reading.skeleton):
        raise Unsupported("Higher-order derivatives are not supported yet", "Ask for the first derivative")
    require_words(reading, "calculus")
    latex = [v for v in reading.expressions() if v.has(sp.Derivative)]
    roles = _roles(reading)
    if latex:
        if len(reading.items) != 1:
            raise Unsupported("The prompt has more math than one derivative")
        node = _realify(latex[0])
        if not isinstance(node, sp.Derivative) or len(node.variables) != 1:
            raise Unsupported("Only one first derivative of one function is supported")
        f, var = function_of(node.expr, reading), node.variables[0]
        if f.has(sp.Derivative):
            raise Unsupported("Higher-order derivatives are not supported yet")
        if len(f.free_symbols - {var}) > 0:
            raise Unsupported("Only functions of one variable are supported")
    else:
        f = body_function(reading, roles["body"], "differentiate")
        var = variable_of(reading, f, roles)
    if roles["at"]:
        raise Unsupported("Evaluating a derivative at a point is not supported yet", "Ask for the derivative as a function")
    if f.has(sp.Integral, sp.Limit, sp.Abs, sp.floor, sp.ceiling, sp.factorial):
        raise Unsupported("Derivatives of this kind of function (absolute value, integrals, limits, floor, factorial) are not supported")
    return Problem(
        task="calculus",
        title=f"Differentiate {D.text(f)}",
        instruction=f"Find the derivative with respect to {var}",
        start=Expression(D.d(f, var)),
        families=("derivatives",),
        goal=D.is_done,
        form=read_form(reading.skeleton),
        answer=_derivative_answer(f, var),
        max_expansions=400,
        notes=uses_bare_log(reading),
    )


def calc_text(e) -> str:
    """Answer text: ln for the natural log, e for Euler's number, a number's rational part last."""
    e = sp.sympify(e)
    if e.is_number and isinstance(e, sp.Add):
        terms = sorted(sp.Add.make_args(e), key=lambda t: (t.is_Rational, sp.default_sort_key(t)))
        if terms[0].could_extract_minus_sign():
            positives = [t for t in terms if not t.could_extract_minus_sign()]
            if positives:
                terms.remove(positives[0])
                terms.insert(0, positives[0])
        out = D.text(terms[0])
        for t in terms[1:]:
            out += f" - {D.text(-t)}" if t.could_extract_minus_sign() else f" + {D.text(t)}"
        return out
    return D.text(e)


def calc_latex(e) -> str:
    return tex(e).replace(r"\log", r"\ln")


def _number_texts(value, problem) -> tuple[str, str]:
    """A definite integral's or a limit's value: in the form asked for (decimal, fraction, …), else exact."""
    if problem.form.number:
        return format_number(value, problem.form)
    return calc_text(value), calc_latex(value)


def _derivative_answer(f, var):
    def answer(state, problem) -> Answer:
        result = state.expr
        truth = sp.diff(f, var)
        if not expressions_equal(result, truth):
            raise Unsupported("The derivative could not be confirmed against SymPy")
        return Answer(calc_text(result), calc_latex(result),
                      checks=[f"d/dx ({D.text(f)}) = {calc_text(result)}: agrees with a direct computation ✓"], value=result)
    return answer


def _bound(reading: Reading, k: int, named: list):
    """A limit of integration: a number, or 'x = 2' (the letter is kept in `named` to agree with the variable)."""
    v = one_value(reading, k)
    if isinstance(v, tuple) and len(v) == 1 and v[0].op == "=" and isinstance(v[0].lhs, sp.Symbol):
        named.append(v[0].lhs)
        v = _realify(v[0].rhs)
    if isinstance(v, tuple) or not isinstance(v, sp.Expr):
        raise Unsupported(f"{reading.items[k].source!r} is not a number to integrate to")
    v = sp.sympify(v).doit()
    if v.free_symbols:
        raise Unsupported("The limits of integration must be numbers")
    if v.has(sp.oo, -sp.oo, sp.zoo) or not v.is_real:
        raise Unsupported("Improper integrals (an infinite limit of integration) are not supported")
    return v


def _integral(reading: Reading) -> Problem:
    from scenesmith.kinds.solution.rules import integrals as I

    if re.search(r"\b(?:to|from)\s+(?:negative\s+|-\s*)?(?:infinity|oo)\b", reading.skeleton):
        raise Unsupported("Improper integrals (an infinite limit of integration) are not supported")
    require_words(reading, "calculus")
    roles = _roles(reading)
    latex = [v for v in reading.expressions() if v.has(sp.Integral)]
    bounds = None
    if latex:
        if len(reading.items) != 1:
            raise Unsupported("The prompt has more math than one integral")
        node = _realify(latex[0])
        if not isinstance(node, sp.Integral) or len(node.limits) != 1:
            raise Unsupported("Only one integral of one function of one variable is supported")
        f = function_of(node.function, reading)
        lim = node.limits[0]
        var = lim[0]
        if len(lim) == 3:
            bounds = tuple(sp.sympify(b).doit() for b in lim[1:])
            if any(b.free_symbols for b in bounds):
                raise Unsupported("The limits of integration must be numbers")
            if any(b.has(sp.oo, -sp.oo, sp.zoo) for b in bounds):
                raise Unsupported("Improper integrals (an infinite limit of integration) are not supported")
        if f.free_symbols - {var}:
            raise Unsupported("Only functions of one variable are supported")
    else:
        f = body_function(reading, roles["body"], "integrate")
        if len(roles["lower"]) != len(roles["upper"]) or len(roles["lower"]) > 1:
            raise Unsupported("I could not tell the limits of integration", "Write it as 'integrate ... from a to b'")
        named: list = []
        if roles["lower"]:
            bounds = (_bound(reading, roles["lower"][0], named), _bound(reading, roles["upper"][0], named))
        if roles["point"] or roles["at"]:
            raise Unsupported("The prompt has math I could not place in the integral")
        var = variable_of(reading, f, roles, extra=named)
    if re.search(r"\b(?:definite)\b", reading.skeleton) and bounds is None:
        raise Unsupported("The prompt asks for a definite integral but gives no limits", "Write it as 'integrate ... from a to b'")
    if re.search(r"\b(?:indefinite|antiderivatives?)\b", reading.skeleton) and bounds is not None:
        raise Unsupported("The prompt asks for an antiderivative but also gives limits")
    if f.has(sp.Abs, sp.floor, sp.ceiling, sp.factorial, sp.Derivative, sp.Limit, sp.Integral):
        raise Unsupported("Integrals of this kind of function (absolute value, floor, factorial, nested calculus) are not supported")
    if I.plan(f, var) is None:
        raise Unsupported(f"I cannot integrate {D.text(f)} step by step: it has no elementary antiderivative, or needs a method I do not show")
    if bounds is not None:
        a, b = bounds
        try:
            domain = sp.calculus.util.continuous_domain(f, var, sp.Interval(sp.Min(a, b), sp.Max(a, b)))
        except Exception:
            domain = None
        if domain != sp.Interval(sp.Min(a, b), sp.Max(a, b)):
            raise Unsupported(f"{D.text(f)} is not continuous on the whole interval from {D.text(a)} to {D.text(b)}, so this is an improper integral, which is not supported")
    start = Expression(sp.Integral(f, (var, *bounds)) if bounds else sp.Integral(f, var))
    title = f"Integrate {D.text(f)} from {D.text(bounds[0])} to {D.text(bounds[1])}" if bounds else f"Find the integral of {D.text(f)} d{var}"
    return Problem(
        task="calculus",
        title=title,
        instruction="Evaluate the definite integral" if bounds else "Find the indefinite integral",
        start=start,
        families=("integrals",),
        goal=I.is_done,
        form=read_form(reading.skeleton),
        answer=_integral_answer(f, var, bounds),
        max_expansions=300,
        notes=uses_bare_log(reading),
    )


def _integral_answer(f, var, bounds):
    def answer(state, problem) -> Answer:
        result = state.expr.doit()
        if bounds is None:
            derivative = sp.diff(result, var)
            if not expressions_equal(derivative, f):
                raise Unsupported("The antiderivative could not be confirmed by differentiating it")
            check = f"d/d{var} ({calc_text(result)}) = {D.text(f)} ✓"
            return Answer(calc_text(result) + " + C", calc_latex(result) + " + C", checks=[check], value=result)
        truth = sp.integrate(f, (var, *bounds))
        if truth.has(sp.Integral) or not numbers_equal(result, truth):
            raise Unsupported("The value of the integral could not be confirmed against SymPy")
        text, latex = _number_texts(result, problem)
        return Answer(text, latex, checks=[f"integral of {D.text(f)} from {D.text(bounds[0])} to {D.text(bounds[1])} = {text}: agrees with a direct computation ✓"], value=result)
    return answer


_ONE_SIDED = re.compile(r"(?:->|\\to|→|approach(?:es|ing)|tends\s+to|goes\s+to)\s*-?[\w.]+(?:[+\-⁺⁻](?=\s)|[⁺⁻]|\s*(?:\^\s*\{?\s*[+-]|[+-]\s*[)}]|[+-]\s*$|[+-]\s*(?=of\b|,)))")


def _limit(reading: Reading) -> Problem:
    from scenesmith.kinds.solution.rules import limits as L

    if _ONE_SIDED.search(reading.original) or re.search(r"\b(left|right)\b", reading.skeleton):
        raise Unsupported("One-sided limits are not supported", "Ask for a two-sided limit")
    require_words(reading, "calculus")
    roles = _roles(reading)
    latex = [v for v in reading.expressions() if v.has(sp.Limit)]
    if latex:
        if len(reading.items) != 1:
            raise Unsupported("The prompt has more math than one limit")
        node = _realify(latex[0])
        if not isinstance(node, sp.Limit):
            raise Unsupported("Only the limit of one function is supported")
        f, var, a = function_of(node.args[0], reading), node.args[1], sp.sympify(node.args[2]).doit()
    else:
        f = body_function(reading, roles["body"], "take the limit of")
        var = variable_of(reading, f, roles)
        m = re.search(r"\b(?:approaches|approaching|goes to|tends to|going to|tending to)\s+(negative\s+|-\s*)?(infinity|oo)\b", reading.skeleton)
        if m and not roles["point"]:
            a = -sp.oo if m.group(1) else sp.oo
        elif len(roles["point"]) == 1:
            a = one_value(reading, roles["point"][0])
            if isinstance(a, tuple) or not isinstance(a, sp.Expr):
                raise Unsupported("The point the limit approaches must be a number")
            a = sp.sympify(a).doit()
        else:
            raise Unsupported("I could not tell what the variable approaches", "Write it as 'limit of ... as x approaches 2'")
    if a.free_symbols or not (a.is_real or a in (sp.oo, -sp.oo)):
        raise Unsupported("The point the limit approaches must be a number")
    if f.free_symbols - {var}:
        raise Unsupported("Only functions of one variable are supported")
    if f.has(sp.Abs, sp.floor, sp.ceiling, sp.factorial, sp.Derivative, sp.Integral):
        raise Unsupported("Limits of this kind of function (absolute value, floor, factorial, nested calculus) are not supported")
    direction = "+-" if a.is_finite else ("-" if a == sp.oo else "+")
    try:
        truth = sp.limit(f, var, a, dir=direction)
    except Exception:
        raise Unsupported("The limit does not exist (the two one-sided limits differ), or could not be found") from None
    if truth.has(sp.oo, -sp.oo, sp.zoo, sp.nan, sp.AccumBounds, sp.Limit) or not truth.is_real:
        raise Unsupported("The limit is not a finite number (it is infinite or does not exist); only finite limits are worked step by step")
    where = "infinity" if a == sp.oo else "-infinity" if a == -sp.oo else D.text(a)
    return Problem(
        task="calculus",
        title=f"Find the limit of {D.text(f)} as {var} approaches {where}",
        instruction="Evaluate the limit",
        start=Expression(sp.Limit(f, var, a, dir=direction)),
        families=("limits",),
        goal=L.is_done,
        form=read_form(reading.skeleton),
        answer=_limit_answer(truth),
        max_expansions=200,
        notes=uses_bare_log(reading),
    )


def _limit_answer(truth):
    def answer(state, problem) -> Answer:
        result = state.expr.doit()
        if not numbers_equal(result, truth):
            raise Unsupported("The value of the limit could not be confirmed against SymPy")
        text, latex = _number_texts(result, problem)
        return Answer(text, latex, checks=[f"the limit agrees with a direct computation: {text} ✓"], value=result)
    return answer
