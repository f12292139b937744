"""The image kind through the real CLI: textures, removal, German, partial results, refusals and the stage cache."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.image.pictures import CAR, car_mask, lake_mask, load, map_picture, save

ARTIFACTS = {"image", "comparison", "original", "mask", "plan", "prompt"}


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pictures")
    mask = lake_mask()
    return {
        "map": save(folder / "map.png", map_picture()),
        "map_jpeg": save(folder / "map.jpg", map_picture(), "JPEG"),
        "lake": save(folder / "lake.png", mask),
        "car": save(folder / "car.png", car_mask()),
        "empty": save(folder / "empty.png", np.zeros_like(mask)),
        "small": save(folder / "small.png", mask[:60, :80]),
        "huge": save(folder / "huge.png", np.zeros((4097, 8), np.uint8)),
        "bad": folder / "bad.png",
    }


@pytest.fixture(scope="module", autouse=True)
def _bad_file(files):
    files["bad"].write_text("this is text, not a picture")


def make(cli, home, prompt, *args):
    return cli(home, "make", prompt, *args, "--json")


def test_a_lake_is_painted_only_inside_the_mask_and_a_repeat_reuses_the_cache(cli, home, files):
    result = make(cli, home, "a lake here", "--image", str(files["map"]), "--mask", str(files["lake"]))
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.json
    assert (out["kind"], out["status"]) == ("image", "succeeded")
    assert set(out["artifacts"]) == ARTIFACTS
    assert "seamlessClone" in out["answer"] and "'water'" in out["answer"] and "'lake'" in out["answer"]
    original, edited, mask = map_picture(), load(out["artifacts"]["image"]), lake_mask()
    assert np.array_equal(edited[~mask], original[~mask])
    inside = edited[mask].astype(float).mean(axis=0)
    assert inside[2] > inside[1] + 15 and inside[2] > inside[0] + 40  # blue water where the meadow was
    assert Path(out["artifacts"]["original"]).read_bytes() == files["map"].read_bytes()
    comparison = load(out["artifacts"]["comparison"])
    assert comparison.shape[0] == original.shape[0] and comparison.shape[1] > 2 * original.shape[1]
    plan = json.loads(Path(out["artifacts"]["plan"]).read_text())
    assert (plan["method"], plan["texture"]) == ("texture", "water")
    prompt = json.loads(Path(out["artifacts"]["prompt"]).read_text())
    assert prompt["original"] == "a lake here" and "satellite map, top-down, photorealistic" in prompt["final"]

    again = make(cli, home, "a lake here", "--image", str(files["map"]), "--mask", str(files["lake"]))
    assert again.returncode == 0 and again.json["run_id"] != out["run_id"]
    shown = cli(home, "runs", "show", again.json["run_id"], "--json").json
    assert [s["status"] for s in shown["stages"]] == ["cached"] * 4
    assert np.array_equal(load(again.json["artifacts"]["image"]), edited)
    assert shown["report"]["method"] == "texture" and shown["options"]["options"]["style"] == "satellite"


def test_german_wish_and_options(cli, home, files):
    result = make(cli, home, "Wald hier", "--image", str(files["map_jpeg"]), "--mask", str(files["lake"]), "-o", "seed=7", "-o", "style=painted")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.json["status"] == "succeeded" and "'forest'" in result.json["answer"]
    prompt = json.loads(Path(result.json["artifacts"]["prompt"]).read_text())
    assert prompt["language"] == "de" and prompt["translated"] == "forest hier" and prompt["original"] == "Wald hier"
    shown = cli(home, "runs", "show", result.json["run_id"], "--json").json
    assert shown["options"]["options"] == {"strength": 1.0, "steps": 30, "seed": 7, "style": "painted"}
    inside = load(result.json["artifacts"]["image"])[lake_mask()].astype(float).mean(axis=0)
    assert inside[1] > inside[0] and inside[1] > inside[2]  # green


def test_removal_restores_the_road(cli, home, files):
    result = make(cli, home, "remove the car", "--image", str(files["map"]), "--mask", str(files["car"]))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.json["status"] == "succeeded" and "inpainting" in result.json["answer"] and "removal" in result.json["answer"]
    edited = load(result.json["artifacts"]["image"])
    red = np.all(np.abs(edited.astype(int) - CAR) < 40, axis=2)
    assert not red.any()
    assert np.array_equal(edited[~car_mask()], map_picture()[~car_mask()])


def test_a_wish_the_library_cannot_paint_is_partial_and_says_so(cli, home, files):
    result = make(cli, home, "a dragon here", "--image", str(files["map"]), "--mask", str(files["lake"]))
    assert result.returncode == 3, result.stdout + result.stderr
    out = result.json
    assert out["status"] == "partial" and "no texture for 'dragon'" in out["error"] and "surroundings" in out["error"]
    assert Path(out["artifacts"]["image"]).is_file()


def test_unused_words_beside_a_texture_make_it_partial(cli, home, files):
    result = make(cli, home, "a lake with a purple submarine", "--image", str(files["map"]), "--mask", str(files["lake"]))
    assert result.returncode == 3
    assert result.json["status"] == "partial" and "'purple', 'submarine'" in result.json["error"] and "not used" in result.json["error"]


def test_a_prompt_with_an_image_goes_only_to_kinds_that_take_images(cli, home, files):
    result = make(cli, home, "explain the pythagorean theorem", "--image", str(files["map"]), "--mask", str(files["lake"]))
    assert result.json["kind"] == "image" and result.json["status"] == "partial"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--image", "bad", "--mask", "lake"), "not a picture scenesmith can read"),
        (("--image", "map", "--mask", "small"), "mask is 80x60 pixels but the image is 160x120"),
        (("--image", "map", "--mask", "empty"), "mask is empty"),
        (("--image", "huge", "--mask", "lake"), "limit is 4096x4096"),
        (("--image", "map", "--mask", "lake", "-o", "colour=red"), "Unknown option colour"),
        (("--image", "map", "--mask", "lake", "-o", "steps=500"), "steps=500 is out of range"),
        (("--image", "map"), "needs a mask"),
        (("--kind", "image"), "The image kind works on input files: give image and mask"),
        (("--kind", "pose", "--image", "map", "--mask", "lake"), "The pose kind takes these input files: none"),
    ],
    ids=["bad-bytes", "size-mismatch", "empty-mask", "huge", "unknown-option", "bad-option", "no-mask", "no-image", "wrong-kind"],
)
def test_bad_requests_are_refused(cli, home, files, args, message):
    args = tuple(str(files[a]) if a in files else a for a in args)
    result = make(cli, home, "a lake here", *args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.json["error"]


def test_textures_command_lists_the_library(cli, home):
    result = cli(home, "textures", "--json")
    assert result.returncode == 0
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert {"water", "forest", "buildings"} <= set(rows) and "see" in rows["water"]["words"]["de"]


@pytest.mark.slow  # loads torch and diffusers in three CLI processes
def test_with_a_diffusion_model_configured_the_model_follows_the_prompt(cli, home, files, tmp_path):
    """A tiny random inpainting checkpoint (tests/tiny_diffusion.py): the method and the status, not beauty."""
    pytest.importorskip("diffusers")
    from tests.tiny_diffusion import save_inpainting

    folder = save_inpainting(tmp_path / "inpaint")
    args = ("--image", str(files["map"]), "--mask", str(files["lake"]), "-o", "steps=2", "-o", "seed=3")
    result = cli(home, "make", "a dragon here", *args, "--json", SCENESMITH_INPAINT_MODEL=str(folder))
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.json
    assert out["status"] == "succeeded" and "diffusion model" in out["answer"]
    edited = load(out["artifacts"]["image"])
    assert np.array_equal(edited[~lake_mask()], map_picture()[~lake_mask()])
    assert not np.array_equal(edited[lake_mask()], map_picture()[lake_mask()])
    prompt = json.loads(Path(out["artifacts"]["prompt"]).read_text())
    assert prompt["final"].startswith("a dragon here, satellite map")

    removal = cli(home, "make", "remove the car", "--image", str(files["map"]), "--mask", str(files["car"]), "--json", SCENESMITH_INPAINT_MODEL=str(folder))
    assert removal.returncode == 0 and "inpainting" in removal.json["answer"] and "diffusion" not in removal.json["answer"]

    empty = tmp_path / "empty-model"
    empty.mkdir()
    broken = cli(home, "make", "a dragon here", *args, "--json", SCENESMITH_INPAINT_MODEL=str(empty))
    assert broken.returncode == 2 and "SCENESMITH_INPAINT_MODEL" in broken.json["error"]
