"""Turn math as people type it into one spelling: Unicode to ASCII, LaTeX shorthand to braces, words to symbols.

Nothing here parses: it rewrites text so that the two parsers (latex2sympy2_extended for LaTeX,
SymPy's own parser for plain text) see the spellings they accept.
"""

from __future__ import annotations

import re

from scenesmith.mathreader.words import words_to_math

CHAR_MAP = {
    "\u2212": "-", "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-", "\ufe63": "-", "\uff0d": "-",
    "\u00d7": "*", "\u22c5": "*", "\u00b7": "*", "\u2217": "*", "\u2715": "*", "\u2716": "*",
    "\u00f7": "/", "\u2215": "/", "\u2044": "/",
    "\u2264": "<=", "\u2a7d": "<=", "\u2265": ">=", "\u2a7e": ">=", "\u2260": "!=",
    "\uff1d": "=", "\uff05": "%", "\uff0b": "+", "\u00b1": "+-",
    "\u2019": "'", "\u2032": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ", "\u200b": "",
    "\u2223": "|", "\uff5c": "|", "\u03c0": " pi ", "\u221e": " oo ", "\u00b0": " degrees",
    "\u2081": "_1", "\u2082": "_2", "\u2083": "_3",
}
SUPERSCRIPTS = {
    "\u2070": "0", "\u00b9": "1", "\u00b2": "2", "\u00b3": "3", "\u2074": "4", "\u2075": "5",
    "\u2076": "6", "\u2077": "7", "\u2078": "8", "\u2079": "9", "\u207b": "-", "\u207a": "+",
    "\u02e3": "x", "\u207f": "n",  # 2ˣ, xⁿ
}
_SUPER_RUN = re.compile("[" + "".join(SUPERSCRIPTS) + "]+")
_VULGAR = {"\u00bd": "(1/2)", "\u2153": "(1/3)", "\u2154": "(2/3)", "\u00bc": "(1/4)", "\u00be": "(3/4)"}


def fullwidth_to_ascii(text: str) -> str:
    """Fullwidth forms (２ｘ＋３＝７, typed with an East Asian keyboard) are the ASCII characters they show."""
    return "".join(chr(ord(ch) - 0xFEE0) if "\uff01" <= ch <= "\uff5e" else (" " if ch == "\u3000" else ch) for ch in text)


def unicode_to_ascii(text: str) -> str:
    """², √, ×, ÷, −, π, ≤, ≥, ≠ and friends as the ASCII that the plain parser reads."""
    for char, plain in _VULGAR.items():
        text = re.sub(rf"(?<![\d.])(\d+)\s*{char}", rf"(\1+{plain})", text).replace(char, plain)  # 2½x is (2 + 1/2)x
    text = "".join(CHAR_MAP.get(ch, ch) for ch in text)

    def sup(match: re.Match) -> str:
        digits = "".join(SUPERSCRIPTS[c] for c in match.group(0))
        return "^" + digits if len(digits) == 1 else f"^({digits})"

    text = _SUPER_RUN.sub(sup, text)
    text = re.sub(r"∛\s*(\d+(?:\.\d+)?|[A-Za-z])(?![A-Za-z0-9(])", r"cbrt(\1)", text)
    text = re.sub(r"∛\s*", "cbrt", text)
    text = re.sub(r"√\s*(\d+(?:\.\d+)?|[A-Za-z])(?![A-Za-z0-9(])", r"sqrt(\1)", text)
    return text.replace("√", "sqrt")


# ---------------------------------------------------------------------------------------------
# LaTeX shorthand that latex2sympy2_extended rejects, rewritten to the braced form it accepts
# ---------------------------------------------------------------------------------------------

_ONE_TOKEN = r"(\d|[A-Za-z]|\\[A-Za-z]+|\{[^{}]*\})"


def _braced(token: str) -> str:
    return token if token.startswith("{") else "{" + token + "}"


def latex_shorthand(latex: str) -> str:
    """\\frac12 -> \\frac{1}{2}, \\sqrt2 -> \\sqrt{2}, 81^\\frac12 -> 81^{\\frac{1}{2}}, \\log_381 -> \\log_{3}{81}, ..."""
    s = latex
    s = re.sub(r"\\[dt]frac(?![A-Za-z])", r"\\frac", s)
    s = re.sub(r"\\(?:displaystyle|limits|nolimits|quad|qquad)(?![A-Za-z])|\\[,;:! ]", " ", s)
    s = s.replace(r"\left", "").replace(r"\right", "")
    s = re.sub(r"\\(?:mathrm|operatorname)\{\s*(sin|cos|tan|sec|csc|cot|ln|log|exp)\s*\}", r"\\\1 ", s)  # \operatorname{ln} is \ln
    s = re.sub(r"\\(?:mathrm|mathit|operatorname)\{([^{}]*)\}", r"\1", s)
    s = re.sub(r"\\text\{\s*(or|and)\s*\}", r", ", s)
    for _ in range(3):  # nested shorthand: \frac1{\frac12}
        s = re.sub(r"\\frac\s*" + _ONE_TOKEN + r"\s*" + _ONE_TOKEN, lambda m: r"\frac" + _braced(m.group(1)) + _braced(m.group(2)), s)
    s = re.sub(r"\\sqrt\s*(\[[^\]]*\])?\s*(\d+(?:\.\d+)?|[A-Za-z](?![A-Za-z]))", lambda m: r"\sqrt" + (m.group(1) or "") + "{" + m.group(2) + "}", s)
    s = re.sub(r"\^\s*(\\frac\{[^{}]*\}\{[^{}]*\}|\\sqrt\{[^{}]*\})", r"^{\1}", s)
    s = re.sub(r"\\log_(\d)(\d+)(?![\d.])", r"\\log_{\1}{\2}", s)
    s = re.sub(r"\\log_\{([^{}]*)\}\s*\\?\(?([0-9]+(?:\.[0-9]+)?)\)?", r"\\log_{\1}{\2}", s)
    s = re.sub(r"\^\s*\{?\\circ\}?", " ", s)
    s = s.replace(r"\%", "%").replace(r"\times", r" \times ").replace(r"\div", r" \div ")
    return s


def latex_to_plain_words(text: str) -> str:
    """\\text{...} becomes its words, so the reader sees 'Solve for x' rather than a LaTeX command."""
    return re.sub(r"\\(?:text|textbf|textit|mbox)\{([^{}]*)\}", r" \1 ", text)


_MIXED_NUMBER = re.compile(r"(?<![\w.^/)*])(\d+) +(\d+)/(\d+)(?![\w.(^/])")


def mixed_numbers(text: str) -> str:
    """'2 1/2' (a whole number, a space, a simple fraction) is the mixed number 5/2, not 2 times 1/2."""

    def improper(m: re.Match) -> str:
        whole, num, den = m.group(1), m.group(2), m.group(3)
        if len(whole) + len(num) + len(den) > 60 or int(den) == 0:
            return m.group(0)
        return f"({int(whole) * int(den) + int(num)}/{int(den)})"

    return _MIXED_NUMBER.sub(improper, text)


def plain_text(text: str) -> str:
    """Everything outside LaTeX delimiters: Unicode to ASCII, words such as 'x squared' to symbols, spaces collapsed."""
    text = unicode_to_ascii(text)
    text = words_to_math(text)
    text = mixed_numbers(text)
    return re.sub(r"\s+", " ", text).strip()
