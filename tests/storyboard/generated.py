"""Checks on generated Manim source without running it: Python compiles it, and every name it uses is defined.

`ast.parse` alone passes a file that uses a renamed variable; pyflakes finds it. The star
import of Manim is replaced by Manim's public names, so a misspelt Manim class is caught too.
"""

from __future__ import annotations

import ast

import manim
from pyflakes import checker, messages

STAR_IMPORT = "from manim import *\n"
MANIM_NAMES = frozenset(name for name in dir(manim) if not name.startswith("_"))


def name_problems(source: str) -> list[str]:
    """pyflakes' findings on generated code (an unused `import math` is expected: only some scenes need it)."""
    compile(source, "scenes.py", "exec")
    assert STAR_IMPORT in source, "generated code no longer imports Manim the expected way"
    tree = ast.parse(source.replace(STAR_IMPORT, "\n"))
    found = checker.Checker(tree, "scenes.py", builtins=MANIM_NAMES).messages
    return [str(m) for m in found if not (isinstance(m, messages.UnusedImport) and m.message_args == ("math",))]
