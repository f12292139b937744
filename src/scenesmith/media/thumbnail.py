"""What every kind's thumbnail shares: its size, its margins, and a bold title that always fits its box."""

from __future__ import annotations

from PIL import ImageDraw

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
