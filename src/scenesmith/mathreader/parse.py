"""Parse one span of math into SymPy without evaluating it: LaTeX through latex2sympy2_extended, plain text through SymPy's parser.

Both parsers see a closed vocabulary: single-letter real variables, numbers, and a fixed list
of functions and constants. Decimals become exact fractions. Relations (=, <, <=, >, >=, !=,
chains such as -3 < x <= 2) come back as `Relation` objects; comma-separated lists as several items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp
from sympy.parsing.sympy_parser import (
    auto_number,
    convert_xor,
    factorial_notation,
    implicit_multiplication_application,
    parse_expr,
    auto_symbol,
    repeated_decimals,
)

from scenesmith.mathreader.normalize import latex_shorthand
from scenesmith.mathreader.size import TooBig, check_size


class MathReadError(ValueError):
    """The text could not be read as math; the message says what was not understood."""


OPS = ("=", "<", "<=", ">", ">=", "!=")
_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
SYMBOLS = {c: sp.Symbol(c, real=True) for c in _LETTERS}


def symbol(name: str) -> sp.Symbol:
    """The real Symbol every reader uses for a single-letter variable."""
    return SYMBOLS[name]


@dataclass(frozen=True)
class Relation:
    """`lhs op rhs`, both sides unevaluated as typed."""

    lhs: sp.Expr
    op: str
    rhs: sp.Expr

    def __post_init__(self) -> None:
        if self.op not in OPS:
            raise ValueError(f"unknown relation {self.op!r}")

    @property
    def free_symbols(self) -> set:
        return self.lhs.free_symbols | self.rhs.free_symbols


def _log(*args, **_):
    if len(args) == 2:
        return sp.log(args[0], args[1], evaluate=False)
    return sp.log(*args, evaluate=False)


def _sqrt(arg, **_):
    return sp.Pow(arg, sp.S.Half, evaluate=False)


def _cbrt(arg, **_):
    return sp.Pow(arg, sp.Rational(1, 3), evaluate=False)


def _root(arg, n, **_):
    return sp.Pow(arg, sp.Pow(n, -1, evaluate=False), evaluate=False)


FUNCTIONS = {
    "sqrt": _sqrt, "cbrt": _cbrt, "root": _root, "abs": lambda a, **_: sp.Abs(a, evaluate=False), "Abs": lambda a, **_: sp.Abs(a, evaluate=False),
    "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "sec": sp.sec, "csc": sp.csc, "cot": sp.cot,
    "asin": sp.asin, "acos": sp.acos, "atan": sp.atan, "arcsin": sp.asin, "arccos": sp.acos, "arctan": sp.atan,
    "log": _log, "ln": lambda a, **_: sp.log(a, evaluate=False), "exp": lambda a, **_: sp.exp(a, evaluate=False),
}
CONSTANTS = {"pi": sp.pi, "oo": sp.oo, "infinity": sp.oo}
_WORD = re.compile(r"[A-Za-z]{2,}")
_PLAIN_CHARS = re.compile(r"^[0-9A-Za-z\s+\-*/^().|\[\]!,']*$")
_TRANSFORMS = (auto_symbol, repeated_decimals, auto_number, factorial_notation, implicit_multiplication_application, convert_xor)
_GLOBALS = {"__builtins__": {}, "Integer": sp.Integer, "Float": sp.Float, "Rational": sp.Rational, "Symbol": sp.Symbol,
            "Add": sp.Add, "Mul": sp.Mul, "Pow": sp.Pow, "Function": sp.Function,
            "factorial": lambda n, **_: sp.factorial(n, evaluate=False)}  # 5! stays 5! until the size check has seen it


def _exact_decimals(text: str) -> str:
    """0.25 -> (25/100) so decimals stay exact (the answer reports them as decimals again when asked)."""

    def frac(m: re.Match) -> str:
        whole, part = m.group(1) or "0", m.group(2)
        return f"Rational({int(whole + part)}, {10 ** len(part)})"

    return re.sub(r"(?<![\w.])(\d*)\.(\d+)(?![\d.])", frac, text)


def _convert_bars(s: str) -> str:
    out: list[str] = []
    depth = 0
    prev = ""
    for ch in s:
        if ch == "|":
            if depth > 0 and prev and (prev.isalnum() or prev in ")]!"):
                out.append(")")
                depth -= 1
                prev = ")"
            else:
                out.append("Abs(")
                depth += 1
                prev = "("
            continue
        out.append(ch)
        if not ch.isspace():
            prev = ch
    if depth != 0:
        raise MathReadError("an absolute value bar '|' is not closed")
    return "".join(out)


def _local_dict(functions: frozenset[str]) -> dict:
    names = dict(SYMBOLS)
    names.update(FUNCTIONS)
    names.update(CONSTANTS)
    names["E"] = sp.E
    for f in functions:
        names[f] = sp.Function(f, real=True)
    return names


def _e_as_euler(text: str) -> str:
    """'e^x' and 'e^(2x)' mean Euler's number; a lone 'e' elsewhere stays a variable."""
    return re.sub(r"(?<![A-Za-z])e\s*(?=\^|\*\*)", "E", text)


