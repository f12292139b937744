"""Benchmark: a 3-second stick-figure action from prompt to GIF and MP4, against a plain Pillow baseline.

    .venv/bin/python bench/pose_bench.py [--prompt "cheer with both arms up"] [--runs 5] [--json]

1. End to end: `scenesmith make PROMPT --kind pose --json` in a fresh store each run (process
   start, imports, planning, keyframes, drawing, GIF, MP4, thumbnail). Target: under 2 s.
2. In-process, on the same frames: scenesmith's renderer (one 8-bit ink channel drawn at 3x and
   box-reduced, a fixed palette, GIF written as changed rectangles) against the usual Pillow way
   (RGB frames drawn at 3x, LANCZOS-resized, `save(save_all=True)` quantising each frame).
   Prints the medians and the ratio ours / baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw

from scenesmith.kinds.pose import motion
from scenesmith.kinds.pose.library import load_library
from scenesmith.kinds.pose.planner import plan_pose
from scenesmith.kinds.pose.render import INK, PAPER, fit, render_frames, world_bounds, write_gif, write_mp4
from scenesmith.kinds.pose.skeleton import BONES, HEAD_RADIUS

FPS, SIZE, FACTOR = 20, 480, 3


def end_to_end(prompt: str) -> tuple[float, dict]:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "SCENESMITH_HOME": home, "COLUMNS": "160"}
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "scenesmith", "make", prompt, "--kind", "pose", "--json"], env=env, capture_output=True, text=True, timeout=300)
        seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"scenesmith failed ({proc.returncode}): {proc.stdout}{proc.stderr}")
    return seconds, json.loads(proc.stdout)


def baseline_render(frames: list[motion.Frame], out: Path) -> None:
    """The straightforward Pillow renderer: RGB at 3x, LANCZOS down, quantised GIF via save_all."""
    camera = fit(world_bounds(frames), (0, 0, SIZE, SIZE), pad=SIZE * 0.05 + SIZE / 40)
    big = SIZE * FACTOR
    width = round(SIZE / 40 * FACTOR)
    images = []
    for frame in frames:
        image = Image.new("RGB", (big, big), PAPER)
        draw = ImageDraw.Draw(image)
        px = {name: camera.px(point, FACTOR) for name, point in frame.positions.items()}
        for bone in BONES:
            draw.line((px[bone.parent], px[bone.name]), fill=INK, width=width, joint="curve")
        x, y = px["head"]
        r = HEAD_RADIUS * camera.scale * FACTOR
        draw.ellipse((x - r, y - r, x + r, y + r), outline=INK, width=width)
        images.append(image.resize((SIZE, SIZE), Image.Resampling.LANCZOS))
    images[0].save(out / "baseline.gif", save_all=True, append_images=images[1:], duration=1000 // FPS, loop=0)


def ours_render(frames: list[motion.Frame], out: Path) -> None:
    images = render_frames(frames, SIZE, SIZE, caption=False)
    write_gif(images, FPS, out / "ours.gif")


def timed(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompt", default="cheer with both arms up", help="a library action of about 3 s")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    args = parser.parse_args()

    plan = plan_pose(args.prompt)
    keys = motion.keyframes(plan.steps, load_library().poses, plan.speed)
    frames = motion.sample(keys, FPS)

    cli = [end_to_end(args.prompt) for _ in range(args.runs)]
    cli_median = statistics.median(seconds for seconds, _ in cli)
    stage_medians = {stage: statistics.median(out["timings"][stage] for _, out in cli) for stage in cli[0][1]["timings"]}

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        ours_render(frames, out)  # warm-up: fonts, imports
        baseline_render(frames, out)
        ours = statistics.median(timed(ours_render, frames, out) for _ in range(args.runs))
        base = statistics.median(timed(baseline_render, frames, out) for _ in range(args.runs))
        mp4 = statistics.median(timed(write_mp4, render_frames(frames, SIZE, SIZE), FPS, out / "ours.mp4") for _ in range(args.runs))
        sizes = {name: (out / name).stat().st_size for name in ("ours.gif", "baseline.gif")}

    result = {
        "prompt": args.prompt,
        "duration_s": motion.duration(keys),
        "frames": len(frames),
        "fps": FPS,
        "size": SIZE,
        "runs": args.runs,
        "cli_median_s": cli_median,
        "cli_stage_median_s": stage_medians,
        "render_gif_ours_s": ours,
        "render_gif_baseline_s": base,
        "ratio": ours / base,
        "mp4_s": mp4,
        "gif_bytes": sizes,
    }
    if args.json:
        print(json.dumps(result))
        return
    print(f"{args.prompt!r}: {result['duration_s']:.2f} s of motion, {len(frames)} frames at {FPS} fps, {SIZE}x{SIZE}, median of {args.runs} runs")
    print(f"  prompt -> GIF + MP4 + thumbnail, whole CLI in a fresh store: {cli_median:.2f} s (target < 2 s)")
    print("  stages inside that run: " + ", ".join(f"{k} {v:.2f} s" for k, v in stage_medians.items()))
    print(f"  frames -> GIF, scenesmith renderer: {ours * 1000:.0f} ms ({sizes['ours.gif'] / 1024:.0f} KiB)")
    print(f"  frames -> GIF, plain Pillow (RGB 3x + LANCZOS + save_all): {base * 1000:.0f} ms ({sizes['baseline.gif'] / 1024:.0f} KiB)")
    print(f"  ratio ours / baseline: {ours / base:.3f}")
    print(f"  frames -> MP4 (H.264): {mp4 * 1000:.0f} ms")


if __name__ == "__main__":
    main()
