"""The shipped pose and action libraries: sizes, required names, limits, grounding, geometry, timing, mirrored pairs.

Fast data checks only (no rendering). Per-pose and per-action checks are parametrised so a single bad
entry fails on its own with its name in the test id.
"""

from __future__ import annotations

import math
from importlib import resources

import pytest
import yaml

from scenesmith.kinds.pose.library import Action, Pose, load_library
from scenesmith.kinds.pose.skeleton import (
    BONES,
    COCO17,
    JOINT_LIMITS,
    bone_lengths,
    coco_keypoints,
    lowest_point,
    out_of_limits,
)

LIBRARY = load_library()
POSES: dict[str, Pose] = LIBRARY.poses
ACTIONS: dict[str, Action] = LIBRARY.actions

REQUIRED_ACTIONS = (
    "wave", "jumping_jacks", "macarena", "squat", "bow", "march", "clap_overhead", "cheer", "salute",
    "stretch", "punch", "kick", "spin", "walk", "run", "sit_down",
)  # fmt: skip
MATH_WORDS = ("sine", "cosine", "function", "graph", "equation", "plot", "axis", "vector", "derivative")


def _raw(name: str) -> list[dict]:
    text = resources.files("scenesmith.kinds.pose").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _all_steps(action: Action):
    return (*action.start, *action.cycle, *action.finish)


def _twin(name: str) -> str:
    """The name with every left/right token swapped (the naming rule for mirrored pairs)."""
    swap = {"left": "right", "right": "left"}
    return "_".join(swap.get(token, token) for token in name.split("_"))


# ---------------------------------------------------------------- library-wide


def test_library_sizes():
    assert len(POSES) >= 160, f"only {len(POSES)} poses"
    assert len(ACTIONS) >= 22, f"only {len(ACTIONS)} actions"


@pytest.mark.parametrize("name", REQUIRED_ACTIONS)
def test_required_action_exists(name):
    assert name in ACTIONS


@pytest.mark.parametrize("filename", ["poses.yaml", "actions.yaml"])
def test_names_unique_in_the_files(filename):
    names = [item["name"] for item in _raw(filename)]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert not duplicates, f"duplicate names in {filename}: {duplicates}"


def test_every_left_right_pose_has_its_twin():
    """Naming rule: a pose whose name has a `left` or `right` token has a twin with those tokens swapped."""
    missing = [
        f"{name} -> {_twin(name)}"
        for name in POSES
        if {"left", "right"} & set(name.split("_")) and _twin(name) not in POSES
    ]
    assert not missing, f"poses without a mirrored twin: {missing}"


def test_mirrored_front_twins_are_mirror_images():
    """Front-facing twins made by swapping sides draw as mirror images (x negated) of each other."""
    checked = 0
    for name, pose in POSES.items():
        twin = POSES.get(_twin(name))
        if twin is None or twin.name == name or pose.facing != "front" or name.startswith("macarena"):
            continue
        a, b = pose.positions(), twin.positions()
        swap = {j: ("r_" + j[2:] if j.startswith("l_") else "l_" + j[2:] if j.startswith("r_") else j) for j in a}
        worst = max(abs(a[j][0] + b[swap[j]][0]) + abs(a[j][1] - b[swap[j]][1]) for j in a)
        assert worst < 1e-6, f"{name} and {twin.name} are not mirror images (off by {worst:.4f})"
        checked += 1
    assert checked >= 20


def test_facing_variety():
    facings = {pose.facing for pose in POSES.values()}
    assert facings == {"front", "right", "left"}
    assert sum(p.lift > 0 for p in POSES.values()) >= 8, "expected several airborne poses"


# ---------------------------------------------------------------- per pose


@pytest.mark.parametrize("name", sorted(POSES))
def test_pose_angles_within_limits(name):
    pose = POSES[name]
    assert out_of_limits(pose.angles) == []
    assert set(pose.angles) <= set(JOINT_LIMITS)


@pytest.mark.parametrize("name", sorted(POSES))
def test_pose_is_grounded(name):
    pose = POSES[name]
    positions = pose.positions()
    for ankle in ("l_ankle", "r_ankle"):
        assert positions[ankle][1] >= -1e-9, f"{ankle} below the ground"
    low = lowest_point(positions)
    if pose.lift == 0:
        assert abs(low) <= 1e-6, f"lowest point {low} is not on the ground"
    else:
        assert low > 0, "an airborne pose must be off the ground"
        assert abs(low - pose.lift) <= 1e-6


@pytest.mark.parametrize("name", sorted(POSES))
def test_pose_keeps_bone_lengths(name):
    lengths = bone_lengths(POSES[name].positions())
    for bone in BONES:
        assert abs(lengths[bone.name] - bone.length) <= 1e-9, f"{bone.name}: {lengths[bone.name]} != {bone.length}"


