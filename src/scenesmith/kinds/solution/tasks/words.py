"""Task: the simple word forms that map straight onto arithmetic or one linear equation (no language model).

Read forms (the whole sentence must be one of them):
- percentages: 'What is 15% of 80?', '12 is what percent of 48?', 'What percent of 48 is 12?',
  '30 is 20% of what number?', 'Increase 50 by 10%', 'Decrease 80 by 25%',
  'What is the percent increase (decrease) from 40 to 50?';
- 'a number' sentences: 'A number increased by 5 is 12', 'Twice a number minus 3 is 7',
  'Three times a number plus 4 equals 19', 'Half of a number is 9', 'The sum of a number and 6 is 15',
  'A number divided by 4 is 3', '5 more than a number is 12', 'The product of a number and 4 is 20'.
  These become an equation in n, solved with the linear rules.

Answer text: the bare number. A percent value is the number of percent without the sign (`25`);
every percent answer is a decimal (exact when it terminates, else 2 places: `33.33`) unless the
question asks for a fraction. A 'number' sentence answers with the number itself (`7`, not `n = 7`).
Every other word problem (trains, ages, mixtures, prices ...) is refused, naming these forms.
"""

from __future__ import annotations

import re

import sympy as sp

from scenesmith.mathreader import Reading, Relation, symbol
from scenesmith.mathreader.normalize import latex_to_plain_words, unicode_to_ascii
from scenesmith.mathreader.words import number_words_to_digits
from scenesmith.kinds.solution.problem import Answer, AnswerForm, Problem, Unsupported
from scenesmith.kinds.solution.question import read_form
from scenesmith.kinds.solution.answers import format_number
from scenesmith.kinds.solution.rules.functions import built_add as _add, built_mul as _mul, built_inverse as _inv, expression_goal
from scenesmith.kinds.solution.steps.checks import meaning
from scenesmith.kinds.solution.steps.sides import solved_goal
from scenesmith.kinds.solution.steps.state import Expression, Move, Relations
from scenesmith.kinds.solution.tasks.common import require_words

FORMS = ("I can read these word forms: 'What is 15% of 80?', '12 is what percent of 48?', '30 is 20% of what number?', "
         "'Increase 50 by 10%', 'Decrease 80 by 25%', 'the percent increase from 40 to 50', "
         "'a number increased by 5 is 12', 'twice a number minus 3 is 7', 'half of a number is 9', "
         "'the sum of a number and 6 is 15', 'a number divided by 4 is 3'")
NUM = r"(-?\d+(?:\.\d+)?)"
PCT = NUM + r"\s*(?:%|percent\b)"
_END = r"\s*[?.!]?\s*$"
_ASK = r"(?:what\s+is\s+|what's\s+|find\s+|calculate\s+|compute\s+|work\s+out\s+|determine\s+)?"
N = symbol("n")

_STORY = re.compile(
    r"\b(trains?|cars?|bus|km|kms|kilometers?|kilometres?|miles?|mph|hours?|minutes?|seconds|ages?|years?\s+old|older|younger|"
    r"mixtures?|litres?|liters?|gallons?|dollars?|cents?|price|prices|costs?|buys?|bought|sells?|sold|earns?|paid|pays?|"
    r"apples?|oranges?|students?|people|tickets?|speed|travels?|traveled|travelled|walks?|distance|interest|invests?|invested|"
    r"workers?|pipes?|tank|boat|plane|discount|tax|tip|salary|profit|loss|consecutive|digits?\s+of|how\s+far|how\s+long|how\s+much|how\s+old|"
    r"how\s+many\s+(?!integers?|solutions?|roots?|real|values?|terms?|distinct))\b|\$\s*\d")


def _text(reading: Reading) -> str:
    t = reading.original
    t = re.sub(r"\$\$?([^$]*)\$\$?", r" \1 ", t)
    t = re.sub(r"\\\(|\\\)|\\\[|\\\]", " ", t)
    t = latex_to_plain_words(t).replace(r"\%", "%").replace(r"\div", "/").replace(r"\times", "*")
    t = unicode_to_ascii(t)
    t = number_words_to_digits(t)
    t = re.sub(r"(?<=\d),(?=\d{3}\b)", "", t)
    return re.sub(r"\s+", " ", t).strip().lower()


