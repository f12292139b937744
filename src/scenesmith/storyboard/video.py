"""Video files with PyAV: probe, join scenes, placeholder cards, key frames."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import av
from PIL import Image, ImageDraw

from scenesmith.media.encode import write_h264
from scenesmith.media.fonts import font
from scenesmith.media.quality import quality as quality_spec

CRF = 23  # x264's quality for placeholder cards and re-encoded joins


@dataclass(frozen=True)
class VideoInfo:
    duration: float
    width: int
    height: int
    fps: float
    frames: int


def probe(path: Path) -> VideoInfo:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = stream.frames or sum(1 for _ in container.demux(stream) if _.size)
        fps = float(stream.guessed_rate or stream.average_rate or 0)
        duration = frames / fps if fps else float(container.duration or 0) / av.time_base
        return VideoInfo(duration=round(duration, 4), width=stream.width, height=stream.height, fps=fps, frames=frames)


def _card(text: str, heading: str, width: int, height: int) -> Image.Image:
    image = Image.new("RGB", (width, height), (24, 24, 32))
    draw = ImageDraw.Draw(image)
    big, small = font(max(14, height // 14), bold=True), font(max(11, height // 26), bold=True)
    draw.text((width // 2, height // 3), heading, font=big, fill=(255, 196, 64), anchor="mm")
    y = height // 2
    for line in textwrap.wrap(text, width=60)[:6]:
        draw.text((width // 2, y), line, font=small, fill=(230, 230, 230), anchor="mm")
        y += int(small.size * 1.5)
    return image


def placeholder(out: Path, message: str, heading: str, duration: float, quality: str) -> None:
    """A still card saying what failed, in the same format as the rendered scenes."""
    spec = quality_spec(quality)
    card = _card(message, heading, spec.width, spec.height)
    count = max(1, round(duration * spec.fps))
    write_h264((card for _ in range(count)), out, spec.fps, crf=CRF)


def _same_codec(paths: list[Path]) -> bool:
    signatures = set()
    for path in paths:
        with av.open(str(path)) as container:
            s = container.streams.video[0]
            signatures.add((s.codec_context.name, s.width, s.height, bytes(s.codec_context.extradata or b""), s.time_base, s.guessed_rate))
    return len(signatures) == 1


def concat(paths: list[Path], out: Path) -> None:
    """Join scene files into one MP4: a lossless remux when they share one encoding, else a re-encode."""
    if _same_codec(paths):
        _remux(paths, out)
    else:
        _reencode(paths, out)


def _remux(paths: list[Path], out: Path) -> None:
    with av.open(str(out), "w") as output:
        out_stream = None
        offset = 0
        for path in paths:
            with av.open(str(path)) as source:
                stream = source.streams.video[0]
                if out_stream is None:
                    out_stream = output.add_stream_from_template(stream)
                last_end = 0
                for packet in source.demux(stream):
                    if packet.dts is None:
                        continue
                    end = packet.pts + (packet.duration or 0)
                    last_end = max(last_end, end)
                    packet.pts += offset
                    packet.dts += offset
                    packet.stream = out_stream
                    output.mux(packet)
                offset += last_end


def _reencode(paths: list[Path], out: Path) -> None:
    first = probe(paths[0])
    width, height, fps = first.width, first.height, round(first.fps)

    def frames():
        for path in paths:
            with av.open(str(path)) as source:
                for frame in source.decode(video=0):
                    image = frame.to_image()
                    yield image if image.size == (width, height) else image.resize((width, height))

    write_h264(frames(), out, fps, crf=CRF)


def last_frame(path: Path) -> Image.Image:
    with av.open(str(path)) as container:
        frame = None
        for frame in container.decode(video=0):
            pass
        if frame is None:
            raise ValueError(f"{path} has no video frames")
        return frame.to_image()
