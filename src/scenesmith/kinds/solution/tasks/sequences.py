"""Task: arithmetic and geometric sequences: the n-th term or the sum of the first n terms.

The sequence is given as a list of terms ('2, 5, 8, 11, ...'), by its first term and common
difference or ratio ('a_1 = 5, d = 3', 'first term 2 and common ratio 3'), or by a formula for a_n
('a_n = 3n + 2'). A list must have at least three terms, and the difference (or ratio) must hold for
every given term; a list that is neither arithmetic nor geometric is refused.

Answer text: the bare exact value (`59`, `1/8`, `-1023`).
"""

from __future__ import annotations

import re

import sympy as sp

from scenesmith.mathreader import Reading, symbol
from scenesmith.mathreader.normalize import latex_to_plain_words, unicode_to_ascii
from scenesmith.mathreader.parse import MathReadError, parse_plain
from scenesmith.mathreader.words import number_words_to_digits
from scenesmith.kinds.solution.problem import Problem, Unsupported
from scenesmith.kinds.solution.rules.functions import built_add as _add, built_mul as _mul, expression_goal
from scenesmith.kinds.solution.steps.display import number_text, plain
from scenesmith.kinds.solution.steps.state import Expression, Move
from scenesmith.kinds.solution.tasks.common import require_words

FAMILIES = ("functions", "sequences")
MAX_N = 1000
MAX_DIGITS = 200
_NUM = r"(-?\d+(?:\.\d+)?(?:/\d+)?)"
_ORDINAL = r"(\d+)\s*(?:st|nd|rd|th)\b"
_SUB = r"_?\{?\s*(\w+)\s*\}?"


def _text(reading: Reading) -> str:
    t = reading.original
    t = re.sub(r"\$|\\\(|\\\)|\\\[|\\\]", " ", t)
    t = latex_to_plain_words(t)
    t = t.replace(r"\ldots", "...").replace(r"\dots", "...").replace(r"\cdots", "...").replace("…", "...")
    t = t.replace(r"\cdot", "*").replace(r"\times", "*").replace("{", "").replace("}", "")
    t = unicode_to_ascii(t)
    t = number_words_to_digits(t)
    return re.sub(r"\s+", " ", t).strip()


def _num(s: str):
    s = s.strip()
    if "/" in s:
        a, b = s.split("/")
        return sp.Rational(sp.nsimplify(a), int(b)) if int(b) != 0 else None
    return sp.nsimplify(s, rational=True)


def _seq_words(t: str) -> bool:
    return bool(re.search(r"\b(sequence|progression|term|terms|nth|common difference|common ratio)\b|\ba\s*_?\{?\s*[n1]\b|\.\.\.", t, re.I))


