"""Input edges: a prompt from stdin and from @FILE is read alike, pasted format characters (emoji joiners,
direction marks) are not refused, and a bad --home does not turn a bad prompt into an internal error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scenesmith.engine.errors import UserError
from scenesmith.engine.request import clean_prompt
from tests.conftest import CliResult, cli_env

BOM = b"\xef\xbb\xbf"
FAMILY = "\U0001F468\u200d\U0001F469\u200d\U0001F467"  # man, woman, girl joined by zero-width joiners
FLAG_OF_SCOTLAND = "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F"  # black flag + tag characters


def make_from_stdin(home: Path, data: bytes) -> CliResult:
    proc = subprocess.run([sys.executable, "-m", "scenesmith", "make", "-", "--json"], env=cli_env(home), input=data, capture_output=True, timeout=120)
    return CliResult(proc.returncode, proc.stdout.decode(), proc.stderr.decode())


def make_from_file(cli, home: Path, data: bytes) -> CliResult:
    path = home.parent / "prompt.txt"
    path.write_bytes(data)
    return cli(home, "make", f"@{path}", "--json")


def refused(result: CliResult) -> str:
    """The refusal's message: exit 2, the message on stderr and as the error of the one JSON object on stdout."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    payload = json.loads(result.stdout)
    assert payload["status"] == "failed", payload
    assert payload["error"] in result.stderr, (payload["error"], result.stderr)
    return payload["error"]


@pytest.mark.parametrize("data", [b"Solve 3x + 7 = 22\xff\xfe", b"\xef\xbb\xbf\xc3("], ids=["stray-bytes", "bom-then-broken"])
def test_invalid_utf8_is_named_alike_from_stdin_and_from_a_file(cli, home, data):
    from_stdin, from_file = refused(make_from_stdin(home, data)), refused(make_from_file(cli, home, data))
    assert "not valid UTF-8" in from_stdin and "stdin" in from_stdin
    assert "not valid UTF-8" in from_file and "prompt.txt" in from_file
    assert "control character" not in from_stdin + from_file


def test_a_byte_order_mark_is_dropped_from_stdin_and_from_a_file(cli, home):
    data = BOM + "asdf qwerty zxcv".encode()
    from_stdin, from_file = refused(make_from_stdin(home, data)), refused(make_from_file(cli, home, data))
    assert from_stdin == from_file
    assert "I have no topic on 'asdf qwerty zxcv'" in from_stdin


# pasted text -> what is kept of it: the visible characters, without the format characters (category Cf)
FORMAT_CHARACTERS = {
    "zwj-emoji": (FAMILY, "\U0001F468\U0001F469\U0001F467"),
    "tag-flag": (FLAG_OF_SCOTLAND, "\U0001F3F4"),
    "soft-hyphen": ("\u00ad", ""),
    "zero-width-space": ("\u200b", ""),
    "ltr-mark": ("\u200e", ""),
    "bidi-isolate": ("\u2066\u2069", ""),
    "inner-bom": ("\ufeff", ""),
}


def test_pasted_format_characters_are_not_refused_as_control_characters(cli, home):
    pasted = " ".join(text for text, _ in FORMAT_CHARACTERS.values())
    error = refused(cli(home, "make", f"asdf {pasted} qwerty zxcv", "--json"))
    assert "control character" not in error
    assert "I have no topic on" in error  # it went on to routing, which refuses gibberish for its own reason


@pytest.mark.parametrize(("pasted", "kept"), FORMAT_CHARACTERS.values(), ids=FORMAT_CHARACTERS.keys())
def test_each_format_character_is_dropped_not_refused(pasted, kept):
    assert clean_prompt(f"Solve 3x + 7 = 22 {pasted}") == f"Solve 3x + 7 = 22 {kept}".strip()


def test_a_diagram_labelled_with_a_joined_emoji_is_made(cli, home):
    result = cli(home, "make", f"@startuml\nAlice -> Bob: hello {FAMILY}\n@enduml", "--json")
    assert result.returncode == 0, result.stderr
    payload = result.json
    assert payload["status"] == "succeeded" and payload["kind"] == "diagram"
    assert Path(payload["artifacts"]["svg"]).stat().st_size > 0


def test_format_characters_are_dropped_and_control_characters_still_refused():
    assert clean_prompt(f"Solve\u00ad 3x + 7\u200b = 22 {FAMILY}") == "Solve 3x + 7 = 22 \U0001F468\U0001F469\U0001F467"
    with pytest.raises(UserError, match="control character \\(U\\+0007\\)"):
        clean_prompt("Solve 3x + 7 = 22\x07")
    with pytest.raises(UserError, match="prompt is empty"):
        clean_prompt("\u200b\u200d\ufeff")


@pytest.mark.parametrize("prompt", ["", "   "], ids=["empty", "blank"])
def test_a_bad_home_does_not_turn_a_bad_prompt_into_an_internal_error(cli, tmp_path, prompt):
    home = tmp_path / "home"
    home.write_text("a file, not a folder")
    result = cli(home, "make", prompt, "--json")
    assert "internal error" not in result.stderr
    error = refused(result)
    assert "is a file" in error or "prompt is empty" in error
