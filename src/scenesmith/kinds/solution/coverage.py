"""Does the solver understand every word of the prompt? The vocabulary is data (data/words.yaml), per language."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from scenesmith.mathreader import Reading
from scenesmith.mathreader.reading import PLACEHOLDER

_DATA = Path(__file__).resolve().parent / "data" / "words.yaml"


@lru_cache(maxsize=1)
def vocabulary(language: str = "en") -> dict[str, frozenset[str]]:
    data = yaml.safe_load(_DATA.read_text(encoding="utf-8"))[language]
    return {name: frozenset(str(w).lower() for w in words) for name, words in data.items()}


def known_words(*groups: str, extra: tuple[str, ...] = ()) -> frozenset[str]:
    vocab = vocabulary()
    words = set(vocab["common"]) | set(vocab["forms"]) | set(extra)
    for g in groups:
        words |= vocab.get(g, frozenset())
    return frozenset(words)


def unknown_words(reading: Reading, *groups: str, extra: tuple[str, ...] = ()) -> list[str]:
    """The prompt's words (outside its math) that none of the given vocabularies knows, in order, once each."""
    known = known_words(*groups, extra=extra)
    text = PLACEHOLDER.sub(" ", reading.skeleton)
    out: list[str] = []
    for word in re.findall(r"[a-z][a-z']*", text):
        word = word.strip("'")
        if word and word not in known and word not in out:
            out.append(word)
    return out


def asks_for_explanation(prompt: str, language: str = "en") -> bool:
    """'Explain the quadratic formula for x^2 + x - 6 = 0' asks for an explainer; 'Explain how to solve 3x + 7 = 22' for the steps."""
    vocab = vocabulary(language)
    text = " ".join(re.findall(r"[a-z']+", prompt.lower()))
    opening = re.sub(r"^(?:please|can you|could you|would you|now)\s+", "", text)
    if not any(opening == cue or opening.startswith(cue + " ") for cue in vocab["explanation_requests"]):
        return False
    return not any(re.search(rf"\b{re.escape(verb)}\b", text) for verb in vocab["step_requests"])


def opens_with_solver_verb(prompt: str, language: str = "en") -> bool:
    """The prompt opens by asking for work only the solver does: 'Solve …', 'Factor …', 'How do I differentiate …'."""
    text = " ".join(re.findall(r"[a-z']+", prompt.lower()))
    text = re.sub(r"^(?:please|can you|could you|would you|now|how do i|how do you|show me how to)\s+", "", text)
    return any(text == verb or text.startswith(verb + " ") for verb in vocabulary(language)["solver_verbs"])
