"""The compiler turns every element type into readable Manim code that Python accepts and whose every name is defined."""

from __future__ import annotations

import ast

import pytest
from pydantic import ValidationError

from scenesmith.storyboard.compiler import CompileError, compile_storyboard, split_tex
from scenesmith.storyboard.expressions import ExpressionError, parse_function
from scenesmith.storyboard.ir import Storyboard
from tests.storyboard.boards import EVERY_ELEMENT, PYTHON_NAMES, QUOTING, every_element, new_elements
from tests.storyboard.generated import name_problems


def test_every_element_compiles_to_valid_python():
    compiled = compile_storyboard(every_element())
    assert name_problems(compiled.source) == []
    tree = ast.parse(compiled.source)
    classes = [node.name for node in tree.body if isinstance(node, ast.ClassDef)]
    assert classes == [s.class_name for s in compiled.scenes]
    assert len(classes) == len(EVERY_ELEMENT["scenes"])
    assert all(s.duration > 1 for s in compiled.scenes)
    assert "TransformMatchingTex" in compiled.source


def test_new_elements_compile_with_every_name_defined():
    assert name_problems(compile_storyboard(new_elements()).source) == []


def test_the_name_check_catches_a_renamed_identifier():
    source = compile_storyboard(every_element()).source
    assert "plot_axes_labels)" in source
    broken = source.replace("plot_axes_labels)", "plot_axis_labels)", 1)
    ast.parse(broken)  # what this test file used to check: it cannot see the bug
    assert any("undefined name 'plot_axis_labels'" in p for p in name_problems(broken))
    assert any("undefined name 'Arow'" in p for p in name_problems(source.replace("Arrow(", "Arow(")))


def test_split_tex_keeps_groups_whole():
    assert split_tex("3x + 7 = 22") == ["3x", "+", "7", "=", "22"]
    assert split_tex(r"\frac{x + 1}{2} = 4") == [r"\frac{x + 1}{2}", "=", "4"]
    assert split_tex(r"\left| x - 3 \right| = 5") == [r"\left| x - 3 \right|", "=", "5"]
    assert split_tex(r"x \le -3") == ["x", r"\le", "-", "3"]
    assert split_tex("x^{-1} = 2") == ["x^{-1}", "=", "2"]


def test_quotes_and_backslashes_are_escaped():
    board = Storyboard.model_validate(QUOTING)
    source = compile_storyboard(board).source
    assert name_problems(source) == []
    module = ast.parse(source)
    scene = next(node for node in module.body if isinstance(node, ast.ClassDef))
    assert ast.get_docstring(scene) == 'A \'\'\' narration \\'
    assert 'It\'s "quoted" \\' in [node.value for node in ast.walk(scene) if isinstance(node, ast.Constant)]
    assert 'Quote " and \\' in [node.value for node in ast.walk(scene) if isinstance(node, ast.Constant)]


def test_expressions_are_a_closed_vocabulary():
    assert str(parse_function("x^2 - 4")) == "x**2 - 4"
    assert str(parse_function("2sin(x)")) == "2*sin(x)"
    for hostile in ("__import__('os').system('true')", "x.__class__", "open('f')", "y + 1", "lambda: 1"):
        with pytest.raises(ExpressionError):
            parse_function(hostile)


def test_curve_outside_its_axes_is_a_compile_error():
    board = Storyboard.model_validate({"title": "t", "scenes": [{"id": "a", "narration": "n", "elements": [
        {"type": "axes_plot", "id": "p", "x_range": {"min": -1, "max": 1}, "y_range": {"min": 50, "max": 60}, "functions": [{"expr": "x"}]}]}]})
    with pytest.raises(CompileError, match="never enters"):
        compile_storyboard(board)


def test_ir_rejects_unbounded_or_unknown_input():
    with pytest.raises(ValidationError):
        Storyboard.model_validate({"title": "t", "scenes": []})
    with pytest.raises(ValidationError):
        Storyboard.model_validate({"title": "t", "scenes": [{"id": "a", "narration": "n", "elements": [{"type": "video", "id": "v"}]}]})
    with pytest.raises(ValidationError):
        Storyboard.model_validate({"title": "t", "scenes": [{"id": "a", "narration": "n", "elements": [{"type": "vectors", "id": "v", "vectors": [{"x": 1e9, "y": 0}]}]}]})


def test_element_ids_that_are_python_names_still_compile():
    board = Storyboard.model_validate(PYTHON_NAMES)
    source = compile_storyboard(board).source
    assert name_problems(source) == []
    assigned = {target.id for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Assign) for target in node.targets if isinstance(target, ast.Name)}
    assert {"try_", "print_", "body_", "lambda_"} <= assigned
    assert "print_ = tag(" in source and "SurroundingRectangle(print_," in source
