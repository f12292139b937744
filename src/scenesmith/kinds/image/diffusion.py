"""The image kind's diffusion backend: Stable Diffusion inpainting from a local checkpoint (SCENESMITH_INPAINT_MODEL).

Used only when the variable names a folder holding a diffusers inpainting checkpoint
(`StableDiffusionInpaintPipeline`, whose UNet takes 9 channels); nothing is downloaded. The model
works on a window around the mask, with enough context around it, scaled to about the model's
native picture size (sides a multiple of 8), and the result is scaled back. Only masked pixels
change: everything outside the mask is the original, byte for byte. A seed means one picture.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from scenesmith.media.checkpoints import Checkpoint, DiffusionError, check_run_options, generate, working_size

__all__ = ["ENV", "DiffusionError", "configured", "identity", "inpaint"]

ENV = "SCENESMITH_INPAINT_MODEL"
INPAINTING = Checkpoint(ENV, "StableDiffusionInpaintPipeline", ("StableDiffusionInpaintPipeline",), (9,), "inpainting")
CONTEXT = 0.5  # the window reaches this share of the mask's larger side beyond it on every side


def configured() -> bool:
    """Whether SCENESMITH_INPAINT_MODEL names an existing folder."""
    return INPAINTING.configured()


def identity() -> str | None:
    """What a cache key needs to know about the configured checkpoint (None when the variable is unset)."""
    return INPAINTING.identity()


def _span(low: int, high: int, want: int, limit: int) -> tuple[int, int]:
    """[low, high) grown evenly to `want` long (at most `limit`), shifted to stay inside [0, limit)."""
    want = min(limit, max(want, high - low))
    start = max(0, min(low - (want - (high - low)) // 2, limit - want))
    return start, start + want


def context_window(mask: np.ndarray, native: int) -> tuple[int, int, int, int]:
    """(left, top, right, bottom): the mask's box with context around it, at least the model's native side where the picture allows."""
    rows, cols = np.nonzero(mask)
    top, bottom, left, right = int(rows.min()), int(rows.max()) + 1, int(cols.min()), int(cols.max()) + 1
    reach = round(CONTEXT * max(bottom - top, right - left))
    height, width = mask.shape
    left, right = _span(left, right, max(right - left + 2 * reach, native), width)
    top, bottom = _span(top, bottom, max(bottom - top + 2 * reach, native), height)
    return left, top, right, bottom


def _check_inputs(image: np.ndarray, mask: np.ndarray, prompt: str) -> None:
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8 or image.ndim != 3 or image.shape[2] != 3:
        raise ValueError(f"the image must be an HxWx3 uint8 RGB array, got {getattr(image, 'dtype', type(image))} {getattr(image, 'shape', '')}")
    if not isinstance(mask, np.ndarray) or mask.dtype != np.bool_ or mask.shape != image.shape[:2]:
        raise ValueError(f"the mask must be an HxW bool array of the image's size {image.shape[:2]}, got {getattr(mask, 'dtype', type(mask))} {getattr(mask, 'shape', '')}")
    if not mask.any():
        raise ValueError("the mask is empty: mark the region to repaint")
    if not isinstance(prompt, str):
        raise ValueError("the prompt must be text")


def inpaint(
    image: np.ndarray,
    mask: np.ndarray,
    prompt: str,
    *,
    strength: float,
    steps: int,
    seed: int,
    negative_prompt: str | None = None,
) -> np.ndarray:
    """`image` (HxWx3 uint8 RGB) with the `mask` (HxW bool, True = repaint) region painted by the checkpoint after `prompt`.

    ValueError for bad arguments; DiffusionError when the checkpoint is missing, is not an
    inpainting checkpoint, cannot be loaded, or runs out of memory.
    """
    _check_inputs(image, mask, prompt)
    check_run_options(steps, seed, strength)
    model = INPAINTING.load()
    left, top, right, bottom = context_window(mask, model.native)
    window, window_mask = image[top:bottom, left:right], mask[top:bottom, left:right]
    size = working_size(right - left, bottom - top, model.native)
    picture = Image.fromarray(window).resize(size, Image.LANCZOS)
    # any pixel the mask touches after scaling is repainted, so the scaled-back result covers the whole mask
    repaint = Image.fromarray(window_mask.astype(np.uint8) * 255).resize(size, Image.BILINEAR).point(lambda v: 255 if v else 0)
    arguments = {"prompt": prompt, "negative_prompt": negative_prompt, "image": picture, "mask_image": repaint, "strength": strength, "num_inference_steps": steps}
    painted = generate(model, INPAINTING.what, seed, size, **arguments)
    painted = np.asarray(Image.fromarray(painted).resize((right - left, bottom - top), Image.LANCZOS))
    out = image.copy()
    out[top:bottom, left:right][window_mask] = painted[window_mask]
    return out
