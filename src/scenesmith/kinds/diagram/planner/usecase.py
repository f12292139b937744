"""Use case diagrams: actors, what each can do, and which actor can do all another can.

'An admin can manage users and view reports; a guest can only view reports': the subjects of
'can' are actors, each goal after it a use case; 'a librarian can do everything a member can'
makes the librarian a kind of member.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scenesmith.kinds.diagram.ir import Generalisation, UseCase, UseCaseActor, UseCaseDiagram, UseCaseLink
from scenesmith.kinds.diagram.planner.english import (
    V,
    display_name,
    noun_phrase,
    clauses,
    sentence_case,
    singular,
    split_list,
    tokens,
)
from scenesmith.kinds.diagram.planner.refusals import NotUnderstood

_ABILITY = re.compile(
    r"^(?P<actors>.+?)\s+(?:can|may|could|is\s+able\s+to|are\s+able\s+to|(?:should|must|will)\s+be\s+able\s+to|"
    r"wants?\s+to|needs?\s+to|is\s+allowed\s+to|are\s+allowed\s+to)\s+(?:also\s+|only\s+|just\s+)*(?!be\b)(?P<goals>.+)$",
    re.I,
)
_LETS = re.compile(r"\b(?:lets|allows|enables)\s+(?P<rest>.+)$", re.I)
_INHERITS_ACTOR = re.compile(
    r"^(?P<child>.+?)\s+(?:is|are)\s+(?:also\s+)?(?:an?\s+)?(?:(?:kind|type|special\s+kind)\s+of\s+(?:an?\s+)?)?(?P<parent>\w+(?:\s+\w+)?)$",
    re.I,
)
_EVERYTHING = re.compile(r"^do\s+(?:everything|anything|all|whatever)\s+(?:that\s+)?(?P<parent>.+?)\s+can(?:\s+do)?$", re.I)


@dataclass
class _UseCaseBuilder:
    actors: dict[str, str] = field(default_factory=dict)  # lower-case → display
    usecases: dict[str, str] = field(default_factory=dict)
    links: list[tuple[str, str]] = field(default_factory=list)
    generalisations: list[tuple[str, str]] = field(default_factory=list)

    def actor(self, text: str) -> str | None:
        words = noun_phrase(tokens(re.sub(r"^(?:both|all|every|each)\s+", "", text.strip(), flags=re.I)))
        if not words or len(words) > 3 or words[0].lower() in V.pronouns:
            return None
        name = display_name([*words[:-1], singular(words[-1])])
        return self.actors.setdefault(name.lower(), name)

    def usecase(self, text: str) -> str:
        name = sentence_case(re.sub(r"^(?:to|also|only|just)\s+", "", text.strip(), flags=re.I))[:60]
        return self.usecases.setdefault(name.lower(), name)


def _goals(text: str) -> list[str]:
    """'manage users and view reports' → ['manage users', 'view reports']; 'search and filter products'
    → ['search products', 'filter products'] (a bare verb borrows the next goal's object)."""
    parts = [p for p in split_list(text) if tokens(p)]
    goals: list[str] = []
    for i, part in enumerate(parts):
        words = tokens(part)
        if len(words) == 1 and i + 1 < len(parts) and len(tokens(parts[i + 1])) > 1:
            part = " ".join([words[0], *tokens(parts[i + 1])[1:]])
        goals.append(part)
    return goals


def _usecase_clause(text: str) -> bool:
    return bool(_ABILITY.match(text) or _LETS.search(text) or _INHERITS_ACTOR.match(text))


def plan_usecase(body: str, title: str | None) -> UseCaseDiagram:
    b = _UseCaseBuilder()
    for clause in clauses(body, _usecase_clause):
        _read_usecase_clause(b, clause)
    actors = list(b.actors.values())
    if not b.links:
        raise NotUnderstood("usecase", actors, "found no actor who can do something")
    linked = {a for a, _ in b.links} | {x for pair in b.generalisations for x in pair}
    return UseCaseDiagram(
        title=title,
        actors=[UseCaseActor(name=a) for a in actors if a in linked],
        usecases=[UseCase(name=u) for u in b.usecases.values()],
        links=[UseCaseLink(actor=a, usecase=u) for a, u in dict.fromkeys(b.links)],
        generalisations=[Generalisation(child=c, parent=p) for c, p in dict.fromkeys(b.generalisations)],
    )


def _read_usecase_clause(b: _UseCaseBuilder, clause: str) -> None:
    if m := _ABILITY.match(clause):
        actors = [a for a in (b.actor(x) for x in split_list(m["actors"])) if a]
        goals_text = m["goals"]
    elif (m := _LETS.search(clause)) and (words := tokens(m["rest"])):
        verb_at = next((i for i, w in enumerate(words) if i and (w.lower() in V.base_verbs or w.lower() == "to")), None)
        if verb_at is None:  # "lets members X …": take the actor to be the first noun
            verb_at = 2 if words[0].lower() in V.determiners else 1
        if verb_at >= len(words):
            return
        actors = [a for a in (b.actor(x) for x in split_list(" ".join(words[:verb_at]))) if a]
        goals_text = " ".join(words[verb_at + (words[verb_at].lower() == "to"):])
    elif m := _INHERITS_ACTOR.match(clause):
        parent = b.actor(m["parent"])
        for child in (b.actor(x) for x in split_list(m["child"])):
            if child and parent and child != parent:
                b.generalisations.append((child, parent))
        return
    else:
        return
    for goal in _goals(goals_text):
        everything = _EVERYTHING.match(goal)
        if everything:
            parent = b.actor(everything["parent"])
            b.generalisations.extend((a, parent) for a in actors if parent and a != parent)
            continue
        usecase = b.usecase(goal)
        b.links.extend((a, usecase) for a in actors if usecase)


