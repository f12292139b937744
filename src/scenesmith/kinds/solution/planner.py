"""Turn a verified Solution into a storyboard: the problem, the steps (as many scenes as they need), the boxed answer.

Each step is animated from the one before it, with its rule as the caption. A long derivation
is split into scenes of at most STEPS_PER_SCENE steps, each starting from where the last one
ended, so no step is cut off or squeezed. With hints, the last step and the answer are left for
the student.
"""

from __future__ import annotations

import math

from scenesmith.kinds.solution.model import Solution, SolutionStep
from scenesmith.storyboard.ir import Storyboard

STEPS_PER_SCENE = 5
LONG_LATEX = 60  # steps this long count double when filling a scene


def _chunks(steps: list[SolutionStep]) -> list[list[SolutionStep]]:
    chunks: list[list[SolutionStep]] = [[]]
    weight = 0
    for step in steps:
        w = 2 if len(step.latex) > LONG_LATEX else 1
        if chunks[-1] and weight + w > STEPS_PER_SCENE:
            chunks.append([])
            weight = 0
        chunks[-1].append(step)
        weight += w
    return [c for c in chunks if c]


def _number_line(solution: Solution) -> dict | None:
    line = solution.number_line
    if line is None:
        return None
    span = line.max - line.min
    step = 1 if span <= 14 else 2 if span <= 28 else 5 if span <= 70 else 10 if span <= 140 else None
    if step is None:
        return None
    lo, hi = math.floor(line.min / step) * step, math.ceil(line.max / step) * step
    return {"type": "number_line", "id": "solution_set", "x_range": {"min": lo, "max": hi, "step": step}, "intervals": line.intervals}


def _step_scenes(solution: Solution, shown: list[SolutionStep], hints: bool) -> list[dict]:
    chunks = _chunks(shown)
    scenes = []
    start = solution.problem_latex
    for index, chunk in enumerate(chunks):
        heading = "Hints" if hints else "Step by step"
        if len(chunks) > 1:
            heading += f" ({index + 1}/{len(chunks)})"
        scenes.append({
            "id": f"steps_{index + 1}",
            "heading": heading,
            "narration": " ".join(f"{s.reason}." for s in chunk)[:600],
            "elements": [{
                "type": "equation_steps", "id": "work", "start": start,
                "steps": [{"latex": s.latex, "reason": s.reason[:120]} for s in chunk],
                "box_last": not hints and index == len(chunks) - 1,
            }],
        })
        start = chunk[-1].latex
    return scenes


def solution_storyboard(solution: Solution, hints: bool = False) -> Storyboard:
    steps = solution.steps
    problem_scene = {
        "id": "problem",
        "heading": "The problem",
        "narration": f"{solution.problem_text}. Let's work it out one step at a time."[:600],
        "elements": [
            {"type": "text", "id": "task", "text": solution.instruction[:120], "size": "body", "color": "yellow"},
            {"type": "equation", "id": "problem", "latex": solution.problem_latex},
        ],
    }
    shown = steps[:-1] if hints else steps
    scenes = [problem_scene, *_step_scenes(solution, shown, hints)]
    if hints:
        next_step = steps[len(shown)]
        scenes.append({
            "id": "your_turn",
            "heading": "Your turn",
            "narration": f"For the last step: {next_step.reason}. Try it yourself before you check the answer."[:600],
            "elements": [
                {"type": "text", "id": "next", "text": f"Next: {next_step.reason}"[:120], "size": "body", "color": "yellow"},
                {"type": "text", "id": "tip", "text": "Finish it yourself, then check your answer.", "size": "caption"},
            ],
        })
    else:
        answer_elements = [{"type": "equation", "id": "answer", "latex": solution.answer_latex, "boxed": True}]
        if solution.alternate_latex:
            answer_elements.append({"type": "equation", "id": "notation", "latex": solution.alternate_latex, "color": "teal"})
        line = _number_line(solution)
        if line:
            answer_elements.append(line)
        if solution.checks:
            answer_elements.append({"type": "text", "id": "check", "text": f"Check: {solution.checks[0]}"[:120], "size": "caption", "color": "green"})
        scenes.append({
            "id": "answer",
            "heading": "Answer",
            "narration": (f"The answer is {solution.answer_text}. " + (f"Check: {solution.checks[0]}." if solution.checks else ""))[:600],
            "elements": answer_elements,
            "hold": 2.0,
        })
    return Storyboard.model_validate({
        "title": solution.problem_text[:80],
        "kind": "solution",
        "scenes": scenes,
        "answer_text": None if hints else solution.answer_text[:300],
    })
