"""The one H.264 writer: pictures to an MP4 that every player opens (yuv420p, a frame per picture, fast start)."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from itertools import chain
from pathlib import Path

import av
from PIL import Image

MAX_FPS = 120


def write_h264(images: Iterable[Image.Image], path: Path | str, fps: int, *, crf: int = 23, preset: str = "medium", tune: str | None = None) -> Path:
    """An MP4 with exactly one coded frame per picture, frame i at i / fps seconds, time base 1/fps.

    Pictures may come one at a time (a generator), so a long video never sits in memory. Every
    picture has the first one's size; yuv420p needs even sides, so an odd-sized picture gets one
    row or column of its corner colour. `crf`, `preset` and `tune` are x264's own settings.
    """
    if not (1 <= fps <= MAX_FPS):
        raise ValueError(f"fps must be 1..{MAX_FPS}, got {fps}")
    pictures = iter(images)
    first = next(pictures, None)
    if first is None:
        raise ValueError("no images to write")
    size = first.size
    even = (size[0] + size[0] % 2, size[1] + size[1] % 2)
    rate = Fraction(fps)
    options = {"crf": str(crf), "preset": preset} | ({"tune": tune} if tune else {})
    path = Path(path)
    with av.open(str(path), "w", format="mp4", options={"movflags": "+faststart"}) as container:
        stream = container.add_stream("libx264", rate=rate)
        stream.width, stream.height, stream.pix_fmt = even[0], even[1], "yuv420p"
        stream.time_base = 1 / rate
        stream.options = options
        for index, image in enumerate(chain([first], pictures)):
            if image.size != size:
                raise ValueError(f"picture {index} is {image.size[0]}x{image.size[1]}, the first is {size[0]}x{size[1]}")
            frame = av.VideoFrame.from_image(_even(image.convert("RGB"), even)).reformat(format="yuv420p")
            frame.pts, frame.time_base = index, 1 / rate
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path


def _even(rgb: Image.Image, even: tuple[int, int]) -> Image.Image:
    if rgb.size == even:
        return rgb
    padded = Image.new("RGB", even, rgb.getpixel((0, 0)))
    padded.paste(rgb, (0, 0))
    return padded
