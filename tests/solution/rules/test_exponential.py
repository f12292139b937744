"""Exponential and logarithmic equations: common base, taking logs, exponential form, log rules, domain check."""

import pytest
import sympy as sp

from scenesmith.mathreader import Relation, read, symbol
from scenesmith.kinds.solution.problem import Unsupported
from scenesmith.kinds.solution.rules import exponential as ex
from scenesmith.kinds.solution.steps import search as search_module
from scenesmith.kinds.solution.steps.state import Relations
from tests.solution.rules.moves import only, rel, state

x = symbol("x")
P = lambda b, e: sp.Pow(b, e, evaluate=False)  # noqa: E731


def test_isolate_power():
    m = only(ex.isolate_power(state(3 * P(2, x), 96)))
    assert rel(m).rhs == 32 and m.caption == "Divide both sides by 3"


def test_write_as_same_base():
    m = only(ex.write_as_same_base(state(P(4, x), P(8, x - 1))))
    assert rel(m).lhs.doit() == 2 ** (2 * x) and sp.expand(rel(m).rhs.exp.doit()) == 3 * x - 3
    m = only(ex.write_as_same_base(state(P(9, x), 27)))
    assert rel(m).rhs == P(3, 3) and "powers of 3" in m.caption
    assert ex.write_as_same_base(state(P(2, x), 10)) == []


def test_equate_exponents():
    m = only(ex.equate_exponents(state(P(2, 2 * x), P(2, 3))))
    assert rel(m).lhs == 2 * x and rel(m).rhs == 3
    assert ex.equate_exponents(state(P(2, x), P(3, 2))) == []


def test_power_never_negative():
    m = only(ex.power_never_negative(state(P(2, x), -4)))
    assert m.state.branches == ()


def test_take_logarithm():
    m = only(ex.take_logarithm(state(P(2, x), 10)))
    assert rel(m).rhs == sp.log(10) and sp.simplify(rel(m).lhs - x * sp.log(2)) == 0
    m = only(ex.take_logarithm(state(sp.exp(x), 5)))
    assert rel(m).rhs.doit() == sp.log(5)
    assert ex.take_logarithm(state(P(2, x), 32)) == []  # common base instead


def test_exponential_form():
    m = only(ex.exponential_form(state(ex.LogBase(x, 2), 5)))
    assert rel(m).rhs == 32 and "2^5" in m.caption
    m = only(ex.exponential_form(state(ex.LogBase(x, sp.E), 2)))
    assert rel(m).rhs == sp.exp(2)


def test_isolate_logarithm():
    m = only(ex.isolate_logarithm(state(2 * ex.LogBase(x, 3), 4)))
    assert rel(m).lhs == ex.LogBase(x, 3) and rel(m).rhs == 2


def test_combine_logarithms_is_implies():
    m = only(ex.combine_logarithms(state(sp.Add(ex.LogBase(x, 10), ex.LogBase(x - 3, 10), evaluate=False), 1)))
    assert m.mode == "implies" and "product rule" in m.caption
    assert sp.expand(rel(m).lhs.args[0].doit()) == x**2 - 3 * x


def test_equal_logarithms():
    m = only(ex.equal_logarithms(state(ex.LogBase(2 * x + 1, 3), ex.LogBase(x + 4, 3))))
    assert rel(m).lhs == 2 * x + 1 and m.mode == "implies"
    assert ex.equal_logarithms(state(ex.LogBase(2 * x + 1, 3), ex.LogBase(x + 4, 2))) == []


def test_check_log_domain():
    search_module._START.set(state(sp.Add(ex.LogBase(x, 10), ex.LogBase(x - 3, 10), evaluate=False), 1))
    m = only(ex.check_log_domain(Relations.single(x, Relation(x, "=", sp.Integer(-2)), Relation(x, "=", sp.Integer(5)))))
    assert m.state.solved_values() == [5] and any("log(-2)" in c for c in m.checks)


