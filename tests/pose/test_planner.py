"""The pose planner: counts, speeds, action or pose per clause, and refusals that name the nearest actions."""

from __future__ import annotations

import pytest

from scenesmith.engine.errors import UserError
from scenesmith.kinds.pose.library import load_library
from scenesmith.kinds.pose.planner import MAX_COUNT, claim, library, parse_count, parse_speed, plan_pose


@pytest.mark.parametrize(
    ("text", "count"),
    [("do three jumping jacks", 3), ("squat twice", 2), ("jump 5 times", 5), ("a couple of claps", 2), ("wave hello", None), ("once", 1)],
)
def test_counts(text, count):
    assert parse_count(text) == count


def test_a_count_out_of_range_is_refused():
    with pytest.raises(UserError, match="repetitions"):
        parse_count(f"do {MAX_COUNT + 1} jumping jacks")


@pytest.mark.parametrize(("text", "speed"), [("wave slowly", 0.7), ("walk in slow motion", 0.5), ("run quickly", 1.5), ("very fast punches", 2.0), ("salute", 1.0)])
def test_speeds(text, speed):
    assert parse_speed(text) == speed


@pytest.mark.parametrize(
    ("prompt", "action", "count"),
    [("wave hello", "wave", 3), ("do five jumping jacks", "jumping_jacks", 5), ("squat twice", "squat", 2), ("dance the macarena", "macarena", 1), ("spin around", "spin", 2)],
)
def test_a_named_action_is_played_count_times(prompt, action, count):
    plan = plan_pose(prompt)
    assert (plan.action, plan.count) == (action, count)
    assert [s.pose for s in plan.steps] == [s.pose for s in load_library().actions[action].steps(count)]


def test_steps_become_poses_or_actions_clause_by_clause():
    """'raise both arms' only describes the flex action; the pose that is raised arms wins. 'sit down' names an action."""
    plan = plan_pose("raise both arms, then touch your toes, then sit down")
    assert plan.action is None
    assert plan.understood[0].endswith("pose arms_v")
    assert "action toe_touch" in plan.understood[1] and "action sit_down" in plan.understood[2]
    assert plan.steps[0].pose == "stand"
    poses = load_library().poses
    assert all(step.pose in poses for step in plan.steps)


def test_a_single_described_pose_is_held_and_returns_to_standing():
    plan = plan_pose("put hands on hips")
    assert [s.pose for s in plan.steps] == ["stand", "hands_on_hips", "stand"]
    assert plan.steps[1].hold > 0


def test_unknown_motion_lists_nearest_actions_by_meaning_or_spelling():
    with pytest.raises(UserError) as caught:
        plan_pose("do the moonwalk")
    assert "Nearest actions: walk" in str(caught.value)
    assert [a.name for a in library().nearest_actions("clap my hands above my head")][0] in {"clap_overhead", "clap"}


def test_one_unknown_clause_refuses_the_whole_prompt_and_says_what_was_understood():
    with pytest.raises(UserError, match=r"no verified stick-figure motion for 'juggle torches'.*It understood: 'wave hello'"):
        plan_pose("wave hello, then juggle torches")


@pytest.mark.parametrize("prompt", ["Explain sine waves", "Show the distance between (-3, 1) and (3, 9)", "What is a wave?"])
def test_math_and_explanations_are_not_claimed_as_motions(prompt):
    assert claim(prompt) <= 0.4


@pytest.mark.parametrize("prompt", ["wave hello", "salute", "raise both arms, then touch your toes, then sit down"])
def test_motions_are_claimed_surely(prompt):
    assert claim(prompt) >= 0.9


@pytest.mark.parametrize(
    ("prompt", "action"),
    [("kick a ball", "side_kick"), ("Show me a stick figure doing a kick", "side_kick"), ("cheer with both arms up", "cheer"), ("take a bow", "bow")],
)
def test_the_word_that_says_what_to_do_decides(prompt, action):
    """A partial match must cover the first content word: 'ball' alone would make 'kick a ball' a throw."""
    assert plan_pose(prompt).action == action


@pytest.mark.parametrize("prompt", ["juggle three balls", "play football", "swim"])
def test_a_match_on_a_side_word_only_is_refused(prompt):
    with pytest.raises(UserError, match="Nearest actions"):
        plan_pose(prompt)
