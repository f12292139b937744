"""Task: a system of equations. 2 or 3 linear equations in as many unknowns (elimination or substitution),
or one linear and one quadratic equation in two unknowns (substitution).

Takes prompts with 2 or more equations (a comma, semicolon or 'and' list, or a LaTeX `cases` block),
or a single equation in several unknowns when the prompt says it is a system (then refuses it: too
few equations). Answers `x = 4, y = 6` (several solutions joined by ' or '), `no solution`,
`infinitely many solutions`; or the value asked for: 'what is x?' (`x = 2`), 'what is x + y?' (`7`).
"""

from __future__ import annotations

import re

import sympy as sp

from scenesmith.kinds.solution.steps.sides import exact
from scenesmith.mathreader import PromptRejected, Reading, Relation, read as read_math
from scenesmith.kinds.solution.answers import default_answer, format_number
from scenesmith.kinds.solution.problem import Answer, Problem, Unsupported
from scenesmith.kinds.solution.question import read_form
from scenesmith.kinds.solution.rules.systems import ELIMINATION, FAMILY, INFINITE, SUBSTITUTION, system_solved
from scenesmith.kinds.solution.steps.checks import meaning
from scenesmith.kinds.solution.steps.display import plain, tex
from scenesmith.kinds.solution.steps.state import Relations, State
from scenesmith.kinds.solution.tasks.common import asked_variables, has_applied_function, relation_title, require_words, variables_of

MAX_COEFFICIENT = 10**6
_BLOCK = re.compile(r"(?:\$\$|\$|\\\(|\\\[)?\s*\\begin\{(?P<env>cases|aligned|align\*?|array|gathered|split|system)\}(?:\{[^}]*\})?(?P<body>.*?)"
                    r"\\end\{(?P=env)\}\s*(?:\$\$|\$|\\\)|\\\])?", re.S)
_RESTRICTION = re.compile(r"\b(positive|negative|non-?negative|non-?positive|whole|natural|counting|even|odd|prime|rational|irrational|integers?|digits?)\b")
_SYSTEM_WORDS = re.compile(r"\b(system|systems|simultaneous|simultaneously|intersection|intersect|elimination|substitution)\b")


def _unblock(reading: Reading) -> Reading:
    """A LaTeX cases/aligned block (which the reader does not take) rewritten as '$eq1$ and $eq2$' and read again."""
    m = _BLOCK.search(reading.original)
    if not m:
        return reading
    lines = [line.replace("&", " ").strip().rstrip(",.;").strip() for line in re.split(r"\\\\|\\newline|\\cr\b", m.group("body"))]
    lines = [line for line in lines if line]
    if not lines:
        return reading
    rewritten = reading.original[: m.start()] + " " + " and ".join(f"${line}$" for line in lines) + " " + reading.original[m.end():]
    try:
        return read_math(rewritten)
    except PromptRejected:
        return reading


def _exact(r: Relation) -> Relation:
    """Decimals as exact fractions (0.5 -> 1/2), so elimination works with exact numbers."""
    floats = {f: sp.Rational(str(f)) for side in (r.lhs, r.rhs) for f in side.atoms(sp.Float)}
    if not floats:
        return r
    return Relation(r.lhs.xreplace(floats), r.op, r.rhs.xreplace(floats))


def _check_degrees(relations: list[Relation], variables) -> bool:
    """True for one linear + one quadratic; False for all linear; Unsupported otherwise."""
    quadratic = 0
    for r in relations:
        d = sp.expand(r.lhs.doit() - r.rhs.doit())
        if not d.is_polynomial(*variables):
            raise Unsupported(f"{plain(r.lhs)} = {plain(r.rhs)} is not a polynomial equation",
                              "Systems with fractions, roots or other functions of the unknowns are not supported")
        poly = sp.Poly(d, *variables)
        coeffs = poly.coeffs() if not poly.is_zero else []
        if not all(c.is_Rational for c in coeffs):
            raise Unsupported("Systems whose coefficients are not rational numbers are not supported")
        if any(abs(c.p) > MAX_COEFFICIENT or c.q > MAX_COEFFICIENT for c in coeffs):
            raise Unsupported("This system is too big: its numbers are too large to work step by step")
        degree = poly.total_degree() if coeffs else 0
        if degree > 2:
            raise Unsupported(f"{plain(r.lhs)} = {plain(r.rhs)} has degree {degree}",
                              "Only linear systems, or one linear and one quadratic equation, are supported")
        if degree == 2:
            quadratic += 1
    if quadratic == 0:
        return False
    if quadratic > 1 or len(variables) != 2:
        raise Unsupported("Nonlinear systems beyond one linear and one quadratic equation in two unknowns are not supported")
    return True


