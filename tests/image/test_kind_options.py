"""The image kind's options: converted from the CLI's strings, checked, defaults filled, unknown keys refused."""

from __future__ import annotations

import pytest

from scenesmith.engine.errors import UserError
from scenesmith.kinds.image.fill import STYLES
from scenesmith.kinds.image.kind import STYLE_NAMES, ImageKind

KIND = ImageKind()


def test_defaults_are_filled_and_strings_converted():
    assert KIND.options({}) == {"strength": 1.0, "steps": 30, "seed": 0, "style": "satellite"}
    assert KIND.options({"seed": "7", "strength": "0.25", "steps": "12", "style": "Painted"}) == {"strength": 0.25, "steps": 12, "seed": 7, "style": "painted"}
    assert KIND.options({"seed": 2**32 - 1, "steps": 5.0})["seed"] == 2**32 - 1


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"colour": "red"}, "Unknown option colour.*Known: strength, steps, seed, style"),
        ({"strength": "2"}, "strength=2 is out of range: give 0 to 1"),
        ({"strength": "nan"}, "strength must be a number"),
        ({"steps": "0"}, "steps=0 is out of range: give 1 to 100"),
        ({"steps": "2.5"}, "steps must be a whole number"),
        ({"seed": "-1"}, "seed=-1 is out of range"),
        ({"seed": 2**32}, "out of range"),
        ({"seed": True}, "seed must be a number"),
        ({"style": "cubist"}, "Unknown style 'cubist'. Choose one of: satellite, painted, flat"),
    ],
)
def test_bad_options_are_refused(values, message):
    with pytest.raises(UserError, match=message):
        KIND.options(values)


def test_the_style_names_are_the_fill_styles():
    assert set(STYLE_NAMES) == set(STYLES)
    assert STYLES["satellite"].prompt == "satellite map, top-down, photorealistic"


def test_the_kind_contract():
    assert KIND.name == "image" and KIND.inputs == ("image", "mask") and KIND.needs_inputs and KIND.preload == []
    assert KIND.description == "an edited image: a masked region repainted to a wish"
