"""Activity diagrams: steps in order, and decisions ('if … otherwise …') that may nest.

'Check the order. If the item is in stock, pack it and ship it; otherwise notify the customer':
imperative clauses become actions, a condition becomes a question ('Is the item in stock?').
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from scenesmith.kinds.diagram.ir import Action, ActivityDiagram, Decision
from scenesmith.kinds.diagram.planner.english import (
    THIRD_PERSON,
    V,
    pieces,
    sentence_case,
    starts_with,
    strip_connectors,
    strip_opening,
    tokens,
)
from scenesmith.kinds.diagram.planner.refusals import NotUnderstood


def _imperative(words: list[str]) -> bool:
    """'pack it', 'preheat the oven': a base-form verb, known or followed by its object."""
    if not words:
        return False
    first = words[0].lower()
    if first in V.base_verbs:
        return True
    closed = V.determiners | V.pronouns | V.prepositions | V.auxiliaries | {"and", "or", "if", "then", "not", "no"}
    objects = V.determiners | {"it", "them", "up", "out", "down", "off", "on", "in", "everything"}
    if first in closed or first.endswith("s") or not first.isalpha():
        return False
    if len(words) == 1:
        return words[0].islower()  # "…, refuel, then drive"
    return words[1].lower() in objects  # "wrap it", "preheat the oven"


def _activity_clause(text: str) -> bool:
    text = text.strip()
    if starts_with(text, *V.if_words, *V.else_words, *V.continue_words):
        return True
    return _imperative(tokens(text))


def question(condition: str) -> str:
    """'the item is in stock' → 'Is the item in stock?'; 'the payment succeeds' → 'Does the payment succeed?'."""
    words = condition.strip(" ?.,").split()
    for i, word in enumerate(words[1:6], start=1):
        low = word.lower()
        if low in V.auxiliaries:
            subject, rest = " ".join(words[:i]), words[i + 1:]
            participle = bool(rest) and (rest[0].lower() == "been" or rest[0].lower().endswith(("ed", "en")))
            if low in {"has", "have"} and not participle:
                return sentence_case(f"{'does' if low == 'has' else 'do'} {subject} have {' '.join(rest)}") + "?"
            return sentence_case(f"{low} {subject} {' '.join(rest)}") + "?"
        if low in THIRD_PERSON:
            return sentence_case(f"does {' '.join(words[:i])} {THIRD_PERSON[low]} {' '.join(words[i + 1:])}") + "?"
    return sentence_case(" ".join(words)) + "?"


@dataclass
class _Step:
    kind: str  # "action" | "if" | "unless" | "else"
    text: str
    sep: str  # what came before it: "." (new sentence), ";", ",", "and", "then"
    continues: bool = False  # it began with "then" / "finally": the flow goes on after a branch


_FLOW_MARK = re.compile(rf"^\s*(?:{'|'.join(V.flow_marks)})\s*[.!]?\s*$", re.I)


def _activity_steps(body: str) -> list[_Step]:
    steps: list[_Step] = []
    for piece in pieces(body, _activity_clause):
        text, sep = piece.text, piece.sep
        if starts_with(text, *V.else_words):
            steps.append(_Step("else", "", sep))
            text, sep = strip_opening(text, *V.else_words), ","
        if starts_with(text, *V.event_words):
            text = strip_opening(text, *V.event_words)  # an event: a step
        elif starts_with(text, *V.if_words):
            kind = "unless" if starts_with(text, "unless") else "if"
            condition, _, action = strip_opening(text, *V.if_words).partition(" then ")
            steps.append(_Step(kind, condition.strip(), sep))
            text, sep = action.strip(), ","
        if _FLOW_MARK.match(text):
            continue  # "Start." / "Stop." / "End.": the diagram's own start and stop nodes, not actions
        if text:
            continues = starts_with(text, *V.continue_words)
            steps.append(_Step("action", sentence_case(strip_connectors(text)), sep, continues))
    return steps


class _ActivityParser:
    """Recursive descent over steps: an 'if' takes the actions up to 'otherwise', which takes the rest."""

    def __init__(self, steps: list[_Step]) -> None:
        self.steps, self.i = steps, 0

    def block(self, ends: Callable[[_Step], bool]) -> list[Action | Decision]:
        nodes: list[Action | Decision] = []
        while self.i < len(self.steps):
            step = self.steps[self.i]
            if nodes and (step.kind == "else" or ends(step)):
                break
            self.i += 1
            if step.kind in {"if", "unless"}:
                nodes.append(self.decision(step))
            elif step.kind == "action" and step.text:
                nodes.append(Action(text=step.text))
        return nodes

    def _else_follows(self) -> bool:
        for step in self.steps[self.i:]:
            if step.sep == ".":
                return step.kind == "else"
            if step.kind == "else":
                return True
        return False

    def decision(self, step: _Step) -> Decision:
        with_else = self._else_follows()
        then = self.block(lambda s: s.sep == "." or (s.continues and s.sep in {";", "."} and not with_else))
        otherwise: list[Action | Decision] = []
        if self.i < len(self.steps) and self.steps[self.i].kind == "else":
            self.i += 1
            otherwise = self.block(lambda s: s.sep == "." or s.continues)
        if not then:
            raise NotUnderstood("activity", [], f"found the condition {step.text!r} but no action for it")
        labels = ("no", "yes") if step.kind == "unless" else ("yes", "no")
        return Decision(condition=question(step.text)[:120], then=then, otherwise=otherwise,
                        then_label=labels[0], otherwise_label=labels[1])


def plan_activity(body: str, title: str | None) -> ActivityDiagram:
    steps = _activity_steps(body)
    parser = _ActivityParser(steps)
    nodes: list[Action | Decision] = []
    while parser.i < len(steps):
        nodes.extend(parser.block(lambda s: False))
        if parser.i < len(steps) and steps[parser.i].kind == "else":
            parser.i += 1  # an 'otherwise' with no 'if' before it: keep its actions in the flow
    if not nodes:
        raise NotUnderstood("activity", [], "found no steps to draw")
    return ActivityDiagram(title=title, nodes=nodes)


