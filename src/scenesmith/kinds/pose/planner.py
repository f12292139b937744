"""The embedded pose planner: a prompt to a sequence of verified poses, with no model.

- An action ("do three jumping jacks") is found by BM25 over the action library; its cycle is
  repeated as many times as the prompt says ("three", "twice", "5 times").
- Speed words ("slowly", "quickly", "in slow motion") scale the timing.
- A free description ("raise both arms, then touch your toes, then sit down") is split into
  clauses; each becomes an action or the nearest verified pose.
- Anything else is refused with the nearest actions, so nothing unverified is ever drawn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache

from pydantic import BaseModel, Field

from scenesmith.engine.errors import UserError
from scenesmith.kinds.pose.library import Action, Step, load_library
from scenesmith.kinds.pose.motion import MAX_SPEED, MIN_SPEED

MAX_PLAN_STEPS = 256
# A match needs this BM25 score and this share of the prompt's words: a stray word is not an action.
MIN_SCORE = 0.8
MIN_COVERAGE = 0.5
PICK_FROM = 5  # top BM25 hits weighed by coverage

_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "a couple of": 2, "a couple": 2, "a few": 3, "several": 3,
}  # fmt: skip
_TIMES = {"once": 1, "twice": 2, "thrice": 3}
_NUMBER = "|".join(sorted((re.escape(w) for w in _NUMBERS), key=len, reverse=True))
_COUNT = re.compile(rf"\b(?:(\d{{1,3}})|({_NUMBER}))\b(?:\s+times\b)?|\b(once|twice|thrice)\b", re.IGNORECASE)
_SPEEDS = (
    (re.compile(r"\bin slow motion\b|\bvery slowly\b|\bvery slow\b", re.I), 0.5),
    (re.compile(r"\bslowly\b|\bslow\b|\bgently\b", re.I), 0.7),
    (re.compile(r"\bvery (?:fast|quickly|quick)\b|\bas fast as\b", re.I), 2.0),
    (re.compile(r"\bquickly\b|\bfast\b|\bquick\b|\brapidly\b|\benergetically\b", re.I), 1.5),
)
# Prompts that ask for an explanation ("Explain sine waves") or carry math ("the distance between (-3, 1)
# and (3, 9)") are not motions even when a word ("waves", "distance") is.
_EXPLANATION = re.compile(r"^\s*(?:explain|what|why|how|prove|derive|define|describe|teach)\b", re.IGNORECASE)
_MATH = re.compile(r"[=^(){}\[\]+*/<>√∫π]|\d\s*,\s*-?\d")  # coordinates, equations: math, not motion
_CLAUSES = re.compile(r"\s*(?:,?\s*\band then\b|,?\s*\bthen\b|;|,|\bfollowed by\b|\bafter that\b)\s*", re.IGNORECASE)
# Words about the picture, not the motion.
_FILLER = re.compile(
    r"\b(stick ?figure|stickman|stick man|figure|person|man|woman|guy|character|someone|somebody|animation|animated|"
    r"gif|clip|loop|looping|times?|please|let|lets|have|has|gets|get|then|now|again|in place|on the spot|show|make|makes|put|place|keep|do|does|doing|did|him|her|me|little|bit)\b",
    re.IGNORECASE,
)
MAX_COUNT = 20


class PosePlan(BaseModel):
    """What will be drawn: verified steps (pose names with timing) and how they were chosen."""

    title: str = Field(max_length=80)
    action: str | None = None  # the library action, when the prompt named one
    count: int = Field(default=1, ge=1, le=MAX_COUNT)
    speed: float = Field(default=1.0, ge=MIN_SPEED, le=MAX_SPEED)
    steps: list[Step] = Field(min_length=1, max_length=MAX_PLAN_STEPS)
    understood: list[str] = Field(default_factory=list, max_length=32)  # one line per clause: what it became


def parse_count(text: str) -> int | None:
    """How many times the prompt asks for ("three", "twice", "5 times"), or None if it does not say."""
    match = _COUNT.search(text)
    if not match:
        return None
    digits, word, times = match.groups()
    value = int(digits) if digits else _NUMBERS[word.lower()] if word else _TIMES[times.lower()]
    if value < 1 or value > MAX_COUNT:
        raise UserError(f"{value} repetitions is outside what scenesmith animates (1 to {MAX_COUNT}). Ask for fewer.")
    return value


def parse_speed(text: str) -> float:
    for pattern, speed in _SPEEDS:
        if pattern.search(text):
            return speed
    return 1.0


def _content(text: str) -> str:
    """The words that say which motion: counts, speeds and words about the picture removed."""
    text = _COUNT.sub(" ", text)
    for pattern, _ in _SPEEDS:
        text = pattern.sub(" ", text)
    return _FILLER.sub(" ", text)


@dataclass(frozen=True)
class Match:
    name: str
    score: float
    coverage: float  # the share of the query's words that the match knows
    matched: tuple[str, ...] = ()  # the query's words it matched on


class Library:
    """BM25 indexes over the actions and the poses, built once per process."""

    def __init__(self) -> None:
        from scenesmith.retrieval.bm25 import BM25Index, tokenize  # bm25s loads only when a prompt needs it

        self.tokenize = tokenize
        library = load_library()
        self.poses = library.poses
        self.actions = library.actions
        self.action_names = list(self.actions)
        self.pose_names = list(self.poses)
        self.action_index = BM25Index([a.search_text() for a in self.actions.values()])
        self.pose_index = BM25Index([p.search_text() for p in self.poses.values()])
        # the words that name an action (not its description): "raise both arms" describes flex but names no action
        self.action_words = {a.name: set(tokenize(" ".join([a.name.replace("_", " "), a.title, *a.keywords]))) for a in self.actions.values()}

    def _best(self, index, names: list[str], text: str, k: int = 1) -> list[Match]:
        words = set(self.tokenize(text))
        if not words:
            return []
        return [Match(names[h.index], h.score, len(set(h.matched)) / len(words), tuple(h.matched)) for h in index.search(text, k=k)]

    def _pick(self, index, names: list[str], text: str) -> Match | None:
        """The best of the top hits by how much of the text they cover, then by score. A partial match must
        cover the first word, which says what to do: "kick a ball" is a kick, "juggle three balls" is nothing."""
        content = _content(text)
        words = self.tokenize(content)
        fits = [
            h for h in self._best(index, names, content, k=PICK_FROM)
            if h.score >= MIN_SCORE and h.coverage >= MIN_COVERAGE and (h.coverage >= 0.99 or words[0] in h.matched)
        ]
        return max(fits, key=lambda h: (round(h.coverage, 3), h.score), default=None)

    def action(self, text: str) -> Match | None:
        return self._pick(self.action_index, self.action_names, text)

    def pose(self, text: str) -> Match | None:
        return self._pick(self.pose_index, self.pose_names, text)

    def choose(self, text: str) -> tuple[str, Match] | None:
        """("action", match) or ("pose", match) for one clause: the action when it covers more of the clause
        than any pose, or as much and the clause's first word names it ("cheer …", not "raise both arms", which
        only flex's description says); else the pose; None when neither fits."""
        action, pose = self.action(text), self.pose(text)
        names_it = action is not None and self.tokenize(_content(text))[0] in self.action_words[action.name]
        if action is not None and (pose is None or action.coverage > pose.coverage or (action.coverage == pose.coverage and names_it)):
            return "action", action
        return ("pose", pose) if pose is not None else None

    def nearest_actions(self, text: str, k: int = 3, by_spelling: bool = True) -> list[Action]:
        """The actions closest to the text: by BM25 when words are shared, else (if asked) by spelling ("moonwalk" → walk)."""
        hits = [h for h in self._best(self.action_index, self.action_names, _content(text), k=k) if h.score >= MIN_SCORE]
        if hits or not by_spelling:
            return [self.actions[h.name] for h in hits]
        words = [w for w in self.tokenize(_content(text)) if len(w) >= 3]

        def likeness(action: Action) -> float:
            names = set(self.tokenize(f"{action.name.replace('_', ' ')} {action.title}"))
            return max((1.0 if len(n) >= 3 and n in w else SequenceMatcher(None, w, n).ratio() for w in words for n in names), default=0.0)

        return sorted(self.actions.values(), key=lambda a: (-likeness(a), a.name))[:k]


