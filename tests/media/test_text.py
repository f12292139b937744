"""Fitting text in a box: balanced lines, long words broken, the largest size that fits, and a marked cut."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from scenesmith.media.fonts import font
from scenesmith.media.text import ELLIPSIS, draw_text, fit_text, wrap


def _draw(block, box, size=(800, 400)):
    canvas = Image.new("L", size, 0)
    drawn = draw_text(ImageDraw.Draw(canvas), block, box, 255)
    return canvas.getbbox(), drawn


def test_a_short_text_is_one_line_at_the_largest_size():
    block = fit_text("Hello", 600, 100, largest=48, smallest=12, max_lines=2, bold=True)
    assert block.lines == ("Hello",) and block.size == 48 and block.complete


def test_lines_are_balanced_not_greedy():
    """Two lines of similar width, not a full line and a stray word."""
    block = fit_text("one two three four five six seven eight nine ten eleven", 600, 200, largest=40, smallest=40, max_lines=3)
    widths = [font(40).getlength(line) for line in block.lines]
    assert len(widths) >= 2 and max(widths) - min(widths) < 0.35 * max(widths)
    assert " ".join(block.lines) == "one two three four five six seven eight nine ten eleven"


def test_a_word_wider_than_the_box_is_broken_between_characters():
    face = font(30)
    lines = wrap(["x" * 200], face, 300)
    assert "".join(lines) == "x" * 200 and len(lines) > 1
    assert all(ImageDraw.Draw(Image.new("L", (1, 1))).textbbox((0, 0), line, font=face)[2] <= 300 + 2 for line in lines)


def test_text_too_long_for_the_box_is_cut_with_an_ellipsis_and_says_so():
    text = "word " * 400
    block = fit_text(text, 300, 60, largest=30, smallest=20, max_lines=2)
    assert not block.complete and block.lines[-1].endswith(ELLIPSIS) and len(block.lines) <= 2
    ink, drawn = _draw(block, (10, 10, 310, 70))
    assert 10 <= ink[0] and ink[2] <= 310 and 10 <= ink[1] and ink[3] <= 70


@pytest.mark.parametrize("align", ["left", "center", "right"])
def test_drawn_ink_is_inside_the_box_and_where_it_is_said_to_be(align):
    block = fit_text("Jumping jacks, quickly (gy)", 400, 120, largest=60, smallest=12, max_lines=2, bold=True)
    box = (100, 50, 500, 170)
    canvas = Image.new("L", (800, 400), 0)
    drawn = draw_text(ImageDraw.Draw(canvas), block, box, 255, align)
    ink = canvas.getbbox()
    assert box[0] <= ink[0] and ink[2] <= box[2] and box[1] <= ink[1] and ink[3] <= box[3]
    # the returned box is Pillow's glyph box: it holds the ink, a few pixels of side bearing at most around it
    assert drawn[0] <= ink[0] and drawn[1] <= ink[1] and ink[2] <= drawn[2] and ink[3] <= drawn[3]
    assert all(abs(a - b) <= 6 for a, b in zip(ink, drawn, strict=True))
    if align == "left":
        assert ink[0] - box[0] <= 6
    elif align == "right":
        assert box[2] - ink[2] <= 6
    else:
        assert abs((ink[0] - box[0]) - (box[2] - ink[2])) <= 6


def test_empty_text_draws_nothing_and_bad_boxes_are_refused():
    block = fit_text("   ", 100, 100, largest=20, smallest=10, max_lines=1)
    assert block.lines == () and _draw(block, (0, 0, 100, 100)) == (None, None)
    with pytest.raises(ValueError):
        fit_text("x", 0, 100, largest=20, smallest=10, max_lines=1)
    with pytest.raises(ValueError):
        fit_text("x", 100, 100, largest=10, smallest=20, max_lines=1)