def _letters_or_word(match: re.Match) -> str:
    """'xy' in '5xy' is x times y; a known function stays; any other word is not math."""
    word = match.group(0)
    if word in FUNCTIONS or word in CONSTANTS:
        return word
    if word.lower() == "pi":
        return "pi"
    if len(word) <= 3:
        return "*".join(word)
    raise MathReadError(f"the word {word!r} is not a function scenesmith knows")


_GLUED_DIVISOR = {"plain": re.compile(r"/\s*\d+(?:\.\d+)?(?=[A-Za-z(])"), "latex": re.compile(r"/\s*\d+(?:\.\d+)?\s*(?=[A-Za-z(\\])")}


def refuse_glued_divisor(text: str, kind: str) -> None:
    """'1/2x', '3/4x', 'x/2y', '6/2(1 + 2)': a number after '/' written onto a letter or a bracket is read two ways
    by people ((1/2)x or 1/(2x)), so it is refused rather than read one way silently. '1/2 x' (spaced) in plain
    text, '(1/2)x' and 'x/2' are not ambiguous."""
    m = _GLUED_DIVISOR[kind].search(text)
    if not m:
        return
    before = re.search(r"(\d+(?:\.\d+)?|[A-Za-z]|\))\s*$", text[:m.start()])
    after = re.match(r"\s*(\\?[A-Za-z]+|\([^()]*\)?)", text[m.end():])
    a, b, c = before.group(1) if before else "a", m.group(0)[1:].strip(), after.group(1) if after else "…"
    raise MathReadError(f"'{a}/{b}{c}' is ambiguous: it could mean ({a}/{b}){c} or {a}/({b}{c}); write the brackets you mean")


def parse_plain(text: str, functions: frozenset[str] = frozenset()) -> sp.Expr:
    """One plain-text expression (no relation signs), unevaluated."""
    s = text.strip()
    if not s:
        raise MathReadError("an expression is missing")
    refuse_glued_divisor(s, "plain")
    if not _PLAIN_CHARS.match(s):
        bad = "".join(sorted({c for c in s if not _PLAIN_CHARS.match(c)}))
        raise MathReadError(f"the symbol(s) {bad!r} in {s[:60]!r} are not math scenesmith reads")
    s = _WORD.sub(_letters_or_word, s)
    s = re.sub(r"\bPi\b|\bPI\b", "pi", s)
    s = _e_as_euler(s)
    s = s.replace("[", "(").replace("]", ")")
    s = _convert_bars(s)
    s = _exact_decimals(s)
    try:
        value = parse_expr(s, local_dict=_local_dict(functions), global_dict=dict(_GLOBALS), transformations=_TRANSFORMS, evaluate=False)
    except (TooBig, MathReadError):
        raise
    except Exception as exc:  # SyntaxError, TokenError, TypeError ... from the parser
        raise MathReadError(f"could not read the math in {text.strip()[:60]!r} ({type(exc).__name__})") from None
    if not isinstance(value, sp.Expr):
        raise MathReadError(f"{text.strip()[:60]!r} is not a single expression")
    return tidy(value)


def tidy(e):
    """Fold the -1 that unevaluated subtraction leaves behind: Mul(-1, 5) -> -5, Mul(-1, 3, x) -> Mul(-3, x)."""
    if not isinstance(e, sp.Basic) or e.is_Atom:
        return e
    args = [tidy(a) for a in e.args]
    if isinstance(e, sp.Mul):
        numbers = [a for a in args if a.is_Number]
        if sp.S.NegativeOne in args and len(numbers) >= 2:
            args.remove(sp.S.NegativeOne)
            i = next(k for k, a in enumerate(args) if a.is_Number)
            args[i] = -args[i]
        if len(args) == 1:
            return args[0]
        return sp.Mul(*args, evaluate=False)
    if isinstance(e, (sp.Add, sp.Pow)):
        return e.func(*args, evaluate=False)
    if args == list(e.args):
        return e
    try:
        return e.func(*args, evaluate=False)
    except TypeError:
        return e.func(*args)


