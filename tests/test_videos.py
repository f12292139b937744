"""Real low-quality renders through the CLI: videos that match their plans, caching, quality, hints, --out."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from PIL import Image

from tests.videos import assert_matches_plan, read_video

pytestmark = pytest.mark.slow


def _stages(cli, home, run_id):
    shown = cli(home, "runs", "show", run_id, "--json")
    assert shown.returncode == 0, shown.stderr
    return {s["name"]: s["status"] for s in json.loads(shown.stdout)["stages"]}


def _check_outputs(artifacts: dict) -> None:
    for name in ("video", "subtitles", "thumbnail", "plan", "code"):
        assert Path(artifacts[name]).is_file(), name
    ast.parse(Path(artifacts["code"]).read_text())
    with Image.open(artifacts["thumbnail"]) as thumb:
        assert thumb.size == (1280, 720) and thumb.format == "PNG"
    srt = Path(artifacts["subtitles"]).read_text()
    stamps = re.findall(r"(\d\d):(\d\d):(\d\d),(\d\d\d) --> (\d\d):(\d\d):(\d\d),(\d\d\d)", srt)
    assert stamps, srt
    h, m, s, ms = map(int, stamps[-1][4:])
    assert abs(h * 3600 + m * 60 + s + ms / 1000 - read_video(artifacts["video"])["duration"]) < 0.2


def test_solution_video(cli, shared_home):
    result = cli(shared_home, "make", "Solve 3x + 7 = 22", "--json")
    assert result.returncode == 0, result.stderr
    payload = result.json
    assert set(payload) == {"run_id", "kind", "status", "artifacts", "answer", "answer_latex", "error", "timings"}
    assert (payload["kind"], payload["status"], payload["answer"], payload["answer_latex"], payload["error"]) == ("solution", "succeeded", "x = 5", "x = 5", None)
    _check_outputs(payload["artifacts"])
    assert_matches_plan(payload["artifacts"])
    plan = json.loads(Path(payload["artifacts"]["plan"]).read_text())
    steps = plan["scenes"][1]["elements"][0]
    assert steps["type"] == "equation_steps" and steps["steps"][-1]["latex"].replace(" ", "") == "x=5"
    assert "TransformMatchingTex" in Path(payload["artifacts"]["code"]).read_text()


def test_explainer_video(cli, shared_home):
    result = cli(shared_home, "make", "Show the graph of y = x^2 - 4", "--json")
    assert result.returncode == 0, result.stderr
    payload = result.json
    assert (payload["kind"], payload["status"], payload["answer"]) == ("explainer", "succeeded", None)
    _check_outputs(payload["artifacts"])
    assert_matches_plan(payload["artifacts"])
    plot = json.loads(Path(payload["artifacts"]["plan"]).read_text())["scenes"][1]["elements"][0]
    assert plot["functions"][0]["expr"] == "x**2 - 4"
    assert sorted(p["x"] for p in plot["points"]) == [-2, 2]


def test_repeating_a_request_hits_the_cache(cli, shared_home):
    first = cli(shared_home, "make", "Solve 2(x - 4) = 10", "--json")
    again = cli(shared_home, "make", "Solve 2(x - 4) = 10", "--json")
    assert first.returncode == again.returncode == 0, again.stderr
    a, b = first.json, again.json
    assert a["run_id"] != b["run_id"]
    statuses = _stages(cli, shared_home, b["run_id"])
    assert statuses and set(statuses.values()) == {"cached"}, statuses
    assert Path(a["artifacts"]["video"]).read_bytes() == Path(b["artifacts"]["video"]).read_bytes()


def test_changing_quality_rerenders_without_replanning(cli, shared_home):
    low = cli(shared_home, "make", "What is 15% of 80?", "--json")
    medium = cli(shared_home, "make", "What is 15% of 80?", "--quality", "medium", "--json")
    assert low.returncode == medium.returncode == 0, medium.stderr
    assert medium.json["answer"] == "12"
    statuses = _stages(cli, shared_home, medium.json["run_id"])
    assert statuses["plan"] == statuses["compile"] == statuses["layout"] == "cached"
    renders = [status for name, status in statuses.items() if name.startswith("render:")]
    assert renders and set(renders) == {"done"}
    assert_matches_plan(medium.json["artifacts"], "medium")


def test_hints_stop_before_the_answer(cli, shared_home):
    result = cli(shared_home, "make", "Solve 5x - 3 = 12", "--hints", "--json")
    assert result.returncode == 0, result.stderr
    payload = result.json
    assert payload["answer"] is None
    plan = Path(payload["artifacts"]["plan"]).read_text()
    assert "x = 3" not in plan.replace("x=3", "x = 3")
    assert "Your turn" in plan


def test_out_folder_gets_the_files(cli, shared_home, tmp_path):
    out = tmp_path / "deliver"
    result = cli(shared_home, "make", "Solve 3x + 7 = 22", "--out", str(out), "--json")
    assert result.returncode == 0, result.stderr
    artifacts = result.json["artifacts"]
    assert all(Path(p).parent == out and Path(p).is_file() for p in artifacts.values())
    assert (out / "video.mp4").is_file() and (out / "thumbnail.png").is_file() and (out / "subtitles.srt").is_file()


def test_human_output_lists_files(cli, shared_home):
    result = cli(shared_home, "make", "Solve 3x + 7 = 22")
    assert result.returncode == 0
    assert "succeeded" in result.stdout and "answer: x = 5" in result.stdout and "video.mp4" in result.stdout
