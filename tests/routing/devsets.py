"""The routing dev sets: prompts every kind must refuse, and prompts that must reach one explainer topic.

- negative: bench/routing_negative.yaml ({category, prompt, unknown}: `unknown` is the part a
  refusal must name as not understood);
- positive: every topic's examples, plus the paraphrases in bench/routing_positive/*.yaml
  ({topic, prompt, parameters}: the parameters the router must read, as it reports them).
"""

from __future__ import annotations

from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parents[2] / "bench"


def negative() -> list[dict]:
    return yaml.safe_load((BENCH / "routing_negative.yaml").read_text(encoding="utf-8"))["prompts"]


def paraphrases() -> list[dict]:
    found = []
    for path in sorted((BENCH / "routing_positive").glob("*.yaml")):
        found += [{**entry, "source": path.name} for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["prompts"]]
    return found


def positive() -> list[dict]:
    """Every topic's examples (parameters not given: checked elsewhere) and the paraphrases (parameters given)."""
    from scenesmith.kinds.explainer.library import load_topics

    examples = [{"topic": t.id, "prompt": p, "parameters": None, "source": "examples"} for t in load_topics() for p in t.examples]
    return examples + paraphrases()


def without_echo(message: str, prompt: str) -> str:
    """The refusal without the engine's fallback that only quotes the prompt back (it names nothing)."""
    return message.replace(f"cannot make anything of {prompt[:80]!r}", "cannot make anything of the prompt")