def _realify(e):
    """latex2sympy makes plain Symbols; the engine's are real, one per letter."""
    mapping = {}
    for s in e.free_symbols:
        if isinstance(s, sp.Symbol):
            if s.name in SYMBOLS:
                mapping[s] = SYMBOLS[s.name]
            elif s.name == "e":
                mapping[s] = sp.E
            elif s.name == "pi":
                mapping[s] = sp.pi
            else:
                raise MathReadError(f"the name {s.name!r} is not a single-letter variable")
    return e.xreplace(mapping) if mapping else e


_REL_CLASSES = {sp.Eq: "=", sp.Lt: "<", sp.Le: "<=", sp.Gt: ">", sp.Ge: ">=", sp.Ne: "!="}


def _relations_from(obj) -> list[Relation] | None:
    if isinstance(obj, (sp.And, sp.Or)) or type(obj).__name__ == "And":
        parts = []
        for arg in obj.args:
            inner = _relations_from(arg)
            if inner is None:
                return None
            parts += inner
        return parts
    for cls, op in _REL_CLASSES.items():
        if isinstance(obj, cls):
            return [Relation(obj.lhs, op, obj.rhs)]
    return None


def parse_latex(text: str) -> list:
    """A LaTeX span: a list of expressions or Relations (one item unless it is a comma list)."""
    from latex2sympy2_extended import latex2sympy  # 0.2 s to import, only when LaTeX is used

    source = latex_shorthand(text)
    refuse_glued_divisor(source, "latex")
    if re.search(r"\\(?:def|newcommand|renewcommand|let|input|include|csname|catcode)\b", source):
        raise MathReadError("LaTeX definitions and file commands are not math; write the expression itself")
    pieces = _split_top(source, ",") if "," in source and not re.search(r"\d,\d{3}", source) else [source]
    items = []
    for piece in pieces:
        try:
            value = latex2sympy(piece)
        except Exception as exc:
            raise MathReadError(f"could not read the LaTeX {piece.strip()[:60]!r} ({type(exc).__name__})") from None
        if isinstance(value, sp.Tuple) or isinstance(value, tuple):
            raise MathReadError(f"could not read the LaTeX {piece.strip()[:60]!r} as one expression")
        value = tidy(_realify(value))
        relations = _relations_from(value)
        if relations is not None:
            items.append(tuple(Relation(r.lhs, r.op, r.rhs) for r in relations))
        elif isinstance(value, sp.Expr):
            items.append(value)
        else:
            raise MathReadError(f"{piece.strip()[:60]!r} is not an expression or a relation")
    for item in items:
        for part in (item if isinstance(item, tuple) else (item,)):
            check_size(part if isinstance(part, sp.Basic) else sp.Tuple(part.lhs, part.rhs))
    return items


def _split_top(text: str, sep: str) -> list[str]:
    """Split at `sep` outside brackets and braces."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p for p in parts if p.strip()]


_REL_SPLIT = re.compile(r"(<=|>=|!=|=|<|>)")


def parse_plain_item(text: str, functions: frozenset[str] = frozenset()):
    """One plain span without commas: an expression, or a tuple of Relations for a relation or a chain."""
    pieces = _REL_SPLIT.split(text)
    if len(pieces) == 1:
        value = parse_plain(text, functions)
        check_size(value)
        return value
    sides = [parse_plain(p, functions) for p in pieces[0::2]]
    for side in sides:
        check_size(side)
    ops = pieces[1::2]
    return tuple(Relation(sides[i], op, sides[i + 1]) for i, op in enumerate(ops))


def parse_span(text: str, functions: frozenset[str] = frozenset()) -> list:
    """A span of math: LaTeX when it has backslash commands or braces, else plain. A list of items."""
    if "\\" in text or "{" in text:
        return parse_latex(text)
    pieces = _split_top(text, ",")
    return [parse_plain_item(p, functions) for p in pieces]
