"""A 1280x720 thumbnail: a key frame of the video with the title set large over a dark band."""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFilter

from scenesmith.media.fonts import font
from scenesmith.media.text import TextBlock
from scenesmith.media.thumbnail import MARGIN, SIZE, draw_title, paint_artwork

BACKGROUND = (11, 13, 24)
ACCENT = (255, 196, 64)
BAND_TOP = 540  # the picture above, the title band below
STRIPE = 6  # the accent line along the band's top
TITLE_BOX = (MARGIN, BAND_TOP + STRIPE + 14, SIZE[0] - MARGIN, SIZE[1] - 14)
TITLE_SIZE = 60  # the largest title; longer titles wrap onto up to three lines and shrink to fit the band
TITLE_COLOUR = (255, 255, 255)


def make_thumbnail(frame: Image.Image, title: str, badge: str, summary: str = "") -> Image.Image:
    """The key frame fills the top three quarters; the title sits on a band below, nothing covers the picture."""
    canvas = Image.new("RGB", SIZE, BACKGROUND)
    picture = frame.convert("RGB")
    scale = min(SIZE[0] / picture.width, BAND_TOP / picture.height)
    picture = picture.resize((round(picture.width * scale), round(picture.height * scale)), Image.LANCZOS)
    left = (SIZE[0] - picture.width) // 2
    # soft glow of the picture itself fills the side margins
    glow = frame.convert("RGB").resize((SIZE[0], BAND_TOP)).filter(ImageFilter.GaussianBlur(24))
    canvas.paste(Image.blend(glow, Image.new("RGB", glow.size, BACKGROUND), 0.6), (0, 0))
    paint_artwork(canvas, (0, 0, *SIZE), title, summary, veil=BACKGROUND)  # only with SCENESMITH_T2I_MODEL: around the frame, under the title
    canvas.paste(picture, (left, 0))
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, BAND_TOP, SIZE[0], BAND_TOP + STRIPE), fill=ACCENT)
    draw_band_title(draw, title)
    badge_font = font(26, bold=True)
    width = draw.textlength(badge.upper(), font=badge_font)
    draw.rounded_rectangle((24, 20, 24 + width + 32, 66), radius=12, fill=ACCENT)
    draw.text((40, 28), badge.upper(), font=badge_font, fill=(20, 20, 30))
    return canvas


def draw_band_title(draw: ImageDraw.ImageDraw, title: str) -> TextBlock:
    """The title on the band under the picture: as large as fits, on up to three lines, inside the side margins."""
    block, _ = draw_title(draw, title, TITLE_BOX, TITLE_COLOUR, largest=TITLE_SIZE, max_lines=3)
    return block
