"""Read the answer form a question asks for: 'the largest value of x', 'the sum of the solutions', 'in interval notation', 'as a common fraction', ..."""

from __future__ import annotations

import re

from scenesmith.kinds.solution.problem import AnswerForm

_PLACES_WORDS = {"whole number": 0, "integer": 0, "tenth": 1, "hundredth": 2, "thousandth": 3}
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


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


def read_form(skeleton: str) -> AnswerForm:
    """The form asked for, from the words of the prompt (math spans are <k> placeholders)."""
    t = skeleton.lower()
    pick = combine = notation = number = None
    integers = False
    if re.search(r"\b(largest|greatest|biggest|larger|greater|maximum)\b(?!\s+(?:common|integer\s+that))", t) and not re.search(r"\bgreatest\s+common\b", t):
        pick = "largest"
    elif re.search(r"\b(smallest|least|smaller|lesser|minimum)\b(?!\s+common)", t):
        pick = "smallest"
    elif re.search(r"\bpositive\s+(?:root|solution|value|zero|number|integer|x)\b|\bx\s*>\s*0\b", t):
        pick = "positive"
    elif re.search(r"\bnegative\s+(?:root|solution|value|zero|number|integer|x)\b", t):
        pick = "negative"
    if re.search(r"\bsum\s+of\s+(?:all\s+)?(?:the\s+)?(?:possible\s+)?(?:solutions|roots|values|zeros|zeroes|x)\b", t):
        combine, pick = "sum", None
    elif re.search(r"\bproduct\s+of\s+(?:all\s+)?(?:the\s+)?(?:possible\s+)?(?:solutions|roots|values|zeros|zeroes)\b", t):
        combine, pick = "product", None
    if re.search(r"\bhow\s+many\s+(?:positive\s+|negative\s+)?integers?\b|\bnumber\s+of\s+integers?\b", t):
        integers, pick = True, None
    elif re.search(r"\bhow\s+many\s+(?:real\s+|distinct\s+)*(?:solutions|roots|values)\b", t):
        combine, pick = "count", None
    if re.search(r"\binterval\s+notation\b|\bas\s+an\s+interval\b", t):
        notation = "interval"
    elif re.search(r"\binequality\s+notation\b", t):
        notation = "inequality"
    if re.search(r"\bcommon\s+fraction\b|\bas\s+a\s+fraction\b|\bin\s+fraction\s+form\b|\bimproper\s+fraction\b", t):
        number = "fraction"
    elif re.search(r"\bmixed\s+number\b", t):
        number = "mixed"
    elif re.search(r"\bsimplest\s+radical\s+form\b|\bradical\s+form\b", t):
        number = "radical"
    elif re.search(r"\bscientific\s+notation\b|\bstandard\s+form\b", t):
        number = "scientific"
    elif re.search(r"\bas\s+a\s+percent(?:age)?\b", t):
        number = "percent"
    elif re.search(r"\bdecimal\b|\bnearest\s+(?:whole\s+number|integer|tenth|hundredth|thousandth)\b|\bround(?:ed)?\b|\bapproximate(?:ly)?\b", t):
        number = "decimal"
    places = _places(t) if number == "decimal" else None
    return AnswerForm(pick=pick, combine=combine, integers=integers, notation=notation, number=number, places=places)
