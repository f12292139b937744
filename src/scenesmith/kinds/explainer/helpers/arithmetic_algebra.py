"""Helpers for the arithmetic and algebra topics: fractions on a line, brackets, moved graphs, sequences.

Every value is computed with SymPy from the topic's parameters; these functions only arrange the
results as the storyboard wants them (points, LaTeX, steps).
"""

from __future__ import annotations

import math
from typing import Any

import sympy

from scenesmith.kinds.explainer.errors import TopicError
from scenesmith.storyboard import expressions

X = expressions.X
MAX_MARKS = 8  # a number line or an axes element marks at most eight points


def _number(value: Any) -> sympy.Expr:
    return sympy.nsimplify(value) if isinstance(value, float) else sympy.sympify(value)


def frac_latex(n: Any, d: Any) -> str:
    """LaTeX for the fraction n/d exactly as written, not reduced: frac_latex(4, 6) -> '\\frac{4}{6}'."""
    n, d = _number(n), _number(d)
    sign = "-" if (n < 0) != (d < 0) and n != 0 else ""
    return rf"{sign}\frac{{{sympy.latex(abs(n))}}}{{{sympy.latex(abs(d))}}}"


def fraction_parts_fit(d: Any, whole: Any) -> bool:
    """Whether the marks that cut each of `whole` units into d parts fit on a number line (with the fraction's own point)."""
    return int(whole) * (int(d) - 1) <= MAX_MARKS - 1


def decimal_or_exact(value: Any) -> str:
    """LaTeX for a number as a decimal when it has a finite one (26.25, 0.875), else exactly (\\frac{1}{3})."""
    value = _number(value)
    if value.is_Rational and not set(sympy.factorint(int(value.q))) - {2, 5}:
        text = format(sympy.Float(value, 30), "f").rstrip("0").rstrip(".")
        return text or "0"
    return sympy.latex(value)


def part_marks(d: Any, whole: Any, skip: Any = (), room: Any = MAX_MARKS - 1) -> list[dict]:
    """Gray unlabelled marks where each unit from 0 to `whole` is cut into d equal parts (whole numbers and the
    values in `skip` left out), or none when there would be more than `room` of them."""
    d, whole = int(d), int(whole)
    skipped = {sympy.Rational(v) for v in skip}
    cuts = [sympy.Rational(k, d) for k in range(1, whole * d) if k % d and sympy.Rational(k, d) not in skipped]
    if whole * (d - 1) > int(room):
        return []
    return [{"x": c, "y": 0, "label": "", "color": "gray"} for c in cuts]


def fraction_marks(n: Any, d: Any, whole: Any, color: str = "yellow", parts: bool = True, point: bool = True) -> list[dict]:
    """Points for the fraction n/d on a number line from 0 to `whole`: the marks that cut each unit into d parts
    (when `parts` is true and they fit), and (when `point` is true) the fraction itself, labelled as written."""
    value = sympy.Rational(int(n), int(d))
    marks = part_marks(d, whole, [value] if point else []) if parts else []
    return marks + ([{"x": value, "y": 0, "label": frac_latex(n, d), "color": color}] if point else [])


def common_denominator(d1: Any, d2: Any) -> sympy.Integer:
    """The least common denominator of two fractions: the least common multiple of their denominators."""
    return sympy.Integer(sympy.ilcm(int(d1), int(d2)))


