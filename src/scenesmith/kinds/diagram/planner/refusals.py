"""What the planner says when it cannot draw a prompt: what it understood, and how to phrase it instead."""

from __future__ import annotations

from collections.abc import Iterable

from scenesmith.kinds.diagram.errors import DiagramError
from scenesmith.kinds.diagram.planner.english import V, looks_like_math, singular, tokens

_ARTICLE = {"activity": "an activity", "usecase": "a use case"}


class NotUnderstood(Exception):
    """A reader could not build its diagram; `found` is what it did recognise, for the message."""

    def __init__(self, kind: str, found: Iterable[str], problem: str, advice: str = "", half_read: bool = False) -> None:
        super().__init__(problem)
        self.kind = kind
        self.found = list(dict.fromkeys(found))
        self.problem = problem
        self.advice = advice  # what to write instead, when the example sentence is not the answer
        self.half_read = half_read  # the reader drew a diagram, but it leaves out things the prompt names


def a_diagram(kind: str | None) -> str:
    """'a class diagram', 'an activity diagram', 'a diagram'."""
    return f"{_ARTICLE.get(kind, f'a {kind}')} diagram" if kind else "a diagram"


def explain(failure: NotUnderstood) -> DiagramError:
    kind = failure.kind
    advice = failure.advice or f"Say how the parts connect, for example: \"{V.examples[kind]}\""
    return DiagramError(
        f"This reads like {a_diagram(kind)}, but I could not draw it: I {failure.problem}. {advice}",
        suggestions=[V.examples[kind]],
    )


def nothing_described(kind: str | None) -> DiagramError:
    return DiagramError(
        f"You asked for {a_diagram(kind)} but did not describe anything to draw. "
        f"Describe the parts and how they connect, for example: \"{V.examples[kind or 'sequence']}\"",
        suggestions=list(V.examples.values()),
    )


def no_diagram(body: str) -> DiagramError:
    """Nothing in the text reads as a diagram: say what little was recognised, and how to ask."""
    examples = f"\"{V.examples['sequence']}\" or \"{V.examples['class']}\""
    if looks_like_math(body):
        return DiagramError(
            f"This looks like a maths problem, not a diagram: I found no parts and no relations between them. "
            f"To get a diagram, describe the parts and how they connect, for example {examples}",
            suggestions=list(V.examples.values()),
        )
    words = tokens(body)
    things = [w for i, w in enumerate(words) if singular(w.lower()) in V.system_heads | V.person_heads | V.database_words
              or (i and w[:1].isupper())]
    found = (f"I found only {', '.join(repr(t) for t in dict.fromkeys(things))}, with nothing connected to it"
             if things else "I found no parts (participants, classes, states, actors or components) to draw")
    return DiagramError(
        f"I could not find a diagram in this: no diagram type was named, and {found}. "
        f"Name the type (\"Draw a sequence diagram: …\") or describe the parts and how they connect, for example {examples}",
        suggestions=list(V.examples.values()),
    )
