"""The one typeface every picture uses: DejaVu Sans (bold for titles), Pillow's own font where it is missing."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PIL import ImageFont

REGULAR = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@cache
def font(size: int, bold: bool = False) -> Font:
    """DejaVu Sans at `size` pixels; bold falls back to regular, and both to Pillow's scalable default."""
    for path in (BOLD, REGULAR) if bold else (REGULAR,):
        if path.exists():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)
