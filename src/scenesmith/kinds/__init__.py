"""Kinds of output. Each registers itself here; kinds never import each other."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def register_all(register: Callable[[Any], None]) -> None:
    from scenesmith.kinds.diagram.kind import DiagramKind
    from scenesmith.kinds.explainer.kind import ExplainerKind
    from scenesmith.kinds.pose.kind import PoseKind
    from scenesmith.kinds.solution.kind import SolutionKind

    register(SolutionKind())  # a problem the solver reads is surely a solution: first, and final
    register(DiagramKind())  # PlantUML source is surely a diagram
    register(PoseKind())
    register(ExplainerKind())
