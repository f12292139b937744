"""Typed diagram IR: what the planner produces and the compiler turns into PlantUML.

Every list and string is bounded and every reference is checked here, so the compiler
never meets an empty diagram or an arrow to an undeclared element. Names may still hold
hostile text (quotes, newlines, directives); making them safe is the compiler's job.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    TypeAdapter,
    model_validator,
)

MAX_ELEMENTS = 40  # participants, classes, states, actors, components
MAX_USECASES = 60
MAX_EDGES = 200  # messages, relations, transitions, links
MAX_MEMBERS = 30  # attributes or methods of one class
MAX_ACTIVITY_NODES = 200
MAX_ACTIVITY_DEPTH = 8
MULTIPLICITY_PATTERN = r"^(?:\d+|\*|n|\d+\.\.(?:\d+|\*|n))$"


def _has_alnum(text: str) -> str:
    """A name must say something: without a letter or digit it cannot be shown or aliased."""
    if not any(ch.isalnum() for ch in text):
        raise ValueError("a name needs at least one letter or digit")
    return text


Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60), AfterValidator(_has_alnum)
]
Label = Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)]
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120), AfterValidator(_has_alnum)
]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Multiplicity = Annotated[str, StringConstraints(strip_whitespace=True, max_length=12, pattern=MULTIPLICITY_PATTERN)]


class _Model(BaseModel):
    # Revalidate nested models on assembly, so a part built and then edited in place (a list
    # appended to) is checked again against its bounds when it joins a diagram.
    model_config = ConfigDict(extra="forbid", revalidate_instances="always")


class _Diagram(_Model):
    title: Title | None = None

    def names(self) -> list[str]:  # pragma: no cover - every diagram overrides it
        raise NotImplementedError


def _unique(names: Iterable[str], what: str) -> set[str]:
    """Declared names must be distinct, or references and aliases become ambiguous."""
    counts = Counter(names)
    duplicates = sorted(name for name, n in counts.items() if n > 1)
    if duplicates:
        raise ValueError(f"duplicate {what}: {', '.join(duplicates)}")
    return set(counts)


def _require_known(name: str, known: set[str], what: str) -> None:
    if name not in known:
        raise ValueError(f"{what} {name!r} is not declared")


# --- sequence ---------------------------------------------------------------------------

ParticipantRole = Literal["participant", "actor", "database", "boundary", "control", "entity", "queue"]


class Participant(_Model):
    name: Name
    role: ParticipantRole = "participant"


class Message(_Model):
    """One arrow. A 'return' is drawn dashed; a 'self' message must go back to its sender."""

    source: Name
    target: Name
    label: Label = ""
    kind: Literal["call", "return", "self"] = "call"

    @model_validator(mode="after")
    def _self_targets_source(self) -> Message:
        if self.kind == "self" and self.source != self.target:
            raise ValueError("a self message must have the same source and target")
        return self


class AltBranch(_Model):
    condition: Label = ""
    messages: list[Message] = Field(min_length=1, max_length=MAX_EDGES)


class Alt(_Model):
    """Alternative fragment: the first branch is 'alt <condition>', the others are 'else'."""

    kind: Literal["alt"] = "alt"
    branches: list[AltBranch] = Field(min_length=1, max_length=8)


def _step_tag(value: Any) -> str:
    kind = value.get("kind") if isinstance(value, dict) else getattr(value, "kind", None)
    return "alt" if kind == "alt" else "message"


Step = Annotated[
    Annotated[Message, Tag("message")] | Annotated[Alt, Tag("alt")], Discriminator(_step_tag)
]


class SequenceDiagram(_Diagram):
    type: Literal["sequence"] = "sequence"
    participants: list[Participant] = Field(min_length=1, max_length=MAX_ELEMENTS)
    messages: list[Step] = Field(min_length=1, max_length=MAX_EDGES)

    def names(self) -> list[str]:
        return [p.name for p in self.participants]

    def all_messages(self) -> Iterator[Message]:
        """Every message in drawing order, including those inside alt branches."""
        for step in self.messages:
            if isinstance(step, Alt):
                for branch in step.branches:
                    yield from branch.messages
            else:
                yield step

    @model_validator(mode="after")
    def _check(self) -> SequenceDiagram:
        known = _unique(self.names(), "participants")
        count = 0
        for message in self.all_messages():
            _require_known(message.source, known, "message source")
            _require_known(message.target, known, "message target")
            count += 1
        if count > MAX_EDGES:
            raise ValueError(f"at most {MAX_EDGES} messages")
        return self


# --- class ------------------------------------------------------------------------------

Member = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


class ClassDef(_Model):
    name: Name
    attributes: list[Member] = Field(default_factory=list, max_length=MAX_MEMBERS)
    methods: list[Member] = Field(default_factory=list, max_length=MAX_MEMBERS)
    abstract: bool = False


class Relation(_Model):
    """source → target. Inheritance: child → parent. Composition/aggregation: whole → part."""

    kind: Literal["association", "inheritance", "composition", "aggregation"] = "association"
    source: Name
    target: Name
    source_multiplicity: Multiplicity | None = None
    target_multiplicity: Multiplicity | None = None
    label: Label = ""

    @model_validator(mode="after")
    def _inheritance_is_plain(self) -> Relation:
        if self.kind == "inheritance" and (self.source_multiplicity or self.target_multiplicity):
            raise ValueError("inheritance has no multiplicities")
        if self.kind == "inheritance" and self.source == self.target:
            raise ValueError("a class cannot inherit from itself")
        return self


class ClassDiagram(_Diagram):
    type: Literal["class"] = "class"
    classes: list[ClassDef] = Field(min_length=1, max_length=MAX_ELEMENTS)
    relations: list[Relation] = Field(default_factory=list, max_length=MAX_EDGES)

    def names(self) -> list[str]:
        return [c.name for c in self.classes]

    @model_validator(mode="after")
    def _check(self) -> ClassDiagram:
        known = _unique(self.names(), "classes")
        for relation in self.relations:
            _require_known(relation.source, known, "relation source")
            _require_known(relation.target, known, "relation target")
        return self


# --- activity ---------------------------------------------------------------------------


class Action(_Model):
    kind: Literal["action"] = "action"
    text: Text


class Decision(_Model):
    """if (condition) then (yes) … else (no) … endif; branches may nest further decisions."""

    kind: Literal["decision"] = "decision"
    condition: Text
    then: list[Node] = Field(min_length=1, max_length=MAX_ACTIVITY_NODES)
    otherwise: list[Node] = Field(default_factory=list, max_length=MAX_ACTIVITY_NODES)
    then_label: Label = "yes"
    otherwise_label: Label = "no"


def _node_tag(value: Any) -> str:
    kind = value.get("kind") if isinstance(value, dict) else getattr(value, "kind", None)
    return "decision" if kind == "decision" else "action"


Node = Annotated[
    Annotated[Action, Tag("action")] | Annotated[Decision, Tag("decision")], Discriminator(_node_tag)
]
Decision.model_rebuild()


def _walk(nodes: list[Node], depth: int = 1) -> Iterator[tuple[Action | Decision, int]]:
    for node in nodes:
        yield node, depth
        if isinstance(node, Decision):
            yield from _walk(node.then, depth + 1)
            yield from _walk(node.otherwise, depth + 1)


class ActivityDiagram(_Diagram):
    """start → nodes in order → stop (or end). The start is implicit: every activity has one."""

    type: Literal["activity"] = "activity"
    nodes: list[Node] = Field(min_length=1, max_length=MAX_ACTIVITY_NODES)
    end: Literal["stop", "end"] = "stop"

    def names(self) -> list[str]:
        """The action texts: an activity has no named elements, its steps are what a reader checks."""
        return [node.text for node, _ in _walk(self.nodes) if isinstance(node, Action)]

    @model_validator(mode="after")
    def _check(self) -> ActivityDiagram:
        walked = list(_walk(self.nodes))
        if len(walked) > MAX_ACTIVITY_NODES:
            raise ValueError(f"at most {MAX_ACTIVITY_NODES} activity nodes")
        if max(depth for _, depth in walked) > MAX_ACTIVITY_DEPTH:
            raise ValueError(f"decisions nest at most {MAX_ACTIVITY_DEPTH} deep")
        return self


# --- state ------------------------------------------------------------------------------


class State(_Model):
    name: Name


class Transition(_Model):
    source: Name
    target: Name
    event: Label = ""


class StateDiagram(_Diagram):
    type: Literal["state"] = "state"
    states: list[State] = Field(min_length=1, max_length=MAX_ELEMENTS)
    initial: Name | None = None
    finals: list[Name] = Field(default_factory=list, max_length=MAX_ELEMENTS)
    transitions: list[Transition] = Field(default_factory=list, max_length=MAX_EDGES)

    def names(self) -> list[str]:
        return [s.name for s in self.states]

    @model_validator(mode="after")
    def _check(self) -> StateDiagram:
        known = _unique(self.names(), "states")
        for name in [self.initial, *self.finals] if self.initial else self.finals:
            _require_known(name, known, "state")
        for transition in self.transitions:
            _require_known(transition.source, known, "transition source")
            _require_known(transition.target, known, "transition target")
        if not self.transitions and self.initial is None:
            raise ValueError("a state diagram needs a transition or an initial state")
        return self


# --- use case ---------------------------------------------------------------------------


class UseCaseActor(_Model):
    name: Name


class UseCase(_Model):
    name: Name


class UseCaseLink(_Model):
    actor: Name
    usecase: Name


class Generalisation(_Model):
    """The child actor can do everything the parent can (drawn child --|> parent)."""

    child: Name
    parent: Name


class UseCaseDiagram(_Diagram):
    type: Literal["usecase"] = "usecase"
    actors: list[UseCaseActor] = Field(min_length=1, max_length=MAX_ELEMENTS)
    usecases: list[UseCase] = Field(min_length=1, max_length=MAX_USECASES)
    links: list[UseCaseLink] = Field(min_length=1, max_length=MAX_EDGES)
    generalisations: list[Generalisation] = Field(default_factory=list, max_length=MAX_ELEMENTS)

    def names(self) -> list[str]:
        return [a.name for a in self.actors] + [u.name for u in self.usecases]

    @model_validator(mode="after")
    def _check(self) -> UseCaseDiagram:
        actors = _unique((a.name for a in self.actors), "actors")
        usecases = _unique((u.name for u in self.usecases), "use cases")
        for link in self.links:
            _require_known(link.actor, actors, "link actor")
            _require_known(link.usecase, usecases, "link use case")
        for gen in self.generalisations:
            _require_known(gen.child, actors, "generalisation child")
            _require_known(gen.parent, actors, "generalisation parent")
            if gen.child == gen.parent:
                raise ValueError("an actor cannot generalise itself")
        return self


# --- component / deployment -------------------------------------------------------------

Stereotype = Literal[
    "component", "node", "database", "cloud", "queue", "actor", "interface", "artifact", "storage"
]


class Component(_Model):
    name: Name
    stereotype: Stereotype = "component"


class Link(_Model):
    source: Name
    target: Name
    label: Label = ""


class ComponentDiagram(_Diagram):
    type: Literal["component"] = "component"
    components: list[Component] = Field(min_length=1, max_length=MAX_ELEMENTS)
    links: list[Link] = Field(default_factory=list, max_length=MAX_EDGES)

    def names(self) -> list[str]:
        return [c.name for c in self.components]

    @model_validator(mode="after")
    def _check(self) -> ComponentDiagram:
        known = _unique(self.names(), "components")
        for link in self.links:
            _require_known(link.source, known, "link source")
            _require_known(link.target, known, "link target")
        return self


# --- the union --------------------------------------------------------------------------

Diagram = Annotated[
    SequenceDiagram | ClassDiagram | ActivityDiagram | StateDiagram | UseCaseDiagram | ComponentDiagram,
    Field(discriminator="type"),
]
DiagramAdapter: TypeAdapter[Diagram] = TypeAdapter(Diagram)
DIAGRAM_TYPES = ("sequence", "class", "activity", "state", "usecase", "component")


def parse_diagram(data: dict[str, Any] | str) -> Diagram:
    """Validate a dict or a JSON string into a Diagram; raises pydantic.ValidationError."""
    if isinstance(data, str):
        return DiagramAdapter.validate_json(data)
    return DiagramAdapter.validate_python(data)


__all__ = [
    "DIAGRAM_TYPES",
    "Action",
    "ActivityDiagram",
    "Alt",
    "AltBranch",
    "ClassDef",
    "ClassDiagram",
    "Component",
    "ComponentDiagram",
    "Decision",
    "Diagram",
    "DiagramAdapter",
    "Generalisation",
    "Link",
    "Message",
    "Participant",
    "Relation",
    "SequenceDiagram",
    "State",
    "StateDiagram",
    "Transition",
    "UseCase",
    "UseCaseActor",
    "UseCaseDiagram",
    "UseCaseLink",
    "parse_diagram",
]