def read(reading: Reading) -> Problem | None:
    t = _text(reading)
    low = t.lower()
    if not _seq_words(low):
        return None
    if reading.functions or re.search(r"\b(solve|simplify|factor|derivative|integral|limit)\b", low):
        return None
    rest = low
    kind = None
    if re.search(r"\bgeometric\b", rest):
        kind = "geometric"
    elif re.search(r"\barithmetic\b", rest):
        kind = "arithmetic"

    # what is asked: the sum of the first n terms, or the n-th term
    target = None
    m = re.search(r"\bsum of the first " + r"(\d+)" + r" terms\b", rest) or re.search(r"\bs_?(\d+)\b", rest)
    if m:
        target = ("sum", int(m.group(1)))
        rest = rest[:m.start()] + " " + rest[m.end():]
    else:
        m = re.search(r"\b(?:the\s+)?" + _ORDINAL + r"\s+term\b", rest) or re.search(r"\bterm\s+(?:number\s+)?(\d+)\b", rest) \
            or re.search(r"\ba_?(\d+)\b(?!\s*=)", rest)
        if m:
            target = ("term", int(m.group(1)))
            rest = rest[:m.start()] + " " + rest[m.end():]
    if target is None:
        if re.search(r"\bnth\b|\bn-th\b|\bgeneral term\b|\bformula\b|\bnext\b", rest):
            raise Unsupported("Finding a formula for the n-th term or the next terms is not supported", "Ask for one term (the 20th term) or a sum (the sum of the first 10 terms)")
        return None
    n = target[1]
    if n < 1 or n > MAX_N:
        raise Unsupported(f"The term number {n} is out of range: step by step works with terms 1 to {MAX_N}")

    first = diff = ratio = formula = None
    terms: list = []
    m = re.search(r"\ba_?n\s*=\s*([^,;?]+?)(?=\s*(?:,|;|\?|\bfind\b|\bwhat\b|\bthen\b|\band\b|$))", rest)
    if m:
        try:
            formula = parse_plain(m.group(1), frozenset())
        except MathReadError:
            raise Unsupported(f"I could not read the formula a_n = {m.group(1)}") from None
        if formula.free_symbols - {symbol("n")}:
            raise Unsupported("The formula for a_n may use only n")
        rest = rest[:m.start()] + " " + rest[m.end():]
    else:
        for pattern, name in ((r"\ba_?1\s*=\s*" + _NUM, "first"), (r"\bfirst term\s*(?:is|of|=|:)?\s*" + _NUM, "first"),
                              (r"\b(?:common\s+)?difference\s*(?:is|of|=|:)?\s*" + _NUM, "diff"), (r"\bd\s*=\s*" + _NUM, "diff"),
                              (r"\b(?:common\s+)?ratio\s*(?:is|of|=|:)?\s*" + _NUM, "ratio"), (r"\br\s*=\s*" + _NUM, "ratio")):
            m = re.search(pattern, rest)
            if m:
                value = _num(m.group(1))
                if name == "first":
                    first = value
                elif name == "diff":
                    diff = value
                else:
                    ratio = value
                rest = rest[:m.start()] + " " + rest[m.end():]
        m = re.search(r"(-?\d+(?:\.\d+)?(?:/\d+)?(?:\s*,\s*-?\d+(?:\.\d+)?(?:/\d+)?){2,})\s*(?:,\s*)?(?:\.\.\.)?", rest)
        if m and first is None and diff is None and ratio is None:
            terms = [_num(s) for s in m.group(1).split(",")]
            rest = rest[:m.start()] + " " + rest[m.end():]
    if re.search(r"\d", rest):
        raise Unsupported("The prompt has numbers I did not use for the sequence", "Give the terms (2, 5, 8, ...) or a_1 with d or r, and one term or sum to find")
    require_words(reading, "sequences")
    if formula is not None:
        return _formula(formula, target)
    if terms:
        return _from_list(terms, target, kind)
    if first is None or (diff is None) == (ratio is None):
        raise Unsupported("I need the first term and either the common difference or the common ratio")
    if diff is not None:
        if kind == "geometric":
            raise Unsupported("The sequence is called geometric but is given a common difference")
        return _arithmetic(first, diff, target, f"a_1 = {number_text(first)} and d = {number_text(diff)}")
    if kind == "arithmetic":
        raise Unsupported("The sequence is called arithmetic but is given a common ratio")
    return _geometric(first, ratio, target, f"a_1 = {number_text(first)} and r = {number_text(ratio)}")


def _check_big(value) -> None:
    if value != 0 and abs(value) > 10**MAX_DIGITS:
        raise Unsupported("The answer has too many digits to show step by step")


def _from_list(terms, target, kind) -> Problem:
    listing = ", ".join(number_text(v) for v in terms)
    diffs = [b - a for a, b in zip(terms, terms[1:])]
    arithmetic = all(d == diffs[0] for d in diffs)
    geometric = all(v != 0 for v in terms) and all(b / a == terms[1] / terms[0] for a, b in zip(terms, terms[1:]))
    if kind == "geometric" and not geometric:
        raise Unsupported(f"{listing} is called geometric, but the ratios between terms are not all the same")
    if kind == "arithmetic" and not arithmetic:
        raise Unsupported(f"{listing} is called arithmetic, but the differences between terms are not all the same")
    if kind is None and not arithmetic and not geometric:
        raise Unsupported(f"{listing} is neither arithmetic (same difference) nor geometric (same ratio)", "Only arithmetic and geometric sequences are done")
    if arithmetic and kind != "geometric":
        d = diffs[0]
        why = f"Each term is the one before plus {_paren(d)}, so it is arithmetic: a_1 = {number_text(terms[0])}, d = {number_text(d)}"
        return _arithmetic(terms[0], d, target, listing, why)
    r = terms[1] / terms[0]
    why = f"Each term is the one before times {_paren(r)}, so it is geometric: a_1 = {number_text(terms[0])}, r = {number_text(r)}"
    return _geometric(terms[0], r, target, listing, why)


