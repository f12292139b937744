"""Read the answer form a question asks for: 'the largest value of x', 'the sum of the solutions', 'in interval notation', 'as a common fraction', ..."""

from __future__ import annotations

import re

from scenesmith.kinds.solution.problem import AnswerForm

_PLACES_WORDS = {"whole number": 0, "integer": 0, "tenth": 1, "hundredth": 2, "thousandth": 3}
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


_IS_SIGN = r"<\d+>\s+(?:is|be|must\s+be)\s+{}\b"  # 'if x is positive', 'where x is negative' (x is a <k> span)
# Words that ask for a pick or a combination of solutions, and the forms that read them.
_FORM_WORDS = {
    "positive": lambda f: f.pick in ("positive", "negative") or f.integers,
    "negative": lambda f: f.pick in ("positive", "negative") or f.integers,
    "sum": lambda f: f.combine in ("sum", "product"),
    "product": lambda f: f.combine in ("sum", "product"),
    "integer": lambda f: f.integers or f.number is not None or f.pick is not None,
    "integers": lambda f: f.integers,
    "distinct": lambda f: f.combine == "count" or f.integers,
    "many": lambda f: f.combine == "count" or f.integers,
    **{w: (lambda f: f.pick in ("largest", "smallest") or f.integers)
       for w in ("largest", "greatest", "biggest", "larger", "greater", "maximum", "smallest", "least", "smaller", "lesser", "minimum")},
}


def unread_form_words(skeleton: str, form: AnswerForm) -> list[str]:
    """Words that ask to pick or combine solutions which the form read from the prompt does not use: 'Solve x^2 = 9
    for x a positive whole number' must not be answered with both roots."""
    words = re.findall(r"[a-z]+", re.sub(r"\bat\s+(?:least|most)\b", " ", skeleton.lower()))
    return [w for w in dict.fromkeys(words) if w in _FORM_WORDS and not _FORM_WORDS[w](form)]


def _places(text: str) -> int | None:
    m = re.search(r"\bnearest\s+(whole\s+number|integer|tenth|hundredth|thousandth)\b", text)
    if m:
        return _PLACES_WORDS[m.group(1)]
    m = re.search(r"\b(\d+|one|two|three|four|five)\s+decimal\s+places?\b", text)
    if m:
        word = m.group(1)
        return int(word) if word.isdigit() else _NUMBER_WORDS[word]
    m = re.search(r"\b(\d+|one|two|three|four|five)\s+significant\s+", text)
    return None if not m else None


_OF_SOLUTIONS = r"\s+of\s+(?:all\s+)?(?:the\s+)?(?:possible\s+)?(?:solutions|roots|values|zeros|zeroes{})\b"
_COMBINES = ((r"\bsum" + _OF_SOLUTIONS.format("|x"), "sum"), (r"\bproduct" + _OF_SOLUTIONS.format(""), "product"))
_NOTATIONS = ((r"\binterval\s+notation\b|\bas\s+an\s+interval\b", "interval"), (r"\binequality\s+notation\b", "inequality"))
_NUMBER_FORMS = (
    (r"\bcommon\s+fraction\b|\bas\s+a\s+fraction\b|\bin\s+fraction\s+form\b|\bimproper\s+fraction\b", "fraction"),
    (r"\bmixed\s+number\b", "mixed"),
    (r"\bsimplest\s+radical\s+form\b|\bradical\s+form\b", "radical"),
    (r"\bscientific\s+notation\b|\bstandard\s+form\b", "scientific"),
    (r"\bas\s+a\s+percent(?:age)?\b", "percent"),
    (r"\bdecimal\b|\bnearest\s+(?:whole\s+number|integer|tenth|hundredth|thousandth)\b|\bround(?:ed)?\b|\bapproximate(?:ly)?\b", "decimal"),
)


def _first(text: str, table) -> str | None:
    """The form of the first pattern in `table` that the text matches (earlier patterns win)."""
    return next((form for pattern, form in table if re.search(pattern, text)), None)


def read_form(skeleton: str) -> AnswerForm:
    """The form asked for, from the words of the prompt (math spans are <k> placeholders)."""
    t = skeleton.lower()
    pick = None
    integers = False
    if re.search(r"\b(largest|greatest|biggest|larger|greater|maximum)\b(?!\s+(?:common|integer\s+that))", t) and not re.search(r"\bgreatest\s+common\b", t):
        pick = "largest"
    elif re.search(r"\b(smallest|least|smaller|lesser|minimum)\b(?!\s+common)", t):
        pick = "smallest"
    elif re.search(r"\bpositive\s+(?:root|solution|value|zero|number|integer|x|<\d+>)|\bx\s*>\s*0\b|" + _IS_SIGN.format("positive"), t):
        pick = "positive"
    elif re.search(r"\bnegative\s+(?:root|solution|value|zero|number|integer|x|<\d+>)|" + _IS_SIGN.format("negative"), t):
        pick = "negative"
    combine = _first(t, _COMBINES)
    if combine:
        pick = None
    if re.search(r"\bhow\s+many\s+(?:positive\s+|negative\s+)?integers?\b|\bnumber\s+of\s+integers?\b", t):
        integers, pick = True, None
    elif re.search(r"\bhow\s+many\s+(?:real\s+|distinct\s+)*(?:solutions|roots|values)\b", t):
        combine, pick = "count", None
    notation = _first(t, _NOTATIONS)
    number = _first(t, _NUMBER_FORMS)
    places = _places(t) if number == "decimal" else None
    return AnswerForm(pick=pick, combine=combine, integers=integers, notation=notation, number=number, places=places)
