"""Text that fits its box: wrapped onto a few balanced lines at the largest size that fits, measured as drawn.

Every width and height is the ink box Pillow reports for the line (ImageDraw.textbbox), so what
is measured is what is drawn. A word wider than the box is broken between characters. Text that
does not fit even at the smallest size is cut at a word or character and ends in "…"; the
block says so, so a caller can tell.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw

from scenesmith.media.fonts import Font, font

ELLIPSIS = "…"
LEADING = 1.2  # line pitch as a share of the font size
_MEASURE = ImageDraw.Draw(Image.new("L", (1, 1)))

Box = tuple[int, int, int, int]  # left, top, right, bottom


@lru_cache(maxsize=8192)
def _ink(line: str, face: Font) -> Box:
    """The line's ink box relative to its left end on the baseline."""
    left, top, right, bottom = _MEASURE.textbbox((0, 0), line, font=face, anchor="ls")
    return int(left), int(top), int(right), int(bottom)


def _width(line: str, face: Font) -> int:
    left, _, right, _ = _ink(line, face)
    return right - left


def _head_that_fits(word: str, face: Font, width: float) -> int:
    """How many leading characters of `word` fit `width` (at least one, so wrapping always moves on)."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if _width(word[:middle], face) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def wrap(words: list[str], face: Font, width: float) -> list[str]:
    """Greedy wrap by measured width; a word wider than `width` starts a line and is broken between characters."""
    lines: list[str] = []
    for word in words:
        if lines and _width(f"{lines[-1]} {word}", face) <= width:
            lines[-1] = f"{lines[-1]} {word}"
            continue
        while len(word) > 1 and _width(word, face) > width:
            cut = _head_that_fits(word, face, width)
            lines.append(word[:cut])
            word = word[cut:]
        lines.append(word)
    return lines


def _balanced(words: list[str], face: Font, width: float) -> list[str]:
    """The same number of lines as a greedy wrap at `width`, at the narrowest width that keeps it: even lines."""
    count = len(wrap(words, face, width))
    if count == 1:
        return wrap(words, face, width)
    # no line of `count` can be narrower than a share of the whole text (spaces at the breaks aside)
    low, high = max(1, _width(" ".join(words), face) // (2 * count)), int(width)
    while low < high:
        middle = (low + high) // 2
        if len(wrap(words, face, middle)) <= count:
            high = middle
        else:
            low = middle + 1
    return wrap(words, face, high)


@dataclass(frozen=True)
class TextBlock:
    lines: tuple[str, ...]
    font: Font
    line_height: int
    complete: bool  # False when the text was cut to fit and ends in "…"

    @property
    def size(self) -> int:
        return int(getattr(self.font, "size", 10))

    def extent(self) -> tuple[int, int, int]:
        """(width, height, top): the block's ink width and height, and its top relative to the first baseline.

        The height also spans the font's ascent and descent, so lines without tall letters sit where others would.
        """
        if not self.lines:
            return 0, 0, 0
        ascent, descent = _metrics(self.font)
        inks = [_ink(line, self.font) for line in self.lines]
        below = (len(self.lines) - 1) * self.line_height
        top = min(-ascent, *(t + i * self.line_height for i, (_, t, _, _) in enumerate(inks)))
        bottom = max(below + descent, *(b + i * self.line_height for i, (_, _, _, b) in enumerate(inks)))
        return max(r - l for l, _, r, _ in inks), bottom - top, top


def _metrics(face: Font) -> tuple[int, int]:
    getmetrics = getattr(face, "getmetrics", None)
    if getmetrics is None:
        left, top, right, bottom = _ink("Ag", face)
        return -top, bottom
    ascent, descent = getmetrics()
    return int(ascent), int(descent)


def _block(lines: list[str], size: int, bold: bool, complete: bool = True) -> TextBlock:
    return TextBlock(tuple(lines), font(size, bold), max(1, round(size * LEADING)), complete)


def _fits(block: TextBlock, width: int, height: int) -> bool:
    block_width, block_height, _ = block.extent()
    return block_width <= width and block_height <= height


def fit_text(text: str, width: int, height: int, *, largest: int, smallest: int, max_lines: int, bold: bool = False) -> TextBlock:
    """The largest size from `largest` down to `smallest` at which `text` wraps onto at most `max_lines` lines
    inside `width` x `height` pixels; the lines are balanced. Below that, the text is cut and ends in "…"."""
    if width < 1 or height < 1 or max_lines < 1 or not (1 <= smallest <= largest):
        raise ValueError(f"cannot fit text in {width}x{height} on {max_lines} lines at {smallest}..{largest} px")
    words = text.split()
    if not words:
        return _block([], smallest, bold)

    def attempt(size: int) -> TextBlock | None:
        face = font(size, bold)
        if len(wrap(words, face, width)) > max_lines:
            return None
        block = _block(_balanced(words, face, width), size, bold)
        return block if _fits(block, width, height) else None

    # Smaller type never needs more lines, so the largest size that fits is found by halving.
    found, low, high = None, smallest, largest
    while low <= high:
        middle = (low + high) // 2
        block = attempt(middle)
        if block is not None:
            found, low = block, middle + 1
        else:
            high = middle - 1
    return found or _cut(words, width, height, min(smallest, largest), max_lines, bold)


def _cut(words: list[str], width: int, height: int, size: int, max_lines: int, bold: bool) -> TextBlock:
    """As many lines as fit at `size` (smaller if not even one line fits), the last one ending in "…"."""
    for size in range(size, 0, -1):
        face = font(size, bold)
        lines = wrap(words, face, width)
        for count in range(min(max_lines, len(lines)), 0, -1):
            shown = lines[:count]
            last = shown[-1]
            while last and _width(last + ELLIPSIS, face) > width:
                last = last[:-1].rstrip()
            block = _block([*shown[:-1], last + ELLIPSIS], size, bold, complete=False)
            if _fits(block, width, height):
                return block
    return _block([], 1, bold, complete=False)


def draw_text(draw: ImageDraw.ImageDraw, block: TextBlock, box: Box, fill, align: str = "center") -> Box | None:
    """Draw the block inside `box`, vertically centred, each line centred (or left or right aligned) by its ink.

    Returns the ink box drawn, or None for an empty block.
    """
    if not block.lines:
        return None
    left, top, right, bottom = box
    _, block_height, block_top = block.extent()
    baseline = top + (bottom - top - block_height) // 2 - block_top
    drawn: list[Box] = []
    for index, line in enumerate(block.lines):
        ink_left, ink_top, ink_right, ink_bottom = _ink(line, block.font)
        spare = right - left - (ink_right - ink_left)
        offset = {"left": 0, "center": spare // 2, "right": spare}[align]
        x = left + offset - ink_left
        y = baseline + index * block.line_height
        draw.text((x, y), line, font=block.font, fill=fill, anchor="ls")
        drawn.append((x + ink_left, y + ink_top, x + ink_right, y + ink_bottom))
    return min(b[0] for b in drawn), min(b[1] for b in drawn), max(b[2] for b in drawn), max(b[3] for b in drawn)
