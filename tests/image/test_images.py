"""Reading the input files: formats, limits, sizes and masks, with messages that say what to do."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from scenesmith.kinds.image.errors import ImageError
from scenesmith.kinds.image.images import MAX_SIDE, png_bytes, read_image, read_mask, read_pair


def encoded(array: np.ndarray, format: str = "PNG", **options) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format=format, **options)
    return buffer.getvalue()


RGB = np.full((20, 30, 3), 100, np.uint8)


@pytest.mark.parametrize("format", ["PNG", "JPEG", "WEBP"])
def test_the_three_formats_are_read(format):
    assert read_image(encoded(RGB, format)).shape == (20, 30, 3)


def test_other_formats_and_non_images_are_refused():
    with pytest.raises(ImageError, match="GIF picture; scenesmith takes PNG, JPEG or WebP"):
        read_image(encoded(RGB, "GIF"))
    with pytest.raises(ImageError, match="not a picture"):
        read_image(b"%PDF-1.4 this is no image")
    with pytest.raises(ImageError, match="empty"):
        read_image(b"")


def test_a_damaged_file_is_refused():
    data = encoded(np.random.default_rng(0).integers(0, 255, (64, 64, 3)).astype(np.uint8))
    with pytest.raises(ImageError, match="damaged|not a picture"):
        read_image(data[: len(data) // 2])


def test_a_huge_image_is_refused_before_decoding():
    tall = encoded(np.zeros((MAX_SIDE + 1, 4), np.uint8))
    with pytest.raises(ImageError, match=f"{MAX_SIDE}x{MAX_SIDE}"):
        read_image(tall)


def test_mask_reading():
    mask = np.zeros((20, 30), np.uint8)
    mask[5:10, 5:10] = 255
    read = read_mask(encoded(mask), (20, 30))
    assert read.dtype == bool and read.sum() == 25
    with pytest.raises(ImageError, match="mask is 30x20 pixels but the image is 40x20"):
        read_mask(encoded(mask), (20, 40))
    with pytest.raises(ImageError, match="mask is empty"):
        read_mask(encoded(np.zeros((20, 30), np.uint8)), (20, 30))


def test_a_transparent_mask_counts_only_its_opaque_white_strokes():
    rgba = np.zeros((20, 30, 4), np.uint8)
    rgba[..., :3] = 255  # white everywhere, but transparent
    rgba[2:4, 2:6, 3] = 255  # one opaque stroke
    assert read_mask(encoded(rgba), (20, 30)).sum() == 8


def test_pair_and_png_round_trip():
    mask = np.zeros((20, 30), bool)
    mask[0, 0] = True
    image, read = read_pair(png_bytes(RGB), png_bytes(mask))
    assert np.array_equal(image, RGB) and np.array_equal(read, mask)
