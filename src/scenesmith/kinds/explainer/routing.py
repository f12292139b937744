"""Which topic, if any, a prompt is: a topic claims a prompt only when it accounts for all of it.

For every topic, the prompt is read as the topic would read it:
- its parameter patterns consume the spans they read ("legs 5 and 12", "y = x^2 - 4");
- every other number must be one of the topic's own words ("180 degrees"), or it is a value the
  topic cannot take;
- every other word must be one the language lets us ignore ("explain", "the") or one of the
  topic's words (title, keywords, aliases: compared by stem);
- and at least one covered word must be a key term, not a weak one ("theorem", "base").
A topic that passes all three claims the prompt; among several, BM25 ranks them. Every decision
keeps its evidence (covered and uncovered words, numbers, parameters) for the run's report and
for a refusal that says what was not understood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from scenesmith.kinds.explainer import vocabulary
from scenesmith.kinds.explainer.library import Topic
from scenesmith.kinds.explainer.errors import TopicError
from scenesmith.kinds.explainer.parameters import derive, read_parameters

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_SYMBOL = re.compile(r"[*^=<>+/\\|#@&%$~]+")


@dataclass
class TopicMatch:
    """How one topic accounts for a prompt."""

    topic: Topic
    score: float
    covered: list[str] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)
    key_terms: list[str] = field(default_factory=list)  # covered words that are not weak
    unused_numbers: list[str] = field(default_factory=list)
    parameters: dict[str, str] = field(default_factory=dict)
    error: str | None = None  # a value the topic read but cannot take (a refusal says so, exit 2)
    values: dict[str, Any] = field(default_factory=dict, repr=False)
    title_share: float = 0.0  # how much of the topic's title the prompt says: "area of a triangle" is all of one title, half of another

    @property
    def covers(self) -> bool:
        return not self.uncovered and not self.unused_numbers and bool(self.key_terms)

    @property
    def claims(self) -> bool:
        return self.covers and self.error is None

    def report(self) -> dict[str, Any]:
        return {
            "topic": self.topic.id, "score": round(self.score, 3), "claims": self.claims, "covered": self.covered,
            "uncovered": self.uncovered, "key_terms": self.key_terms, "unused_numbers": self.unused_numbers,
            "parameters": self.parameters, **({"error": self.error} if self.error else {}),
        }  # fmt: skip


@dataclass
class Decision:
    prompt: str
    language: str
    subject: str  # the part of the prompt that names what it is about (for a refusal)
    matches: list[TopicMatch]  # claimants first, then the rest, each by score

    @property
    def chosen(self) -> TopicMatch | None:
        return self.matches[0] if self.matches and self.matches[0].claims else None

    def nearest(self, k: int = 3) -> list[TopicMatch]:
        """Topics that share a key term with the prompt, best first (never one that shares only 'theorem')."""
        return [m for m in self.matches if m.key_terms][:k]

    def report(self, k: int = 5) -> dict[str, Any]:
        return {"language": self.language, "chosen": self.chosen.topic.id if self.chosen else None, "candidates": [m.report() for m in self.matches[:k] if m.score > 0 or m.claims]}

    def not_understood(self) -> str:
        """What a refusal says it did not understand."""
        blocked = next((m for m in self.matches if m.covers and m.error), None)
        if blocked is not None:  # the topic is right, the values are not
            return f"{blocked.error} (topic: '{blocked.topic.title}')"
        near = self.nearest(1)
        if near and near[0].unused_numbers and not near[0].uncovered:
            match = near[0]
            taken = ", ".join(match.topic.parameters) or "no values"
            return f"The topic '{match.topic.title}' cannot use the value(s) {', '.join(match.unused_numbers)} in this prompt (it reads: {taken})."
        if not self.subject:
            return "The prompt names nothing I have a topic on."
        return f"I have no topic on '{self.subject}'."


class Router:
    def __init__(self, topics: tuple[Topic, ...]) -> None:
        self.topics = topics

    @cached_property
    def _vocabularies(self) -> list[set[str]]:
        return [vocabulary.stems(t.vocabulary_text()) for t in self.topics]

    @cached_property
    def _title_stems(self) -> list[set[str]]:
        english = vocabulary.languages()[0]
        return [{t.stem for t in vocabulary.terms(topic.title, english)} for topic in self.topics]

    @cached_property
    def _context(self) -> list[set[str]]:
        return [vocabulary.stems(" ".join(t.context)) for t in self.topics]

    @cached_property
    def _index(self):
        from scenesmith.retrieval.bm25 import BM25Index  # bm25s is imported only when a prompt needs it

        return BM25Index([t.search_text() for t in self.topics], tokenizer=_all_stems)

    @lru_cache(maxsize=64)
    def decide(self, prompt: str) -> Decision:
        """The decision for a prompt (kept: the engine asks for a claim, then the run asks again)."""
        text = vocabulary.normalise(prompt)
        language = vocabulary.language_of(text)
        terms = vocabulary.terms(text, language)
        query = " ".join(t.word for t in terms)
        scores = self._index.scores(query) if terms else [0.0] * len(self.topics)
        matches = [self._match(topic, scores[i], self._vocabularies[i], self._context[i], text, terms, language) for i, topic in enumerate(self.topics)]
        said = {t.stem for t in terms}
        for match, title in zip(matches, self._title_stems):
            match.title_share = len(title & said) / len(title) if title else 0.0
        matches.sort(key=_rank)
        for match in matches:  # the best topic that covers the prompt must also be able to take its values
            if not match.covers or match.error:
                break
            if not match.parameters:
                break
            try:
                derive(match.topic, match.values)
                break
            except TopicError as exc:
                match.error = str(exc)
        matches.sort(key=_rank)
        subject = _subject(text, [t for t in terms if not _NUMBER.fullmatch(t.word)])
        return Decision(prompt, language.language, subject, matches)

    def _match(self, topic: Topic, score: float, words: set[str], context: set[str], text: str, terms, language) -> TopicMatch:
        match = TopicMatch(topic, score)
        topic_text = re.sub(r"\s+", " ", topic.vocabulary_text().lower())
        reading = read_parameters(topic, text) if topic.parameters else None
        spans = reading.spans if reading else []
        if reading:
            match.parameters, match.values = reading.given, reading.values
            match.error = str(reading.error) if reading.error else None

        def consumed(start: int, end: int) -> bool:
            return any(a <= start and end <= b for a, b in spans)

        previous_number_read = False
        for term in terms:
            known = term.stem in words or term.word in words
            if term.word in language.unit_words and previous_number_read and not known:
                continue  # "5 years" after a number the topic read
            previous_number_read = bool(_NUMBER.fullmatch(term.word)) and (consumed(term.start, term.end) or term.word in words)
            if consumed(term.start, term.end):  # read by a parameter pattern: accounted for
                in_context = term.stem in context or term.word in context
                if known and not in_context and not _NUMBER.fullmatch(term.word) and term.stem not in language.weak_stems:
                    match.key_terms.append(term.word)
                continue
            if _NUMBER.fullmatch(term.word):
                (match.covered if term.word in words else match.unused_numbers).append(term.word)
            elif term.stem in context or term.word in context:  # "isotope" in a decay prompt: covered, but names nothing
                match.covered.append(term.word)  # (context wins over the title: "integral" does not name Riemann sums)
            elif known:
                match.covered.append(term.word)
                if term.stem not in language.weak_stems and len(term.word) > 1:  # "c" in "C++" names nothing
                    match.key_terms.append(term.word)
            else:
                match.uncovered.append(term.word)
        for symbol in _SYMBOL.finditer(text):  # "A*", "C++", "x^2" the topic did not read: something it does not know
            if consumed(*symbol.span()):
                continue
            around = _around(text, *symbol.span())
            if around.lower() not in topic_text:
                match.uncovered.append(around)
        return match


def _around(text: str, start: int, end: int) -> str:
    """The symbol with the words on either side of it: 'A*' in 'the A* search', 'y = mx' in 'y = mx + b'."""
    left = re.search(r"\S*\s*$", text[:start]).start()
    right = end + re.match(r"\s*\S*", text[end:]).end()
    return re.sub(r"\s+", " ", text[left:right]).strip(" .,?!;:")


def _rank(match: TopicMatch) -> tuple:
    """Claimants first (more key terms, more of the title said, a higher BM25 score), then the rest by score."""
    if match.claims:
        return (False, -len(match.key_terms), -match.title_share, -match.score, match.topic.id)
    return (True, 0, 0.0, -match.score, match.topic.id)


def _all_stems(text: str) -> list[str]:
    return sorted(vocabulary.stems(text))


def _subject(text: str, terms) -> str:
    """The prompt from its first to its last word that routing must account for: "Fermat's little theorem"."""
    if not terms:
        return ""
    start = terms[0].start
    if symbol := re.search(r"\S*[*^=<>+/\\|#@&%$~]\S*\s+$", text[:start]):  # "A* search": the name starts at the symbol
        start = symbol.start()
    return re.sub(r"\s+", " ", text[start : terms[-1].end]).strip(" .?!,")
