"""Which diagram does a prompt ask for: an explicit name ('class diagram', with its title), or structural cues.

The cue patterns and the names of the types are data (words.yaml); this module reads the frame of
the prompt and weighs the cues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scenesmith.kinds.diagram.planner.english import V, display_name, looks_like_math, strip_determiners, tokens

TYPE_ORDER = ("class", "state", "usecase", "component", "sequence", "activity")  # ties go to the earlier

_TYPE_NAMES = "|".join(sorted((re.escape(k) for k in V.diagram_words), key=len, reverse=True))
_EXPLICIT = re.compile(
    rf"^\s*(?:please\s+)?(?:(?:draw|make|create|generate|render|show|build|sketch|give|produce|design)\s+(?:me\s+)?)?"
    rf"(?:an?\s+|the\s+)?(?:uml\s+|plantuml\s+)?(?P<kind>{_TYPE_NAMES})?\s*(?:uml\s+)?"
    r"(?:diagram|chart)(?![a-z])\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
# The type named further in, only with a colon after it or at the very end, so that
# "Explain the Venn diagram of two sets" is not taken for a request.
_EXPLICIT_LATER = re.compile(
    rf"^.{{0,80}}?\b(?P<kind>{_TYPE_NAMES})\s+(?:uml\s+)?diagram\s*:\s*(?P<rest>.+)$", re.IGNORECASE | re.DOTALL
)
_EXPLICIT_AT_END = re.compile(
    rf"^(?P<body>.+?)[,.;:]?\s+(?:as|in)\s+(?:an?\s+)?(?:uml\s+)?(?P<kind>{_TYPE_NAMES})\s+(?:uml\s+)?diagram[.!]?$",
    re.IGNORECASE | re.DOTALL,
)
_NAMED_ONLY = re.compile(
    r"^\s*(?:(?:draw|make|create)\s+)?(?:an?\s+)?(?P<kind>flow ?chart|state machine)\b\s*[:,-]?\s*(?P<rest>.*)$", re.I
)
_TITLED = re.compile(r"^(?:of|for|about|showing|that shows|describing)\s+(?P<title>[^:]{1,80}?)\s*:\s*(?P<body>.+)$", re.I)
_QUESTION = re.compile(r"\?\s*(?:$|[\"'(A-Za-z])")


@dataclass
class Frame:
    kind: str | None  # the type the user named, if any
    explicit: bool  # they asked for a diagram in so many words
    title: str | None
    body: str


def read_frame(prompt: str) -> Frame:
    """'Draw a class diagram of a blog: …' → kind 'class', title 'Blog', body '…'."""
    text = " ".join(prompt.split()).strip()
    match = _EXPLICIT.match(text)
    later = None if match else _EXPLICIT_LATER.match(text) or _EXPLICIT_AT_END.match(text)
    if later:  # "Show the login as a sequence diagram: …" / "… as a class diagram"
        body = later["rest"] if later.re is _EXPLICIT_LATER else later["body"]
        return Frame(V.diagram_words[later["kind"].lower()], True, None, body.strip(" ,;:"))
    if not match:
        named = _NAMED_ONLY.match(text)
        if named:
            kind = "state" if named["kind"].lower() == "state machine" else "activity"
            return Frame(kind, True, None, re.sub(r"^(?:of|for|where)\s+", "", named["rest"], flags=re.I))
        return Frame(None, False, None, text)
    kind = V.diagram_words.get((match.group("kind") or "").lower().replace("  ", " "))
    rest = match.group("rest").strip()
    title = None
    head = _TITLED.match(rest)
    if head:
        title = display_name(strip_determiners(tokens(head.group("title")))) or None
        rest = head.group("body")
    else:
        rest = re.sub(r"^(?:[:,\-–—]|of|for|where|in which|showing|that shows|about|with)\s*", "", rest, flags=re.I)
        rest = rest.lstrip(":,-–— ")
    return Frame(kind, True, title, rest)


def type_scores(body: str) -> dict[str, float]:
    """How strongly the text reads as each diagram type (0..1), from its structural cues."""
    scores = {kind: max((cue.weight for cue in cues if cue.pattern.search(body)), default=0.0) for kind, cues in V.cues.items()}
    if scores["class"] >= 0.9 and scores["usecase"] < 0.95:
        scores["usecase"] = 0.0  # "a Student can enroll" among classes names a method, not a use case
    return scores


def asks_something_else(body: str) -> bool:
    """A sum, a question, or a request to explain: an ordinary sentence, whatever cue words it holds."""
    opener = re.match(rf"\s*(?:{'|'.join(V.not_diagram_openers)})\b", body, re.I)
    return bool(opener) or looks_like_math(body) or bool(_QUESTION.search(body))


def cue_score(frame: Frame) -> float:
    """How strongly a prompt that names no diagram reads as one (0 for a question or a sum)."""
    if asks_something_else(frame.body):
        return 0.0
    return max(type_scores(frame.body).values())
