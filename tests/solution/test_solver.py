"""The step-by-step solver: answers on the dev set, independent re-verification of every step."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import sympy as sp
import yaml

from scenesmith.kinds.solution.model import Solution
from scenesmith.kinds.solution.parsing import UnsupportedProblem
from scenesmith.kinds.solution.solver import derive, solve
from scenesmith.kinds.solution.verify import (
    Rel,
    State,
    Step,
    UnverifiedStep,
    check_roots,
    verify_derivation,
    verify_step,
)

BENCH = Path(__file__).resolve().parents[2] / "bench" / "solution_problems.yaml"
PROBLEMS = yaml.safe_load(BENCH.read_text(encoding="utf-8"))
TASKS = {"solve", "system", "inequality", "simplify", "expand", "factor", "derivative", "integral", "percent"}

x = sp.Symbol("x", real=True)
y = sp.Symbol("y", real=True)


def test_dev_set_is_large_and_well_formed():
    assert len(PROBLEMS) >= 40
    assert all(set(p) == {"prompt", "answer"} for p in PROBLEMS)
    tasks = {solve(p["prompt"]).task for p in PROBLEMS}
    assert tasks == TASKS


@pytest.mark.parametrize("item", PROBLEMS, ids=[p["prompt"] for p in PROBLEMS])
def test_dev_set_answer_and_reverified_steps(item):
    started = time.perf_counter()
    derivation = derive(item["prompt"])
    elapsed = time.perf_counter() - started
    solution = derivation.solution
    assert isinstance(solution, Solution)
    assert solution.answer_text == item["answer"]
    assert 1 <= len(solution.steps) <= 16
    assert solution.steps[0].latex != solution.problem_latex
    assert solution.task in TASKS
    assert 0 < len(solution.problem_text) <= 80
    assert solution.answer_latex
    assert solution.checks
    for step in solution.steps:
        assert 0 < len(step.latex) <= 120
        assert 0 < len(step.reason) <= 120
        assert step.latex.count("{") == step.latex.count("}")
    # independent re-verification of every step with the verifier
    assert [s.state.latex for s in derivation.steps] == [s.latex for s in solution.steps]
    prev = derivation.start
    for step in derivation.steps:
        verify_step(prev, step.state, step.mode, original=derivation.start)
        prev = step.state
    verify_derivation(derivation.start, derivation.steps)
    assert elapsed < 1.0


def test_wrong_step_is_rejected():
    start = State.relation(x, [Rel(3 * x + 7, "=", sp.Integer(22))])
    good = State.relation(x, [Rel(3 * x, "=", sp.Integer(15))])
    bad = State.relation(x, [Rel(3 * x, "=", sp.Integer(16))])
    verify_step(start, good)
    with pytest.raises(UnverifiedStep):
        verify_step(start, bad)
    with pytest.raises(UnverifiedStep):
        verify_derivation(start, [Step(good, "Subtract 7"), Step(State.relation(x, [Rel(x, "=", sp.Integer(6))]), "Divide by 3")])


def test_wrong_inequality_flip_is_rejected():
    start = State.relation(x, [Rel(-3 * x, ">=", sp.Integer(9))])
    with pytest.raises(UnverifiedStep):
        verify_step(start, State.relation(x, [Rel(x, ">=", sp.Integer(-3))]))
    verify_step(start, State.relation(x, [Rel(x, "<=", sp.Integer(-3))]))


def test_squaring_is_only_an_implication_and_needs_a_check():
    original = State.relation(x, [Rel(sp.sqrt(2 * x + 1), "=", x - 1)])
    squared = State.relation(x, [Rel(2 * x + 1, "=", (x - 1) ** 2)])
    with pytest.raises(UnverifiedStep):
        verify_step(original, squared)  # not an equivalence: x = 0 is extraneous
    verify_step(original, squared, "implies")
    candidates = State.relation(x, [Rel(x, "=", sp.Integer(0)), Rel(x, "=", sp.Integer(4))])
    verify_step(squared, candidates)
    with pytest.raises(UnverifiedStep):
        verify_step(candidates, candidates, "check", original=original)  # keeping x = 0 is wrong
    verify_step(candidates, State.relation(x, [Rel(x, "=", sp.Integer(4))]), "check", original=original)
    with pytest.raises(UnverifiedStep):  # a chain that never checks its candidates
        verify_derivation(original, [Step(squared, "Square", "implies"), Step(candidates, "Solve")])


def test_wrong_expression_and_system_steps_are_rejected():
    start = State.expression(sp.Derivative(3 * x**4, x))
    verify_step(start, State.expression(12 * x**3))
    with pytest.raises(UnverifiedStep):
        verify_step(start, State.expression(12 * x**4))
    system = State.system((x, y), [Rel(x + y, "=", sp.Integer(10)), Rel(x - y, "=", sp.Integer(2))])
    verify_step(system, State.system((x, y), [Rel(x + y, "=", sp.Integer(10)), Rel(2 * x, "=", sp.Integer(12))]))
    with pytest.raises(UnverifiedStep):
        verify_step(system, State.system((x, y), [Rel(x + y, "=", sp.Integer(10)), Rel(2 * x, "=", sp.Integer(10))]))


def test_root_check_rejects_a_wrong_root():
    with pytest.raises(UnverifiedStep):
        check_roots(Rel(x**2 - 5 * x + 6, "=", sp.Integer(0)), x, [2, 4])
    assert len(check_roots(Rel(x**2 - 5 * x + 6, "=", sp.Integer(0)), x, [2, 3])) == 2


def test_no_real_solution_is_said_clearly():
    solution = solve("x^2 + 1 = 0")
    assert solution.answer_text == "no real solution"
    assert "no real solution" in solution.steps[-1].latex
    assert "no real solution" in solution.answer_latex


def test_linear_steps_and_reasons():
    solution = solve("3x + 7 = 22")
    assert [s.latex for s in solution.steps] == ["3 x = 15", "x = 5"]
    assert [s.reason for s in solution.steps] == ["Subtract 7 from both sides", "Divide both sides by 3"]
    assert solution.problem_text == "Solve 3x + 7 = 22"
    assert solution.problem_latex == "3 x + 7 = 22"
    assert any("x = 5" in c for c in solution.checks)


def test_inequality_flip_reason():
    solution = solve("-3x + 1 >= 10")
    assert solution.steps[-1].reason == "Divide both sides by -3 and flip the inequality"
    assert solution.steps[-1].latex == r"x \le -3"
    assert len(solution.checks) == 3  # inside, outside and boundary points


def test_quadratic_formula_and_extraneous_root():
    solution = solve("2x^2 + 3x - 4 = 0")
    assert solution.steps[0].reason == "Apply the quadratic formula with a = 2, b = 3, c = -4"
    assert r"\sqrt{41}" in solution.steps[-1].latex
    sqrt_solution = solve("sqrt(2x+1) = x - 1")
    assert any("Square both sides" in s.reason for s in sqrt_solution.steps)
    assert "extraneous" in sqrt_solution.steps[-1].reason
    assert sqrt_solution.answer_text == "x = 4"


def test_system_uses_elimination_or_substitution():
    reasons = " ".join(s.reason for s in solve("x + y = 10, x - y = 2").steps)
    assert "eliminate" in reasons
    reasons = " ".join(s.reason for s in solve("Solve the system 2x + 3y = 12 and x - y = 1").steps)
    assert "Substitute" in reasons
    assert r",\quad" in solve("x + y = 10, x - y = 2").steps[0].latex


def test_derivative_goes_rule_by_rule():
    solution = solve("derivative of 3x^4 - 2x^2 + 5x - 1")
    reasons = [s.reason for s in solution.steps]
    assert reasons[0].startswith("Sum rule")
    assert sum(r.startswith("Power rule") for r in reasons) >= 2
    assert any(r.startswith("Constant rule") for r in reasons)
    assert reasons[-1] == "Simplify"


def test_integral_evaluates_the_antiderivative():
    solution = solve("integrate x^2 from 0 to 3")
    assert solution.steps[0].latex == r"\left[\frac{x^{3}}{3}\right]_{0}^{3}"
    assert solution.answer_text == "9"


def test_unsupported_problems_raise_unsupported():
    for prompt in ["asdf qwerty zxcv", "Explain the Pythagorean theorem", "x^5 + x + 1 = 0", "2^x = 5"]:
        with pytest.raises(UnsupportedProblem):
            solve(prompt)


def test_solve_is_deterministic():
    a = solve("Solve the system 2x + 3y = 12 and x - y = 1").model_dump()
    b = solve("Solve the system 2x + 3y = 12 and x - y = 1").model_dump()
    assert a == b
