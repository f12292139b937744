"""The pose and action libraries: verified data shipped in the package (data/poses.yaml, data/actions.yaml).

A pose is named joint angles plus a facing; loading checks every angle against the joint
limits, so nothing outside the skeleton's range can reach the renderer. An action is a
sequence of pose names with timing: an optional lead-in, a cycle repeated `count` times,
and an optional finish.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from scenesmith.kinds.pose.skeleton import Facing, Point, grounded, out_of_limits, signed_angles

Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,47}$")]
MAX_POSES = 1000
MAX_STEPS = 64


class Pose(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Name
    description: str = Field(min_length=3, max_length=200)
    tags: tuple[Annotated[str, StringConstraints(max_length=30)], ...] = Field(min_length=1, max_length=12)
    facing: Facing = "front"
    angles: dict[str, float] = Field(default_factory=dict, max_length=16)
    lift: float = Field(default=0.0, ge=0.0, le=0.8)  # height of the lowest point above the ground: a jump

    @field_validator("angles")
    @classmethod
    def _within_limits(cls, angles: dict[str, float]) -> dict[str, float]:
        problems = out_of_limits(angles)
        if problems:
            raise ValueError("; ".join(problems))
        return angles

    def signed(self) -> dict[str, float]:
        return signed_angles(self.angles, self.facing)

    def positions(self) -> dict[str, Point]:
        return grounded(self.signed(), self.lift)

    def search_text(self) -> str:
        return " ".join([self.name.replace("_", " "), self.description, *self.tags])


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    pose: Name
    move: float = Field(default=0.4, ge=0.05, le=4.0)  # seconds to reach this pose from the previous one
    hold: float = Field(default=0.0, ge=0.0, le=4.0)  # seconds to stay in it
    caption: str | None = Field(default=None, max_length=60)


class Action(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Name
    title: str = Field(min_length=2, max_length=60)
    description: str = Field(min_length=3, max_length=300)
    keywords: tuple[str, ...] = Field(default=(), max_length=30)
    start: tuple[Step, ...] = Field(default=(), max_length=MAX_STEPS)
    cycle: tuple[Step, ...] = Field(min_length=1, max_length=MAX_STEPS)
    finish: tuple[Step, ...] = Field(default=(), max_length=MAX_STEPS)
    count: int = Field(default=1, ge=1, le=20)  # how many cycles when the prompt does not say
    unit: str | None = Field(default=None, max_length=30)  # what one cycle is called ("jumping jack"), for counts

    def search_text(self) -> str:
        return " ".join([self.name.replace("_", " "), self.title, self.description, *self.keywords])

    def steps(self, count: int | None = None) -> list[Step]:
        return [*self.start, *(list(self.cycle) * (count or self.count)), *self.finish]

    def seconds(self, count: int | None = None) -> float:
        """How long the animation lasts at normal speed: the first step is where it starts, so its move is not timed."""
        steps = self.steps(count)
        return sum(s.move for s in steps[1:]) + sum(s.hold for s in steps)


class Library(BaseModel):
    poses: dict[str, Pose]
    actions: dict[str, Action]

    @model_validator(mode="after")
    def _steps_name_poses(self) -> Library:
        for action in self.actions.values():
            for step in (*action.start, *action.cycle, *action.finish):
                if step.pose not in self.poses:
                    raise ValueError(f"action {action.name!r} uses unknown pose {step.pose!r}")
        return self


def _data(name: str):
    return resources.files("scenesmith.kinds.pose").joinpath("data", name)


def _read(name: str) -> list[dict]:
    text = _data(name).read_text(encoding="utf-8")
    data = yaml.safe_load(text) or []
    if not isinstance(data, list):
        raise ValueError(f"{name} must be a list")
    return data


def data_version() -> str:
    """A hash of the shipped pose and action data, so stages re-run when the library changes."""
    digest = hashlib.sha256()
    for name in ("poses.yaml", "actions.yaml"):
        digest.update(_data(name).read_bytes())
    return digest.hexdigest()[:12]


@cache
def load_library() -> Library:
    """Both libraries, validated: limits, unique names, and every action step naming a known pose."""
    poses = [Pose.model_validate(item) for item in _read("poses.yaml")]
    actions = [Action.model_validate(item) for item in _read("actions.yaml")]
    for label, items in (("pose", poses), ("action", actions)):
        seen: set[str] = set()
        for item in items:
            if item.name in seen:
                raise ValueError(f"duplicate {label} name {item.name!r}")
            seen.add(item.name)
    if len(poses) > MAX_POSES:
        raise ValueError(f"too many poses ({len(poses)} > {MAX_POSES})")
    return Library(poses={p.name: p for p in poses}, actions={a.name: a for a in actions})
