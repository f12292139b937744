"""What every kind's thumbnail shares: its size, its margins, a bold title that always fits its box, and artwork under it when configured."""

from __future__ import annotations

from PIL import Image, ImageDraw

from scenesmith.media.text import Box, TextBlock, draw_text, fit_text

SIZE = (1280, 720)
MARGIN = 48  # no title ink closer than this to the picture's left and right edges
SMALLEST_TITLE = 24  # below this a thumbnail title is cut (with "…") rather than shrunk further


def draw_title(draw: ImageDraw.ImageDraw, title: str, box: Box, fill, *, largest: int, max_lines: int, align: str = "center") -> tuple[TextBlock, Box | None]:
    """The title in bold inside `box`: on up to `max_lines` balanced lines, at the largest size up to `largest` that fits.

    Returns the block drawn (its lines, font and whether the whole title is shown) and the ink box.
    """
    left, top, right, bottom = box
    block = fit_text(title, right - left, bottom - top, largest=largest, smallest=min(SMALLEST_TITLE, largest), max_lines=max_lines, bold=True)
    return block, draw_text(draw, block, box, fill, align)


ARTWORK_VEIL = 0.55  # how far generated artwork is blended toward the thumbnail's own background, so text on it reads


def paint_artwork(canvas: Image.Image, box: Box, title: str, summary: str, *, veil: tuple[int, int, int], ink: Image.Image | None = None) -> bool:
    """Generated artwork for the title and summary, under the title text, when SCENESMITH_T2I_MODEL is set (media.artwork).

    The artwork fills `box` of the RGB `canvas`, blended toward `veil` so the title stays legible.
    `ink` (a coverage mask the canvas's size) keeps what is already drawn there on top. Without the
    variable nothing is drawn and False comes back: the thumbnail stays exactly as it was.
    """
    from scenesmith.media import artwork

    if not artwork.requested():
        return False
    left, top, right, bottom = box
    size = (right - left, bottom - top)
    art = artwork.artwork(title, summary, size, artwork.seed_for(title, summary))
    veiled = Image.blend(art, Image.new("RGB", size, veil), ARTWORK_VEIL)
    if ink is not None:
        veiled = Image.composite(canvas.crop(box), veiled, ink.crop(box))
    canvas.paste(veiled, (left, top))
    return True
