"""The drawing elements added for the larger topic library: segments with angle marks, tables, trees, cells, matrices, polygons.

Each one validates within its bounds, compiles to code whose names all exist and whose
geometry is right, lays out cleanly in the real probe with every mobject named after its
element, and renders to a real video.
"""

from __future__ import annotations

import ast
import json
import math
import re
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from scenesmith.config import Settings
from scenesmith.engine.stages import StageRunner
from scenesmith.storyboard.compiler import PlaneDrawing, compile_scene, compile_storyboard, free_side, tree_positions
from scenesmith.storyboard.ir import SegmentsElement, Storyboard, StoryboardScene, TreeElement
from scenesmith.storyboard.layout import check_code, read_probe
from scenesmith.storyboard.pipeline import produce
from scenesmith.store import Run, Store
from tests.storyboard.boards import NEW_ELEMENTS, SHORT_NEW_ELEMENTS, new_elements, short_new_elements
from tests.storyboard.generated import name_problems
from tests.videos import assert_matches_plan


NEW_TYPES = {"segments", "table", "tree", "cells", "matrix"}


def one_scene(*elements: dict, layout: str = "column") -> StoryboardScene:
    return StoryboardScene.model_validate({"id": "s", "narration": "n", "layout": layout, "elements": list(elements)})


def scene_code(*elements: dict) -> str:
    return compile_scene(0, one_scene(*elements)).source


