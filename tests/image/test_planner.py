"""The embedded planner: a wish to a texture by retrieval, a removal, or a fill from the surroundings, and never a silently dropped word."""

from __future__ import annotations

import pytest

from scenesmith.kinds.image.planner import claim, plan_edit, read

TEXTURES = [
    ("a lake here", "water"),
    ("put a lake here", "water"),
    ("Wald hier", "forest"),
    ("ein See hier bitte", "water"),
    ("hier eine Wiese", "meadow"),
    ("Acker", "farmland"),
    ("Sand hier", "sand"),
    ("Fels", "rock"),
    ("eine Straße hier", "road"),
    ("Gebäude hier", "buildings"),
    ("turn this into farmland", "farmland"),
    ("make it a dense forest", "forest"),
    ("some houses please", "buildings"),
    ("snowy mountains", "snow"),
    ("replace the car with grass", "meadow"),
    ("ersetze den Wald durch einen See", "water"),
]


@pytest.mark.parametrize(("prompt", "texture"), TEXTURES)
def test_a_named_texture_is_found(prompt, texture):
    plan = plan_edit(prompt)
    assert (plan.method, plan.texture) == ("texture", texture), plan.reason
    assert plan.reading.scores[texture] == max(plan.reading.scores.values()) or len(plan.reading.scores) > 1


@pytest.mark.parametrize("prompt", ["remove the car", "erase the text", "get rid of the person", "delete this", "remove the lake", "die Schrift entfernen", "den See entfernen"])
def test_a_removal_is_classical_inpainting(prompt):
    plan = plan_edit(prompt)
    assert plan.method == "removal" and plan.texture is None and not plan.partial, plan.reason


def test_a_removal_with_a_texture_to_put_in_is_the_texture():
    plan = plan_edit("remove the car and put a lake here")
    assert (plan.method, plan.texture, plan.unused) == ("texture", "water", [])
    assert "car" in plan.reason


def test_nothing_in_the_library_is_filled_from_the_surroundings_and_partial():
    plan = plan_edit("a dragon here")
    assert plan.method == "surroundings" and plan.partial
    assert "'dragon'" in plan.reason and "surroundings" in plan.reason and "no texture" in plan.reason


def test_words_beyond_the_texture_are_not_dropped_silently():
    plan = plan_edit("a lake with a purple submarine")
    assert plan.method == "texture" and plan.texture == "water" and plan.partial
    assert plan.unused == ["purple", "submarine"] and "'purple', 'submarine'" in plan.reason


def test_a_second_texture_is_reported_as_not_used():
    plan = plan_edit("a lake and a forest")
    assert plan.texture == "water" and plan.unused == ["forest"] and "another texture" in plan.reason


def test_with_a_diffusion_model_the_model_follows_the_whole_prompt_but_removal_stays_classical():
    assert plan_edit("a dragon here", diffusion=True).method == "diffusion"
    assert not plan_edit("a lake with a purple submarine", diffusion=True).partial
    assert plan_edit("remove the car", diffusion=True).method == "removal"


def test_german_words_are_read_through_the_aliases_and_translated():
    reading = read("ein See hier")
    assert reading.language == "de" and reading.texture == "water"
    assert reading.translated == "ein water hier"  # the texture's English name, where a translation model will go
    assert read("a lake here").translated == "a lake here"


def test_claims():
    assert claim("a lake here") == 1.0 and claim("remove the car") == 1.0
    assert 0 < claim("a dragon here") < 1
    assert claim("123 456") == 0