@pytest.mark.parametrize("name", sorted(POSES))
def test_pose_is_described(name):
    pose = POSES[name]
    assert len(pose.description.split()) >= 4, "description too short"
    assert 3 <= len(pose.tags) <= 8, f"{len(pose.tags)} tags"
    assert all(tag.strip() for tag in pose.tags)
    assert len(set(pose.tags)) == len(pose.tags), "repeated tag"
    words = set(pose.search_text().lower().replace(",", " ").split())
    assert not words & set(MATH_WORDS), f"math words in search text: {words & set(MATH_WORDS)}"


@pytest.mark.parametrize("name", sorted(POSES))
def test_pose_exports_coco17(name):
    pose = POSES[name]
    points = coco_keypoints(pose.positions(), pose.facing)
    assert len(points) == len(COCO17) == 17
    for x, y, visibility in points:
        assert math.isfinite(x) and math.isfinite(y)
        assert visibility in (1, 2)  # 1: labelled but hidden (the far side in profile)
    if pose.facing == "front":
        assert all(v == 2 for _, _, v in points)


# ---------------------------------------------------------------- per action


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_action_steps_name_known_poses(name):
    unknown = [step.pose for step in _all_steps(ACTIONS[name]) if step.pose not in POSES]
    assert not unknown, f"unknown poses: {unknown}"


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_action_duration_is_natural(name):
    action = ACTIONS[name]
    duration = sum(step.move + step.hold for step in action.steps())
    assert 0.5 <= duration <= 12.0, f"{duration:.2f} s at count {action.count}"


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_action_is_searchable(name):
    action = ACTIONS[name]
    assert 5 <= len(action.keywords) <= 15, f"{len(action.keywords)} keywords"
    assert all(isinstance(k, str) and k.strip() for k in action.keywords)
    assert action.unit, "an action needs a unit so prompts can count it"
    words = set(action.search_text().lower().replace(",", " ").split())
    assert not words & set(MATH_WORDS), f"math words in search text: {words & set(MATH_WORDS)}"


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_action_starts_and_ends_sensibly(name):
    """Every action begins at `stand` (or seated for stand_up); most end standing."""
    action = ACTIONS[name]
    steps = action.steps()
    assert steps[0].pose in ("stand", "sit_chair"), f"starts at {steps[0].pose}"
    allowed_ends = {"stand", "stand_facing_right", "sit_chair", "sit_floor_cross_legged", "fall_lying"}
    assert steps[-1].pose in allowed_ends, f"ends at {steps[-1].pose}"


def test_macarena_uses_the_full_routine():
    action = ACTIONS["macarena"]
    used = {step.pose for step in _all_steps(action)}
    macarena_poses = {name for name in used if name.startswith("macarena_")}
    assert len(macarena_poses) >= 12, f"only {len(macarena_poses)} macarena poses"
    cycle = [step.pose for step in action.cycle]
    assert cycle[0] == "macarena_right_arm_out"
    assert any("hip_sway" in p or "jump" in p for p in cycle[12:]), "ends without a hip sway or jump turn"


def test_spin_turns_through_both_profiles():
    facings = [POSES[step.pose].facing for step in _all_steps(ACTIONS["spin"])]
    assert "right" in facings and "left" in facings
    assert facings.index("right") < facings.index("left"), "spin goes front -> right -> back -> left"


def test_sit_down_ends_seated():
    assert ACTIONS["sit_down"].steps()[-1].pose == "sit_chair"


def test_cycle_timings_are_natural():
    """Rough tempo checks: a jumping jack ~0.6-0.8 s, a walk cycle ~1 s, a squat ~1.2-2 s."""

    def cycle_seconds(name: str) -> float:
        return sum(step.move + step.hold for step in ACTIONS[name].cycle)

    assert 0.6 <= cycle_seconds("jumping_jacks") <= 0.8
    assert 0.8 <= cycle_seconds("walk") <= 1.3
    assert 1.2 <= cycle_seconds("squat") <= 2.0
    assert cycle_seconds("run") < cycle_seconds("walk")


def test_walk_and_run_alternate_legs():
    for name in ("walk", "run"):
        cycle = [step.pose for step in ACTIONS[name].cycle]
        assert any("_left" in p for p in cycle) and any("_right" in p for p in cycle)
        assert all(POSES[p].facing == "right" for p in cycle), f"{name} is drawn in profile"
    assert any(POSES[step.pose].lift > 0 for step in ACTIONS["run"].cycle), "a run has a flight phase"
