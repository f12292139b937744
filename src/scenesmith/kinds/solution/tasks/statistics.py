"""Task: mean (average), median, mode and range of a list of numbers given in the prompt.

Answer text:
- mean and median are exact: a fraction by default (`13/2`); a decimal when the question asks for one
  or when the data are written as decimals (`6.5`);
- mode: the value (`3`); several modes, ascending and comma-separated (`2, 5`); `no mode` when every
  value appears once. A list where every value appears equally often (more than once) is refused,
  since textbooks disagree on its mode;
- range: largest minus smallest (`9`).
"""

from __future__ import annotations

import re
from collections import Counter

import sympy as sp

from scenesmith.mathreader import Reading, Relation
from scenesmith.kinds.solution.problem import Answer, AnswerForm, Problem, Unsupported
from scenesmith.kinds.solution.question import read_form
from scenesmith.kinds.solution.rules.functions import expression_goal
from scenesmith.kinds.solution.steps.display import number_text, plain
from scenesmith.kinds.solution.steps.state import Expression, Move, Relations
from scenesmith.kinds.solution.tasks.common import require_words

FAMILIES = ("functions", "statistics")
MAX_VALUES = 40
_ASK = re.compile(r"\b(mean|average|median|mode|modes|range)\b")
_MODE = sp.Symbol("mode", real=True)


def _data(reading: Reading) -> tuple[list, bool]:
    values = []
    decimals = False
    for item in reading.items:
        if not item.values:
            continue
        values.extend(item.values)
        if re.search(r"\d\.\d", item.source):
            decimals = True
    return values, decimals


def read(reading: Reading) -> Problem | None:
    asked = set(_ASK.findall(reading.skeleton))
    if not asked:
        return None
    if reading.relations() or reading.functions:
        return None  # 'the range of f(x) = ...', 'x in the range 1 < x < 3' are not statistics
    values, decimals = _data(reading)
    if not values or any(not isinstance(v, sp.Expr) for v in values):
        return None
    if any(v.free_symbols for v in values):
        return None
    if reading.unread:
        span, why = reading.unread[0]
        raise Unsupported(f"I could not read {span!r} as a number: {why}")
    kinds = {"average": "mean", "modes": "mode"}
    asked = {kinds.get(a, a) for a in asked}
    if len(asked) != 1:
        raise Unsupported(f"The prompt asks for several statistics ({', '.join(sorted(asked))})", "Ask for one at a time: mean, median, mode or range")
    require_words(reading, "statistics")
    data = [sp.sympify(v).doit() for v in values]
    if any(not v.is_Rational for v in data):
        raise Unsupported("The data must be numbers written as integers, fractions or decimals")
    if len(data) > MAX_VALUES:
        raise Unsupported(f"The list has {len(data)} values; step by step works with at most {MAX_VALUES}")
    if len(data) < 2:
        raise Unsupported("A statistic needs a list of at least two numbers")
    what = asked.pop()
    form = read_form(reading.skeleton)
    if decimals and form.number is None:
        form = AnswerForm(number="decimal", places=form.places)
    listing = ", ".join(number_text(v) for v in data)
    title = f"Find the {what} of {listing}"
    return {"mean": _mean, "median": _median, "mode": _mode, "range": _range}[what](data, form, title)


def _ordered(data) -> Move:
    ordered = sorted(data)
    return Move(Expression(sp.Tuple(*ordered), "ordered:"), f"Put the {len(data)} values in order from smallest to largest")


def _mean(data, form, title) -> Problem:
    total = sp.Add(*data, evaluate=False)
    start = Expression(sp.Mul(total, sp.Pow(len(data), -1, evaluate=False), evaluate=False), "mean =")
    intro = [Move(start, f"The mean is the sum of the values divided by how many there are ({len(data)})")]
    return Problem(task="statistics", title=title, instruction="Find the mean", start=start, families=FAMILIES,
                   goal=expression_goal, form=form, intro_steps=intro)


def _median(data, form, title) -> Problem:
    ordered = sorted(data)
    n = len(ordered)
    if n % 2:
        middle = ordered[n // 2]
        start = Expression(middle, "median =")
        caption = f"There are {n} values (odd), so the median is the middle one, the {_ordinal(n // 2 + 1)}: {number_text(middle)}"
    else:
        a, b = ordered[n // 2 - 1], ordered[n // 2]
        start = Expression(sp.Mul(sp.Add(a, b, evaluate=False), sp.Pow(2, -1, evaluate=False), evaluate=False), "median =")
        caption = f"There are {n} values (even), so the median is the mean of the two middle ones, {number_text(a)} and {number_text(b)}"
    intro = [_ordered(data), Move(start, caption)]
    return Problem(task="statistics", title=title, instruction="Find the median", start=start, families=FAMILIES,
                   goal=expression_goal, form=form, intro_steps=intro)


def _ordinal(k: int) -> str:
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix}"


def _mode(data, form, title) -> Problem:
    counts = Counter(data)
    top = max(counts.values())
    modes = sorted(v for v, c in counts.items() if c == top)
    if top == 1:
        start = Relations((_MODE,), (), empty_text="no mode")
        caption = "Every value appears once, so there is no mode"
    elif len(modes) == len(counts) and len(counts) > 1:
        raise Unsupported(f"Every value appears {top} times, and textbooks disagree whether such a list has a mode", "Ask for the mode of a list where some value appears most often")
    else:
        start = Relations.single(_MODE, *[Relation(_MODE, "=", m) for m in modes])
        shown = " and ".join(number_text(m) for m in modes)
        verb = "appears" if len(modes) == 1 else "each appear"
        caption = f"{shown} {verb} {top} times, more than any other value"
    text = "no mode" if top == 1 else ", ".join(number_text(m) for m in modes)

    def answer(state, problem) -> Answer:
        latex = r"\text{no mode}" if top == 1 else ", ".join(sp.latex(m) for m in modes)
        return Answer(text, latex, value=sp.FiniteSet(*modes))

    intro = [_ordered(data), Move(start, caption)]
    return Problem(task="statistics", title=title, instruction="Find the mode", start=start, families=FAMILIES,
                   goal=lambda s: True, form=form, answer=answer, intro_steps=intro)


def _range(data, form, title) -> Problem:
    lo, hi = min(data), max(data)
    start = Expression(sp.Add(hi, -lo, evaluate=False), "range =")
    minus = f"{number_text(hi)} - {plain(lo)}" if lo >= 0 else f"{number_text(hi)} - ({plain(lo)}) = {number_text(hi)} + {plain(-lo)}"
    intro = [_ordered(data), Move(start, f"The range is the largest value minus the smallest: {minus}")]
    return Problem(task="statistics", title=title, instruction="Find the range", start=start, families=FAMILIES,
                   goal=expression_goal, form=form, intro_steps=intro)
