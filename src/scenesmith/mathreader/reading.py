"""Split a prompt into words and math, and read every math span: the one entry point for math in a prompt.

`read("Solve $\\frac{x}{4} - 1 = 2$ for x")` gives a Reading whose skeleton is
'solve <0> for <1>' and whose items hold the parsed relation and the symbol x. LaTeX
delimiters ($…$, $$…$$, \\(…\\), \\[…\\]), bare LaTeX commands, Unicode and math in words may be
mixed freely. A span that cannot be read is kept in `unread` with the reason; the task
readers decide whether the prompt can be answered without it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sympy as sp

from scenesmith.mathreader.normalize import fullwidth_to_ascii, latex_to_plain_words, plain_text
from scenesmith.mathreader.parse import MathReadError, Relation, parse_span
from scenesmith.mathreader.size import TooBig

MAX_PROMPT_CHARS = 500

_SUSPICIOUS = re.compile(
    r"__|\bimport\b|\blambda\b|\b(?:eval|exec|compile|globals|locals|getattr|setattr|delattr|vars|dir|open|"
    r"input|breakpoint|help|print)\s*\(|\bos\.|\bsys\.|subprocess|builtins",
    re.I,
)
_DELIMITED = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S)
_LATEX_CHARS = {"\u2212": "-", "\u00d7": r"\times ", "\u00f7": r"\div ", "\u2264": r"\le ", "\u2265": r"\ge ", "\u2260": r"\ne ",
                "\u03c0": r"\pi ", "\u00b2": "^2", "\u00b3": "^3", "\u00a0": " "}
_TOKEN = re.compile(
    r"(?P<cmd>\\[A-Za-z]+)|(?P<num>\d+(?:\.\d+)?|\.\d+)|(?P<word>[A-Za-z]+(?:['’-][^\W\d_]{3,})+(?:['’]s\b)?|[A-Za-z]+['’]s\b|[A-Za-z]+)|(?P<op>[-+*/^=<>!()\[\]{}|,_']|\\[{}])|(?P<space>\s+)|(?P<other>.)",
    re.S,
)
MATH_WORDS = frozenset({"sqrt", "cbrt", "abs", "sin", "cos", "tan", "sec", "csc", "cot", "asin", "acos", "atan",
                        "arcsin", "arccos", "arctan", "log", "ln", "exp", "pi"})
_ENGLISH_LETTERS = frozenset({"a", "A", "I"})
PLACEHOLDER = re.compile(r"<(\d+)>")


class PromptRejected(ValueError):
    """The prompt cannot be read at all (too long, code-like); the message says why."""


@dataclass
class MathItem:
    """One span of math as typed, and what it parsed to (expressions, or tuples of Relations)."""

    source: str
    values: list
    latex: bool = False


@dataclass
class Reading:
    original: str
    text: str  # the prompt with Unicode and worded math normalised, LaTeX spans as typed
    skeleton: str  # lower-case words, each math span replaced by <k>
    items: list[MathItem] = field(default_factory=list)
    unread: list[tuple[str, str]] = field(default_factory=list)  # (span, why) for spans that did not parse
    too_big: str | None = None  # the size bound a span broke, if any
    functions: frozenset[str] = frozenset()

    def values(self) -> list:
        return [v for item in self.items for v in item.values]

    def relations(self) -> list[tuple[Relation, ...]]:
        return [v for v in self.values() if isinstance(v, tuple)]

    def expressions(self) -> list[sp.Expr]:
        return [v for v in self.values() if isinstance(v, sp.Expr)]

    def words(self) -> list[str]:
        return re.findall(r"[a-z']+", PLACEHOLDER.sub(" ", self.skeleton))


def guard(prompt: str) -> None:
    if not isinstance(prompt, str):
        raise PromptRejected("the prompt is not text")
    if len(prompt) > MAX_PROMPT_CHARS:
        raise PromptRejected(f"the prompt is longer than {MAX_PROMPT_CHARS} characters; give one problem at a time")
    if _SUSPICIOUS.search(prompt):
        raise PromptRejected("the prompt contains code-like text that is not math")


def _latex_span(text: str) -> str:
    return "".join(_LATEX_CHARS.get(ch, ch) for ch in text)


def _thousands(text: str) -> str:
    return re.sub(r"(?<![\d,.])(\d{1,3}(?:,\d{3})+)(?![\d,]|\.\d)", lambda m: m.group(1).replace(",", ""), text)


def _defined_functions(text: str) -> frozenset[str]:
    names = set(re.findall(r"(?<![A-Za-z])([a-zA-Z])\s*\(\s*[a-zA-Z]\s*\)\s*=", text))
    names |= set(re.findall(r"(?<![A-Za-z])([fgh])\s*\(", text))
    return frozenset(n for n in names if n not in ("x", "y", "z"))


def _is_math_token(kind: str, value: str, prev_word: bool, next_word: bool) -> bool:
    if kind in ("cmd", "num", "op"):
        return True
    if kind == "word":
        if value in MATH_WORDS:
            return True
        if len(value) == 1:  # 'a' and 'I' are words before a word ('x = 3 a solution'), or between words
            return not (value in _ENGLISH_LETTERS and next_word)
    return False



_NOT_PRODUCTS = frozenset({"st", "nd", "rd", "th", "cm", "mm", "km", "kg", "mg", "ml", "hr", "hrs", "min", "sec", "ft", "lb", "lbs", "oz", "mph", "am", "pm"})


def _letter_product(tokens: list[tuple[str, str]], i: int) -> bool:
    """'xy' in '5xy' or 'xy^2' is a product of variables (2 or 3 letters written onto a number, a bracket or a power)."""
    kind, value = tokens[i]
    if kind != "word" or not 2 <= len(value) <= 3 or value.lower() in _NOT_PRODUCTS or value in MATH_WORDS:
        return False
    before = tokens[i - 1] if i > 0 else ("space", " ")
    after = tokens[i + 1] if i + 1 < len(tokens) else ("space", " ")
    return before[0] == "num" or before[1] == ")" or after[1] in ("^", "(")


def _split(text: str) -> list[tuple[bool, str]]:
    """(is_math, text) runs of the plain part of a prompt."""
    tokens = [(m.lastgroup, m.group(0)) for m in _TOKEN.finditer(text)]
    runs: list[tuple[bool, str]] = []
    solid = [(i, k, v) for i, (k, v) in enumerate(tokens) if k != "space"]
    flags = {}
    for j, (i, kind, value) in enumerate(solid):
        prev_word = j > 0 and solid[j - 1][1] == "word" and len(solid[j - 1][2]) > 1
        next_word = j + 1 < len(solid) and solid[j + 1][1] == "word" and len(solid[j + 1][2]) > 1
        flags[i] = _is_math_token(kind, value, prev_word, next_word) or _letter_product(tokens, i)
    for i, (kind, value) in enumerate(tokens):
        if kind == "space":
            math = runs[-1][0] if runs else False
        else:
            math = flags[i]
        if runs and runs[-1][0] == math:
            runs[-1] = (math, runs[-1][1] + value)
        else:
            runs.append((math, value))
    out: list[tuple[bool, str]] = []
    for math, chunk in runs:
        if math:
            core = chunk.strip().strip(",")
            if not re.search(r"[0-9A-Za-z\\]", core) or core in ("'",):
                math = False
        if out and out[-1][0] == math:
            out[-1] = (math, out[-1][1] + chunk)
        else:
            out.append((math, chunk))
    return out


_X_BETWEEN_NUMBERS = re.compile(r"(?<=\d)\s+[xX]\s+(?=\d)")


def _x_as_times(chunk: str, whole: str, reading: Reading) -> str:
    """'What is 2 x 3?': a lone x between two numbers is the times sign, unless x is also a variable in the prompt
    ('Solve 2 x 3 = x'), where it is ambiguous and the span is reported unread."""
    match = _X_BETWEEN_NUMBERS.search(chunk)
    if not match:
        return chunk
    if re.search(r"(?<![A-Za-z])[xX](?![A-Za-z])", _X_BETWEEN_NUMBERS.sub(" * ", whole)):
        span = re.search(r"\S*\d\s+[xX]\s+\d\S*", chunk).group(0)
        reading.unread.append((span, "an x between two numbers could be a times sign or the variable x; write * or × for times"))
        return chunk
    return _X_BETWEEN_NUMBERS.sub(" * ", chunk)


def _counts_as_words(skeleton: str, items: list[MathItem]) -> str:
    """'to <3> decimal places' keeps its count in the skeleton ('to 3 decimal places'), where the answer form is read."""

    def count(match: re.Match) -> str:
        item = items[int(match.group(1))]
        if len(item.values) == 1 and isinstance(item.values[0], sp.Integer):
            number, item.values = item.values[0], []  # a count of places is part of the question, not of the math
            return f"{number} {match.group(2)}"
        return match.group(0)

    return re.sub(r"<(\d+)> (decimal place|significant)", count, skeleton)


def read(prompt: str) -> Reading:
    """Read a prompt's math; raises PromptRejected only for prompts that must not be read at all."""
    guard(prompt)
    prompt = fullwidth_to_ascii(prompt)
    guard(prompt)
    parts: list[tuple[str, str]] = []  # ("latex" | "plain", text)
    pos = 0
    for m in _DELIMITED.finditer(prompt):
        parts.append(("plain", prompt[pos:m.start()]))
        parts.append(("latex", next(g for g in m.groups() if g is not None)))
        pos = m.end()
    parts.append(("plain", prompt[pos:]))
    whole = " ".join(p for _, p in parts)
    whole_plain = plain_text(latex_to_plain_words(whole))
    functions = _defined_functions(whole_plain)
    reading = Reading(original=prompt, text="", skeleton="", functions=functions)
    text_parts, skeleton_parts = [], []

    def add_math(span: str, latex: bool) -> None:
        span = span.strip().rstrip(",.;:=").strip()
        index = len(reading.items)
        try:
            values = parse_span(span, functions)
        except TooBig as exc:
            reading.too_big = reading.too_big or str(exc)
            values = []
        except MathReadError as exc:
            reading.unread.append((span, str(exc)))
            values = []
        reading.items.append(MathItem(span, values, latex))
        text_parts.append(span)
        skeleton_parts.append(f" <{index}> ")

    for kind, chunk in parts:
        if kind == "latex":
            add_math(_latex_span(chunk), True)
            continue
        chunk = re.sub(r"(?<=[A-Za-z])'s\b", "s", chunk)
        chunk = plain_text(_thousands(latex_to_plain_words(chunk)))
        chunk = _x_as_times(chunk, whole_plain, reading)
        for is_math, run in _split(chunk):
            if is_math:
                lead = run[: len(run) - len(run.lstrip())]
                trail_match = re.search(r"[\s,.;:]*$", run)
                trail = trail_match.group(0) if trail_match else ""
                text_parts.append(lead)
                skeleton_parts.append(" ")
                add_math(run, "\\" in run)
                text_parts.append(trail)
                skeleton_parts.append(" " + trail.strip() + " " if trail.strip() else " ")
            else:
                text_parts.append(run)
                skeleton_parts.append(run.lower())
    reading.text = re.sub(r"\s+", " ", "".join(text_parts)).strip()
    reading.skeleton = _counts_as_words(re.sub(r"\s+", " ", "".join(skeleton_parts)).strip(), reading.items)
    return reading
