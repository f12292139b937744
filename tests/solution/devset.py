"""The solver's dev set: bench/solution_problems.yaml.

Each entry has a `category` and a `prompt`, and either `answer` (the exact answer text, in the
form the prompt asks for) or `refuse` (a piece of the refusal message it must give).
"""

from __future__ import annotations

from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parents[2] / "bench"


def load() -> list[dict]:
    entries: list[dict] = []
    for entry in yaml.safe_load((BENCH / "solution_problems.yaml").read_text(encoding="utf-8")):
        entries.append(dict(entry))
    return entries


def ids(entries: list[dict]) -> list[str]:
    return [f"{e['category']}-{i:03d}" for i, e in enumerate(entries)]


_SOLVED: list | None = None


def solved() -> list[tuple[dict, object]]:
    """(entry, Solution) for every dev problem with an answer that the solver answers (computed once per process)."""
    global _SOLVED
    if _SOLVED is None:
        from scenesmith.kinds.solution.problem import Unsupported
        from scenesmith.kinds.solution.solve import solve

        _SOLVED = []
        for entry in load():
            if "answer" not in entry:
                continue
            try:
                _SOLVED.append((entry, solve(entry["prompt"])))
            except Unsupported:
                continue  # test_devset fails for these
    return _SOLVED
