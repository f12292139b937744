"""Rules of the `inequalities` family, and the inequalities task reader (what it takes, what it refuses and why)."""

from __future__ import annotations

import pytest
import sympy as sp

from scenesmith.mathreader import Relation, read, symbol
from scenesmith.kinds.solution.problem import Unsupported
from scenesmith.kinds.solution.rules import inequalities as R
from scenesmith.kinds.solution.steps.checks import meaning, same_meaning
from scenesmith.kinds.solution.steps.state import Relations
from scenesmith.kinds.solution.tasks import inequalities as T

x = symbol("x")
I = sp.Interval


def one(*branches, **kw) -> Relations:
    return Relations.single(x, *branches, **kw)


def only_move(moves):
    moves = list(moves)
    assert len(moves) == 1, moves
    return moves[0]


def chain(a, op1, mid, op2, b):
    return (Relation(sp.sympify(a), op1, mid), Relation(mid, op2, sp.sympify(b)))


# --- compound inequalities -------------------------------------------------------------------


def test_compound_simplify_middle_distributes():
    start = one(chain(-3, "<", sp.Mul(3, sp.Add(x, 1, evaluate=False), evaluate=False), "<=", 9))
    move = only_move(R.compound_simplify_middle(start))
    assert move.caption == "Distribute 3 in the middle part"
    assert move.state.text() == "-3 < 3x + 3 <= 9"
    assert same_meaning(start, move.state)


def test_compound_clear_fractions():
    start = one(chain(-1, "<", (x + 1) / 2, "<=", 3))
    move = only_move(R.compound_clear_fractions(start))
    assert move.caption == "Multiply all three parts by 2"
    assert meaning(move.state) == I.Lopen(-3, 5)


def test_compound_move_constant():
    move = only_move(R.compound_move_constant(one(chain(-3, "<", 3 * x + 3, "<=", 9))))
    assert move.caption == "Subtract 3 from all three parts"
    assert move.state.text() == "-6 < 3x <= 6"


def test_compound_divide_by_negative_turns_both_signs():
    move = only_move(R.compound_divide(one(chain(-8, "<=", -2 * x, "<", 6))))
    assert move.caption.endswith("turn both signs around")
    assert move.state.text() == "-3 < x <= 4"
    assert R.inequality_goal(move.state)


def test_compound_reverse():
    move = only_move(R.compound_reverse(one(chain(4, ">", x, ">=", -2))))
    assert move.state.text() == "-2 <= x < 4"


def test_compound_rules_skip_single_relations():
    state = one(Relation(2 * x + 3, "<", 7))
    for fn in (R.compound_simplify_middle, R.compound_clear_fractions, R.compound_move_constant, R.compound_divide, R.compound_reverse):
        assert list(fn(state)) == []


# --- absolute values ---------------------------------------------------------------------------


def test_split_absolute_less_gives_chain():
    move = only_move(R.split_absolute_inequality(one(Relation(sp.Abs(x - 1), "<", sp.Integer(3)))))
    assert move.state.text() == "-3 < x - 1 < 3"


def test_split_absolute_greater_gives_two_cases():
    move = only_move(R.split_absolute_inequality(one(Relation(sp.Abs(2 * x + 1), ">=", sp.Integer(5)))))
    assert meaning(move.state) == I(-sp.oo, -3) | I(2, sp.oo)
    assert len(move.state.branches) == 2


def test_split_absolute_negative_bound():
    move = only_move(R.split_absolute_inequality(one(Relation(sp.Abs(x), "<", sp.Integer(-2)))))
    assert move.state.branches == () and move.state.text() == "no real solution"
    move = only_move(R.split_absolute_inequality(one(Relation(sp.Abs(x), ">", sp.Integer(-2)))))
    assert move.state.all_text == "all real numbers"


def test_isolate_absolute():
    start = one(Relation(sp.Add(2 * sp.Abs(x - 1), 3, evaluate=False), "<", sp.Integer(11)))
    move = only_move(R.isolate_absolute_inequality(start))
    assert move.caption == "Subtract 3 from both sides"
    move = only_move(R.isolate_absolute_inequality(move.state))
    assert move.state.text() == "|x - 1| < 4"
    flipped = only_move(R.isolate_absolute_inequality(one(Relation(-2 * sp.Abs(x + 1), ">=", sp.Integer(-6)))))
    assert flipped.state.text() == "|x + 1| <= 3"


# --- polynomial and rational: one side zero, factor, sign chart ----------------------------------------


def test_to_one_side():
    move = only_move(R.inequality_to_one_side(one(Relation(x**2, "<=", sp.Integer(9)))))
    assert move.state.text() == "x^2 - 9 <= 0"
    assert list(R.inequality_to_one_side(one(Relation(2 * x, "<", sp.Integer(9))))) == []  # linear: the linear family's job


