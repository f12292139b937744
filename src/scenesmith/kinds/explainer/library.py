"""The verified topic library: parameterised storyboard templates stored as YAML data in the package.

A topic file holds:
    id, title, description, keywords   what retrieval searches
    parameters    name -> {type: number|function|point|list, default, min, max, patterns}
                  (a list parameter's pattern captures numbers separated by commas or 'and': '3, 7, 8 and 5')
    derived       ordered name -> SymPy expression over parameters and earlier derived values,
                  with the helper functions of `parameters.HELPERS` (latex, roots, diff, ...)
    storyboard    a Storyboard with placeholders: a string that is exactly "@{name}" becomes
                  the value itself (a number, list or dict); "@{name}" inside a longer string
                  is replaced by its text.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr


class Parameter(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Literal["number", "function", "point", "list"]
    default: Any
    min: float | None = None
    max: float | None = None
    integer: bool = False
    min_items: int = Field(2, ge=1, le=16, description="list: the fewest numbers")
    max_items: int = Field(8, ge=1, le=16, description="list: the most numbers")
    patterns: list[str] = Field(default_factory=list, description="regexes with one group per value, tried in order")
    description: str = ""


AREAS = ("arithmetic", "algebra", "geometry", "trigonometry", "statistics", "calculus", "linear_algebra", "complex_numbers", "algorithms")


class Topic(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    area: Literal[AREAS]  # type: ignore[valid-type]
    description: str
    keywords: list[str] = Field(min_length=1, description="English words and phrases a prompt about the topic uses")
    aliases: dict[str, list[str]] = Field(default_factory=dict, description="more names per language code: {de: [Steigung einer Geraden]}")
    context: list[str] = Field(default_factory=list, description="words a prompt about the topic may use that do not name it on their own: isotope, grams")
    examples: list[str] = Field(default_factory=list, description="prompts this topic answers; used in tests")
    answer: str | None = Field(None, description="template of the plain-text answer when the prompt gives values: 'C = @{C_text}'")
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    derived: dict[str, str | int | float] = Field(default_factory=dict)
    storyboard: dict[str, Any]
    _source: str = PrivateAttr("scenesmith")

    @property
    def source(self) -> str:
        """Where the topic comes from: 'scenesmith' or the topic pack that installed it."""
        return self._source

    def search_text(self) -> str:
        names = [self.title, self.title, *self.keywords, *self.keywords, *(a for group in self.aliases.values() for a in group)]
        return " ".join([*names, self.description])

    def vocabulary_text(self) -> str:
        """The words a prompt may use and still be this topic's: title, keywords and aliases (not the description)."""
        return " ".join([self.title, self.id.replace("_", " "), *self.keywords, *(a for group in self.aliases.values() for a in group)])


BUILTIN = "scenesmith"
ENTRY_POINT_GROUP = "scenesmith.topics"
_problems: list[str] = []


def _read_folder(folder, source: str) -> list[Topic]:
    """Every topic file (*.yaml) in a folder; a file that does not validate is reported and skipped when it comes from a pack."""
    topics = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        try:
            topic = Topic.model_validate(yaml.safe_load(entry.read_text(encoding="utf-8")))
        except (yaml.YAMLError, ValueError) as exc:
            if source == BUILTIN:
                raise
            _problems.append(f"{source}: {entry.name} is not a valid topic and was skipped: {str(exc).splitlines()[0]}")
            continue
        topic._source = source
        topics.append(topic)
    return topics


@lru_cache(maxsize=1)
def builtin_topics() -> tuple[Topic, ...]:
    """The topics shipped in this package (topics/*.yaml)."""
    return tuple(_read_folder(resources.files("scenesmith.kinds.explainer") / "topics", BUILTIN))


@lru_cache(maxsize=1)
def load_topics() -> tuple[Topic, ...]:
    """The package's topics, then those of every installed topic pack.

    A topic pack is a Python distribution with an entry point in the group `scenesmith.topics` that
    names a module; the module's `topics/` folder holds topic files (docs/topics.md). A pack topic
    whose id the library already has, or that does not validate, is skipped and listed by
    `load_problems()` (and by `scenesmith topics`)."""
    from importlib.metadata import entry_points

    topics = list(builtin_topics())
    ids = {t.id for t in topics}
    for point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda p: p.name):
        source = f"{point.name} (pack {point.dist.name if point.dist else point.value})"
        try:
            folder = resources.files(point.load()) / "topics"
            found = _read_folder(folder, source)
        except Exception as exc:  # a broken pack must not break the library
            _problems.append(f"{source}: could not be loaded: {type(exc).__name__}: {exc}")
            continue
        for topic in found:
            if topic.id in ids:
                _problems.append(f"{source}: topic {topic.id!r} is already in the library and was skipped")
                continue
            ids.add(topic.id)
            topics.append(topic)
    return tuple(topics)


def load_problems() -> list[str]:
    """What went wrong loading topic packs (after `load_topics()`)."""
    load_topics()
    return list(_problems)


def topic_by_id(topic_id: str) -> Topic:
    for topic in load_topics():
        if topic.id == topic_id:
            return topic
    raise KeyError(topic_id)