def test_log_convention_bare_log_is_base_10():
    reading = read("log(x) + log(x - 3) = 1")
    r, notes = ex.log_convention(reading, reading.relations()[0][0])
    assert ex.LogBase(x, 10) in sp.preorder_traversal(r.lhs) and notes
    reading = read("ln(x) = 2")
    r, notes = ex.log_convention(reading, reading.relations()[0][0])
    assert r.lhs == ex.LogBase(x, sp.E) and not notes
    reading = read(r"$\log_{2}(x) = 5$")
    assert ex.log_convention(reading, reading.relations()[0][0])[0].lhs == ex.LogBase(x, 2)


def test_log_convention_refuses_ln_and_log_together():
    reading = read("ln(x) + log(x) = 2")
    with pytest.raises(Unsupported, match="both 'log' and 'ln'"):
        ex.log_convention(reading, reading.relations()[0][0])


@pytest.mark.parametrize("prompt", ["2^x = x + 3", "sqrt(x) = log(x)"])
def test_mixed_kinds_are_refused(prompt):
    from scenesmith.kinds.solution.solve import problem_of
    with pytest.raises(Unsupported, match="cannot solve this equation exactly"):
        problem_of(prompt)


@pytest.mark.parametrize("prompt, answer", [
    ("4^x = 8^(x-1)", "x = 3"),
    ("2^x = 10", "x = ln(10)/ln(2)"),
    ("Solve 2^x = 10 as a decimal to the nearest hundredth", "x = 3.32"),
    ("ln(x) = 2", "x = e^2"),
    ("log(x) + log(x - 3) = 1", "x = 5"),
    ("log(x) = 2", "x = 100"),
])
def test_exponential_chains(prompt, answer):
    from scenesmith.kinds.solution.solve import derive
    assert derive(prompt).answer_text == answer


# --- red team (equations): log and power equations that were refused, and SymPy's complex logs


@pytest.mark.parametrize("prompt, answer", [
    ("log(x) - log(x+1) = log(2)", "no real solution"),  # the candidate x = -2 makes both logs undefined
    ("ln(x) + ln(x - 1) = ln(6)", "x = 3"),  # SymPy's solveset keeps x = -2 (complex logs cancel)
    ("2log(x) = log(9)", "x = 3"),
    ("log(x) + log(4) = 2", "x = 25"),
    ("3^x = 2^(x+1)", "x = -ln(2)/(-ln(3) + ln(2))"),
    ("5^x = 3^x", "x = 0"),
])
def test_red_team_log_and_power_equations(prompt, answer):
    from scenesmith.kinds.solution.solve import derive

    assert derive(prompt).answer_text == answer


def test_log_domain_is_checked_even_where_complex_logs_cancel():
    from scenesmith.kinds.solution.rules.radical import _side_value

    from scenesmith.kinds.solution.rules.exponential import LogBase

    lhs = LogBase(x, 10) - LogBase(x + 1, 10)
    assert _side_value(lhs, x, -2) is None  # log(-2) - log(-1) is real in SymPy, but undefined for a student
    assert _side_value(lhs, x, 1) is not None


def test_log_of_both_powers_brings_the_exponents_down_when_there_is_no_common_base():
    import sympy as sp

    from scenesmith.kinds.solution.rules import exponential
    from scenesmith.kinds.solution.steps.state import Relations
    from scenesmith.mathreader import Relation, symbol

    x = symbol("x")
    (m,) = exponential.log_of_both_powers(Relations.single(x, Relation(sp.Pow(3, x), "=", sp.Pow(2, x + 1, evaluate=False))))
    lhs, rhs = m.state.branches[0][0].lhs, m.state.branches[0][0].rhs
    assert sp.simplify(lhs - x * sp.log(3)) == 0 and sp.simplify(rhs.doit() - (x + 1) * sp.log(2)) == 0
    assert exponential.log_of_both_powers(Relations.single(x, Relation(sp.Pow(4, x), "=", sp.Pow(8, x - 1, evaluate=False)))) == []  # common base 2
