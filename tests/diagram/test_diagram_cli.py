"""The diagram kind through the real CLI: English and PlantUML in, checked SVG and PNG out, bad input refused."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest
import yaml
from PIL import Image

from scenesmith.kinds.diagram.plantuml import looks_like_error_image

REPO = Path(__file__).resolve().parents[2]
DEV = [p for p in yaml.safe_load((REPO / "bench" / "diagram_prompts.yaml").read_text())["prompts"] if p.get("dev")]
assert len(DEV) == 6


def plantuml_accepts(source: Path) -> tuple[bool, str]:
    """An independent check with the PlantUML CLI's own syntax checker (not our renderer)."""
    proc = subprocess.run(["plantuml", "-syntax"], input=source.read_text(), capture_output=True, text=True, timeout=120)
    first = proc.stdout.split("\n", 1)[0].strip()
    return proc.returncode == 0 and first not in ("", "ERROR"), proc.stdout + proc.stderr


@pytest.mark.parametrize("case", DEV, ids=[c["type"] for c in DEV])
def test_dev_prompt_becomes_the_right_checked_diagram(cli, shared_home, case):
    result = cli(shared_home, "make", case["prompt"], "--json")  # auto: the router must pick the diagram kind
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.json
    assert out["kind"] == "diagram" and out["status"] == "succeeded"
    artifacts = {name: Path(path) for name, path in out["artifacts"].items()}
    assert set(artifacts) == {"plan", "source", "svg", "png"}

    plan = json.loads(artifacts["plan"].read_text())
    assert plan["type"] == case["type"]
    source = artifacts["source"].read_text()
    assert source.startswith("@startuml") and source.rstrip().endswith("@enduml")
    svg = artifacts["svg"].read_text()
    for name in case["names"]:
        assert name in source, f"{name!r} missing from the PlantUML source"
        assert name.split()[0] in svg, f"{name!r} missing from the SVG"

    accepted, report = plantuml_accepts(artifacts["source"])
    assert accepted, report
    png = artifacts["png"].read_bytes()
    image = Image.open(io.BytesIO(png))
    assert image.width >= 60 and image.height >= 60
    assert len(image.convert("L").getcolors(maxcolors=65536) or []) > 2, "a blank image"
    assert not looks_like_error_image(png, "png")
    assert not looks_like_error_image(artifacts["svg"].read_bytes(), "svg")


def test_plantuml_source_is_rendered_as_given(cli, home, tmp_path):
    path = tmp_path / "given.puml"
    path.write_text("@startuml\nactor Visitor\nVisitor -> Shop : browse\nShop --> Visitor : catalogue\n@enduml\n")
    result = cli(home, "make", f"@{path}", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.json
    assert out["kind"] == "diagram" and "plan" not in out["artifacts"]
    assert Path(out["artifacts"]["source"]).read_text() == path.read_text()
    assert "catalogue" in Path(out["artifacts"]["svg"]).read_text()


def test_planted_syntax_error_is_reported_at_the_users_line(cli, home, tmp_path):
    """Two blank lines before the block: PlantUML's 0-based line 3 of the block is the user's line 6."""
    path = tmp_path / "broken.txt"
    path.write_text("\n\n@startuml\nUser -> App : open\nApp -> Auth : token?\nAuth ==> ??? <<\nAuth --> App : token\n@enduml\n")
    result = cli(home, "make", f"@{path}", "--json")
    assert result.returncode == 2, result.stdout + result.stderr
    message = result.json["error"]
    assert "line 6" in message and "Auth ==> ??? <<" in message
    assert result.json["status"] == "failed"


def test_the_same_block_further_down_is_reported_at_its_own_line(cli, home, tmp_path):
    """The checked block is cached; the line offset must come from this input, not from the first one seen."""
    block = "@startuml\nA -> B : hi\nbad (( line\n@enduml\n"
    top, lower = tmp_path / "top.puml", tmp_path / "lower.puml"
    top.write_text(block)
    lower.write_text("\n\n\n" + block)
    first = cli(home, "make", f"@{top}", "--json")
    second = cli(home, "make", f"@{lower}", "--json")
    assert first.returncode == 2 and second.returncode == 2
    assert "line 3" in first.json["error"]
    assert "line 6" in second.json["error"], second.json["error"]


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("", "empty"),
        ("x" * 25000, "the limit is"),
        ("qwzx plorb frandle wibble", "could not find a diagram"),
        ("@startuml\nAlice -> Bob : hi\n", "no @enduml"),
        ("@startuml\n!include /etc/passwd\nAlice -> Bob\n@enduml", "not allowed"),
        ("@startuml\n@enduml", "empty"),
        ("A School has many Classes; the Principal, who lives in Berlin, runs the School.", "but not 'principal', 'berlin'"),
    ],
    ids=["empty", "huge", "gibberish", "unterminated", "include", "empty-block", "half-read"],
)
def test_bad_diagram_input_exits_2_with_a_clear_message(cli, home, prompt, expected):
    result = cli(home, "make", prompt, "--kind", "diagram", "--json")
    assert result.returncode == 2, result.stdout + result.stderr
    assert expected in result.json["error"].lower(), result.json["error"]


def test_a_named_diagram_that_is_only_half_read_exits_2_with_what_was_not_read(cli, home):
    """Auto routing: the prompt names a class diagram, so the diagram kind takes it, and its plan stage refuses it."""
    prompt = "Draw a class diagram: a School has many Classes; the Principal, who lives in Berlin, runs the School."
    result = cli(home, "make", prompt, "--json")
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.json["kind"] == "diagram" and result.json["status"] == "failed"
    assert "but not 'Principal', 'Berlin'" in result.json["error"]
    assert "png" not in result.json["artifacts"]


def test_bad_input_leaves_earlier_runs_intact(cli, home):
    good = cli(home, "make", "@startuml\nA -> B : ping\n@enduml", "--json")
    assert good.returncode == 0, good.stderr
    bad = cli(home, "make", "@startuml\nA -> B : ping\nnonsense ((( here\n@enduml", "--json")
    assert bad.returncode == 2
    listed = cli(home, "runs", "--json")
    runs = {r["run_id"]: r["status"] for r in listed.json}
    assert runs[good.json["run_id"]] == "succeeded"
    assert Path(good.json["artifacts"]["png"]).stat().st_size > 0
