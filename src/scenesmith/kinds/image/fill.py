"""Repainting a masked region: a library texture blended in, or the region filled from its surroundings.

- `texture_fill`: the texture is made to the mask's bounding box and put in with Poisson blending
  (`cv2.seamlessClone`), so its edge takes on the light and colour of what is around it. Poisson
  blending drifts the whole region toward the surrounding colours (a lake in a meadow turns
  green-blue), so it is kept to a band along the edge: deeper inside, the texture's own colours are kept.
- `removal_fill`: classical inpainting in two layers. The coarse layer is OpenCV's Navier-Stokes fill
  (`cv2.inpaint`), blurred: smooth, with the right colours. The fine layer (the picture minus its coarse
  layer) is rebuilt by frequency-selective reconstruction (`cv2.xphoto.inpaint`, FSR_FAST), which carries
  texture and edges into the hole. FSR on the picture itself beats Telea on PSNR but pulls long regions
  toward black (a dark streak where a mast stood against the sky); on the fine layer, which is about 0
  on average, that pull only softens the detail. bench/inpaint_bench.py measures it against Telea.
Pixels outside the mask are never changed.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from scenesmith.kinds.image import textures

MIN_PATCH = 16  # a texture is drawn at least this large (a one-pixel mask still gets a texture's colours)
PAD = 16  # seamlessClone misbehaves when the mask touches the image border: work on a padded copy
DETAIL_SIGMA = 6.0  # pixels: the smooth fill gives what is coarser than this, FSR the finer detail
FSR_MAX_PIXELS = 120_000  # FSR takes about 3 s per 100 000 masked pixels of a photograph (more on noise); a larger region gets the smooth fill alone


@dataclass(frozen=True)
class Style:
    """How a texture is drawn: `detail` 1 keeps all of it, 0 gives its mean colour; `soften` blurs it (pixels per unit)."""

    name: str
    prompt: str  # what the style adds to a diffusion model's prompt
    detail: float
    soften: float = 0.0


STYLES = {
    "satellite": Style("satellite", "satellite map, top-down, photorealistic", 1.0),
    "painted": Style("painted", "hand-painted map, top-down, soft watercolour", 0.55, 0.6),
    "flat": Style("flat", "flat-coloured map, top-down, clean shapes", 0.0),
}


def _bounds(mask: np.ndarray) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero(mask)
    return int(ys.min()), int(ys.max()) + 1, int(xs.min()), int(xs.max()) + 1


def poisson_blend(source: np.ndarray, target: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """`source` inside `mask` put into `target` by Poisson blending (cv2.seamlessClone, NORMAL_CLONE)."""
    pad = ((PAD, PAD), (PAD, PAD), (0, 0))
    src = np.pad(source, pad, mode="reflect")
    dst = np.pad(target, pad, mode="reflect")
    region = cv2.dilate(np.pad(mask, PAD).astype(np.uint8) * 255, np.ones((3, 3), np.uint8))  # at least 3x3: one pixel is too small for it
    top, bottom, left, right = _bounds(region > 0)
    centre = (left + (right - left) // 2, top + (bottom - top) // 2)
    blended = cv2.seamlessClone(np.ascontiguousarray(src[..., ::-1]), np.ascontiguousarray(dst[..., ::-1]), region, centre, cv2.NORMAL_CLONE)
    return blended[PAD:-PAD, PAD:-PAD, ::-1]


def edge_weight(mask: np.ndarray, band: float) -> np.ndarray:
    """0 on the mask's edge rising to 1 at `band` pixels inside it (float32), 0 outside."""
    inside = cv2.distanceTransform(np.pad(mask, 1).astype(np.uint8), cv2.DIST_L2, 5)[1:-1, 1:-1]
    return np.clip(inside / max(band, 1.0), 0, 1).astype(np.float32)