def calls(source: str, name: str) -> list[ast.Call]:
    """Every call of `name(...)` (a function or a method) in the source, in order."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            if (isinstance(func, ast.Name) and func.id == name) or (isinstance(func, ast.Attribute) and func.attr == name):
                found.append(node)
    return sorted(found, key=lambda n: (n.lineno, n.col_offset))


def keyword(call: ast.Call, name: str):
    return ast.literal_eval(next(k.value for k in call.keywords if k.arg == name))


def timed_total(source: str) -> float:
    """The seconds the code plays and waits, read from its run_time= and wait() arguments."""
    return sum(keyword(c, "run_time") for c in calls(source, "play")) + sum(ast.literal_eval(c.args[0]) for c in calls(source, "wait"))


# ---------------------------------------------------------------- every new element compiles


@pytest.mark.parametrize("scene", NEW_ELEMENTS["scenes"], ids=lambda s: s["id"])
def test_each_scene_compiles_with_every_name_defined_and_its_duration_counted(scene):
    compiled = compile_scene(0, StoryboardScene.model_validate(scene))
    header = compile_storyboard(Storyboard.model_validate({"title": "t", "scenes": [scene]})).source
    assert name_problems(header) == []
    assert compiled.duration == pytest.approx(timed_total(compiled.source))
    for element in scene["elements"]:
        if element["type"] in NEW_TYPES:
            assert f"        {element['id']} = tag(VGroup(" in compiled.source


# ---------------------------------------------------------------- segments and angle marks


def _segments(points: list[tuple[str, float, float]], **extra) -> dict:
    return {"type": "segments", "id": "fig", "points": [{"name": n, "x": x, "y": y} for n, x, y in points], **extra}


@pytest.mark.parametrize(("end", "degrees"), [((1, 1), 45), ((-1, 0.0001), 180), ((-1, -1), 135), ((0.5, -2), 75.96), ((-1, 0), 180)])
def test_an_angle_mark_spans_the_angle_between_its_rays(end, degrees):
    fig = _segments([("V", 0, 0), ("A", 2, 0), ("B", *end)], angles=[{"vertex": "V", "start": "A", "end": "B", "label": "x"}])
    (arc,) = calls(scene_code(fig), "Arc")
    sweep = keyword(arc, "angle")
    assert sweep == pytest.approx(math.radians(degrees), abs=1e-3)
    start = keyword(arc, "start_angle")

    def gap(a: float, b: float) -> float:
        return abs((a - b + math.pi) % math.tau - math.pi)

    # The arc starts on one ray and ends on the other, whichever way round the IR named them.
    ray_a, ray_b = 0.0, math.atan2(end[1], end[0])
    ends = (start, start + sweep)
    assert min(gap(ends[0], ray_a) + gap(ends[1], ray_b), gap(ends[0], ray_b) + gap(ends[1], ray_a)) < 2e-3


def test_angle_labels_sit_on_the_bisector_and_a_degree_sign_becomes_latex():
    fig = _segments([("V", 0, 0), ("A", 3, 0), ("B", 0, 3)], angles=[{"vertex": "V", "start": "B", "end": "A", "label": "90°"}])
    source = scene_code(fig)
    (label,) = [c for c in calls(source, "move_to") if isinstance(c.func.value, ast.Call) and c.func.value.func.id == "MathTex"]
    x, y, _ = ast.literal_eval(label.args[0])
    points = next(n.value for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Assign) and ast.unparse(n.targets[0]) == "fig_points")
    vx, vy, _ = ast.literal_eval(points)["V"]
    assert x - vx == pytest.approx(y - vy, abs=1e-3) and x - vx > 0.45
    assert r"90^{\circ}" in source and "°" not in source


def test_a_right_angle_mark_and_arcs_on_a_circle():
    fig = _segments([("O", 0, 0), ("A", 2, 0), ("B", 0, 2)], circles=[{"center": "O", "radius": 2}],
                    angles=[{"vertex": "O", "start": "A", "end": "B", "right": True}, {"vertex": "O", "start": "A", "end": "B", "radius": 2, "label": r"\tfrac{\pi}{2} r"}])
    source = scene_code(fig)
    (circle,) = calls(source, "Circle")
    (arc,) = calls(source, "Arc")
    assert keyword(arc, "radius") == keyword(circle, "radius") and keyword(arc, "angle") == pytest.approx(math.pi / 2, abs=1e-3)
    assert len(calls(source, "RightAngle")) == 1


def test_point_labels_avoid_the_lines_and_marks_at_the_point():
    # Two lines cross at X; an angle mark fills the quarter between the rays to E and N.
    el = SegmentsElement.model_validate(_segments(
        [("X", 0, 0), ("E", 2, 0), ("W", -2, 0), ("N", 0, 2), ("S", 0, -2)],
        segments=[{"start": "W", "end": "E"}, {"start": "S", "end": "N"}], angles=[{"vertex": "X", "start": "E", "end": "N"}]))
    side = free_side(PlaneDrawing(el), el, "X")
    assert side in {"UP + LEFT", "DOWN + LEFT", "DOWN + RIGHT"}
    # A point at the end of one segment puts its label straight away from it.
    assert free_side(PlaneDrawing(el), el, "E") == "RIGHT"


def test_segments_ending_at_unknown_points_or_without_length_are_refused():
    with pytest.raises(ValidationError, match="not in points"):
        SegmentsElement.model_validate(_segments([("A", 0, 0), ("B", 1, 0)], segments=[{"start": "A", "end": "Z"}]))
    with pytest.raises(ValidationError, match="no length"):
        SegmentsElement.model_validate(_segments([("A", 0, 0), ("B", 0, 0)], segments=[{"start": "A", "end": "B"}]))
    with pytest.raises(ValidationError, match="defined twice"):
        SegmentsElement.model_validate(_segments([("A", 0, 0), ("A", 1, 0)]))
    with pytest.raises(ValidationError, match="marked right but measures 63.4"):
        SegmentsElement.model_validate(_segments([("V", 0, 0), ("A", 1, 0), ("B", 1, 2)], angles=[{"vertex": "V", "start": "A", "end": "B", "right": True}]))
    with pytest.raises(ValidationError, match="shows nothing"):
        SegmentsElement.model_validate({"type": "segments", "id": "fig", "points": [{"name": "A", "x": 0, "y": 0, "dot": False}]})


# ---------------------------------------------------------------- tables


def test_table_rows_are_written_one_by_one_and_highlights_skip_the_header():
    table = {"type": "table", "id": "freq", "header": ["Score", "f"], "header_math": False, "rows": [[1, 3], [2, 5], [3, 8]],
             "highlight": [{"row": 3, "column": 2}]}
    source = scene_code(table)
    (built,) = calls(source, "MobjectTable")
    assert [len(row.elts) for row in built.args[0].elts] == [2, 2, 2]
    body = [[ast.literal_eval(cell.args[0]) for cell in row.elts] for row in built.args[0].elts]
    assert body == [["1", "3"], ["2", "5"], ["3", "8"]]
    header = keyword_node(built, "col_labels")
    assert [(cell.func.id, ast.literal_eval(cell.args[0])) for cell in header.elts] == [("Text", "Score"), ("Text", "f")]
    (cell,) = calls(source, "get_cell")
    assert ast.literal_eval(cell.args[0]) == (4, 2)  # Manim counts the header as row 1
    assert [f"Write(freq_rows[{k}])" in source for k in range(4)] == [True] * 4


def keyword_node(call: ast.Call, name: str) -> ast.expr:
    return next(k.value for k in call.keywords if k.arg == name)


# ---------------------------------------------------------------- trees


COIN_TREE = {"type": "tree", "id": "coins", "nodes": [
    {"id": "s"}, {"id": "h", "parent": "s", "label": "H", "edge_label": r"\tfrac12"}, {"id": "t", "parent": "s", "label": "T", "edge_label": r"\tfrac12"},
    {"id": "hh", "parent": "h", "label": "HH"}, {"id": "ht", "parent": "h", "label": "HT"},
    {"id": "th", "parent": "t", "label": "TH"}, {"id": "tt", "parent": "t", "label": "TT"}]}


def test_tree_leaves_are_evenly_spaced_and_parents_centred_over_their_children():
    right = tree_positions(TreeElement.model_validate(COIN_TREE))
    leaves = [right[n] for n in ("hh", "ht", "th", "tt")]
    assert len({x for x, _ in leaves}) == 1 and right["s"][0] < right["h"][0] < leaves[0][0]
    gaps = {round(a[1] - b[1], 6) for a, b in zip(leaves, leaves[1:])}
    assert len(gaps) == 1 and gaps.pop() > 0
    assert right["h"][1] == pytest.approx((right["hh"][1] + right["ht"][1]) / 2)
    assert right["s"][1] == pytest.approx((right["h"][1] + right["t"][1]) / 2)
    down = tree_positions(TreeElement.model_validate({**COIN_TREE, "direction": "down"}))
    assert down["s"][1] > down["h"][1] > down["hh"][1] and down["hh"][0] < down["ht"][0] < down["th"][0] < down["tt"][0]


def test_tree_edges_join_each_node_to_its_parent_level_by_level():
    source = scene_code(COIN_TREE)
    edges = [(c.args[0].id, c.args[1].id) for c in calls(source, "Line")]
    assert edges == [("coins_node_0", "coins_node_1"), ("coins_node_0", "coins_node_2"), ("coins_node_1", "coins_node_3"),
                     ("coins_node_1", "coins_node_4"), ("coins_node_2", "coins_node_5"), ("coins_node_2", "coins_node_6")]
    plays = [ast.unparse(c) for c in calls(source, "play")]
    assert "coins_node_0" in plays[0] and "coins_node_3" not in plays[1] and "coins_node_3" in plays[2]
    assert len(calls(source, "Dot")) == 1  # the unlabelled root


# ---------------------------------------------------------------- cells


def _cells_code(scene_id: str) -> str:
    scene = next(s for s in NEW_ELEMENTS["scenes"] if s["id"] == scene_id)
    return compile_scene(0, StoryboardScene.model_validate(scene)).source


def test_a_swap_moves_the_two_values_into_each_others_cells():
    source = _cells_code("bubble")
    moves = [ast.unparse(c) for c in calls(source, "move_to") if "path_arc" in ast.unparse(c)]
    # First swap: the values that started in cells 0 and 1 trade places; later swaps move whatever stands there now.
    assert moves[:2] == ["pass_one_values[1].animate(path_arc=PI / 2).move_to(pass_one_boxes[0])", "pass_one_values[0].animate(path_arc=PI / 2).move_to(pass_one_boxes[1])"]
    assert moves[2:4] == ["pass_one_values[2].animate(path_arc=PI / 2).move_to(pass_one_boxes[1])", "pass_one_values[0].animate(path_arc=PI / 2).move_to(pass_one_boxes[2])"]
    assert len(moves) == 6
    assert "set_fill(GREEN" in source.split("pass_one_caption_5 =")[1]  # sorted wins over swap in the last state


def test_changed_values_are_transformed_and_marks_follow_the_states():
    source = _cells_code("insertion")
    replaced = [(c.args[0].id if isinstance(c.args[0], ast.Name) else ast.unparse(c.args[0]), c.args[1].id) for c in calls(source, "ReplacementTransform")]
    assert replaced == [("shift_values[3]", "shift_value_1_3"), ("shift_values[2]", "shift_value_2_2"), ("shift_values[1]", "shift_value_3_1")]
    assert "shift_value_3_1 = fit(MathTex('4'" in source
    search = _cells_code("search")
    assert search.count(".animate.set_opacity(0.3)") == 8  # five cells dim, then three more
    assert "halves_pointer_1.animate.set_x(halves_boxes[7].get_x())" in search and "halves_boxes[5].animate.set_fill(GOLD" in search
    sieve = _cells_code("sieve")
    assert [c.args[0].id for c in calls(sieve, "Create") if c.args[0].id.startswith("numbers_strike")] == [f"numbers_strike_{i}" for i in (2, 4, 6, 8, 10, 7)]


def test_a_pointer_that_reappears_elsewhere_is_moved_while_hidden():
    source = scene_code({"type": "cells", "id": "arr", "states": [
        {"values": [1, 2, 3], "pointers": [{"name": "i", "index": 0}]}, {"values": [1, 2, 3]}, {"values": [1, 2, 3], "pointers": [{"name": "i", "index": 2}]}]})
    lines = source.splitlines()
    hide = next(k for k, line in enumerate(lines) if "FadeOut(arr_pointer_0)" in line)
    move = next(k for k, line in enumerate(lines) if "arr_pointer_0.set_x(arr_boxes[2].get_x())" in line)
    show = [k for k, line in enumerate(lines) if "FadeIn(arr_pointer_0)" in line]
    assert hide < move < show[1]


# ---------------------------------------------------------------- matrices and polygons


def test_matrix_brackets_labels_and_highlighted_rows_and_columns():
    source = scene_code({"type": "matrix", "id": "m", "label": "A =", "entries": [[1, 2, 3], [4, 5, 6]], "brackets": "bars",
                         "highlight_rows": [2], "highlight_columns": [3]})
    (matrix,) = calls(source, "Matrix")
    assert ast.literal_eval(matrix.args[0]) == [["1", "2", "3"], ["4", "5", "6"]]
    assert (keyword(matrix, "left_bracket"), keyword(matrix, "right_bracket")) == ("|", "|")
    assert "m_matrix.get_rows()[1]" in source and "m_matrix.get_columns()[2]" in source
    assert "m_matrix = Matrix([['1', '2']])\n" in scene_code({"type": "matrix", "id": "m", "entries": [[1, 2]]})


def test_polygons_on_axes_and_one_grown_from_another():
    plot = {"type": "axes_plot", "id": "p", "x_range": {"min": -1, "max": 4}, "y_range": {"min": -1, "max": 4}, "polygons": [
        {"vertices": [{"x": 0, "y": 0}, {"x": 1, "y": 0}, {"x": 1, "y": 1}, {"x": 0, "y": 1}]},
        {"vertices": [{"x": 0, "y": 0}, {"x": 2, "y": 1}, {"x": 3, "y": 3}, {"x": 1, "y": 2}], "from_polygon": 0, "label": r"\det = 3"}]}
    source = scene_code(plot)
    square, image = calls(source, "Polygon")
    assert [ast.unparse(a) for a in image.args] == ["p_axes.c2p(0, 0)", "p_axes.c2p(2, 1)", "p_axes.c2p(3, 3)", "p_axes.c2p(1, 2)"]
    assert "DrawBorderThenFill(p_polygon_0)" in source and "TransformFromCopy(p_polygon_0, p_polygon_1), Write(p_polygon_1_label)" in source
    assert "p_polygon_1_label = MathTex(" in source and ".move_to(p_axes.c2p(1.5, 1.5))" in source


# ---------------------------------------------------------------- bounds


def _element(data: dict):
    return StoryboardScene.model_validate({"id": "s", "narration": "n", "elements": [data]})


TABLE = {"type": "table", "id": "t", "header": ["a", "b"], "rows": [[1, 2]]}
CELLS = {"type": "cells", "id": "c", "states": [{"values": [3, 1, 2]}]}
MATRIX = {"type": "matrix", "id": "m", "entries": [[1, 2], [3, 4]]}
PLOT = {"type": "axes_plot", "id": "p", "x_range": {"min": -5, "max": 5}, "y_range": {"min": -5, "max": 5}}
SQUARE = [{"x": 0, "y": 0}, {"x": 1, "y": 0}, {"x": 1, "y": 1}]


def _chain(depth: int) -> dict:
    return {"type": "tree", "id": "t", "nodes": [{"id": "n0"}] + [{"id": f"n{k}", "parent": f"n{k - 1}"} for k in range(1, depth + 1)]}


def _wide(leaves: int) -> dict:
    return {"type": "tree", "id": "t", "nodes": [{"id": "r"}] + [{"id": f"a{k}", "parent": "r"} for k in range(leaves)]}


REFUSED = {
    "table with 9 rows": ({**TABLE, "rows": [[1, 2]] * 9}, "at most 8"),
    "table with 7 columns": ({**TABLE, "header": list("abcdefg"), "rows": [list(range(7))]}, "at most 6"),
    "ragged table": ({**TABLE, "rows": [[1, 2], [3]]}, "row 2 has 1 cells but the header has 2"),
    "long table cell": ({**TABLE, "rows": [["x" * 25, 1]]}, "at most 24 characters"),
    "highlight outside the table": ({**TABLE, "highlight": [{"row": 2, "column": 1}]}, "outside the 1 x 2 table"),
    "tree 5 levels deep": (_chain(5), "5 levels deep; at most 4"),
    "tree with 17 leaves": (_wide(17), "17 leaves; at most 16"),
    "tree with 32 nodes": (_wide(31), "at most 31 items"),
    "tree with two roots": ({"type": "tree", "id": "t", "nodes": [{"id": "a"}, {"id": "b"}]}, "only the first node is the root"),
    "tree child before parent": ({"type": "tree", "id": "t", "nodes": [{"id": "a"}, {"id": "b", "parent": "c"}, {"id": "c", "parent": "a"}]}, "must be an earlier node"),
    "tree root with an edge label": ({"type": "tree", "id": "t", "nodes": [{"id": "a", "edge_label": "x"}, {"id": "b", "parent": "a"}]}, "no parent and no edge label"),
    "17 cells": ({**CELLS, "states": [{"values": list(range(17))}]}, "at most 16 items"),
    "25 states": ({**CELLS, "states": [{"values": [1]}] * 25}, "at most 24 items"),
    "cells change length": ({**CELLS, "states": [{"values": [1, 2]}, {"values": [1, 2, 3]}]}, "state 1 has 3 values; the first state has 2"),
    "mark past the end": ({**CELLS, "states": [{"values": [1, 2], "compare": [0, 2]}]}, "marks cell 2, but the cells are numbered 0..1"),
    "swap that is not one": ({**CELLS, "states": [{"values": [1, 2, 3]}, {"values": [2, 3, 1], "swap": [0, 1]}]}, "not the previous values with cells 0 and 1 exchanged"),
    "swap in the first state": ({**CELLS, "states": [{"values": [1, 2], "swap": [0, 1]}]}, "a swap exchanges two different cells"),
    "four pointer names": ({**CELLS, "states": [{"values": [1, 2], "pointers": [{"name": "a", "index": 0}, {"name": "b", "index": 1}]},
                                                {"values": [1, 2], "pointers": [{"name": "c", "index": 0}, {"name": "d", "index": 1}]}]}, "4 pointer names"),
    "long cell value": ({**CELLS, "states": [{"values": ["123456789"]}]}, "at most 8 characters"),
    "5 x 5 matrix": ({**MATRIX, "entries": [[1] * 5] * 5}, "at most 4 items"),
    "ragged matrix": ({**MATRIX, "entries": [[1, 2], [3]]}, "same number of entries"),
    "matrix row 3 of 2": ({**MATRIX, "highlight_rows": [3]}, "outside the 2 x 2 matrix"),
    "segments too far out": (_segments([("A", 0, 0), ("B", 11, 0)]), "less than or equal to 10"),
    "13 points": (_segments([(f"P{k}", k - 6, 0) for k in range(13)]), "at most 12 items"),
    "polygon with 9 vertices": ({**PLOT, "polygons": [{"vertices": [{"x": math.cos(k), "y": math.sin(k)} for k in range(9)]}]}, "at most 8 items"),
    "4 polygons": ({**PLOT, "polygons": [{"vertices": SQUARE}] * 4}, "at most 3 items"),
    "vertex outside the axes": ({**PLOT, "polygons": [{"vertices": [*SQUARE, {"x": 6, "y": 0}]}]}, r"vertex \(6, 0\) lies outside the axes"),
    "polygon grown from a later one": ({**PLOT, "polygons": [{"vertices": SQUARE, "from_polygon": 1}, {"vertices": SQUARE}]}, "must name an earlier polygon"),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_out_of_bounds_elements_are_refused(name):
    data, reason = REFUSED[name]
    with pytest.raises(ValidationError, match=reason):
        _element(data)


def test_the_largest_allowed_elements_validate():
    _element({**TABLE, "header": list("abcdef"), "rows": [list(range(6))] * 8})
    _element(_chain(4))
    _element(_wide(16))
    _element({**CELLS, "states": [{"values": list(range(16))}] * 24})
    _element({**MATRIX, "entries": [[1] * 4] * 4})
    _element({**PLOT, "polygons": [{"vertices": [{"x": 2 * math.cos(k), "y": 2 * math.sin(k)} for k in range(8)]}] * 3})


# ---------------------------------------------------------------- the real layout check and a real render


@pytest.fixture(scope="module")
def tex_cache(tmp_path_factory):
    """Compiled LaTeX shared by this file's probes, as a user's runs share it."""
    return tmp_path_factory.mktemp("tex")


def _names_in_probe(workdir) -> dict[str, set[str]]:
    probe = read_probe((workdir / "layout.jsonl").read_text().splitlines(), None)
    return {scene: {el["name"] for snapshot in snapshots for el in snapshot} for scene, snapshots in probe["scenes"].items()}


@pytest.mark.slow
def test_new_elements_pass_the_layout_check_with_every_mobject_named(tmp_path, tex_cache):
    compiled = compile_storyboard(new_elements())
    code = tmp_path / "scenes.py"
    code.write_text(compiled.source)
    report = check_code(code, tmp_path / "work", tex_cache)
    assert report.issues == [], "\n".join(map(str, report.issues))
    assert report.scenes == [s.class_name for s in compiled.scenes]
    seen = _names_in_probe(tmp_path / "work")
    for scene, compiled_scene in zip(NEW_ELEMENTS["scenes"], compiled.scenes):
        ids = {el["id"] for el in scene["elements"]}
        # Every element shows up under its own name, and nothing on screen is unnamed (Manim's default names look like 'VGroup#3').
        assert ids <= seen[compiled_scene.class_name] <= ids | {"heading", "caption"}, (compiled_scene.class_name, seen[compiled_scene.class_name])


@pytest.mark.slow
def test_the_layout_check_names_new_elements_that_collide_or_leave_the_frame(tmp_path, tex_cache):
    board = Storyboard.model_validate({"title": "t", "scenes": [
        next(s for s in NEW_ELEMENTS["scenes"] if s["id"] == "factors"),
        next(s for s in NEW_ELEMENTS["scenes"] if s["id"] == "matrices")]})
    source = compile_storyboard(board).source
    planted = source.replace("place_body(body, under_heading=True)\n", "place_body(body, under_heading=True)\n        product.move_to(sixty)\n", 1)
    planted = planted.replace("        self.play(Write(det_label), Write(det_matrix)", "        det.shift(RIGHT * 6)\n        self.play(Write(det_label), Write(det_matrix)", 1)
    assert planted.count("product.move_to(sixty)") == 1 and planted.count("det.shift") == 1
    code = tmp_path / "planted.py"
    code.write_text(planted)
    report = check_code(code, tmp_path / "work", tex_cache)
    problems = {(i.problem, tuple(i.elements)) for i in report.issues}
    assert problems == {("overlap", ("product", "sixty")), ("off_frame", ("det",))}, "\n".join(map(str, report.issues))


@pytest.mark.slow
def test_every_new_element_renders_into_a_real_video(home):
    store = Store(home)
    with store.session() as session:
        session.add(Run(id="new", prompt="test", kind="test", options={}, status="running", artifacts={}, report={}))
    board = short_new_elements()
    assert {el.type for s in board.scenes for el in s.elements} >= {"segments", "table", "tree", "cells", "matrix", "axes_plot"}
    assert any(el.type == "axes_plot" and el.polygons for s in board.scenes for el in s.elements)
    plan = store.blobs.put_bytes(board.model_dump_json().encode(), ".json")
    outcome = produce(StageRunner(store, "new"), plan, "low", Settings(workers=2))
    assert outcome.status == "succeeded", outcome.error
    artifacts = {name: str(store.blobs.path(blob)) for name, blob in outcome.artifacts.items()}
    assert_matches_plan(artifacts)
    report = json.loads(store.blobs.path(outcome.artifacts["report"]).read_text())
    assert [s["class"] for s in report["scenes"]] == ["Scene01Figures", "Scene02Steps", "Scene03Square"]
    assert len(SHORT_NEW_ELEMENTS["scenes"]) == 3


def test_the_yaml_examples_in_the_storyboard_docs_validate():
    text = (Path(__file__).resolve().parents[2] / "docs" / "storyboard.md").read_text()
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    elements = [el for block in blocks for el in yaml.safe_load(block)]
    assert {el["type"] for el in elements} == {"segments", "table", "tree", "cells", "matrix", "axes_plot"}
    for el in elements:
        _element(el)
