"""The rational family: excluded values, multiplying by the LCD, and checking the candidates."""

from __future__ import annotations

import sympy as sp

from scenesmith.mathreader import Relation, symbol
from scenesmith.kinds.solution.rules import rational as R
from scenesmith.kinds.solution.solve import derive
from scenesmith.kinds.solution.steps.state import Relations
from tests.solution.rules.moves import only

x = symbol("x")


def test_exclude_values_adds_the_denominator_zeros():
    start = Relations.single(x, Relation(1 / x + 1 / (x + 2), "=", sp.Rational(3, 4)))
    move = only(R.exclude_values(start))
    branch = move.state.branches[0]
    assert branch[1:] == (Relation(x, "!=", sp.Integer(-2)), Relation(x, "!=", sp.Integer(0)))
    assert "x = -2 and x = 0" in move.caption
    assert R.exclude_values(Relations.single(x, Relation(x**2, "=", 4))) == []


def test_multiply_by_lcd_is_an_implies_step():
    start = Relations.single(x, (Relation(5 / (x + 1), "=", sp.Rational(1, 2)), Relation(x, "!=", sp.Integer(-1))))
    move = only(R.multiply_by_lcd(start))
    assert move.mode == "implies"
    assert move.state.text() == "10 = x + 1 and x != -1"
    assert "LCD 2(x + 1)" in move.caption
    # without the excluded values stated first, no multiplying
    assert R.multiply_by_lcd(Relations.single(x, Relation(5 / (x + 1), "=", sp.Rational(1, 2)))) == []


def test_check_excluded_rejects_extraneous_values():
    state = Relations((x,), ((Relation(x, "=", sp.Integer(2)), Relation(x, "!=", sp.Integer(2))), (Relation(x, "=", sp.Integer(3)), Relation(x, "!=", sp.Integer(2)))))
    move = only(R.check_excluded(state))
    assert move.mode == "check" and move.state.text() == "x = 3"
    assert any("x = 2" in line and "extraneous" in line for line in move.checks)
    state = Relations.single(x, (Relation(x, "=", sp.Integer(2)), Relation(x, "!=", sp.Integer(2))))
    move = only(R.check_excluded(state))
    assert move.state.branches == () and move.state.text() == "no solution"
    assert R.check_excluded(Relations.single(x, Relation(x, "=", sp.Integer(2)))) == []


def test_rational_equations_end_to_end():
    assert derive("5/(x+1) = 1/2").answer_text == "x = 9"
    assert derive("x/(x-2) + 1 = 2/(x-2)").answer_text == "no solution"
    solution = derive("1/x + 1/(x+2) = 3/4")
    assert solution.answer_text == "x = -4/3 or x = 2"
    assert [s.rule for s in solution.steps][:2] == ["rational_exclude_values", "rational_multiply_by_lcd"]
    assert solution.steps[-1].rule == "rational_check_excluded"
