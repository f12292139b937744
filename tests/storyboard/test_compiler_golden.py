"""Golden files for the storyboard compiler, kept the way Manim keeps its tests/control_data.

The compiled source of a few representative boards (every element type, old and new, and
the escaping and renaming edge cases) is stored in control_data/<board>.py.txt and compared
exactly, so any change to the generated code shows up as a reviewed diff. After an intended
change, regenerate the files and read the diff before committing:

    SCENESMITH_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/storyboard/test_compiler_golden.py
    git diff tests/storyboard/control_data
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from scenesmith.storyboard.compiler import compile_storyboard
from scenesmith.storyboard.ir import Storyboard
from tests.storyboard.boards import EVERY_ELEMENT, NEW_ELEMENTS, PYTHON_NAMES, QUOTING, SHORT_NEW_ELEMENTS

CONTROL_DATA = Path(__file__).parent / "control_data"
SUFFIX = ".py.txt"
REGENERATE = os.environ.get("SCENESMITH_REGENERATE_GOLDEN") == "1"
BOARDS = {
    "every_element": EVERY_ELEMENT,
    "new_elements": NEW_ELEMENTS,
    "short_new_elements": SHORT_NEW_ELEMENTS,
    "quoting": QUOTING,
    "python_names": PYTHON_NAMES,
}
MAX_DIFF_LINES = 120


def golden_path(name: str) -> Path:
    return CONTROL_DATA / f"{name}{SUFFIX}"


def difference(expected: str, actual: str, name: str) -> str:
    lines = list(difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                                      f"control_data/{name}{SUFFIX} (golden)", f"{name} (compiled now)"))
    shown = "".join(lines[:MAX_DIFF_LINES])
    more = f"\n... and {len(lines) - MAX_DIFF_LINES} more diff lines" if len(lines) > MAX_DIFF_LINES else ""
    return shown + more


@pytest.mark.parametrize("name", sorted(BOARDS))
def test_compiled_source_matches_its_golden_file(name):
    source = compile_storyboard(Storyboard.model_validate(BOARDS[name])).source
    path = golden_path(name)
    if REGENERATE:
        path.write_text(source)
    assert path.exists(), f"{path} is missing; create it with SCENESMITH_REGENERATE_GOLDEN=1 (see this file's docstring)"
    expected = path.read_text()
    if source != expected:
        pytest.fail(
            f"the compiled source of board {name!r} differs from its golden file.\n"
            "If the change is intended, regenerate with SCENESMITH_REGENERATE_GOLDEN=1 and review `git diff tests/storyboard/control_data`.\n\n"
            + difference(expected, source, name),
            pytrace=False,
        )


def test_every_golden_file_belongs_to_a_board():
    stored = sorted(p.name.removesuffix(SUFFIX) for p in CONTROL_DATA.glob(f"*{SUFFIX}"))
    assert stored == sorted(BOARDS), "remove golden files of boards that are gone, or add their boards to BOARDS"


def test_a_changed_line_is_shown_as_a_diff():
    text = difference("a = 1\nb = 2\n", "a = 1\nb = 3\n", "demo")
    assert "-b = 2\n+b = 3\n" in text and "control_data/demo.py.txt (golden)" in text
