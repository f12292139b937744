"""The function-calling tool an LLM uses to ask for a pose animation, and the validation of its arguments.

The schema bounds every array, number and string and lists the pose names as an enum, so a
model constrained by it cannot ask for an unknown pose or an unbounded animation; the pydantic
model checks the same bounds again, because a model's arguments are only a request.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from scenesmith.kinds.pose.library import Step, load_library
from scenesmith.kinds.pose.motion import MAX_SPEED, MIN_SPEED

TOOL_NAME = "render_pose_sequence"
MAX_TOOL_STEPS = 32
MAX_REPEAT = 10
FPS_CHOICES = (10, 20, 25)
DEFAULT_SECONDS = 0.4


def render_pose_sequence_tool(pose_names: Sequence[str]) -> dict[str, Any]:
    """The OpenAI "tools" entry for `render_pose_sequence`, its pose enum being `pose_names`."""
    names = list(dict.fromkeys(pose_names))
    if not names:
        raise ValueError("the tool needs at least one pose name")
    step = {
        "type": "object",
        "properties": {
            "pose": {"type": "string", "enum": names, "description": "A pose from the library."},
            "seconds": {
                "type": "number",
                "minimum": 0.1,
                "maximum": 4,
                "default": DEFAULT_SECONDS,
                "description": "Seconds to move into this pose from the previous one (ignored for the first step).",
            },
            "hold": {"type": "number", "minimum": 0, "maximum": 4, "default": 0, "description": "Seconds to stay still in this pose."},
            "caption": {"type": "string", "maxLength": 60, "description": "Short text shown while moving to and holding this pose."},
        },
        "required": ["pose"],
        "additionalProperties": False,
    }
    parameters = {
        "type": "object",
        "properties": {
            "steps": {"type": "array", "minItems": 1, "maxItems": MAX_TOOL_STEPS, "items": step, "description": "The poses in order."},
            "repeat": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_REPEAT,
                "default": 1,
                "description": "How many times to play the steps (a cycle: 3 waves, 10 jumping jacks).",
            },
            "speed": {"type": "number", "minimum": MIN_SPEED, "maximum": MAX_SPEED, "default": 1, "description": "Playback speed; 2 is twice as fast."},
            "fps": {"type": "integer", "enum": list(FPS_CHOICES), "default": 20, "description": "Frames per second."},
        },
        "required": ["steps"],
        "additionalProperties": False,
    }
    description = (
        "Render a stick-figure animation from library poses. Each step names a pose, how long the move into it "
        "takes and how long it is held; give a cycle's steps once and set repeat for repetitions."
    )
    return {"type": "function", "function": {"name": TOOL_NAME, "description": description, "parameters": parameters}}


class ToolStep(BaseModel):
    """One step as the tool receives it."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    pose: str = Field(max_length=48)
    seconds: float = Field(default=DEFAULT_SECONDS, ge=0.1, le=4.0)
    hold: float = Field(default=0.0, ge=0.0, le=4.0)
    caption: str | None = Field(default=None, max_length=60)

    @field_validator("pose")
    @classmethod
    def _known_pose(cls, pose: str, info: ValidationInfo) -> str:
        names = _pose_names(info.context)
        if pose not in names:
            close = difflib.get_close_matches(pose, names, n=3, cutoff=0.0)
            raise ValueError(f"unknown pose {pose!r}; closest: {', '.join(close)}")
        return pose


def _pose_names(context: Any) -> Sequence[str]:
    """The names to check against: `context={"poses": names}` when validating, else the shipped library."""
    if isinstance(context, Mapping) and "poses" in context:
        return list(context["poses"])
    return list(load_library().poses)


class PoseSequenceCall(BaseModel):
    """The tool's arguments, validated. Pass the pose names as `context={"poses": names}`; see `parse_call`."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    steps: list[ToolStep] = Field(min_length=1, max_length=MAX_TOOL_STEPS)
    repeat: int = Field(default=1, ge=1, le=MAX_REPEAT)
    speed: float = Field(default=1.0, ge=MIN_SPEED, le=MAX_SPEED)
    fps: Literal[10, 20, 25] = 20


def parse_call(arguments: str | Mapping[str, Any], pose_names: Sequence[str]) -> PoseSequenceCall:
    """Validate a tool call's arguments (the JSON string a model sends, or the decoded object) against `pose_names`."""
    data = json.loads(arguments) if isinstance(arguments, str) else dict(arguments)
    return PoseSequenceCall.model_validate(data, context={"poses": list(pose_names)})


def to_steps(call: PoseSequenceCall) -> list[Step]:
    """The library steps the call asks for, its steps played `repeat` times."""
    once = [Step(pose=s.pose, move=s.seconds, hold=s.hold, caption=s.caption) for s in call.steps]
    return once * call.repeat
