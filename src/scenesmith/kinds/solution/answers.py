"""The answer in the form the question asked for: numbers (fraction, decimal, mixed number, radical, scientific, percent),
solution sets (listed, picked, summed, counted, in inequality or interval notation) and the checks that back them.

Conventions of `answer.text` (compared exactly by the dev set):
- one solution `x = 5`; several, ascending, joined by ' or ': `x = 2 or x = 3`; exact radicals `(-3 - sqrt(41))/4`;
- `no real solution`; `no solution` (a linear contradiction); `all real numbers`;
- inequalities `x < 7`, `-2 < x <= 3`, `x < -1 or x > 2`; interval notation `(-oo, 7)`, `(-oo, -1) U (2, oo)`;
- systems `x = 4, y = 6`; several solutions joined by ' or '; `infinitely many solutions`;
- a picked, summed or counted solution, and every expression answer, is the bare value: `5`, `2/3`, `3*sqrt(2)`.
"""

from __future__ import annotations

import math

import sympy as sp

from scenesmith.kinds.solution.problem import Answer, AnswerForm, Problem, Unsupported
from scenesmith.kinds.solution.steps.checks import UnverifiedStep, meaning, value
from scenesmith.kinds.solution.steps.display import number_latex, number_text, plain, tex
from scenesmith.kinds.solution.steps.sides import exact
from scenesmith.kinds.solution.steps.state import Expression, Relations, State

# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------


def _terminating(r: sp.Rational) -> bool:
    q = r.q
    for p in (2, 5):
        while q % p == 0:
            q //= p
    return q == 1


def decimal_text(v, places: int | None = None) -> str:
    """A decimal: exact when it terminates (and no places were asked), else rounded (2 places by default)."""
    v = exact(v)
    if places is None and v.is_Rational and _terminating(v):
        digits = 0
        while (v * 10**digits).q != 1:
            digits += 1
        return f"{sp.N(v, 50):.{digits}f}" if digits else str(v.p)
    places = 2 if places is None else places
    rounded = sp.floor(sp.N(abs(v), 60) * 10**places + sp.Rational(1, 2)) * (1 if v >= 0 else -1)
    text = str(abs(int(rounded))).rjust(places + 1, "0")
    whole, frac = text[: len(text) - places] if places else text, text[len(text) - places :] if places else ""
    sign = "-" if rounded < 0 else ""
    return f"{sign}{whole}.{frac}" if places else f"{sign}{whole}"


def mixed_text(v: sp.Rational) -> tuple[str, str]:
    if v.q == 1:
        return str(v.p), str(v.p)
    sign = "-" if v < 0 else ""
    a = abs(v)
    whole, rest = divmod(a.p, a.q)
    if whole == 0:
        return f"{sign}{rest}/{a.q}", rf"{sign}\frac{{{rest}}}{{{a.q}}}"
    return f"{sign}{whole} {rest}/{a.q}", rf"{sign}{whole}\frac{{{rest}}}{{{a.q}}}"


def scientific_text(v) -> tuple[str, str]:
    v = exact(v)
    if v == 0:
        return "0", "0"
    exponent = int(sp.floor(sp.log(abs(v), 10)))
    while abs(v) / sp.Integer(10) ** exponent >= 10:
        exponent += 1
    while abs(v) / sp.Integer(10) ** exponent < 1:
        exponent -= 1
    mantissa = v / sp.Integer(10) ** exponent
    m_text = decimal_text(mantissa) if mantissa.is_Rational and _terminating(mantissa) and len(decimal_text(mantissa)) <= 12 else decimal_text(mantissa, 3)
    return f"{m_text} x 10^{exponent}", rf"{m_text} \times 10^{{{exponent}}}"


