"""Task readers: each turns a Reading of the prompt into a Problem for the step engine, or passes (None).

One module per task, each keeping its reader next to the rule families it uses. They are
asked in ORDER; the first that recognises the prompt owns it, and may refuse it (Unsupported)
with its own reason when it recognises the kind of problem but cannot do this one.
"""

from __future__ import annotations

import importlib

from scenesmith.mathreader import Reading
from scenesmith.kinds.solution.problem import Problem

ORDER = ("calculus", "statistics", "sequences", "functions", "words", "systems", "inequalities", "equations", "expressions", "arithmetic")


def read_problem(reading: Reading) -> Problem | None:
    """The Problem of the first task that recognises the prompt, or None when none does."""
    from scenesmith.kinds.solution.tasks.common import account_for_prompt

    for name in ORDER:
        module = importlib.import_module(f"scenesmith.kinds.solution.tasks.{name}")
        problem = module.read(reading)
        if problem is not None:
            account_for_prompt(reading, problem)  # every span read, every number used, no word of the form dropped
            return problem
    return None
