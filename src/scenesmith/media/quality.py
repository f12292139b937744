"""The three output qualities, in one table: what each means for a Manim scene video and for a stick-figure animation.

The Manim worker runs sandboxed and imports nothing of scenesmith, so it names Manim's own
quality presets itself; tests check that those presets give the sizes and rates written here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Quality = Literal["low", "medium", "high"]


@dataclass(frozen=True)
class QualitySpec:
    name: Quality
    width: int  # a Manim scene video's frame
    height: int
    fps: int
    manim_preset: str  # the Manim quality that renders that frame size and rate
    animation_size: int  # a stick-figure animation's square frame
    animation_fps: int  # 20 or 25: GIF frame times are whole centiseconds

    @property
    def label(self) -> str:
        """'480p15': the scene video's height and frame rate, as video sites write them."""
        return f"{self.height}p{self.fps}"


QUALITIES: dict[str, QualitySpec] = {
    spec.name: spec
    for spec in (
        QualitySpec("low", 854, 480, 15, "low_quality", 480, 20),
        QualitySpec("medium", 1280, 720, 30, "medium_quality", 720, 25),
        QualitySpec("high", 1920, 1080, 60, "high_quality", 1080, 25),
    )
}


def quality(name: str) -> QualitySpec:
    """The named quality; ValueError naming the choices for any other name."""
    try:
        return QUALITIES[name]
    except KeyError:
        raise ValueError(f"unknown quality {name!r}; choose {describe()}") from None


def describe() -> str:
    """'low (480p15), medium (720p30) or high (1080p60)': the choices, for help texts and messages."""
    named = [f"{spec.name} ({spec.label})" for spec in QUALITIES.values()]
    return ", ".join(named[:-1]) + " or " + named[-1]
