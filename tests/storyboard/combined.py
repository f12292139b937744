"""Lay out many storyboards with one probe: every scene renamed and joined after one shared header."""

from __future__ import annotations

from collections.abc import Iterable

from scenesmith.storyboard.compiler import CompiledStoryboard


def one_file(items: Iterable[tuple[str, CompiledStoryboard]]) -> tuple[str, int]:
    """(source, scene count) for compiled storyboards, each class renamed <prefix><class>.

    Identical scenes are kept once: they would lay out the same.
    """
    header = None
    classes: dict[str, str] = {}
    for prefix, compiled in items:
        header = header or compiled.source.split("\n\nclass ", 1)[0]
        for scene in compiled.scenes:
            body = scene.source.split("\n", 1)[1]
            classes.setdefault(body, f"class {prefix}{scene.class_name}(Scene):\n{body}")
    return header + "\n\n\n" + "\n\n".join(classes.values()), len(classes)
