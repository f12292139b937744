"""The solution kind: read the math, solve it step by step with every step checked by SymPy, then render the steps."""

from __future__ import annotations

import re

from scenesmith.engine.errors import UserError
from scenesmith.engine.kinds import Outcome
from scenesmith.engine.request import Request
from scenesmith.engine.stages import StageIO, StageOutput, StageRunner, package_version

# Every problem the solver reads has a digit, a relation or operator sign, a single-letter variable, a LaTeX command or a math verb.
# Prompts without any of these are turned down before SymPy (a second to import) is loaded.
_MAYBE_MATH = re.compile(
    r"[0-9=<>^%∫√|+*/²³≤≥≠π\\]|\b(?![ai]\b)[a-z]\b|"
    r"\b(solve|simplify|expand|factor|factori[sz]e|derivative|differentiate|integra(l|te|tion)|antiderivative|limit|percent|evaluate|calculate|compute|root|equation|inequality|squared|cubed|mean|median|mode|sequence)\b",
    re.IGNORECASE,
)


def plan_version() -> str:
    return package_version("scenesmith.kinds.solution", "scenesmith.mathreader")


class SolutionKind:
    name = "solution"
    order = 10
    artifact_files = {"video": "video", "subtitles": "subtitles", "thumbnail": "thumbnail", "plan": "plan", "code": "scenes", "report": "report"}  # fmt: skip
    description = "a math problem solved step by step (arithmetic, algebra, equations, inequalities, systems, functions, calculus, sequences, statistics)"
    hint = "write a math problem ('Solve 3x + 7 = 22')"

    preload = ["manim"]

    def claim(self, prompt: str) -> float:
        if not _MAYBE_MATH.search(prompt):
            return 0.0
        from scenesmith.kinds.solution.coverage import asks_for_explanation
        from scenesmith.kinds.solution.problem import Unsupported
        from scenesmith.kinds.solution.solve import problem_of

        if asks_for_explanation(prompt):
            return 0.0
        try:
            problem_of(prompt)
        except (Unsupported, ValueError):
            return 0.0
        return 1.0

    def suggest(self, prompt: str) -> list[str]:
        return []

    def refusal(self, prompt: str) -> UserError | None:
        from scenesmith.kinds.solution.problem import Unsupported
        from scenesmith.kinds.solution.solve import problem_of

        try:
            problem_of(prompt)
        except Unsupported as exc:
            return UserError(str(exc))
        return None

    def diagnose(self, prompt: str, claimed: bool) -> str | None:
        """Why the solver refuses a prompt that is surely a math problem, or None.

        Always for a problem too big to work and for one that opens with 'Solve', 'Simplify', 'Factor', 'Expand',
        'Differentiate' or 'Integrate' (a solver verb, with every word understood); when no other kind claims the
        prompt, for any specific refusal (a word problem it does not read, an equation it cannot solve exactly).
        """
        if not _MAYBE_MATH.search(prompt):
            return None
        from scenesmith.kinds.solution.coverage import asks_for_explanation, opens_with_solver_verb
        from scenesmith.kinds.solution.problem import Unsupported
        from scenesmith.kinds.solution.solve import problem_of

        try:
            problem_of(prompt)
        except Unsupported as exc:
            understood = not exc.what.startswith(("I did not understand the words", "I found no math", "I do not know what to do"))
            if asks_for_explanation(prompt) and not opens_with_solver_verb(prompt):
                understood = False  # "Explain the slope of y = x^2 - 4", "Explain the A* search": the explainer's to refuse
            if "too big" in exc.what or (understood and (opens_with_solver_verb(prompt) or not claimed)):
                return str(exc)
        return None

    def run(self, runner: StageRunner, request: Request) -> Outcome:
        from scenesmith.kinds.solution.planner import solution_storyboard
        from scenesmith.kinds.solution.problem import Unsupported
        from scenesmith.kinds.solution.solve import solve
        from scenesmith.storyboard import pipeline

        def plan(io: StageIO) -> StageOutput:
            try:
                solution = solve(request.prompt)
            except Unsupported as exc:
                raise UserError(str(exc)) from None
            for note in solution.notes:
                io.log(f"note: {note}")
            for step in solution.steps:
                io.log(f"{step.latex}    [{step.rule}: {step.reason}]")
            board = solution_storyboard(solution, hints=request.hints)
            files = {"plan": io.put_text(board.model_dump_json(indent=2), ".json"), "solution": io.put_text(solution.model_dump_json(indent=2), ".json")}
            return StageOutput(files=files, value={"answer": solution.answer_text, "answer_latex": solution.answer_latex})

        out = runner.stage("plan", plan_version(), {"kind": self.name, "prompt": request.prompt, "hints": request.hints}, plan)
        outcome = pipeline.produce(runner, out.files["plan"], request.quality)
        if not request.hints:
            outcome.answer = out.value["answer"]
            outcome.report["answer_latex"] = out.value.get("answer_latex")
        return outcome
