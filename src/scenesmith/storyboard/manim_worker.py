"""Runs inside the sandbox: render one Scene class of a generated file, or probe its layout.

    python -m scenesmith.storyboard.manim_worker render CODE SCENE --quality low --out OUT.mp4 --tex-cache DIR
    python -m scenesmith.storyboard.manim_worker probe CODE --out LAYOUT.json --tex-cache DIR

It imports only Manim and the generated file, never the rest of scenesmith, so hostile
code finds nothing of ours to reach into. Results are files in the working folder; the
parent process copies them into the store.
"""

from __future__ import annotations

import argparse
import fcntl
import importlib.util
import json
import os
import shutil
import sys
from pathlib import Path

QUALITIES = {"low": "low_quality", "medium": "medium_quality", "high": "high_quality"}


def share_tex_cache(shared: Path) -> None:
    """Reuse compiled LaTeX across renders without letting parallel renders trip over each other.

    Each process compiles into its own tex folder; finished SVGs are published into the
    shared folder by atomic rename, and looked up there first.
    """
    from manim.mobject.text import tex_mobject
    from manim.utils import tex_file_writing

    original = tex_file_writing.tex_to_svg_file
    shared.mkdir(parents=True, exist_ok=True)

    def cached(expression, environment=None, tex_template=None):
        from manim import config

        template = tex_template or config["tex_template"]
        tex_file = tex_file_writing.generate_tex_file(expression, environment, template)
        private = tex_file.with_suffix(".svg")
        known = shared / (tex_file.stem + ".svg")
        # Manim writes a modified copy beside the SVG it loads, so each process loads a private copy.
        if not known.exists():
            # One compile per formula across all parallel workers: the others wait, then reuse it.
            with open(shared / f".{tex_file.stem}.lock", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                if not known.exists():
                    svg = original(expression, environment, tex_template)
                    tmp = shared / f".{svg.name}.{os.getpid()}.tmp"
                    shutil.copyfile(svg, tmp)
                    os.replace(tmp, known)
        if not private.exists():
            shutil.copyfile(known, private)
        return private

    tex_mobject.tex_to_svg_file = cached


def load_module(code: Path):
    spec = importlib.util.spec_from_file_location("scenes", code)
    module = importlib.util.module_from_spec(spec)
    sys.modules["scenes"] = module
    spec.loader.exec_module(module)
    return module


def scene_classes(module):
    from manim import Scene

    found = [obj for obj in vars(module).values() if isinstance(obj, type) and issubclass(obj, Scene) and obj is not Scene and obj.__module__ == module.__name__]
    return found


def _base_config(quality: str, media: Path) -> dict:
    return {
        "quality": QUALITIES[quality],
        "media_dir": str(media),
        "tex_dir": str(media / "Tex"),
        "disable_caching": True,
        "progress_bar": "none",
        "verbosity": "WARNING",
        "write_to_movie": True,
    }


def render(code: Path, scene_name: str, quality: str, out: Path) -> None:
    from manim import tempconfig

    module = load_module(code)
    cls = getattr(module, scene_name)
    media = Path("media").resolve()
    with tempconfig({**_base_config(quality, media), "output_file": scene_name}):
        scene = cls()
        scene.render()
        movie = Path(scene.renderer.file_writer.movie_file_path)
    shutil.move(movie, out)


def _box(mobject) -> list[float] | None:
    if not mobject.get_family() or not any(len(m.points) for m in mobject.get_family()):
        return None
    left, bottom, right, top = mobject.get_left()[0], mobject.get_bottom()[1], mobject.get_right()[0], mobject.get_top()[1]
    if right - left < 1e-6 and top - bottom < 1e-6:
        return None
    return [round(float(v), 4) for v in (left, bottom, right, top)]


def probe(code: Path, out: Path) -> None:
    """Construct every scene without rendering and record each on-screen element's box after every animation."""
    from manim import Scene, config, tempconfig

    current: list[list[dict]] = []

    def snapshot(scene) -> None:
        elements = []
        for index, mobject in enumerate(scene.mobjects):
            box = _box(mobject)
            if box is None:
                continue
            name = getattr(mobject, "name", "") or ""
            if not name or name == type(mobject).__name__:
                name = f"{type(mobject).__name__}#{index}"
            elements.append({"name": name, "box": box})
        current.append(elements)

    original_play = Scene.play

    def play(self, *args, **kwargs):
        original_play(self, *args, **kwargs)
        snapshot(self)

    Scene.play = play
    module = load_module(code)
    # One JSON line per event, flushed at once, so a scene that hangs or crashes is still named.
    with open(out, "w") as log, tempconfig({**_base_config("low", Path("media").resolve()), "dry_run": True, "write_to_movie": False}):
        def emit(record: dict) -> None:
            log.write(json.dumps(record) + "\n")
            log.flush()

        emit({"frame": [config.frame_width, config.frame_height]})
        for cls in scene_classes(module):
            current.clear()
            emit({"scene": cls.__name__, "started": True})
            try:
                scene = cls()
                scene.render()
                snapshot(scene)
                emit({"scene": cls.__name__, "snapshots": current})
            except Exception as exc:  # report, do not hide: the parent decides
                emit({"scene": cls.__name__, "error": f"{type(exc).__name__}: {exc}"})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="manim_worker")
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("render")
    r.add_argument("code", type=Path)
    r.add_argument("scene")
    r.add_argument("--quality", choices=sorted(QUALITIES), default="low")
    r.add_argument("--out", type=Path, required=True)
    r.add_argument("--tex-cache", type=Path)
    p = sub.add_parser("probe")
    p.add_argument("code", type=Path)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--tex-cache", type=Path)
    args = parser.parse_args(argv)
    if args.tex_cache:
        share_tex_cache(args.tex_cache)
    if args.command == "render":
        render(args.code, args.scene, args.quality, args.out)
    else:
        probe(args.code, args.out)


if __name__ == "__main__":
    main()
