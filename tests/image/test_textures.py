"""The map textures: made in code, the same for the same seed, distinct from one another, named in two languages."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from scenesmith.kinds.image import textures
from scenesmith.kinds.image.vocabulary import library

NAMES = list(textures.TEXTURES)
REQUIRED = {"water", "forest", "meadow", "farmland", "sand", "rock", "road", "buildings", "snow"}


def test_the_library_has_the_required_textures_and_more():
    assert REQUIRED <= set(NAMES) and len(NAMES) > len(REQUIRED)


@pytest.mark.parametrize("name", NAMES)
def test_texture_is_deterministic_per_seed_and_sized(name):
    first = textures.make(name, 70, 90, seed=5, unit=3)
    assert first.shape == (70, 90, 3) and first.dtype == np.uint8
    assert np.array_equal(first, textures.make(name, 70, 90, seed=5, unit=3))
    assert not np.array_equal(first, textures.make(name, 70, 90, seed=6, unit=3))
    assert first.std() > 1.0  # a texture, not a flat colour


def test_textures_are_distinct_from_one_another():
    means = {name: textures.make(name, 96, 96, seed=1, unit=3).reshape(-1, 3).astype(float).mean(axis=0) for name in NAMES}
    for a, b in itertools.combinations(NAMES, 2):
        # the mean colours differ, or the pictures differ a lot pixel by pixel (forest and orchard are both green)
        pixels = np.abs(textures.make(a, 96, 96, seed=1, unit=3).astype(float) - textures.make(b, 96, 96, seed=1, unit=3)).mean()
        assert np.abs(means[a] - means[b]).max() > 8 or pixels > 20, (a, b)


@pytest.mark.parametrize(("name", "channel"), [("water", 2), ("forest", 1), ("meadow", 1)])
def test_textures_have_their_colour(name, channel):
    mean = textures.make(name, 64, 64, seed=0, unit=3).reshape(-1, 3).mean(axis=0)
    assert int(np.argmax(mean)) == channel


def test_unknown_texture_and_bad_sizes_are_refused():
    with pytest.raises(KeyError, match="unknown texture"):
        textures.make("lava", 10, 10)
    with pytest.raises(ValueError):
        textures.make("water", 0, 10)
    with pytest.raises(ValueError):
        textures.make("water", 10, textures.MAX_SIDE + 1)


def test_every_texture_is_named_in_english_and_german():
    books = library()
    assert set(books.textures) == set(NAMES)
    for name, texture in books.textures.items():
        assert texture.words.get("en") and texture.words.get("de"), name
    assert {"see", "wald", "wiese", "acker", "sand", "fels", "straße", "gebäude"} <= {w for t in books.textures.values() for w in t.words["de"]}
