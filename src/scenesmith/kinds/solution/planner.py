"""Turn a verified Solution into a storyboard: the problem, each step animated from the last, the boxed answer."""

from __future__ import annotations

import re

from scenesmith.kinds.solution.model import Solution
from scenesmith.storyboard.ir import Storyboard

TASK_PROMPTS = {
    "solve": "Solve for the unknown",
    "system": "Solve the system of equations",
    "inequality": "Solve the inequality",
    "simplify": "Simplify the expression",
    "expand": "Expand the expression",
    "factor": "Factor the expression",
    "derivative": "Differentiate rule by rule",
    "integral": "Evaluate the definite integral",
    "percent": "Work out the percentage",
}
_INEQUALITY = re.compile(r"^([a-z])\s*(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?)$")


def _number_line(answer: str) -> dict | None:
    """A number line for a one-sided inequality answer such as 'x < 7'."""
    match = _INEQUALITY.match(answer.strip())
    if not match:
        return None
    _, op, bound = match.groups()
    value = float(bound)
    lo, hi = value - 6, value + 6
    interval = {"start": value, "include_start": op == ">="} if op.startswith(">") else {"end": value, "include_end": op == "<="}
    return {"type": "number_line", "id": "solution_set", "x_range": {"min": lo, "max": hi, "step": 1 if hi - lo <= 14 else 2}, "intervals": [interval]}


def solution_storyboard(solution: Solution, hints: bool = False) -> Storyboard:
    steps = solution.steps
    problem_scene = {
        "id": "problem",
        "heading": "The problem",
        "narration": f"{solution.problem_text}. Let's work it out one step at a time.",
        "elements": [
            {"type": "text", "id": "task", "text": TASK_PROMPTS.get(solution.task, "Solve"), "size": "body", "color": "yellow"},
            {"type": "equation", "id": "problem", "latex": solution.problem_latex},
        ],
    }
    scenes = [problem_scene]
    shown = steps[:-1] if hints and len(steps) > 1 else steps
    if hints and len(steps) == 1:
        shown = []
    if shown:
        narration = " ".join(f"{s.reason}." for s in shown)
        scenes.append({
            "id": "steps",
            "heading": "Hints" if hints else "Step by step",
            "narration": narration,
            "elements": [{"type": "equation_steps", "id": "work", "start": solution.problem_latex, "steps": [s.model_dump() for s in shown], "box_last": not hints}],
        })
    if hints:
        next_step = steps[len(shown)]
        scenes.append({
            "id": "your_turn",
            "heading": "Your turn",
            "narration": f"For the last step: {next_step.reason}. Try it yourself before you check the answer.",
            "elements": [
                {"type": "text", "id": "next", "text": f"Next: {next_step.reason}", "size": "body", "color": "yellow"},
                {"type": "text", "id": "tip", "text": "Finish it yourself, then check by substitution.", "size": "caption"},
            ],
        })
    else:
        answer_elements = [{"type": "equation", "id": "answer", "latex": solution.answer_latex, "boxed": True}]
        line = _number_line(solution.answer_text)
        if line:
            answer_elements.append(line)
        if solution.checks:
            answer_elements.append({"type": "text", "id": "check", "text": f"Check: {solution.checks[0]}"[:120], "size": "caption", "color": "green"})
        scenes.append({
            "id": "answer",
            "heading": "Answer",
            "narration": f"The answer is {solution.answer_text}. " + (f"Check: {solution.checks[0]}." if solution.checks else ""),
            "elements": answer_elements,
            "hold": 2.0,
        })
    return Storyboard.model_validate({
        "title": solution.problem_text[:80],
        "kind": "solution",
        "scenes": scenes,
        "answer_text": None if hints else solution.answer_text,
    })
