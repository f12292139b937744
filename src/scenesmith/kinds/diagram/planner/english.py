"""English for the readers: words and their forms, names, sentences and clauses, noun phrases and verbs.

Plurals, singulars and third-person verbs come from `inflect`; the word lists from words.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import inflect

from scenesmith.kinds.diagram.planner.vocabulary import vocabulary

V = vocabulary("en")
_INFLECT = inflect.engine()
for _singular, _plural in V.irregular_plurals.items():
    _INFLECT.defnoun(_singular, _plural)


# --- the forms of a word ---------------------------------------------------------------------


def third_person(verb: str) -> str:
    """'ask' → 'asks', 'teach' → 'teaches', 'reply' → 'replies', 'have' → 'has'."""
    low = verb.lower()
    return V.irregular_third_person.get(low) or _INFLECT.plural_noun(low)


THIRD_PERSON = {third_person(v): v for v in V.base_verbs} | {third: base for base, third in V.irregular_third_person.items()}
_GERUNDS = {_INFLECT.present_participle(v): v for v in V.base_verbs}


def base_of_third(word: str) -> str | None:
    """'asks' → 'ask', 'teaches' → 'teach' when the word is a known verb; None otherwise."""
    return THIRD_PERSON.get(word.lower())


def is_acronym(word: str) -> bool:
    return word.lower() in V.acronyms or (len(word) > 1 and word.isupper())


def singular(word: str) -> str:
    """'Classes' → 'Class', 'Categories' → 'Category', 'People' → 'Person'; names that only end in s stay."""
    low = word.lower()
    if low in V.invariant_nouns or is_acronym(word) or len(low) < 4 or low.endswith(("ss", "us", "is", "os")):
        return word
    return _INFLECT.singular_noun(word) or word


def is_plural(word: str) -> bool:
    return singular(word) != word


def base_of_gerund(word: str) -> str:
    """'closing' → 'close', 'locking' → 'lock', 'stopping' → 'stop', 'pausing' → 'pause'."""
    low = word.lower()
    if not low.endswith("ing") or len(low) < 5:
        return low
    if low in _GERUNDS:  # a known verb, its participle spelled by inflect
        return _GERUNDS[low]
    return _unknown_verb_stem(low[:-3])


def _unknown_verb_stem(stem: str) -> str:
    """The base of a verb the lists do not know, from the spelling of its stem (British doubling included)."""
    vowels = "aeiou"
    if stem in V.base_verbs:
        return stem
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsfz":
        return stem[:-1]  # stopping
    if stem.endswith("ell") and len(stem) >= 6:
        return stem[:-1]  # cancelling, travelling
    if len(stem) >= 3 and stem[-1] in "szvc" and stem[-2] in vowels:
        return stem + "e"  # pausing, freezing, leaving, placing
    if len(stem) >= 3 and stem[-1] in "tdkmr" and stem[-2] in "aiou" and stem[-3] not in vowels and len(stem) <= 6:
        return stem + "e"  # voting, deciding, baking, timing, storing
    if stem.endswith("u") or (stem[-1] == "l" and stem[-2] not in vowels):
        return stem + "e"  # queuing, handling
    return stem


def forms(word: str) -> set[str]:
    """The lower-case forms a word may take in a diagram: itself, its singular, and a verb's base."""
    low = word.lower()
    out = {low, singular(low).lower()}
    base = base_of_third(low)
    if base:
        out.add(base)
    if low.endswith("ing"):
        out.add(base_of_gerund(low))
    return out


# --- names -------------------------------------------------------------------------------------


def display_name(words: list[str]) -> str:
    """Title-case words for display, keeping acronyms and brand spellings: 'api gateway' → 'API Gateway'."""
    out = []
    for word in words:
        if word.lower() in V.acronyms:
            out.append(V.acronyms[word.lower()])
        elif any(ch.isupper() for ch in word[1:]):
            out.append(word)
        else:
            out.append(word[:1].upper() + word[1:])
    return " ".join(out)[:60].strip()


def camel(words: list[str]) -> str:
    return "".join(display_name([w]) for w in words)[:60]


def sentence_case(text: str) -> str:
    text = " ".join(text.split()).strip(" .,;:")
    return (text[:1].upper() + text[1:])[:120] if text else ""


def tokens(text: str) -> list[str]:
    """The words of a text, keeping apostrophes, dots, hyphens and plus signs inside them ('front-end', 'Node.js')."""
    return re.findall(r"[^\W_][\w'’.\-+]*[\w+]|[^\W_]", text)


def strip_determiners(words: list[str]) -> list[str]:
    i = 0
    while i < len(words) and words[i].lower() in V.determiners | {"both", "all", "only", "also"}:
        i += 1
    return words[i:]


def strip_connectors(text: str) -> str:
    changed = True
    while changed:
        changed = False
        for connector in V.connectors:
            match = re.match(rf"{connector}\b[,\s]*", text, re.IGNORECASE)
            if match and match.end() < len(text):
                text, changed = text[match.end():], True
    return text.strip()


def split_list(text: str) -> list[str]:
    """'A, B and C' / 'A or B' → ['A', 'B', 'C']."""
    parts = re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|as well as|plus)\s+", text.strip(" .,;"))
    return [p.strip() for p in parts if p.strip()]


