"""The layout check finds overlaps and off-frame elements from scene geometry, without rendering."""

from __future__ import annotations

import textwrap

import pytest

from scenesmith.storyboard.compiler import compile_storyboard
from scenesmith.storyboard.layout import analyze, check_code, read_probe
from tests.storyboard.boards import every_element


def test_analyze_finds_overlap_and_off_frame_by_name():
    probe = {"frame": [14.2, 8.0], "scenes": {"S": [[
        {"name": "title", "box": [-2, 2, 2, 3]},
        {"name": "graph", "box": [-1, 1, 1, 2.5]},
        {"name": "note", "box": [6.5, -1, 7.5, 0]},
        {"name": "highlight_of_graph", "box": [-1.2, 0.8, 1.2, 2.7]},
    ]]}}
    report = analyze(probe)
    problems = {(i.problem, tuple(i.elements)) for i in report.issues}
    assert ("overlap", ("graph", "title")) in problems
    assert ("off_frame", ("note",)) in problems
    # a highlight is meant to surround its target, but not other things
    assert ("overlap", ("graph", "highlight_of_graph")) not in problems
    assert ("overlap", ("highlight_of_graph", "title")) in problems


def test_probe_lines_name_a_scene_that_never_finished():
    lines = ['{"frame": [14.2, 8.0]}', '{"scene": "A", "started": true}', '{"scene": "A", "snapshots": []}', '{"scene": "B", "started": true}', '{"sce']
    probe = read_probe(lines, "stopped after the 5 s time limit")
    assert probe["scenes"] == {"A": []}
    assert "time limit" in probe["errors"]["B"]


@pytest.mark.slow
def test_compiled_layout_of_every_element_passes(tmp_path):
    code = tmp_path / "scenes.py"
    code.write_text(compile_storyboard(every_element()).source)
    report = check_code(code, tmp_path / "work", tmp_path / "tex")
    assert report.issues == [], "\n".join(map(str, report.issues))
    assert len(report.scenes) == 7


@pytest.mark.slow
def test_planted_overlap_is_caught(tmp_path):
    code = tmp_path / "planted.py"
    code.write_text(textwrap.dedent('''
        from manim import *

        class Planted(Scene):
            def construct(self):
                title = Text("A title").move_to(ORIGIN)
                title.name = "title"
                formula = MathTex("x^2 + 1").move_to(RIGHT * 0.2)
                formula.name = "formula"
                stray = Text("far away").move_to(RIGHT * 9)
                stray.name = "stray"
                self.play(FadeIn(title), FadeIn(formula))
                self.play(FadeIn(stray))
    '''))
    report = check_code(code, tmp_path / "work", tmp_path / "tex")
    problems = {(i.problem, tuple(i.elements)) for i in report.issues}
    assert ("overlap", ("formula", "title")) in problems
    assert ("off_frame", ("stray",)) in problems
    overlap = next(i for i in report.issues if i.problem == "overlap")
    assert "'formula' overlaps 'title'" in overlap.detail


@pytest.mark.slow
def test_probe_survives_a_crashing_scene(tmp_path):
    code = tmp_path / "broken.py"
    code.write_text("from manim import *\n\nclass Good(Scene):\n    def construct(self):\n        self.play(FadeIn(Square()))\n\n\nclass Broken(Scene):\n    def construct(self):\n        raise RuntimeError('boom')\n")
    report = check_code(code, tmp_path / "work")
    assert [i.scene for i in report.issues] == ["Broken"]
    assert "boom" in report.issues[0].detail
