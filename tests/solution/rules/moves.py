"""What the rule tests share: one equation in x as a state, the single move a rule proposes, and its first relation."""

from __future__ import annotations

import sympy as sp

from scenesmith.mathreader import Relation, symbol
from scenesmith.kinds.solution.steps.state import Relations

x = symbol("x")


def state(lhs, rhs) -> Relations:
    """The equation lhs = rhs in x."""
    return Relations.single(x, Relation(sp.sympify(lhs), "=", sp.sympify(rhs)))


def only(moves):
    """The one move a rule proposed (fails when it proposed none or several)."""
    moves = list(moves)
    assert len(moves) == 1, moves
    return moves[0]


def rel(move) -> Relation:
    """The first relation of the state a move leads to."""
    return move.state.branches[0][0]
