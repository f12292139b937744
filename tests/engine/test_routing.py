"""Auto routing across all four kinds: every dev prompt goes to its kind, and near-misses do not cross over."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scenesmith.engine.errors import UserError
from scenesmith.engine.kinds import resolve

BENCH = Path(__file__).resolve().parents[2] / "bench"
PROMPTS = yaml.safe_load((BENCH / "prompts.yaml").read_text())
DIAGRAMS = yaml.safe_load((BENCH / "diagram_prompts.yaml").read_text())["prompts"]
POSES = [p["prompt"] for p in yaml.safe_load((BENCH / "pose_prompts.yaml").read_text())["prompts"]] + ["spin around", "walk slowly"]

CASES = (
    [(p["prompt"], "solution") for p in PROMPTS["problems"]]
    + [(t, "explainer") for t in PROMPTS["topics"]]
    + [(p["prompt"], "diagram") for p in DIAGRAMS]
    + [(p, "pose") for p in POSES]
    + [
        ("Explain sine waves", "explainer"),  # "waves" is also a pose word
        ("@startuml\nA -> B : hi\n@enduml", "diagram"),
        ("Draw a class diagram: a Library has many Books", "diagram"),
    ]
)


@pytest.mark.parametrize(("prompt", "kind"), CASES, ids=[f"{k}:{p[:40]}" for p, k in CASES])
def test_auto_routes_to_the_right_kind(prompt, kind):
    assert resolve(prompt, "auto").name == kind


def test_a_named_kind_explains_its_own_refusal():
    with pytest.raises(UserError, match="Nearest actions"):
        resolve("do the moonwalk", "pose")
    with pytest.raises(UserError, match="could not find a diagram"):
        resolve("qwzx plorb frandle", "diagram")
    with pytest.raises(UserError, match="I have no topic on 'qwzx plorb frandle'"):
        resolve("qwzx plorb frandle", "auto")
