"""The store never hands out a damaged or edited file as a success (issue 10, part 1).

The files under runs/ID/ are the user's copies, not the blobs; a cached stage's blobs are hashed before
they are reused, and a mismatch recomputes the stage and is recorded in the run's report; `scenesmith
doctor` finds missing and damaged blobs and the runs that use them, and `--repair` drops the cache
entries that point at them; `runs show` marks a missing or damaged artifact. Real store, real CLI,
real renders.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from PIL import Image

from scenesmith.engine.runs import export
from scenesmith.engine.stages import StageOutput
from scenesmith.store import CacheEntry, Run, Store
from tests.engine.test_store import _runner
from tests.videos import read_video

PROMPT = "Solve 4x = 12"


def _sha(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _zero_middle(path: Path) -> None:
    """What a bad disk or a careless tool does: zeros over the middle of the file, its size unchanged."""
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(size // 3)
        handle.write(b"\0" * (size // 3))


def _make(cli, home: Path) -> dict:
    result = cli(home, "make", PROMPT, "--json")
    assert result.returncode == 0, result.stderr
    assert result.json["status"] == "succeeded"
    return result.json


def _artifact_blobs(home: Path, run_id: str) -> dict[str, str]:
    with sqlite3.connect(home / "scenesmith.db") as db:
        (artifacts,) = db.execute("select artifacts from runs where id = ?", (run_id,)).fetchone()
    return json.loads(artifacts)


def _blob_path(home: Path, blob: str) -> Path:
    return home / "blobs" / blob[:2] / blob


def _assert_sound_video(path: str, frames: int) -> None:
    assert read_video(path)["frames"] == frames  # PyAV decodes every frame


# -- fast: the real store and stage runner, no render ------------------------------------------------


def test_a_damaged_cached_blob_is_recomputed_and_recorded(home):
    store = Store(home)
    calls = []

    def work(io):
        calls.append(1)
        return StageOutput(files={"out": io.put_text("the stage's true output", ".txt")})

    first = _runner(store, "r1").stage("demo", "1", {}, work)
    blob = store.blobs.path(first.files["out"])
    blob.write_text("the stage's true outpuT")  # same size, one byte changed
    runner = _runner(store, "r2")
    again = runner.stage("demo", "1", {}, work)
    assert not again.cached and len(calls) == 2
    assert blob.read_text() == "the stage's true output"  # the recomputed file replaced the damaged one
    assert runner.repairs == [{"stage": "demo", "file": "out", "blob": first.files["out"], "state": "damaged"}]
    with store.session() as session:
        (record,) = session.get(Run, "r2").stages
        assert record.status == "done" and "was damaged: cache entry dropped" in record.log
        assert session.get(CacheEntry, record.cache_key) is not None  # the fresh output is cached again
    assert _runner(store, "r3").stage("demo", "1", {}, work).cached and len(calls) == 2


def test_exported_files_are_copies_not_links_to_blobs(home):
    store = Store(home)
    blob = store.blobs.put_bytes(b"1\n00:00:00,000 --> 00:00:01,000\nx = 3\n", ".srt")
    paths = export(store, "run1", {"subtitles": blob}, kind="no-such-kind")
    exported = Path(paths["subtitles"])
    assert exported.stat().st_ino != store.blobs.path(blob).stat().st_ino
    with open(exported, "r+b") as handle:  # an editor that writes in place
        handle.write(b"2")
    assert _sha(store.blobs.path(blob)) == blob[:64]  # the blob still holds what its name says
    assert _sha(exported) != blob[:64]


# -- the real CLI on real renders ---------------------------------------------------------------------


@pytest.mark.slow
def test_zeros_in_a_runs_video_are_not_served_to_the_next_run_or_resume(cli, home):
    first = _make(cli, home)
    video = Path(first["artifacts"]["video"])
    original, frames = _sha(video), read_video(video)["frames"]
    _zero_middle(video)

    again = _make(cli, home)
    assert _sha(again["artifacts"]["video"]) == original
    _assert_sound_video(again["artifacts"]["video"], frames)

    resumed = cli(home, "resume", first["run_id"], "--json")
    assert resumed.returncode == 0 and resumed.json["status"] == "succeeded", resumed.stderr
    assert _sha(video) == original  # resume puts the run's own file back
    _assert_sound_video(str(video), frames)


@pytest.mark.slow
def test_edited_subtitles_do_not_reach_the_next_identical_request(cli, home):
    first = _make(cli, home)
    subtitles = Path(first["artifacts"]["subtitles"])
    original = subtitles.read_bytes()
    with open(subtitles, "r+b") as handle:  # written in place, as editors and many tools do
        handle.write(b"99\n00:00:00,000 --> 00:00:09,000\nEDITED BY HAND\n")

    again = _make(cli, home)
    assert Path(again["artifacts"]["subtitles"]).read_bytes() == original


@pytest.mark.slow
def test_damaged_blobs_are_recomputed_by_resume_and_by_the_next_run(cli, home):
    first = _make(cli, home)
    frames = read_video(first["artifacts"]["video"])["frames"]
    size = Image.open(first["artifacts"]["thumbnail"]).size

    def damage(run_id: str) -> None:
        blobs = _artifact_blobs(home, run_id)
        _zero_middle(_blob_path(home, blobs["video"]))
        _blob_path(home, blobs["thumbnail"]).write_bytes(b"")  # truncated

    def assert_recomputed(run_id: str, artifacts: dict) -> None:
        _assert_sound_video(artifacts["video"], frames)
        assert Image.open(artifacts["thumbnail"]).size == size
        blobs = _artifact_blobs(home, run_id)
        assert _sha(artifacts["video"]) == blobs["video"][:64] and _sha(artifacts["thumbnail"]) == blobs["thumbnail"][:64]
        shown = json.loads(cli(home, "runs", "show", run_id, "--json").stdout)
        stages = {s["name"]: s["status"] for s in shown["stages"]}
        assert stages["assemble"] == "done" and stages["thumbnail"] == "done", stages
        repaired = {(r["stage"], r["file"], r["state"]) for r in shown["report"]["store_repairs"]}
        assert repaired == {("assemble", "video", "damaged"), ("thumbnail", "thumbnail", "damaged")}

    damage(first["run_id"])
    resumed = cli(home, "resume", first["run_id"], "--json")
    assert resumed.returncode == 0 and resumed.json["status"] == "succeeded", resumed.stderr
    assert_recomputed(first["run_id"], resumed.json["artifacts"])

    damage(first["run_id"])
    again = _make(cli, home)
    assert_recomputed(again["run_id"], again["artifacts"])


@pytest.mark.slow
def test_doctor_finds_missing_and_damaged_blobs_and_repairs_the_cache(cli, home):
    first = _make(cli, home)
    run_id = first["run_id"]
    blobs = _artifact_blobs(home, run_id)
    _zero_middle(_blob_path(home, blobs["video"]))
    _blob_path(home, blobs["thumbnail"]).unlink()

    checked = cli(home, "doctor", "--json")
    assert checked.returncode == 3, checked.stderr
    problems = {p["blob"]: p for p in checked.json["problems"]}
    assert set(problems) == {blobs["video"], blobs["thumbnail"]}
    assert problems[blobs["video"]]["state"] == "damaged" and problems[blobs["thumbnail"]]["state"] == "missing"
    assert all(p["runs"] == [run_id] and p["cache_entries"] >= 1 and not p["repaired"] for p in problems.values())
    assert checked.json["blobs_checked"] > 5

    repaired = cli(home, "doctor", "--repair", "--json")
    assert all(p["repaired"] for p in repaired.json["problems"]), repaired.json
    assert not _blob_path(home, blobs["video"]).exists()  # the damaged file is gone
    with sqlite3.connect(home / "scenesmith.db") as db:
        outputs = [json.loads(o) for (o,) in db.execute("select outputs from stage_cache")]
    assert not any(set(o["files"].values()) & {blobs["video"], blobs["thumbnail"]} for o in outputs)

    again = _make(cli, home)  # the dropped stages are computed again, without a damaged file to find
    _assert_sound_video(again["artifacts"]["video"], read_video(first["artifacts"]["video"])["frames"])
    shown = json.loads(cli(home, "runs", "show", again["run_id"], "--json").stdout)
    stages = {s["name"]: s["status"] for s in shown["stages"]}
    assert stages["assemble"] == "done" and stages["thumbnail"] == "done" and stages["plan"] == "cached", stages

    # what is left are the old run's own artifacts, no cache entry uses them; resuming that run mends it
    left = cli(home, "doctor", "--json").json["problems"]
    assert all(p["state"] == "missing" and p["runs"] == [run_id] and p["cache_entries"] == 0 for p in left), left
    assert cli(home, "resume", run_id, "--json").returncode == 0
    assert cli(home, "doctor", "--json").json["problems"] == []


def test_doctor_checks_the_system_tools(cli, home, tmp_path):
    found = cli(home, "doctor", "--json")
    assert {t["name"] for t in found.json["tools"]} == {"latex", "dvisvgm", "java", "dot", "bwrap", "latex document"}
    for tool in found.json["tools"]:
        assert tool["ok"] == (tool["version"] is not None) and (tool["ok"] or tool["install"])

    empty = tmp_path / "empty-bin"
    empty.mkdir()
    missing = cli(home, "doctor", "--json", PATH=str(empty))
    assert missing.returncode == 3 and missing.json["status"] == "problems"
    assert all(not t["ok"] and "not on PATH" in t["problem"] and t["install"].startswith("apt-get install") for t in missing.json["tools"])
    text = cli(home, "doctor", PATH=str(empty))
    assert text.returncode == 3 and "dot      MISSING" in text.stdout and "apt-get install graphviz" in text.stdout


@pytest.mark.slow
def test_runs_show_marks_a_missing_or_damaged_artifact(cli, home):
    first = _make(cli, home)
    run_id = first["run_id"]
    Path(first["artifacts"]["thumbnail"]).unlink()
    _zero_middle(Path(first["artifacts"]["video"]))

    shown = cli(home, "runs", "show", run_id, "--json").json
    states = shown["artifact_states"]
    assert states.pop("thumbnail") == "missing" and states.pop("video") == "damaged"
    assert set(states.values()) == {"ok"}
    text = cli(home, "runs", "show", run_id).stdout
    lines = {line.split()[0]: line for line in text.splitlines() if line.startswith("  ") and line.split()}
    assert "MISSING" in lines["thumbnail"] and "DAMAGED" in lines["video"] and f"scenesmith resume {run_id}" in lines["video"]
    assert "MISSING" not in lines["subtitles"] and "DAMAGED" not in lines["subtitles"]

    assert cli(home, "resume", run_id, "--json").returncode == 0
    assert set(cli(home, "runs", "show", run_id, "--json").json["artifact_states"].values()) == {"ok"}


def test_doctor_typesets_a_formula_and_names_the_missing_package(cli, home, tmp_path):
    """The programs being there is not enough: a render needs TeX Live's packages. A latex that cannot find
    amssymb (a stand-in that runs the real latex with TeX's search path emptied) is reported, with what to install."""
    found = cli(home, "doctor", "--json").json["tools"]
    document = next(t for t in found if t["name"] == "latex document")
    assert document["ok"], document

    broken = tmp_path / "bin"
    broken.mkdir()
    real = shutil.which("latex")
    (broken / "latex").write_text(f"#!/bin/sh\nTEXINPUTS=.:/nonexistent exec {real} \"$@\"\n")
    (broken / "latex").chmod(0o755)
    result = cli(home, "doctor", "--json", PATH=f"{broken}:{os.environ['PATH']}")
    assert result.returncode == 3
    document = next(t for t in result.json["tools"] if t["name"] == "latex document")
    assert not document["ok"] and "failed on a test formula" in document["problem"] and "standalone.cls" in document["problem"], document
    assert document["install"].startswith("apt-get install texlive")


def test_doctor_finds_run_files_still_linked_to_blobs_and_gives_each_a_copy(cli, home):
    """Runs made before run files were copies have hard links into blobs/: an edit of one would change the blob."""
    made = cli(home, "make", "The user asks the server for a token, then the server returns a token.", "--kind", "diagram", "--json")
    assert made.returncode == 0, made.stderr
    run_file = Path(made.json["artifacts"]["source"])
    blob = _blob_path(home, _artifact_blobs(home, made.json["run_id"])["source"])
    run_file.unlink()
    os.link(blob, run_file)  # what an older version left behind
    original = blob.read_bytes()

    found = cli(home, "doctor", "--json")
    assert found.returncode == 3 and found.json["linked_run_files"] == [str(run_file)]
    fixed = cli(home, "doctor", "--repair", "--json")
    assert fixed.json["linked_run_files_repaired"] and fixed.returncode == 0, fixed.json
    assert run_file.stat().st_nlink == 1 and blob.stat().st_nlink == 1
    run_file.write_text("edited by the user")
    assert blob.read_bytes() == original
    assert cli(home, "doctor", "--json").json["linked_run_files"] == []
