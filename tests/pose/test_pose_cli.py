"""The pose kind through the real CLI: dev prompts to a looping GIF and an MP4 whose timing is the plan's."""

from __future__ import annotations

import json
from pathlib import Path

import av
import pytest
import yaml
from PIL import Image

DEV = [(p["prompt"], p["action"], p["count"]) for p in yaml.safe_load((Path(__file__).resolve().parents[2] / "bench" / "pose_prompts.yaml").read_text())["prompts"]]
assert len(DEV) == 8


def plan_duration(plan: dict) -> float:
    """The plan's own timing: every step after the first moves, every step may hold; all divided by the speed."""
    steps = plan["steps"]
    total = sum(s["move"] for s in steps[1:]) + sum(s["hold"] for s in steps)
    return total / plan["speed"]


@pytest.mark.parametrize(("prompt", "action", "count"), DEV, ids=[d[1] for d in DEV])
def test_dev_prompt_becomes_a_gif_and_video_timed_by_the_plan(cli, shared_home, prompt, action, count):
    result = cli(shared_home, "make", prompt, "--json")  # auto: the router must pick the pose kind
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.json
    assert out["kind"] == "pose" and out["status"] == "succeeded"
    files = {name: Path(path) for name, path in out["artifacts"].items()}
    assert set(files) == {"plan", "keyframes", "gif", "video", "thumbnail"}

    plan = json.loads(files["plan"].read_text())
    assert plan["action"] == action
    if count is not None:
        assert plan["count"] == count
    document = json.loads(files["keyframes"].read_text())
    fps = document["fps"]
    assert document["duration"] == pytest.approx(plan_duration(plan), abs=1e-3)
    assert document["keyframes"][-1]["time"] == pytest.approx(document["duration"], abs=1e-3)
    assert document["keyframes"][0]["pose"] == plan["steps"][0]["pose"]
    assert len(document["keyframes"][0]["coco17"]) == 17
    assert document["frame_count"] == max(1, round(document["duration"] * fps))

    with Image.open(files["gif"]) as gif:
        assert gif.n_frames == document["frame_count"]
        assert gif.info.get("loop") == 0, "the GIF must loop forever"
        total_ms = 0
        for index in range(gif.n_frames):
            gif.seek(index)
            total_ms += gif.info["duration"]
        assert gif.size == (480, 480)
    assert abs(total_ms - document["duration"] * 1000) <= 1000 / fps, (total_ms, document["duration"])

    with av.open(str(files["video"])) as container:
        stream = container.streams.video[0]
        decoded = sum(1 for _ in container.decode(stream))
        assert (stream.codec_context.width, stream.codec_context.height) == (480, 480)
        assert round(float(stream.average_rate)) == fps
    assert decoded == document["frame_count"]


def test_counts_and_speed_change_the_timing(cli, home):
    slow = cli(home, "make", "do five jumping jacks slowly", "--json")
    quick = cli(home, "make", "do five jumping jacks quickly", "--json")
    assert slow.returncode == 0 and quick.returncode == 0, slow.stderr + quick.stderr
    slow_plan = json.loads(Path(slow.json["artifacts"]["plan"]).read_text())
    slow_doc = json.loads(Path(slow.json["artifacts"]["keyframes"]).read_text())
    quick_doc = json.loads(Path(quick.json["artifacts"]["keyframes"]).read_text())
    assert slow_plan["count"] == 5 and slow_plan["speed"] < 1
    assert slow_doc["duration"] > 2 * quick_doc["duration"]


def test_unknown_action_exits_2_and_lists_the_nearest_actions(cli, home):
    result = cli(home, "make", "do the moonwalk", "--kind", "pose", "--json")
    assert result.returncode == 2, result.stdout + result.stderr
    message = result.json["error"]
    assert "Nearest actions" in message and "walk" in message
    assert "scenesmith actions" in message


def test_a_claimed_prompt_refused_by_the_plan_stage_exits_2(cli, home):
    """The pose kind claims a named action before counts are checked; its plan stage refuses the count as bad input."""
    result = cli(home, "make", "do 25 jumping jacks", "--json")
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.json["kind"] == "pose" and result.json["status"] == "failed"
    assert result.json["error"] == "25 repetitions is outside what scenesmith animates (1 to 20). Ask for fewer."


@pytest.mark.parametrize("prompt", ["", "   ", "jump " * 600], ids=["empty", "blank", "huge"])
def test_bad_pose_input_exits_2(cli, home, prompt):
    result = cli(home, "make", prompt, "--kind", "pose", "--json")
    assert result.returncode == 2
    assert result.json["error"]


def test_actions_command_lists_the_library(cli, home):
    result = cli(home, "actions", "--json")
    assert result.returncode == 0, result.stderr
    names = {a["name"] for a in result.json}
    assert {"wave", "jumping_jacks", "macarena", "squat", "bow", "march", "cheer", "salute", "spin", "walk", "run", "sit_down"} <= names


def ink_below_ground(gif_path: Path, frame: int) -> int:
    """Dark pixels under the ground line (the lowest row drawn across the whole width): where step captions go."""
    with Image.open(gif_path) as gif:
        gif.seek(frame)
        image = gif.convert("L")
    width, height = image.size
    pixels = image.load()
    ground = max(y for y in range(height) if sum(pixels[x, y] < 245 for x in range(0, width, 4)) > 0.9 * width / 4)
    return sum(pixels[x, y] < 128 for y in range(ground + 2, height) for x in range(width))


def test_captions_can_be_turned_off(cli, home):
    captioned = cli(home, "make", "wave hello", "--json")
    plain = cli(home, "make", "wave hello", "--no-captions", "--json")
    assert captioned.returncode == 0 and plain.returncode == 0, captioned.stderr + plain.stderr
    assert ink_below_ground(Path(captioned.json["artifacts"]["gif"]), 10) > 50
    assert ink_below_ground(Path(plain.json["artifacts"]["gif"]), 10) == 0
