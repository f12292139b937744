"""Every formula a dev solution shows (problem, steps, answer) compiles with real LaTeX, in one document."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.solution import devset

PREAMBLE = r"""\documentclass{article}
\usepackage[english]{babel}
\usepackage{amsmath}
\usepackage{amssymb}
\begin{document}
"""


def formulas() -> list[tuple[str, str]]:
    out = []
    for entry, solution in devset.solved():
        shown = [solution.problem_latex, *(s.latex for s in solution.steps), solution.answer_latex]
        if solution.alternate_latex:
            shown.append(solution.alternate_latex)
        out += [(entry["prompt"], latex) for latex in shown]
    return out


@pytest.mark.skipif(shutil.which("latex") is None, reason="needs LaTeX (make setup installs it)")
def test_every_shown_formula_compiles(tmp_path):
    items = formulas()
    assert len(items) > 1000
    lines = PREAMBLE.splitlines()
    first = len(lines) + 1
    lines += [r"\begin{align*}" + latex.replace("\n", " ") + r"\end{align*}" for _, latex in items]
    lines.append(r"\end{document}")
    (tmp_path / "all.tex").write_text("\n".join(lines) + "\n")
    proc = subprocess.run(["latex", "-interaction=nonstopmode", "-halt-on-error", "all.tex"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        log = (tmp_path / "all.log").read_text(errors="replace")
        where = re.search(r"^l\.(\d+)", log, re.M)
        index = int(where.group(1)) - first if where else -1
        prompt, latex = items[index] if 0 <= index < len(items) else ("?", "?")
        error = re.search(r"^! .*$", log, re.M)
        pytest.fail(f"LaTeX error {error.group(0) if error else ''} in {latex!r} (from the prompt {prompt!r})")