def test_one_fraction():
    start = one(Relation(sp.Add((x + 1) / (x - 3), -2, evaluate=False), "<", sp.S.Zero))
    move = only_move(R.inequality_one_fraction(start))
    assert same_meaning(start, move.state)
    assert move.caption == "Write the left side as one fraction"


def test_leading_positive():
    move = only_move(R.inequality_leading_positive(one(Relation(-x**2 + x + 6, ">", sp.S.Zero))))
    assert move.state.text() == "x^2 - x - 6 < 0"


def test_factor_orders_factors_by_zero():
    move = only_move(R.inequality_factor(one(Relation(x**2 - 5 * x + 6, ">", sp.S.Zero))))
    assert move.state.text() == "(x - 2)(x - 3) > 0"
    assert list(R.inequality_factor(one(Relation(x**2 - 2 * x - 1, ">", sp.S.Zero)))) == []  # no rational factors


def test_no_real_zeros():
    move = only_move(R.inequality_no_real_zeros(one(Relation(x**2 + 1, ">", sp.S.Zero))))
    assert move.state.all_text == "all real numbers"
    assert any("-4" in c for c in move.checks)
    move = only_move(R.inequality_no_real_zeros(one(Relation(x**2 + 1, "<", sp.S.Zero))))
    assert move.state.branches == ()
    assert list(R.inequality_no_real_zeros(one(Relation(x**2 - 1, "<", sp.S.Zero)))) == []


def test_sign_chart_product():
    start = one(Relation(sp.Mul(x - 2, x - 3, evaluate=False), ">", sp.S.Zero))
    move = only_move(R.sign_chart(start))
    assert move.state.text() == "x < 2 or x > 3"
    assert "5/2 (-)" in move.caption and len(move.caption) <= 160
    assert move.checks[1] == "x = 5/2: (x - 2)(x - 3) = -1/4, negative"


def test_sign_chart_quotient_leaves_out_denominator_zero():
    move = only_move(R.sign_chart(one(Relation((x - 1) / (x + 2), ">=", sp.S.Zero))))
    assert meaning(move.state) == I.open(-sp.oo, -2) | I(1, sp.oo)
    assert any("denominator" in c for c in move.checks)


def test_sign_chart_irrational_zeros():
    move = only_move(R.sign_chart(one(Relation(x**2 - 2 * x - 1, "<", sp.S.Zero))))
    assert meaning(move.state) == I.open(1 - sp.sqrt(2), 1 + sp.sqrt(2))
    assert r"1 - \sqrt{2} < x" in move.state.latex()


def test_sign_chart_waits_for_factoring():
    assert list(R.sign_chart(one(Relation(x**2 - 5 * x + 6, ">", sp.S.Zero)))) == []


def test_combine_pieces():
    move = only_move(R.combine_inequality_pieces(one((Relation(x, ">", sp.Integer(1)), Relation(x, "<", sp.Integer(5))))))
    assert move.state.text() == "1 < x < 5"
    move = only_move(R.combine_inequality_pieces(one(Relation(x, ">", sp.Integer(1)), Relation(x, "<", sp.Integer(5)))))
    assert move.state.all_text == "all real numbers"
    move = only_move(R.combine_inequality_pieces(one((Relation(x, ">", sp.Integer(5)), Relation(x, "<", sp.Integer(1))))))
    assert move.state.text() == "no real solution"
    assert list(R.combine_inequality_pieces(one(Relation(x, "<", sp.Integer(-1)), Relation(x, ">", sp.Integer(3))))) == []


def test_goal():
    assert R.inequality_goal(one(Relation(x, "<", sp.Integer(-1)), Relation(x, ">", sp.Integer(3))))
    assert R.inequality_goal(one(chain(-2, "<", x, "<=", 3)))
    assert not R.inequality_goal(one(chain(3, ">=", x, ">", -2)))  # read from the smaller end
    assert not R.inequality_goal(one(Relation(x, "<", sp.Integer(3)), Relation(x, "<", sp.Integer(5))))  # overlapping
    assert not R.inequality_goal(one(Relation(x, "<=", sp.Integer(2)), Relation(x, ">", sp.Integer(2))))  # touching: the whole line
    assert not R.inequality_goal(one(Relation(2 * x, "<", sp.Integer(3))))


# --- the task reader ---------------------------------------------------------------------------------


def problem(prompt):
    return T.read(read(prompt))


def test_reader_takes_linear_compound_quadratic_absolute():
    assert problem("2x - 5 < 9").families == T.FAMILIES
    p = problem("1 < 2x + 3 and 2x + 3 < 9")
    assert p.families == T.COMPOUND_FAMILIES and p.start.text() == "1 < 2x + 3 < 9"
    assert problem("x < -1 or x > 3").start.text() == "x < -1 or x > 3"
    assert problem("x^2 - 5x + 6 > 0").task == "inequalities"
    assert problem("|x - 1| < 3").start.text() == "|x - 1| < 3"