def _paren(v) -> str:
    return f"({plain(v)})" if v < 0 else plain(v)


def _minus(a, b):
    """a - b as typed (b a number)."""
    return _add(a, -b) if b >= 0 else _add(a, _mul(-1, b))


def _arithmetic(a1, d, target, given, why: str | None = None) -> Problem:
    kind, n = target
    if kind == "term":
        value = a1 + (n - 1) * d
        expr = _add(a1, _mul(_minus(sp.Integer(n), sp.Integer(1)), d))
        label = f"a_{{{n}}} ="
        formula = "a_n = a_1 + (n - 1)d"
        title = f"Find the {n}th term of the arithmetic sequence {given}"
    else:
        value = sp.Rational(n, 2) * (2 * a1 + (n - 1) * d)
        expr = _mul(_mul(n, sp.Pow(2, -1, evaluate=False)), _add(_mul(2, a1), _mul(_minus(sp.Integer(n), sp.Integer(1)), d)))
        label = f"S_{{{n}}} ="
        formula = "S_n = n/2 (2a_1 + (n - 1)d)"
        title = f"Find the sum of the first {n} terms of the arithmetic sequence {given}"
    _check_big(value)
    return _problem(expr, label, formula, title, why, n)


def _geometric(a1, r, target, given, why: str | None = None) -> Problem:
    kind, n = target
    if a1 == 0 or r == 0:
        raise Unsupported("A geometric sequence needs a first term and a ratio that are not 0")
    if abs(r) != 1 and n * float(sp.log(abs(r), 10)) > MAX_DIGITS:
        raise Unsupported("The answer has too many digits to show step by step")
    if kind == "term":
        expr = _mul(a1, sp.Pow(r, _minus(sp.Integer(n), sp.Integer(1)), evaluate=False))
        label = f"a_{{{n}}} ="
        formula = "a_n = a_1 r^(n - 1)"
        title = f"Find the {n}th term of the geometric sequence {given}"
    else:
        if r == 1:
            expr = _mul(n, a1)
            formula = "S_n = n a_1 (the ratio is 1)"
        else:
            expr = _mul(a1, _mul(_minus(sp.Pow(r, n, evaluate=False), sp.Integer(1)), sp.Pow(_minus(r, sp.Integer(1)), -1, evaluate=False)))
            formula = "S_n = a_1 (r^n - 1)/(r - 1)"
        label = f"S_{{{n}}} ="
        title = f"Find the sum of the first {n} terms of the geometric sequence {given}"
    _check_big(sp.sympify(expr).doit())
    return _problem(expr, label, formula, title, why, n)


def _problem(expr, label, formula, title, why, n) -> Problem:
    start = Expression(expr, label)
    caption = f"Use {formula} with n = {n}"
    if why:
        caption = f"{why}. {caption}"
    return Problem(task="sequences", title=title, instruction="Find " + label.rstrip(" =").replace("{", "").replace("}", ""),
                   start=start, families=FAMILIES, goal=expression_goal, intro_steps=[Move(start, caption[:160])], max_expansions=200)


def _formula(formula, target) -> Problem:
    kind, n = target
    if kind == "sum":
        raise Unsupported("The sum of a sequence given by a formula is not supported", "Ask for one term, e.g. 'a_n = 3n + 2, find a_10'")
    nn = symbol("n")
    from scenesmith.kinds.solution.tasks.functions import _substitute
    expr = _substitute(formula, nn, sp.Integer(n))
    value = sp.sympify(expr).doit()
    if not value.is_Rational:
        raise Unsupported(f"a_{n} is not a rational number here")
    _check_big(value)
    start = Expression(expr, f"a_{{{n}}} =")
    return Problem(task="sequences", title=f"Find a_{n} for a_n = {plain(formula)}", instruction=f"Find a_{n}",
                   start=start, families=FAMILIES, goal=expression_goal,
                   intro_steps=[Move(start, f"Substitute n = {n} into a_n = {plain(formula)}")])
