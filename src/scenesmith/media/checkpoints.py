"""Local diffusers checkpoints: named by an environment variable, checked, loaded offline once per process.

Shared by the image kind's inpainting backend and the thumbnails' generated artwork. A checkpoint
is a folder that `save_pretrained` (or a Hugging Face snapshot) wrote: `model_index.json` and one
folder per component. Nothing is ever downloaded: loading runs with `local_files_only` and the
hub's offline mode on. Only safetensors weights are read, since pickled `.bin` weights can run code
when loaded, and a component may only come from diffusers or transformers.

torch and diffusers are the optional `diffusion` extra; they are imported only when a checkpoint is
actually loaded. Every failure is a `DiffusionError` whose message says what was wrong and what to do.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

LIBRARIES = ("diffusers", "transformers")  # where a checkpoint's components may come from
OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1"}
DEFAULT_NATIVE = 512  # a pipeline's native side when it does not say (Stable Diffusion 1.x and 2.x inpainting)
MAX_SEED = 2**63 - 1
MAX_STEPS = 200


class DiffusionError(RuntimeError):
    """A configured checkpoint cannot be used, or a generation failed; the message says what to do."""


def configured_folder(variable: str) -> Path | None:
    """The folder the environment variable names, when it is set and that folder exists."""
    value = os.environ.get(variable, "").strip()
    if value and Path(value).expanduser().is_dir():
        return Path(value).expanduser().resolve()
    return None


def folder_from_env(variable: str, what: str) -> Path:
    """The checkpoint folder the variable names; a DiffusionError when it is unset or names no folder."""
    value = os.environ.get(variable, "").strip()
    if not value:
        raise DiffusionError(f"{variable} is not set: set it to the folder of a local diffusers {what} checkpoint (the folder holding model_index.json)")
    folder = Path(value).expanduser()
    if not folder.exists():
        raise DiffusionError(f"{variable}={value}: no such folder. Point it at a local diffusers {what} checkpoint, or unset it to go without one")
    if not folder.is_dir():
        raise DiffusionError(f"{variable}={value} is a file, not a folder. Point it at the folder holding model_index.json")
    return folder.resolve()


def check_checkpoint(folder: Path, pipelines: tuple[str, ...], unet_channels: tuple[int, ...], what: str) -> dict[str, Any]:
    """The checkpoint's model_index.json, after checking that it is a diffusers pipeline of an accepted class.

    `pipelines` are the accepted `_class_name`s; `unet_channels` the accepted UNet input widths
    (9 for an inpainting UNet: latents, mask and masked picture; 4 for text to image).
    """
    index_file = folder / "model_index.json"
    if not index_file.is_file():
        raise DiffusionError(f"{folder} is not a diffusers checkpoint: it has no model_index.json. Use the folder that `save_pretrained` wrote or a snapshot of a diffusers {what} model")
    try:
        index = json.loads(index_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DiffusionError(f"{index_file} cannot be read as JSON ({exc}); the checkpoint is damaged, copy it again") from None
    if not isinstance(index, dict) or index.get("_class_name") not in pipelines:
        found = index.get("_class_name") if isinstance(index, dict) else None
        raise DiffusionError(f"{folder} holds a {found or 'unknown'} checkpoint, which is no {what} checkpoint ({' or '.join(pipelines)}); point the variable at one")
    for name, entry in index.items():
        if isinstance(entry, list) and len(entry) == 2 and entry[0] is not None and entry[0] not in LIBRARIES:
            raise DiffusionError(f"{folder}: component {name!r} comes from {entry[0]!r}; only {' and '.join(LIBRARIES)} components are loaded")
    unet_config = folder / "unet" / "config.json"
    if unet_config.is_file():
        try:
            channels = json.loads(unet_config.read_text(encoding="utf-8")).get("in_channels")
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError) as exc:
            raise DiffusionError(f"{unet_config} cannot be read ({exc}); the checkpoint is damaged, copy it again") from None
        if channels not in unet_channels:
            raise DiffusionError(f"{folder}: its UNet takes {channels} input channels, but {what} needs one that takes {' or '.join(map(str, unet_channels))}; point the variable at a {what} checkpoint")
    return index


def fingerprint(folder: Path) -> str:
    """What identifies a checkpoint's contents for a cache key, cheaply: the path, size and change time of
    model_index.json and of every file in the component folders (a snapshot's links are followed to their files)."""
    digest = hashlib.sha256(str(folder).encode())
    for path in sorted([folder / "model_index.json", *folder.glob("*/*")]):
        try:
            stat = path.stat()
        except OSError:  # absent, or gone meanwhile
            continue
        if not path.is_dir():
            digest.update(f"{path.relative_to(folder)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


@contextmanager
def offline() -> Iterator[None]:
    """The hub's offline mode for the duration: the variables, and the hub's flag if the hub is already imported."""
    import sys

    saved = {name: os.environ.get(name) for name in OFFLINE}
    os.environ.update(OFFLINE)
    hub = sys.modules.get("huggingface_hub.constants")
    hub_flag = getattr(hub, "HF_HUB_OFFLINE", None)
    if hub is not None:
        hub.HF_HUB_OFFLINE = True
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        if hub is not None:
            hub.HF_HUB_OFFLINE = hub_flag


@dataclass
class Loaded:
    """A pipeline in memory, where it runs, its native picture side, and a lock: a pipeline runs one call at a time."""

    pipeline: Any
    device: str
    native: int
    lock: threading.Lock = field(default_factory=threading.Lock)


_LOADED: dict[tuple[str, str, str], Loaded] = {}  # (folder, pipeline class, fingerprint)
_LOADING = threading.Lock()


def load(folder: Path, pipeline_class: str, what: str) -> Loaded:
    """The diffusers pipeline `pipeline_class` (a name in diffusers) from `folder`, loaded once per process.

    On CUDA when it is available (in half precision), else on the CPU (in single precision).
    A checkpoint whose files changed on disk is loaded again, and the old one let go.
    """
    key = (str(folder), pipeline_class, fingerprint(folder))
    with _LOADING:
        if key in _LOADED:
            return _LOADED[key]
        for stale in [k for k in _LOADED if k[:2] == key[:2]]:
            del _LOADED[stale]
        with offline():
            try:
                import diffusers
                import torch
            except ImportError as exc:
                raise DiffusionError(f"the diffusion backend needs torch and diffusers ({exc}); install scenesmith[diffusion]") from None
            cuda = torch.cuda.is_available()
            try:
                with memory_errors(f"loading {folder}"):
                    half = {"torch_dtype": torch.float16} if cuda else {}  # the CPU default is single precision
                    pipeline = getattr(diffusers, pipeline_class).from_pretrained(folder, local_files_only=True, use_safetensors=True, **half)
                    pipeline = pipeline.to("cuda" if cuda else "cpu")
            except DiffusionError:
                raise
            except Exception as exc:  # diffusers and transformers raise many kinds; all mean the same here
                raise DiffusionError(
                    f"could not load the {what} pipeline in {folder}: {type(exc).__name__}: {str(exc).rstrip('. ')}. "
                    "It must be a complete diffusers checkpoint with .safetensors weights (pickled .bin weights are refused)"
                ) from None
        pipeline.set_progress_bar_config(disable=True)
        loaded = Loaded(pipeline, "cuda" if cuda else "cpu", native_side(pipeline))
        _LOADED[key] = loaded
        return loaded


@dataclass(frozen=True)
class Checkpoint:
    """One use of a checkpoint: the variable naming its folder, the diffusers class loading it, and what it must be."""

    env: str  # the environment variable that names the folder
    pipeline: str  # the diffusers class that loads it
    accepted: tuple[str, ...]  # the model_index.json `_class_name`s accepted
    unet_channels: tuple[int, ...]  # the UNet input widths accepted
    what: str  # in messages: "inpainting", "text-to-image"

    def configured(self) -> bool:
        """Whether the variable names an existing folder."""
        return configured_folder(self.env) is not None

    def requested(self) -> bool:
        """Whether the variable is set at all (to a folder or not)."""
        return bool(os.environ.get(self.env, "").strip())

    def identity(self) -> str | None:
        """What a cache key needs to know: None when the variable is unset, else the folder's fingerprint (or that it is missing) and this module's code."""
        from scenesmith.engine.stages import code_version

        if not self.requested():
            return None
        folder = configured_folder(self.env)
        model = fingerprint(folder) if folder else f"missing {os.environ[self.env].strip()}"
        return f"{self.pipeline}:{model}:{code_version(__name__)}"

    def load(self) -> Loaded:
        """The checked checkpoint the variable names, loaded (once per process); DiffusionError saying what to do otherwise."""
        folder = folder_from_env(self.env, self.what)
        check_checkpoint(folder, self.accepted, self.unet_channels, self.what)
        return load(folder, self.pipeline, self.what)


def generate(model: Loaded, what: str, seed: int, size: tuple[int, int], **arguments: Any) -> np.ndarray:
    """One picture (HxWx3 uint8) of `size` (width, height) from the loaded pipeline, seeded, one call at a time per pipeline."""
    width, height = size
    with model.lock, memory_errors(f"making a {width}x{height} {what} picture"):
        result = model.pipeline(**arguments, width=width, height=height, generator=generator(seed), output_type="np")
    return to_uint8(result, what)


def native_side(pipeline: Any) -> int:
    """The side of the square picture the pipeline was trained at: the UNet's sample size times the autoencoder's factor."""
    unet = getattr(pipeline, "unet", None)
    sample = getattr(getattr(unet, "config", None), "sample_size", None)
    factor = getattr(pipeline, "vae_scale_factor", None)
    if isinstance(sample, int) and isinstance(factor, int):
        return sample * factor
    return DEFAULT_NATIVE


def working_size(width: int, height: int, native: int) -> tuple[int, int]:
    """(width, height) of the same shape with about the native picture's area, each a multiple of 8 (at least 8)."""
    scale = math.sqrt(native * native / (width * height))
    return max(8, round(width * scale / 8) * 8), max(8, round(height * scale / 8) * 8)


def check_run_options(steps: int, seed: int, strength: float = 1.0) -> None:
    """ValueError unless the steps, seed and strength make a run that does at least one denoising step."""
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= MAX_STEPS:
        raise ValueError(f"steps must be a whole number from 1 to {MAX_STEPS}, got {steps!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed must be a whole number from 0 to {MAX_SEED}, got {seed!r}")
    if not 0.0 < strength <= 1.0:
        raise ValueError(f"strength must be above 0 and at most 1, got {strength!r}")
    if int(steps * strength) < 1:
        raise ValueError(f"{steps} steps at strength {strength} leave no denoising step; use more steps or a higher strength")


def generator(seed: int):
    """A CPU random generator seeded with `seed`: the same noise on every device, so a seed means one picture."""
    import torch

    return torch.Generator(device="cpu").manual_seed(seed)


@contextmanager
def memory_errors(what: str) -> Iterator[None]:
    """Out-of-memory failures (GPU or CPU) while doing `what` become a DiffusionError that says what to try."""
    import torch

    try:
        yield
    except (torch.OutOfMemoryError, MemoryError) as exc:
        _free_cuda(torch)
        raise DiffusionError(f"out of memory while {what} ({exc}); use a smaller picture, a smaller checkpoint or a machine with more memory") from None
    except RuntimeError as exc:
        if "out of memory" not in str(exc).lower() and "can't allocate memory" not in str(exc).lower():
            raise
        _free_cuda(torch)
        raise DiffusionError(f"out of memory while {what} ({exc}); use a smaller picture, a smaller checkpoint or a machine with more memory") from None


def _free_cuda(torch) -> None:
    if torch.cuda.is_available():
        torch.cuda.empty_cache()


def to_uint8(result: Any, what: str) -> np.ndarray:
    """The first picture of a pipeline's output (output_type "np", values 0..1) as HxWx3 uint8; refuses blanked or broken ones."""
    if any(getattr(result, "nsfw_content_detected", None) or []):
        raise DiffusionError(f"the checkpoint's safety checker blanked the {what}; try another prompt or seed")
    picture = np.asarray(result.images[0], dtype=np.float32)
    if not np.isfinite(picture).all():
        raise DiffusionError(f"the {what} came out as invalid numbers (NaN); the checkpoint may not work in half precision, try another checkpoint")
    return (np.clip(picture, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)
