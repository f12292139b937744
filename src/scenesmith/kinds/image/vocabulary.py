"""The image kind's texture library and words, kept as data (textures.yaml), read per language.

A word is compared by its Snowball stem in the prompt's language, so "lakes" meets "lake" and
"Wälder" meets "Wald". Each language has the words that name every texture (its aliases), the words
that ask for a removal, and the words that only say where or how; anything else in a prompt is a word
the embedded painter cannot use, and the planner says so.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache, cached_property
from importlib import resources

import snowballstemmer
import yaml
from pydantic import BaseModel, ConfigDict, Field

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


class Texture(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    description: str
    words: dict[str, list[str]] = Field(min_length=1)  # language -> the words that name it


class Words(BaseModel):
    """One language's words besides the texture names (see textures.yaml for what each list is)."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    stemmer: str
    removal: list[str]
    adding: list[str]
    placement: list[str]
    function_words: list[str]

    @cached_property
    def _stemmer(self):
        return snowballstemmer.stemmer(self.stemmer)

    def stem(self, word: str) -> str:
        return self._stemmer.stemWord(word.lower())

    def stems(self, words: list[str]) -> frozenset[str]:
        return frozenset(self.stem(w) for w in words if " " not in w)

    @cached_property
    def removal_stems(self) -> frozenset[str]:
        return self.stems(self.removal)

    @cached_property
    def removal_phrases(self) -> re.Pattern[str] | None:
        """The removal requests of several words ("get rid of"), as one whole-word pattern."""
        phrases = sorted((p for p in self.removal if " " in p), key=len, reverse=True)
        if not phrases:
            return None
        return re.compile("|".join(r"\b" + r"\s+".join(map(re.escape, p.split())) + r"\b" for p in phrases), re.IGNORECASE)

    @cached_property
    def adding_stems(self) -> frozenset[str]:
        return self.stems(self.adding)

    @cached_property
    def ignored_stems(self) -> frozenset[str]:
        """Words that only say where or how: the adding words, placement and function words."""
        return self.adding_stems | self.stems(self.placement) | self.stems(self.function_words)


class Library(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    textures: dict[str, Texture] = Field(min_length=1)
    words: dict[str, Words] = Field(min_length=1)

    def names(self, texture: str, language: str) -> list[str]:
        return self.textures[texture].words.get(language, [])

    def texture_stems(self, language: str) -> dict[str, frozenset[str]]:
        """Per texture, the stems of its words in `language`."""
        vocabulary = self.words[language]
        return {name: vocabulary.stems(self.names(name, language)) for name in self.textures}


def _text() -> str:
    return resources.files("scenesmith.kinds.image").joinpath("textures.yaml").read_text(encoding="utf-8")


@cache
def library() -> Library:
    from scenesmith.kinds.image.textures import TEXTURES

    loaded = Library.model_validate(yaml.safe_load(_text()))
    drawn, named = set(TEXTURES), set(loaded.textures)
    if drawn != named:  # a texture without words is never chosen; words without a texture would fail at fill time
        raise ValueError(f"textures.yaml and textures.py disagree: only drawn {sorted(drawn - named)}, only named {sorted(named - drawn)}")
    for name, texture in loaded.textures.items():
        unknown = set(texture.words) - set(loaded.words)
        if unknown:
            raise ValueError(f"texture {name!r} has words in {sorted(unknown)}, which have no stemmer in textures.yaml")
    return loaded


def words_version() -> str:
    """Changes whenever the library's words change (part of the plan stage's version)."""
    return hashlib.sha256(_text().encode()).hexdigest()[:12]