def _num(s: str):
    return sp.nsimplify(s, rational=True)


def read(reading: Reading) -> Problem | None:
    t = _text(reading)
    if re.search(r"\bas\s+an?\s+(?:percent(?:age)?|fraction|decimal)\b|\bin\s+percent\b", t):
        return None  # converting a number to a percent is arithmetic
    problem = _percent(t, reading) or _number_sentence(t, reading)
    if problem is not None:
        require_words(reading, "words", "arithmetic")
        return problem
    if _looks_like_word_problem(t, reading):
        raise Unsupported("This word problem is not one of the simple forms I read", FORMS)
    return None


def _looks_like_word_problem(t: str, reading: Reading) -> bool:
    if reading.functions or reading.relations():
        return False
    if re.search(r"%|\bpercent", t) and re.search(r"\bof\b|\bincrease|\bdecrease|\bchange\b", t):
        return True
    if re.search(r"\b(?:a|the|some|an\s+unknown|a\s+certain)\s+number\b(?!\s+(?:of|line))", t) and not re.search(r"\breal\s+numbers?\b|\bnumber\s+of\b", t):
        return True
    return bool(_STORY.search(t))


# ---------------------------------------------------------------------------------------------
# Percentages
# ---------------------------------------------------------------------------------------------


def _percent(t: str, reading: Reading) -> Problem | None:
    asked = read_form(reading.skeleton)
    form = AnswerForm(number=asked.number if asked.number in ("fraction", "mixed") else "decimal", places=asked.places)
    m = re.fullmatch(_ASK + PCT + r"\s+of\s+" + NUM + _END, t)
    if m:
        p, n = _num(m.group(1)), _num(m.group(2))
        expr = _mul(_mul(p, n), _inv(100))
        return _value_problem(expr, f"{m.group(1)}% of {m.group(2)} =", f"{m.group(1)}% means {m.group(1)}/100: multiply {m.group(2)} by {m.group(1)} and divide by 100",
                              f"What is {m.group(1)}% of {m.group(2)}?", form)
    m = re.fullmatch(NUM + r"\s+is\s+what\s+(?:%|percent(?:age)?)\s+of\s+" + NUM + _END, t) or \
        re.fullmatch(r"what\s+(?:%|percent(?:age)?)\s+of\s+" + NUM + r"\s+is\s+" + NUM + _END, t) or \
        re.fullmatch(r"what\s+(?:%|percent(?:age)?)\s+is\s+" + NUM + r"\s+of\s+" + NUM + _END, t)
    if m:
        if re.match(r"what\s+\S+\s+is", t):
            part, whole = m.group(1), m.group(2)
        elif t.startswith("what"):
            whole, part = m.group(1), m.group(2)
        else:
            part, whole = m.group(1), m.group(2)
        if _num(whole) == 0:
            raise Unsupported("A percent of 0 is not defined")
        expr = _mul(_mul(_num(part), _inv(_num(whole))), 100)
        return _value_problem(expr, "percent =", f"The percent is the part divided by the whole, times 100: {part}/{whole} x 100",
                              f"{part} is what percent of {whole}?", form)
    m = re.fullmatch(NUM + r"\s+is\s+" + PCT + r"\s+of\s+what(?:\s+number)?" + _END, t) or \
        re.fullmatch(r"" + PCT + r"\s+of\s+(?:what(?:\s+number)?|a\s+number|the\s+number)\s+is\s+" + NUM + r"(?:[,.;]?\s*(?:what|find)\s+is\s+the\s+number|[,.;]?\s*find\s+the\s+number|[,.;]?\s*what\s+is\s+the\s+number)?" + _END, t)
    if m:
        if re.match(NUM + r"\s+is", t):
            part, p = m.group(1), m.group(2)
        else:
            p, part = m.group(1), m.group(2)
        if _num(p) == 0:
            raise Unsupported("0% of every number is 0, so the number cannot be found")
        expr = _mul(_mul(_num(part), 100), _inv(_num(p)))
        return _value_problem(expr, "number =", f"{p}% of the number is {part}, so the number is {part} / ({p}/100) = {part} x 100 / {p}",
                              f"{part} is {p}% of what number?", form)
    m = re.fullmatch(_ASK + r"(increase|decrease)\s+" + NUM + r"\s+by\s+" + PCT + _END, t) or \
        re.fullmatch(_ASK + NUM + r"\s+(increased|decreased)\s+by\s+" + PCT + _END, t)
    if m:
        if m.group(1) in ("increase", "decrease"):
            way, n, p = m.group(1), m.group(2), m.group(3)
        else:
            n, way, p = m.group(1), m.group(2).rstrip("d"), m.group(3)
        pn, nn = _num(p), _num(n)
        if way == "increase":
            expr = _mul(_mul(nn, _add(100, pn)), _inv(100))
            caption = f"Increasing by {p}% gives 100% + {p}% of {n}: multiply {n} by 100 + {p} and divide by 100"
        else:
            if pn > 100:
                raise Unsupported(f"A decrease of {p}% would go below zero")
            expr = _mul(_mul(nn, _add(100, -pn)), _inv(100))
            caption = f"Decreasing by {p}% leaves 100% - {p}% of {n}: multiply {n} by 100 - {p} and divide by 100"
        return _value_problem(expr, f"{way}d value =", caption, f"{way.capitalize()} {n} by {p}%", form)
    m = re.fullmatch(_ASK + r"(?:the\s+)?(?:percent(?:age)?|%)\s+(increase|decrease|change)\s+from\s+" + NUM + r"\s+to\s+" + NUM + _END, t)
    if m:
        way, a, b = m.group(1), m.group(2), m.group(3)
        av, bv = _num(a), _num(b)
        if av <= 0:
            raise Unsupported("A percent change needs a positive starting value")
        if way in ("increase", "change") and bv < av:
            raise Unsupported(f"From {a} to {b} is a decrease, not an increase", "Ask for the percent decrease")
        if way == "decrease" and bv > av:
            raise Unsupported(f"From {a} to {b} is an increase, not a decrease", "Ask for the percent increase")
        word = "increase" if bv >= av else "decrease"
        diff = _add(bv, -av) if word == "increase" else _add(av, -bv)
        expr = _mul(_mul(diff, _inv(av)), 100)
        shown = f"({b} - {a})" if word == "increase" else f"({a} - {b})"
        return _value_problem(expr, f"percent {word} =", f"Percent {word} = change / starting value x 100 = {shown}/{a} x 100",
                              f"The percent {word} from {a} to {b}", form)
    return None


