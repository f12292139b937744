"""Drawing sampled frames as pictures, and writing them as a GIF, an MP4 and a thumbnail.

Fonts, the H.264 writer, text fitting and the thumbnail's size and title come from the shared
media package, the same ones the storyboard videos use.

Speed comes from drawing in one 8-bit channel: each pixel holds how much ink covers it (0 is
paper, 255 full ink). The figure is drawn at SUPERSAMPLE times the size and box-reduced, which
gives anti-aliased edges for the price of one reduce; colouring is then only a palette (a
ramp from paper to ink) attached to that channel, so a frame becomes a "P" image at no cost.
The GIF uses that palette as is, with no quantising.

The camera is fixed for the whole animation, fitted to every frame's figure, so the ground
and the figure's size never jump.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import GifImagePlugin, Image, ImageChops, ImageDraw

from scenesmith.kinds.pose.motion import Frame
from scenesmith.kinds.pose.skeleton import HEAD_RADIUS, Point, far_side
from scenesmith.media.encode import write_h264
from scenesmith.media.text import TextBlock, draw_text, fit_text
from scenesmith.media.thumbnail import MARGIN, SIZE, draw_title, paint_artwork

INK = (24, 36, 77)  # dark navy
PAPER = (252, 252, 250)
SUPERSAMPLE = 3
FULL = 255  # ink coverage of the figure's near side, captions and titles
FAR = 150  # the far side's limbs, lighter so profile poses read
GROUND = 70  # the ground line: a light grey-blue
GIF_FPS = (10, 20, 25, 50)  # frame rates whose frame time is a whole number of centiseconds
BAND_TEXT_SHRINK = 0.6  # a title or caption band's text shrinks to this share of its size before it is cut

# Each side's leg and arm, drawn as polylines from the body outwards so round joins hide the seams.
_LIMBS = {
    side: (("pelvis", f"{side}_hip", f"{side}_knee", f"{side}_ankle"), ("neck", f"{side}_shoulder", f"{side}_elbow", f"{side}_wrist"))
    for side in ("l", "r")
}


def _palette() -> list[int]:
    """256 colours blending paper (index 0) into ink (index 255)."""
    return [round(p + (i - p) * level / 255) for level in range(256) for p, i in zip(PAPER, INK, strict=True)]


PALETTE = _palette()


@dataclass(frozen=True)
class Camera:
    """World units (y up, ground at 0) to pixels (y down): px = x0 + x * scale, py = y0 - y * scale."""

    scale: float
    x0: float
    y0: float

    def px(self, point: Point, factor: float = 1.0) -> tuple[float, float]:
        return ((self.x0 + point[0] * self.scale) * factor, (self.y0 - point[1] * self.scale) * factor)


def world_bounds(frames: Sequence[Frame]) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) around every frame's joints and head circle, the ground included."""
    xs = [x for f in frames for x, _ in f.positions.values()]
    ys = [y for f in frames for _, y in f.positions.values()]
    heads = [f.positions["head"] for f in frames]
    left = min(min(xs), min(x for x, _ in heads) - HEAD_RADIUS)
    right = max(max(xs), max(x for x, _ in heads) + HEAD_RADIUS)
    top = max(max(ys), max(y for _, y in heads) + HEAD_RADIUS)
    return left, min(0.0, min(ys)), right, top


def fit(bounds: tuple[float, float, float, float], box: tuple[float, float, float, float], pad: float) -> Camera:
    """The camera that shows `bounds` as large as fits in the pixel `box`, `pad` pixels inside it, centred.

    The world box is at least 1 x 1.9 units, so a small or still pose is not blown up past a standing figure's size.
    """
    left, bottom, right, top = bounds
    width, height = max(right - left, 1.0), max(top - bottom, 1.9)
    cx, cy = (left + right) / 2, bottom + height / 2  # a box grown to the minimum grows upwards, off the ground
    bx0, by0, bx1, by1 = box
    scale = min((bx1 - bx0 - 2 * pad) / width, (by1 - by0 - 2 * pad) / height)
    return Camera(scale, (bx0 + bx1) / 2 - cx * scale, (by0 + by1) / 2 + cy * scale)


