"""From a list of steps to a timed animation: keyframes, interpolation between them, sampled frames.

Interpolation works on the counter-clockwise picture-plane angles of `skeleton.signed_angles`,
never on joint positions, and every frame's positions come from forward kinematics. So every
bone keeps its exact length in every frame, and grounding each frame keeps the feet on (never
under) the ground, however far apart two poses are.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scenesmith.kinds.pose.library import Pose, Step
from scenesmith.kinds.pose.skeleton import (
    BONES,
    COCO17,
    JOINT_LIMITS,
    Facing,
    Point,
    coco_keypoints,
    grounded,
    signed_angles,
)

MIN_SPEED, MAX_SPEED = 0.25, 4.0


@dataclass(frozen=True)
class Keyframe:
    """A pose reached at a moment: its signed angles, facing and lift, and the caption of its step."""

    time: float
    pose: str
    facing: str
    signed: dict[str, float]
    lift: float
    caption: str | None


@dataclass(frozen=True)
class Frame:
    """One sampled picture. `facing` is the facing of the nearer keyframe; the renderer uses it to shade the far side."""

    index: int
    time: float
    signed: dict[str, float]
    lift: float
    caption: str | None
    positions: dict[str, Point]
    facing: str = "front"


def keyframes(steps: Sequence[Step], poses: Mapping[str, Pose], speed: float = 1.0) -> list[Keyframe]:
    """Keyframes for the steps: the first pose at t = 0, each later one `move / speed` after the previous.

    The first step's move is ignored, since there is nothing to move from. A hold adds a second
    keyframe of the same pose `hold / speed` later, so the figure stays still in between.
    """
    if not (MIN_SPEED <= speed <= MAX_SPEED):  # also rejects NaN
        raise ValueError(f"speed must be between {MIN_SPEED} and {MAX_SPEED}, got {speed}")
    if not steps:
        raise ValueError("an animation needs at least one step")
    result: list[Keyframe] = []
    time = 0.0
    for index, step in enumerate(steps):
        pose = poses.get(step.pose)
        if pose is None:
            raise ValueError(f"step {index + 1} names unknown pose {step.pose!r}")
        if index:
            time += step.move / speed
        arrival = Keyframe(time, pose.name, pose.facing, pose.signed(), pose.lift, step.caption)
        result.append(arrival)
        if step.hold > 0:
            time += step.hold / speed
            result.append(Keyframe(time, pose.name, pose.facing, arrival.signed, pose.lift, step.caption))
    return result


def ease(t: float) -> float:
    """Cosine ease-in-out on [0, 1]: the figure starts and stops each move gently, with no jump in speed."""
    t = min(1.0, max(0.0, t))
    return (1.0 - math.cos(math.pi * t)) / 2.0


def shortest_turn(delta: float) -> float:
    """A turn of `delta` degrees taken the shorter way round (350 -> 10 is +20, not -340); a half-turn goes clockwise.

    Angles are not wrapped afterwards: a + shortest_turn(b - a) may differ from b by a multiple of
    360, the same direction, which is all forward kinematics needs.
    """
    return (delta + 180.0) % 360.0 - 180.0


def signed_range(joint: str, facing: Facing) -> tuple[float, float]:
    """A joint's limits as counter-clockwise picture-plane angles for a facing."""
    low, high = JOINT_LIMITS[joint]
    sign = signed_angles({joint: 1.0}, facing)[joint]
    return (low, high) if sign > 0 else (-high, -low)


def joint_delta(joint: str, a: float, b: float, facing_a: Facing, facing_b: Facing) -> float:
    """How far (degrees, signed) a joint turns from a to b, both picture-plane angles.

    The rule: when |b - a| <= 180 the direct way is already the short arc, so take it. Otherwise
    the short arc wraps round through the half-turn; take it only if everything it sweeps stays
    inside the union of the joint's signed ranges for the two facings, else go the direct way.
    Every signed range contains 0, so the union is one interval that holds a and b, and the
    direct way always stays inside it: it is the safe fallback. This is what keeps an arm that
    is raised overhead up there while the figure turns from front to profile (-180 -> +180 is a
    full turn the direct way, no turn at all the short way), while an elbow never folds
    backwards through 180 to get from one facing's bend to the other's.
    """
    direct = b - a
    if abs(direct) <= 180.0:
        return direct
    short = shortest_turn(direct)
    low_a, high_a = signed_range(joint, facing_a)
    low_b, high_b = signed_range(joint, facing_b)
    end = a + short
    if min(low_a, low_b) <= min(a, end) and max(a, end) <= max(high_a, high_b):
        return short
    return direct


