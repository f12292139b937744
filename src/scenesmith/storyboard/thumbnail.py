"""A 1280x720 thumbnail: a key frame of the video with the title set large over a dark band."""

from __future__ import annotations

import textwrap

from PIL import Image, ImageDraw, ImageFilter

from scenesmith.storyboard.video import font

SIZE = (1280, 720)


def make_thumbnail(frame: Image.Image, title: str, badge: str) -> Image.Image:
    """The key frame fills the top three quarters; the title sits on a band below, nothing covers the picture."""
    canvas = Image.new("RGB", SIZE, (11, 13, 24))
    band_top = 540
    picture = frame.convert("RGB")
    scale = min(SIZE[0] / picture.width, band_top / picture.height)
    picture = picture.resize((round(picture.width * scale), round(picture.height * scale)), Image.LANCZOS)
    left = (SIZE[0] - picture.width) // 2
    # soft glow of the picture itself fills the side margins
    glow = frame.convert("RGB").resize((SIZE[0], band_top)).filter(ImageFilter.GaussianBlur(24))
    canvas.paste(Image.blend(glow, Image.new("RGB", glow.size, (11, 13, 24)), 0.6), (0, 0))
    canvas.paste(picture, (left, 0))
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, band_top, SIZE[0], band_top + 6), fill=(255, 196, 64))
    lines = textwrap.wrap(title, width=40)[:2]
    size = 60 if len(lines) == 1 else 50
    title_font = font(size)
    y = band_top + (SIZE[1] - band_top - len(lines) * int(size * 1.2)) // 2 + 4
    for line in lines:
        draw.text((SIZE[0] // 2, y), line, font=title_font, fill=(255, 255, 255), anchor="ma")
        y += int(size * 1.2)
    badge_font = font(26)
    width = draw.textlength(badge.upper(), font=badge_font)
    draw.rounded_rectangle((24, 20, 24 + width + 32, 66), radius=12, fill=(255, 196, 64))
    draw.text((40, 28), badge.upper(), font=badge_font, fill=(20, 20, 30))
    return canvas
