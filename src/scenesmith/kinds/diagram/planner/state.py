"""State diagrams: states, the transitions between them and their events, the initial and final states.

'A door can be Open, Closed or Locked. Closing an open door makes it Closed': listed states,
transitions from 'makes it', 'becomes', 'from A to B', 'between A and B'. The thing whose
states they are ('a door') titles the diagram when the prompt gives no title.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from scenesmith.kinds.diagram.ir import State, StateDiagram, Transition
from scenesmith.kinds.diagram.planner.english import (
    V,
    base_of_gerund,
    display_name,
    noun_phrase,
    clauses,
    split_list,
    starts_with,
    strip_determiners,
    strip_opening,
    tokens,
)
from scenesmith.kinds.diagram.planner.refusals import NotUnderstood

_STATE_LIST = re.compile(
    r"(?:\bcan\s+be(?:\s+in)?|\bis\s+(?:always\s+)?(?:either|one\s+of)|\bhas\s+(?:the\s+)?(?:states?|modes?)|"
    r"\b(?:states|modes)\s+are|\bstates?\s*:)\s*:?\s*(?:either\s+)?(?P<list>.+)$",
    re.I,
)
_CAPITALISED_LIST = re.compile(  # "The water is Solid, Liquid or Gas"
    r"\b(?:is|are)\s+(?:either\s+)?(?P<list>[A-Z][\w-]*(?:\s*,\s*[A-Z][\w-]*)+\s*,?\s+(?:or|and)\s+[A-Z][\w-]*)$"
)
_CHAIN = re.compile(
    r"\b(?:cycles?|goes|go|moves?|runs?|changes?|switches|switch|turns?|transitions?|passes|pass)\s+(?P<how>from|between|through)\s+(?P<chain>.+)$",
    re.I,
)
_MAKES = re.compile(
    r"^(?P<gerund>[a-z]+ing)\b(?P<middle>.*?)\b(?:makes?|turns?|puts?|sets?|gets?|moves?|brings?|changes?|sends?|leaves?)\s+"
    r"(?:it|them|(?:the|a|an)\s+\w+)\s+(?:to\s+|into\s+|in\s+|back\s+to\s+|back\s+)?(?P<target>[A-Za-z][\w-]*)",
    re.I,
)
_BECOMES = re.compile(
    r"^(?P<subject>.+?)\s+(?:becomes|goes\s+to|turns\s+into|turns|changes\s+to|moves\s+to|switches\s+to|leads\s+to|is\s+now)\s+"
    r"(?P<target>[A-Za-z][\w-]*)(?:\s+(?:again|when|on|after|if|once)\b\s*(?P<event>.*))?$",
    re.I,
)
_EVENT_THEN_BECOMES = re.compile(
    r"^(?:if|when|in\s+case|once|after)\s+(?P<event>.+?)\s+(?P<rest>(?:it|they|(?:the|a|an)\s+\w+)\s+"
    r"(?:becomes|goes\s+to|turns\s+into|changes\s+to|moves\s+to|switches\s+to|is\s+now)\s+.+)$",
    re.I,
)
_INITIAL = re.compile(r"\b(?:starts?|begins?)\s+(?:out\s+)?(?:in|as|at)\s+(?:the\s+)?(?P<state>[A-Za-z][\w-]*)", re.I)
_FINAL = re.compile(r"^(?P<list>.+?)\s+(?:is|are)\s+(?:the\s+|a\s+)?(?:final|terminal|end)(?:\s+states?)?$", re.I)
_ENDS = re.compile(r"\b(?:ends?|finishes|stops)\s+(?:in|at|as)\s+(?:the\s+)?(?P<state>[A-Za-z][\w-]*)", re.I)
_TRIGGER = re.compile(r"\s+(?:when|on|after|if|once)\s+(?P<event>.+)$", re.I)


def _stem(word: str) -> str:
    """'Locked' and 'lock' → 'lock'; 'Closed' and 'close' → 'clos': to match events with states."""
    low = word.lower()
    for suffix in ("ing", "ed", "e"):
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            low = low[: -len(suffix)]
            break
    return low[:-1] if len(low) > 3 and low[-1] == low[-2] else low


@dataclass
class _StateBuilder:
    states: dict[str, str] = field(default_factory=dict)  # lower-case → display name
    listed: bool = False
    transitions: list[tuple[str, str, str]] = field(default_factory=list)
    initial: str | None = None
    finals: list[str] = field(default_factory=list)
    pending_event: str = ""  # from a leading "When the timer expires," clause
    machine: str | None = None  # the thing whose states these are: "[a door] can be Open, …"

    def note_machine(self, text: str) -> None:
        """The subject before 'can be' / 'starts as' / 'cycles from', when it is a plain noun phrase."""
        words = noun_phrase(tokens(text))
        if self.machine is None and 0 < len(words) <= 3 and words[0].lower() not in V.pronouns and not words[0].lower().endswith("ing"):
            self.machine = display_name(words)

    def state(self, text: str) -> str | None:
        words = [w for w in strip_determiners(tokens(text)) if w.lower() not in {"back", "again", "state", "states"}]
        if not words or len(words) > 3:
            return None
        name = display_name(words)
        return self.states.setdefault(name.lower(), name)

    def find(self, words: Iterable[str], exclude: str | None = None) -> str | None:
        for word in words:
            name = self.states.get(word.lower())
            if name and name != exclude:
                return name
        return None

    def source_for(self, event: str, target: str) -> str | None:
        """Where an event with no stated source starts: 'unlocking' leaves Locked, else the last state reached."""
        undone = re.match(r"^(?:un|dis|de)(?P<rest>\w{3,})$", event)
        if undone:
            for name in self.states.values():
                if _stem(name) == _stem(undone["rest"]) and name != target:
                    return name
        if self.transitions and self.transitions[-1][1] != target:
            return self.transitions[-1][1]
        first = self.initial or next(iter(self.states.values()), None)
        if first and first != target:
            return first
        others = [name for name in self.states.values() if name != target]
        return others[0] if len(others) == 1 else None  # two states: the other one

    def transition(self, source: str | None, target: str | None, event: str) -> None:
        event = (event or self.pending_event).strip(" ,.")
        self.pending_event = ""
        if source and target and (source, target, event) not in self.transitions:
            self.transitions.append((source, target, event[:120]))


def _state_clause(text: str) -> bool:
    if starts_with(text, *V.if_words) or re.match(r"^[A-Za-z][a-z]*ing\s+(?!(?:or|and)\b)[a-z]", text):  # "Closing an open door …", not a lone "Boiling"
        return True
    final = _FINAL.match(text)
    if final and not re.search(r",|\band\b", final["list"]) and re.search(r"\bare\b", text, re.I):
        return False  # "Shipped and [Cancelled are final]": part of a list, not a clause
    patterns = (_BECOMES, _CHAIN, _INITIAL, _STATE_LIST, _CAPITALISED_LIST, _FINAL, _ENDS)
    return any(pattern.search(text) for pattern in patterns)


def plan_state(body: str, title: str | None) -> StateDiagram:
    b = _StateBuilder()
    for clause in clauses(body, _state_clause):
        _read_state_clause(b, clause)
    names = list(b.states.values())
    if not b.transitions:
        found = f"found {', '.join(names)} but no transitions between them" if names else "found no states"
        raise NotUnderstood("state", names, found)
    initial = b.initial or (names[0] if b.listed else b.transitions[0][0])
    return StateDiagram(
        title=title or b.machine,
        states=[State(name=n) for n in names],
        initial=initial,
        finals=[f for f in dict.fromkeys(b.finals) if f != initial],
        transitions=[Transition(source=s, target=t, event=e) for s, t, e in b.transitions],
    )


def _read_state_clause(b: _StateBuilder, clause: str) -> None:
    if starts_with(clause, *V.if_words) and "," not in clause:
        inline = _EVENT_THEN_BECOMES.match(clause)  # "when the water boils it becomes Boiling"
        if inline is None:
            b.pending_event = strip_opening(clause, *V.if_words, *V.event_words)
            return
        b.pending_event, clause = inline["event"], inline["rest"]
    if m := _STATE_LIST.search(clause) or _CAPITALISED_LIST.search(clause):
        b.note_machine(clause[: m.start()])
        for item in split_list(m["list"]):
            b.state(item)
        b.listed = True
        return
    if m := _INITIAL.search(clause):
        b.note_machine(clause[: m.start()])
        b.initial = b.state(m["state"])
    if m := _FINAL.match(clause):
        b.finals.extend(s for s in (b.state(item) for item in split_list(m["list"])) if s)
        return
    if m := _ENDS.search(clause):
        b.finals.append(b.state(m["state"]) or "")
    if m := _CHAIN.search(clause):
        b.note_machine(clause[: m.start()])
        chains = re.split(r"\s*(?:,\s*(?:and\s+)?|\band\s+)from\s+", m["chain"]) if m["how"].lower() == "from" else [m["chain"]]
        for chain in chains:  # "from A to B when …, from B to C when … and from C to D"
            _read_chain(b, clause[: m.start()], m["how"].lower(), chain)
    elif m := _MAKES.match(clause):
        event = base_of_gerund(m["gerund"])
        middle = tokens(m["middle"])
        particle = 0 < len(middle) <= 2 and middle[0].lower() in {"it", "them"}  # "switching it off": a verb, not the state Off
        if particle or (0 < len(middle) <= 2 and middle[0].lower() not in V.determiners and not b.find(middle)):
            event = " ".join([event, *(w.lower() for w in middle)])  # "pressing pause" → "press pause"
        target = b.state(m["target"])
        source = (None if particle else b.find(tokens(m["middle"]), exclude=target)) or (target and b.source_for(event, target))
        b.transition(source, target, event)
    elif m := _BECOMES.match(clause):
        subject = tokens(m["subject"])
        named = 0 < len(subject) <= 3 and all(w[:1].isupper() for w in subject) and subject[0].lower() not in V.determiners
        source = b.find(subject) or (b.state(m["subject"]) if named else None)  # "Green becomes Yellow"
        target = b.state(m["target"])
        if source == target or source is None:
            source = target and b.source_for("", target)
        b.transition(source, target, m["event"] or "")


def _read_chain(b: _StateBuilder, before: str, how: str, chain: str) -> None:
    """'from Green to Yellow to Red and back to Green' / 'between On and Off' → consecutive transitions."""
    event = ""
    trigger = _TRIGGER.search(chain)
    if trigger:
        event, chain = trigger["event"], chain[: trigger.start()]
    gerund = re.match(r"^\s*([a-z]+ing)\b", before, re.I)
    if gerund:
        event = base_of_gerund(gerund.group(1))
    if how == "between":
        names = [b.state(item) for item in split_list(chain)]
        names = [n for n in names if n]
        pairs = list(zip(names, names[1:] + names[:1])) if len(names) > 1 else []
    else:
        names = [b.state(item) for item in re.split(r"\s*,?\s+(?:and\s+)?(?:then\s+)?(?:back\s+)?(?:to|into)\s+|\s*(?:->|→)\s*", chain)]
        names = [n for n in names if n]
        pairs = list(zip(names, names[1:]))
    for source, target in pairs:
        b.transition(source, target, event)
        b.pending_event = event
    b.pending_event = ""

