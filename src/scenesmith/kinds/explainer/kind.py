"""The explainer kind: retrieve a verified topic for the prompt, fill its template, render it."""

from __future__ import annotations

import difflib
import hashlib
from functools import cached_property

from scenesmith.engine.errors import UserError
from scenesmith.engine.kinds import Outcome, unsupported
from scenesmith.engine.request import Request
from scenesmith.engine.stages import StageIO, StageOutput, StageRunner, code_version
from scenesmith.kinds.explainer.library import Topic, load_topics

PLANNER_VERSION = code_version("scenesmith.kinds.explainer.parameters", "scenesmith.kinds.explainer.library")
# A topic must match at least this well to be chosen: one distinctive word is enough, a stray common word is not.
MIN_SCORE = 0.9


class ExplainerKind:
    name = "explainer"
    description = "an explainer topic from the library"
    preload = ["manim"]

    @cached_property
    def topics(self) -> tuple[Topic, ...]:
        return load_topics()

    @cached_property
    def index(self):
        from scenesmith.retrieval.bm25 import BM25Index  # bm25s is imported only when a prompt needs it

        return BM25Index([t.search_text() for t in self.topics])

    def best(self, prompt: str):
        """(topic, hit) for the best topic above MIN_SCORE, or None."""
        hits = self.index.search(prompt, k=1)
        if not hits or hits[0].score < MIN_SCORE:
            return None
        return self.topics[hits[0].index], hits[0]

    def claim(self, prompt: str) -> float:
        found = self.best(prompt)
        return 0.0 if found is None else min(0.9, 0.3 + found[1].score / 10)

    def suggest(self, prompt: str) -> list[str]:
        hits = self.index.search(prompt, k=3)
        if hits:
            return [self.topics[h.index].title for h in hits]
        titles = [t.title for t in self.topics]
        return difflib.get_close_matches(prompt, titles, n=3, cutoff=0.0)

    def refusal(self, prompt: str) -> UserError | None:
        return None  # the generic message, with the nearest topics, says it best

    def run(self, runner: StageRunner, request: Request) -> Outcome:
        from scenesmith.kinds.explainer.parameters import plan_topic  # SymPy and the renderer load only for a run
        from scenesmith.storyboard import pipeline

        found = self.best(request.prompt)
        if found is None:
            raise unsupported(request.prompt, [self])
        topic = found[0]
        topic_hash = hashlib.sha256(topic.model_dump_json().encode()).hexdigest()

        def plan(io: StageIO) -> StageOutput:
            board = plan_topic(topic, request.prompt)
            io.log(f"topic {topic.id} (score {found[1].score:.2f}, matched {', '.join(found[1].matched)})")
            return StageOutput(files={"plan": io.put_text(board.model_dump_json(indent=2), ".json")}, value={"topic": topic.id})

        out = runner.stage("plan", PLANNER_VERSION, {"kind": self.name, "topic": topic.id, "topic_hash": topic_hash, "prompt": request.prompt}, plan)
        outcome = pipeline.produce(runner, out.files["plan"], request.quality)
        outcome.answer = None
        return outcome
