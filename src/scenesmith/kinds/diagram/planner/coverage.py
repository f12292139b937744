"""A diagram must hold what its prompt names: what it left out is what its reader did not read.

Checked from the text itself, not from what the reader reports:
- every named thing is in the diagram: a capitalised word ('Bob', 'PostgreSQL', 'Students'), a
  number, or a noun that names a part ('the server', 'a customer');
- every sentence, and every part of one between semicolons, gave the diagram one of its words.
A word counts as drawn when one of its forms (its singular, a verb's base) is among the words of
the diagram's names, labels, conditions, members, multiplicities and title.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from scenesmith.kinds.diagram.ir import Diagram
from scenesmith.kinds.diagram.planner.english import V, forms, sentences, singular, tokens

_NOT_TEXT = frozenset({"type", "kind", "role", "stereotype", "end", "abstract"})  # IR fields that hold no words of the prompt


def _multi_word(items: tuple[str, ...]) -> frozenset[str]:
    return frozenset(word for item in items for word in item.split())


FUNCTION_WORDS = (
    V.determiners | V.prepositions | V.pronouns | V.auxiliaries | V.modals | V.introducers | V.adverbs
    | _multi_word(V.connectors + V.if_words + V.else_words + V.event_words + V.continue_words)
)


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in _NOT_TEXT:
                yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, str):
        yield value


def drawn_words(diagram: Diagram) -> set[str]:
    """Every form of every word the diagram shows; 'LineItem' and 'placeOrder()' give their parts too."""
    texts = list(_texts(diagram.model_dump()))
    if diagram.type == "activity":
        texts.extend(V.flow_marks)  # 'Start.' and 'Stop.' are the diagram's own start and stop
    out: set[str] = set()
    for text in texts:
        camel_parts = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", text)
        for word in tokens(text) + tokens(camel_parts):
            out |= forms(word)
    return out


def _named(word: str, opens_sentence: bool) -> bool:
    """A number, a name, or a noun for a part: something the diagram must show."""
    low = word.lower()
    if any(ch.isdigit() for ch in word):
        return True
    if low in FUNCTION_WORDS or low in V.interjections:
        return False
    if word[:1].isupper():
        # a sentence's first word is capitalised anyway: there it is a name only if it is no verb or gerund
        return not (opens_sentence and (low in V.base_verbs or low in V.flow_marks or low.endswith("ing")))
    return singular(low) in V.heads


def unread(body: str, diagram: Diagram) -> list[str]:
    """What the text names or says that the diagram does not show, in order, each once."""
    drawn = drawn_words(diagram)
    missing: list[str] = []
    for sentence in sentences(body):
        for part in re.split(r"\s*;\s*", sentence):
            words = tokens(part)
            named = [w for i, w in enumerate(words) if _named(w, i == 0) and not forms(w) & drawn]
            missing.extend(repr(w) for w in named)
            content = [w for w in words if w.lower() not in FUNCTION_WORDS]
            if content and not named and not any(forms(w) & drawn for w in content):
                missing.append(f"“{part}”")
    return list(dict.fromkeys(missing))
