"""Golden files for the IR → PlantUML compiler, kept the way Manim keeps its tests/control_data.

Each case is a representative IR (every diagram type, once with ordinary names and once with
hostile ones); the PlantUML it must compile to lives in control_data/<case>.puml and is compared
exactly, with a unified diff when it differs. The golden files themselves are checked by the real
PlantUML parser, so a wrong one cannot be written in and kept.

When the compiler's output changes on purpose, regenerate the files and review the diff:

    SCENESMITH_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/diagram/test_golden.py
    git diff tests/diagram/control_data

A regenerating run writes every file and skips its comparisons (it cannot pass by accident);
the next plain run compares against what it wrote.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from scenesmith.kinds.diagram.compiler import compile_diagram
from scenesmith.kinds.diagram.ir import DIAGRAM_TYPES, Diagram, parse_diagram
from tests.diagram.test_compiler import EXPECTED_SYNTAX, SAMPLES, hostile_diagrams, needs_plantuml, plantuml_syntax

CONTROL_DATA = Path(__file__).resolve().parent / "control_data"
REGENERATE = os.environ.get("SCENESMITH_REGENERATE_GOLDEN") == "1"


def _cases() -> dict[str, Diagram]:
    cases: dict[str, Diagram] = {kind: parse_diagram(SAMPLES[kind]) for kind in DIAGRAM_TYPES}
    cases.update({f"hostile_{d.type}": d for d in hostile_diagrams()})
    return cases


CASES = _cases()


def test_every_type_has_golden_cases() -> None:
    assert {d.type for d in CASES.values()} == set(DIAGRAM_TYPES)
    assert len(CASES) == 2 * len(DIAGRAM_TYPES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_compiled_source_matches_its_golden_file(name: str) -> None:
    actual = compile_diagram(CASES[name])
    path = CONTROL_DATA / f"{name}.puml"
    if REGENERATE:
        CONTROL_DATA.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        pytest.skip(f"regenerated {path.relative_to(CONTROL_DATA.parent)}; review it with git diff")
    if not path.exists():
        pytest.fail(f"no golden file {path.name}: run with SCENESMITH_REGENERATE_GOLDEN=1 and review it", pytrace=False)
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True),
            fromfile=f"control_data/{name}.puml (golden)", tofile=f"compile_diagram({name}) (now)",
        ))
        pytest.fail(
            f"the compiled PlantUML for {name!r} differs from its golden file:\n{diff}\n"
            "If the change is intended, regenerate with SCENESMITH_REGENERATE_GOLDEN=1 and review the diff.",
            pytrace=False,
        )


def test_no_golden_file_without_a_case() -> None:
    stale = sorted(p.name for p in CONTROL_DATA.glob("*.puml") if p.stem not in CASES)
    assert stale == [], "golden files no case compiles to: delete them"


@needs_plantuml
@pytest.mark.skipif(REGENERATE, reason="the golden files are being regenerated")
def test_golden_files_are_valid_plantuml_of_their_type() -> None:
    names = sorted(CASES)
    sources = [(CONTROL_DATA / f"{name}.puml").read_text(encoding="utf-8") for name in names]
    assert plantuml_syntax(sources) == [EXPECTED_SYNTAX[CASES[name].type] for name in names]