def _value_problem(expr, label: str, caption: str, title: str, form: AnswerForm) -> Problem:
    start = Expression(expr, label)
    return Problem(task="words", title=title, instruction="Work it out", start=start, families=("functions",),
                   goal=expression_goal, form=form, intro_steps=[Move(start, caption[:160])])


# ---------------------------------------------------------------------------------------------
# 'A number ...' sentences
# ---------------------------------------------------------------------------------------------

_X = r"(?:a|the|some|an\s+unknown|a\s+certain)\s+number"
_COEF = (r"(?:(twice|double|triple|thrice)\s+|(" + r"-?\d+(?:\.\d+)?" + r")\s+times\s+|((?:(?:a|one|1)\s+)?(?:half|third|quarter|fourth|fifth)|\d+/\d+)\s+of\s+)?")
_TERM = _COEF + _X
_FRACTIONS = {"half": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "1/2": 2, "1/3": 3, "1/4": 4, "1/5": 5}
_REL = r"\s+(?:is|equals|is\s+equal\s+to|gives|results\s+in|makes|=)\s+"
_TAIL = r"(?:[,.;]?\s*(?:what\s+is\s+(?:the|this|that)\s+number|find\s+(?:the|this|that)\s+number|what\s+is\s+it|find\s+it|what\s+number\s+is\s+it))?" + _END


def _term(m: re.Match, offset: int):
    """n times its coefficient from a _TERM match whose groups start at `offset`."""
    word, times, frac = m.group(offset), m.group(offset + 1), m.group(offset + 2)
    if word:
        return _mul({"twice": 2, "double": 2, "triple": 3, "thrice": 3}[word], N)
    if times:
        return _mul(_num(times), N)
    if frac and "/" in frac:
        top, bottom = (int(v) for v in frac.split("/"))
        if bottom == 0:
            raise Unsupported("Dividing by 0 is not defined")
        return _mul(sp.Rational(top, bottom), N) if top != 1 else _mul(N, _inv(bottom))
    if frac:
        key = frac.split()[-1]
        return _mul(N, _inv(_FRACTIONS[key]))
    return N


