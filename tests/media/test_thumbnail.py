"""Thumbnail titles fit: for every title of 1 to 120 characters, the drawn ink lies inside the margins, whole.

The ink is measured on the pixels drawn, not on what the layout code says it drew.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw

from scenesmith.kinds.pose.library import Step, load_library
from scenesmith.kinds.pose.motion import keyframes, sample
from scenesmith.kinds.pose.render import draw_thumbnail_title, thumbnail
from scenesmith.storyboard.thumbnail import draw_band_title, make_thumbnail

WIDTH, HEIGHT = 1280, 720
SIDE = 48  # no title ink nearer than this to the left or right edge
# Where each thumbnail's title may be: the storyboard's on the band below the accent stripe (y 540..546),
# the pose kind's right of the figure (which stands in x < 680).
BAND = (SIDE, 546 + 4, WIDTH - SIDE, HEIGHT - 4)
BESIDE_FIGURE = (680, SIDE, WIDTH - SIDE, HEIGHT - SIDE)

SENTENCE = (
    "The Pythagorean theorem: legs 3 and 4 give a hypotenuse of 5, because nine plus sixteen is twenty-five, "
    "and the squares on the legs fill the square on the hypotenuse"
)
SHAPES = {
    "one word": "W" * 120,  # the widest capital, no space to wrap at
    "sentence": SENTENCE,
    "short words": "ab cd " * 20,
    "long and short words": "Antidisestablishmentarianism is a word; so is floccinaucinihilipilification, and a b c " * 2,
}
LENGTHS = range(1, 121)


def _titles(shape: str):
    for length in LENGTHS:
        title = SHAPES[shape][:length]
        if title.strip():
            yield title


def _inside(box: tuple[int, int, int, int], area: tuple[int, int, int, int]) -> bool:
    left, top, right, bottom = box
    return left >= area[0] and top >= area[1] and right <= area[2] and bottom <= area[3]


def _shown(block) -> str:
    return "".join(block.lines).replace(" ", "")


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(("draw_it", "area", "mode", "most_lines"), [(draw_band_title, BAND, "RGB", 3), (draw_thumbnail_title, BESIDE_FIGURE, "L", 6)], ids=["storyboard", "pose"])
def test_every_title_from_1_to_120_characters_fits_inside_the_margins_whole(shape, draw_it, area, mode, most_lines):
    sizes = []
    for title in _titles(shape):
        canvas = Image.new(mode, (WIDTH, HEIGHT), 0)
        block = draw_it(ImageDraw.Draw(canvas), title)
        ink = canvas.getbbox()
        assert ink is not None, title
        assert _inside(ink, area), (len(title), ink, block.lines)
        assert block.complete and _shown(block) == title.replace(" ", ""), (title, block.lines)  # nothing cut off
        assert len(block.lines) <= most_lines
        sizes.append(block.size)
    assert min(sizes) >= 24  # still a title, not small print


def test_the_pythagorean_title_is_large_and_whole_on_the_storyboard_thumbnail():
    """The issue's case: at one fixed 60 px line it ran past both edges of 1280 px."""
    title = "The Pythagorean theorem: legs 3 and 4"
    canvas = Image.new("RGB", (WIDTH, HEIGHT))
    block = draw_band_title(ImageDraw.Draw(canvas), title)
    assert block.size >= 50 and len(block.lines) == 2 and block.complete
    assert " ".join(block.lines) == title
    assert _inside(canvas.getbbox(), BAND)


def _key_frame() -> Image.Image:
    frame = Image.new("RGB", (854, 480), (30, 34, 60))
    ImageDraw.Draw(frame).ellipse((300, 100, 550, 350), outline=(255, 220, 0), width=8)
    return frame


@pytest.mark.parametrize("length", [1, 37, 80, 120])
@pytest.mark.parametrize("shape", SHAPES)
def test_the_storyboard_thumbnail_draws_its_title_inside_the_band_margins(shape, length):
    """The whole thumbnail: what the title adds to it (the difference from an untitled one) is inside the band."""
    frame = _key_frame()
    untitled = make_thumbnail(frame, "", "explainer")
    titled = make_thumbnail(frame, SHAPES[shape][:length], "explainer")
    assert titled.size == (WIDTH, HEIGHT)
    ink = ImageChops.difference(titled, untitled).getbbox()
    assert ink is not None and _inside(ink, BAND), ink


@pytest.fixture(scope="module")
def frames():
    poses = load_library().poses
    return sample(keyframes([Step(pose="stand"), Step(pose="arms_v", move=0.5)], poses), 10)


@pytest.mark.parametrize("length", [1, 37, 80, 120])
@pytest.mark.parametrize("shape", SHAPES)
def test_the_pose_thumbnail_draws_its_title_right_of_the_figure_inside_the_margins(frames, tmp_path: Path, shape, length):
    untitled = Image.open(thumbnail(frames, "", tmp_path / "untitled.png")).convert("RGB")
    titled = Image.open(thumbnail(frames, SHAPES[shape][:length], tmp_path / "titled.png")).convert("RGB")
    assert titled.size == (WIDTH, HEIGHT)
    ink = ImageChops.difference(titled, untitled).getbbox()
    assert ink is not None and _inside(ink, BESIDE_FIGURE), ink