def test_reader_reads_worded_relations():
    p = problem("x squared is less than 16")
    assert p.start.text() == "x^2 < 16"
    assert p.form.pick is None  # 'less' is part of the relation, not 'the least value'
    assert problem("3x - 4 is at least 8").start.text() == "3x - 4 >= 8"


def test_reader_passes_equations():
    assert problem("2x + 3 = 7") is None
    assert problem("Simplify 3x + 2x") is None


@pytest.mark.parametrize("prompt, why", [
    ("x + y < 3", "two variables"),
    ("x^3 - 3x + 1 > 0", "cannot all be found exactly"),
    ("sqrt(x) > 2", "not a linear, polynomial, rational"),
    ("3x - 2 > 7, x < 10", "separated by commas"),
    ("|x - 1| < |x + 2|", "more than one absolute value"),
    ("|x - 1| < x", "outside the absolute value"),
    ("1 < x^2 < 4", "not linear"),
    ("1 < x > 3", "points both ways"),
    ("x > 1 then x < 5", "whether both must hold"),
    ("Shade the region where 2x - 1 > 5", "did not understand the words"),
    ("2x + 1 != 5", "not equal"),
    ("How many whole numbers satisfy 2x < 7?", "how many"),
])
def test_reader_refuses(prompt, why):
    with pytest.raises(Unsupported) as caught:
        problem(prompt)
    assert why in str(caught.value)


def test_integer_answers():
    from scenesmith.kinds.solution.solve import derive

    assert derive("How many integers satisfy |x - 3| <= 4?").answer_text == "9"
    assert derive("What is the largest integer x such that 3x - 5 < 10?").answer_text == "4"
    with pytest.raises(Unsupported, match="infinitely many"):
        derive("How many integers satisfy 2x + 1 > 5?")
    with pytest.raises(Unsupported, match="no smallest"):
        derive("What is the smallest integer x such that 3x - 5 < 10?")


# --- red team: readings that changed the problem ---------------------------------------------------


@pytest.mark.parametrize("prompt, piece", [
    ("x/x >= 1", "undefined at x = 0"),  # x/x works out to 1: 'all real numbers' would keep x = 0
    ("(x - 1)/(x - 1) > 0", "undefined at x = 1"),
    ("x^2/x < 0", "undefined at x = 0"),
    ("Solve 2x - 1 > 3 for whole numbers", "restricts the variable"),  # the answer x > 2 drops 'whole numbers'
    ("Solve 3x - 1 < 8 where x is nonnegative", "restricts the variable"),
])
def test_reader_refuses_a_condition_it_would_drop(prompt, piece):
    with pytest.raises(Unsupported) as caught:
        problem(prompt)
    assert piece in str(caught.value)


def test_reader_and_of_two_bounds_on_x_is_not_a_chain_through_a_number():
    p = problem("x >= 2 and x <= 2")
    assert meaning(p.start) == sp.FiniteSet(2)
    assert p.start.text() == "2 <= x <= 2"  # not 'x >= 2 >= x' with the number 2 in the middle


def test_split_absolute_against_zero():
    start = one(Relation(sp.Abs(x), ">", sp.S.Zero))
    move = only_move(R.split_absolute_inequality(start))
    assert meaning(move.state) == sp.Union(I.open(-sp.oo, 0), I.open(0, sp.oo))
    move = only_move(R.split_absolute_inequality(one(Relation(sp.Abs(x - 3), "<=", sp.S.Zero))))
    assert meaning(move.state) == sp.FiniteSet(3)


def test_one_fraction_keeps_a_common_factor():
    lhs = sp.Add((x**2 - 1) / (x - 1), -2, evaluate=False)
    start = one(Relation(lhs, ">=", sp.S.Zero))
    move = only_move(R.inequality_one_fraction(start))
    assert sp.fraction(sp.together(move.state.branches[0][0].lhs))[1].has(x)  # x = 1 stays out
    assert same_meaning(start, move.state)


def test_sign_chart_without_real_zeros():
    start = one(Relation(1 / (x**2 + 1), ">", sp.S.Zero))
    move = only_move(R.sign_chart(start))
    assert move.state.all_text == R.ALL
    move = only_move(R.sign_chart(one(Relation(-2 / (x**2 + 4), ">=", sp.S.Zero))))
    assert not move.state.branches


def test_rational_answers_after_red_team():
    from scenesmith.kinds.solution.solve import derive

    assert derive("(x^2 - 1)/(x - 1) >= 2").answer_text == "x > 1"
    assert derive("1/(x^2 + 1) > 0").answer_text == "all real numbers"
    assert derive("|x| > 0").answer_text == "x < 0 or x > 0"
