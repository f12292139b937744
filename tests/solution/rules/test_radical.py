"""Radical equations: isolate, square or cube, check candidates in the original equation."""

import pytest
import sympy as sp

from scenesmith.mathreader import Relation, symbol
from scenesmith.kinds.solution.rules import radical
from scenesmith.kinds.solution.steps import search as search_module
from scenesmith.kinds.solution.steps.state import Relations
from tests.solution.rules.moves import only, rel, state

x = symbol("x")


def test_isolate_radical_moves_the_constant():
    m = only(radical.isolate_radical(state(sp.Add(sp.sqrt(x), 2, evaluate=False), x)))
    assert rel(m).lhs == sp.sqrt(x) and sp.expand(rel(m).rhs - (x - 2)) == 0
    assert m.caption == "Subtract 2 from both sides to isolate the square root"


def test_isolate_radical_divides_by_coefficient_and_swaps():
    m = only(radical.isolate_radical(state(2 * sp.sqrt(x + 1), 6)))
    assert rel(m).lhs == sp.sqrt(x + 1) and rel(m).rhs == 3 and m.caption == "Divide both sides by 2"
    m = only(radical.isolate_radical(state(x - 1, sp.sqrt(2 * x + 1))))
    assert rel(m).lhs == sp.sqrt(2 * x + 1) and m.caption == "Swap the two sides"
    assert radical.isolate_radical(state(x + 1, 3)) == []


def test_square_both_sides_modes():
    m = only(radical.square_both_sides(state(sp.sqrt(x + 5), 3)))
    assert rel(m).lhs == x + 5 and rel(m).rhs == 9 and m.mode == "equiv"
    m = only(radical.square_both_sides(state(sp.sqrt(2 * x + 1), x - 1)))
    assert rel(m).lhs == 2 * x + 1 and sp.expand(rel(m).rhs.doit() - (x - 1) ** 2) == 0 and m.mode == "implies"
    m = only(radical.square_both_sides(state(sp.sqrt(x + 3), sp.sqrt(2 * x - 1))))
    assert rel(m).rhs == 2 * x - 1 and m.mode == "implies"
    assert radical.square_both_sides(state(sp.sqrt(x), -2)) == []


def test_cube_both_sides():
    m = only(radical.cube_both_sides(state(sp.cbrt(x - 1), 2)))
    assert rel(m).lhs == x - 1 and rel(m).rhs == 8
    assert radical.cube_both_sides(state(sp.sqrt(x - 1), 2)) == []


def test_square_root_never_negative():
    m = only(radical.square_root_never_negative(state(sp.sqrt(x + 2), -3)))
    assert m.state.branches == () and "never negative" in m.caption
    assert radical.square_root_never_negative(state(sp.sqrt(x + 2), 3)) == []


def test_check_candidates_rejects_extraneous_root():
    start = state(sp.sqrt(2 * x + 1), x - 1)
    search_module._START.set(start)
    candidates = Relations.single(x, Relation(x, "=", sp.S.Zero), Relation(x, "=", sp.Integer(4)))
    m = only(radical.check_candidates(candidates))
    assert m.mode == "check" and m.state.solved_values() == [4]
    assert any("x = 0" in c and "extraneous" in c for c in m.checks)
    assert not radical.no_extraneous(candidates)
    assert radical.no_extraneous(m.state)
    assert radical.check_candidates(m.state) == []


@pytest.mark.parametrize("prompt, answer", [
    ("sqrt(2x+1) = x - 1", "x = 4"),
    ("sqrt(x+5) = 3", "x = 4"),
    ("cbrt(x - 1) = 2", "x = 9"),
    ("sqrt(x + 2) = -3", "no real solution"),
])
def test_radical_chains(prompt, answer):
    from scenesmith.kinds.solution.solve import derive
    assert derive(prompt).answer_text == answer


# --- red team (equations): cube roots of negative numbers, x^(1/2), two radicals


@pytest.mark.parametrize("prompt, answer", [
    ("cbrt(x) = -2", "x = -8"),  # the real cube root: SymPy's x^(1/3) is never negative
    ("∛(2x+1) = -3", "x = -14"),
    (r"\sqrt[3]{x} = -4", "x = -64"),
    ("(x - 1)^(1/3) = -1", "x = 0"),
    ("x^(1/2) = 5", "x = 25"),  # the exponent typed as 1/2 reads unevaluated
    ("sqrt(x) + sqrt(x-5) = 5", "x = 9"),
    ("sqrt(x + 1) - sqrt(x) = 1", "x = 0"),
    ("sqrt(5x - 1) = 2sqrt(x)", "x = 1"),
])
def test_red_team_radical_equations(prompt, answer):
    from scenesmith.kinds.solution.solve import derive

    assert derive(prompt).answer_text == answer


def test_separate_radicals_moves_one_root_across():
    m = only(radical.separate_radicals(state(sp.Add(sp.sqrt(x), sp.sqrt(x - 5), evaluate=False), 5)))
    assert rel(m).lhs == sp.sqrt(x) and sp.expand(rel(m).rhs - (5 - sp.sqrt(x - 5))) == 0
    assert radical.separate_radicals(state(sp.sqrt(x), 5)) == []


def test_cube_of_a_negative_only_for_the_real_cube_root():
    m = only(radical.cube_both_sides(state(radical.CubeRoot(x), -2)))
    assert rel(m).lhs == x and rel(m).rhs == -8
    assert radical.cube_both_sides(state(sp.Pow(x, sp.Rational(1, 3)), -2)) == []  # SymPy's principal root
