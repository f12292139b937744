"""One quality table: every place that names the qualities agrees with it, and Manim's presets give its sizes."""

from __future__ import annotations

from typing import get_args

import pytest

from scenesmith.media.quality import QUALITIES, describe, quality


def test_the_table():
    assert {name: (q.width, q.height, q.fps) for name, q in QUALITIES.items()} == {"low": (854, 480, 15), "medium": (1280, 720, 30), "high": (1920, 1080, 60)}
    assert {name: (q.animation_size, q.animation_fps) for name, q in QUALITIES.items()} == {"low": (480, 20), "medium": (720, 25), "high": (1080, 25)}
    assert describe() == "low (480p15), medium (720p30) or high (1080p60)"
    with pytest.raises(ValueError, match="low \\(480p15\\)"):
        quality("ultra")


def test_animation_rates_are_whole_centiseconds_for_the_gif():
    assert all(100 % q.animation_fps == 0 for q in QUALITIES.values())


def test_manim_presets_render_the_table_s_sizes_and_rates():
    """The sandboxed worker names Manim's presets itself; they must be the ones this table describes."""
    from manim.constants import QUALITIES as MANIM

    from scenesmith.storyboard.manim_worker import QUALITIES as WORKER

    assert WORKER == {name: q.manim_preset for name, q in QUALITIES.items()}
    for q in QUALITIES.values():
        preset = MANIM[q.manim_preset]
        assert (preset["pixel_width"], preset["pixel_height"], preset["frame_rate"]) == (q.width, q.height, q.fps)


def test_the_request_and_the_cli_offer_exactly_the_table_s_qualities():
    from scenesmith.cli import QualityChoice
    from scenesmith.engine.request import Quality

    assert set(get_args(Quality)) == set(QUALITIES)
    assert {c.value for c in QualityChoice} == set(QUALITIES)
