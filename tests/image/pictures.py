"""Test pictures for the image kind, drawn here (not with the kind's own textures): a small map and masks."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from PIL import Image

HEIGHT, WIDTH = 120, 160
GRASS, ROAD, CAR = (96, 140, 60), (90, 90, 95), (210, 30, 30)
CAR_BOX = (100, 52, 116, 62)  # x0, y0, x1, y1 (inclusive) of the red car on the road


def map_picture(seed: int = 0) -> np.ndarray:
    """A grassy map with a grey road and a red car on it (RGB uint8), with a little noise."""
    rng = np.random.default_rng(seed)
    image = np.empty((HEIGHT, WIDTH, 3), np.float32)
    image[:] = GRASS
    image += rng.normal(0, 4, image.shape)
    cv2.rectangle(image, (0, 50), (WIDTH - 1, 64), ROAD, -1)
    cv2.rectangle(image, CAR_BOX[:2], CAR_BOX[2:], CAR, -1)
    return np.clip(image, 0, 255).astype(np.uint8)


def lake_mask() -> np.ndarray:
    mask = np.zeros((HEIGHT, WIDTH), np.uint8)
    cv2.ellipse(mask, (55, 25), (35, 18), 0, 0, 360, 255, -1)
    return mask > 0


def car_mask() -> np.ndarray:
    mask = np.zeros((HEIGHT, WIDTH), bool)
    x0, y0, x1, y1 = CAR_BOX
    mask[y0 - 2 : y1 + 3, x0 - 2 : x1 + 3] = True
    return mask


def save(path: Path, array: np.ndarray, format: str = "PNG") -> Path:
    if array.dtype == bool:
        array = array.astype(np.uint8) * 255
    Image.fromarray(array).save(path, format=format)
    return path


def load(path: str | Path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB"))
