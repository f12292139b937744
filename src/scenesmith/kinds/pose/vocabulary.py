"""The pose planner's words, kept as data (data/words.yaml, keyed by language), and what a clause leaves unsaid.

The planner reads a count and a speed out of a prompt and ignores words about the picture and
function words. Every other word must be covered by the action or pose the clause becomes,
compared by Snowball stem ("arms" meets "arm", "raised" meets "raise"); `leftover` lists the
words that are not, so "walk the dog" is not taken for a walk.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache, cached_property
from importlib import resources

import snowballstemmer
import yaml
from pydantic import BaseModel, ConfigDict, Field

LANGUAGE = "en"  # the language prompts are read in
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def _phrase(phrase: str) -> str:
    """A whole-word pattern for a phrase, any run of spaces between its words."""
    return r"\b" + r"\s+".join(map(re.escape, phrase.split())) + r"\b"


def _phrases(phrases: list[str]) -> str:
    """One alternation of whole-word phrases, longest first so "very slowly" wins over "slowly"."""
    return "|".join(_phrase(p) for p in sorted(phrases, key=len, reverse=True))


class Speed(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    speed: float = Field(gt=0)
    phrases: list[str] = Field(min_length=1)


class Words(BaseModel):
    """One language's words (see data/words.yaml for what each list is)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    stemmer: str
    function_words: list[str]
    picture_words: list[str]
    numbers: dict[str, int]
    repetition: list[str]
    times: dict[str, int]
    speeds: list[Speed]
    explanation_openers: list[str]
    clause_breaks: list[str]

    @cached_property
    def count(self) -> re.Pattern[str]:
        """A count: digits or a number word, optionally "times" after it; or "once", "twice", "thrice"."""
        return re.compile(
            rf"(?:\b(\d{{1,3}})\b|({_phrases(list(self.numbers))}))(?:\s+(?:{_phrases(self.repetition)}))?|({_phrases(list(self.times))})",
            re.IGNORECASE,
        )

    @cached_property
    def speed_patterns(self) -> tuple[tuple[re.Pattern[str], float], ...]:
        return tuple((re.compile(_phrases(s.phrases), re.IGNORECASE), s.speed) for s in self.speeds)

    @cached_property
    def picture(self) -> re.Pattern[str]:
        return re.compile(_phrases(self.picture_words), re.IGNORECASE)

    @cached_property
    def clauses(self) -> re.Pattern[str]:
        breaks = "|".join(rf",?\s*{_phrase(p)}" for p in sorted(self.clause_breaks, key=len, reverse=True))
        return re.compile(rf"\s*(?:{breaks}|;|,)\s*", re.IGNORECASE)

    @cached_property
    def explanation(self) -> re.Pattern[str]:
        return re.compile(rf"^\s*(?:{_phrases(self.explanation_openers)})", re.IGNORECASE)

    @cached_property
    def ignored(self) -> frozenset[str]:
        return frozenset(w.lower() for w in self.function_words)

    @cached_property
    def _stemmer(self):
        return snowballstemmer.stemmer(self.stemmer)

    def value(self, match: re.Match[str]) -> int:
        """The number a `count` match says."""
        digits, word, times = match.groups()
        if digits:
            return int(digits)
        if word:
            return self.numbers[" ".join(word.lower().split())]
        return self.times[times.lower()]

    def speed(self, text: str) -> float | None:
        """The speed the text asks for, or None when it names none."""
        for pattern, speed in self.speed_patterns:
            if pattern.search(text):
                return speed
        return None

    def speeds_named(self, text: str) -> set[float]:
        """Every speed the text names: more than one is a contradiction, since an animation has one speed."""
        found: set[float] = set()
        rest = text
        for pattern, speed in self.speed_patterns:  # most specific first: "very slowly" is not also "slowly"
            if pattern.search(rest):
                found.add(speed)
                rest = pattern.sub(" ", rest)
        return found

    def stem(self, word: str) -> str:
        word = word.lower().replace("’", "'")
        return word if word.isdigit() else self._stemmer.stemWord(word)

    def stems(self, text: str) -> frozenset[str]:
        """The stems of every word of a text (an action's or pose's own words)."""
        return frozenset(self.stem(w) for w in _WORD.findall(text))

    def leftover(self, text: str, known: frozenset[str], count_used: bool) -> list[str]:
        """The words of `text` that are not read by the planner, not ignorable and not among the `known` stems.

        The first count is read only when `count_used` (an action repeats; a pose does not), so a number
        the animation would not show is left over, as is every number after the first.
        """
        if count_used:
            text = self.count.sub(" ", text, count=1)
        for pattern, _ in self.speed_patterns:
            text = pattern.sub(" ", text)
        text = self.picture.sub(" ", text)
        return [w for w in _WORD.findall(text) if w.lower() not in self.ignored and self.stem(w) not in known]


def _data():
    return resources.files("scenesmith.kinds.pose").joinpath("data", "words.yaml")


def words_version() -> str:
    """A hash of data/words.yaml, so a plan is made again when the words change."""
    return hashlib.sha256(_data().read_bytes()).hexdigest()[:12]


@cache
def words(language: str = LANGUAGE) -> Words:
    """The language's words from data/words.yaml, validated."""
    data = yaml.safe_load(_data().read_text(encoding="utf-8"))
    if not isinstance(data, dict) or language not in data:
        raise ValueError(f"data/words.yaml has no words for language {language!r}")
    return Words.model_validate(data[language])
