"""Pictures, GIF, MP4 and thumbnail: read every file back and check what a viewer would get."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import av
import pytest
from PIL import Image, ImageChops

from scenesmith.kinds.pose.library import Pose, Step
from scenesmith.kinds.pose.motion import keyframes, sample
from scenesmith.kinds.pose.render import render_frames, text_band, thumbnail, write_gif, write_mp4
from scenesmith.kinds.pose.skeleton import far_side

POSES = {
    p.name: p
    for p in (
        Pose(name="stand", description="standing", tags=("t",), angles={"l_shoulder": 8, "r_shoulder": 8}),
        Pose(name="arms_up", description="arms up", tags=("t",), angles={"l_shoulder": 170, "r_shoulder": 170}),
        Pose(
            name="walk",
            description="striding right",
            tags=("t",),
            facing="right",
            angles={"l_hip": 30, "r_hip": -20, "l_shoulder": -25, "r_shoulder": 30},
        ),
    )
}
FPS = 20


@pytest.fixture(scope="module")
def frames():
    """A 2-second sequence with a hold, so identical neighbouring frames exist."""
    steps = [
        Step(pose="stand", caption="stand"),
        Step(pose="arms_up", move=0.5, hold=0.5, caption="arms up"),
        Step(pose="walk", move=0.5, caption="walk"),
        Step(pose="stand", move=0.5, caption="rest"),
    ]
    return sample(keyframes(steps, POSES), FPS)


@pytest.fixture(scope="module")
def images(frames):
    return render_frames(frames, title="Test")


def _ink(image: Image.Image) -> Image.Image:
    """Ink coverage: 0 for paper, larger for darker."""
    return ImageChops.invert(image.convert("L"))


def test_gif_keeps_every_frame_and_loops(frames, images, tmp_path: Path) -> None:
    assert len(frames) == 40
    # the hold makes identical neighbours, which Pillow's own multi-frame save would merge
    pairs = zip(images, images[1:], strict=False)
    assert any(ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox() is None for a, b in pairs)
    path = write_gif(images, FPS, tmp_path / "a.gif")
    with Image.open(path) as gif:
        assert gif.n_frames == len(frames)
        assert gif.info["loop"] == 0
        for index in range(gif.n_frames):
            gif.seek(index)
            assert gif.info["duration"] == 1000 / FPS
            # composited frames read back pixel-identical to what was rendered
            assert ImageChops.difference(gif.convert("RGB"), images[index].convert("RGB")).getbbox() is None


@pytest.mark.parametrize("fps", [12, 24, 30, 60])
def test_gif_rejects_frame_rates_without_whole_centiseconds(images, tmp_path: Path, fps: int) -> None:
    with pytest.raises(ValueError, match="centiseconds"):
        write_gif(images, fps, tmp_path / "a.gif")


def test_mp4_has_the_exact_frames_and_duration(frames, images, tmp_path: Path) -> None:
    path = write_mp4(images, FPS, tmp_path / "a.mp4")
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert (stream.width, stream.height) == (480, 480)
        decoded = list(container.decode(stream))
        assert len(decoded) == len(frames)
        assert decoded[0].format.name == "yuv420p"
        assert [f.pts * f.time_base for f in decoded] == [Fraction(i, FPS) for i in range(len(frames))]
        assert float(stream.duration * stream.time_base) == pytest.approx(len(frames) / FPS)
        picture = decoded[15].to_image()
    assert _ink(picture).getbbox() is not None


def test_mp4_pads_odd_sizes(frames, tmp_path: Path) -> None:
    images = render_frames(frames[:3], width=101, height=99)
    with av.open(str(write_mp4(images, 10, tmp_path / "odd.mp4"))) as container:
        stream = container.streams.video[0]
        assert (stream.width, stream.height) == (102, 100)
        assert sum(1 for _ in container.decode(stream)) == 3


def test_pictures_have_ink_that_moves(images) -> None:
    assert all(image.size == (480, 480) and image.mode == "P" for image in images)
    first, raised = _ink(images[0]), _ink(images[10])  # stand, then arms up
    figure = (0, 60, 480, 400)  # between the title and the caption band
    assert first.crop(figure).getextrema()[1] > 200  # dark navy strokes
    assert ImageChops.difference(first.crop(figure), raised.crop(figure)).getbbox() is not None


def test_strokes_are_anti_aliased(images) -> None:
    levels = {value for value, count in enumerate(_ink(images[10]).histogram()) if count}
    assert len(levels) > 16


def test_caption_band_changes_with_the_caption(frames, images) -> None:
    band = (0, 430, 480, 480)
    assert frames[12].caption == frames[14].caption == "arms up"
    assert frames[30].caption == "rest"
    same = ImageChops.difference(images[12].convert("L").crop(band), images[14].convert("L").crop(band))
    changed = ImageChops.difference(images[12].convert("L").crop(band), images[30].convert("L").crop(band))
    assert same.getbbox() is None
    assert changed.getbbox() is not None


def test_no_caption_band_without_captions(frames) -> None:
    """caption=False draws what caption-less frames draw: no text, no space kept for it."""
    plain = render_frames(frames[:2], caption=False)
    uncaptioned = render_frames([replace(f, caption=None) for f in frames[:2]])
    captioned = render_frames(frames[:2])
    for a, b, c in zip(plain, uncaptioned, captioned, strict=True):
        assert ImageChops.difference(a.convert("L"), b.convert("L")).getbbox() is None
        assert ImageChops.difference(a.convert("L"), c.convert("L")).getbbox() is not None


def test_camera_is_fixed(frames) -> None:
    """The ground line sits on the same row in every frame."""
    rows = set()
    for image in render_frames(frames, caption=False):
        ink = _ink(image)
        rows.add(next(y for y in range(479, 0, -1) if ink.getpixel((2, y)) > 20))  # the ground line at the left edge
    assert len(rows) == 1


def test_far_side_is_lighter_in_profile(frames) -> None:
    assert far_side("right") == "l" and far_side("left") == "r" and far_side("front") is None
    walk = next(f for f in frames if f.facing == "right")
    image = _ink(render_frames([walk], caption=False)[0])
    levels = {value for value, count in enumerate(image.histogram()) if count > 30}
    assert any(120 <= v <= 180 for v in levels)  # the far limbs' flat, lighter ink


def test_thumbnail_is_1280x720(frames, tmp_path: Path) -> None:
    path = thumbnail(frames, "Arms up and walk", tmp_path / "thumb.png")
    with Image.open(path) as image:
        assert image.format == "PNG" and image.size == (1280, 720)
        ink = _ink(image)
        assert ink.crop((0, 0, 680, 720)).getbbox() is not None  # the figure
        assert ink.crop((680, 0, 1280, 720)).getbbox() is not None  # the title


@pytest.mark.parametrize("text", ["Wave", "Raise both arms; touch your toes; sit down; wave hello", "W" * 80])
@pytest.mark.parametrize(("width", "height", "size"), [(480, 48, 28), (480, 53, 22), (1080, 108, 64)])
def test_title_and_caption_bands_keep_their_text_inside(text, width, height, size) -> None:
    """The band's text wraps onto two lines and shrinks, so no title or caption runs off the picture's sides."""
    ink = text_band(text, width, height, size, bold=True).getbbox()
    assert ink is not None
    left, top, right, bottom = ink
    assert left >= round(width * 0.04) and right <= width - round(width * 0.04) and top >= 0 and bottom <= height
