"""The parts a text names: one registry of names per diagram, and what kind of part a name is."""

from __future__ import annotations

from scenesmith.kinds.diagram.planner.english import V, display_name, head_of, singular


class Registry:
    """Names of the things a text talks about, merging 'the app' with 'the mobile app'.

    Elements are kept by id so a later, longer mention can rename an earlier one.
    """

    def __init__(self) -> None:
        self.names: list[str] = []
        self.recent: list[int] = []

    def find(self, name: str) -> int | None:
        """The element this name refers to: the same name, or a shorter or longer form of it."""
        low = name.lower()
        for i, existing in enumerate(self.names):
            if existing.lower() == low:
                return i
        shorter = [i for i, existing in enumerate(self.names) if existing.lower().endswith(" " + low)]
        if shorter:  # "the app" after "the mobile app"; the most recently mentioned wins
            return max(shorter, key=lambda i: self.recent.index(i) if i in self.recent else -1)
        longer = [i for i, existing in enumerate(self.names) if low.endswith(" " + existing.lower())]
        return longer[0] if len(longer) == 1 else None  # "the mobile app" after "the app"

    def add(self, name: str) -> int:
        found = self.find(name)
        if found is None:
            self.names.append(name)
            found = len(self.names) - 1
        elif len(name) > len(self.names[found]):
            self.names[found] = name  # the fuller name is the better label
        self.touch(found)
        return found

    def touch(self, i: int) -> None:
        if i in self.recent:
            self.recent.remove(i)
        self.recent.append(i)


def is_thing(np: list[str], registry: Registry, known_subjects: set[str]) -> bool:
    """Whether an object noun phrase names a participant/component rather than data ('a token')."""
    if not np:
        return False
    name = display_name(np)
    if registry.find(name) is not None or name.lower() in known_subjects:
        return True
    if any(name.lower().endswith(" " + s) for s in known_subjects):
        return True
    if head_of(np) in V.heads:
        return True
    interjection = len(np) == 1 and np[0].lower() in V.interjections
    return all(w[:1].isupper() for w in np) and np[0].lower() not in V.determiners and not interjection


def role(name: str) -> str:
    """A sequence participant's shape: the component stereotypes a sequence diagram can draw, else a plain box."""
    kind = stereotype(name)
    return kind if kind in {"database", "queue", "actor"} else "participant"


def stereotype(name: str) -> str:
    """A component's shape from its name: 'User Database' → database, 'Kafka' → queue, 'Linux Server' → node."""
    words = name.lower().split()
    head = singular(words[-1]) if words else ""
    if any(w in V.database_words for w in words):
        return "database"
    if head in V.queue_words or any(w in {"kafka", "rabbitmq", "sqs"} for w in words):
        return "queue"
    if head in V.storage_words or "s3" in words:
        return "storage"
    if head in V.cloud_words:
        return "cloud"
    if head in V.person_heads:
        return "actor"
    if head in V.node_words:
        return "node"
    return "component"
