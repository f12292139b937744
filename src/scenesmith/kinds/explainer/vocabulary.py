"""The explainer's words per language, kept as data (languages/*.yaml), and the stemmed terms of a text.

A language says which words routing may ignore (function words, "explain", "show") and which
count for nothing on their own ("theorem", "law", "base"). Words are compared by their Snowball
stem, so "circles" meets "circle" and "Geraden" meets "Gerade".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

import snowballstemmer
import yaml
from pydantic import BaseModel, ConfigDict, Field

from scenesmith.mathreader.normalize import unicode_to_ascii

_WORD = re.compile(r"\d+(?:\.\d+)?|[^\W\d_]+(?:['’][^\W\d_]+)*")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


class Language(BaseModel):
    model_config = ConfigDict(extra="forbid")
    language: str = Field(pattern=r"^[a-z]{2}$")
    stemmer: str
    ignore: list[str]
    ignore_patterns: list[str] = Field(default_factory=list)
    weak: list[str] = Field(default_factory=list)
    units: list[str] = Field(default_factory=list)

    @cached_property
    def _stemmer(self):
        return snowballstemmer.stemmer(self.stemmer)

    def stem(self, word: str) -> str:
        word = word.lower()
        if _NUMBER.match(word):
            return word
        return self._stemmer.stemWord(word)

    @cached_property
    def ignored(self) -> frozenset[str]:
        return frozenset(w.lower() for w in self.ignore)

    @cached_property
    def weak_stems(self) -> frozenset[str]:
        return frozenset(self.stem(w) for w in self.weak)

    @cached_property
    def unit_words(self) -> frozenset[str]:
        return frozenset(w.lower() for w in self.units)

    def strip_patterns(self, text: str) -> str:
        for pattern in self.ignore_patterns:  # the pattern's group 1 (or the whole match) becomes blanks: positions stay put
            for match in re.finditer(pattern, text, flags=re.IGNORECASE):
                start, end = match.span(1 if match.re.groups else 0)
                text = text[:start] + " " * (end - start) + text[end:]
        return text


@dataclass(frozen=True)
class Term:
    """One word of a prompt: where it is, as typed, and its stem."""

    start: int
    end: int
    word: str
    stem: str


def words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) for every word of the text; "Fermat's" is one word, "fermat"."""
    found = []
    for match in _WORD.finditer(text):
        word = re.sub(r"['’]s$", "", match.group(0).lower())
        found.append((match.start(), match.end(), word.replace("’", "'")))
    return found


def normalise(text: str) -> str:
    """The prompt as routing and the parameter patterns read it (Unicode math as ASCII: x², √, π)."""
    return unicode_to_ascii(text)


@cache
def languages() -> tuple[Language, ...]:
    folder = resources.files("scenesmith.kinds.explainer") / "languages"
    found = [Language.model_validate(yaml.safe_load(entry.read_text(encoding="utf-8"))) for entry in sorted(folder.iterdir(), key=lambda e: e.name) if entry.name.endswith(".yaml")]
    return tuple(sorted(found, key=lambda lang: lang.language != "en"))  # English first: it decides ties


def language_of(text: str) -> Language:
    """The language whose ignorable words cover most of the text's words (English on a tie)."""
    tokens = [w for _, _, w in words(text)]
    return max(languages(), key=lambda lang: sum(t in lang.ignored for t in tokens))


def terms(text: str, language: Language) -> list[Term]:
    """The words of a text that routing must account for: everything but the language's ignorable words."""
    text = language.strip_patterns(text)
    return [Term(s, e, w, language.stem(w)) for s, e, w in words(text) if w not in language.ignored]


def stems(text: str) -> set[str]:
    """Every stem of a text in every language (for a topic's own words: title, keywords, aliases)."""
    found: set[str] = set()
    for _, _, word in words(text):
        found.update(lang.stem(word) for lang in languages())
        found.add(word)
    return found
