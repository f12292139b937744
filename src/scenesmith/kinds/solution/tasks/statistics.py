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


_SEPARATOR = re.compile(r"\s*(?:,|,?\s*and|&)?\s*")
_PLACES = re.compile(r"(?:(?:rounded|correct|round\s+it|round\s+your\s+answer)\s+)?(?:to\s+)?<(\d+)>\s+decimal\s+places?\b")


def _plain_number(v) -> bool:
    """A number as typed in a data list: 7, -3, 2.5, 3/4, -3/4 (no operations a reader could take either way)."""
    if isinstance(v, sp.Number):
        return True
    if isinstance(v, sp.Mul) and len(v.args) == 2:
        a, b = v.args
        if a == -1:
            return _plain_number(b)
        return isinstance(a, sp.Integer) and isinstance(b, sp.Pow) and b.exp == -1 and isinstance(b.base, sp.Integer)
    return False


def _data(reading: Reading) -> tuple[list, bool, int | None]:
    """The data values (one list: items joined only by commas or 'and'), whether any is a decimal, and the decimal
    places asked for with a number ('to 2 decimal places'). Anything else that could change the data is refused."""
    skeleton = reading.skeleton
    places_item = None
    m = _PLACES.search(skeleton)
    if m:
        places_item = int(m.group(1))
    indices = [k for k, item in enumerate(reading.items) if item.values and k != places_item]
    values = []
    decimals = False
    for k in indices:
        item = reading.items[k]
        values.extend(item.values)
        if re.search(r"\d\.\d", item.source):
            decimals = True
    for a, b in zip(indices, indices[1:]):
        between = skeleton[skeleton.index(f"<{a}>") + len(f"<{a}>"):skeleton.index(f"<{b}>")]
        if b != a + 1 or not _SEPARATOR.fullmatch(between) or not between.strip():
            raise Unsupported(f"I read the numbers {', '.join(reading.items[k].source.strip(' ,') for k in indices)} but not how they make one list of data",
                              "Give the data as one list, e.g. 'the mean of 3, 5, 7, 9'")
    places = None
    if places_item is not None:
        p = reading.items[places_item].values
        if len(p) != 1 or not (isinstance(p[0], sp.Integer) and 0 <= p[0] <= 10):
            raise Unsupported("I could not read how many decimal places are asked for")
        places = int(p[0])
    return values, decimals, places


def read(reading: Reading) -> Problem | None:
    asked = set(_ASK.findall(reading.skeleton))
    if not asked:
        return None
    if reading.relations() or reading.functions:
        return None  # 'the range of f(x) = ...', 'x in the range 1 < x < 3' are not statistics
    if not any(item.values for item in reading.items):
        return None
    if any(not isinstance(v, sp.Expr) or v.free_symbols for item in reading.items for v in item.values):
        return None
    if reading.unread:
        span, why = reading.unread[0]
        raise Unsupported(f"I could not read {span!r} as a number: {why}")
    if re.search(r"%|\bpercent|\$", reading.original):
        raise Unsupported("Data with percent or dollar signs are not read as a statistics list", "Give the data as plain numbers, e.g. 'the mean of 3, 5, 7'")
    values, decimals, places = _data(reading)
    kinds = {"average": "mean", "modes": "mode"}
    asked = {kinds.get(a, a) for a in asked}
    if len(asked) != 1:
        raise Unsupported(f"The prompt asks for several statistics ({', '.join(sorted(asked))})", "Ask for one at a time: mean, median, mode or range")
    require_words(reading, "statistics")
    if re.search(r"\d,\d{3}(?!\d)", reading.original):
        raise Unsupported("A comma inside a number (1,000) cannot be told apart from a comma between values",
                          "Write large numbers without commas and separate values with ', '")
    if any(not _plain_number(v) for v in values):
        raise Unsupported("Each data value must be a number as written (7, -3, 2.5, 3/4), not a calculation")
    data = [sp.sympify(v).doit() for v in values]
    if any(not v.is_Rational for v in data):
        raise Unsupported("The data must be numbers written as integers, fractions or decimals")
    if len(data) > MAX_VALUES:
        raise Unsupported(f"The list has {len(data)} values; step by step works with at most {MAX_VALUES}")
    if len(data) < 2:
        raise Unsupported("A statistic needs a list of at least two numbers")
    what = asked.pop()
    form = read_form(reading.skeleton)
    if form.notation or form.number in ("percent", "scientific", "radical") or form.pick or form.combine or form.integers:
        raise Unsupported(f"The {what} is a single number; the form asked for does not fit it")
    if places is not None:
        form = AnswerForm(number="decimal", places=places)
    if decimals and form.number is None:
        form = AnswerForm(number="decimal_if_exact")
    listing = ", ".join(number_text(v) for v in data)
    title = f"Find the {what} of {listing}"
    return {"mean": _mean, "median": _median, "mode": _mode, "range": _range}[what](data, form, title)


class _Listing(sp.Tuple):
    """The data in order, shown as a list (1, 2, 3), not as a tuple in brackets."""

    def _latex(self, printer):
        return r",\ ".join(printer._print(a) for a in self.args)


def _ordered(data) -> Move:
    ordered = sorted(data)
    return Move(Expression(_Listing(*ordered), "ordered:"), f"Put the {len(data)} values in order from smallest to largest")


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
