"""The step engine's guarantees: a wrong step is never accepted, squaring needs a check, the search finds checked chains."""

from __future__ import annotations

import pytest
import sympy as sp

from scenesmith.mathreader import Relation, symbol
from scenesmith.kinds.solution.steps.checks import UnverifiedStep, verify_move
from scenesmith.kinds.solution.steps.search import NoPath, rule, search, RULES
from scenesmith.kinds.solution.steps.sides import solved_goal
from scenesmith.kinds.solution.steps.state import Expression, Move, Relations

x, y = symbol("x"), symbol("y")


def rel(lhs, op, rhs):
    return Relation(sp.sympify(lhs), op, sp.sympify(rhs))


def test_a_wrong_step_is_rejected():
    start = Relations.single(x, rel(3 * x + 7, "=", 22))
    verify_move(start, Move(Relations.single(x, rel(3 * x, "=", 15)), "Subtract 7"), start)
    with pytest.raises(UnverifiedStep):
        verify_move(start, Move(Relations.single(x, rel(3 * x, "=", 16)), "Subtract 7"), start)


def test_a_missed_inequality_flip_is_rejected():
    start = Relations.single(x, rel(-3 * x, ">=", 9))
    verify_move(start, Move(Relations.single(x, rel(x, "<=", -3)), "Divide"), start)
    with pytest.raises(UnverifiedStep):
        verify_move(start, Move(Relations.single(x, rel(x, ">=", -3)), "Divide"), start)


def test_squaring_is_an_implication_that_needs_a_check():
    original = Relations.single(x, rel(sp.sqrt(2 * x + 1), "=", x - 1))
    squared = Relations.single(x, rel(2 * x + 1, "=", (x - 1) ** 2))
    with pytest.raises(UnverifiedStep):
        verify_move(original, Move(squared, "Square both sides"), original)  # not equivalent: x = 0 is extraneous
    verify_move(original, Move(squared, "Square both sides", mode="implies"), original)
    candidates = Relations.single(x, rel(x, "=", 0), rel(x, "=", 4))
    with pytest.raises(UnverifiedStep):
        verify_move(candidates, Move(candidates, "Check", mode="check"), original)  # keeping x = 0 is wrong
    verify_move(candidates, Move(Relations.single(x, rel(x, "=", 4)), "Check", mode="check"), original)


def test_wrong_expression_and_system_steps_are_rejected():
    start = Expression(sp.Derivative(3 * x**4, x))
    verify_move(start, Move(Expression(12 * x**3), "Power rule"), start)
    with pytest.raises(UnverifiedStep):
        verify_move(start, Move(Expression(12 * x**4), "Power rule"), start)
    system = Relations((x, y), ((rel(x + y, "=", 10), rel(x - y, "=", 2)),))
    verify_move(system, Move(Relations((x, y), ((rel(x + y, "=", 10), rel(2 * x, "=", 12)),)), "Add"), system)
    with pytest.raises(UnverifiedStep):
        verify_move(system, Move(Relations((x, y), ((rel(x + y, "=", 10), rel(2 * x, "=", 10)),)), "Add"), system)


def test_identities_sympy_cannot_simplify_are_still_compared_exactly_where_possible():
    start = Expression(sp.sin(x) ** 2 + sp.cos(x) ** 2)
    verify_move(start, Move(Expression(sp.Integer(1)), "Pythagorean identity"), start)
    with pytest.raises(UnverifiedStep):
        verify_move(start, Move(Expression(sp.Integer(2)), "wrong"), start)


def test_the_search_drops_a_wrong_rule_and_uses_a_right_one():
    """A deliberately wrong rule (registered for this test only) is never part of the chain."""

    @rule("test_only_wrong", name="test_only_wrong_divide")
    def wrong(state):
        if isinstance(state, Relations) and state.branches and state.branches[0][0].lhs == 3 * x:
            return [Move(Relations.single(x, rel(x, "=", 6)), "Divide by 3 (wrongly)", cost=0.1)]
        return []

    try:
        start = Relations.single(x, rel(3 * x + 7, "=", 22))
        result = search(start, ("linear", "test_only_wrong"), solved_goal)
        assert [m.rule for m in result.moves] == ["move_constant", "divide_by_coefficient"]
        assert result.moves[-1].state.solved_values() == [5]
        assert any("test_only_wrong_divide" in r for r in result.rejected)
    finally:
        RULES.pop("test_only_wrong_divide")


def test_the_search_gives_up_within_its_budget():
    start = Relations.single(x, rel(sp.sin(x) + x**3, "=", 2))
    with pytest.raises(NoPath):
        search(start, ("linear",), solved_goal, max_expansions=20)


def test_two_different_families_of_solutions_are_not_the_same():
    dependent = Relations((x, y), ((rel(x + y, "=", 10), rel(2 * x + 2 * y, "=", 20)),))
    same_line = Relations((x, y), ((rel(x + y, "=", 10),),))
    other_line = Relations((x, y), ((rel(x - y, "=", 10),),))
    verify_move(dependent, Move(same_line, "Divide the second equation by 2: it is the first"), dependent)
    with pytest.raises(UnverifiedStep):
        verify_move(dependent, Move(other_line, "wrong"), dependent)
