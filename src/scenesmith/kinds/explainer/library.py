"""The verified topic library: parameterised storyboard templates stored as YAML data in the package.

A topic file holds:
    id, title, description, keywords   what retrieval searches
    parameters    name -> {type: number|function|point, default, min, max, patterns}
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
from pydantic import BaseModel, ConfigDict, Field


class Parameter(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Literal["number", "function", "point"]
    default: Any
    min: float | None = None
    max: float | None = None
    integer: bool = False
    patterns: list[str] = Field(default_factory=list, description="regexes with one group per value, tried in order")
    description: str = ""


class Topic(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    description: str
    keywords: list[str] = Field(min_length=1)
    examples: list[str] = Field(default_factory=list, description="prompts this topic answers; used in tests")
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    derived: dict[str, str | int | float] = Field(default_factory=dict)
    storyboard: dict[str, Any]

    def search_text(self) -> str:
        return " ".join([self.title, self.title, self.description, " ".join(self.keywords), " ".join(self.keywords)])


@lru_cache(maxsize=1)
def load_topics() -> tuple[Topic, ...]:
    folder = resources.files("scenesmith.kinds.explainer") / "topics"
    topics = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            data = yaml.safe_load(entry.read_text(encoding="utf-8"))
            topics.append(Topic.model_validate(data))
    return tuple(topics)


def topic_by_id(topic_id: str) -> Topic:
    for topic in load_topics():
        if topic.id == topic_id:
            return topic
    raise KeyError(topic_id)
