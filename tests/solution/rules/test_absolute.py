"""Absolute value equations: isolate |u|, split into cases, check candidates."""

import pytest
import sympy as sp

from scenesmith.mathreader import Relation, symbol
from scenesmith.kinds.solution.rules import absolute
from scenesmith.kinds.solution.steps import search as search_module
from scenesmith.kinds.solution.steps.state import Relations
from tests.solution.rules.moves import only, state

x = symbol("x")


def test_isolate_absolute_value():
    m = only(absolute.isolate_absolute_value(state(sp.Add(2 * sp.Abs(x - 1), 3, evaluate=False), 7)))
    r = m.state.branches[0][0]
    assert r.rhs == 4 and m.caption == "Subtract 3 from both sides to isolate the absolute value"
    m = only(absolute.isolate_absolute_value(state(2 * sp.Abs(x - 1), 4)))
    assert m.state.branches[0][0].lhs == sp.Abs(x - 1) and m.state.branches[0][0].rhs == 2


def test_split_with_a_number():
    m = only(absolute.split_absolute_value(state(sp.Abs(x - 3), 5)))
    assert [b[0].rhs for b in m.state.branches] == [5, -5] and m.mode == "equiv"


def test_split_with_the_variable_is_implies():
    m = only(absolute.split_absolute_value(state(sp.Abs(3 * x - 2), x + 4)))
    assert len(m.state.branches) == 2 and m.mode == "implies"
    assert sp.expand(m.state.branches[1][0].rhs.doit() + x + 4) == 0


def test_split_refuses_negative_number():
    assert absolute.split_absolute_value(state(sp.Abs(x + 2), -3)) == []


def test_never_negative():
    m = only(absolute.absolute_value_never_negative(state(sp.Abs(x + 2), -3)))
    assert m.state.branches == ()
    assert absolute.absolute_value_never_negative(state(sp.Abs(x + 2), 3)) == []


def test_check_absolute_cases():
    search_module._START.set(state(sp.Abs(x - 1), 2 * x + 4))
    m = only(absolute.check_absolute_cases(Relations.single(x, Relation(x, "=", sp.Integer(-5)), Relation(x, "=", sp.Integer(-1)))))
    assert m.state.solved_values() == [-1] and m.mode == "check"


@pytest.mark.parametrize("prompt, answer", [
    ("|x - 3| = 5", "x = -2 or x = 8"),
    ("2|x - 1| + 3 = 7", "x = -1 or x = 3"),
    ("|3x-2| = x+4", "x = -1/2 or x = 3"),
    ("|x-1| = 2x + 4", "x = -1"),
    ("|x + 2| = -3", "no real solution"),
])
def test_absolute_chains(prompt, answer):
    from scenesmith.kinds.solution.solve import derive
    assert derive(prompt).answer_text == answer