def looks_like_math(text: str) -> bool:
    words = "|".join(V.maths_words)
    return bool(re.search(rf"[=^∫√]|\d\s*[-+*/]\s*\d|\b(?:{words})\b", text, re.I))


def quantity(text: str) -> tuple[str | None, str]:
    """'many Students' → ('*', 'Students'); 'four Wheels' → ('4', 'Wheels'); 'Classes' → (None, 'Classes')."""
    text = text.strip()
    for pattern, multiplicity in V.quantifiers:
        match = re.match(rf"(?:{pattern})\s+", text, re.I)
        if match:
            return multiplicity, text[match.end():]
    match = re.match(r"(\d+|" + "|".join(V.number_words) + r")\s+", text, re.I)
    if match:
        count = match.group(1).lower()
        return V.number_words.get(count, count), text[match.end():]
    return None, text


# --- sentences and clauses -------------------------------------------------------------------


@dataclass
class Piece:
    """A clause and what separated it from the previous one ('.', ';', ',', 'and', 'then')."""

    text: str
    sep: str


def sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Za-z\"'(])|\n+", text.strip())
    return [p.strip().rstrip(".!?").strip() for p in parts if p.strip().rstrip(".!?").strip()]


def pieces(text: str, is_clause: Callable[[str], bool]) -> list[Piece]:
    """Split on sentences and ';' always, and on ',', 'and', 'then' only where a new clause starts."""
    out: list[Piece] = []
    for sentence in sentences(text):
        for k, part in enumerate(re.split(r"\s*;\s*", sentence)):
            parts = re.split(r"(\s*,\s*|\s+and then\s+|\s+then\s+|\s+and\s+)", part)
            sep = "." if k == 0 else ";"
            current = Piece(parts[0], sep)
            for i in range(1, len(parts) - 1, 2):
                delimiter, chunk = parts[i].strip() or ",", parts[i + 1]
                # both sides must stand alone: "Users and admins can …" stays one clause
                if chunk.strip() and is_clause(chunk.strip()) and is_clause(current.text.strip()):
                    out.append(current)
                    current = Piece(chunk, delimiter)
                else:
                    current.text += parts[i] + chunk
            out.append(current)
    for piece in out:
        piece.text = piece.text.strip(" ,.")
    return [p for p in out if p.text]


def clauses(text: str, is_clause: Callable[[str], bool]) -> list[str]:
    """The clauses of a text (as `pieces` finds them) without the words that join them ('and then', 'finally')."""
    return [strip_connectors(piece.text) for piece in pieces(text, is_clause)]


def starts_with(text: str, *words: str) -> bool:
    return bool(re.match(rf"(?:{'|'.join(words)})\b", text, re.IGNORECASE))


def strip_opening(text: str, *words: str) -> str:
    """The text without the opening word and what follows it: 'otherwise, notify …' → 'notify …'."""
    return re.sub(rf"^(?:{'|'.join(words)})\b[,\s]*", "", text, flags=re.I)


# --- noun phrases and verbs ------------------------------------------------------------------

_ADVERBS = frozenset({"then", "also", "immediately", "now", "first", "finally", "only", "and", "or"})


def find_verb(words: list[str]) -> int | None:
    """Index of the verb after a subject noun phrase ('the auth server CHECKS …'), or None.

    A known verb counts unless it is followed by a noun and another verb ('the orders service
    sends' — 'orders' is part of the name); an unknown word ending in -s counts when what follows
    reads like an object. Plural subjects take the base form ('both services use').
    """
    start = 1 if words and words[0].lower() not in V.determiners | {"both", "all"} else 2
    if words and words[0].lower() in V.pronouns:
        start = 1
    fallback = None
    for i in range(start, min(len(words), 10)):
        low = words[i].lower()
        following = words[i + 1].lower() if i + 1 < len(words) else ""
        if low in V.prepositions:
            break
        if low in _ADVERBS:
            continue
        if low in THIRD_PERSON or low in V.modals:
            if following in V.system_heads | V.person_heads or singular(following) in V.system_heads:
                fallback = i if fallback is None else fallback  # 'the orders service': a name, probably
                continue
            return i
        subject_plural = words[i - 1].lower().endswith("s") or "and" in (w.lower() for w in words[:i])
        if low in V.base_verbs and (subject_plural or words[0].lower() in {"they", "both", "all", "we", "you"}):
            return i
        if re.fullmatch(r"[a-z]+(?<![su]s)(?<!is)s", low) and (
            not following
            or following in V.determiners | V.prepositions | V.pronouns | V.quantity_words
            or following.isdigit()
            or words[i + 1][:1].isupper()
        ):
            return i
    return fallback


def head_of(words: list[str]) -> str:
    return singular(words[-1]).lower() if words else ""


def subject_words(words: list[str]) -> list[str]:
    """The words before a verb without what introduces them: 'explain how [the app] asks'."""
    cut = max((i + 1 for i, w in enumerate(words[:-1]) if w.lower() in V.introducers), default=0)
    return words[cut:]


def noun_phrase(words: list[str]) -> list[str]:
    """The leading noun phrase of words: determiners dropped, up to a preposition or conjunction."""
    words = strip_determiners(words)
    out = []
    for word in words:
        if word.lower() in V.prepositions | {"and", "or", "but", "then", "that", "which", "who", "again"}:
            break
        out.append(word)
    return out[:5]
