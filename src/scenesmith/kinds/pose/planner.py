"""The embedded pose planner: a prompt to a sequence of verified poses, with no model.

- An action ("do three jumping jacks") is found by BM25 over the action library; its cycle is
  repeated as many times as the prompt says ("three", "twice", "5 times").
- Speed words ("slowly", "quickly", "in slow motion") scale the timing.
- A free description ("raise both arms, then touch your toes, then sit down") is split into
  clauses; each becomes an action or the nearest verified pose.
- Every word of a clause must be covered by the action or pose it becomes, or be one the planner
  reads itself (counts, speeds, words about the picture, function words: data/words.yaml), and
  a number must be the count of an action: "walk the dog" and "run a marathon in 3 hours" are
  not a walk and a run.
- Anything else is refused with the nearest actions, so nothing unverified is ever drawn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache

from pydantic import BaseModel, Field

from scenesmith.kinds.pose.errors import PoseError
from scenesmith.kinds.pose.library import Action, Step, load_library
from scenesmith.kinds.pose.motion import MAX_SPEED, MIN_SPEED
from scenesmith.kinds.pose.vocabulary import words

MAX_PLAN_STEPS = 256
# A match needs this BM25 score and this share of the prompt's words: a stray word is not an action.
MIN_SCORE = 0.8
MIN_COVERAGE = 0.5
PICK_FROM = 5  # top BM25 hits weighed by coverage

# Prompts that carry math ("the distance between (-3, 1) and (3, 9)") are not motions even when a word
# ("distance") is; nor are those that ask for an explanation (words.yaml: explanation_openers).
_MATH = re.compile(r"[=^(){}\[\]+*/<>√∫π]|\d\s*,\s*-?\d")  # coordinates, equations: math, not motion
MAX_COUNT = 20
SURE_CLAIM = 0.95  # one action or pose covers the whole prompt
STEPS_CLAIM = 0.9  # every clause of a step-by-step description is covered
NOT_A_MOTION = 0.4  # the most an explanation or a math prompt gets, whatever its words


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
    match = words().count.search(text)
    if not match:
        return None
    value = words().value(match)
    if value < 1 or value > MAX_COUNT:
        raise PoseError(f"{value} repetitions is outside what scenesmith animates (1 to {MAX_COUNT}). Ask for fewer.")
    return value


def parse_speed(text: str) -> float:
    speed = words().speed(text)
    return 1.0 if speed is None else speed


def _content(text: str) -> str:
    """The words that say which motion: counts, speeds and words about the picture removed."""
    vocabulary = words()
    text = vocabulary.count.sub(" ", text)
    for pattern, _ in vocabulary.speed_patterns:
        text = pattern.sub(" ", text)
    return vocabulary.picture.sub(" ", text)


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
        # every word an action or pose covers: its name, title, keywords or tags and description, as stems
        self.known = {
            **{("action", a.name): words().stems(a.search_text()) for a in self.actions.values()},
            **{("pose", p.name): words().stems(p.search_text()) for p in self.poses.values()},
        }

    def leftover(self, kind: str, name: str, text: str) -> list[str]:
        """The words of `text` that the action or pose `name` does not cover (an action uses the count, a pose does not)."""
        return words().leftover(text, self.known[(kind, name)], count_used=kind == "action")

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
        ignored = words().ignored  # "a lake here" shares only "here" with "wave over here": no near miss
        content = " ".join(w for w in self.tokenize(_content(text)) if w not in ignored)
        hits = [h for h in self._best(self.action_index, self.action_names, content, k=k) if h.score >= MIN_SCORE]
        if hits or not by_spelling:
            return [self.actions[h.name] for h in hits]
        spelled = [w for w in self.tokenize(content) if len(w) >= 3]

        def likeness(action: Action) -> float:
            names = set(self.tokenize(f"{action.name.replace('_', ' ')} {action.title}"))
            return max((1.0 if len(n) >= 3 and n in w else SequenceMatcher(None, w, n).ratio() for w in spelled for n in names), default=0.0)

        return sorted(self.actions.values(), key=lambda a: (-likeness(a), a.name))[:k]


@cache
def library() -> Library:
    return Library()


def clauses_of(prompt: str) -> list[str]:
    """The prompt's steps: "raise both arms, then touch your toes" → ["raise both arms", "touch your toes"]."""
    return [c.strip() for c in words().clauses.split(prompt) if c.strip()]


@dataclass(frozen=True)
class Part:
    """One clause and what it becomes: an action or a pose, or nothing (kind ""), and the words that leaves unsaid."""

    clause: str
    kind: str
    match: Match | None
    leftover: tuple[str, ...] = ()

    @property
    def covered(self) -> bool:
        return self.match is not None and not self.leftover

    def why_not(self) -> str:
        """What a refusal says about this clause."""
        if self.match is None:
            return repr(self.clause[:80])
        what = f"the {self.match.name} {self.kind}"
        return f"{self.clause[:80]!r} ({what} does not show {', '.join(repr(w) for w in self.leftover)})"