def _draw_figure(draw: ImageDraw.ImageDraw, positions: dict[str, Point], facing: str, camera: Camera, factor: float, stroke: float) -> None:
    """The stick figure in ink coverage: far limbs first and lighter, then the near limbs, spine and head."""
    points = {name: camera.px(p, factor) for name, p in positions.items()}
    width = max(1, round(stroke * factor))
    radius = width / 2

    def chain(names: Sequence[str], level: int) -> None:
        line = [points[n] for n in names]
        draw.line(line, fill=level, width=width, joint="curve")
        for x, y in (line[0], line[-1]):  # round caps
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=level)

    far = far_side(facing)
    order = [s for s in ("l", "r") if s == far] + [s for s in ("l", "r") if s != far]
    for side in order:
        level = FAR if side == far else FULL
        for limb in _LIMBS[side]:
            chain(limb, level)
    # the neck stops at the head's circle
    (nx, ny), (hx, hy) = points["neck"], points["head"]
    head_r = HEAD_RADIUS * camera.scale * factor
    gap = math.hypot(hx - nx, hy - ny) or 1.0
    chin = (hx + (nx - hx) * head_r / gap, hy + (ny - hy) * head_r / gap)
    chain(("pelvis", "neck"), FULL)
    draw.line((points["neck"], chin), fill=FULL, width=width)
    outer = head_r + radius
    draw.ellipse((hx - outer, hy - outer, hx + outer, hy + outer), outline=FULL, width=width)


def figure_layer(size: tuple[int, int], positions: dict[str, Point], facing: str, camera: Camera, stroke: float) -> Image.Image:
    """The anti-aliased figure alone: an "L" ink-coverage image of `size`, drawn big and box-reduced.

    Only the part of the picture the figure can reach is drawn big, which is most of the saving.
    """
    pixels = [camera.px(p) for p in positions.values()]
    reach = HEAD_RADIUS * camera.scale + stroke
    x0 = max(0, math.floor(min(x for x, _ in pixels) - reach))
    y0 = max(0, math.floor(min(y for _, y in pixels) - reach))
    x1 = min(size[0], math.ceil(max(x for x, _ in pixels) + reach))
    y1 = min(size[1], math.ceil(max(y for _, y in pixels) + reach))
    layer = Image.new("L", size, 0)
    if x1 <= x0 or y1 <= y0:
        return layer
    shifted = Camera(camera.scale, camera.x0 - x0, camera.y0 - y0)
    big = Image.new("L", ((x1 - x0) * SUPERSAMPLE, (y1 - y0) * SUPERSAMPLE), 0)
    _draw_figure(ImageDraw.Draw(big), positions, facing, shifted, SUPERSAMPLE, stroke)
    layer.paste(big.reduce(SUPERSAMPLE), (x0, y0))
    return layer


def text_band(text: str, width: int, height: int, size: int, bold: bool = False) -> Image.Image:
    """An "L" band with the text centred in full ink inside 4% side margins, on one line or, if it must, two."""
    band = Image.new("L", (width, height), 0)
    side = round(width * 0.04)
    block = fit_text(text, width - 2 * side, height, largest=size, smallest=max(1, round(size * BAND_TEXT_SHRINK)), max_lines=2, bold=bold)
    draw_text(ImageDraw.Draw(band), block, (side, 0, width - side, height), FULL)
    return band


def colour(coverage: Image.Image) -> Image.Image:
    """Ink coverage to a paletted picture: attaching the paper-to-ink palette is the whole conversion."""
    image = coverage.copy()
    image.putpalette(PALETTE)
    return image


@dataclass(frozen=True)
class _Layout:
    camera: Camera
    stroke: float
    caption_box: tuple[int, int, int, int] | None  # left, top, width, height
    base: Image.Image  # ground line and title, shared by every frame


def _layout(frames: Sequence[Frame], width: int, height: int, caption: bool, title: str | None) -> _Layout:
    title_h = round(height * 0.1) if title else 0
    caption_h = round(height * 0.11) if caption and any(f.caption for f in frames) else 0
    stroke = height / 40
    camera = fit(world_bounds(frames), (0, title_h, width, height - caption_h), pad=height * 0.05 + stroke)
    base = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(base)
    ground = camera.px((0.0, 0.0))[1] + stroke / 2  # under the round caps of feet standing at y = 0
    draw.line(((0, ground), (width, ground)), fill=GROUND, width=max(1, round(height / 240)))
    if title:
        base.paste(text_band(title, width, title_h, round(height / 17), bold=True), (0, 0))
    box = (0, height - caption_h, width, caption_h) if caption_h else None
    return _Layout(camera, stroke, box, base)


def render_frames(frames: Sequence[Frame], width: int = 480, height: int = 480, caption: bool = True, title: str | None = None) -> list[Image.Image]:
    """One paletted ("P") picture per frame, all through one fixed camera, with captions and an optional title."""
    if not frames:
        raise ValueError("no frames to render")
    if not (32 <= width <= 4096 and 32 <= height <= 4096):
        raise ValueError(f"picture size {width}x{height} is outside 32..4096")
    layout = _layout(frames, width, height, caption, title)
    bands: dict[str, Image.Image] = {}
    images = []
    for frame in frames:
        figure = figure_layer((width, height), frame.positions, frame.facing, layout.camera, layout.stroke)
        coverage = ImageChops.lighter(layout.base, figure)  # ink over the ground line: the larger coverage wins
        if layout.caption_box and frame.caption:
            left, top, w, h = layout.caption_box
            if frame.caption not in bands:
                bands[frame.caption] = text_band(frame.caption, w, h, round(height / 22))
            coverage.paste(bands[frame.caption], (left, top))
        images.append(colour(coverage))
    return images


