"""Math written in words: 'x squared', 'the square root of 49', 'log base 3 of 81', 'twelve', 'half of 18'.

Each rewrite turns a phrase into the plain-text math the parser reads. A phrase is only rewritten
where its operands are numbers or single-letter variables, so ordinary English is left alone.
"""

from __future__ import annotations

import re

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
NUMBER_WORDS = {word: value for value, word in enumerate(_UNITS)}
NUMBER_WORDS.update({word: 10 * i for i, word in enumerate(_TENS) if word})
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6}
_NUMBER_WORD = "|".join(sorted([*NUMBER_WORDS, *_SCALES], key=len, reverse=True))
_NUMBER_PHRASE = re.compile(rf"\b(?:{_NUMBER_WORD})(?:(?:\s+|-|\s+and\s+)(?:{_NUMBER_WORD}))*\b", re.I)

# Operand: a number, a single letter, or a bracketed group, with an optional sign.
_OPERAND = r"(-?\d+(?:\.\d+)?|\b[a-zA-Z]\b|\([^()]*\))"
_NUM = r"(-?\d+(?:\.\d+)?)"


def _number_value(phrase: str) -> int | None:
    total, current = 0, 0
    for word in re.split(r"[\s-]+", phrase.lower()):
        if word == "and":
            continue
        if word in NUMBER_WORDS:
            current += NUMBER_WORDS[word]
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0
        else:
            return None
    return total + current


def number_words_to_digits(text: str) -> str:
    """'twelve' -> 12, 'one hundred and five' -> 105; 'one' before a noun ('one number') is kept as a word."""

    def swap(match: re.Match) -> str:
        phrase = match.group(0)
        after = text[match.end():match.end() + 12].lower()
        if phrase.lower() == "one" and re.match(r"\s+(?:of|side|another|more|solution|root|number|value)\b", after):
            return phrase
        value = _number_value(phrase)
        return phrase if value is None else str(value)

    return _NUMBER_PHRASE.sub(swap, text)


_FRACTION_WORDS = {"half": "1/2", "third": "1/3", "quarter": "1/4", "fourth": "1/4", "fifth": "1/5", "tenth": "1/10"}

_REWRITES: list[tuple[str, str]] = [
    (r"(?<![A-Za-z\\])log_\{?(\d+)\}?\s*\(([^()]*)\)", r"log(\2, \1)"),  # log_2(x + 1): log base 2
    (r"(?<![A-Za-z\\])log_\{?(\d+)\}?\s*(\d+|\b[a-zA-Z]\b)", r"log(\2, \1)"),  # log_2 8, log_3 x
    (r"\b(?:the\s+)?(?:positive\s+)?square\s+root\s+of\s+" + _OPERAND, r"sqrt(\1)"),
    (r"\b(?:the\s+)?cube\s+root\s+of\s+" + _OPERAND, r"cbrt(\1)"),
    (r"\b(?:the\s+)?log(?:arithm)?\s+(?:base|to\s+the\s+base)\s+" + _NUM + r"\s+of\s+" + _OPERAND, r"log(\2, \1)"),
    (r"\b(?:the\s+)?log(?:arithm)?\s+of\s+" + _OPERAND + r"\s+(?:to\s+the\s+)?base\s+" + _NUM, r"log(\1, \2)"),
    (r"\b(?:the\s+)?natural\s+log(?:arithm)?\s+of\s+" + _OPERAND, r"ln(\1)"),
    (r"\b(?:the\s+)?absolute\s+value\s+of\s+" + _OPERAND, r"|\1|"),
    (_OPERAND + r"\s+squared\b", r"\1^2"),
    (_OPERAND + r"\s+cubed\b", r"\1^3"),
    (_OPERAND + r"\s+(?:raised\s+)?to\s+the\s+power\s+of\s+" + _OPERAND, r"\1^\2"),
    (_OPERAND + r"\s+to\s+the\s+(\d+)(?:st|nd|rd|th)(?:\s+power)?\b", r"\1^\2"),
    (r"\b(half|third|quarter|fourth|fifth|tenth)\s+of\s+" + _OPERAND, None),
    (_OPERAND + r"\s+(?:plus|added\s+to)\s+" + _OPERAND, r"\1 + \2"),
    (_OPERAND + r"\s+minus\s+" + _OPERAND, r"\1 - \2"),
    (_OPERAND + r"\s+(?:times|multiplied\s+by)\s+" + _OPERAND, r"\1 * \2"),
    (_OPERAND + r"\s+(?:divided\s+by|over)\s+" + _OPERAND, r"\1 / \2"),
    (r"(?<=[\w)\]|])\s+(?:equals|is\s+equal\s+to)\s+(?=[-\w(|√])", " = "),
]
_COMPILED = [(re.compile(pattern, re.I), repl) for pattern, repl in _REWRITES]


def _fraction_of(match: re.Match) -> str:
    return f"{_FRACTION_WORDS[match.group(1).lower()]} * {match.group(2)}"


def words_to_math(text: str) -> str:
    """Rewrite the math phrases of a sentence; repeated until nothing changes (so 'two plus three times four' chains)."""
    text = number_words_to_digits(text)
    for _ in range(6):
        before = text
        for pattern, repl in _COMPILED:
            text = pattern.sub(repl if repl is not None else _fraction_of, text)
        if text == before:
            break
    return text