def _segment_deltas(start: Keyframe, end: Keyframe) -> dict[str, float]:
    """Each signed angle's turn from one keyframe to the next; the girdle just takes the short arc."""
    deltas = {
        joint: joint_delta(joint, start.signed[joint], end.signed[joint], start.facing, end.facing)  # type: ignore[arg-type]
        for joint in JOINT_LIMITS
    }
    deltas["girdle"] = shortest_turn(end.signed["girdle"] - start.signed["girdle"])
    return deltas


def _captions(frames: Sequence[Keyframe]) -> list[str | None]:
    """The caption shown while moving towards each keyframe: its own, else the last one given before it."""
    shown: list[str | None] = []
    last: str | None = None
    for keyframe in frames:
        last = keyframe.caption if keyframe.caption is not None else last
        shown.append(last)
    return shown


def duration(frames: Sequence[Keyframe]) -> float:
    return frames[-1].time if frames else 0.0


def frame_count(frames: Sequence[Keyframe], fps: int) -> int:
    """round(duration * fps), at least 1: a single still pose is one frame."""
    return max(1, round(duration(frames) * fps))


def sample(frames: Sequence[Keyframe], fps: int) -> list[Frame]:
    """Frames at t = i / fps for i in range(round(duration * fps)), eased per segment and re-grounded each frame."""
    if not frames:
        raise ValueError("no keyframes to sample")
    if fps <= 0:
        raise ValueError(f"fps must be positive, got {fps}")
    times = [k.time for k in frames]
    captions = _captions(frames)
    deltas = [_segment_deltas(a, b) for a, b in zip(frames, frames[1:], strict=False)]
    result: list[Frame] = []
    for index in range(frame_count(frames, fps)):
        t = index / fps
        # the segment [k, k + 1] holding t; ties go to the later segment, so a keyframe's time starts its move
        k = min(max(bisect.bisect_right(times, t) - 1, 0), len(frames) - 2)
        if k < 0:  # a single keyframe: a still
            only = frames[0]
            signed, lift, caption, facing = dict(only.signed), only.lift, captions[0], only.facing
        else:
            start, end = frames[k], frames[k + 1]
            span = end.time - start.time
            progress = ease((t - start.time) / span) if span > 0 else 1.0
            signed = {name: start.signed[name] + delta * progress for name, delta in deltas[k].items()}
            lift = start.lift + (end.lift - start.lift) * progress
            caption = captions[k + 1]
            facing = end.facing if progress >= 0.5 else start.facing
        result.append(Frame(index, t, signed, lift, caption, grounded(signed, lift), facing))
    return result


def _r(value: float) -> float:
    return round(value, 4) + 0.0  # + 0.0 turns -0.0 into 0.0


def keyframes_document(frames: Sequence[Keyframe], sampled: Sequence[Frame], fps: int) -> dict:
    """The JSON artifact beside the video: timing, the skeleton, and each keyframe's angles and COCO-17 keypoints.

    `duration` is the rendered video's length, frame_count / fps. Keypoints keep y pointing up,
    ground at 0, in the skeleton's units (a standing figure is about 1.8 tall).
    """
    keyed = []
    for keyframe in frames:
        positions = grounded(keyframe.signed, keyframe.lift)
        points = coco_keypoints(positions, keyframe.facing)  # type: ignore[arg-type]
        keyed.append(
            {
                "time": _r(keyframe.time),
                "pose": keyframe.pose,
                "facing": keyframe.facing,
                "caption": keyframe.caption,
                "angles_ccw": {name: _r(value) for name, value in keyframe.signed.items()},
                "lift": _r(keyframe.lift),
                "coco17": [[_r(x), _r(y), v] for x, y, v in points],
            }
        )
    return {
        "fps": fps,
        "duration": _r(len(sampled) / fps),
        "frame_count": len(sampled),
        "skeleton": {
            "bones": [[bone.parent, bone.name, bone.length] for bone in BONES],
            "coco17": list(COCO17),
        },
        "keyframes": keyed,
    }
