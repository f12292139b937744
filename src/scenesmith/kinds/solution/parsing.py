"""Turn a user's prompt into a parsed problem: SymPy objects plus which task to run.

Safety: prompts longer than 500 characters or containing suspicious content (``__``, ``import``,
``lambda``, ``eval(`` ...) are rejected BEFORE any parsing.  Math is parsed only with
``parse_expr`` using a restricted global dict (no builtins, only the number/symbol constructors
the transformations emit) and a local dict in which every single letter is a real ``Symbol`` --
so ``E``, ``I``, ``S``, ``N``, ``Q``, ``O`` are plain variables, never SymPy constants -- and
multi-letter words other than ``sqrt``/``abs`` are refused before ``parse_expr`` sees them.

Accepted prompt forms (case-insensitive):

* ``3x + 7 = 22``, ``Solve 2(x - 4) = 10``, ``Solve for x: x/3 + 1 = 5``, ``2x - 5 < 9``,
  ``If 3x + 7 = 22, what is the value of x?``, ``Find x if ...``, ``What is the value of y when ...``;
* systems: ``x + y = 10, x - y = 2``, ``Solve the system 2x + 3y = 12 and x - y = 1``;
* quadratics, ``|x - 3| = 5``, ``sqrt(x+5) = 3`` / ``√(x+5) = 3``, ``2^x = 32``;
* percentages: ``What is 15% of 80?``, ``12 is what percent of 48?``, ``30 is 20% of what number?``,
  ``Increase 50 by 10%``, ``Decrease 80 by 25%``, ``What is the percent increase from 40 to 50?``;
* ``simplify ...``, ``expand ...``, ``factor ...``;
* ``derivative of ...``, ``d/dx (...)``, ``differentiate ...``, ``find f'(x) if f(x) = ...``;
* ``integrate ... from a to b``, ``integral of ... from a to b``, ``∫_0^2 (x^3) dx``.

Unicode minus, ×, ÷, ≤, ≥, superscripts (``x²``) and ``√`` are normalised first.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import sympy as sp
from sympy.parsing.sympy_parser import (
    convert_xor,
    implicit_multiplication_application,
    parse_expr,
    rationalize,
    standard_transformations,
)

from .verify import Rel, tex

MAX_PROMPT_CHARS = 500

ACCEPTED_FORMS = (
    "Accepted forms: an equation or inequality in one variable (e.g. 'Solve 3x + 7 = 22', '2x - 5 < 9', "
    "'x^2 - 5x + 6 = 0', '|x - 3| = 5', 'sqrt(x+5) = 3', '2^x = 32'), a system of two linear equations "
    "('x + y = 10, x - y = 2'), a percentage question ('What is 15% of 80?'), 'simplify/expand/factor <expression>', "
    "'derivative of <polynomial>' or 'integrate <polynomial> from a to b'."
)


class UnsupportedProblem(ValueError):
    """The prompt is not a supported math problem; the message says why and what is accepted."""

    def __init__(self, what: str):
        self.what = what
        super().__init__(f"{what}. {ACCEPTED_FORMS}")


@dataclass(frozen=True)
class PercentQuery:
    """A percentage question.  ``mode``: of | what_percent | whole | increase | decrease | change."""

    mode: str
    a: sp.Rational
    b: sp.Rational
    direction: str = ""  # for mode 'change': increase | decrease | change


@dataclass
class ParsedProblem:
    """A prompt turned into SymPy objects.

    ``task`` is one of solve | inequality | system | simplify | expand | factor | derivative |
    integral | percent; ``kind`` refines it (linear, quadratic, absolute_value, square_root,
    exponential, ...).  ``relations`` hold the problem as typed (unevaluated, ``keep=True``);
    ``expr``/``shown`` hold the evaluated and the as-typed expression for expression tasks.
    """

    task: str
    kind: str
    text: str
    latex: str
    variables: tuple = ()
    relations: tuple = ()
    expr: object = None
    shown: object = None
    lower: object = None
    upper: object = None
    percent: PercentQuery | None = None


# ----------------------------------------------------------------------------------------------
# Guarding and normalising
# ----------------------------------------------------------------------------------------------

_SUSPICIOUS = re.compile(
    r"__|\bimport\b|\blambda\b|\b(?:eval|exec|compile|globals|locals|getattr|setattr|delattr|vars|dir|open|"
    r"input|breakpoint|help|print)\s*\(|\bos\.|\bsys\.|subprocess|builtins",
    re.I,
)

_CHAR_MAP = {
    "\u2212": "-", "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-", "\ufe63": "-", "\uff0d": "-",
    "\u00d7": "*", "\u22c5": "*", "\u00b7": "*", "\u2217": "*", "\u2715": "*", "\u2716": "*",
    "\u00f7": "/", "\u2215": "/", "\u2044": "/",
    "\u2264": "<=", "\u2a7d": "<=", "\u2265": ">=", "\u2a7e": ">=", "\u2260": "!=",
    "\uff1d": "=", "\uff05": "%", "\uff0b": "+",
    "\u2019": "'", "\u2032": "'", "\u2018": "'",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ", "\u200b": "",
    "\u2223": "|", "\uff5c": "|",
}
_SUPERSCRIPTS = {
    "\u2070": "0", "\u00b9": "1", "\u00b2": "2", "\u00b3": "3", "\u2074": "4", "\u2075": "5",
    "\u2076": "6", "\u2077": "7", "\u2078": "8", "\u2079": "9", "\u207b": "-", "\u207a": "+",
}
_SUPER_RUN = re.compile("[" + "".join(_SUPERSCRIPTS) + "]+")


def _guard(prompt) -> None:
    if not isinstance(prompt, str):
        raise UnsupportedProblem("The prompt is not text")
    if len(prompt) > MAX_PROMPT_CHARS:
        raise UnsupportedProblem(f"The prompt is longer than {MAX_PROMPT_CHARS} characters")
    if _SUSPICIOUS.search(prompt):
        raise UnsupportedProblem("The prompt contains code-like content that is not math")


def _normalize(prompt: str) -> str:
    s = "".join(_CHAR_MAP.get(ch, ch) for ch in prompt)

    def sup(m: re.Match) -> str:
        t = "".join(_SUPERSCRIPTS[c] for c in m.group(0))
        return "^" + t if len(t) == 1 else f"^({t})"

    s = _SUPER_RUN.sub(sup, s)
    s = re.sub(r"√\s*(\d+(?:\.\d+)?|[A-Za-z])(?![A-Za-z(])", r"sqrt(\1)", s)
    s = s.replace("√", "sqrt")
    s = re.sub(r"\s+", " ", s).strip()
    return s.rstrip("?.! ").strip()


_EXPLAINER = re.compile(
    r"^(?:please\s+|can\s+you\s+|could\s+you\s+)?(?:show|plot|graph|explain|draw|visuali[sz]e|illustrate|sketch|"
    r"animate|describe|define|prove|teach|tell\s+me|what\s+is\s+an?\b|what's\s+an?\b|what\s+are\b(?!\s+the\s+"
    r"(?:solutions?|roots?|values?|zeros?|zeroes))|how\s+does|how\s+do|how\s+to|why)\b",
    re.I,
)


_ASKS_FOR_STEPS = re.compile(
    r"^(?:please\s+)?(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?"
    r"(?:(?:explain|show(?:\s+me)?|teach\s+me|tell\s+me|walk\s+me\s+through)\s+)?"
    r"(?:how\s+(?:do\s+(?:i|you|we)\s+|can\s+(?:i|you|we)\s+|to\s+|would\s+you\s+)|the\s+steps\s+(?:to|for)\s+|step\s+by\s+step\s+)"
    r"(?=(?:solve|factor|expand|simplify|differentiate|integrate|find|calculate|evaluate|compute|work\s+out)\b)",
    re.I,
)


def strip_request(text: str) -> str:
    """'How do I solve 3x + 7 = 22' and 'Show me how to factor ...' ask for the same steps as 'Solve ...'."""
    text = _ASKS_FOR_STEPS.sub("", text, count=1)
    return re.sub(r"\s+step\s+by\s+step$", "", text, flags=re.I)


def _reject_explainer(text: str) -> None:
    if _EXPLAINER.search(text) or re.search(r"\barea\s+under\b|\bgraph\s+of\b", text, re.I):
        raise UnsupportedProblem(
            f"'{text[:60]}' asks for an explanation or a picture, not a problem to solve step by step"
        )


# ----------------------------------------------------------------------------------------------
# Safe expression parsing
# ----------------------------------------------------------------------------------------------

_TRANSFORMS = standard_transformations + (implicit_multiplication_application, convert_xor, rationalize)
_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_SYMBOLS = {c: sp.Symbol(c, real=True) for c in _LETTERS}
_ALLOWED_CHARS = re.compile(r"^[0-9A-Za-z\s+\-*/^().|\[\]]*$")
_FUNCTION_WORDS = {"sqrt": "sqrt", "abs": "Abs"}


def symbol(name: str) -> sp.Symbol:
    """The real Symbol used for a single-letter variable."""
    return _SYMBOLS[name]


def _local_dict() -> dict:
    d = dict(_SYMBOLS)
    d["sqrt"] = sp.sqrt
    d["Abs"] = sp.Abs
    return d


def _global_dict() -> dict:
    return {
        "__builtins__": {},
        "Integer": sp.Integer,
        "Float": sp.Float,
        "Rational": sp.Rational,
        "Symbol": sp.Symbol,
        "Add": sp.Add,
        "Mul": sp.Mul,
        "Pow": sp.Pow,
    }


def _convert_bars(s: str) -> str:
    out: list[str] = []
    depth = 0
    prev = ""
    for ch in s:
        if ch == "|":
            if depth > 0 and prev and (prev.isalnum() or prev in ")]"):
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
        raise UnsupportedProblem("Unmatched '|' in an absolute value")
    return "".join(out)


def parse_math(s: str) -> tuple[sp.Expr, sp.Expr]:
    """Parse one expression safely; returns ``(evaluated, as_typed)``."""
    s = s.strip()
    if not s:
        raise UnsupportedProblem("An expression is missing")
    if not _ALLOWED_CHARS.match(s):
        bad = sorted({c for c in s if not _ALLOWED_CHARS.match(c)})
        raise UnsupportedProblem(f"Could not read the symbol(s) {' '.join(bad)!s} in '{s[:60]}'")
    for word in re.findall(r"[A-Za-z]{2,}", s):
        if word.lower() in _FUNCTION_WORDS or set(word) <= set("xyz"):
            continue
        raise UnsupportedProblem(f"Could not understand the word '{word}' in '{s[:60]}'")
    s = re.sub(r"\b(sqrt|abs)\b", lambda m: _FUNCTION_WORDS[m.group(1).lower()], s, flags=re.I)
    s = s.replace("[", "(").replace("]", ")")
    s = _convert_bars(s)
    try:
        value = parse_expr(s, local_dict=_local_dict(), global_dict=_global_dict(), transformations=_TRANSFORMS)
        shown = parse_expr(
            s, local_dict=_local_dict(), global_dict=_global_dict(), transformations=_TRANSFORMS, evaluate=False
        )
    except UnsupportedProblem:
        raise
    except Exception as exc:  # SyntaxError, TokenError, TypeError, NameError ...
        raise UnsupportedProblem(f"Could not read the math in '{s[:60]}' ({type(exc).__name__})") from None
    for e in (value, shown):
        if not isinstance(e, sp.Expr):
            raise UnsupportedProblem(f"'{s[:60]}' is not a single expression")
    if value.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or value.atoms(sp.Float):
        raise UnsupportedProblem(f"'{s[:60]}' is undefined (division by zero?)")
    if value.atoms(sp.Function) - value.atoms(sp.Abs):
        raise UnsupportedProblem(f"'{s[:60]}' uses a function that is not supported")
    return value, shown


# ----------------------------------------------------------------------------------------------
# Shape helpers shared with the solver
# ----------------------------------------------------------------------------------------------


def is_poly_in(e, var, max_degree: int | None = None) -> bool:
    """``e`` is a polynomial in ``var`` with numeric coefficients (numeric denominators allowed)."""
    e = sp.sympify(e)
    if e.free_symbols - {var}:
        return False
    if not e.is_polynomial(var):
        return False
    if max_degree is not None and e.has(var):
        return sp.degree(sp.expand(e), var) <= max_degree
    return True


def linear_parts(side, block, var):
    """Write ``side`` as ``a*block + r`` with number ``a`` and ``r`` free of ``block``; None if impossible."""
    U = sp.Dummy("U")
    s = sp.expand(sp.sympify(side).xreplace({block: U}))
    if s.diff(U, 2) != 0:
        return None
    a = s.diff(U)
    if a.has(U) or a.free_symbols:
        return None
    r = sp.expand(s.subs(U, 0))
    if r.has(U) or (block != var and r.has(block)):
        return None
    return a, r


def sqrt_atoms(e, var) -> list:
    e = sp.sympify(e)
    return sorted({p for p in e.atoms(sp.Pow) if p.exp == sp.S.Half and p.base.has(var)}, key=sp.default_sort_key)


def abs_atoms(e, var) -> list:
    return sorted({a for a in sp.sympify(e).atoms(sp.Abs) if a.has(var)}, key=sp.default_sort_key)


def square_block(lhs, rhs, var):
    """A block ``u^2`` (``u`` linear) such that both sides are ``a*u^2 + const``; else None."""
    cands = set()
    for side in (lhs, rhs):
        for p in sp.sympify(side).atoms(sp.Pow):
            if p.exp == 2 and is_poly_in(p.base, var, 1) and p.base.has(var):
                cands.add(p)
    for block in sorted(cands, key=sp.default_sort_key):
        parts = [linear_parts(side, block, var) for side in (lhs, rhs)]
        if any(p is None for p in parts):
            continue
        if any(r.has(var) for _, r in parts):
            continue
        if parts[0][0] == parts[1][0]:
            continue
        return block
    return None


def exp_parts(side, var):
    """``side`` as ``(coef, base, exponent)`` for ``coef*base^exponent``, ``(const, None, None)``, or None."""
    side = sp.sympify(side)
    if not side.has(var):
        if side.is_Rational:
            return side, None, None
        return None
    c, rest = side.as_coeff_Mul()
    if (
        c.is_Rational
        and isinstance(rest, sp.Pow)
        and rest.base.is_Rational
        and rest.base > 0
        and rest.base != 1
        and (rest.base.p == 1 or rest.base.q == 1)
        and is_poly_in(rest.exp, var, 2)
        and rest.exp.has(var)
    ):
        return c, rest.base, sp.expand(rest.exp)
    return None


def _int_log(n, base: int):
    """Integer ``e`` with ``base**e == n`` (n a positive rational with numerator or denominator 1)."""
    n = sp.Rational(n)
    if n == 1:
        return 0
    if n.q == 1:
        m, sign = int(n.p), 1
    elif n.p == 1:
        m, sign = int(n.q), -1
    else:
        return None
    e = 0
    while m % base == 0 and m > 1:
        m //= base
        e += 1
    return sign * e if m == 1 else None


def _root_base(n) -> int | None:
    n = sp.Rational(n)
    m = int(n.p) if n.q == 1 else int(n.q) if n.p == 1 else None
    if m is None or m < 2:
        return None
    for k in range(int(math.log2(m)), 1, -1):
        r, exact = sp.integer_nthroot(m, k)
        if exact:
            return int(r)
    return m


def common_base(numbers):
    """Smallest-effort common base: returns ``(B, [exponents])`` with ``B**e == n`` or None."""
    cands: list[int] = []
    for n in numbers:
        n = sp.Rational(n)
        if n == 1:
            continue
        if n.q == 1 and n.p > 1:
            cands.append(int(n.p))
        rb = _root_base(n)
        if rb:
            cands.append(rb)
    seen = []
    for c in cands:
        if c not in seen:
            seen.append(c)
    for B in seen:
        exps = [_int_log(n, B) for n in numbers]
        if all(e is not None for e in exps):
            return B, exps
    return None


def exponential_shape(lhs, rhs, var):
    """Both sides ``c*b^u`` / constants with a common base (and the power on at least one side)."""
    L, R = exp_parts(lhs, var), exp_parts(rhs, var)
    if L is None or R is None:
        return None
    if L[1] is None and R[1] is None:
        return None
    if L[1] is None:
        L, R = R, L
    if R[1] is not None and (L[0] != 1 or R[0] != 1):
        return None
    if L[0] == 0:
        return None
    if R[1] is None:
        k = R[0] / L[0]
        if k <= 0:
            return {"power": L, "other": R, "base": None, "exps": None}
        found = common_base([L[1], k])
    else:
        found = common_base([L[1], R[1]])
    if found is None:
        return None
    return {"power": L, "other": R, "base": found[0], "exps": found[1]}


def sqrt_shape(lhs, rhs, var):
    """('one', S) when a single sqrt can be isolated, ('two', S1, S2) for sqrt = sqrt; else None."""
    atoms = sqrt_atoms(lhs - rhs, var)
    if any(not is_poly_in(a.base, var, 2) for a in atoms):
        return None
    if len(atoms) == 1:
        S = atoms[0]
        parts = [linear_parts(side, S, var) for side in (lhs, rhs)]
        if any(p is None for p in parts):
            return None
        (aL, rL), (aR, rR) = parts
        if aL == aR or not is_poly_in(rL, var) or not is_poly_in(rR, var):
            return None
        v = sp.expand((rR - rL) / (aL - aR))
        if v.has(var) and sp.degree(v, var) > 1:
            return None
        return ("one", S)
    if len(atoms) == 2:
        sides = []
        for side in (lhs, rhs):
            c, rest = sp.sympify(side).as_coeff_Mul()
            if rest not in atoms or c == 0:
                return None
            sides.append((c, rest))
        if sides[0][1] == sides[1][1]:
            return None
        return ("two", sides[0][1], sides[1][1])
    return None


def abs_shape(lhs, rhs, var):
    """The single ``|u|`` block (``u`` linear) when both sides are ``a*|u| + const``; else None."""
    atoms = abs_atoms(lhs - rhs, var)
    if len(atoms) != 1:
        return None
    A = atoms[0]
    if not is_poly_in(A.args[0], var, 1):
        return None
    parts = [linear_parts(side, A, var) for side in (lhs, rhs)]
    if any(p is None for p in parts):
        return None
    (aL, rL), (aR, rR) = parts
    if aL == aR or rL.has(var) or rR.has(var):
        return None
    return A


def classify_relation(rel: Rel, var) -> str:
    """Kind of a single relation; raises UnsupportedProblem for unsupported shapes."""
    lhs, rhs = rel.lhs.doit(), rel.rhs.doit()
    diff = lhs - rhs
    if rel.op != "=":
        if diff.has(sp.Abs) or sqrt_atoms(diff, var) or not is_poly_in(sp.together(diff), var):
            raise UnsupportedProblem("Only linear inequalities such as '2x - 5 < 9' are supported")
        num, den = sp.fraction(sp.together(diff))
        if den.has(var) or sp.degree(sp.expand(num), var) > 1:
            raise UnsupportedProblem("Only linear inequalities such as '2x - 5 < 9' are supported")
        return "linear"
    if diff.has(sp.Abs):
        if abs_shape(lhs, rhs, var) is None:
            raise UnsupportedProblem("Absolute value equations must look like 'a|linear| + b = c'")
        return "absolute_value"
    if sqrt_atoms(diff, var):
        if sqrt_shape(lhs, rhs, var) is None:
            raise UnsupportedProblem("Square-root equations must have one square root to isolate, e.g. 'sqrt(2x+1) = x - 1'")
        return "square_root"
    if any(p.exp.has(var) for p in diff.atoms(sp.Pow)):
        if exponential_shape(lhs, rhs, var) is None:
            raise UnsupportedProblem("Exponential equations need a common base, e.g. '2^x = 32' or '4^x = 8^(x-1)'")
        return "exponential"
    num, den = sp.fraction(sp.together(diff))
    if den.has(var) or not is_poly_in(num, var):
        raise UnsupportedProblem("Equations with the variable in a denominator are not supported")
    degree = sp.degree(sp.expand(num), var) if sp.expand(num).has(var) else 0
    if degree <= 1:
        return "linear"
    if degree == 2:
        return "quadratic"
    raise UnsupportedProblem("Polynomial equations of degree 3 or more are not supported")


# ----------------------------------------------------------------------------------------------
# Prompt parsers
# ----------------------------------------------------------------------------------------------

_REL_OP = re.compile(r"(<=|>=|=<|=>|!=|==|=|<|>)")
_OP_NORMAL = {"<=": "<=", ">=": ">=", "=<": "<=", "=>": ">=", "==": "=", "=": "=", "<": "<", ">": ">"}


def _title(prefix: str, body: str) -> str:
    t = f"{prefix}{body}".strip()
    return t if len(t) <= 80 else t[:79].rstrip() + "…"


def _split_relation(piece: str) -> Rel:
    parts = _REL_OP.split(piece)
    if len(parts) != 3:
        if len(parts) > 3:
            raise UnsupportedProblem(f"'{piece[:60]}' has more than one relation sign (compound inequalities are not supported)")
        raise UnsupportedProblem(f"'{piece[:60]}' is not an equation or inequality")
    left, op, right = parts
    if op == "!=":
        raise UnsupportedProblem("'≠' relations are not supported")
    lv, ls = parse_math(left)
    rv, rs = parse_math(right)
    return Rel(ls, _OP_NORMAL[op], rs, keep=True), (lv, rv)


_RELATION_PATTERNS = [
    re.compile(
        r"^(?:what|which)\s+values?\s+of\s+(?P<v>[a-z])\s+(?:satisfy|satisfies|solves?|makes?)\s+(?:the\s+(?:equation|inequality)\s+)?"
        r"(?P<m>.+?)(?:\s+true)?$",
        re.I,
    ),
    re.compile(
        r"^(?:if|given(?:\s+that)?)\s+(?P<m>.+?)\s*,?\s*(?:then\s+)?(?:what\s+(?:is|are)|find|determine|solve\s+for|calculate|compute)\s+"
        r"(?:the\s+values?\s+of\s+)?(?P<v>[a-z])$",
        re.I,
    ),
    # "If 2x - 5 < 9, what values of x work?": any question after the condition
    re.compile(
        r"^(?:if|given(?:\s+that)?)\s+(?P<m>[^,]+?)\s*,\s*(?:then\s+)?(?:what|which|find|how|determine)\b"
        r"(?:.*?\bvalues?\s+of\s+(?P<v>[a-z])\b)?.*$",
        re.I,
    ),
    re.compile(
        r"^(?:find|what\s+is|what\s+are|determine|calculate|compute|solve\s+for)\s+(?:the\s+values?\s+of\s+)?"
        r"(?P<v>[a-z])\s*,?\s*(?:if|when|given(?:\s+that)?|such\s+that|where|so\s+that|in)\s+(?P<m>.+)$",
        re.I,
    ),
    re.compile(r"^(?:find|solve\s+for)\s+(?P<v>[a-z])\s*[:,]\s*(?P<m>.+)$", re.I),
    re.compile(
        r"^(?:find|what\s+are|determine)\s+(?:all\s+)?(?:the\s+)?(?:real\s+)?(?:solutions?|roots?|zeros|zeroes|values?\s+of\s+[a-z])"
        r"\s+(?:of|to|for|that\s+satisfy)\s+(?:the\s+)?(?:equation\s+|inequality\s+)?(?P<m>.+)$",
        re.I,
    ),
    re.compile(
        r"^(?:please\s+)?solve\b\s*(?:the\s+)?(?:following\s+)?(?:system\s+of\s+(?:linear\s+)?equations|linear\s+system|"
        r"system|equations?|inequality)?\s*(?:for\s+(?P<v>[a-z])(?:\s*(?:and|,)\s*[a-z])?\s*(?:in\b|if\b|where\b)?)?\s*[:,]?\s*(?P<m>.+)$",
        re.I,
    ),
    re.compile(r"^(?P<m>.+?)\s*[,;.]?\s*(?:solve\s+for|find)\s+(?P<v>[a-z])$", re.I),
    re.compile(r"^(?P<m>.+)$", re.I),
]


def _parse_relations(text: str) -> ParsedProblem | None:
    if not _REL_OP.search(text):
        return None
    m = v = None
    for pat in _RELATION_PATTERNS:
        match = pat.match(text)
        if match:
            m = match.group("m").strip()
            v = match.groupdict().get("v")
            break
    assert m is not None
    m = re.sub(
        r"\s+(?:by|using|with)\s+(?:the\s+)?(?:factoring|quadratic\s+formula|elimination|substitution|completing\s+the\s+square|"
        r"elimination\s+method|substitution\s+method)$",
        "",
        m,
        flags=re.I,
    )
    tail = re.search(r"\s+for\s+([a-z])$", m, re.I)
    if tail:
        v = v or tail.group(1)
        m = m[: tail.start()].strip()
    m = m.strip().rstrip(",;.").strip()
    pieces = [p.strip() for p in re.split(r"\s*(?:;|,(?=\s|[^\d])|\band\b|\n)\s*", m) if p.strip()]
    pieces = [p for p in pieces if _REL_OP.search(p)] if len(pieces) > 1 else pieces
    if len(pieces) > 2:
        raise UnsupportedProblem("Only single equations and systems of two equations are supported")
    parsed = [_split_relation(p) for p in pieces]
    rels = [r for r, _ in parsed]
    values = [val for _, val in parsed]
    symbols = set()
    for lv, rv in values:
        symbols |= lv.free_symbols | rv.free_symbols
    requested = symbol(v) if v and v in _SYMBOLS else None
    if len(rels) == 2:
        if any(r.op != "=" for r in rels):
            raise UnsupportedProblem("Systems must be two equations (no inequalities)")
        if len(symbols) != 2:
            raise UnsupportedProblem("A system of two equations needs exactly two variables")
        variables = tuple(sorted(symbols, key=lambda s: s.name))
        for lv, rv in values:
            d = sp.expand(lv - rv)
            if not d.is_polynomial(*variables) or sp.Poly(d, *variables).total_degree() > 1:
                raise UnsupportedProblem("Only systems of LINEAR equations are supported")
        a = sp.Matrix([[sp.expand(lv - rv).coeff(s) for s in variables] for lv, rv in values])
        if a.rank() == 0:
            raise UnsupportedProblem("The system does not involve its variables")
        latex = r" ,\quad ".join(r.latex() for r in rels)
        return ParsedProblem(
            task="system",
            kind="linear_system",
            text=_title("Solve ", ", ".join(pieces)),
            latex=latex,
            variables=variables,
            relations=tuple(rels),
        )
    if not symbols:
        raise UnsupportedProblem(f"'{m[:60]}' has no variable to solve for")
    if len(symbols) > 1:
        raise UnsupportedProblem(
            f"'{m[:60]}' has several variables ({', '.join(sorted(s.name for s in symbols))}); give a system of two equations"
        )
    var = next(iter(symbols))
    if requested is not None and requested != var:
        raise UnsupportedProblem(f"The equation does not contain {requested}")
    rel = rels[0]
    evaluated = Rel(values[0][0], rel.op, values[0][1])
    kind = classify_relation(evaluated, var)
    return ParsedProblem(
        task="solve" if rel.op == "=" else "inequality",
        kind=kind,
        text=_title("Solve ", pieces[0]),
        latex=rel.latex(),
        variables=(var,),
        relations=(rel,),
    )


_NUM = r"(-?\d+(?:\.\d+)?)"


def _percent_text(text: str) -> str:
    t = text.lower()
    t = re.sub(r"(?<=\d),(?=\d{3}\b)", "", t)
    t = t.replace("$", "")
    t = re.sub(r"(?<=\d)\s*percent(?:age)?\b", "%", t)
    t = re.sub(r"\bpercent(?:age)?\b", "%", t)
    t = re.sub(r"\s*%", "%", t)
    t = re.sub(r"\bthe\s+number\b", "number", t)
    return re.sub(r"\s+", " ", t).strip()


def _parse_percent(text: str) -> ParsedProblem | None:
    if "%" not in text and not re.search(r"\bpercent", text, re.I):
        return None
    t = _percent_text(text)
    R = sp.Rational
    lead = r"^(?:what\s+is\s+|what's\s+|find\s+|calculate\s+|compute\s+|determine\s+|what\s+number\s+is\s+)?(?:the\s+value\s+of\s+)?"
    patterns = [
        ("of", lead + _NUM + r"%\s+of\s+" + _NUM + r"(?:\s*=\s*\?|\s+is\s+what(?:\s+number)?)?$", (1, 2)),
        ("what_percent", r"^" + _NUM + r"\s+is\s+what\s*%\s+of\s+" + _NUM + r"$", (1, 2)),
        ("what_percent", r"^what\s*%\s+of\s+" + _NUM + r"\s+is\s+" + _NUM + r"$", (2, 1)),
        ("what_percent", r"^what\s*%\s+is\s+" + _NUM + r"\s+of\s+" + _NUM + r"$", (1, 2)),
        ("what_percent", r"^(?:express\s+)?" + _NUM + r"\s+(?:is\s+)?as\s+a\s*%\s+of\s+" + _NUM + r"$", (1, 2)),
        ("whole", r"^" + _NUM + r"\s+is\s+" + _NUM + r"%\s+of\s+(?:what|which)(?:\s+number)?$", (2, 1)),
        ("whole", r"^" + _NUM + r"%\s+of\s+(?:what|which|a)(?:\s+number)?\s+is\s+" + _NUM + r"$", (1, 2)),
        ("increase", r"^(?:what\s+is\s+|find\s+)?(?:increase\s+" + _NUM + r"\s+by\s+|" + _NUM + r"\s+increased\s+by\s+)" + _NUM + r"%$", None),
        ("decrease", r"^(?:what\s+is\s+|find\s+)?(?:decrease\s+" + _NUM + r"\s+by\s+|" + _NUM + r"\s+decreased\s+by\s+)" + _NUM + r"%$", None),
        ("change", r"^(?:what\s+is\s+|find\s+|calculate\s+)?(?:the\s*)?%\s+(increase|decrease|change)\s+from\s+" + _NUM + r"\s+to\s+" + _NUM + r"$", None),
    ]
    for mode, pat, order in patterns:
        match = re.match(pat, t)
        if not match:
            continue
        groups = [g for g in match.groups() if g is not None]
        if mode in ("increase", "decrease"):
            query = PercentQuery(mode, R(groups[0]), R(groups[1]))
        elif mode == "change":
            query = PercentQuery(mode, R(groups[1]), R(groups[2]), direction=groups[0])
        else:
            query = PercentQuery(mode, R(groups[order[0] - 1]), R(groups[order[1] - 1]))
        _validate_percent(query)
        title = text[0].upper() + text[1:]
        if re.match(r"^(what|which|how)\b", t) or mode in ("what_percent", "whole"):
            title += "?"
        title = _title("", title)
        latex = r"\text{" + title.replace("\\", "").replace("%", r"\%").replace("$", r"\$").replace("{", "").replace("}", "") + "}"
        return ParsedProblem(task="percent", kind=mode, text=title, latex=latex, percent=query)
    raise UnsupportedProblem(
        f"Could not read the percentage question '{text[:60]}' (try 'What is 15% of 80?', '12 is what percent of 48?', "
        "'30 is 20% of what number?', 'Increase 50 by 10%')"
    )


def _validate_percent(q: PercentQuery) -> None:
    if q.mode in ("what_percent",) and q.b == 0:
        raise UnsupportedProblem("Cannot take a percent of 0")
    if q.mode == "whole" and q.a == 0:
        raise UnsupportedProblem("0% of a number is always 0")
    if q.mode == "change" and q.a == 0:
        raise UnsupportedProblem("A percent change from 0 is undefined")


_EXPR_TASK = re.compile(
    r"^(?:please\s+)?(?P<verb>simplify|expand|multiply\s+out|factori[sz]e|factor|fully\s+factor)\b(?:\s+completely|\s+fully)?"
    r"\s*[:,]?\s*(?:the\s+expression\s+)?(?P<f>.+)$",
    re.I,
)


def _parse_expression_task(text: str) -> ParsedProblem | None:
    match = _EXPR_TASK.match(text)
    if not match:
        return None
    verb = match.group("verb").lower()
    task = "simplify" if verb == "simplify" else "expand" if verb in ("expand", "multiply out") else "factor"
    body = match.group("f").strip()
    if _REL_OP.search(body):
        raise UnsupportedProblem(f"'{task}' needs an expression, not an equation")
    value, shown = parse_math(body)
    variables = tuple(sorted(value.free_symbols, key=lambda s: s.name))
    if task in ("expand", "factor"):
        if not variables or not value.is_polynomial(*variables):
            raise UnsupportedProblem(f"'{task}' works on polynomials such as 'x^2 - 7x + 12'")
    if value.has(sp.Abs):
        raise UnsupportedProblem("Absolute values cannot be simplified step by step")
    return ParsedProblem(
        task=task,
        kind=task,
        text=_title(task.capitalize() + " ", body),
        latex=tex(shown, keep=True),
        variables=variables,
        expr=value,
        shown=shown,
    )


def power_terms(expr, var, allow_negative: bool = True):
    """``expr`` as a list of ``(coef, exponent)`` terms ``coef*var**exponent``; None if not of that form."""
    out = []
    for t in sp.Add.make_args(sp.sympify(expr)):
        c, rest = t.as_independent(var, as_Add=False)
        if not c.is_Rational:
            return None
        if rest == 1:
            out.append((c, sp.S.Zero))
        elif rest == var:
            out.append((c, sp.S.One))
        elif isinstance(rest, sp.Pow) and rest.base == var and rest.exp.is_Rational:
            if not allow_negative and rest.exp < 0:
                return None
            out.append((c, rest.exp))
        else:
            return None
    return out


def _expression_body(body: str) -> str:
    body = body.strip()
    body = re.sub(r"^(?:the\s+)?(?:function\s+)?", "", body, flags=re.I)
    body = re.sub(r"^(?:[a-z]\s*\(\s*[a-z]\s*\)|y)\s*=\s*", "", body, flags=re.I)
    return body.strip()


_DERIVATIVE_PATTERNS = [
    re.compile(
        r"^(?:find\s+|what\s+is\s+|what's\s+|compute\s+|calculate\s+|determine\s+)?(?:the\s+)?(?:first\s+)?derivative\s+of\s+"
        r"(?P<f>.+?)(?:\s*,?\s*with\s+respect\s+to\s+(?P<v>[a-z]))?$",
        re.I,
    ),
    re.compile(r"^(?:please\s+)?differentiate\s+(?P<f>.+?)(?:\s*,?\s*with\s+respect\s+to\s+(?P<v>[a-z]))?$", re.I),
    re.compile(r"^(?:find\s+|what\s+is\s+|compute\s+|calculate\s+|evaluate\s+)?d\s*/\s*d(?P<v>[a-z])\s*(?:of\s+)?(?P<f>.+)$", re.I),
]


def _derivative_target(text: str):
    """Return ``(body, var_name)`` for derivative prompts, or None."""
    low = text.lower()
    if "'" in text:
        m = re.search(r"\b(?P<fn>[a-z])\s*'\s*\(\s*(?P<v>[a-z])\s*\)", text, re.I)
        if m:
            fn, v = m.group("fn"), m.group("v")
            d = re.search(
                rf"\b{fn}\s*\(\s*{v}\s*\)\s*=\s*(?P<f>[^,;]+?)\s*(?:[,;]|\s+(?:find|what|then|and|determine|compute)\b|$)",
                text,
                re.I,
            )
            if not d:
                raise UnsupportedProblem(f"Could not find the definition of {fn}({v})")
            return d.group("f"), v
    m = re.search(r"\bd(?P<y>[a-z])\s*/\s*d(?P<v>[a-z])\b", text, re.I)
    if m:
        y, v = m.group("y"), m.group("v")
        d = re.search(
            rf"(?:^|\bif\s+|\bwhen\s+|\bgiven\s+)\b{y}\s*=\s*(?P<f>[^,;]+?)\s*(?:[,;]|\s+(?:find|what|then|and|determine|compute)\b|$)",
            text,
            re.I,
        )
        if d:
            return d.group("f"), v
    if not re.search(r"\bderivative\b|\bdifferentiate\b|\bd\s*/\s*d[a-z]\b", low):
        return None
    for pat in _DERIVATIVE_PATTERNS:
        match = pat.match(text)
        if match:
            return match.group("f"), match.group("v")
    raise UnsupportedProblem(f"Could not read the derivative question '{text[:60]}' (try 'derivative of 3x^4 - 2x^2')")


def _parse_derivative(text: str) -> ParsedProblem | None:
    target = _derivative_target(text)
    if target is None:
        return None
    body, v = target
    body = _expression_body(body)
    if _REL_OP.search(body):
        raise UnsupportedProblem(f"Could not read the function to differentiate in '{body[:60]}'")
    value, shown = parse_math(body)
    free = value.free_symbols
    if v:
        var = symbol(v)
    elif len(free) == 1:
        var = next(iter(free))
    elif not free:
        var = symbol("x")
    else:
        raise UnsupportedProblem("Say which variable to differentiate with respect to")
    if free - {var}:
        raise UnsupportedProblem("Only functions of one variable can be differentiated")
    if power_terms(sp.expand(value), var) is None:
        raise UnsupportedProblem("Only polynomials and powers of the variable can be differentiated step by step")
    shown_tex = tex(shown, keep=True)
    return ParsedProblem(
        task="derivative",
        kind="power_rule",
        text=_title(f"Find d/d{var.name} of ", body),
        latex=rf"\frac{{d}}{{d{var.name}}}\left({shown_tex}\right)",
        variables=(var,),
        expr=value,
        shown=shown,
    )


_INT_LEAD = (
    r"^(?:(?:find|evaluate|compute|calculate|what\s+is|determine|solve)\s+)?(?:the\s+)?(?:value\s+of\s+(?:the\s+)?)?"
    r"(?:definite\s+)?"
)
_BOUND = r"(-?\d+(?:\.\d+)?(?:/\d+)?)"
_INTEGRAL_PATTERNS = [
    re.compile(
        _INT_LEAD + r"∫\s*_\s*(?:\{\s*(?P<a>[^{}]+?)\s*\}|" + _BOUND.replace("(", "(?P<a2>", 1) + r")\s*\^\s*(?:\{\s*(?P<b>[^{}]+?)\s*\}|"
        + _BOUND.replace("(", "(?P<b2>", 1) + r")\s*(?P<f>.+?)\s*(?<![a-z])d(?P<v>[a-z])$",
        re.I,
    ),
    re.compile(
        _INT_LEAD + r"(?:integral|integrate|∫)\s+from\s+(?P<a>\S+)\s+to\s+(?P<b>\S+)\s+of\s+(?P<f>.+?)(?:\s*(?<![a-z])d(?P<v>[a-z]))?$",
        re.I,
    ),
    re.compile(
        _INT_LEAD + r"(?:integral\s+of|integrate|∫)\s*(?P<f>.+?)\s*(?:(?<![a-z])d(?P<v>[a-z]))?\s*,?\s+from\s+(?P<a>\S+)\s+to\s+(?P<b>\S+)$",
        re.I,
    ),
]


def _parse_integral(text: str) -> ParsedProblem | None:
    if "∫" not in text and not re.search(r"\bintegra(?:l|te|tion)\b|\bantiderivative\b", text, re.I):
        return None
    for pat in _INTEGRAL_PATTERNS:
        match = pat.match(text)
        if not match:
            continue
        g = match.groupdict()
        a_txt = g.get("a") or g.get("a2")
        b_txt = g.get("b") or g.get("b2")
        body = g["f"].strip()
        body = re.sub(r"^of\s+", "", body, flags=re.I)
        lower, _ = parse_math(a_txt)
        upper, _ = parse_math(b_txt)
        if lower.free_symbols or upper.free_symbols:
            raise UnsupportedProblem("Integral bounds must be numbers")
        value, shown = parse_math(body)
        free = value.free_symbols
        var = symbol(g["v"]) if g.get("v") else (next(iter(free)) if len(free) == 1 else symbol("x"))
        if free - {var}:
            raise UnsupportedProblem("Only integrals of one variable are supported")
        if power_terms(sp.expand(value), var, allow_negative=False) is None or any(
            not e.is_integer for _, e in power_terms(sp.expand(value), var, allow_negative=False)
        ):
            raise UnsupportedProblem("Only definite integrals of polynomials are supported step by step")
        shown_tex = tex(shown, keep=True)
        if isinstance(shown, sp.Add):
            shown_tex = rf"\left({shown_tex}\right)"
        return ParsedProblem(
            task="integral",
            kind="power_rule",
            text=_title("Evaluate the integral of ", f"{body} from {a_txt} to {b_txt}"),
            latex=rf"\int_{{{tex(lower)}}}^{{{tex(upper)}}} {shown_tex} \, d{var.name}",
            variables=(var,),
            expr=value,
            shown=shown,
            lower=lower,
            upper=upper,
        )
    raise UnsupportedProblem(
        f"Could not read the integral '{text[:60]}': give a polynomial and bounds, e.g. 'integrate x^2 from 0 to 3'"
    )


def parse_problem(prompt: str) -> ParsedProblem:
    """Parse a prompt; raises :class:`UnsupportedProblem` with a helpful message."""
    _guard(prompt)
    text = _normalize(prompt)
    if not text:
        raise UnsupportedProblem("The prompt is empty")
    text = strip_request(text)
    _reject_explainer(text)
    for parser in (_parse_integral, _parse_derivative, _parse_expression_task, _parse_percent, _parse_relations):
        result = parser(text)
        if result is not None:
            return result
    raise UnsupportedProblem(f"Could not find an equation, inequality or known instruction in '{text[:60]}'")


def looks_like_math(prompt: str) -> bool:
    """True if the prompt parses as a supported problem (never raises)."""
    try:
        parse_problem(prompt)
        return True
    except Exception:
        return False


__all__ = [
    "ACCEPTED_FORMS",
    "MAX_PROMPT_CHARS",
    "ParsedProblem",
    "PercentQuery",
    "UnsupportedProblem",
    "looks_like_math",
    "parse_math",
    "parse_problem",
]
