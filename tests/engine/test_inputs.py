"""Input files and kind options: how a request with files is routed, and that a blob name never becomes a path."""

from __future__ import annotations

import pytest

from scenesmith.engine import kinds
from scenesmith.engine.errors import UserError
from scenesmith.engine.runs import MAX_INPUT_BYTES, new_run, store_input
from scenesmith.store import Store
from scenesmith.store.blobs import valid_name


class _ImageLike:
    name, inputs, needs_inputs = "imagelike", ("image", "mask"), True


class _PromptOnly:
    name = "promptonly"


def test_kinds_are_asked_only_about_inputs_they_take():
    assert kinds.takes_inputs(_ImageLike(), {"image", "mask"})
    assert kinds.takes_inputs(_ImageLike(), {"image"})
    assert not kinds.takes_inputs(_ImageLike(), set()), "a kind that needs files is never asked about a prompt alone"
    assert not kinds.takes_inputs(_ImageLike(), {"image", "audio"})
    assert kinds.takes_inputs(_PromptOnly(), set())
    assert not kinds.takes_inputs(_PromptOnly(), {"image"})


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "ab/../../x", "0" * 63 + ".png", "0" * 64 + "/x", "0" * 64 + ".p-g", "", "0" * 64 + ".png\n"])
def test_a_string_that_is_not_a_blob_name_never_becomes_a_path(tmp_path, name):
    store = Store(tmp_path)
    assert not valid_name(name)
    assert not store.blobs.exists(name)
    with pytest.raises(ValueError):
        store.blobs.path(name)


def test_input_files_are_stored_by_content_and_checked(tmp_path):
    store = Store(tmp_path)
    blob = store_input(store, b"\x89PNG not really", ".png", "image")
    assert valid_name(blob) and store.blobs.exists(blob)
    assert store_input(store, b"\x89PNG not really", ".png", "image") == blob
    with pytest.raises(UserError, match="empty"):
        store_input(store, b"", ".png", "mask")
    with pytest.raises(UserError, match="limit"):
        store_input(store, b"0" * (MAX_INPUT_BYTES + 1), ".png", "image")
    with pytest.raises(ValueError):
        store.blobs.put_bytes(b"x", "/../../x")


def test_a_request_naming_a_missing_input_or_options_for_a_kind_without_any_is_refused(tmp_path):
    store = Store(tmp_path)
    with pytest.raises(UserError, match="not in the store"):
        new_run(store, "Solve 3x + 7 = 22", "solution", inputs={"image": "0" * 64 + ".png"})
    with pytest.raises(UserError, match="takes no options"):
        new_run(store, "Solve 3x + 7 = 22", "solution", options={"seed": "7"})


def test_cli_refuses_files_for_a_kind_that_takes_none(cli, home, tmp_path):
    picture = tmp_path / "p.png"
    picture.write_bytes(b"\x89PNG")
    result = cli(home, "make", "Solve 3x + 7 = 22", "--kind", "solution", "--image", str(picture), "--json")
    assert result.returncode == 2, result.stderr
    assert "solution kind takes these input files: none" in result.json["error"]
    result = cli(home, "make", "Solve 3x + 7 = 22", "--image", str(tmp_path / "missing.png"), "--json")
    assert result.returncode == 2 and "cannot read the image file" in result.json["error"]
    result = cli(home, "make", "Solve 3x + 7 = 22", "-o", "seed", "--json")
    assert result.returncode == 2 and "is not KEY=VALUE" in result.json["error"]


def test_a_refusal_names_the_kinds_that_would_need_files(cli, home):
    """A wish for an edited picture without the picture: no kind takes it, and the refusal says which kind
    would, given the files (the image kind is never asked about a prompt alone)."""
    result = cli(home, "make", "a lake here", "--json")
    assert result.returncode == 2
    assert "With files, scenesmith also makes an edited image" in result.json["error"] and "--image" in result.json["error"]
    assert "Nearest" not in result.json["error"], "'here' is no motion: 'wave over here' is no near miss of a lake"
