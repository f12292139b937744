"""Topics and kinds are plugins: a pip-installed package adds them through entry points.

The example topic pack (examples/topic-pack) and a tiny kind written here are really installed
with pip (into a folder put on PYTHONPATH, so the project's .venv stays as it is), then used
through the real CLI.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli


def _pip_install(source: Path, target: Path) -> None:
    build = target.parent / f"build-{source.name}"
    shutil.copytree(source, build)  # pip builds in the source tree: keep the repository clean
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--target", str(target), str(build)], check=True, capture_output=True, timeout=300)


def _package(root: Path, name: str, entry_group: str, entry: str, files: dict[str, str]) -> Path:
    folder = root / name
    (folder / name.replace("-", "_")).mkdir(parents=True)
    (folder / "pyproject.toml").write_text(textwrap.dedent(f"""\
        [build-system]
        requires = ["setuptools>=61"]
        build-backend = "setuptools.build_meta"
        [project]
        name = "{name}"
        version = "0.1.0"
        [project.entry-points."{entry_group}"]
        {entry}
        [tool.setuptools.package-data]
        "*" = ["topics/*.yaml"]
    """))
    for path, text in files.items():
        (folder / name.replace("-", "_") / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / name.replace("-", "_") / path).write_text(textwrap.dedent(text))
    return folder


@pytest.fixture(scope="module")
def plugins(tmp_path_factory) -> str:
    """PYTHONPATH with the example topic pack, a pack that clashes with the library, and a plugin kind installed."""
    root = tmp_path_factory.mktemp("plugins")
    target = root / "site"
    _pip_install(REPO / "examples" / "topic-pack", target)
    clash = (REPO / "src/scenesmith/kinds/explainer/topics/pythagorean_theorem.yaml").read_text()
    _pip_install(_package(root, "clash-pack", "scenesmith.topics", 'clash = "clash_pack"', {"__init__.py": "", "topics/pythagorean_theorem.yaml": clash, "topics/broken.yaml": "id: [not, a, topic"}), target)
    _pip_install(_package(root, "echo-kind", "scenesmith.kinds", 'echo = "echo_kind:EchoKind"', {"__init__.py": '''
        from scenesmith.engine.kinds import Outcome
        from scenesmith.engine.stages import StageOutput

        class EchoKind:
            name = "echo"
            order = 5
            description = "the prompt written back as a text file"
            hint = "start with 'echo:'"
            preload = []
            artifact_files = {"text": "echo"}

            def claim(self, prompt):
                return 1.0 if prompt.startswith("echo:") else 0.0

            def suggest(self, prompt):
                return []

            def refusal(self, prompt):
                return None

            def run(self, runner, request):
                out = runner.stage("echo", "1", {"prompt": request.prompt}, lambda io: StageOutput(files={"text": io.put_text(request.prompt[5:].strip() + "\\n", ".txt")}))
                return Outcome(status="succeeded", artifacts=out.files, answer=request.prompt[5:].strip())
    '''}), target)
    return str(target)


def test_topics_lists_each_topic_with_its_source(home, plugins):
    result = run_cli(home, "topics", "--json", PYTHONPATH=plugins)
    assert result.returncode == 0, result.stderr
    rows = {row["id"]: row for row in result.json}
    assert rows["triangular_numbers"]["source"] == "demo (pack scenesmith-topics-demo)"
    assert rows["pythagorean_theorem"]["source"] == "scenesmith"  # the library's own wins a clash
    assert "topic 'pythagorean_theorem' is already in the library and was skipped" in result.stderr
    assert "broken.yaml is not a valid topic and was skipped" in result.stderr
    plain = run_cli(home, "topics")
    assert "triangular_numbers" not in plain.stdout  # not installed without the pack


def test_a_pack_topic_routes_renders_and_answers(home, plugins):
    result = run_cli(home, "make", "What is the 8th triangular number?", "--json", PYTHONPATH=plugins)
    assert result.returncode == 0, result.stderr
    assert result.json["kind"] == "explainer" and result.json["answer"] == "T(8) = 36"
    assert Path(result.json["artifacts"]["video"]).stat().st_size > 10_000
    refused = run_cli(home, "make", "What is the 8th triangular number?", "--json")
    assert refused.returncode == 2 and "I have no topic on" in refused.stderr


def test_a_plugin_kind_registers_through_its_entry_point(home, plugins):
    listed = run_cli(home, "kinds", "--json", PYTHONPATH=plugins)
    assert [row["name"] for row in listed.json][:2] == ["echo", "solution"]  # asked in its order
    result = run_cli(home, "make", "echo: hello plugins", "--json", PYTHONPATH=plugins)
    assert result.returncode == 0, result.stderr
    assert result.json["kind"] == "echo" and result.json["answer"] == "hello plugins"
    assert Path(result.json["artifacts"]["text"]).name == "echo.txt"
    assert Path(result.json["artifacts"]["text"]).read_text() == "hello plugins\n"