def read(reading: Reading) -> Problem | None:
    reading = _unblock(reading)
    if reading.too_big:
        raise Unsupported(f"This problem is too big: {reading.too_big}")
    chains = reading.relations()
    unread = reading.unread
    if not chains or any(len(c) != 1 or c[0].op != "=" for c in chains):
        return None
    relations = [_exact(c[0]) for c in chains]
    if has_applied_function(*relations):
        return None
    variables = variables_of(*relations)
    words = re.sub(r"<\d+>", " ", reading.skeleton)
    says_system = bool(_SYSTEM_WORDS.search(words))
    if len(relations) < 2:
        if says_system and len(variables) >= 2:
            raise Unsupported(f"The system has {len(variables)} unknowns ({', '.join(map(str, variables))}) but only 1 equation",
                              "Give as many equations as unknowns")
        return None
    if unread:
        span, why = unread[0]
        raise Unsupported(f"I could not read {span!r} as math: {why}")
    if re.search(r"<\d+>\s*,?\s+or\s+<\d+>", reading.skeleton):
        raise Unsupported("The equations are joined by 'or': that asks for the points of either equation, not a system",
                          "Join the equations of a system with 'and' or commas")
    if len(variables) < 2:
        raise Unsupported(f"These are {len(relations)} equations in the one unknown {variables[0] if variables else 'x'}",
                          "Give one equation at a time, or a system in two or three unknowns")
    if len(variables) > len(relations):
        raise Unsupported(f"The system has more unknowns ({', '.join(map(str, variables))}) than equations ({len(relations)})",
                          "Give as many equations as unknowns")
    if len(variables) < len(relations):
        raise Unsupported(f"The system has more equations ({len(relations)}) than unknowns ({', '.join(map(str, variables))})",
                          "Give as many equations as unknowns")
    if len(variables) > 3:
        raise Unsupported(f"Systems in {len(variables)} unknowns are not supported", "Give a system of 2 or 3 equations")
    quadratic = _check_degrees(relations, variables)
    require_words(reading, "systems", "equations")

    asked = asked_variables(reading)
    for a in asked:
        if a not in variables:
            raise Unsupported(f"The prompt asks for {a}, but the system is in {', '.join(map(str, variables))}")
    others = [e for e in reading.expressions() if not isinstance(e, sp.Symbol)]
    numbers = [e for e in others if e.is_number]
    if numbers:
        raise Unsupported(f"I do not know what the number {plain(numbers[0])} in the prompt is for", "Write the equations of the system and what to find")
    if len(others) > 1:
        raise Unsupported("The prompt asks for several expressions at once", "Ask for one thing at a time")
    target = others[0] if others else None
    if target is not None and not target.free_symbols <= set(variables):
        raise Unsupported(f"{plain(target)} uses letters that are not unknowns of the system")
    if target is None and len(set(asked)) == 1 and len(variables) > 1:
        target = asked[0]

    families = [FAMILY]
    if re.search(r"\belimination\b|\beliminate\b", words):
        if quadratic:
            raise Unsupported("Solving a linear and a quadratic equation by elimination is not supported", "Ask for substitution, or just solve the system")
        families.append(ELIMINATION)
    elif re.search(r"\bsubstitution\b|\bsubstitute\b", words):
        families.append(SUBSTITUTION)
    else:
        families += [ELIMINATION, SUBSTITUTION]

    form = read_form(reading.skeleton)
    restriction = _RESTRICTION.search(words)
    if restriction and not (target is not None and form.pick in ("positive", "negative")):
        raise Unsupported(f"The prompt restricts the unknowns ({restriction.group(1)!r}), and I do not apply such a condition to a system",
                          "Give the equations of the system on their own")
    counting = target is None and form.combine == "count" and not (form.pick or form.integers)
    if target is None and (form.pick or form.combine or form.integers) and not counting:
        raise Unsupported("The question asks about the solutions of a system without saying which unknown",
                          "Ask for one unknown, e.g. 'the sum of all values of x'")
    names = ", ".join(map(str, variables[:-1])) + f" and {variables[-1]}"
    start = Relations(tuple(variables), (tuple(relations),), empty_text="no solution")

    def answer(state: State, problem: Problem) -> Answer:
        return system_answer(state, problem, target)

    return Problem(
        task="systems",
        title=f"Solve the system {relation_title(relations)}",
        instruction=f"Solve for {names}",
        start=start,
        families=tuple(families),
        goal=system_solved,
        form=form,
        answer=answer,
        max_expansions=600 if len(variables) == 3 else 300,
    )


