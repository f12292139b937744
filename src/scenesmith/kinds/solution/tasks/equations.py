"""Task: one equation in one variable (linear, polynomial, rational, radical, absolute value, exponential, logarithmic)."""

from __future__ import annotations

import sympy as sp

from scenesmith.mathreader import Reading, Relation
from scenesmith.kinds.solution.problem import Problem, Unsupported
from scenesmith.kinds.solution.question import read_form
from scenesmith.kinds.solution.rules.exponential import LogBase, prepare_equation
from scenesmith.kinds.solution.rules.polynomial import exact_relation, polynomial_refusal
from scenesmith.kinds.solution.rules.radical import no_extraneous, real_roots
from scenesmith.kinds.solution.steps.display import plain
from scenesmith.kinds.solution.steps.sides import solved_goal
from scenesmith.kinds.solution.steps.state import Relations
from scenesmith.kinds.solution.tasks.common import asked_variables, has_applied_function, relation_title, require_words, variables_of

FAMILIES = ("linear", "algebra", "polynomial", "rational", "radical", "absolute", "exponential")


def read(reading: Reading) -> Problem | None:
    chains = reading.relations()
    if len(chains) != 1 or len(chains[0]) != 1 or chains[0][0].op != "=":
        return None
    relation = chains[0][0]
    if has_applied_function(relation):
        return None
    variables = variables_of(relation)
    if not variables:
        return None
    asked = [v for v in asked_variables(reading)]
    other = [e for e in reading.expressions() if e.free_symbols and not isinstance(e, sp.Symbol)]
    if other:  # 'If 3x + 5 = 20, what is the value of 6x?' asks for 6x, not for x
        raise Unsupported(f"The prompt asks about {plain(other[0])} as well as the equation {relation_title([relation])}; "
                          "finding the value of an expression from an equation is not supported", "Ask to solve the equation for its variable")
    if len(variables) > 1:
        if asked:
            raise Unsupported(f"{relation_title([relation])} has the letters {', '.join(map(str, variables))}; solving for one letter in terms of others is not supported")
        raise Unsupported(f"{relation_title([relation])} has several variables ({', '.join(map(str, variables))})", "Give one equation in one variable, or a system with as many equations as unknowns")
    var = variables[0]
    if any(a != var for a in asked):
        raise Unsupported(f"The prompt asks for {', '.join(str(a) for a in asked if a != var)}, but the equation is in {var}")
    require_words(reading, "equations")
    relation = exact_relation(relation, var)  # decimals in a nonlinear polynomial/rational equation read exactly
    typed = relation
    relation = Relation(real_roots(relation.lhs, var), relation.op, real_roots(relation.rhs, var))  # cbrt(-8) = -2, as students mean it
    why = polynomial_refusal(relation, var)
    if why:
        raise Unsupported(f"I cannot solve {relation_title([relation])} exactly step by step: {why}",
                          "Polynomial equations are solved when their roots are rational, or come from quadratic factors or x^n = c")
    relation, notes = prepare_equation(reading, relation, var)  # logs with their bases (bare log = base 10); mixed kinds refused
    return Problem(
        task="equations",
        title=f"Solve {relation_title([relation if relation.lhs.has(LogBase) or relation.rhs.has(LogBase) else typed])}",
        instruction=f"Solve for {var}",
        start=Relations.single(var, relation),
        families=FAMILIES,
        goal=lambda state: solved_goal(state) and no_extraneous(state),  # candidates from squaring etc. are checked first
        form=read_form(reading.skeleton),
        notes=notes,
    )
