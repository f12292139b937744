"""Plain English → diagram IR, with rules instead of a model.

The planner first decides which of the six diagram types the sentence describes, from an
explicit name ("class diagram") or from structural cues ("has many", "from X to Y", "can
view") (routing.py); then one reader per type (sequence.py … component.py, as in ir.py) picks
the sentence apart with the English helpers (english.py) and the word lists (words.yaml). A
reader either builds a diagram whose every element came from the text, or gives up with a note
of what it found; a diagram that leaves out something the prompt names is not taken either
(coverage.py). Nothing is guessed to fill a gap, so an unclear prompt becomes a DiagramError that
says what was understood and how to phrase it, never a misleading picture.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError

from scenesmith.kinds.diagram.errors import DiagramError
from scenesmith.kinds.diagram.ir import ActivityDiagram, Decision, Diagram
from scenesmith.kinds.diagram.planner.activity import plan_activity, question
from scenesmith.kinds.diagram.planner.classes import plan_class
from scenesmith.kinds.diagram.planner.component import plan_component
from scenesmith.kinds.diagram.planner.coverage import unread
from scenesmith.kinds.diagram.planner.english import V, base_of_gerund, singular, tokens
from scenesmith.kinds.diagram.planner.refusals import NotUnderstood, explain, no_diagram, nothing_described
from scenesmith.kinds.diagram.planner.routing import TYPE_ORDER, Frame, cue_score, read_frame, type_scores
from scenesmith.kinds.diagram.planner.sequence import plan_sequence
from scenesmith.kinds.diagram.planner.state import plan_state
from scenesmith.kinds.diagram.planner.usecase import plan_usecase

_READERS: dict[str, Callable[[str, str | None], Diagram]] = {
    "sequence": plan_sequence,
    "class": plan_class,
    "activity": plan_activity,
    "state": plan_state,
    "usecase": plan_usecase,
    "component": plan_component,
}


def plan_diagram(prompt: str) -> Diagram:
    """Read a sentence into a diagram; DiagramError says what was understood when that is not enough."""
    result = _plan(read_frame(prompt))
    if isinstance(result, NotUnderstood):
        raise explain(result)
    return result


def _plan(frame: Frame) -> Diagram | NotUnderstood:
    """The first candidate reader's full diagram, else the failure of the reader that got furthest."""
    failures: list[NotUnderstood] = []
    for kind in _candidates(frame):
        result = _read(kind, frame)
        if not isinstance(result, NotUnderstood):
            return result
        failures.append(result)
    return max(failures, key=lambda f: len(f.found))


def _candidates(frame: Frame) -> list[str]:
    if not tokens(frame.body):
        raise nothing_described(frame.kind) if frame.explicit else no_diagram(frame.body)
    if frame.kind:
        return [frame.kind]
    scores = type_scores(frame.body)
    candidates = sorted((k for k in TYPE_ORDER if scores[k] > 0), key=lambda k: -scores[k])
    if not candidates and frame.explicit:
        return list(TYPE_ORDER)
    if not candidates:
        raise no_diagram(frame.body)
    return candidates


def _read(kind: str, frame: Frame) -> Diagram | NotUnderstood:
    """One reader's diagram, or why it is not one: the reader gave up, it did not fit, or it left something out."""
    try:
        diagram = _READERS[kind](frame.body, frame.title)
    except NotUnderstood as failure:
        return failure
    except ValidationError as invalid:  # e.g. more elements than a diagram may hold
        reason = invalid.errors()[0]["msg"]
        return NotUnderstood(kind, [], f"could not fit what I read into one diagram ({reason})",
                             "Split the description into smaller diagrams.")
    if isinstance(diagram, ActivityDiagram) and frame.kind != "activity" and _too_thin(diagram):
        return NotUnderstood("activity", diagram.names(), "found a single step and no decision")
    missing = unread(frame.body, diagram)
    if missing:
        return NotUnderstood(
            kind, diagram.names(), f"read {', '.join(diagram.names())} but not {', '.join(missing)}",
            f"Say how each of them takes part, or leave it out; for example: \"{V.examples[kind]}\"", half_read=True,
        )
    return diagram


def _too_thin(diagram: ActivityDiagram) -> bool:
    return len(diagram.nodes) < 2 and not any(isinstance(n, Decision) for n in diagram.nodes)


def diagram_score(prompt: str) -> float:
    """How clearly the prompt asks for a diagram the planner can draw in full: 1.0 when it names one,
    its structural cue (~0.9 for clear structure) when every named thing was read, 0 otherwise."""
    frame = read_frame(prompt)
    if frame.explicit:
        return 1.0
    score = cue_score(frame)
    if score <= 0:
        return 0.0
    try:
        plan_diagram(prompt)
    except DiagramError:
        return 0.0
    return score


def refusal_for_unclaimed(prompt: str) -> DiagramError | None:
    """Why a prompt that reads like a diagram was only half read: what the diagram would have left out.

    None when the prompt can be drawn, has no diagram cues, or no reader got as far as a diagram.
    """
    frame = read_frame(prompt)
    if frame.explicit or cue_score(frame) <= 0:
        return None
    result = _plan(frame)
    return explain(result) if isinstance(result, NotUnderstood) and result.half_read else None


__all__ = [
    "NotUnderstood",
    "base_of_gerund",
    "diagram_score",
    "plan_diagram",
    "question",
    "read_frame",
    "refusal_for_unclaimed",
    "singular",
    "type_scores",
]
