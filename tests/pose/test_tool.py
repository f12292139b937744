"""The LLM tool: a schema with every size bounded, and arguments validated against the pose library."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from scenesmith.kinds.pose.library import Step
from scenesmith.kinds.pose.tool import PoseSequenceCall, parse_call, render_pose_sequence_tool, to_steps

NAMES = ["stand", "wave_right_up", "wave_right_out", "jump_star", "squat_low", "bow_deep"]


def _walk(node, path="$"):
    """Every schema node with its path."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{path}[{i}]")


def test_tool_entry_shape() -> None:
    tool = render_pose_sequence_tool(NAMES)
    json.dumps(tool)
    assert tool["type"] == "function"
    function = tool["function"]
    assert function["name"] == "render_pose_sequence"
    assert function["description"]
    step = function["parameters"]["properties"]["steps"]["items"]
    assert step["properties"]["pose"]["enum"] == NAMES
    assert step["required"] == ["pose"]
    assert function["parameters"]["properties"]["fps"]["enum"] == [10, 20, 25]


def test_schema_bounds_everything() -> None:
    schema = render_pose_sequence_tool(NAMES)["function"]["parameters"]
    kinds = set()
    for path, node in _walk(schema):
        kind = node.get("type")
        if not isinstance(kind, str) or path.endswith(".properties"):
            continue
        kinds.add(kind)
        if kind == "object":
            assert node.get("additionalProperties") is False, path
        elif kind == "array":
            assert "maxItems" in node and "minItems" in node, path
        elif kind in ("number", "integer"):
            assert ("minimum" in node and "maximum" in node) or "enum" in node, path
        elif kind == "string":
            assert "maxLength" in node or "enum" in node, path
    assert kinds == {"object", "array", "number", "integer", "string"}


def test_valid_call_becomes_steps() -> None:
    arguments = json.dumps(
        {
            "steps": [
                {"pose": "stand"},
                {"pose": "wave_right_up", "seconds": 0.3, "caption": "up"},
                {"pose": "wave_right_out", "seconds": 0.2, "hold": 0.5},
            ],
            "repeat": 2,
            "speed": 1.5,
            "fps": 25,
        }
    )
    call = parse_call(arguments, NAMES)
    assert call.repeat == 2 and call.speed == 1.5 and call.fps == 25
    steps = to_steps(call)
    assert len(steps) == 6
    assert steps[1] == Step(pose="wave_right_up", move=0.3, caption="up")
    assert steps[2] == Step(pose="wave_right_out", move=0.2, hold=0.5)
    assert steps[3:] == steps[:3]


def test_defaults() -> None:
    call = parse_call({"steps": [{"pose": "stand"}]}, NAMES)
    assert (call.repeat, call.speed, call.fps) == (1, 1.0, 20)
    assert to_steps(call) == [Step(pose="stand", move=0.4)]


def test_unknown_pose_names_the_closest() -> None:
    with pytest.raises(ValidationError) as error:
        parse_call({"steps": [{"pose": "stand"}, {"pose": "wave_right"}]}, NAMES)
    message = str(error.value)
    assert "unknown pose 'wave_right'" in message
    assert "wave_right_up" in message and "wave_right_out" in message
    assert message.count(",") >= 2  # three suggestions


def test_checked_against_the_names_given() -> None:
    parse_call({"steps": [{"pose": "bow_deep"}]}, NAMES)
    with pytest.raises(ValidationError, match="unknown pose 'bow_deep'"):
        parse_call({"steps": [{"pose": "bow_deep"}]}, ["stand", "wave_right_up", "wave_right_out"])


@pytest.mark.parametrize(
    "arguments",
    [
        {"steps": [{"pose": "stand"}] * 33},  # too many steps
        {"steps": []},
        {"steps": [{"pose": "stand", "seconds": 0.05}]},
        {"steps": [{"pose": "stand", "seconds": 5}]},
        {"steps": [{"pose": "stand", "hold": -1}]},
        {"steps": [{"pose": "stand", "caption": "x" * 61}]},
        {"steps": [{"pose": "stand", "extra": 1}]},
        {"steps": [{"pose": "stand"}], "repeat": 11},
        {"steps": [{"pose": "stand"}], "speed": 5},
        {"steps": [{"pose": "stand"}], "fps": 30},
        {"steps": [{"pose": "stand"}], "colour": "red"},
    ],
)
def test_out_of_bounds_rejected(arguments) -> None:
    with pytest.raises(ValidationError):
        parse_call(arguments, NAMES)


def test_nan_is_rejected() -> None:
    with pytest.raises(ValidationError):
        parse_call('{"steps": [{"pose": "stand", "seconds": NaN}]}', NAMES)


def test_without_context_checks_the_shipped_library() -> None:
    call = PoseSequenceCall.model_validate({"steps": [{"pose": "stand"}, {"pose": "wave_right_up"}]})
    assert len(to_steps(call)) == 2
    with pytest.raises(ValidationError, match="unknown pose"):
        PoseSequenceCall.model_validate({"steps": [{"pose": "no_such_pose_here"}]})


def test_empty_names_rejected() -> None:
    with pytest.raises(ValueError):
        render_pose_sequence_tool([])
