"""The explainer kind: find the verified topic that accounts for the whole prompt, fill its template, render it."""

from __future__ import annotations

import hashlib
from functools import cached_property
from typing import TYPE_CHECKING

from scenesmith.engine.errors import UserError
from scenesmith.kinds.explainer.errors import TopicError
from scenesmith.engine.kinds import Outcome, unsupported
from scenesmith.engine.request import Request
from scenesmith.engine.stages import StageIO, StageOutput, StageRunner, code_version

if TYPE_CHECKING:  # the library and the router (SymPy, BM25) load on the first claim, not with the CLI
    from scenesmith.kinds.explainer.library import Topic
    from scenesmith.kinds.explainer.routing import Decision, Router

PLANNER_VERSION = code_version("scenesmith.kinds.explainer.parameters", "scenesmith.kinds.explainer.library", "scenesmith.kinds.explainer.routing")


class ExplainerKind:
    name = "explainer"
    order = 40
    artifact_files = {"video": "video", "subtitles": "subtitles", "thumbnail": "thumbnail", "plan": "plan", "code": "scenes", "report": "report"}  # fmt: skip
    description = "an explainer video on a topic from the library"
    hint = "name a topic from 'scenesmith topics' (a new topic is a YAML file or a pip-installed topic pack: docs/topics.md)"
    preload = ["manim"]

    @cached_property
    def topics(self) -> tuple[Topic, ...]:
        from scenesmith.kinds.explainer.library import load_topics

        return load_topics()

    @cached_property
    def router(self) -> Router:
        from scenesmith.kinds.explainer.routing import Router

        return Router(self.topics)

    def decide(self, prompt: str) -> Decision:
        return self.router.decide(prompt)

    def claim(self, prompt: str) -> float:
        return 0.9 if self.decide(prompt).chosen else 0.0

    def suggest(self, prompt: str) -> list[str]:
        """Nearest topics, and only ones that share a key term with the prompt."""
        return [f"{m.topic.title} (explainer)" for m in self.decide(prompt).nearest()]

    def not_understood(self, prompt: str) -> str | None:
        return self.decide(prompt).not_understood()

    def refusal(self, prompt: str) -> UserError | None:
        decision = self.decide(prompt)
        near = decision.nearest()
        message = decision.not_understood()
        if near:
            message += " Nearest topics: " + "; ".join(m.topic.title for m in near) + "."
        return UserError(message + " Run 'scenesmith topics' to list every topic; docs/topics.md says how to add one.", [m.topic.title for m in near])

    def register_commands(self, app) -> None:
        from scenesmith.kinds.explainer.commands import register

        register(app)

    def run(self, runner: StageRunner, request: Request) -> Outcome:
        from scenesmith.kinds.explainer.parameters import build  # SymPy and the renderer load only for a run
        from scenesmith.storyboard import pipeline

        decision = self.decide(request.prompt)
        chosen = decision.chosen
        if chosen is None:
            raise self.refusal(request.prompt) or unsupported(request.prompt, [self])
        topic = chosen.topic
        topic_hash = hashlib.sha256(topic.model_dump_json().encode()).hexdigest()

        def plan(io: StageIO) -> StageOutput:
            try:
                board, answer = build(topic, request.prompt)
            except TopicError as exc:  # the topic's own words, as the engine's bad-input error
                raise UserError(str(exc), exc.suggestions) from None
            io.log(f"topic {topic.id} (score {chosen.score:.2f}, covered {', '.join(chosen.covered) or '-'}; parameters {chosen.parameters or 'defaults'})")
            return StageOutput(files={"plan": io.put_text(board.model_dump_json(indent=2), ".json")}, value={"topic": topic.id, "answer": answer})

        out = runner.stage("plan", PLANNER_VERSION, {"kind": self.name, "topic": topic.id, "topic_hash": topic_hash, "prompt": request.prompt}, plan)
        outcome = pipeline.produce(runner, out.files["plan"], request.quality)
        outcome.answer = (out.value or {}).get("answer")
        outcome.report["routing"] = decision.report()
        return outcome
