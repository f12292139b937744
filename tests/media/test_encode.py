"""The shared H.264 writer, read back with PyAV: one frame per picture, exact timing, both callers' formats."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import pytest
from PIL import Image

from scenesmith.media.encode import write_h264
from scenesmith.storyboard import video


def _pictures(count: int, size=(64, 48)):
    for index in range(count):
        yield Image.new("RGB", size, (index * 20 % 256, 90, 160))


def test_a_generator_becomes_one_frame_per_picture_at_exact_times(tmp_path: Path):
    path = write_h264(_pictures(12), tmp_path / "a.mp4", 12)
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264" and (stream.width, stream.height) == (64, 48)
        decoded = list(container.decode(stream))
    assert len(decoded) == 12
    assert decoded[0].format.name == "yuv420p"
    assert [f.pts * f.time_base for f in decoded] == [Fraction(i, 12) for i in range(12)]
    assert abs(decoded[6].to_image().getpixel((30, 20))[0] - 120) < 12  # the seventh picture's colour


def test_odd_sides_are_padded_to_even(tmp_path: Path):
    with av.open(str(write_h264(_pictures(2, (33, 21)), tmp_path / "odd.mp4", 10))) as container:
        stream = container.streams.video[0]
        assert (stream.width, stream.height) == (34, 22)


def test_bad_input_is_refused(tmp_path: Path):
    with pytest.raises(ValueError, match="no images"):
        write_h264([], tmp_path / "none.mp4", 10)
    with pytest.raises(ValueError, match="fps"):
        write_h264(_pictures(1), tmp_path / "fps.mp4", 0)
    with pytest.raises(ValueError, match="picture 1 is 10x10"):
        write_h264([Image.new("RGB", (20, 20)), Image.new("RGB", (10, 10))], tmp_path / "sizes.mp4", 10)


@pytest.mark.parametrize(("quality", "size", "fps"), [("low", (854, 480), 15), ("medium", (1280, 720), 30)])
def test_a_placeholder_card_has_its_quality_s_size_rate_and_length(tmp_path: Path, quality, size, fps):
    out = tmp_path / "card.mp4"
    video.placeholder(out, "Scene03: the render ran out of time", "Scene 3 could not be rendered", 2.0, quality)
    info = video.probe(out)
    assert (info.width, info.height) == size and round(info.fps) == fps
    assert info.frames == 2 * fps and info.duration == pytest.approx(2.0)
    card = video.last_frame(out)
    assert card.getpixel((size[0] // 2, size[1] // 3)) != card.getpixel((5, 5))  # the heading is drawn


def test_joining_scenes_of_different_encodings_re_encodes_them_into_one(tmp_path: Path):
    first = tmp_path / "a.mp4"
    video.placeholder(first, "a", "A", 1.0, "low")
    second = write_h264(_pictures(15, (854, 480)), tmp_path / "b.mp4", 15, crf=30, preset="veryfast")
    out = tmp_path / "joined.mp4"
    video.concat([first, second], out)
    info = video.probe(out)
    assert (info.width, info.height, round(info.fps), info.frames) == (854, 480, 15, 30)
