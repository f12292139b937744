"""Kinds of output. Each registers itself here; kinds never import each other."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def register_all(register: Callable[[Any], None]) -> None:
    from scenesmith.kinds.explainer.kind import ExplainerKind
    from scenesmith.kinds.solution.kind import SolutionKind

    register(SolutionKind())
    register(ExplainerKind())
