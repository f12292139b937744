"""The solution kind: solve the problem step by step with SymPy, then render the verified steps."""

from __future__ import annotations

import re

from scenesmith.engine.errors import UserError
from scenesmith.engine.kinds import Outcome
from scenesmith.engine.request import Request
from scenesmith.engine.stages import StageIO, StageOutput, StageRunner, code_version

# Every problem the solver reads has a digit, a relation or operator sign, a single-letter variable or a math verb.
# Prompts without any of these are turned down before SymPy (a second to import) is loaded.
_MAYBE_MATH = re.compile(
    r"[0-9=<>^%∫√|+*/²³≤≥]|\b(?![ai]\b)[a-z]\b|"
    r"\b(solve|simplify|expand|factor|factori[sz]e|derivative|differentiate|integra(l|te|tion)|antiderivative|percent|evaluate|calculate|compute|root|equation|inequality|squared|cubed)\b",
    re.IGNORECASE,
)

PLANNER_VERSION = code_version("scenesmith.kinds.solution.solver", "scenesmith.kinds.solution.parsing", "scenesmith.kinds.solution.verify", "scenesmith.kinds.solution.planner")


class SolutionKind:
    name = "solution"
    description = "a math problem the solver handles"

    preload = ["manim"]

    def claim(self, prompt: str) -> float:
        if not _MAYBE_MATH.search(prompt):
            return 0.0
        from scenesmith.kinds.solution.parsing import looks_like_math

        return 1.0 if looks_like_math(prompt) else 0.0

    def suggest(self, prompt: str) -> list[str]:
        return []

    def refusal(self, prompt: str) -> UserError | None:
        return None  # the generic message, with the nearest topics, says it best

    def run(self, runner: StageRunner, request: Request) -> Outcome:
        from scenesmith.kinds.solution.parsing import UnsupportedProblem
        from scenesmith.kinds.solution.planner import solution_storyboard
        from scenesmith.kinds.solution.solver import solve
        from scenesmith.storyboard import pipeline

        def plan(io: StageIO) -> StageOutput:
            try:
                solution = solve(request.prompt)
            except UnsupportedProblem as exc:
                raise UserError(str(exc)) from None
            for step in solution.steps:
                io.log(f"{step.latex}    [{step.reason}]")
            board = solution_storyboard(solution, hints=request.hints)
            return StageOutput(files={"plan": io.put_text(board.model_dump_json(indent=2), ".json"), "solution": io.put_text(solution.model_dump_json(indent=2), ".json")}, value={"answer": solution.answer_text})

        out = runner.stage("plan", PLANNER_VERSION, {"kind": self.name, "prompt": request.prompt, "hints": request.hints}, plan)
        outcome = pipeline.produce(runner, out.files["plan"], request.quality)
        outcome.answer = None if request.hints else out.value["answer"]
        return outcome
