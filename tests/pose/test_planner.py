"""The pose planner: counts, speeds, action or pose per clause, every word covered, and refusals that name the nearest actions."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scenesmith.engine.errors import UserError
from scenesmith.kinds.pose.errors import PoseError
from scenesmith.kinds.pose.kind import PoseKind
from scenesmith.kinds.pose.library import load_library
from scenesmith.kinds.pose.planner import MAX_COUNT, claim, library, parse_count, parse_speed, plan_pose
from scenesmith.kinds.pose.vocabulary import Words, words

DEV = [p["prompt"] for p in yaml.safe_load((Path(__file__).resolve().parents[2] / "bench" / "pose_prompts.yaml").read_text())["prompts"]]


@pytest.mark.parametrize(
    ("text", "count"),
    [("do three jumping jacks", 3), ("squat twice", 2), ("jump 5 times", 5), ("a couple of claps", 2), ("wave hello", None), ("once", 1)],
)
def test_counts(text, count):
    assert parse_count(text) == count


def test_a_count_out_of_range_is_refused():
    with pytest.raises(PoseError, match="repetitions"):
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
    with pytest.raises(PoseError) as caught:
        plan_pose("do the moonwalk")
    assert "Nearest actions: walk" in str(caught.value)
    assert [a.name for a in library().nearest_actions("clap my hands above my head")][0] in {"clap_overhead", "clap"}


def test_one_unknown_clause_refuses_the_whole_prompt_and_says_what_was_understood():
    with pytest.raises(PoseError, match=r"no verified stick-figure motion for 'juggle torches'.*It understood: 'wave hello'"):
        plan_pose("wave hello, then juggle torches")


@pytest.mark.parametrize("prompt", ["Explain sine waves", "Show the distance between (-3, 1) and (3, 9)", "What is a wave?"])
def test_math_and_explanations_are_not_claimed_as_motions(prompt):
    assert claim(prompt) <= 0.4


@pytest.mark.parametrize("prompt", ["wave hello", "salute", "raise both arms, then touch your toes, then sit down"])
def test_motions_are_claimed_surely(prompt):
    assert claim(prompt) >= 0.9


@pytest.mark.parametrize(
    ("prompt", "action"),
    [("Show me a stick figure doing a kick", "side_kick"), ("cheer with both arms up", "cheer"), ("take a bow", "bow"), ("clap your hands above your head", "clap_overhead")],
)
def test_the_word_that_says_what_to_do_decides(prompt, action):
    """The words about the picture ('show me a stick figure doing') and function words need no covering."""
    assert plan_pose(prompt).action == action


@pytest.mark.parametrize("prompt", ["juggle three balls", "play football", "swim"])
def test_a_match_on_a_side_word_only_is_refused(prompt):
    with pytest.raises(PoseError, match="Nearest actions"):
        plan_pose(prompt)


@pytest.mark.parametrize("prompt", [*DEV, "spin around", "walk slowly", "do 10 push-ups", "jump 5 times", "run as fast as you can", "point to the left", "put hands on hips"])
def test_prompts_whose_every_word_is_covered_are_claimed_and_planned(prompt):
    assert claim(prompt) >= 0.9
    assert plan_pose(prompt).steps


@pytest.mark.parametrize(
    ("prompt", "unshown"),
    [
        ("walk the dog", "dog"),
        ("jump to conclusions", "conclusions"),
        ("run a marathon in 3 hours", None),
        ("spin the wheel of fortune", None),
        ("wave the flag of France", "France"),
        ("kick a ball", "ball"),
        ("raise both arms twice", "twice"),  # a pose is held once: the count would not be shown
        ("wave 3 times then 4 times", None),  # the second number is not used
    ],
)
def test_a_word_the_motion_does_not_show_is_not_claimed(prompt, unshown):
    """Right or refused: the figure would walk, jump, run, spin or wave, but not what the rest of the prompt says."""
    assert claim(prompt) == 0.0
    with pytest.raises(PoseError, match="Nearest actions") as caught:
        plan_pose(prompt)
    if unshown:
        assert f"does not show '{unshown}'" in str(caught.value)


def test_the_kind_turns_the_planners_refusal_into_a_user_error_word_for_word():
    with pytest.raises(PoseError) as planned:
        plan_pose("do the moonwalk")
    refusal = PoseKind().refusal("do the moonwalk")
    assert type(refusal) is UserError
    assert (str(refusal), refusal.suggestions) == (str(planned.value), planned.value.suggestions)
    assert PoseKind().refusal("wave hello") is None


def test_one_animation_has_one_speed():
    assert claim("walk slowly then run quickly") == 0.0
    with pytest.raises(PoseError, match="more than one speed"):
        plan_pose("walk slowly then run quickly")
    assert plan_pose("walk very slowly").speed == 0.5  # "very slowly" is one speed, not also "slowly"


def test_the_words_are_data_keyed_by_language():
    data = yaml.safe_load((Path(__file__).resolve().parents[2] / "src" / "scenesmith" / "kinds" / "pose" / "data" / "words.yaml").read_text())
    assert "en" in data
    english = words("en")
    assert {"slowly", "twice"} <= {p for s in english.speeds for p in s.phrases} | set(english.times)
    assert english.stem("arms") == english.stem("arm") and english.stem("raised") == english.stem("raise")
    assert parse_speed("wave gently") == next(s.speed for s in english.speeds if "gently" in s.phrases)
    with pytest.raises(ValueError, match="no words for language"):
        words("xx")


def test_unquoted_yaml_booleans_are_rejected():
    """YAML reads a bare `on` as true; the word list must not silently lose the word."""
    entry = yaml.safe_load("stemmer: english\nfunction_words: [a, on]\npicture_words: []\nnumbers: {}\nrepetition: []\ntimes: {}\nspeeds: []\nexplanation_openers: []\nclause_breaks: []")
    with pytest.raises(ValueError):
        Words.model_validate(entry)
