"""Faults of the user's environment (a home or --out that is a file, lies under a file, or is read-only)
are the user's to fix: exit 2, a message on stderr saying what is wrong and what to do, and under
--json exactly one JSON object with status "failed" and the error on stdout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CliResult, cli_env

_MOUNT_READ_ONLY = 'mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" "$0" && exec "$@"'


def assert_user_fault(result: CliResult, *expected: str) -> dict:
    """Exit 2, every expected phrase on stderr and in the one JSON object on stdout, no 'internal error'."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "internal error" not in result.stderr and "Please report this" not in result.stderr
    payload = json.loads(result.stdout)  # exactly one JSON document, nothing else on stdout
    assert isinstance(payload, dict) and payload["status"] == "failed", payload
    for phrase in expected:
        assert phrase in result.stderr, (phrase, result.stderr)
        assert phrase in payload["error"], (phrase, payload["error"])
    return payload


def run_with_read_only(folder: Path, home: Path, *args: str) -> CliResult:
    """The real CLI with `folder` read-only for it: chmod for an ordinary user, a read-only bind mount for root
    (root writes through any permission bits, but not through a read-only mount)."""
    command = [sys.executable, "-m", "scenesmith", *args]
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            proc = subprocess.run(command, env=cli_env(home), capture_output=True, text=True, timeout=120)
        finally:
            folder.chmod(0o755)
        return CliResult(proc.returncode, proc.stdout, proc.stderr)
    if shutil.which("unshare") is None:
        pytest.skip("running as root without 'unshare': cannot make a folder read-only for the CLI")
    probe = subprocess.run(["unshare", "-m", "sh", "-c", _MOUNT_READ_ONLY, str(folder), "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"running as root without a mount namespace, so no read-only folder can be made: {probe.stderr.strip()}")
    proc = subprocess.run(["unshare", "-m", "sh", "-c", _MOUNT_READ_ONLY, str(folder), *command], env=cli_env(home), capture_output=True, text=True, timeout=120)
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


@pytest.mark.parametrize("command", [("runs", "--json"), ("runs", "show", "abc", "--json"), ("make", "Solve 3x + 7 = 22", "--json"), ("resume", "abc", "--json")])
def test_home_that_is_a_file(cli, tmp_path, command):
    home = tmp_path / "home"
    home.write_text("not a folder")
    result = cli(home, *command)
    assert_user_fault(result, f"The store home '{home}' is a file", "--home")
    assert home.read_text() == "not a folder"


@pytest.mark.parametrize("command", [("runs", "--json"), ("make", "Solve 3x + 7 = 22", "--json")])
def test_home_under_a_file(cli, tmp_path, command):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = cli(blocker / "home", *command)
    assert_user_fault(result, f"lies under '{blocker}', which is a file", "--home")


def test_home_given_with_the_option_is_checked_too(cli, tmp_path, home):
    bad = tmp_path / "file"
    bad.write_text("x")
    result = cli(home, "runs", "--json", "--home", str(bad))
    assert_user_fault(result, f"'{bad}' is a file")


def test_read_only_home_even_for_listing_runs(cli, home):
    assert cli(home, "runs", "--json").returncode == 0  # an existing store, then made read-only
    for command in (("runs", "--json"), ("runs", "show", "abc", "--json"), ("make", "Solve 3x + 7 = 22", "--json")):
        result = run_with_read_only(home, home, *command)
        assert_user_fault(result, f"The store home '{home}' cannot be written to", "--home")


def test_new_home_in_a_read_only_folder(tmp_path):
    parent = tmp_path / "locked"
    parent.mkdir()
    result = run_with_read_only(parent, parent / "home", "runs", "--json")
    assert_user_fault(result, f"'{parent / 'home'}' cannot be written to")
    assert not (parent / "home").exists()


def test_out_that_is_an_existing_file_is_refused_before_any_work(cli, home, tmp_path):
    target = tmp_path / "video.mp4"
    target.write_bytes(b"keep me")
    result = cli(home, "make", "Solve 3x + 7 = 22", "--out", str(target), "--json")
    payload = assert_user_fault(result, f"The output folder '{target}' is a file", "--out")
    assert payload["run_id"] is None
    assert target.read_bytes() == b"keep me"
    assert json.loads(cli(home, "runs", "--json").stdout) == []  # refused up front: no run was started


def test_out_into_a_read_only_folder(home, tmp_path):
    parent = tmp_path / "readonly"
    parent.mkdir()
    for command in (("make", "Solve 3x + 7 = 22"), ("resume", "abc")):
        result = run_with_read_only(parent, home, *command, "--out", str(parent / "out"), "--json")
        assert_user_fault(result, f"The output folder '{parent / 'out'}' cannot be written to", "--out")
    assert not (parent / "out").exists()


@pytest.mark.slow
def test_out_that_breaks_while_the_run_works_is_the_users_fault_and_the_run_is_kept(home, tmp_path):
    """--out is fine when the run starts, then becomes a file before the files are copied: exit 2 with how to
    copy them elsewhere, and the run stays stored and succeeded."""
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "scenesmith", "make", "Solve 3x + 7 = 22", "--out", str(out)],
                            env=cli_env(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    started = ""
    while "started" not in started:
        line = proc.stderr.readline()
        assert line, "the run never said it started"
        started = line
    shutil.rmtree(out)
    out.write_text("now a file")
    stdout, stderr = proc.communicate(timeout=300)
    stderr = started + stderr
    assert proc.returncode == 2, (stdout, stderr)
    assert "internal error" not in stderr and "could not be copied into --out" in stderr and "scenesmith resume" in stderr
    run_id = started.split("run ", 1)[1].split()[0]
    shown = json.loads(subprocess.run([sys.executable, "-m", "scenesmith", "runs", "show", run_id, "--json"], env=cli_env(home), capture_output=True, text=True).stdout)
    assert shown["status"] == "succeeded" and set(shown["artifact_states"].values()) == {"ok"}
