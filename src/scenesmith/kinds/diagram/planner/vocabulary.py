"""The words the planner reads a language with, loaded from words.yaml (one top-level key per language)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

_DATA = Path(__file__).resolve().parent / "words.yaml"
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern[str]
    weight: float


@dataclass(frozen=True)
class Vocabulary:
    language: str
    # closed word classes
    determiners: frozenset[str]
    prepositions: frozenset[str]
    pronouns: frozenset[str]
    auxiliaries: frozenset[str]
    modals: frozenset[str]
    introducers: frozenset[str]
    adverbs: frozenset[str]
    interjections: frozenset[str]
    connectors: tuple[str, ...]  # in order: the longer ones ("and then") before their parts
    if_words: tuple[str, ...]
    else_words: tuple[str, ...]
    event_words: tuple[str, ...]
    continue_words: tuple[str, ...]
    flow_marks: frozenset[str]
    # verbs
    base_verbs: frozenset[str]
    reply_verbs: frozenset[str]
    display_verbs: frozenset[str]
    irregular_third_person: dict[str, str]
    # nouns and names
    system_heads: frozenset[str]
    person_heads: frozenset[str]
    database_words: frozenset[str]
    queue_words: frozenset[str]
    cloud_words: frozenset[str]
    node_words: frozenset[str]
    storage_words: frozenset[str]
    attribute_words: frozenset[str]
    acronyms: dict[str, str]  # lower case → how it is spelled
    invariant_nouns: frozenset[str]
    irregular_plurals: dict[str, str]  # singular → plural
    # quantities
    number_words: dict[str, str]
    quantity_words: frozenset[str]
    quantifiers: tuple[tuple[str, str], ...]  # (pattern, multiplicity), tried in order
    # routing
    not_diagram_openers: tuple[str, ...]
    maths_words: tuple[str, ...]
    diagram_words: dict[str, str]
    examples: dict[str, str]
    cues: dict[str, tuple[Cue, ...]]

    @property
    def heads(self) -> frozenset[str]:
        """Nouns that name a part: a person, a system, a store of data."""
        return self.system_heads | self.person_heads | self.database_words | self.queue_words


def _words(items: list) -> frozenset[str]:
    return frozenset(str(item).lower() for item in items)


def _cues(raw: dict[str, list[dict]], lists: dict[str, list]) -> dict[str, tuple[Cue, ...]]:
    def alternation(match: re.Match[str]) -> str:
        words = sorted((str(w) for w in lists[match.group(1)]), key=len, reverse=True)
        return "|".join(re.escape(w) for w in words)

    return {
        kind: tuple(
            Cue(re.compile(_PLACEHOLDER.sub(alternation, cue["pattern"]), re.IGNORECASE if cue.get("ignore_case") else 0), float(cue["weight"]))
            for cue in cues
        )
        for kind, cues in raw.items()
    }


@lru_cache(maxsize=4)
def vocabulary(language: str = "en") -> Vocabulary:
    data = yaml.safe_load(_DATA.read_text(encoding="utf-8"))[language]
    tuples = {"connectors", "if_words", "else_words", "event_words", "continue_words", "not_diagram_openers", "maths_words"}
    dicts = {"irregular_third_person", "irregular_plurals", "number_words", "diagram_words", "examples"}
    fields: dict = {}
    for name in Vocabulary.__dataclass_fields__:
        if name == "language":
            continue
        value = data[name]
        if name in tuples:
            fields[name] = tuple(str(v).lower() for v in value)
        elif name in dicts:
            fields[name] = {str(k): str(v) for k, v in value.items()}
        elif name == "acronyms":
            fields[name] = {str(w).lower(): str(w) for w in value}
        elif name == "quantifiers":
            fields[name] = tuple((str(pattern), str(multiplicity)) for pattern, multiplicity in value)
        elif name == "quantity_words":
            fields[name] = _words(value) | frozenset(data["number_words"])
        elif name == "cues":
            fields[name] = _cues(value, data)
        else:
            fields[name] = _words(value)
    return Vocabulary(language=language, **fields)
