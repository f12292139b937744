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
# An operand of plus/minus/times may also be a term such as 5x or x^2 ('x squared minus 5x plus 6').
_TERM = r"(-?\d+(?:\.\d+)?(?:[a-zA-Z](?![a-zA-Z(]))?(?:\^\d+)?|\b[a-zA-Z]\b(?:\^\d+)?|\([^()]*\))"
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
_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
                 "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "eighth": 8, "eighths": 8, "tenth": 10, "tenths": 10}
_COUNTED_FRACTION = re.compile(r"\b(\d+)(?:\s+and\s+(?:a|one)\s+(half|third|quarter)|\s+(" + "|".join(_DENOMINATORS) + r"))\b", re.I)


def fraction_words(text: str) -> str:
    """'one half' -> (1/2), 'two thirds' -> (2/3), 'two and a half' -> (2 + 1/2): after number words became digits.

    Bracketed, so '1 half' never meets the mixed-number reading ('1 1/2') or loses its word ('9^1 half')."""

    def swap(m: re.Match) -> str:
        n = m.group(1)
        if m.group(2):
            return f"({n} + 1/{_DENOMINATORS[m.group(2).lower()]})"
        return f"({n}/{_DENOMINATORS[m.group(3).lower()]})"

    return _COUNTED_FRACTION.sub(swap, text)


_REWRITES: list[tuple[str, str]] = [
    (r"(?<![A-Za-z\\])log_\{?(\d+)\}?\s*\(([^()]*)\)", r"log(\2, \1)"),  # log_2(x + 1): log base 2
    (r"(?<![A-Za-z\\])log_\{?(\d+)\}?\s*((?:\d+(?:\.\d+)?(?![\d.])|\.\d+|\b[a-zA-Z]\b)(?:\s*\^\s*\d+)?)", r"log(\2, \1)"),  # log_2 8, log_2 1.5, log_2 8^2 = log_2(8^2)
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
    (r"(?<![\w^/.])(\(\d+/\d+\)|\d+/\d+)\s+of\s+" + _OPERAND, r"(\1) * \2"),  # 3/4 of 20, (2/3) of 9
    (_TERM + r"\s+(?:plus|added\s+to)\s+" + _TERM, r"\1 + \2"),
    (_TERM + r"\s+minus\s+" + _TERM, r"\1 - \2"),
    (_TERM + r"\s+(?:times|multiplied\s+by)\s+" + _TERM, r"\1 * \2"),
    (_OPERAND + r"\s+(?:divided\s+by|over)\s+" + _OPERAND, r"\1 / \2"),
    (r"(?<=[\w)\]|])\s+(?:equals|is\s+equal\s+to)\s+(?=[-\w(|√])", " = "),
]
_COMPILED = [(re.compile(pattern, re.I), repl) for pattern, repl in _REWRITES]


def _fraction_of(match: re.Match) -> str:
    return f"({_FRACTION_WORDS[match.group(1).lower()]}) * {match.group(2)}"


def words_to_math(text: str) -> str:
    """Rewrite the math phrases of a sentence; repeated until nothing changes (so 'two plus three times four' chains)."""
    text = fraction_words(number_words_to_digits(text))
    for _ in range(6):
        before = text
        for pattern, repl in _COMPILED:
            text = pattern.sub(repl if repl is not None else _fraction_of, text)
        if text == before:
            break
    return text