def fraction_sum_steps(n1: Any, d1: Any, n2: Any, d2: Any) -> list[dict]:
    """Equation steps for n1/d1 + n2/d2: rewrite over the least common denominator, add the numerators, simplify."""
    n1, d1, n2, d2 = (int(v) for v in (n1, d1, n2, d2))
    common = int(common_denominator(d1, d2))
    a, b = n1 * (common // d1), n2 * (common // d2)
    steps = []
    if d1 != d2:
        steps.append({"latex": f"= {frac_latex(a, common)} + {frac_latex(b, common)}", "reason": f"Give both fractions the common denominator {common}"})
    steps.append({"latex": rf"= \frac{{{a} + {b}}}{{{common}}}", "reason": "Add the numerators, keep the denominator"})
    steps.append({"latex": f"= {frac_latex(a + b, common)}", "reason": f"{a} + {b} = {a + b}"})
    total = sympy.Rational(a + b, common)
    if total.q != common:
        g = common // int(total.q)
        steps.append({"latex": f"= {sympy.latex(total)}", "reason": f"Simplify: divide the top and the bottom by {g}"})
    return steps


def mixed_text(n: Any, d: Any) -> str:
    """The fraction n/d as words a reader says: '3/4', '7/4 = 1 3/4', '8/4 = 2'."""
    n, d = int(n), int(d)
    whole, rest = divmod(n, d)
    if rest == 0:
        return f"{n}/{d} = {whole}"
    if whole == 0:
        return f"{n}/{d}"
    return f"{n}/{d} = {whole} {rest}/{d}"


def equivalence_steps(n1: Any, d1: Any, n2: Any, d2: Any) -> list[dict]:
    """Equation steps from n1/d1 to the equal fraction n2/d2: one multiplication or division of the top and the
    bottom when there is one, else down to lowest terms and up again. Refuses fractions that are not equal."""
    n1, d1, n2, d2 = (int(v) for v in (n1, d1, n2, d2))
    if n1 * d2 != n2 * d1:
        raise TopicError(f"{n1}/{d1} and {n2}/{d2} are not equivalent: {n1} × {d2} = {n1 * d2}, but {d1} × {n2} = {d1 * n2}.")
    if (n1, d1) == (n2, d2):
        raise TopicError(f"Give two different fractions to compare, not {n1}/{d1} twice.")

    def scaled(n: int, d: int, m: int, op: str, word: str) -> dict:
        low = (n // m, d // m) if op == r"\div" else (n * m, d * m)
        latex = rf"{frac_latex(n, d)} = \frac{{{n} {op} {m}}}{{{d} {op} {m}}} = {frac_latex(*low)}"
        return {"latex": latex, "reason": f"{word} the top and the bottom by {m}"}

    if d2 % d1 == 0:
        return [scaled(n1, d1, d2 // d1, r"\times", "Multiply")]
    if d1 % d2 == 0:
        return [scaled(n1, d1, d1 // d2, r"\div", "Divide")]
    low = sympy.Rational(n1, d1)
    ln, ld = int(low.p), int(low.q)
    return [scaled(n1, d1, d1 // ld, r"\div", "Divide"), scaled(ln, ld, d2 // ld, r"\times", "Multiply")]


def linear_parts(p: Any, name: str = "bracket") -> tuple[sympy.Expr, sympy.Expr]:
    """(a, b) of a bracket a·x + b with a and b both non-zero (a binomial); refuses anything else."""
    written = sympy.sstr(p).replace("**", "^")
    refusal = f"This topic expands brackets of the form (ax + b), like (x + 2) or (2x - 1); the {name} ({written}) is not one."
    try:
        poly = sympy.Poly(p, X)
    except sympy.PolynomialError:
        raise TopicError(refusal) from None
    a, b = poly.coeff_monomial(X), poly.coeff_monomial(1)
    if poly.degree() != 1 or b == 0:
        raise TopicError(refusal)
    return a, b


def linear_latex(a: Any, b: Any) -> str:
    """LaTeX for a·x + b with the x term first, as a bracket is written: '2x - 1', 'x + 3', '-x + 4'."""
    a, b = _number(a), _number(b)
    lead = "x" if a == 1 else ("-x" if a == -1 else f"{sympy.latex(a)}x")
    sign = "-" if b < 0 else "+"
    return f"{lead} {sign} {sympy.latex(abs(b))}"


def _term(coefficient: sympy.Expr, power: int) -> str:
    """LaTeX for one term c·x^power, without its sign: '3x', 'x^{2}', '6'."""
    c = abs(coefficient)
    if power == 0:
        return sympy.latex(c)
    var = "x" if power == 1 else f"x^{{{power}}}"
    return var if c == 1 else f"{sympy.latex(c)}{var}"


def _signed_terms(terms: list[tuple[sympy.Expr, int]]) -> str:
    """LaTeX for a sum of terms written in order: [(1, 2), (3, 1), (-2, 1), (-6, 0)] -> 'x^{2} + 3x - 2x - 6'."""
    text = ""
    for k, (c, power) in enumerate(terms):
        if k == 0:
            text = ("-" if c < 0 else "") + _term(c, power)
        else:
            text += (" - " if c < 0 else " + ") + _term(c, power)
    return text


def _factor_latex(value: sympy.Expr, var: bool) -> str:
    """One factor of a FOIL product: 'x', '2x', '3', '(-2)', '(-x)'."""
    text = ("x" if value == 1 else "-x" if value == -1 else f"{sympy.latex(value)}x") if var else sympy.latex(value)
    return rf"\left({text}\right)" if value < 0 else text


def foil(p: Any, q: Any) -> dict:
    """The FOIL expansion of (a x + b)(c x + d): the four products, the four terms, the combined result and its LaTeX."""
    a, b = linear_parts(p, "first bracket")
    c, d = linear_parts(q, "second bracket")
    pairs = [(a, c, True, True), (a, d, True, False), (b, c, False, True), (b, d, False, False)]
    products = r" + ".join(rf"{_factor_latex(u, ux)} \cdot {_factor_latex(v, vx)}" for u, v, ux, vx in pairs)
    terms = [(a * c, 2), (a * d, 1), (b * c, 1), (b * d, 0)]
    middle = a * d + b * c
    combined = [(a * c, 2)] + ([(middle, 1)] if middle != 0 else []) + [(b * d, 0)]
    expanded = sympy.expand((a * X + b) * (c * X + d))
    return {
        "a": a, "b": b, "c": c, "d": d,
        "product": rf"\left({linear_latex(a, b)}\right)\left({linear_latex(c, d)}\right)",
        "products": products,
        "terms": _signed_terms(terms),
        "result": _signed_terms(combined),
        "F": _term(a * c, 2) if a * c > 0 else "-" + _term(a * c, 2),
        "O": _signed_terms([(a * d, 1)]),
        "I": _signed_terms([(b * c, 1)]),
        "L": _signed_terms([(b * d, 0)]),
        "middle": middle,
        "expanded": expanded,
    }  # fmt: skip


def plot_window(functions: Any, lo: Any, hi: Any) -> dict:
    """A y-axis range {min, max, step} that shows every function on [lo, hi] (and 0) with at most ten ticks.
    Near an asymptote the values are cut at three times their typical size, so the rest of the curve stays readable."""
    lo, hi = float(lo), float(hi)
    samples = []
    for f in functions:
        fn = expressions.numeric(sympy.sympify(f))
        samples += [v for v in (fn(lo + (hi - lo) * k / 200) for k in range(201)) if math.isfinite(v)]
    sizes = sorted(abs(v) for v in samples) or [1.0]
    cap = min(90.0, max(5.0, 3 * sizes[int(0.8 * (len(sizes) - 1))]))
    values = [0.0] + [min(max(v, -cap), cap) for v in samples]
    ymin, ymax = min(values), max(values)
    span = max(ymax - ymin, 1.0)
    step = next(s for s in (0.5, 1, 2, 5, 10, 20, 50) if span / s <= 10)
    low = max(math.floor((ymin - 0.1 * span) / step) * step, -100)
    high = min(math.ceil((ymax + 0.1 * span) / step) * step, 100)
    return {"min": low, "max": high, "step": step}


def breaks_within(f: Any, lo: Any, hi: Any) -> bool:
    """Whether the graph of f jumps (a pole with the curve on both sides, as 1/x at 0) somewhere in [lo, hi]."""
    f = sympy.sympify(f)
    fn = expressions.numeric(f)
    try:
        found = sympy.singularities(f, X, sympy.S.Reals).intersect(sympy.Interval(lo, hi))
        points = [float(p) for p in found] if isinstance(found, (sympy.FiniteSet, type(sympy.S.EmptySet))) else None
    except Exception:  # sympy cannot say where the singularities are
        points = None
    if points is None:
        return True
    return any(math.isfinite(fn(p - 1e-3)) and math.isfinite(fn(p + 1e-3)) for p in points)


def _vertex_form(f: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr, sympy.Expr] | None:
    """(a, h, k) when f is a quadratic a(x - h)^2 + k, else None."""
    try:
        poly = sympy.Poly(f, X)
    except sympy.PolynomialError:
        return None
    if poly.degree() != 2:
        return None
    a, b, c = (poly.coeff_monomial(X**k) for k in (2, 1, 0))
    h = -b / (2 * a)
    return a, h, c - b**2 / (4 * a)


def moved_graph(f: Any, right: Any, left: Any, up: Any, down: Any, stretch: Any) -> dict:
    """How y = f(x) is moved: the parent graph, the stretch a, the shifts h (right) and k (up), and g(x) = a·f(x - h) + k.

    The moves come from the prompt; a quadratic given alone is read as y = x² moved (vertex form);
    a parent given with no moves is shown moved 2 right and 1 up."""
    f = sympy.sympify(f)
    right, left, up, down, stretch = (_number(v) for v in (right, left, up, down, stretch))
    if right and left:
        raise TopicError("Give one horizontal shift, right or left, not both.")
    if up and down:
        raise TopicError("Give one vertical shift, up or down, not both.")
    source = "given"
    if right or left or up or down or stretch != 1:
        parent, a, h, k = f, stretch, right - left, up - down
    elif (form := _vertex_form(f)) is not None and form != (1, 0, 0):
        parent, (a, h, k) = X**2, form
        source = "vertex"
    else:
        parent, a, h, k = f, sympy.Integer(1), sympy.Integer(2), sympy.Integer(1)
        source = "example"
    g = a * parent.subs(X, X - h) + k
    # The key point to follow: x = 0 (a parabola's vertex), or x = 1 where a stretch would leave (0, 0) in place.
    candidates = [1, 0] if a != 1 else [0, 1]
    heights = {c: parent.subs(X, c) for c in candidates}
    usable = [c for c in candidates if heights[c].is_real and heights[c].is_finite]
    if not usable:
        raise TopicError(f"y = {sympy.sstr(f)} has no point at x = 0 or x = 1 to follow; pick another function.")
    if a != 1 and heights[usable[0]] == 0 and len(usable) > 1:
        usable = usable[1:]
    x0 = sympy.Integer(usable[0])
    y0 = heights[usable[0]]
    return {"parent": parent, "a": a, "h": h, "k": k, "g": g, "x0": x0, "y0": y0, "x1": x0 + h, "y1": a * y0 + k, "source": source}


def move_phrase(a: Any, h: Any, k: Any) -> str:
    """Words for the moves of a graph: 'stretched vertically by 2, then moved 3 right and 1 up'."""
    a, h, k = _number(a), _number(h), _number(k)
    parts = []
    if abs(a) > 1:
        parts.append(f"stretched vertically by {sympy.sstr(abs(a))}")
    elif abs(a) < 1:
        parts.append(f"squashed vertically by a factor {sympy.sstr(abs(a))}")
    if a < 0:
        parts.append("flipped upside down")
    stretch = " and ".join(parts)
    shifts = []
    if h != 0:
        shifts.append(f"{sympy.sstr(abs(h))} {'right' if h > 0 else 'left'}")
    if k != 0:
        shifts.append(f"{sympy.sstr(abs(k))} {'up' if k > 0 else 'down'}")
    moved = ("moved " + " and ".join(shifts)) if shifts else ""
    return ", then ".join(p for p in (stretch, moved) if p)


def point_steps(x0: Any, y0: Any, a: Any, h: Any, k: Any) -> list[dict]:
    """Equation steps that move the point (x0, y0) of y = f(x) onto y = a f(x - h) + k: stretch, then shift across, then up."""
    x0, y0, a, h, k = (_number(v) for v in (x0, y0, a, h, k))
    steps, x, y = [], x0, y0
    if a != 1:
        y = a * y
        steps.append({"latex": rf"\left({sympy.latex(x)}, {sympy.latex(y)}\right)", "reason": f"Stretch: multiply the height by {sympy.sstr(a)}"})
    if h != 0:
        x = x + h
        steps.append({"latex": rf"\left({sympy.latex(x)}, {sympy.latex(y)}\right)", "reason": f"Shift {sympy.sstr(abs(h))} to the {'right' if h > 0 else 'left'}"})
    if k != 0:
        y = y + k
        steps.append({"latex": rf"\left({sympy.latex(x)}, {sympy.latex(y)}\right)", "reason": f"Shift {sympy.sstr(abs(k))} {'up' if k > 0 else 'down'}"})
    return steps


def join_words(parts: Any) -> str:
    """The non-blank phrases joined for a sentence: ['stretched by 2', ' ', 'moved 3 right'] -> 'stretched by 2 and moved 3 right'.
    (A topic marks a missing phrase with a blank: an empty string in `derived` would be read as a symbol.)"""
    kept = [str(p).strip() for p in parts if str(p).strip()]
    if len(kept) <= 1:
        return "".join(kept)
    return ", ".join(kept[:-1]) + " and " + kept[-1]


def term_points(values: Any, color: str = "yellow", labelled: bool = True) -> list[dict]:
    """Points (n, value) for the terms of a sequence, n = 1, 2, 3, ... (at most eight)."""
    return [
        {"x": k, "y": v, "label": sympy.latex(_number(v)) if labelled else "", "color": color}
        for k, v in enumerate(list(values)[:MAX_MARKS], start=1)
    ]


def sequence_terms(first: Any, step: Any, count: Any, kind: str = "difference") -> list[sympy.Expr]:
    """The first `count` terms of an arithmetic (kind 'difference': add step) or geometric (kind 'ratio': times step) sequence."""
    first, step = _number(first), _number(step)
    if kind == "difference":
        return [first + k * step for k in range(int(count))]
    return [first * step**k for k in range(int(count))]


def leading_within(values: Any, limit: Any = 100) -> list[sympy.Expr]:
    """The leading values whose size is at most `limit` (the part of a sequence that fits on the axes)."""
    kept = []
    for v in values:
        if abs(float(v)) > float(limit):
            break
        kept.append(v)
    return kept


def power_ladder(y: Any) -> list[int]:
    """Four whole exponents around y (y among them when it is whole): the powers of b to compare x with."""
    y = _number(y)
    low = int(sympy.floor(y))
    start = low - 2 if y.is_Integer else low - 1
    return list(range(start, start + 4))


def powers_latex(b: Any, exponents: Any) -> str:
    """LaTeX for b^k = value for each k: '2^{1} = 2,\\ 2^{2} = 4'."""
    b = _number(b)
    base = sympy.latex(b) if b.is_Integer and b > 0 else rf"\left({decimal_or_exact(b)}\right)"
    return r",\ ".join(f"{base}^{{{k}}} = {decimal_or_exact(b**k)}" for k in exponents)


def power_marks(b: Any, exponents: Any, y: Any, x: Any) -> list[dict]:
    """Number-line points at each exponent k labelled with b^k, and at y (the logarithm) labelled with x."""
    b, y = _number(b), _number(y)
    marks = [{"x": k, "y": 0, "label": decimal_or_exact(b**k), "color": "gray"} for k in exponents if k != y]
    return marks + [{"x": y, "y": 0, "label": decimal_or_exact(x), "color": "yellow"}]


def constant_step(values: Any, kind: str) -> sympy.Expr:
    """The common difference (kind 'difference') or ratio (kind 'ratio') of a list of terms; refuses a list without one."""
    items = [_number(v) for v in values]
    if len(items) < 3:
        raise TopicError(f"Give at least three terms to find the common {kind}.")
    if kind == "difference":
        steps = [b - a for a, b in zip(items, items[1:])]
    else:
        if any(v == 0 for v in items):
            raise TopicError("A geometric sequence has no zero terms: each term is the one before times the same ratio.")
        steps = [b / a for a, b in zip(items, items[1:])]
    if any(s != steps[0] for s in steps):
        listed = ", ".join(sympy.sstr(v) for v in items)
        raise TopicError(f"{listed} has no common {kind} (the steps are {', '.join(sympy.sstr(s) for s in steps)}), so it is not {'an arithmetic' if kind == 'difference' else 'a geometric'} sequence.")
    return steps[0]


PLACE_NAMES = ("Ones", "Tens", "Hundreds", "Thousands", "Ten thousands", "Hundred thousands")


def place_value_parts(n: Any) -> list[dict]:
    """For each digit of a whole number, highest place first: the digit, its place's name, the place (1, 10, ...) and its value."""
    n = int(n)
    if not 0 < n < 10 ** len(PLACE_NAMES):
        raise TopicError(f"This topic shows whole numbers from 1 to {10 ** len(PLACE_NAMES) - 1:,} in a place value chart.")
    digits = str(n)
    size = len(digits)
    return [
        {"digit": int(d), "name": PLACE_NAMES[size - 1 - k], "place": 10 ** (size - 1 - k), "value": int(d) * 10 ** (size - 1 - k)}
        for k, d in enumerate(digits)
    ]


def grouped(n: Any) -> str:
    """A whole number with thousands separators, as text: 3482 -> '3,482'."""
    return f"{int(n):,}"


def from_groups(groups: Any) -> sympy.Integer:
    """The whole number written in groups of three digits with commas: [3, 482] -> 3482."""
    value = 0
    for g in groups:
        value = value * 1000 + int(g)
    return sympy.Integer(value)


def place_value_table(n: Any, digit: Any = -1) -> dict:
    """The place value chart of n (header: place names; rows: digits and their values), the expanded forms, and
    what `digit` is worth (the leading digit when `digit` is -1). Refuses a digit that n does not have."""
    parts = place_value_parts(n)
    digit = int(digit)
    if digit >= 0 and digit not in [p["digit"] for p in parts]:
        raise TopicError(f"{grouped(n)} has no digit {digit}; ask about one of its digits.")
    focus = [k for k, p in enumerate(parts) if p["digit"] == digit] if digit >= 0 else [0]
    nonzero = [p for p in parts if p["digit"]]
    worth = [f"{parts[k]['value']:,} in the {parts[k]['name'].lower()} place" for k in focus]
    return {
        "header": [p["name"] for p in parts],
        "rows": [[str(p["digit"]) for p in parts], [str(p["value"]) for p in parts]],
        "highlight": [{"row": 1, "column": k + 1} for k in focus] + [{"row": 2, "column": k + 1} for k in focus],
        "products": " + ".join(rf"{p['digit']} \times {p['place']}" for p in nonzero),
        "sum": " + ".join(str(p["value"]) for p in nonzero),
        "digit": parts[focus[0]]["digit"],
        "worth": " and ".join(worth),
        "focus_latex": r",\quad ".join(rf"{parts[k]['digit']} \times {parts[k]['place']} = {parts[k]['value']}" for k in focus),
        "zeros": len(parts) - len(nonzero),
    }


def dot_rows(rows: Any, columns: Any, totals: bool = False) -> list[list[str]]:
    """Table rows for an array: the row number, a row of `columns` dots and (with totals) the running count."""
    rows, columns = int(rows), int(columns)
    dots = " ".join(["●"] * columns)
    return [[str(k), dots] + ([str(k * columns)] if totals else []) for k in range(1, rows + 1)]


def factor_tree(n: Any) -> dict:
    """A factor tree of n: each composite node splits into the factor pair closest to its square root.

    Returns the tree's nodes (primes in green), the primes in increasing order and the first split."""
    n = int(n)
    if n < 4 or sympy.isprime(n):
        raise TopicError(f"{n} is {'prime' if n > 1 and sympy.isprime(n) else 'not a composite number'}: a factor tree starts from a composite number such as 60.")
    nodes: list[dict] = []

    def grow(value: int, parent: str | None) -> None:
        node_id = f"n{len(nodes)}"
        prime = sympy.isprime(value)
        nodes.append({"id": node_id, "parent": parent, "label": str(value), "color": "green" if prime else "white"})
        if prime:
            return
        small = max(d for d in sympy.divisors(value) if d * d <= value)
        grow(small, node_id)
        grow(value // small, node_id)

    grow(n, None)
    nodes[0].pop("parent")
    primes = sorted(p for p, times in sympy.factorint(n).items() for _ in range(times))
    small = max(d for d in sympy.divisors(n) if d * d <= n)
    return {"nodes": nodes, "primes": primes, "split": (small, n // small)}


def prime_product_latex(primes: Any, powers: bool = False) -> str:
    """LaTeX for a product of primes: '2 \\times 2 \\times 3 \\times 5', or with powers '2^{2} \\times 3 \\times 5'."""
    primes = [int(p) for p in primes]
    if not powers:
        return r" \times ".join(str(p) for p in primes)
    counts = sympy.factorint(sympy.Mul(*primes))
    return r" \times ".join(f"{p}^{{{k}}}" if k > 1 else str(p) for p, k in sorted(counts.items()))


HELPERS: dict[str, Any] = {
    "frac_latex": frac_latex,
    "fraction_parts_fit": fraction_parts_fit,
    "decimal_or_exact": decimal_or_exact,
    "part_marks": part_marks,
    "fraction_marks": fraction_marks,
    "common_denominator": common_denominator,
    "fraction_sum_steps": fraction_sum_steps,
    "mixed_text": mixed_text,
    "equivalence_steps": equivalence_steps,
    "linear_parts": linear_parts,
    "linear_latex": linear_latex,
    "foil": foil,
    "plot_window": plot_window,
    "moved_graph": moved_graph,
    "breaks_within": breaks_within,
    "join_words": join_words,
    "move_phrase": move_phrase,
    "point_steps": point_steps,
    "term_points": term_points,
    "constant_step": constant_step,
    "place_value_parts": place_value_parts,
    "grouped": grouped,
    "from_groups": from_groups,
    "place_value_table": place_value_table,
    "dot_rows": dot_rows,
    "factor_tree": factor_tree,
    "prime_product_latex": prime_product_latex,
    "power_ladder": power_ladder,
    "powers_latex": powers_latex,
    "power_marks": power_marks,
    "sequence_terms": sequence_terms,
    "leading_within": leading_within,
}
