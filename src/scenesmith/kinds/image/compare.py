"""Before | after: the original (the repainted region outlined) beside the edited picture, labelled."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

MAX_WIDTH = 2048  # a wider comparison is scaled down
GAP = 8
OUTLINE = (255, 64, 160)


def side_by_side(before: np.ndarray, after: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """One RGB picture: `before` with the mask's outline, a gap, `after`; each labelled in its corner."""
    height, width = mask.shape
    outlined = before.copy()
    contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    cv2.drawContours(outlined, contours, -1, OUTLINE, max(1, round(min(height, width) / 300)), lineType=cv2.LINE_AA)
    canvas = np.full((height, width * 2 + GAP, 3), 255, np.uint8)
    canvas[:, :width], canvas[:, width + GAP :] = outlined, after
    picture = Image.fromarray(canvas)
    if picture.width > MAX_WIDTH:
        picture = picture.resize((MAX_WIDTH, max(1, round(picture.height * MAX_WIDTH / picture.width))), Image.LANCZOS)
    draw = ImageDraw.Draw(picture)
    font = ImageFont.load_default(size=max(10, picture.height // 24))
    half = (picture.width + GAP) // 2
    for label, left in (("before", 0), ("after", half)):
        box = draw.textbbox((left + 6, 4), label, font=font)
        draw.rectangle((box[0] - 4, box[1] - 2, box[2] + 4, box[3] + 2), fill=(0, 0, 0))
        draw.text((left + 6, 4), label, font=font, fill=(255, 255, 255))
    return np.asarray(picture)