def system_answer(state: State, problem: Problem, target=None) -> Answer:
    """The system's solutions (default_answer), or the value of the unknown or expression asked for."""
    assert isinstance(state, Relations)
    solutions = meaning(state)
    if target is None and problem.form.combine == "count":
        return _count_answer(solutions)
    if not solutions:
        text = state.empty_text if state.empty_text in ("no solution", "no real solution") else "no solution"
        if target is not None and (problem.form.combine or problem.form.pick):
            raise Unsupported(f"The question asks about {plain(target)}, but the system has {text}")
        return Answer(text, rf"\text{{{text}}}", value=solutions)
    if any(isinstance(t[0], str) for t in solutions):
        if target is not None:
            raise Unsupported(f"The system has {INFINITE}, so {plain(target)} may not have a single value")
        return Answer(INFINITE, rf"\text{{{INFINITE}}}", value=solutions)
    if target is None:
        return default_answer(state, problem)
    variables = state.variables
    values = []
    for t in solutions:
        v = exact(sp.radsimp(sp.expand(sp.sympify(target).xreplace(dict(zip(variables, t))))))
        if not any(sp.simplify(v - w) == 0 for w in values):
            values.append(v)
    values.sort(key=lambda v: float(sp.N(v, 30)))
    form = problem.form
    if form.combine == "count":
        return Answer(str(len(values)), str(len(values)), value=sp.Integer(len(values)))
    if form.combine in ("sum", "product"):
        v = exact(sp.radsimp(sp.Add(*values) if form.combine == "sum" else sp.Mul(*values)))
    elif form.pick in ("largest", "smallest"):
        v = values[-1] if form.pick == "largest" else values[0]
    elif form.pick in ("positive", "negative"):
        chosen = [w for w in values if (w > 0 if form.pick == "positive" else w < 0)]
        if len(chosen) != 1:
            raise Unsupported(f"the question asks for the {form.pick} value, but there are {len(chosen)}")
        v = chosen[0]
    elif len(values) == 1:
        v = values[0]
    elif isinstance(target, sp.Symbol):
        shown = [format_number(w, form) for w in values]
        return Answer(" or ".join(f"{target} = {t}" for t, _ in shown), r" \text{ or } ".join(f"{tex(target)} = {l}" for _, l in shown), value=values)
    else:
        raise Unsupported(f"{plain(target)} has {len(values)} different values for the solutions of this system", "Ask for the solutions instead")
    text, latex = format_number(v, form)
    if isinstance(target, sp.Symbol) and not (form.combine or form.pick):
        return Answer(f"{target} = {text}", f"{tex(target)} = {latex}", value=v)
    return Answer(text, latex, value=v)


def _count_answer(solutions) -> Answer:
    """'How many solutions does the system have?': 0, 1, 2 or infinitely many."""
    if any(isinstance(t[0], str) for t in solutions):
        return Answer(INFINITE, rf"\text{{{INFINITE}}}", ["the equations do not fix every unknown"], value=solutions)
    n = len(solutions)
    return Answer(str(n), str(n), [f"the system has {n} solution{'s' if n != 1 else ''}"], value=sp.Integer(n))
