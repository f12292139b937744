"""Prompt to verified Solution: read the math, find the task, search a chain of checked rules, format and check the answer.

`solve(prompt)` runs all of it in a forked child under a time and memory bound (so no SymPy call
can hang a run) and raises `Unsupported` for anything it will not answer. A wrong answer is the
one outcome that must never happen: every step is checked as it is taken, the final state must
mean the same as the problem, and the answer is checked again against SymPy on the original.
"""

from __future__ import annotations

import sympy as sp

from scenesmith import sandbox
from scenesmith.mathreader import PromptRejected, read
from scenesmith.kinds.solution.answers import default_answer, inequality_notation, interval_notation
from scenesmith.kinds.solution.final_check import shown_answer_matches, substitution_lines
from scenesmith.kinds.solution.model import Solution, SolutionStep
from scenesmith.kinds.solution.problem import Problem, Unsupported
from scenesmith.kinds.solution.steps.checks import UnverifiedStep, meaning, same_meaning
from scenesmith.kinds.solution.steps.search import NoPath, search
from scenesmith.kinds.solution.steps.state import Move, Relations
from scenesmith.kinds.solution.tasks import read_problem

TIME_LIMIT_S = 30.0
MEMORY_MB = 3072
MAX_STEPS = 40
MAX_LATEX = 200


def problem_of(prompt: str) -> Problem:
    """The Problem a prompt states, or Unsupported saying what was not understood."""
    try:
        reading = read(prompt)
    except PromptRejected as exc:
        raise Unsupported(f"The prompt was not read: {exc}") from None
    if reading.too_big:
        raise Unsupported(f"This problem is too big: {reading.too_big}")
    problem = read_problem(reading)
    if problem is None:
        if reading.unread:
            span, why = reading.unread[0]
            raise Unsupported(f"I could not read {span!r} as math: {why}")
        if not reading.items:
            raise Unsupported(f"I found no math to work on in {prompt.strip()[:80]!r}")
        raise Unsupported(f"I do not know what to do with {reading.text[:80]!r}", "Say what to find, e.g. 'Solve …', 'Simplify …', 'What is …?'")
    return problem


def derive(prompt: str) -> Solution:
    """The whole solve in this process, without the time bound (tests of single rules use it)."""
    problem = problem_of(prompt)
    moves: list[Move] = list(problem.intro_steps)
    start = moves[-1].state if moves else problem.start
    try:
        result = search(start, problem.families, problem.goal, max_expansions=problem.max_expansions)
    except NoPath as exc:
        raise Unsupported(f"I could not find verified steps for {problem.title!r}", "No rule I have leads to an answer for it") from exc
    moves += result.moves
    final = moves[-1].state if moves else start
    if not same_meaning(problem.start, final) and not _checked_back(problem, moves):
        raise UnverifiedStep("the final state does not mean the same as the problem")
    answer = (problem.answer or default_answer)(final, problem)
    answer.checks = substitution_lines(problem, answer) + list(answer.checks)
    shown_answer_matches(answer)
    if not moves:
        moves = [Move(final, "This is already the answer", rule="already_solved")]
    if len(moves) > MAX_STEPS:
        raise Unsupported(f"This problem needs more than {MAX_STEPS} steps to show")
    for move in moves:
        if len(move.state.latex()) > MAX_LATEX:
            raise Unsupported("The expressions get too long to show step by step")
    checks = list(answer.checks)
    for move in moves:
        checks += [c for c in move.checks if c not in checks]
    return Solution(
        task=problem.task,
        problem_text=problem.title,
        instruction=problem.instruction,
        problem_latex=problem.start.latex(),
        steps=[SolutionStep(latex=m.state.latex(), reason=m.caption, rule=m.rule) for m in moves],
        answer_text=answer.text,
        answer_latex=answer.latex,
        checks=checks[:8],
        notes=problem.notes,
        number_line=_number_line(answer.value) if isinstance(final, Relations) and len(final.variables) == 1 else None,
        alternate_latex=_other_notation(answer, problem, final),
    )


def _other_notation(answer, problem: Problem, final) -> str | None:
    """An inequality's solution set is shown in both notations: the one asked for is the answer, this is the other."""
    s = answer.value
    if not isinstance(final, Relations) or len(final.variables) != 1 or not isinstance(s, (sp.Interval, sp.Union)) or s == sp.S.Reals:
        return None
    try:
        if problem.form.notation == "interval":
            return inequality_notation(s, final.var)[1]
        return interval_notation(s)[1]
    except Unsupported:
        return None


def _checked_back(problem: Problem, moves: list[Move]) -> bool:
    """A chain with an `implies` step must end in a `check` step that restored the problem's meaning."""
    return any(m.mode == "check" for m in moves) and isinstance(problem.start, Relations) and \
        meaning(moves[-1].state) == meaning(problem.start)


def _number_line(solution_set) -> dict | None:
    """Intervals and points of an inequality's solution set, for the answer scene's number line."""
    if not isinstance(solution_set, (sp.Interval, sp.Union)) or solution_set == sp.S.Reals:
        return None
    parts = solution_set.args if isinstance(solution_set, sp.Union) else (solution_set,)
    intervals, ends = [], []
    for p in parts:
        if not isinstance(p, sp.Interval):
            return None
        iv = {}
        if p.start != -sp.oo:
            iv["start"], iv["include_start"] = float(p.start), not p.left_open
            ends.append(float(p.start))
        if p.end != sp.oo:
            iv["end"], iv["include_end"] = float(p.end), not p.right_open
            ends.append(float(p.end))
        intervals.append(iv)
    if not ends or len(intervals) > 3:
        return None
    lo, hi = min(ends) - 4, max(ends) + 4
    return {"min": lo, "max": hi, "intervals": intervals}


def solve(prompt: str, time_limit_s: float = TIME_LIMIT_S) -> Solution:
    """Solve under the time and memory bound; Unsupported for prompts it will not answer."""
    try:
        return sandbox.call(derive, (prompt,), sandbox.Limits(timeout_s=time_limit_s, memory_mb=MEMORY_MB))
    except TimeoutError:
        raise Unsupported(f"This problem took longer than {time_limit_s:g} s to work out, so it is too big for step-by-step solving") from None
    except MemoryError:
        raise Unsupported("This problem needs more memory than the solver allows, so it is too big for step-by-step solving") from None
