"""Keyframes, interpolation and sampling: timing, shortest arcs, and a skeleton that never stretches."""

from __future__ import annotations

import json
import math

import pytest

from scenesmith.kinds.pose.library import Pose, Step, load_library
from scenesmith.kinds.pose.motion import (
    Keyframe,
    ease,
    joint_delta,
    keyframes,
    keyframes_document,
    sample,
    shortest_turn,
)
from scenesmith.kinds.pose.skeleton import BONES, COCO17, bone_lengths


def _pose(name: str, facing: str = "front", lift: float = 0.0, **angles: float) -> Pose:
    return Pose(name=name, description=f"test pose {name}", tags=("test",), facing=facing, angles=angles, lift=lift)


# Big moves and every facing change: arms overhead and crossed, deep knees, bows, a jump.
POSES = {
    p.name: p
    for p in (
        _pose("front_up", l_shoulder=180, r_shoulder=185, l_elbow=10),
        _pose("front_squat", l_hip=120, r_hip=120, l_knee=150, r_knee=150, torso=30, l_shoulder=-60, r_shoulder=90),
        _pose("right_bow", "right", torso=100, l_hip=100, r_hip=90, l_shoulder=190, r_shoulder=-70, l_elbow=160),
        _pose("right_kick", "right", l_hip=130, r_hip=-50, r_knee=160, l_shoulder=150, r_elbow=150, head=-50),
        _pose("left_up", "left", l_shoulder=185, r_shoulder=170, l_elbow=160, r_elbow=150, torso=-45),
        _pose("left_jump", "left", lift=0.8, l_hip=-40, r_hip=125, l_knee=160, r_knee=90, head=60),
        _pose("front_star", lift=0.5, l_shoulder=150, r_shoulder=150, l_hip=45, r_hip=45),
    )
}


def _long_steps() -> list[Step]:
    order = ["front_up", "right_bow", "left_up", "front_squat", "right_kick", "left_jump", "front_star", "left_up", "right_bow", "front_up"]
    return [Step(pose=name, move=0.3 + 0.1 * (i % 4), hold=0.2 if i % 3 == 0 else 0.0, caption=f"step {i}") for i, name in enumerate(order)]


def _lerp(a: float, b: float, t: float) -> float:
    return a + shortest_turn(b - a) * t


def test_turns_take_the_shortest_arc() -> None:
    assert _lerp(350, 10, 0.5) % 360 == pytest.approx(0.0)
    assert _lerp(350, 10, 0.25) % 360 == pytest.approx(355.0)
    assert _lerp(10, 350, 0.5) % 360 == pytest.approx(0.0)
    assert _lerp(-170, 170, 0.5) % 360 == pytest.approx(180.0)
    assert _lerp(30, 60, 0.5) == pytest.approx(45.0)
    assert _lerp(30, 60, 1.0) == pytest.approx(60.0)


def test_joint_delta_wraps_only_inside_the_limits() -> None:
    # a shoulder straight up turning from front (r side: clockwise, -180) to right profile (+180): stay up
    assert joint_delta("r_shoulder", -180.0, 180.0, "front", "right") == pytest.approx(0.0)
    # an elbow bent 150 one way then the other: the short way folds it back through 180, so go through straight
    assert joint_delta("r_elbow", -150.0, 150.0, "front", "right") == pytest.approx(300.0)
    # small differences are just the difference
    assert joint_delta("l_hip", 10.0, -40.0, "front", "left") == pytest.approx(-50.0)


def test_ease_endpoints_and_midpoint() -> None:
    assert ease(0.0) == 0.0
    assert ease(1.0) == pytest.approx(1.0)
    assert ease(0.5) == pytest.approx(0.5)
    assert ease(-1.0) == 0.0 and ease(2.0) == pytest.approx(1.0)
    values = [ease(i / 20) for i in range(21)]
    assert values == sorted(values)


def test_keyframe_times_follow_moves_holds_and_speed() -> None:
    steps = [
        Step(pose="front_up", move=3.0, hold=0.5),  # the first move is ignored
        Step(pose="right_bow", move=1.0),
        Step(pose="left_up", move=0.5, hold=1.0, caption="up"),
    ]
    frames = keyframes(steps, POSES, speed=2.0)
    assert [k.time for k in frames] == pytest.approx([0.0, 0.25, 0.75, 1.0, 1.5])
    assert [k.pose for k in frames] == ["front_up", "front_up", "right_bow", "left_up", "left_up"]
    assert frames[-1].caption == "up" and frames[-1].facing == "left"
    assert frames[3].signed == frames[4].signed


