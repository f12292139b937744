"""Shared fixtures: a fresh store per test, and the real CLI run as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str

    @property
    def json(self) -> dict:
        return json.loads(self.stdout)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture(scope="session")
def shared_home(tmp_path_factory) -> Path:
    """One store for the render tests, so LaTeX and stage caches are shared the way a user's are."""
    return tmp_path_factory.mktemp("shared-home")


def cli_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCENESMITH_")}
    env.update({"SCENESMITH_HOME": str(home), "COLUMNS": "160", "NO_COLOR": "1"}, **extra)
    return env


def run_cli(home: Path, *args: str, timeout: float = 300, **env: str) -> CliResult:
    proc = subprocess.run([sys.executable, "-m", "scenesmith", *args], env=cli_env(home, **env), capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cli():
    return run_cli
