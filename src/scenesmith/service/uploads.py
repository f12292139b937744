"""Checking an uploaded image before it is stored: PNG, JPEG or WebP, at most 25 MB and 4096 x 4096 pixels."""

from __future__ import annotations

import io

from fastapi import HTTPException, UploadFile
from fastapi.exceptions import RequestValidationError
from PIL import Image, UnidentifiedImageError

from scenesmith.engine.runs import MAX_INPUT_BYTES

MAX_SIDE = 4096
FORMATS = {"PNG": (".png", "image/png"), "JPEG": (".jpg", "image/jpeg"), "WEBP": (".webp", "image/webp")}


def field_error(field: str, message: str, where: str = "body") -> RequestValidationError:
    """A 422 answer in FastAPI's own shape, naming the field."""
    return RequestValidationError([{"type": "value_error", "loc": (where, field), "msg": message, "input": None}])


async def read_upload(upload: UploadFile, field: str) -> bytes:
    data = await upload.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise HTTPException(413, f"The {field} file is over {MAX_INPUT_BYTES // (1024 * 1024)} MB. Make it smaller.")
    if not data:
        raise field_error(field, f"The {field} file is empty.")
    return data


def check_image(data: bytes, field: str) -> tuple[str, str]:
    """(suffix, content type) of an acceptable image; 413 when it is too large, 422 when it is no PNG, JPEG or WebP image."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            if kind not in FORMATS:
                raise field_error(field, f"The {field} file is {kind or 'an unknown'} image; give a PNG, JPEG or WebP image.")
            if width > MAX_SIDE or height > MAX_SIDE:
                raise HTTPException(413, f"The {field} image is {width} x {height} pixels; the limit is {MAX_SIDE} x {MAX_SIDE}. Make it smaller.")
            image.load()  # a truncated or corrupt file fails here, not later in a job
    except Image.DecompressionBombError:
        raise HTTPException(413, f"The {field} image has too many pixels; the limit is {MAX_SIDE} x {MAX_SIDE}.") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise field_error(field, f"The {field} file is not a readable image ({type(exc).__name__}); give a PNG, JPEG or WebP image.") from None
    return FORMATS[kind]
