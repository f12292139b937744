"""Generated thumbnail artwork with a tiny, randomly initialised text-to-image checkpoint (tests/tiny_diffusion.py).

With SCENESMITH_T2I_MODEL set, the storyboard and pose thumbnails get artwork under their title and
keep their size and their picture; without it they are exactly what they were. The thumbnail
stages' cache keys follow the checkpoint, checked through the real CLI.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

pytest.importorskip("diffusers")

from scenesmith.kinds.pose.library import Step, load_library  # noqa: E402
from scenesmith.kinds.pose.motion import keyframes, sample  # noqa: E402
from scenesmith.kinds.pose.render import FIGURE_WIDTH, INK, thumbnail  # noqa: E402
from scenesmith.media import artwork  # noqa: E402
from scenesmith.media.artwork import DiffusionError  # noqa: E402
from scenesmith.media.thumbnail import SIZE, paint_artwork  # noqa: E402
from scenesmith.storyboard.thumbnail import BAND_TOP, make_thumbnail  # noqa: E402
from tests.tiny_diffusion import save_inpainting, save_text_to_image  # noqa: E402

TITLE, SUMMARY = "The Pythagorean theorem", "Squares on the legs of a right triangle fill the square on its hypotenuse."
STEPS = 2


@pytest.fixture(scope="module")
def t2i_folder(tmp_path_factory) -> Path:
    return save_text_to_image(tmp_path_factory.mktemp("tiny-t2i"))


@pytest.fixture(autouse=True)
def two_steps(monkeypatch) -> None:
    monkeypatch.setenv(artwork.STEPS_ENV, str(STEPS))  # what thumbnails use; a real checkpoint gets its default 30


@pytest.fixture
def model(t2i_folder, monkeypatch) -> Path:
    monkeypatch.setenv(artwork.ENV, str(t2i_folder))
    return t2i_folder


@pytest.fixture
def no_model(monkeypatch) -> None:
    monkeypatch.delenv(artwork.ENV, raising=False)


def _key_frame() -> Image.Image:
    frame = Image.new("RGB", (854, 480), (30, 34, 60))
    ImageDraw.Draw(frame).ellipse((300, 100, 550, 350), outline=(255, 220, 0), width=8)
    return frame


@pytest.fixture(scope="module")
def frames():
    return sample(keyframes([Step(pose="stand"), Step(pose="arms_v", move=0.5)], load_library().poses), 10)


def _pixels(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("RGB"))


def test_without_the_variable_there_is_no_artwork_and_the_canvas_is_untouched(no_model):
    assert not artwork.configured() and not artwork.requested()
    assert artwork.artwork(TITLE, SUMMARY, (64, 64), seed=1) is None
    assert artwork.stage_inputs() == {}
    canvas = make_thumbnail(_key_frame(), TITLE, "explainer")
    before = canvas.tobytes()
    assert paint_artwork(canvas, (0, 0, *SIZE), TITLE, SUMMARY, veil=(0, 0, 0)) is False
    assert canvas.tobytes() == before


@pytest.mark.parametrize("size", [(64, 64), (1280, 720), (1280, 174), (600, 720), (7, 300)])
def test_artwork_has_exactly_the_size_asked_for(model, size):
    picture = artwork.artwork(TITLE, SUMMARY, size, seed=3)
    assert picture.mode == "RGB" and picture.size == size


def test_the_same_text_and_seed_give_the_same_artwork_and_other_text_or_seeds_other_artwork(model):
    first = _pixels(artwork.artwork(TITLE, SUMMARY, (96, 64), seed=5))
    assert np.array_equal(first, _pixels(artwork.artwork(TITLE, SUMMARY, (96, 64), seed=5)))
    assert not np.array_equal(first, _pixels(artwork.artwork(TITLE, SUMMARY, (96, 64), seed=6)))
    assert not np.array_equal(first, _pixels(artwork.artwork("Binary search", SUMMARY, (96, 64), seed=5)))
    assert artwork.seed_for(TITLE, SUMMARY) == artwork.seed_for(TITLE, SUMMARY) != artwork.seed_for("Binary search", SUMMARY)


def test_the_storyboard_thumbnail_gets_artwork_around_the_key_frame_and_under_the_title(no_model, t2i_folder, monkeypatch):
    frame = _key_frame()
    plain = make_thumbnail(frame, TITLE, "explainer", SUMMARY)
    monkeypatch.setenv(artwork.ENV, str(t2i_folder))
    painted = make_thumbnail(frame, TITLE, "explainer", SUMMARY)
    assert painted.size == plain.size == SIZE
    plain_px, painted_px = _pixels(plain), _pixels(painted)
    left = (SIZE[0] - 960) // 2  # the 854x480 frame scaled to the 540 px picture area is 960 wide
    assert np.array_equal(painted_px[:BAND_TOP, left + 1 : left + 959], plain_px[:BAND_TOP, left + 1 : left + 959]), "the key frame must stay as it was"
    band = np.any(painted_px[BAND_TOP + 6 :] != plain_px[BAND_TOP + 6 :], axis=2)
    assert band.mean() > 0.5, "the band under the title should show the artwork"
    assert np.any(painted_px[:BAND_TOP, :left] != plain_px[:BAND_TOP, :left]), "the side margins should show the artwork"


def test_the_pose_thumbnail_gets_artwork_under_the_title_and_keeps_its_figure(no_model, t2i_folder, monkeypatch, frames, tmp_path):
    plain = _pixels(Image.open(thumbnail(frames, "Raise both arms", tmp_path / "plain.png")))
    monkeypatch.setenv(artwork.ENV, str(t2i_folder))
    painted = _pixels(Image.open(thumbnail(frames, "Raise both arms", tmp_path / "painted.png")))
    assert painted.shape == plain.shape == (SIZE[1], SIZE[0], 3)
    assert np.array_equal(painted[:, :FIGURE_WIDTH], plain[:, :FIGURE_WIDTH]), "the figure's side must stay as it was"
    assert np.any(painted[:, FIGURE_WIDTH:] != plain[:, FIGURE_WIDTH:], axis=2).mean() > 0.5
    ink = np.all(plain == INK, axis=2)
    ink[:, :FIGURE_WIDTH] = False
    assert ink.sum() > 1000 and np.array_equal(painted[ink], plain[ink]), "the title's full ink must stay on top of the artwork"


def test_a_variable_naming_no_text_to_image_checkpoint_fails_the_thumbnail_saying_why(monkeypatch, tmp_path, tmp_path_factory):
    monkeypatch.setenv(artwork.ENV, str(tmp_path / "nowhere"))
    assert artwork.requested() and not artwork.configured()
    with pytest.raises(DiffusionError, match="SCENESMITH_T2I_MODEL=.*no such folder"):
        make_thumbnail(_key_frame(), TITLE, "explainer", SUMMARY)
    monkeypatch.setenv(artwork.ENV, str(save_inpainting(tmp_path_factory.mktemp("tiny-inpainting"))))
    with pytest.raises(DiffusionError, match="StableDiffusionInpaintPipeline checkpoint, which is no text-to-image checkpoint"):
        artwork.artwork(TITLE, SUMMARY, (64, 64), seed=1)


def test_the_stage_inputs_follow_the_checkpoint(t2i_folder, monkeypatch, tmp_path):
    model = tmp_path / "t2i"
    shutil.copytree(t2i_folder, model)
    monkeypatch.setenv(artwork.ENV, str(model))
    first = artwork.stage_inputs()
    assert set(first) == {"artwork"} and artwork.stage_inputs() == first
    config = model / "scheduler" / "scheduler_config.json"
    settings = json.loads(config.read_text())
    config.write_text(json.dumps(settings | {"beta_end": 0.013}))
    os.utime(config, ns=(1, 1))  # a replaced file: other size or time
    second = artwork.stage_inputs()
    assert second != first
    monkeypatch.setenv(artwork.STEPS_ENV, "4")
    assert artwork.stage_inputs() != second


@pytest.mark.parametrize("value", ["many", "0", "1000"])
def test_a_bad_step_count_is_refused_saying_why(model, monkeypatch, value):
    monkeypatch.setenv(artwork.STEPS_ENV, value)
    with pytest.raises(DiffusionError, match=f"SCENESMITH_T2I_STEPS={value} is"):
        artwork.artwork(TITLE, SUMMARY, (64, 64), seed=1)


@pytest.mark.slow
def test_a_pose_run_with_a_checkpoint_does_not_reuse_the_plain_thumbnail(cli, home, t2i_folder):
    """Through the real CLI in one store: the render stage's key changes with the checkpoint, so the thumbnail is redrawn."""
    plain = cli(home, "make", "wave hello", "--kind", "pose", "--json")
    assert plain.returncode == 0, plain.stdout + plain.stderr
    painted = cli(home, "make", "wave hello", "--kind", "pose", "--json", SCENESMITH_T2I_MODEL=str(t2i_folder), SCENESMITH_T2I_STEPS=str(STEPS))
    assert painted.returncode == 0, painted.stdout + painted.stderr
    plain_thumb, painted_thumb = (Path(r.json["artifacts"]["thumbnail"]) for r in (plain, painted))
    assert Image.open(painted_thumb).size == Image.open(plain_thumb).size == SIZE
    assert plain_thumb.read_bytes() != painted_thumb.read_bytes()
    again = cli(home, "make", "wave hello", "--kind", "pose", "--json")  # unset again: the plain thumbnail, from the cache
    assert Path(again.json["artifacts"]["thumbnail"]).read_bytes() == plain_thumb.read_bytes()
