"""Unit tests of the systems rules and the systems task reader."""

from __future__ import annotations

import pytest
import sympy as sp

from scenesmith.mathreader import Relation, read, symbol
from scenesmith.kinds.solution.problem import Unsupported
from scenesmith.kinds.solution.rules import systems as R
from scenesmith.kinds.solution.steps.checks import meaning, same_meaning
from scenesmith.kinds.solution.steps.state import Relations
from scenesmith.kinds.solution.tasks import systems as task

x, y, z = symbol("x"), symbol("y"), symbol("z")


def rel(text: str) -> Relation:
    return read(text).relations()[0][0]


def state(*texts: str, variables=(x, y)) -> Relations:
    return Relations(tuple(variables), (tuple(rel(t) for t in texts),), empty_text="no solution")


def texts(move) -> str:
    return move.state.text()


def test_standard_form_moves_variables_left():
    s = state("2x = 3y + 5", "x + y = 5")
    moves = R.system_standard_form(s)
    assert len(moves) == 1 and texts(moves[0]) == "2x - 3y = 5, x + y = 5"
    assert same_meaning(s, moves[0].state)
    assert R.system_standard_form(state("x + y = 5", "x - y = 1")) == []


def test_clear_fractions():
    moves = R.system_clear_fractions(state("x/2 + y/3 = 5", "x - y = 0"))
    assert texts(moves[0]) == "3x + 2y = 30, x - y = 0"
    assert "by 6" in moves[0].caption


def test_scale_equations_makes_terms_match():
    s = state("3x + 2y = 16", "2x - 3y = -11")
    moves = R.scale_equations(s)
    shown = {texts(m): m.caption for m in moves}
    assert "9x + 6y = 48, 4x - 6y = -22" in shown
    assert shown["9x + 6y = 48, 4x - 6y = -22"] == "Multiply the first equation by 3 and the second by 2 so the y terms are opposites"
    assert all(same_meaning(s, m.state) for m in moves)
    assert R.scale_equations(state("x + y = 10", "x - y = 2")) == []  # already match


def test_add_or_subtract_equations():
    s = state("x + y = 10", "x - y = 2")
    moves = {m.caption: texts(m) for m in R.add_or_subtract_equations(s)}
    assert moves["Add the two equations to eliminate y"] == "x + y = 10, 2x = 12"
    assert moves["Subtract the second equation from the first to eliminate x"] == "x + y = 10, 2y = 8"


def test_subtract_gives_contradiction_then_no_solution():
    s = state("x + y = 2", "x + y = 5")
    moves = R.add_or_subtract_equations(s)
    assert moves and all(texts(m) == "x + y = 2, 0 = 3" for m in moves)
    move = moves[0]
    [decided] = R.system_decide_constant(move.state)
    assert decided.state.branches == () and decided.state.text() == "no solution"


def test_decide_constant_infinitely_many():
    s = state("x + y = 2", "0 = 0")
    [move] = R.system_decide_constant(s)
    assert move.state.all_text == R.INFINITE
    assert same_meaning(s, move.state)
    assert R.system_decide_constant(state("x + y = 2", "2x + 2(-x + 2) = 4")) == []  # not worked out yet


def test_isolate_variable_only_when_nonlinear_or_unit_coefficient():
    moves = R.system_isolate_variable(state("x^2 + y^2 = 25", "x + y = 7"))
    assert [texts(m) for m in moves] == ["x^2 + y^2 = 25, y = -x + 7"]
    assert R.system_isolate_variable(state("y = 2x + 1", "3x + y = 11")) == []  # already isolated


def test_substitute_expression_keeps_brackets():
    [move] = R.system_substitute_expression(state("y = 2x + 1", "3x + y = 11"))
    assert texts(move) == "y = 2x + 1, 3x + (2x + 1) = 11"
    assert move.caption == "Substitute y = 2x + 1 into the second equation"


def test_back_substitute_shows_the_value():
    s = state("3x + 2y = 16", "x = 2")
    [move] = R.system_back_substitute(s)
    assert move.state.branches[0][0].lhs.doit() == 6 + 2 * y
    assert "3 \\cdot 2" in move.state.latex()
    assert move.caption == "Substitute x = 2 into the first equation"
    assert R.system_back_substitute(state("x + y + z = 6", "x = 1", variables=(x, y, z))) == []  # would leave two unknowns


def test_work_out_value_and_order():
    s = Relations((x, y), ((Relation(y, "=", sp.Add(sp.Mul(2, 2, evaluate=False), 1, evaluate=False)), Relation(x, "=", sp.Integer(2))),))
    [move] = R.system_work_out_value(s)
    assert texts(move) == "y = 5, x = 2"
    assert not R.system_solved(move.state)
    [ordered] = R.system_order_values(move.state)
    assert texts(ordered) == "x = 2, y = 5" and R.system_solved(ordered.state)


def test_solve_one_unknown_lifts_linear_moves():
    moves = R.system_solve_one_unknown(state("x + y = 10", "2x = 12"))
    assert [texts(m) for m in moves] == ["x + y = 10, x = 6"]


