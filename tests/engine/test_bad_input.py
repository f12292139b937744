"""Bad input gets exit code 2, a message that says what was wrong and what to do, and stores nothing broken."""

from __future__ import annotations

import json
import sqlite3

import pytest


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("", "prompt is empty"),
        ("   \n\t ", "prompt is empty"),
        ("Solve " + "x" * 100_000, "characters long; the limit is 2,000"),
        ("asdf qwerty zxcv", "I have no topic on 'asdf qwerty zxcv'"),
        ("Solve 3x + 7 = 22\x07", "control character (U+0007)"),
        ("Explain\x1b[31m red", "control character (U+001B)"),
    ],
    ids=["empty", "blank", "100KB", "gibberish", "bell", "escape"],
)
def test_bad_prompt_exit_2_with_message(cli, home, prompt, expected):
    result = cli(home, "make", prompt, "--json")
    assert result.returncode == 2, result.stderr
    assert expected in result.stderr
    payload = result.json
    assert payload["status"] == "failed" and expected in payload["error"]
    assert payload["run_id"] is None


def test_unknown_kind_is_rejected(cli, home):
    result = cli(home, "make", "Solve 3x + 7 = 22", "--kind", "opera")
    assert result.returncode == 2
    assert "opera" in result.stderr and "solution" in result.stderr


def test_unsupported_topic_names_it_and_lists_only_topics_sharing_a_key_term(cli, home):
    result = cli(home, "make", "Explain the French revolution", "--json")
    assert result.returncode == 2
    assert "I have no topic on 'French revolution'" in result.stderr
    assert "scenesmith topics" in result.stderr and "Nearest" not in result.stderr
    result = cli(home, "make", "Explain Pascal's triangle", "--json")
    assert result.returncode == 2
    assert "I have no topic on 'Pascal's triangle'" in result.stderr
    assert "Nearest: The area of a triangle (explainer)" in result.stderr or "Nearest: The angles of a triangle" in result.stderr


def test_bad_input_leaves_the_store_intact(cli, home):
    cli(home, "make", "", "--json")
    cli(home, "make", "asdf qwerty zxcv", "--json")
    listing = cli(home, "runs", "--json")
    assert listing.returncode == 0
    assert json.loads(listing.stdout) == []
    with sqlite3.connect(home / "scenesmith.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_unknown_run_id(cli, home):
    result = cli(home, "resume", "doesnotexist")
    assert result.returncode == 2
    assert "No run 'doesnotexist'" in result.stderr