@pytest.mark.parametrize("speed", [0.0, 0.2, 4.5, float("nan")])
def test_speed_out_of_range_raises(speed: float) -> None:
    with pytest.raises(ValueError, match="speed"):
        keyframes([Step(pose="front_up")], POSES, speed=speed)


def test_unknown_pose_raises() -> None:
    with pytest.raises(ValueError, match="nope"):
        keyframes([Step(pose="front_up"), Step(pose="nope")], POSES)


def test_interpolation_never_breaks_a_bone_or_sinks_a_foot() -> None:
    frames = sample(keyframes(_long_steps(), POSES), fps=50)
    assert len(frames) > 150
    lengths = {b.name: b.length for b in BONES}
    facings = set()
    for frame in frames:
        for name, length in bone_lengths(frame.positions).items():
            assert abs(length - lengths[name]) <= 1e-9, (frame.index, name)
        assert frame.positions["l_ankle"][1] >= -1e-9
        assert frame.positions["r_ankle"][1] >= -1e-9
        assert min(y for _, y in frame.positions.values()) >= -1e-9
        facings.add(frame.facing)
    assert facings == {"front", "right", "left"}


def test_arm_overhead_stays_up_while_turning() -> None:
    steps = [Step(pose="front_up"), Step(pose="left_up", move=1.0)]
    frames = sample(keyframes(steps, POSES), fps=20)
    for frame in frames:  # the upper arm stays raised the whole turn, never swinging down through the hips
        assert frame.positions["l_elbow"][1] > frame.positions["l_shoulder"][1] + 0.15


def test_frame_count_and_times() -> None:
    kf = keyframes(_long_steps(), POSES)
    for fps in (10, 20, 25):
        frames = sample(kf, fps)
        assert len(frames) == round(kf[-1].time * fps)
        assert [f.index for f in frames] == list(range(len(frames)))
        assert all(f.time == pytest.approx(f.index / fps) for f in frames)
    # a single still pose is one frame
    assert len(sample(keyframes([Step(pose="front_up")], POSES), 20)) == 1


def test_frames_hit_keyframes_and_captions_follow_targets() -> None:
    steps = [Step(pose="front_up", caption="a"), Step(pose="right_bow", move=0.5), Step(pose="left_up", move=0.5, caption="c")]
    kf = keyframes(steps, POSES)
    frames = sample(kf, 20)
    assert frames[0].signed == pytest.approx(kf[0].signed)
    assert frames[10].signed == pytest.approx(kf[1].signed)  # t = 0.5 is exactly the second keyframe
    assert frames[0].caption == "a"  # moving to a caption-less pose keeps the last caption
    assert frames[10].caption == "c"


def test_wave_action_from_the_library() -> None:
    library = load_library()
    keyed = keyframes(library.actions["wave"].steps(), library.poses)
    frames = sample(keyed, 20)
    assert len(frames) == round(keyed[-1].time * 20)
    assert {k.pose for k in keyed} >= {"stand", "wave_right_up", "wave_right_out"}
    assert any(f.caption for f in frames)


def test_keyframes_document_shape_and_json() -> None:
    kf = keyframes(_long_steps(), POSES)
    frames = sample(kf, 20)
    doc = keyframes_document(kf, frames, 20)
    json.loads(json.dumps(doc))  # serialisable, no NaN
    assert doc["fps"] == 20 and doc["frame_count"] == len(frames)
    assert doc["duration"] == pytest.approx(len(frames) / 20)
    assert doc["skeleton"]["coco17"] == list(COCO17)
    assert [b[1] for b in doc["skeleton"]["bones"]] == [b.name for b in BONES]
    assert len(doc["keyframes"]) == len(kf)
    for entry, keyframe in zip(doc["keyframes"], kf, strict=True):
        assert set(entry) == {"time", "pose", "facing", "caption", "angles_ccw", "lift", "coco17"}
        assert len(entry["coco17"]) == 17 and all(len(p) == 3 and p[2] in (1, 2) for p in entry["coco17"])
        assert "girdle" in entry["angles_ccw"]
        assert entry["time"] == round(keyframe.time, 4)
        for x, y, _ in entry["coco17"]:
            assert math.isfinite(x) and y >= -1e-4
            assert round(x, 4) == x


def test_keyframe_is_frozen() -> None:
    kf = Keyframe(0.0, "a", "front", {}, 0.0, None)
    with pytest.raises(AttributeError):
        kf.time = 1.0  # type: ignore[misc]