def test_quadratic_chain():
    s = state("y = x + 1", "x + 1 = x^2 - 1")
    [zero] = R.system_quadratic_to_zero(s)
    assert texts(zero) == "y = x + 1, x^2 - x - 2 = 0"
    [factored] = R.system_factor_quadratic(zero.state)
    assert factored.state.branches[0][1].lhs == (x - 2) * (x + 1)
    [split] = R.system_zero_product(factored.state)
    assert len(split.state.branches) == 2
    assert same_meaning(s, split.state)


def test_quadratic_formula_and_negative_discriminant():
    [move] = R.system_quadratic_formula(state("y = x^2", "x^2 - 2x - 1 = 0"))
    assert {b[1].rhs for b in move.state.branches} == {1 - sp.sqrt(2), 1 + sp.sqrt(2)}
    [none] = R.system_quadratic_formula(state("y = 2x", "x^2 - 2x + 4 = 0"))
    assert none.state.branches == () and "negative" in none.caption
    assert R.system_quadratic_formula(state("y = x", "x^2 - x - 2 = 0")) == []  # factors: no formula


def problem(prompt: str):
    return task.read(read(prompt))


def test_reader_accepts_lists_and_cases():
    p = problem("3x + 2y = 16; 2x - 3y = -11")
    assert p.task == "systems" and p.start.variables == (x, y) and len(p.start.branches[0]) == 2
    p = problem(r"$\begin{cases} x + y = 10 \\ x - y = 2 \end{cases}$")
    assert meaning(p.start) == frozenset({(6, 4)})
    assert problem("x + y + z = 6, x - y + z = 2, 2x + y - z = 1").start.variables == (x, y, z)


def test_reader_passes_single_equations():
    assert problem("3x + 7 = 22") is None
    assert problem("x + y = 10") is None
    assert problem("x + 3 > 2, x < 5") is None


@pytest.mark.parametrize("prompt, piece", [
    ("Solve the system 2x + 3y = 7", "only 1 equation"),
    ("x + y + z = 6, x - y = 1", "more unknowns"),
    ("x + y = 3, x - y = 1, 2x + y = 5", "more equations"),
    ("x^2 + y^2 = 10, x^2 - y^2 = 8", "one linear and one quadratic"),
    ("x^3 + y = 9, x + y = 3", "degree 3"),
    ("Graph x + y = 4, x - y = 2", "graph"),
    ("2x + 3 = 7 and 3x - 1 = 5", "one unknown"),
    ("sqrt(x) + y = 3, x - y = 1", "not a polynomial"),
])
def test_reader_refuses(prompt, piece):
    with pytest.raises(Unsupported) as caught:
        problem(prompt)
    assert piece in str(caught.value)


def test_answer_for_a_value_asked():
    from scenesmith.kinds.solution.solve import derive
    assert derive("If 3x + 2y = 16 and 2x - 3y = -11, what is x?").answer_text == "x = 2"
    assert derive("What is x + y if 2x + y = 7 and x + 2y = 8?").answer_text == "5"
    assert derive("y = x + 1, y = x^2 - 1").answer_text == "x = -1, y = 0 or x = 2, y = 3"


# --- red team ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prompt, piece", [
    ("x + y = 3 or x - y = 1", "joined by 'or'"),  # either line, not both: 'x = 2, y = 1' would be wrong
    ("x + y = 10 and x - y = 2 where x and y are integers", "restricts the unknowns"),
    ("Solve x + y = 7 and x - y = 2 in whole numbers", "restricts the unknowns"),
])
def test_reader_refuses_what_it_would_misread(prompt, piece):
    with pytest.raises(Unsupported) as caught:
        problem(prompt)
    assert piece in str(caught.value)


def test_sign_condition_on_the_unknown_asked_is_applied():
    from scenesmith.kinds.solution.solve import derive
    with pytest.raises(Unsupported, match="negative"):
        derive("If x + y = 10 and x - y = 2 and x is negative, find x")  # x = 6 is not negative
    assert derive("If y = x^2 and y = x + 6, find x if x is negative").answer_text == "-2"


def test_how_many_solutions():
    from scenesmith.kinds.solution.solve import derive
    assert derive("How many solutions does the system x + y = 5, x + y = 7 have?").answer_text == "0"
    assert derive("How many solutions does the system y = x^2, y = x + 2 have?").answer_text == "2"
    assert derive("x + y = 5, 2x + 2y = 10. How many solutions?").answer_text == "infinitely many solutions"


def test_isolate_with_a_coefficient_only_when_no_unit_coefficient():
    moves = R.system_isolate_variable(state("4x - 5y = -2", "-6x - 6y = 30"))
    assert moves and all(m.cost > 2 for m in moves)
    assert R.system_isolate_variable(state("2x + y = 5", "3x - 4y = 2")) != []
    assert all("second" not in m.caption for m in R.system_isolate_variable(state("2x + y = 5", "3x - 4y = 2")))
