"""The routing dev sets through the real router: every negative prompt is refused (exit 2 in the CLI)
with a message that names what was not understood, and every positive prompt reaches its topic
with the right parameters. A prompt answered with the wrong topic fails here."""

from __future__ import annotations

import pytest

from scenesmith.engine.errors import UserError
from scenesmith.engine.kinds import route
from scenesmith.kinds.explainer.kind import ExplainerKind
from tests.routing import devsets

NEGATIVE = devsets.negative()
POSITIVE = devsets.positive()


@pytest.fixture(scope="module")
def explainer() -> ExplainerKind:
    return ExplainerKind()


def test_the_sets_are_big_enough():
    assert len(NEGATIVE) >= 150
    assert len({e["category"] for e in NEGATIVE}) >= 6
    assert len(devsets.paraphrases()) >= len({e["topic"] for e in devsets.paraphrases()}) * 3


@pytest.mark.parametrize("entry", NEGATIVE, ids=[e["prompt"][:50] for e in NEGATIVE])
def test_a_negative_prompt_is_refused_naming_what_was_not_understood(entry):
    with pytest.raises(UserError) as caught:
        chosen = route(entry["prompt"], "auto")
        pytest.fail(f"{entry['prompt']!r} was claimed by {chosen.kind.name}: {chosen.report()}")
    message = devsets.without_echo(str(caught.value), entry["prompt"])
    assert entry["unknown"].lower() in message.lower(), message


@pytest.mark.parametrize("entry", POSITIVE, ids=[f"{e['topic']}:{e['prompt'][:40]}" for e in POSITIVE])
def test_a_positive_prompt_reaches_its_topic_with_its_parameters(explainer, entry):
    assert route(entry["prompt"], "auto").kind.name == "explainer"
    decision = explainer.decide(entry["prompt"])
    assert decision.chosen is not None, decision.report()
    assert decision.chosen.topic.id == entry["topic"], decision.report()
    if entry["parameters"] is not None:
        assert decision.chosen.parameters == {k: str(v) for k, v in entry["parameters"].items()}
