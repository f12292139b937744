"""Component and deployment diagrams: components, the links between them, and the nodes they run on.

'The mobile app talks to the API gateway, which routes to the orders service': subjects and
objects of each clause are components (merged by name), the verb and its preposition label the
link; 'which' and 'both services' refer back; a name says its shape (database, queue, node …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scenesmith.kinds.diagram.ir import Component, ComponentDiagram, Link
from scenesmith.kinds.diagram.planner.english import (
    THIRD_PERSON,
    V,
    display_name,
    find_verb,
    noun_phrase,
    clauses,
    quantity,
    singular,
    split_list,
    strip_connectors,
    subject_words,
    third_person,
    tokens,
)
from scenesmith.kinds.diagram.planner.parts import Registry, stereotype
from scenesmith.kinds.diagram.planner.refusals import NotUnderstood

_DEPLOYED = re.compile(r"\b(?:deployed|hosted|runs?|lives?)\s+(?:on|in|to)\b", re.I)


def _component_clause(text: str) -> bool:
    words = tokens(strip_connectors(text))
    return bool(words) and (words[0].lower() in V.pronouns | set(THIRD_PERSON) or find_verb(words) is not None)


@dataclass
class _ComponentBuilder:
    registry: Registry = field(default_factory=Registry)
    links: list[tuple[int, int, str]] = field(default_factory=list)
    nodes: set[int] = field(default_factory=set)  # targets of 'is deployed on'
    last_subjects: list[int] = field(default_factory=list)
    last_objects: list[int] = field(default_factory=list)

    def things(self, text: str) -> list[int]:
        out = []
        for item in split_list(text):
            located = re.search(r"\b(?:in|into|to|on|from|via)\s+(?P<place>[^,]+)$", item, re.I)
            if located:  # "… images in S3 and data in DynamoDB": the place is the component
                item = located["place"]
            words = noun_phrase(tokens(quantity(item)[1]))
            if words and words[0].lower() not in V.pronouns and len(words) <= 4:
                out.append(self.registry.add(display_name(words)))
        return out

    def subjects(self, words: list[str]) -> list[int]:
        """Who does it: named things, or 'which' / 'it' / 'both services' / 'they' for earlier ones."""
        words = subject_words(words)
        np = noun_phrase(words)
        first = words[0].lower() if words else ""
        if first in {"which", "that", "who"}:
            return self.last_objects[-1:]
        if first in {"it", "this"}:
            return self.last_subjects
        plural = first in {"both", "all", "each", "they", "these", "those"} or (
            len(np) == 1 and singular(np[0]) != np[0] and self.registry.find(display_name(np)) is None
        )
        if plural:
            head = singular(np[-1]).lower() if np else ""
            pool = self.last_objects if len(self.last_objects) > 1 else self.last_objects + self.last_subjects
            matching = [i for i in pool if head and self.registry.names[i].lower().endswith(head)]
            return matching or ([] if head and head not in {"they", "them"} and np else pool)
        return self.things(" ".join(words))


def plan_component(body: str, title: str | None) -> ComponentDiagram:
    b = _ComponentBuilder()
    for clause in clauses(body, _component_clause):
        words = tokens(clause)
        if not words:
            continue
        if words[0].lower() in THIRD_PERSON and b.last_subjects:
            verb_at, sources = 0, b.last_subjects  # "… and writes to S3"
        else:
            verb_at = 1 if words[0].lower() in V.pronouns else find_verb(words)
            if verb_at is None or verb_at >= len(words):
                continue
            sources = b.subjects(words[:verb_at])
        rest = words[verb_at + 1:]
        preposition = next((i for i, w in enumerate(rest[:4]) if w.lower() in V.prepositions), None)
        label_words = [words[verb_at], *rest[: preposition + 1]] if preposition is not None else [words[verb_at]]
        targets = b.things(" ".join(rest[preposition + 1:] if preposition is not None else rest))
        label = " ".join(w.lower() for w in label_words)
        verb = label_words[0].lower()
        if verb in V.base_verbs and verb not in THIRD_PERSON:  # "both services use" → "uses"
            label = " ".join([third_person(verb), *label.split()[1:]])
        for source in sources:
            for target in targets:
                if source != target and (source, target, label) not in b.links:
                    b.links.append((source, target, label))
        if _DEPLOYED.search(" ".join(label_words)):
            b.nodes.update(targets)
        b.last_subjects, b.last_objects = sources or b.last_subjects, targets or b.last_objects
    names = b.registry.names
    if not b.links:
        raise NotUnderstood("component", names, "found no link between components")
    components = [
        Component(name=name, stereotype="node" if i in b.nodes and stereotype(name) == "component" else stereotype(name))
        for i, name in enumerate(names)
    ]
    links = [Link(source=names[s], target=names[t], label=label[:120]) for s, t, label in b.links]
    return ComponentDiagram(title=title, components=components, links=links)


