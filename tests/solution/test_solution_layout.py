"""Every solution of the dev set, with and without hints, becomes a storyboard that compiles and lays out cleanly."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from scenesmith import sandbox
from scenesmith.kinds.solution.planner import solution_storyboard
from scenesmith.kinds.solution.solver import solve
from scenesmith.storyboard.compiler import compile_storyboard
from scenesmith.storyboard.layout import check_code
from tests.storyboard.combined import one_file

DEVSET = yaml.safe_load((Path(__file__).resolve().parents[2] / "bench" / "solution_problems.yaml").read_text())
PROMPTS = [item["prompt"] for item in DEVSET]


def _compiled(hints: bool):
    for index, prompt in enumerate(PROMPTS):
        board = solution_storyboard(solve(prompt), hints=hints)
        yield (f"P{index:02d}{'H' if hints else ''}", compile_storyboard(board))


def test_every_solution_compiles():
    for _, compiled in [*_compiled(False), *_compiled(True)]:
        ast.parse(compiled.source)
        assert any("TransformMatchingTex" in s.source for s in compiled.scenes) or len(compiled.scenes) >= 2


@pytest.mark.slow
def test_every_solution_lays_out_without_issues(tmp_path):
    source, count = one_file([*_compiled(False), *_compiled(True)])
    code = tmp_path / "solutions.py"
    code.write_text(source)
    report = check_code(code, tmp_path / "work", tmp_path / "tex", limits=sandbox.Limits(timeout_s=1500, memory_mb=8192))
    assert report.issues == [], "\n".join(map(str, report.issues))
    assert len(report.scenes) == count
