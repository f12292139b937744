"""Generated artwork for thumbnails, from a local text-to-image checkpoint (SCENESMITH_T2I_MODEL).

Used only when the variable names a folder holding a diffusers text-to-image checkpoint (Stable
Diffusion or SDXL, loaded with `AutoPipelineForText2Image`); nothing is downloaded. The picture is
generated at about the model's native size in the requested shape (kept between 1:2 and 2:1, the
shapes these models draw well) and cropped to fill the requested size. The seed comes from the
title and summary, so the same plan always gets the same artwork.
"""

from __future__ import annotations

import hashlib
import os

from PIL import Image, ImageOps

from scenesmith.media.checkpoints import MAX_STEPS, Checkpoint, DiffusionError, check_run_options, generate, working_size

__all__ = ["ENV", "DiffusionError", "artwork", "configured", "requested", "seed_for", "stage_inputs"]

ENV = "SCENESMITH_T2I_MODEL"
TEXT_TO_IMAGE = Checkpoint(ENV, "AutoPipelineForText2Image", ("StableDiffusionPipeline", "StableDiffusionXLPipeline"), (4,), "text-to-image")
STYLE = "digital illustration, rich colours, soft light, clean composition"
NEGATIVE = "text, letters, words, caption, watermark, signature, logo, blurry, low quality"
STEPS_ENV = "SCENESMITH_T2I_STEPS"  # denoising steps for thumbnails: fewer for distilled checkpoints (SDXL-Turbo: 1 to 4)
STEPS = 30
WIDEST = 2.0  # the most elongated shape generated; a longer box gets a crop of this shape
PROMPT_CHARACTERS = 200  # of title and summary: CLIP reads 77 tokens (about 4 characters each), and the style must fit too


def configured() -> bool:
    """Whether SCENESMITH_T2I_MODEL names an existing folder."""
    return TEXT_TO_IMAGE.configured()


def requested() -> bool:
    """Whether SCENESMITH_T2I_MODEL is set at all: then thumbnails get artwork, or fail saying why they cannot."""
    return TEXT_TO_IMAGE.requested()


def stage_inputs() -> dict[str, str]:
    """What a thumbnail stage's cache key must add: nothing without a checkpoint, else its identity, the steps and this code's version."""
    from scenesmith.engine.stages import code_version

    model = TEXT_TO_IMAGE.identity()
    if model is None:
        return {}
    return {"artwork": f"{model}:{thumbnail_steps()}:{code_version(__name__)}"}


def thumbnail_steps() -> int:
    """The denoising steps thumbnails use: SCENESMITH_T2I_STEPS, else STEPS."""
    value = os.environ.get(STEPS_ENV, "").strip()
    if not value:
        return STEPS
    try:
        steps = int(value)
    except ValueError:
        raise DiffusionError(f"{STEPS_ENV}={value} is not a whole number of steps; set it to 1..{MAX_STEPS} or unset it for {STEPS}") from None
    if not 1 <= steps <= MAX_STEPS:
        raise DiffusionError(f"{STEPS_ENV}={value} is out of range; set it to 1..{MAX_STEPS} or unset it for {STEPS}")
    return steps


def seed_for(title: str, summary: str) -> int:
    """A seed that follows the text: the same title and summary always give the same artwork."""
    return int.from_bytes(hashlib.sha256(f"{title}\n{summary}".encode()).digest()[:4], "big")


def prompt_for(title: str, summary: str) -> str:
    """The title and the start of the summary (cut at a word), then the style."""
    text = ". ".join(part.strip().rstrip(".") for part in (title, summary) if part and part.strip())
    if len(text) > PROMPT_CHARACTERS:
        text = text[:PROMPT_CHARACTERS].rsplit(" ", 1)[0]
    return f"{text}. {STYLE}" if text else STYLE


def _generated_shape(width: int, height: int) -> tuple[int, int]:
    """The requested shape, made no longer than WIDEST:1 either way."""
    ratio = min(WIDEST, max(1 / WIDEST, width / height))
    return (round(1000 * ratio), 1000) if ratio >= 1 else (1000, round(1000 / ratio))


def artwork(title: str, summary: str, size: tuple[int, int], seed: int, *, steps: int | None = None) -> Image.Image | None:
    """An RGB picture of exactly `size` illustrating the title and summary; None when SCENESMITH_T2I_MODEL is unset.

    `steps` defaults to SCENESMITH_T2I_STEPS, else STEPS.

    DiffusionError when the folder it names is missing, is not a text-to-image checkpoint,
    cannot be loaded, or runs out of memory.
    """
    if not requested():
        return None
    width, height = size
    if width < 1 or height < 1:
        raise ValueError(f"artwork needs a size of at least 1x1, got {size}")
    steps = thumbnail_steps() if steps is None else steps
    check_run_options(steps, seed)
    model = TEXT_TO_IMAGE.load()
    work = working_size(*_generated_shape(width, height), model.native)
    picture = generate(model, TEXT_TO_IMAGE.what, seed, work, prompt=prompt_for(title, summary), negative_prompt=NEGATIVE, num_inference_steps=steps)
    return ImageOps.fit(Image.fromarray(picture), size, Image.LANCZOS)
