"""Sequence diagrams: participants and the messages between them, in order, with if/otherwise as alt groups.

'The user asks the server for a token, the server returns a token': each clause is a message
from its subject to the participant it names (or back to its caller, or to itself).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scenesmith.kinds.diagram.ir import Alt, AltBranch, Message, Participant, SequenceDiagram
from scenesmith.kinds.diagram.planner.english import (
    THIRD_PERSON,
    V,
    base_of_third,
    display_name,
    find_verb,
    noun_phrase,
    pieces,
    starts_with,
    strip_connectors,
    strip_determiners,
    strip_opening,
    subject_words,
    tokens,
)
from scenesmith.kinds.diagram.planner.parts import Registry, is_thing, role
from scenesmith.kinds.diagram.planner.refusals import NotUnderstood

def _sequence_clause(text: str) -> bool:
    text = strip_connectors(text)
    if starts_with(text, *V.if_words, *V.else_words):
        return True
    words = tokens(text)
    return bool(words) and (words[0].lower() in THIRD_PERSON or find_verb(words) is not None)


@dataclass
class _SequenceBuilder:
    registry: Registry = field(default_factory=Registry)
    known_subjects: set[str] = field(default_factory=set)
    messages: list[tuple[int, int, str, str]] = field(default_factory=list)  # source, target, label, kind
    last_caller: dict[int, int] = field(default_factory=dict)
    groups: list[list[tuple[str, list[int]]]] = field(default_factory=list)  # closed alt groups
    open_group: list[tuple[str, list[int]]] | None = None  # branches: (condition, message indexes)

    def message(self, source: int, target: int, label: str, kind: str) -> None:
        if kind == "call" and source != target:
            self.last_caller[target] = source
        self.messages.append((source, target, label, "self" if source == target else kind))
        if self.open_group is not None:
            self.open_group[-1][1].append(len(self.messages) - 1)

    def open_alt(self, condition: str) -> None:
        self.close_alt()
        self.open_group = [(condition, [])]

    def close_alt(self) -> None:
        if self.open_group and any(indexes for _, indexes in self.open_group):
            self.groups.append([(c, i) for c, i in self.open_group if i])
        self.open_group = None


def _clause_core(text: str) -> tuple[str, str]:
    """Peel 'otherwise' / 'if …,' off a clause: ('else' | 'if <condition>' | '', the clause itself)."""
    text = strip_connectors(text)
    if starts_with(text, *V.else_words):
        return "else", strip_opening(text, *V.else_words)
    if starts_with(text, *V.if_words):
        condition, _, rest = strip_opening(text, *V.if_words).partition(" then ")
        return f"if {condition.strip()}", rest.strip()
    return "", text


def plan_sequence(body: str, title: str | None) -> SequenceDiagram:
    parts = pieces(body, _sequence_clause)
    b = _SequenceBuilder()
    for part in parts:  # first pass: every subject is a participant, so objects can be recognised
        words = tokens(_clause_core(part.text)[1])
        verb = find_verb(words) if words else None
        subject = noun_phrase(subject_words(words[:verb])) if verb else []
        if subject and subject[0].lower() not in V.pronouns:
            b.known_subjects.add(display_name(subject).lower())

    subject_id: int | None = None
    for part in parts:
        marker, text = _clause_core(part.text)
        if marker == "else" and b.open_group is not None:
            b.open_group.append(("else", []))
        elif marker.startswith("if "):
            b.open_alt(marker[3:])
        elif part.sep in {".", ";"}:
            b.close_alt()  # a new sentence or ';' ends the alternatives
        if text:
            subject_id = _sequence_message(b, text, subject_id)
    b.close_alt()
    return _finish_sequence(b, title)


def _sequence_message(b: _SequenceBuilder, text: str, subject_id: int | None) -> int | None:
    """Add the message one clause describes; returns the clause's subject for the next clause."""
    words = tokens(text)
    if not words:
        return subject_id
    last = b.messages[-1] if b.messages else None
    if words[0].lower() in THIRD_PERSON and subject_id is not None:
        verb_at, source = 0, subject_id  # "… and returns a token": the same subject goes on
    else:
        verb_at = find_verb(words)
        if verb_at is None:
            return subject_id
        subject = noun_phrase(subject_words(words[:verb_at]))
        if not subject:
            return subject_id
        pronoun = subject[0].lower() if len(subject) == 1 else ""
        if pronoun in V.pronouns:
            if subject_id is None:
                return subject_id
            source = subject_id
            reply = (base_of_third(words[verb_at]) or "") in V.reply_verbs
            if last and (pronoun in {"which", "who", "that"} or (reply and last[0] == subject_id)):
                source = last[1]  # "…asks the server, which checks" / "…asks the server and it returns"
        else:
            source = b.registry.add(display_name(subject))
    verb = words[verb_at].lower()
    base = base_of_third(verb) or verb
    rest = words[verb_at + 1:]
    target, label_words = _message_target(b, rest)
    kind = "return" if base in V.reply_verbs or any(w.lower() == "back" for w in rest) else "call"
    if target is None and kind == "return":
        target = b.last_caller.get(source)
        if target is None and last and last[0] != source:
            target = last[0]
    elif target is None and base in V.display_verbs:
        target = _audience(b, source)
    elif target is None and rest and last and last[1] == source and last[0] != source:
        target, kind = last[0], "return"  # "… checks the PIN with the bank. The bank approves the payment": the answer
    if target is None:
        target = source
    b.registry.touch(target)
    b.message(source, target, " ".join([verb, *label_words]), kind)
    return source


