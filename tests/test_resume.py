"""A run killed with SIGKILL mid-render resumes to a good video, without redoing finished stages."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import cli_env
from tests.videos import assert_matches_plan

pytestmark = pytest.mark.slow


def _query(db: Path, sql: str) -> list[tuple]:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute(sql).fetchall()
    except sqlite3.OperationalError:
        return []


def test_killed_run_resumes(cli, home):
    db = home / "scenesmith.db"
    proc = subprocess.Popen([sys.executable, "-m", "scenesmith", "make", "Solve x^2 - 5x + 6 = 0", "--json"], env=cli_env(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        done = _query(db, "select name from stages where name like 'render:%' and status = 'done'")
        if done:
            break
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    else:
        pytest.fail("no scene finished rendering within 120 s")
    os.killpg(proc.pid, signal.SIGKILL)  # the machine 'stops': the CLI and everything in its group
    proc.wait()
    finished_before = {name for (name,) in done}

    (run_id, status), = _query(db, "select id, status from runs")
    assert status == "running"
    # no half-written artifact is visible: every blob's name is the hash of its content
    for blob in (home / "blobs").rglob("*"):
        if blob.is_file() and not blob.name.startswith("."):
            assert hashlib.sha256(blob.read_bytes()).hexdigest() == blob.name.split(".")[0]

    resumed = cli(home, "resume", run_id, "--json")
    assert resumed.returncode == 0, resumed.stderr
    payload = resumed.json
    assert payload["status"] == "succeeded" and payload["answer"] == "x = 2 or x = 3"
    assert_matches_plan(payload["artifacts"])
    shown = json.loads(cli(home, "runs", "show", run_id, "--json").stdout)
    after_resume = {s["name"]: s["status"] for s in shown["stages"] if s["status"] in ("cached", "done")}
    for name in finished_before | {"plan", "compile"}:
        assert after_resume.get(name) == "cached", (name, shown["stages"])


def test_resume_of_a_finished_run_redoes_nothing(cli, home):
    first = cli(home, "make", "Solve 4x = 12", "--json")
    assert first.returncode == 0, first.stderr
    again = cli(home, "resume", first.json["run_id"], "--json")
    assert again.returncode == 0
    assert again.json["artifacts"]["video"] == first.json["artifacts"]["video"]
    assert all(seconds == 0 for seconds in again.json["timings"].values())