@dataclass(frozen=True)
class Reading:
    """How the prompt reads: one action for all of it, or a part per clause."""

    prompt: str
    clauses: tuple[str, ...]
    whole: Match | None  # the action the whole prompt names, every word covered
    parts: tuple[Part, ...]  # per clause, when there is no whole
    speeds: frozenset[float]  # every speed the prompt names

    @property
    def understood(self) -> bool:
        """Every word is covered, by one action or clause by clause, and the prompt names at most one speed."""
        return len(self.speeds) <= 1 and (self.whole is not None or (bool(self.parts) and all(p.covered for p in self.parts)))


def read(prompt: str) -> Reading:
    """What the prompt becomes, before counts are checked."""
    lib = library()
    clauses = tuple(clauses_of(prompt))
    speeds = frozenset(words().speeds_named(prompt))
    if len(clauses) == 1:  # one action, unless the clause is better read as a pose
        chosen = lib.choose(prompt)
        whole = chosen[1] if chosen and chosen[0] == "action" else None
    else:  # several clauses are one action only when that action knows every word
        whole = lib.action(prompt)
        whole = whole if whole is not None and whole.coverage >= 0.99 else None
    if whole is not None and not lib.leftover("action", whole.name, prompt):
        return Reading(prompt, clauses, whole, (), speeds)
    parts = []
    for clause in clauses:
        kind, found = lib.choose(clause) or ("", None)
        parts.append(Part(clause, kind, found, tuple(lib.leftover(kind, found.name, clause)) if found else ()))
    return Reading(prompt, clauses, None, tuple(parts), speeds)


def asks_for_a_motion(prompt: str) -> bool:
    """False for explanations ("Explain ...", "What ...") and prompts with math in them: never a motion."""
    return not (words().explanation.match(prompt) or _MATH.search(prompt))


def claim(prompt: str) -> float:
    """How surely the prompt asks for a stick-figure motion: 0.95 when one action or pose covers every word,
    0.9 when each clause of a step-by-step description is covered, else 0; explanations and math at most 0.4."""
    reading = read(prompt)
    if not reading.understood:
        return 0.0
    score = STEPS_CLAIM if reading.whole is None and len(reading.parts) > 1 else SURE_CLAIM
    return score if asks_for_a_motion(prompt) else min(score, NOT_A_MOTION)


def plan_pose(prompt: str) -> PosePlan:
    """The plan for a prompt; PoseError (with the nearest actions) when nothing in the library fits."""
    lib = library()
    reading = read(prompt)
    if len(reading.speeds) > 1:
        raise PoseError(f"{prompt[:80]!r} asks for more than one speed; an animation plays at one speed. Ask for one (e.g. 'slowly' or 'quickly').")
    speed = parse_speed(prompt)
    if reading.whole is not None:
        action = lib.actions[reading.whole.name]
        count = parse_count(prompt) or action.count
        return PosePlan(title=action.title, action=action.name, count=count, speed=speed, steps=action.steps(count), understood=[f"{prompt!r} → action {action.name} × {count}"])
    steps: list[Step] = []
    understood: list[str] = []
    missing: list[Part] = []
    used_action = False
    for part in reading.parts:
        clause, found = part.clause, part.match
        if not part.covered:
            missing.append(part)
            continue
        if part.kind == "action":
            action = lib.actions[found.name]
            count = parse_count(clause) or action.count
            steps.extend(action.steps(count))
            used_action = True
            understood.append(f"{clause!r} → action {action.name} × {count}")
            continue
        if not steps:
            steps.append(Step(pose="stand", move=0.3))
        steps.append(Step(pose=found.name, move=0.5, hold=0.5, caption=clause[:60]))
        understood.append(f"{clause!r} → pose {found.name}")
    if missing or not steps:
        near = lib.nearest_actions(" ".join(p.clause for p in missing) or prompt)
        listed = "; ".join(f"{a.name} ({a.title})" for a in near)
        what = f"It understood: {'; '.join(understood)}. " if understood else ""
        raise PoseError(
            f"scenesmith has no verified stick-figure motion for {missing[0].why_not() if missing else repr(prompt[:80])}. {what}"
            f"Nearest actions: {listed}. Run 'scenesmith actions' to list them all, or describe poses step by step, "
            "e.g. 'raise both arms, then touch your toes, then sit down'."
        )
    if steps[-1].pose != "stand" and not used_action:  # described poses end back at standing; actions end as they are made
        steps.append(Step(pose="stand", move=0.5))
    if len(steps) > MAX_PLAN_STEPS:
        raise PoseError(f"That is {len(steps)} poses; the limit is {MAX_PLAN_STEPS}. Ask for fewer repetitions.")
    clauses = reading.clauses
    title = clauses[0][:1].upper() + "; ".join(clauses)[1:80] if clauses else "Stick figure"
    return PosePlan(title=title[:80], speed=speed, steps=steps, understood=understood)