def styled_texture(name: str, height: int, width: int, seed: int, unit: float, style: Style) -> np.ndarray:
    """The library texture drawn in a style (float32 RGB)."""
    texture = textures.make(name, height, width, seed, unit).astype(np.float32)
    if style.soften:
        texture = cv2.GaussianBlur(texture, (0, 0), style.soften * unit)
    mean = texture.reshape(-1, 3).mean(axis=0)
    return mean + style.detail * (texture - mean)


def texture_fill(image: np.ndarray, mask: np.ndarray, name: str, *, seed: int = 0, strength: float = 1.0, style: Style = STYLES["satellite"]) -> np.ndarray:
    """The image with the texture `name` in the masked region; `strength` 1 replaces it, less keeps some of it."""
    height, width = mask.shape
    top, bottom, left, right = _bounds(mask)
    unit = textures.unit_for(height, width)
    patch = styled_texture(name, max(bottom - top, MIN_PATCH), max(right - left, MIN_PATCH), seed, unit, style)[: bottom - top, : right - left]
    painted = image.astype(np.float32)
    region = painted[top:bottom, left:right]
    region[:] = strength * patch + (1 - strength) * region
    painted = np.clip(painted, 0, 255).astype(np.uint8)
    blended = poisson_blend(painted, image, mask)
    weight = edge_weight(mask, band=max(1.5 * unit, 4.0))[..., None]  # Poisson on the edge, the texture's own colours inside
    inside = weight * painted + (1 - weight) * blended
    return np.where(mask[..., None], np.clip(inside + 0.5, 0, 255).astype(np.uint8), image)


def _fsr(image: np.ndarray, mask: np.ndarray) -> np.ndarray:
    lab = cv2.cvtColor(image, cv2.COLOR_RGB2Lab)
    out = np.zeros_like(lab)
    cv2.xphoto.inpaint(lab, np.where(mask, 0, 255).astype(np.uint8), out, cv2.xphoto.INPAINT_FSR_FAST)
    return cv2.cvtColor(out, cv2.COLOR_Lab2RGB)


def removal_method(mask: np.ndarray) -> str:
    """How `removal_fill` fills this mask, in words for the result."""
    if int(mask.sum()) <= FSR_MAX_PIXELS:
        return "OpenCV Navier-Stokes inpainting for the colours, frequency-selective reconstruction (cv2.xphoto FSR) for the detail"
    return f"OpenCV Navier-Stokes inpainting (the region is over {FSR_MAX_PIXELS:,} pixels, too large for frequency-selective reconstruction)"


def removal_fill(image: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The masked region rebuilt from its surroundings: the smooth Navier-Stokes fill, with FSR's detail on top."""
    if mask.all():
        raise ValueError("the mask covers the whole image: nothing is left to fill it from")
    smooth = classical_fill(image, mask, "ns").astype(np.float32)
    low = cv2.GaussianBlur(smooth, (0, 0), DETAIL_SIGMA)
    if int(mask.sum()) <= FSR_MAX_PIXELS:
        detail = image.astype(np.float32) - low  # about 0 on average, so FSR's pull toward 0 only softens it
        shifted = np.clip(detail + 128, 0, 255).astype(np.uint8)
        rebuilt = np.zeros_like(shifted)
        cv2.xphoto.inpaint(shifted, np.where(mask, 0, 255).astype(np.uint8), rebuilt, cv2.xphoto.INPAINT_FSR_FAST)
        filled = low + rebuilt.astype(np.float32) - 128
    else:
        filled = smooth
    return np.where(mask[..., None], np.clip(filled + 0.5, 0, 255).astype(np.uint8), image)


def classical_fill(image: np.ndarray, mask: np.ndarray, method: str = "telea") -> np.ndarray:
    """Plain OpenCV inpainting (Telea or Navier-Stokes), the baseline the bench compares against."""
    flag = {"telea": cv2.INPAINT_TELEA, "ns": cv2.INPAINT_NS}[method]
    return cv2.inpaint(image, mask.astype(np.uint8) * 255, 5, flag)
