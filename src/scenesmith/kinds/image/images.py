"""Reading the image kind's input files: a picture (PNG, JPEG or WebP) and its mask (white means repaint).

Everything is checked before a pixel is decoded: the byte size, the format from the file's own header
(never its name) and the pixel size, so a huge or disguised file costs nothing. The messages say what
was wrong and what to give instead.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from scenesmith.kinds.image.errors import ImageError

FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "WEBP": "WebP"}
MAX_SIDE = 4096
MAX_BYTES = 25 * 1024 * 1024
MASK_THRESHOLD = 127  # a mask pixel lighter than this (after its alpha) is repainted


def open_image(data: bytes, what: str) -> Image.Image:
    """The decoded picture, upright (EXIF orientation applied), or ImageError saying why not."""
    if not data:
        raise ImageError(f"The {what} file is empty. Give a PNG, JPEG or WebP picture.")
    if len(data) > MAX_BYTES:
        raise ImageError(f"The {what} file is {len(data) / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB. Make it smaller.")
    try:
        picture = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise ImageError(f"The {what} has far too many pixels; the limit is {MAX_SIDE}x{MAX_SIDE}. Scale it down first.") from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise ImageError(f"The {what} file is not a picture scenesmith can read. Give a PNG, JPEG or WebP file.") from None
    if picture.format not in FORMATS:
        raise ImageError(f"The {what} file is a {picture.format or 'unknown'} picture; scenesmith takes PNG, JPEG or WebP. Convert it first.")
    width, height = picture.size
    if width > MAX_SIDE or height > MAX_SIDE:
        raise ImageError(f"The {what} is {width}x{height} pixels; the limit is {MAX_SIDE}x{MAX_SIDE}. Scale it down first.")
    try:
        picture.load()
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageError(f"The {what} file is damaged and cannot be decoded ({exc}). Save it again as PNG, JPEG or WebP.") from None
    return ImageOps.exif_transpose(picture)


def read_image(data: bytes) -> np.ndarray:
    """The picture as an RGB uint8 array (height x width x 3); transparency is dropped."""
    return np.asarray(open_image(data, "image").convert("RGB"))


def read_mask(data: bytes, size: tuple[int, int]) -> np.ndarray:
    """The mask as a bool array (True: repaint), checked against the image's (height, width)."""
    picture = open_image(data, "mask")
    if picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info:
        rgba = np.asarray(picture.convert("RGBA"), np.float32)
        light = (rgba[..., :3] @ np.float32([0.299, 0.587, 0.114])) * rgba[..., 3] / 255.0  # a transparent stroke is no stroke
    else:
        light = np.asarray(picture.convert("L"), np.float32)
    mask = light > MASK_THRESHOLD
    if mask.shape != size:
        raise ImageError(
            f"The mask is {mask.shape[1]}x{mask.shape[0]} pixels but the image is {size[1]}x{size[0]}. Paint the mask on a picture of the image's size."
        )
    if not mask.any():
        raise ImageError("The mask is empty: no pixel is white. Paint the region to repaint in white (the rest black).")
    return mask


def read_pair(image: bytes, mask: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The picture and its mask, both checked."""
    picture = read_image(image)
    return picture, read_mask(mask, picture.shape[:2])


def png_bytes(array: np.ndarray) -> bytes:
    """An RGB (or bool / grey) array as PNG bytes."""
    if array.dtype == bool:
        array = array.astype(np.uint8) * 255
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
