"""The diagram kind: plain English (or PlantUML source) to a checked SVG and PNG.

Stages: plan (English → typed IR, sentences only), source (IR → PlantUML, or the given
block, checked), render (SVG and PNG on warm JVMs; PlantUML's report and the image itself
are both checked, so an error is never handed out as a diagram).
"""

from __future__ import annotations

from scenesmith.engine.errors import StageFailed, UserError
from scenesmith.engine.kinds import Outcome
from scenesmith.engine.request import Request
from scenesmith.engine.stages import StageIO, StageOutput, StageRunner, code_version, package_version
from scenesmith.kinds.diagram import plantuml
from scenesmith.kinds.diagram.compiler import compile_diagram
from scenesmith.kinds.diagram.errors import DiagramError
from scenesmith.kinds.diagram.ir import parse_diagram
from scenesmith.kinds.diagram.source import extract, is_plantuml

PLANNER_VERSION = code_version("scenesmith.kinds.diagram.ir", extra=package_version("scenesmith.kinds.diagram.planner"))
COMPILER_VERSION = code_version("scenesmith.kinds.diagram.ir", "scenesmith.kinds.diagram.compiler", "scenesmith.kinds.diagram.source")


def _planner():
    """The English planner: its modules (and inflect, about a second) load on the first claim, not with the CLI."""
    from scenesmith.kinds.diagram import planner

    return planner


class DiagramKind:
    name = "diagram"
    order = 20
    artifact_files = {"source": "diagram", "svg": "diagram", "png": "diagram", "plan": "plan"}
    description = "a diagram (sequence, class, activity, state, use case or component) described in plain English, or PlantUML source"
    hint = "describe a diagram ('A School has many Classes; a Class has many Students')"
    preload: list[str] = []  # renders on its own warm JVMs, not in the Manim pool

    def claim(self, prompt: str) -> float:
        return 1.0 if is_plantuml(prompt) else _planner().diagram_score(prompt)

    def suggest(self, prompt: str) -> list[str]:
        return []

    def refusal(self, prompt: str) -> UserError | None:
        try:
            _planner().plan_diagram(prompt)
        except DiagramError as exc:  # what the planner understood, and how to phrase a diagram
            return UserError(str(exc), exc.suggestions)
        return None

    def diagnose(self, prompt: str, claimed: bool) -> str | None:
        """A prompt no kind claims that reads like a diagram the planner could not draw in full: what it did not read."""
        if claimed or is_plantuml(prompt):
            return None
        try:
            error = _planner().refusal_for_unclaimed(prompt)
        except DiagramError as exc:
            raise UserError(str(exc), exc.suggestions) from None
        return str(error) if error else None

    def run(self, runner: StageRunner, request: Request) -> Outcome:
        renderer = plantuml.shared()  # its JVMs start on the first render: a run whose render is cached starts none
        artifacts: dict[str, str] = {}
        report: dict = {}
        given_by_user = is_plantuml(request.prompt)
        if given_by_user:
            try:
                given = extract(request.prompt)
            except DiagramError as exc:  # what is wrong with the given source, and where
                raise UserError(str(exc), exc.suggestions) from None

            def take(io: StageIO) -> StageOutput:
                return StageOutput(files={"source": io.put_text(given.text + "\n", ".puml")})

            source_out = runner.stage("source", COMPILER_VERSION, {"kind": self.name, "given": given.text}, take)
            report["input"] = "plantuml"
            first_line = given.first_line  # where the block starts in what the user wrote
        else:

            def plan(io: StageIO) -> StageOutput:
                try:
                    diagram = _planner().plan_diagram(request.prompt)
                except DiagramError as exc:  # the sentence could not be drawn: a bad request, not our failure
                    raise UserError(str(exc), exc.suggestions) from None
                io.log(f"{diagram.type} diagram: {', '.join(diagram.names())}")
                return StageOutput(files={"plan": io.put_text(diagram.model_dump_json(indent=2), ".json")}, value={"type": diagram.type, "names": diagram.names()})

            plan_out = runner.stage("plan", PLANNER_VERSION, {"kind": self.name, "prompt": request.prompt}, plan)
            artifacts["plan"] = plan_out.files["plan"]
            report.update(input="sentence", diagram=plan_out.value["type"], names=plan_out.value["names"])

            def compile_(io: StageIO) -> StageOutput:
                diagram = parse_diagram(io.path(plan_out.files["plan"]).read_text(encoding="utf-8"))
                return StageOutput(files={"source": io.put_text(compile_diagram(diagram), ".puml")})

            source_out = runner.stage("source", COMPILER_VERSION, {"plan": plan_out.files["plan"]}, compile_)
            first_line = 1
        artifacts["source"] = source_out.files["source"]

        def render(io: StageIO) -> StageOutput:
            text = io.path(source_out.files["source"]).read_text(encoding="utf-8").rstrip("\n")
            try:
                results = renderer.render_many(text, ("svg", "png"))
            except plantuml.PlantUMLMissing as exc:
                raise StageFailed(str(exc)) from None
            for fmt, result in results.items():
                io.log(f"{fmt}: {len(result.data)} bytes in {result.seconds:.3f}s ({'warm' if result.warm else 'cold'} JVM)")
                if result.timed_out:
                    message = f"PlantUML did not finish the diagram within {renderer.timeout_s:.0f} s"
                    if given_by_user:
                        raise UserError(message + "; simplify the diagram and try again.")
                    raise StageFailed(message)
                if result.problems:
                    problem = result.problems[0]
                    if given_by_user:
                        line = problem.line + first_line - 1 if problem.line else 0
                        where = f"line {line}" if line else "the diagram"
                        shown = f": {problem.text.strip()!r}" if problem.text.strip() else ""
                        raise UserError(f"PlantUML rejected {where} ({problem.message}){shown}. Fix that line and try again.")
                    raise StageFailed(f"internal error: the compiled diagram was rejected: {problem.describe()}")
            return StageOutput(files={"svg": io.put_bytes(results["svg"].data, ".svg"), "png": io.put_bytes(results["png"].data, ".png")})

        render_out = runner.stage("render", code_version("scenesmith.kinds.diagram.plantuml", extra=plantuml.renderer_version()), {"source": source_out.files["source"]}, render)
        artifacts.update(render_out.files)
        return Outcome(status="succeeded", artifacts=artifacts, report=report)