@cache
def library() -> Library:
    return Library()


def clauses_of(prompt: str) -> list[str]:
    """The prompt's steps: "raise both arms, then touch your toes" → ["raise both arms", "touch your toes"]."""
    return [c.strip() for c in _CLAUSES.split(prompt) if c.strip()]


def claim(prompt: str) -> float:
    """How surely the prompt asks for a stick-figure motion: 0.5 to 0.95 by the share of its words an action or pose knows."""
    lib = library()
    best = lib.action(prompt) or lib.pose(prompt)
    clauses = clauses_of(prompt)
    if best is None and len(clauses) > 1 and all(lib.action(c) or lib.pose(c) for c in clauses):
        score = 0.9
    else:
        score = 0.0 if best is None else 0.5 + 0.45 * best.coverage
    return min(score, 0.4) if _EXPLANATION.match(prompt) or _MATH.search(prompt) else score


def plan_pose(prompt: str) -> PosePlan:
    """The plan for a prompt; UserError (with the nearest actions) when nothing in the library fits."""
    lib = library()
    speed = parse_speed(prompt)
    clauses = clauses_of(prompt)
    if len(clauses) == 1:  # one action, unless the clause is better read as a pose
        chosen = lib.choose(prompt)
        whole = chosen[1] if chosen and chosen[0] == "action" else None
    else:  # several clauses are one action only when that action knows every word
        whole = lib.action(prompt)
        whole = whole if whole is not None and whole.coverage >= 0.99 else None
    if whole is not None:
        action = lib.actions[whole.name]
        count = parse_count(prompt) or action.count
        return PosePlan(title=action.title, action=action.name, count=count, speed=speed, steps=action.steps(count), understood=[f"{prompt!r} → action {action.name} × {count}"])
    steps: list[Step] = []
    understood: list[str] = []
    missing: list[str] = []
    used_action = False
    for clause in clauses:
        kind, found = lib.choose(clause) or ("", None)
        if kind == "action":
            action = lib.actions[found.name]
            count = parse_count(clause) or action.count
            steps.extend(action.steps(count))
            used_action = True
            understood.append(f"{clause!r} → action {action.name} × {count}")
            continue
        if kind == "pose":
            pose = found
            if not steps:
                steps.append(Step(pose="stand", move=0.3))
            steps.append(Step(pose=pose.name, move=0.5, hold=0.5, caption=clause[:60]))
            understood.append(f"{clause!r} → pose {pose.name}")
            continue
        missing.append(clause)
    if missing or not steps:
        near = lib.nearest_actions(" ".join(missing) or prompt)
        listed = "; ".join(f"{a.name} ({a.title})" for a in near)
        what = f"It understood: {'; '.join(understood)}. " if understood else ""
        raise UserError(
            f"scenesmith has no verified stick-figure motion for {(missing[0] if missing else prompt)[:80]!r}. {what}"
            f"Nearest actions: {listed}. Run 'scenesmith actions' to list them all, or describe poses step by step, "
            "e.g. 'raise both arms, then touch your toes, then sit down'."
        )
    if steps[-1].pose != "stand" and not used_action:  # described poses end back at standing; actions end as they are made
        steps.append(Step(pose="stand", move=0.5))
    if len(steps) > MAX_PLAN_STEPS:
        raise UserError(f"That is {len(steps)} poses; the limit is {MAX_PLAN_STEPS}. Ask for fewer repetitions.")
    title = clauses[0][:1].upper() + "; ".join(clauses)[1:80] if clauses else "Stick figure"
    return PosePlan(title=title[:80], speed=speed, steps=steps, understood=understood)