def format_number(v, form: AnswerForm) -> tuple[str, str]:
    """(text, latex) of an exact number in the requested form."""
    v = sp.sympify(v)
    if form.number == "decimal_if_exact":  # data typed in decimals: a decimal when it is exact, else the exact fraction
        exact_decimal = v.is_Rational and _terminating(v)
        return (decimal_text(v), decimal_text(v)) if exact_decimal else (number_text(v), number_latex(v))
    if form.number == "decimal" or (form.number is None and form.places is not None):
        t = decimal_text(v, form.places)
        return t, t
    if form.number == "percent":
        t = decimal_text(v * 100, form.places) + "%"
        return t, t.replace("%", r"\%")
    if form.number == "mixed":
        if not v.is_Rational:
            raise Unsupported(f"the answer {number_text(v)} is not a fraction, so it has no mixed-number form")
        return mixed_text(v)
    if form.number == "scientific":
        if not v.is_Rational:
            raise Unsupported(f"the answer {number_text(v)} is not a rational number; scientific notation would round it")
        return scientific_text(v)
    if form.number == "radical":
        r = sp.radsimp(exact(v)) if v.is_number else v
        return number_text(r), number_latex(r)
    return number_text(v), number_latex(v)


# ---------------------------------------------------------------------------------------------
# Solution sets
# ---------------------------------------------------------------------------------------------


def _sort_key(v) -> float:
    return float(sp.N(v, 30))


def _bound_text(b) -> str:
    return "-oo" if b == -sp.oo else "oo" if b == sp.oo else number_text(b)


def _bound_latex(b) -> str:
    return r"-\infty" if b == -sp.oo else r"\infty" if b == sp.oo else number_latex(b)


def interval_notation(s) -> tuple[str, str]:
    parts = s.args if isinstance(s, sp.Union) else (s,)
    texts, latexes = [], []
    for p in parts:
        if isinstance(p, sp.Interval):
            lo, hi = ("(" if p.left_open or p.start == -sp.oo else "["), (")" if p.right_open or p.end == sp.oo else "]")
            texts.append(f"{lo}{_bound_text(p.start)}, {_bound_text(p.end)}{hi}")
            latexes.append(rf"\left{lo}{_bound_latex(p.start)}, {_bound_latex(p.end)}\right{hi}")
        elif isinstance(p, sp.FiniteSet):
            texts.append("{" + ", ".join(number_text(v) for v in sorted(p, key=_sort_key)) + "}")
            latexes.append(r"\{" + ", ".join(number_latex(v) for v in sorted(p, key=_sort_key)) + r"\}")
        else:
            raise Unsupported(f"the solution set {s} has no simple interval form")
    return " U ".join(texts), r" \cup ".join(latexes)


def inequality_notation(s, var) -> tuple[str, str]:
    name = str(var)
    if s == sp.S.Reals:
        return "all real numbers", r"\text{all real numbers}"
    if s == sp.S.EmptySet:
        return "no real solution", r"\text{no real solution}"
    parts = s.args if isinstance(s, sp.Union) else (s,)
    texts, latexes = [], []
    ops = {True: ("<", "<"), False: ("<=", r"\le")}
    for p in parts:
        if isinstance(p, sp.FiniteSet):
            for v in sorted(p, key=_sort_key):
                texts.append(f"{name} = {number_text(v)}")
                latexes.append(f"{name} = {number_latex(v)}")
            continue
        if not isinstance(p, sp.Interval):
            raise Unsupported(f"the solution set {s} has no simple inequality form")
        lo, hi = p.start, p.end
        if lo == -sp.oo:
            op_t, op_l = ops[bool(p.right_open)]
            texts.append(f"{name} {op_t} {number_text(hi)}")
            latexes.append(f"{name} {op_l} {number_latex(hi)}")
        elif hi == sp.oo:
            op_t, op_l = (">", ">") if p.left_open else (">=", r"\ge")
            texts.append(f"{name} {op_t} {number_text(lo)}")
            latexes.append(f"{name} {op_l} {number_latex(lo)}")
        else:
            lt, ll = ops[bool(p.left_open)]
            rt, rl = ops[bool(p.right_open)]
            texts.append(f"{number_text(lo)} {lt} {name} {rt} {number_text(hi)}")
            latexes.append(f"{number_latex(lo)} {ll} {name} {rl} {number_latex(hi)}")
    return " or ".join(texts), r" \text{ or } ".join(latexes)


def _pick(values: list, form: AnswerForm, var) -> list:
    if form.pick == "largest":
        return [max(values, key=_sort_key)]
    if form.pick == "smallest":
        return [min(values, key=_sort_key)]
    if form.pick in ("positive", "negative"):
        chosen = [v for v in values if (v > 0 if form.pick == "positive" else v < 0)]
        if len(chosen) != 1:
            raise Unsupported(f"the question asks for the {form.pick} solution, but there are {len(chosen)} {form.pick} solutions")
        return chosen
    return values


