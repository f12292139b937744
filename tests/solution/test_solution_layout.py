"""Solutions become storyboards that compile and lay out cleanly: every dev problem compiles, a sample of every category is probed.

bench/solution_bench.py --layout probes all of them.
"""

from __future__ import annotations

import ast
from collections import defaultdict

import pytest

from scenesmith import sandbox
from scenesmith.kinds.solution.planner import STEPS_PER_SCENE, solution_storyboard
from scenesmith.storyboard.compiler import compile_storyboard
from scenesmith.storyboard.layout import check_code
from tests.solution import devset
from tests.storyboard.combined import one_file

PER_CATEGORY = 3



def sample(per_category: int = PER_CATEGORY):
    """The longest derivations of each category (the hardest to lay out)."""
    by = defaultdict(list)
    for entry, solution in devset.solved():
        by[entry["category"]].append((entry, solution))
    picked = []
    for rows in by.values():
        rows.sort(key=lambda row: -sum(len(s.latex) for s in row[1].steps))
        picked += rows[:per_category]
    return picked


def compiled_boards(rows, tag=""):
    for index, (_, solution) in enumerate(rows):
        for hints in (False, True):
            if hints and len(solution.steps) < 2:
                continue
            yield f"P{tag}{index:03d}{'H' if hints else ''}", compile_storyboard(solution_storyboard(solution, hints=hints))


def test_every_solution_compiles_with_its_steps_in_order():
    for _, solution in devset.solved():
        board = solution_storyboard(solution)
        steps = [step for scene in board.scenes for el in scene.elements if el.type == "equation_steps" for step in el.steps]
        assert [s.latex for s in steps] == [s.latex for s in solution.steps]
        assert all(len(el.steps) <= STEPS_PER_SCENE for scene in board.scenes for el in scene.elements if el.type == "equation_steps")
        compiled = compile_storyboard(board)
        ast.parse(compiled.source)
        assert sum("TransformMatchingTex" in s.source for s in compiled.scenes) == sum(1 for sc in board.scenes if sc.id.startswith("steps_"))


def test_a_long_derivation_is_spread_over_several_scenes():
    longest = max(devset.solved(), key=lambda row: len(row[1].steps))[1]
    if len(longest.steps) <= STEPS_PER_SCENE:
        pytest.skip("no dev problem needs more than one scene of steps")
    board = solution_storyboard(longest)
    step_scenes = [sc for sc in board.scenes if sc.id.startswith("steps_")]
    assert len(step_scenes) >= 2
    for before, after in zip(step_scenes, step_scenes[1:]):
        assert after.elements[0].start == before.elements[0].steps[-1].latex  # each scene starts where the last one ended


@pytest.mark.slow
def test_a_sample_of_every_category_lays_out_without_issues(tmp_path):
    source, count = one_file(compiled_boards(sample()))
    code = tmp_path / "solutions.py"
    code.write_text(source)
    report = check_code(code, tmp_path / "work", tmp_path / "tex", limits=sandbox.Limits(timeout_s=1500, memory_mb=8192))
    assert report.issues == [], "\n".join(map(str, report.issues))
    assert len(report.scenes) == count
