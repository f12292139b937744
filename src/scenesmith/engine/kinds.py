"""The kind registry: kinds are found through entry points (`scenesmith.kinds`); the engine and CLI never name one.

A kind supplies how well it can take a prompt (claim), nearest alternatives when it
cannot (suggest), its own reason when it was asked for by name and cannot (refusal), and a `run` that drives its stages through a StageRunner.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from scenesmith.engine.errors import UserError

if TYPE_CHECKING:
    from scenesmith.engine.request import Request
    from scenesmith.engine.stages import StageRunner


@dataclass
class Outcome:
    """What a kind hands back: artifacts by friendly name (blob names), answer, status and report."""

    status: str  # succeeded | partial | failed
    artifacts: dict[str, str] = field(default_factory=dict)
    answer: str | None = None
    error: str | None = None
    user_error: bool = False  # the failure was the request's fault (exit code 2)
    report: dict[str, Any] = field(default_factory=dict)


class Kind(Protocol):
    name: str
    description: str
    order: int  # kinds are asked in this order (lowest first); a sure claim (1.0) ends the search
    hint: str  # how to ask this kind, for the message when no kind takes a prompt
    preload: list[str]  # modules the warm sandbox pool imports for this kind's renders ([]: it needs no pool)

    def claim(self, prompt: str) -> float:
        """0 when the kind cannot take the prompt, up to 1 when it surely can."""

    def suggest(self, prompt: str) -> list[str]:
        """Nearest things this kind could make instead (for the 'unsupported' message)."""

    def refusal(self, prompt: str) -> UserError | None:
        """When the user named this kind and it cannot take the prompt: why, in its own words (None: the generic message)."""

    # Optional: `inputs`: the names of the input files the kind takes (the image kind: ("image", "mask")) and
    # `needs_inputs`: True when it takes no prompt without them. A request with input files is routed only to
    # kinds that take them; a kind that needs them is never asked about a prompt alone.
    # Optional: `options(values: dict) -> dict`: validate the kind's own options (UserError when one is wrong).
    # Optional: `validate(store, request)`: check the request's input files before it is stored (UserError: exit 2).

    # Optional: `diagnose(prompt, claimed) -> str | None`: the prompt is this kind's (a math problem the solver
    # recognises) but it cannot make it: why. Asked when no kind claims the prompt surely (1.0); `claimed` says
    # whether another kind claims it at all. A diagnosis is the user's answer (exit 2), so a kind that is sure a
    # prompt is its own can stop a looser claim from turning it into a video about something else.

    def run(self, runner: StageRunner, request: Request) -> Outcome: ...


ENTRY_POINT_GROUP = "scenesmith.kinds"
_KINDS: dict[str, Kind] = {}
_LOADED = False


def register(kind: Kind) -> None:
    _KINDS[kind.name] = kind


def _load() -> None:
    """Kinds come from entry points in the group `scenesmith.kinds` (the package's own, and any
    installed plugin's), asked in their `order` (lowest first: a sure claim ends the search early)."""
    global _LOADED
    if _LOADED:
        return
    from importlib.metadata import entry_points

    found = []
    for point in entry_points(group=ENTRY_POINT_GROUP):
        try:
            kind = point.load()()
        except Exception as exc:  # a broken plugin must not take the other kinds down with it
            import warnings

            warnings.warn(f"kind {point.name!r} ({point.value}) could not be loaded and is skipped: {type(exc).__name__}: {exc}", stacklevel=2)
            continue
        found.append((getattr(kind, "order", 100), kind.name, kind))
    if not found:
        raise UserError("No kinds are installed: scenesmith's own entry points are missing. Reinstall it (make setup, or pip install -e .).")
    for _, _, kind in sorted(found, key=lambda t: (t[0], t[1])):
        register(kind)
    _LOADED = True


def all_kinds() -> dict[str, Kind]:
    _load()
    return dict(_KINDS)


def get(name: str) -> Kind:
    kinds = all_kinds()
    if name not in kinds:
        raise UserError(f"Unknown kind {name!r}. Choose one of: auto, {', '.join(sorted(kinds))}.")
    return kinds[name]


@dataclass
class Routing:
    """Which kind took a prompt, and every kind's claim score (kept in the run's report)."""

    kind: Kind
    requested: str
    claims: dict[str, float] = field(default_factory=dict)

    def report(self) -> dict[str, Any]:
        return {"requested": self.requested, "kind": self.kind.name, "claims": {k: round(v, 3) for k, v in self.claims.items()}}


def resolve(prompt: str, requested: str) -> Kind:
    """Pick the kind for a prompt: the requested one if it accepts it, else the best claimant."""
    return route(prompt, requested).kind


def takes_inputs(kind: Kind, inputs: set[str] | frozenset[str]) -> bool:
    """Whether the kind can be asked about a request with these input files (none: a prompt alone)."""
    accepted = set(getattr(kind, "inputs", ()))
    if inputs:
        return inputs <= accepted
    return not getattr(kind, "needs_inputs", False)


def route(prompt: str, requested: str, inputs: set[str] | frozenset[str] = frozenset()) -> Routing:
    """Like `resolve`, with the claim scores. Raises UserError (exit 2) when no kind takes the prompt."""
    inputs = set(inputs)
    if requested != "auto":
        kind = get(requested)
        if not takes_inputs(kind, inputs):
            wanted = list(getattr(kind, "inputs", ()))
            if not inputs:  # files are what is missing
                raise UserError(f"The {kind.name} kind works on input files: give {' and '.join(wanted)} "
                                f"({' '.join(f'--{name} FILE' for name in wanted)} on the command line; 'inputs' in the API).")
            given = ", ".join(sorted(inputs))
            raise UserError(f"The {kind.name} kind takes these input files: {', '.join(wanted) or 'none'}; this request gives: {given}. Drop the files, or choose a kind that takes them ('scenesmith kinds').")
        score = kind.claim(prompt)
        if score <= 0:
            raise kind.refusal(prompt) or unsupported(prompt, [kind])
        return Routing(kind, requested, {kind.name: score})
    every = list(all_kinds().values())
    kinds = [k for k in every if takes_inputs(k, inputs)]
    others = [k for k in every if k not in kinds]  # kinds that would need files this request does not give
    if not kinds:
        raise UserError(f"No installed kind takes the input files {', '.join(sorted(inputs))}. See 'scenesmith kinds'.")
    scored = []
    claims: dict[str, float] = {}
    for kind in kinds:  # registration order; a sure claim (1.0) ends the search early
        score = claims[kind.name] = kind.claim(prompt)
        if score >= 1.0:
            return Routing(kind, requested, claims)
        scored.append((score, kind.name, kind))
    scored.sort(key=lambda t: (-t[0], t[1]))
    claimed = bool(scored) and scored[0][0] > 0
    for kind in kinds:  # no sure claim: a kind that knows the prompt is its own, and why it cannot make it, says so
        diagnose = getattr(kind, "diagnose", None)
        reason = diagnose(prompt, claimed) if diagnose else None
        if reason:
            raise UserError(reason)
    if not claimed:
        raise unsupported(prompt, kinds, others)
    return Routing(scored[0][2], requested, claims)


def unsupported(prompt: str, kinds: list[Kind], others: list[Kind] = ()) -> UserError:
    """The refusal when no kind takes a prompt, in the kinds' own words: what was not understood,
    what scenesmith makes, the nearest things it could make instead, and how to ask each kind."""
    said = [getattr(k, "not_understood", lambda p: None)(prompt) for k in kinds]
    opening = next((s for s in said if s), None) or f"scenesmith cannot make anything of {prompt[:80]!r}."
    suggestions = [s for k in kinds for s in k.suggest(prompt)][:5]
    message = f"{opening} What scenesmith makes: {'; '.join(k.description for k in kinds)}."
    if suggestions:
        message += " Nearest: " + "; ".join(suggestions) + "."
    hints = [h for h in (getattr(k, "hint", "") for k in kinds) if h]
    if hints:
        message += " To ask: " + "; ".join(hints) + "."
    for kind in others:  # a kind that was not asked because it works on files the request did not give
        message += f" With files, scenesmith also makes {kind.description}: {getattr(kind, 'hint', '') or 'see scenesmith kinds'}."
    return UserError(message, suggestions)