def _number_sentence(t: str, reading: Reading) -> Problem | None:
    t = re.sub(r"^(?:if|when|suppose)\s+", "", t)
    lhs = None
    patterns = [
        (_TERM + r"\s+(plus|increased\s+by|added\s+to|more\s+by)\s+" + NUM, lambda m: _add(_term(m, 1), _num(m.group(5)))),
        (_TERM + r"\s+(minus|decreased\s+by|reduced\s+by|less)\s+" + NUM, lambda m: _add(_term(m, 1), -_num(m.group(5)))),
        (_TERM + r"\s+(?:times|multiplied\s+by)\s+" + NUM, lambda m: _mul(_num(m.group(4)), _term(m, 1))),
        (_TERM + r"\s+divided\s+by\s+" + NUM, lambda m: _mul(_term(m, 1), _inv(_num(m.group(4))))),
        (NUM + r"\s+more\s+than\s+" + _TERM, lambda m: _add(_term(m, 2), _num(m.group(1)))),
        (NUM + r"\s+(?:less|fewer)\s+than\s+" + _TERM, lambda m: _add(_term(m, 2), -_num(m.group(1)))),
        (NUM + r"\s+added\s+to\s+" + _TERM, lambda m: _add(_term(m, 2), _num(m.group(1)))),
        (NUM + r"\s+subtracted\s+from\s+" + _TERM, lambda m: _add(_term(m, 2), -_num(m.group(1)))),
        (_TERM + r"\s+subtracted\s+from\s+" + NUM, lambda m: _add(_num(m.group(4)), _mul(-1, _term(m, 1)))),
        (r"the\s+sum\s+of\s+" + _TERM + r"\s+and\s+" + NUM, lambda m: _add(_term(m, 1), _num(m.group(4)))),
        (r"the\s+sum\s+of\s+" + NUM + r"\s+and\s+" + _TERM, lambda m: _add(_num(m.group(1)), _term(m, 2))),
        (r"the\s+difference\s+(?:of|between)\s+" + _TERM + r"\s+and\s+" + NUM, lambda m: _add(_term(m, 1), -_num(m.group(4)))),
        (r"the\s+product\s+of\s+" + _TERM + r"\s+and\s+" + NUM, lambda m: _mul(_num(m.group(4)), _term(m, 1))),
        (r"the\s+product\s+of\s+" + NUM + r"\s+and\s+" + _TERM, lambda m: _mul(_num(m.group(1)), _term(m, 2))),
        (r"the\s+quotient\s+of\s+" + _TERM + r"\s+and\s+" + NUM, lambda m: _mul(_term(m, 1), _inv(_num(m.group(4))))),
        (_TERM, lambda m: _term(m, 1)),
    ]
    for pattern, build in patterns:
        m = re.fullmatch(pattern + _REL + NUM + _TAIL, t)
        if m:
            lhs = build(m)
            rhs = _num(m.groups()[-1])
            break
    if lhs is None:
        return None
    if isinstance(lhs, sp.Mul) and _num_zero_divisor(lhs):
        raise Unsupported("Dividing by 0 is not defined")
    relation = Relation(lhs, "=", rhs)
    start = Relations.single(N, relation)
    if sp.expand(lhs.doit()).coeff(N, 1) == 0:
        raise Unsupported("The number drops out of this sentence, so it cannot be found")

    def answer(state, problem) -> Answer:
        s = meaning(state)
        if not isinstance(s, sp.FiniteSet) or len(s) != 1:
            raise Unsupported("The sentence does not give exactly one number")
        v = next(iter(s))
        text, latex = format_number(v, problem.form)
        return Answer(text, latex, value=v)

    sentence = reading.original.strip().rstrip("?.!")
    return Problem(task="words", title=sentence[:120], instruction="Find the number", start=start,
                   families=("linear",), goal=solved_goal, form=read_form(reading.skeleton), answer=answer,
                   intro_steps=[Move(start, "Call the number n and write the sentence as an equation")])


def _num_zero_divisor(e) -> bool:
    return any(isinstance(a, sp.Pow) and a.exp == -1 and a.base == 0 for a in sp.preorder_traversal(e))
