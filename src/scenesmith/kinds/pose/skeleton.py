"""A 2D stick-figure skeleton: a joint tree rooted at the pelvis, fixed bone lengths, per-joint angle limits.

A pose is a set of joint angles written the way a person describes a body: shoulders and
hips 0 when the limb hangs straight down, positive when it is raised (sideways for a figure
facing the viewer, forwards for a figure in profile); elbows and knees 0 when straight,
positive when bent; torso and head 0 upright, positive leaning forward (to the figure's own
left when it faces the viewer). `signed_angles` turns those into counter-clockwise angles in
the picture plane, which is what forward kinematics and interpolation use, so a pose facing
left is the exact mirror of the same pose facing right.

Units: the figure is about 1.8 units tall standing; y points up and the ground is y = 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Facing = Literal["front", "right", "left"]
Point = tuple[float, float]


@dataclass(frozen=True)
class Bone:
    name: str  # also the name of the joint at its far end
    parent: str  # the joint it hangs from
    length: float


# The joint tree. Shoulders and hips are short fixed girdle bones, so COCO keypoints have a left and a right.
BONES: tuple[Bone, ...] = (
    Bone("neck", "pelvis", 0.52),
    Bone("head", "neck", 0.17),
    Bone("l_shoulder", "neck", 0.09),
    Bone("r_shoulder", "neck", 0.09),
    Bone("l_elbow", "l_shoulder", 0.30),
    Bone("r_elbow", "r_shoulder", 0.30),
    Bone("l_wrist", "l_elbow", 0.27),
    Bone("r_wrist", "r_elbow", 0.27),
    Bone("l_hip", "pelvis", 0.08),
    Bone("r_hip", "pelvis", 0.08),
    Bone("l_knee", "l_hip", 0.45),
    Bone("r_knee", "r_hip", 0.45),
    Bone("l_ankle", "l_knee", 0.44),
    Bone("r_ankle", "r_knee", 0.44),
)
BONE = {b.name: b for b in BONES}
JOINTS: tuple[str, ...] = ("pelvis",) + tuple(b.name for b in BONES)
HEAD_RADIUS = 0.11

# The angles a pose sets (degrees), with their limits. Bones not listed here (the girdle) are rigid.
JOINT_LIMITS: dict[str, tuple[float, float]] = {
    "torso": (-45.0, 110.0),  # forward lean; a deep bow is about 90
    "head": (-50.0, 60.0),  # tilt back / nod forward
    "l_shoulder": (-70.0, 190.0),  # 0 hanging, 90 level, 180 straight up; negative crosses the body
    "r_shoulder": (-70.0, 190.0),
    "l_elbow": (0.0, 160.0),
    "r_elbow": (0.0, 160.0),
    "l_hip": (-50.0, 130.0),  # 0 straight down, 90 thigh level (sideways for front, forwards in profile)
    "r_hip": (-50.0, 130.0),
    "l_knee": (0.0, 160.0),
    "r_knee": (0.0, 160.0),
}
ANGLES: tuple[str, ...] = tuple(JOINT_LIMITS)

GROUND_CONTACTS = ("l_ankle", "r_ankle", "l_knee", "r_knee", "pelvis", "l_wrist", "r_wrist", "head")

# COCO-17 keypoint order, so other tools can read exported poses.
COCO17 = (
    "nose", "left_eye", "right_eye", "left_ear", "right_ear",
    "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
    "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle",
)  # fmt: skip


def _side_sign(angle: str, facing: Facing) -> float:
    """+1 when a positive angle turns counter-clockwise in the picture, -1 when clockwise.

    Facing the viewer, the figure's left side is on the picture's right, so its left arm rises
    counter-clockwise and its right arm clockwise. In profile both limbs rise towards the way
    the figure faces. Knees and the torso/head bend the other way from shoulders and hips.
    """
    if facing == "front":
        base = -1.0 if angle.startswith("r_") else 1.0
    else:
        base = 1.0 if facing == "right" else -1.0
    if angle in ("torso", "head") or angle.endswith("knee"):
        return -base if angle.endswith("knee") else (-1.0 if facing != "left" else 1.0)
    return base


def signed_angles(angles: dict[str, float], facing: Facing) -> dict[str, float]:
    """Pose angles (degrees, as written) to counter-clockwise picture-plane angles (degrees)."""
    signed = {name: _side_sign(name, facing) * float(angles.get(name, 0.0)) for name in ANGLES}
    signed["girdle"] = 180.0 if facing == "left" else 0.0  # the shoulders and hips swap sides in the mirror image
    return signed


def out_of_limits(angles: dict[str, float]) -> list[str]:
    """Which angles are unknown or outside their limits, as readable lines (empty when the pose is valid)."""
    problems = [f"unknown joint angle {name!r}" for name in angles if name not in JOINT_LIMITS]
    for name, value in angles.items():
        if name in JOINT_LIMITS:
            low, high = JOINT_LIMITS[name]
            if not (low - 1e-9 <= float(value) <= high + 1e-9):
                problems.append(f"{name} = {value} is outside [{low}, {high}]")
    return problems


def forward_kinematics(signed: dict[str, float], pelvis: Point = (0.0, 0.0)) -> dict[str, Point]:
    """Joint positions from counter-clockwise angles (degrees). Every bone keeps its length exactly."""
    up = 90.0 + signed["torso"]
    direction: dict[str, float] = {"neck": up}
    direction["head"] = up + signed["head"]
    across = up - 90.0 + signed.get("girdle", 0.0)  # girdle: square to the spine, the figure's left on the picture's right
    direction["l_shoulder"] = direction["l_hip"] = across
    direction["r_shoulder"] = direction["r_hip"] = across + 180.0
    down = up + 180.0
    for side in ("l", "r"):
        direction[f"{side}_elbow"] = down + signed[f"{side}_shoulder"]
        direction[f"{side}_wrist"] = direction[f"{side}_elbow"] + signed[f"{side}_elbow"]
        direction[f"{side}_knee"] = down + signed[f"{side}_hip"]
        direction[f"{side}_ankle"] = direction[f"{side}_knee"] + signed[f"{side}_knee"]
    positions: dict[str, Point] = {"pelvis": pelvis}
    for bone in BONES:  # parents come before children in BONES
        px, py = positions[bone.parent]
        theta = math.radians(direction[bone.name])
        positions[bone.name] = (px + bone.length * math.cos(theta), py + bone.length * math.sin(theta))
    return positions


def lowest_point(positions: dict[str, Point]) -> float:
    """The lowest y of anything that can touch the ground (the head counts as its circle's bottom)."""
    low = min(positions[j][1] for j in GROUND_CONTACTS if j != "head")
    return min(low, positions["head"][1] - HEAD_RADIUS)


def grounded(signed: dict[str, float], lift: float = 0.0, x: float = 0.0) -> dict[str, Point]:
    """Joint positions with the lowest point on the ground, raised by `lift` for a jump."""
    positions = forward_kinematics(signed)
    dy = lift - lowest_point(positions)
    return {name: (px + x, py + dy) for name, (px, py) in positions.items()}


def mirrored(facing: Facing) -> Facing:
    return {"front": "front", "right": "left", "left": "right"}[facing]


def bone_lengths(positions: dict[str, Point]) -> dict[str, float]:
    return {b.name: math.dist(positions[b.parent], positions[b.name]) for b in BONES}


def far_side(facing: str) -> str | None:
    """The side turned away from the viewer ("l" or "r"): a figure facing right shows its right side, so its left is far."""
    return {"right": "l", "left": "r"}.get(facing)


def coco_keypoints(positions: dict[str, Point], facing: Facing) -> list[tuple[float, float, int]]:
    """The 17 COCO keypoints (x, y, visibility 2) in COCO order; face points are placed on the head circle.

    The y axis stays pointing up (ground at 0); flip it for image coordinates.
    """
    (hx, hy), (nx, ny) = positions["head"], positions["neck"]
    tilt = math.atan2(hy - ny, hx - nx)
    up = (math.cos(tilt), math.sin(tilt))
    across = (math.cos(tilt - math.pi / 2), math.sin(tilt - math.pi / 2))  # the figure's left when it faces the viewer
    r = HEAD_RADIUS

    def at(a: float, u: float) -> tuple[float, float, int]:
        """A point a radii along `across` and u radii along `up` from the head's centre."""
        return (hx + r * (a * across[0] + u * up[0]), hy + r * (a * across[1] + u * up[1]), 2)

    if facing == "front":
        face = [at(0, 0), at(0.35, 0.25), at(-0.35, 0.25), at(0.95, 0), at(-0.95, 0)]
    else:
        forward = 1.0 if facing == "right" else -1.0  # in profile the face points along `across`, one way or the other
        eye = at(0.55 * forward, 0.25)
        ear = at(-0.1 * forward, 0)
        face = [at(0.95 * forward, 0), eye, eye, ear, ear]
    # In profile the far side is hidden behind the body: COCO's "labelled but not visible" (1).
    # Turned to face right, a figure shows its right side; turned left, its left side.
    far = far_side(facing)
    if far is not None:
        face = [face[0], face[1], face[2], (*face[3][:2], 1 if far == "l" else 2), (*face[4][:2], 1 if far == "r" else 2)]
    limbs = ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")
    body = [(*positions[f"{side}_{part}"], 1 if side == far else 2) for part in limbs for side in ("l", "r")]
    return face + body