def _check_gif_fps(fps: int) -> int:
    if fps not in GIF_FPS:
        raise ValueError(f"GIF frame times are whole centiseconds, so fps must be one of {GIF_FPS}, got {fps}")
    return 1000 // fps


def write_gif(images: Sequence[Image.Image], fps: int, path: Path | str) -> Path:
    """A forever-looping GIF with every frame kept, each shown exactly 1000 / fps ms.

    Pillow's multi-frame save merges identical neighbouring frames into one longer frame (with or
    without optimize), so a held pose would lose its frames. The frames are written one by one
    instead, each as the rectangle that changed since the previous one (a 1x1 patch when nothing
    did), so the frame count stays exact and the file stays small.
    """
    duration = _check_gif_fps(fps)
    if not images:
        raise ValueError("no images to write")
    first = images[0] if images[0].mode == "P" else images[0].convert("RGB").quantize(256)
    frames = [first] + [_same_palette(image, first) for image in images[1:]]
    path = Path(path)
    with path.open("wb") as fp:
        header, _ = GifImagePlugin.getheader(first.copy(), info={"loop": 0, "duration": duration})
        fp.writelines(header)
        previous = None
        for image in frames:
            box = (0, 0, *image.size)
            if previous is not None:
                box = ImageChops.subtract_modulo(image, previous).getbbox() or (0, 0, 1, 1)
            fp.writelines(GifImagePlugin.getdata(image.crop(box), offset=box[:2], duration=duration, disposal=1))
            previous = image
        fp.write(b";")
    return path


def _same_palette(image: Image.Image, first: Image.Image) -> Image.Image:
    if image.mode == "P" and image.getpalette() == first.getpalette():
        return image
    return image.convert("RGB").quantize(palette=first, dither=Image.Dither.NONE)


def write_mp4(images: Sequence[Image.Image], fps: int, path: Path | str, crf: int = 20) -> Path:
    """H.264 (yuv420p) MP4 with exactly one coded frame per image and time base 1/fps, tuned for flat drawings."""
    return write_h264(images, path, fps, crf=crf, preset="veryfast", tune="animation")


def most_expressive(frames: Sequence[Frame]) -> Frame:
    """The frame whose joints have moved furthest, in total, from where the first frame has them."""
    start = frames[0].positions
    return max(frames, key=lambda f: sum(math.dist(p, start[name]) for name, p in f.positions.items()))


FIGURE_WIDTH = 680  # the thumbnail's left part, where the figure stands; the title is on the right
THUMBNAIL_TITLE_BOX = (FIGURE_WIDTH, MARGIN, SIZE[0] - MARGIN, SIZE[1] - MARGIN)
THUMBNAIL_TITLE_SIZE = 76


def draw_thumbnail_title(draw: ImageDraw.ImageDraw, title: str) -> TextBlock:
    """The title in full ink right of the figure: as large as fits, on up to six lines, left-aligned inside the margins."""
    block, _ = draw_title(draw, title, THUMBNAIL_TITLE_BOX, FULL, largest=THUMBNAIL_TITLE_SIZE, max_lines=6, align="left")
    return block


def thumbnail(frames: Sequence[Frame], title: str, path: Path | str) -> Path:
    """A 1280x720 PNG: the most expressive frame large on the left, the title large on the right."""
    if not frames:
        raise ValueError("no frames for a thumbnail")
    width, height = SIZE
    frame = most_expressive(frames)
    stroke = height / 36
    camera = fit(world_bounds([frame]), (0, 0, FIGURE_WIDTH, height), pad=48 + stroke)
    coverage = Image.new("L", (width, height), 0)
    ground = camera.px((0.0, 0.0))[1] + stroke / 2
    ImageDraw.Draw(coverage).line(((40, ground), (640, ground)), fill=GROUND, width=4)
    coverage = ImageChops.lighter(coverage, figure_layer((width, height), frame.positions, frame.facing, camera, stroke))
    draw_thumbnail_title(ImageDraw.Draw(coverage), title)
    image = colour(coverage).convert("RGB")
    paint_artwork(image, (FIGURE_WIDTH, 0, width, height), title, "", veil=PAPER, ink=coverage)  # only with SCENESMITH_T2I_MODEL
    path = Path(path)
    image.save(path, format="PNG")
    return path