def _audience(b: _SequenceBuilder, source: int) -> int | None:
    """Whom 'the app shows the home screen' is shown to: the actor who called it, else the first actor."""
    caller = b.last_caller.get(source)
    if caller is not None and role(b.registry.names[caller]) == "actor":
        return caller
    actors = [i for i, name in enumerate(b.registry.names) if role(name) == "actor" and i != source]
    return actors[0] if actors else None


def _message_target(b: _SequenceBuilder, rest: list[str]) -> tuple[int | None, list[str]]:
    """Who the message goes to, and the words of its label ('asks [the server] for a token')."""
    def phrase_end(start: int) -> tuple[list[str], int]:
        np = noun_phrase(rest[start:])
        inner = next((i for i, w in enumerate(np) if i and w.lower() in V.determiners), None)
        np = np[:inner] if inner else np  # "sends [Bob] a message": the recipient ends where the next phrase starts
        return np, start + (len(rest[start:]) - len(strip_determiners(rest[start:]))) + len(np)

    def known(np: list[str]) -> bool:
        name = display_name(np)
        return b.registry.find(name) is not None or name.lower() in b.known_subjects

    np, end = phrase_end(0)
    direct = np if np and rest[0].lower() not in V.prepositions else []
    linked = []  # "sends an order [to the shop]": (phrase, where it starts, where it ends)
    for i, word in enumerate(rest):
        if word.lower() in {"to", "from", "with", "through", "via", "at", "on", "in", "into", "against"}:
            phrase, phrase_stop = phrase_end(i + 1)
            if phrase:
                linked.append((phrase, i, phrase_stop))
    # a participant named elsewhere wins over a thing that is only mentioned: "checks the PIN [with the bank]"
    for strict in (True, False):
        accept = known if strict else (lambda np: is_thing(np, b.registry, b.known_subjects))
        if direct and accept(direct):
            return b.registry.add(display_name(direct)), (rest[end:] or rest)  # "asks [the server] for a token"
        for phrase, start, stop in linked:
            if accept(phrase):
                return b.registry.add(display_name(phrase)), rest[:start] + rest[stop:]
    return None, rest


def _finish_sequence(b: _SequenceBuilder, title: str | None) -> SequenceDiagram:
    names = b.registry.names
    if len(names) < 2 or not any(source != target for source, target, _, _ in b.messages):
        found = f"found {', '.join(names)} but no message from one participant to another" if names else "found no participants"
        raise NotUnderstood("sequence", names, found)

    def to_message(i: int) -> Message:
        source, target, label, kind = b.messages[i]
        return Message(source=names[source], target=names[target], label=label[:120], kind=kind)

    group_at = {group[0][1][0]: group for group in b.groups}
    grouped = {i for group in b.groups for _, indexes in group for i in indexes}
    steps: list[Message | Alt] = []
    for i in range(len(b.messages)):
        if i in group_at:
            branches = [
                AltBranch(condition="" if condition == "else" else condition, messages=[to_message(j) for j in indexes])
                for condition, indexes in group_at[i]
            ]
            steps.append(Alt(branches=branches))
        elif i not in grouped:
            steps.append(to_message(i))
    participants = [Participant(name=name, role=role(name)) for name in names]
    return SequenceDiagram(title=title, participants=participants, messages=steps)
