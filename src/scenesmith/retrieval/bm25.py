"""BM25 search over short documents (topic titles, descriptions, keywords), with bm25s."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import bm25s

_WORD = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset(
    "a an and are as at be by can do does explain for from give how i in is it me make of on or please show "
    "that the this to video visualize visualise what when why with you animate animation illustrate teach tell about "
    # words that say nothing about which topic is meant
    "value values work works find get use using solve solving problem question answer step steps example simple basic "
    "help understand learn concept idea mean means meaning which where who will would could should my we our us your "
    "if then than there their they them some any all not no yes one two three possible true false".split()
)


def tokenize(text: str) -> list[str]:
    tokens = []
    for word in _WORD.findall(text.lower()):
        if word in STOPWORDS:
            continue
        # a light stemmer: plurals and -ing forms match their base word
        for suffix in ("ies", "es", "s", "ing"):
            if len(word) > len(suffix) + 3 and word.endswith(suffix):
                word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
                break
        tokens.append(word)
    return tokens


@dataclass(frozen=True)
class Hit:
    index: int
    score: float
    matched: tuple[str, ...]


class BM25Index:
    def __init__(self, documents: list[str], tokenizer: Callable[[str], list[str]] = tokenize) -> None:
        self.tokenize = tokenizer
        self.tokens = [tokenizer(d) for d in documents]
        self.vocabulary = [set(t) for t in self.tokens]
        self.retriever = bm25s.BM25()
        self.retriever.index([t or ["_empty_"] for t in self.tokens], show_progress=False)

    def scores(self, query: str) -> list[float]:
        """The BM25 score of every document for the query (all 0 for a query with no words)."""
        words = self.tokenize(query)
        if not words:
            return [0.0] * len(self.tokens)
        return [float(v) for v in self.retriever.get_scores(words)]

    def search(self, query: str, k: int = 5) -> list[Hit]:
        words = self.tokenize(query)
        if not words:
            return []
        scores = self.retriever.get_scores(words)
        order = sorted(range(len(scores)), key=lambda i: -scores[i])[:k]
        return [Hit(i, float(scores[i]), tuple(w for w in dict.fromkeys(words) if w in self.vocabulary[i])) for i in order if scores[i] > 0]
