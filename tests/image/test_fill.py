"""The fills: a texture Poisson-blended into the mask, and a removal from the surroundings; nothing outside the mask changes."""

from __future__ import annotations

import numpy as np
import pytest

from scenesmith.kinds.image import fill, textures
from tests.image.pictures import GRASS, ROAD, car_mask, lake_mask, map_picture


def test_texture_fill_changes_only_the_mask_and_takes_the_texture_colours():
    image, mask = map_picture(), lake_mask()
    out = fill.texture_fill(image, mask, "water", seed=3)
    assert out.shape == image.shape and out.dtype == np.uint8
    assert np.array_equal(out[~mask], image[~mask])
    deep = fill.edge_weight(mask, band=max(1.5 * textures.unit_for(*mask.shape), 4.0)) >= 1.0
    assert deep.sum() > 500
    water = textures.make("water", 200, 200, seed=3, unit=textures.unit_for(*mask.shape)).reshape(-1, 3).astype(float)
    inside = out[deep].astype(float)
    assert np.abs(inside.mean(axis=0) - water.mean(axis=0)).max() < 15  # the water's own colour, not the meadow's
    assert inside[:, 2].mean() > inside[:, 1].mean() > inside[:, 0].mean()  # blue
    assert np.array_equal(out, fill.texture_fill(image, mask, "water", seed=3))
    assert not np.array_equal(out, fill.texture_fill(image, mask, "water", seed=4))


def test_texture_fill_edge_is_blended_not_pasted():
    image, mask = map_picture(), lake_mask()
    out = fill.texture_fill(image, mask, "water", seed=3).astype(float)
    pasted = image.astype(float).copy()
    top, bottom, left, right = fill._bounds(mask)
    patch = textures.make("water", bottom - top, right - left, 3, textures.unit_for(*mask.shape)).astype(float)
    pasted[top:bottom, left:right][mask[top:bottom, left:right]] = patch[mask[top:bottom, left:right]]
    edge = mask & (fill.edge_weight(mask, 3) < 0.5)
    # on the edge, Poisson blending brings the colour toward the meadow's: closer to the grass than a pasted texture
    assert np.abs(out[edge] - GRASS).mean() < np.abs(pasted[edge] - GRASS).mean() - 5


def test_strength_and_style_change_the_texture():
    image, mask = map_picture(), lake_mask()
    full = fill.texture_fill(image, mask, "forest", seed=1)
    half = fill.texture_fill(image, mask, "forest", seed=1, strength=0.5)
    flat = fill.texture_fill(image, mask, "forest", seed=1, style=fill.STYLES["flat"])
    deep = fill.edge_weight(mask, 8) >= 1
    assert not np.array_equal(full, half)
    assert flat[deep].astype(float).std(axis=0).max() < 3 < full[deep].astype(float).std(axis=0).max()


def test_texture_fill_at_the_image_border_and_on_one_pixel():
    image = map_picture()
    corner = np.zeros(image.shape[:2], bool)
    corner[:30, :40] = True
    out = fill.texture_fill(image, corner, "sand")
    assert np.array_equal(out[~corner], image[~corner]) and not np.array_equal(out[corner], image[corner])
    dot = np.zeros(image.shape[:2], bool)
    dot[60, 80] = True
    assert np.array_equal(fill.texture_fill(image, dot, "rock")[~dot], image[~dot])


def test_removal_of_a_flat_coloured_object_gives_the_background():
    image = np.empty((80, 100, 3), np.uint8)
    image[:] = (120, 160, 200)
    image[30:45, 40:60] = (250, 10, 10)  # the object
    mask = np.zeros((80, 100), bool)
    mask[28:47, 38:62] = True
    out = fill.removal_fill(image, mask)
    assert np.array_equal(out[~mask], image[~mask])
    assert np.abs(out[mask].astype(int) - (120, 160, 200)).max() <= 3


def test_removal_of_the_car_restores_the_road():
    image, mask = map_picture(), car_mask()
    out = fill.removal_fill(image, mask)
    assert np.array_equal(out[~mask], image[~mask])
    road = out[mask & (np.arange(mask.shape[0])[:, None] >= 52) & (np.arange(mask.shape[0])[:, None] <= 62)].astype(float)
    assert np.abs(road.mean(axis=0) - ROAD).max() < 20  # grey road, not red car
    assert road[:, 0].mean() < 130


def test_removal_beats_telea_on_a_textured_photograph():
    skimage_data = pytest.importorskip("skimage.data")
    image = skimage_data.astronaut()
    mask = np.zeros(image.shape[:2], bool)
    for y, x in ((120, 300), (380, 100), (260, 420)):
        mask[y - 12 : y + 12, x - 12 : x + 12] = True

    def psnr(out):
        return 10 * np.log10(255**2 / np.mean((out[mask].astype(float) - image[mask]) ** 2))

    assert psnr(fill.removal_fill(image, mask)) > psnr(fill.classical_fill(image, mask, "telea"))


def test_removal_with_everything_masked_is_refused():
    image = map_picture()
    with pytest.raises(ValueError, match="whole image"):
        fill.removal_fill(image, np.ones(image.shape[:2], bool))


@pytest.mark.parametrize("box", [(20, 51, 30, 77), (21, 50, 31, 76), (0, 20, 0, 33), (40, 64, 50, 64)])
def test_poisson_blend_is_aligned_with_the_mask(box):
    """Same gradients inside the mask give back the target: a one-pixel shift of the clone would not."""
    rng = np.random.default_rng(0)
    target = rng.integers(0, 200, (64, 64, 3)).astype(np.uint8)
    mask = np.zeros((64, 64), bool)
    top, bottom, left, right = box
    mask[top:bottom, left:right] = True
    source = target.copy()
    source[mask] += 40
    out = fill.poisson_blend(source, target, mask)
    assert np.abs(out[mask].astype(int) - target[mask]).mean() < 2


def test_a_texture_can_cover_the_whole_picture():
    image = map_picture()
    out = fill.texture_fill(image, np.ones(image.shape[:2], bool), "water")
    mean = out.reshape(-1, 3).astype(float).mean(axis=0)
    assert mean[2] > mean[1] > mean[0]
