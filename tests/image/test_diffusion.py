"""The diffusion inpainting backend with a tiny, randomly initialised Stable Diffusion inpainting checkpoint.

The checkpoint is built from configs and saved as safetensors by the test (tests/tiny_diffusion.py),
then loaded the way a real one is: from the folder SCENESMITH_INPAINT_MODEL names, offline. Its
pictures are noise; what is checked is shapes, seeds, masks and errors.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

pytest.importorskip("diffusers")
pytest.importorskip("skimage")

from skimage import data  # noqa: E402

from scenesmith.kinds.image import diffusion  # noqa: E402
from scenesmith.kinds.image.diffusion import DiffusionError, context_window, inpaint  # noqa: E402
from tests.tiny_diffusion import save_inpainting, save_text_to_image  # noqa: E402

STEPS = 2


@pytest.fixture(scope="module")
def inpainting_folder(tmp_path_factory) -> Path:
    return save_inpainting(tmp_path_factory.mktemp("tiny-inpainting"))


@pytest.fixture
def model(inpainting_folder, monkeypatch) -> Path:
    monkeypatch.setenv(diffusion.ENV, str(inpainting_folder))
    return inpainting_folder


def photo(height: int = 64, width: int = 64) -> np.ndarray:
    """A real photograph (scikit-image's astronaut) at the given size."""
    return np.asarray(Image.fromarray(data.astronaut()).resize((width, height), Image.LANCZOS))


def square_mask(height: int, width: int, top: int, left: int, side: int) -> np.ndarray:
    mask = np.zeros((height, width), dtype=bool)
    mask[top : top + side, left : left + side] = True
    return mask


def run(image, mask, prompt="a lake", seed=7, **options):
    return inpaint(image, mask, prompt, strength=options.pop("strength", 1.0), steps=options.pop("steps", STEPS), seed=seed, **options)


def test_configured_only_when_the_variable_names_an_existing_folder(monkeypatch, tmp_path):
    monkeypatch.delenv(diffusion.ENV, raising=False)
    assert not diffusion.configured()
    monkeypatch.setenv(diffusion.ENV, str(tmp_path / "nowhere"))
    assert not diffusion.configured()
    monkeypatch.setenv(diffusion.ENV, str(tmp_path))
    assert diffusion.configured()


def test_result_has_the_image_shape_and_only_the_masked_region_changes(model):
    image, mask = photo(), square_mask(64, 64, 16, 20, 24)
    out = run(image, mask)
    assert out.shape == image.shape and out.dtype == np.uint8
    assert np.array_equal(out[~mask], image[~mask]), "a pixel outside the mask changed"
    changed = np.any(out != image, axis=2)
    assert changed[mask].mean() > 0.9, "the masked region was not repainted"


def test_the_same_seed_gives_the_same_picture_and_another_seed_another(model):
    image, mask = photo(), square_mask(64, 64, 8, 8, 40)
    first, again, other = run(image, mask, seed=1), run(image, mask, seed=1), run(image, mask, seed=2)
    assert np.array_equal(first, again)
    assert not np.array_equal(first[mask], other[mask])


def test_prompt_and_negative_prompt_reach_the_model(model):
    image, mask = photo(), square_mask(64, 64, 8, 8, 40)
    lake = run(image, mask, prompt="a lake")
    assert not np.array_equal(lake, run(image, mask, prompt="a dense forest"))
    assert not np.array_equal(lake, run(image, mask, prompt="a lake", negative_prompt="blurry"))


@pytest.mark.parametrize(("height", "width"), [(61, 70), (37, 90), (64, 13)])
def test_sizes_that_are_not_multiples_of_8_come_back_at_their_own_size(model, height, width):
    image = photo(height, width)
    mask = np.zeros((height, width), dtype=bool)
    mask[height // 4 : height // 2 + 3, width // 3 : width - 2] = True
    out = run(image, mask)
    assert out.shape == (height, width, 3)
    assert np.array_equal(out[~mask], image[~mask])
    assert np.any(out[mask] != image[mask])


def test_a_small_mask_in_a_large_image_is_painted_in_a_window_around_it(model):
    image = photo(300, 400)
    mask = np.zeros((300, 400), dtype=bool)
    mask[250:262, 380:397] = True  # near the bottom-right corner
    out = run(image, mask)
    assert np.array_equal(out[~mask], image[~mask])
    assert np.any(out[mask] != image[mask])


def test_the_context_window_holds_the_mask_with_room_around_it_and_stays_inside():
    mask = np.zeros((300, 400), dtype=bool)
    mask[250:262, 380:397] = True
    left, top, right, bottom = context_window(mask, 64)
    assert 0 <= left and 0 <= top and right <= 400 and bottom <= 300
    assert left <= 380 and top <= 250 and right >= 397 and bottom >= 262
    assert right - left >= 64 and bottom - top >= 64  # at least the model's native side, where the picture allows
    big = np.ones((40, 50), dtype=bool)
    assert context_window(big, 512) == (0, 0, 50, 40)  # a picture smaller than native: the whole picture


def test_loading_needs_no_network(inpainting_folder, tmp_path, monkeypatch):
    fresh = tmp_path / "copy"
    shutil.copytree(inpainting_folder, fresh)  # a folder not loaded yet in this process
    monkeypatch.setenv(diffusion.ENV, str(fresh))
    attempts = []

    def refuse(self, address, *args):
        attempts.append(address)
        raise OSError("network used")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    out = run(photo(), square_mask(64, 64, 10, 10, 20))
    assert out.shape == (64, 64, 3)
    assert attempts == []
    assert "HF_HUB_OFFLINE" not in os.environ, "offline mode must be set for the load only"


def test_an_unset_variable_a_missing_folder_and_a_file_are_refused_with_what_to_do(monkeypatch, tmp_path):
    image, mask = photo(), square_mask(64, 64, 8, 8, 8)
    monkeypatch.delenv(diffusion.ENV, raising=False)
    with pytest.raises(DiffusionError, match="SCENESMITH_INPAINT_MODEL is not set"):
        run(image, mask)
    monkeypatch.setenv(diffusion.ENV, str(tmp_path / "nowhere"))
    with pytest.raises(DiffusionError, match="no such folder"):
        run(image, mask)
    (tmp_path / "weights.ckpt").write_bytes(b"\0")
    monkeypatch.setenv(diffusion.ENV, str(tmp_path / "weights.ckpt"))
    with pytest.raises(DiffusionError, match="is a file, not a folder"):
        run(image, mask)


def test_folders_that_hold_no_inpainting_checkpoint_are_refused(monkeypatch, tmp_path, tmp_path_factory):
    image, mask = photo(), square_mask(64, 64, 8, 8, 8)
    monkeypatch.setenv(diffusion.ENV, str(tmp_path))
    with pytest.raises(DiffusionError, match="no model_index.json"):
        run(image, mask)
    (tmp_path / "model_index.json").write_text("{not json")
    with pytest.raises(DiffusionError, match="cannot be read as JSON"):
        run(image, mask)
    text_to_image = save_text_to_image(tmp_path_factory.mktemp("tiny-t2i"))
    monkeypatch.setenv(diffusion.ENV, str(text_to_image))
    with pytest.raises(DiffusionError, match="StableDiffusionPipeline checkpoint, which is no inpainting checkpoint"):
        run(image, mask)


def test_a_checkpoint_with_a_wrong_unet_or_a_foreign_component_is_refused(inpainting_folder, monkeypatch, tmp_path):
    image, mask = photo(), square_mask(64, 64, 8, 8, 8)
    wrong_unet = tmp_path / "wrong-unet"
    shutil.copytree(inpainting_folder, wrong_unet)
    config = json.loads((wrong_unet / "unet" / "config.json").read_text())
    (wrong_unet / "unet" / "config.json").write_text(json.dumps(config | {"in_channels": 4}))
    monkeypatch.setenv(diffusion.ENV, str(wrong_unet))
    with pytest.raises(DiffusionError, match="its UNet takes 4 input channels, but inpainting needs one that takes 9"):
        run(image, mask)
    foreign = tmp_path / "foreign"
    shutil.copytree(inpainting_folder, foreign)
    index = json.loads((foreign / "model_index.json").read_text())
    (foreign / "model_index.json").write_text(json.dumps(index | {"scheduler": ["os", "system"]}))
    monkeypatch.setenv(diffusion.ENV, str(foreign))
    with pytest.raises(DiffusionError, match="comes from 'os'"):
        run(image, mask)


def test_pickled_weights_are_refused(monkeypatch, tmp_path):
    from diffusers import StableDiffusionInpaintPipeline

    from tests.tiny_diffusion import _components

    folder = tmp_path / "pickled"
    StableDiffusionInpaintPipeline(**_components(9), requires_safety_checker=False).save_pretrained(folder, safe_serialization=False)
    assert not list((folder / "unet").glob("*.safetensors")) and list((folder / "unet").glob("*.bin"))  # transformers always writes safetensors
    monkeypatch.setenv(diffusion.ENV, str(folder))
    with pytest.raises(DiffusionError, match=r"no file named diffusion_pytorch_model.safetensors.*\(pickled .bin weights are refused\)"):
        run(photo(), square_mask(64, 64, 8, 8, 8))


def test_running_out_of_memory_is_a_clear_error(model, monkeypatch):
    import torch

    loaded = diffusion.INPAINTING.load()  # the pipeline inpaint uses, cached in the process
    assert diffusion.INPAINTING.load() is loaded

    def exhausted(*args, **kwargs):
        raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 20.00 GiB")

    monkeypatch.setattr(loaded.pipeline.unet, "forward", exhausted)
    with pytest.raises(DiffusionError, match="out of memory while making a 64x64 inpainting picture.*use a smaller picture"):
        run(photo(), square_mask(64, 64, 8, 8, 8))


@pytest.mark.parametrize(
    ("image", "mask", "options", "message"),
    [
        (photo(), np.zeros((64, 64), dtype=bool), {}, "the mask is empty"),
        (photo(), np.ones((32, 64), dtype=bool), {}, "of the image's size"),
        (photo().astype(np.float32), np.ones((64, 64), dtype=bool), {}, "uint8 RGB"),
        (photo()[:, :, 0], np.ones((64, 64), dtype=bool), {}, "uint8 RGB"),
        (photo(), np.ones((64, 64), dtype=np.uint8), {}, "bool array"),
        (photo(), np.ones((64, 64), dtype=bool), {"steps": 2, "strength": 0.3}, "leave no denoising step"),
        (photo(), np.ones((64, 64), dtype=bool), {"strength": 1.5}, "strength must be"),
        (photo(), np.ones((64, 64), dtype=bool), {"steps": 0}, "steps must be"),
        (photo(), np.ones((64, 64), dtype=bool), {"seed": -1}, "seed must be"),
    ],
    ids=["empty mask", "mask size", "float image", "grey image", "uint8 mask", "no step", "strength", "steps", "seed"],
)
def test_bad_arguments_are_refused_before_any_model_runs(model, image, mask, options, message):
    with pytest.raises(ValueError, match=message):
        run(image, mask, **options)


def test_a_loaded_checkpoint_is_kept_until_its_files_change(inpainting_folder, monkeypatch, tmp_path):
    folder = tmp_path / "changing"
    shutil.copytree(inpainting_folder, folder)
    monkeypatch.setenv(diffusion.ENV, str(folder))
    first = diffusion.INPAINTING.load()
    key = diffusion.identity()
    assert diffusion.INPAINTING.load() is first and diffusion.identity() == key
    weights = folder / "unet" / "diffusion_pytorch_model.safetensors"
    weights.write_bytes(weights.read_bytes())  # the same weights written again: a new file for the cache's purposes
    os.utime(weights, ns=(1, 1))
    assert diffusion.identity() != key
    assert diffusion.INPAINTING.load() is not first