def set_answer(s, var, form: AnswerForm) -> Answer:
    """The answer for a one-variable solution set in the requested form."""
    if form.integers:
        if not s.is_subset(sp.Interval(-10**6, 10**6)):
            raise Unsupported("the question counts integers, but infinitely many integers satisfy it")
        count = len(s.intersect(sp.S.Integers))
        return Answer(str(count), str(count), value=sp.Integer(count))
    finite = isinstance(s, sp.FiniteSet)
    if form.combine == "count" and s == sp.S.EmptySet:
        return Answer("0", "0", value=sp.S.Zero)  # 'How many real solutions does x^2 + 1 = 0 have?'
    if form.pick or form.combine:
        if not finite:
            if s == sp.S.EmptySet:
                raise Unsupported("the question asks about its solutions, but there is no real solution")
            raise Unsupported("the question asks about its solutions, but there are infinitely many")
        values = list(s)
        if form.combine == "count":
            return Answer(str(len(values)), str(len(values)), value=sp.Integer(len(values)))
        if not values:
            raise Unsupported("the question asks about its solutions, but there is no real solution")
        if form.combine == "sum":
            v = exact(sp.radsimp(sp.expand(sp.Add(*values))))  # not nsimplify: it rounds 109739369/13717421 to 8
        elif form.combine == "product":
            v = exact(sp.radsimp(sp.expand(sp.Mul(*values))))
        else:
            v = _pick(values, form, var)[0]
        text, latex = format_number(v, form)
        return Answer(text, latex, value=v)
    if finite:
        values = sorted(s, key=_sort_key)
        if not values:
            return Answer("no real solution", r"\text{no real solution}", value=s)
        if form.notation == "interval":  # a single point in interval notation is the set {0}
            text, latex = interval_notation(s)
            return Answer(text, latex, value=s)
        shown = [format_number(v, form) for v in values]
        return Answer(" or ".join(f"{var} = {t}" for t, _ in shown), r" \text{ or } ".join(f"{tex(var)} = {l}" for _, l in shown), value=s)
    if form.notation == "interval":
        text, latex = interval_notation(s)
    else:
        text, latex = inequality_notation(s, var)
    return Answer(text, latex, value=s)


def default_answer(state: State, problem: Problem) -> Answer:
    """The answer read off the final state: a value, a solution set or a system's solutions."""
    form = problem.form
    if isinstance(state, Expression):
        v = value(state.expr)
        if v.free_symbols:
            return Answer(plain(state.expr), tex(state.expr), value=v)
        text, latex = format_number(v, form)
        return Answer(text, latex, value=v)
    assert isinstance(state, Relations)
    if len(state.variables) == 1:
        if not state.branches and state.empty_text != "no real solution":
            return Answer(state.empty_text, rf"\text{{{state.empty_text}}}", value=sp.S.EmptySet)
        return set_answer(meaning(state), state.var, form)
    solutions = meaning(state)
    if not solutions:
        return Answer("no solution", r"\text{no solution}", value=solutions)
    if any(isinstance(t[0], str) for t in solutions):
        return Answer("infinitely many solutions", r"\text{infinitely many solutions}", value=solutions)
    ordered = sorted(solutions, key=lambda t: tuple(_sort_key(c) for c in t))
    texts = [", ".join(f"{v} = {format_number(c, form)[0]}" for v, c in zip(state.variables, t)) for t in ordered]
    latexes = [r",\ ".join(f"{tex(v)} = {format_number(c, form)[1]}" for v, c in zip(state.variables, t)) for t in ordered]
    return Answer(" or ".join(texts), r" \text{ or } ".join(latexes), value=solutions)


def require_finite(v) -> None:
    if v.has(sp.zoo, sp.nan) or (v.is_number and not v.is_finite):
        raise UnverifiedStep("the answer is not a finite number")
    if v.is_number and not math.isfinite(float(sp.N(v))):
        raise UnverifiedStep("the answer is not a finite number")
