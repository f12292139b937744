"""Benchmark: how long a pose animation takes from steps to files (keyframes, sampling, drawing, GIF, MP4).

    .venv/bin/python bench/pose_bench.py [--fps 20] [--size 480] [--runs 5] [--action NAME] [--json]

By default it times a 3-second wave built from the seed poses (stand, wave_right_up,
wave_right_out); --action times a library action instead. Each stage is timed separately in
every run and the median of the runs is printed, with the thumbnail timed on its own.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from scenesmith.kinds.pose.library import Step, load_library
from scenesmith.kinds.pose.motion import keyframes, sample
from scenesmith.kinds.pose.render import render_frames, thumbnail, write_gif, write_mp4

# 3.0 seconds: 0.5 + 0.25 hold + 4 x 0.25 + 0.5 + 0.75 hold
THREE_SECOND_WAVE = [
    Step(pose="stand", caption="ready"),
    Step(pose="wave_right_up", move=0.5, hold=0.25, caption="raise the hand"),
    Step(pose="wave_right_out", move=0.25, caption="wave"),
    Step(pose="wave_right_up", move=0.25, caption="wave"),
    Step(pose="wave_right_out", move=0.25, caption="wave"),
    Step(pose="wave_right_up", move=0.25, caption="wave"),
    Step(pose="stand", move=0.5, hold=0.75, caption="rest"),
]


def run_once(steps: list[Step], fps: int, size: int, out: Path) -> dict[str, float]:
    """One pass through every stage, returning seconds per stage."""
    poses = load_library().poses
    times: dict[str, float] = {}
    start = time.perf_counter()
    keyed = keyframes(steps, poses)
    frames = sample(keyed, fps)
    times["keyframes+sample"] = time.perf_counter() - start
    mark = time.perf_counter()
    images = render_frames(frames, size, size, title="Wave hello")
    times["render"] = time.perf_counter() - mark
    mark = time.perf_counter()
    write_gif(images, fps, out / "bench.gif")
    times["gif"] = time.perf_counter() - mark
    mark = time.perf_counter()
    write_mp4(images, fps, out / "bench.mp4")
    times["mp4"] = time.perf_counter() - mark
    times["total"] = time.perf_counter() - start
    mark = time.perf_counter()
    thumbnail(frames, "Wave hello", out / "bench.png")
    times["thumbnail (separate)"] = time.perf_counter() - mark
    times["frames"] = len(frames)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fps", type=int, default=20)
    parser.add_argument("--size", type=int, default=480)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--action", help="a library action to time instead of the 3-second wave")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args()
    steps = load_library().actions[args.action].steps() if args.action else THREE_SECOND_WAVE
    load_library()  # loading and validating the YAML is a one-off cost, kept out of the timings
    with tempfile.TemporaryDirectory() as folder:
        run_once(steps, args.fps, args.size, Path(folder))  # warm-up: imports, fonts, codec
        runs = [run_once(steps, args.fps, args.size, Path(folder)) for _ in range(args.runs)]
        sizes = {name: (Path(folder) / name).stat().st_size for name in ("bench.gif", "bench.mp4", "bench.png")}
    medians = {stage: statistics.median(run[stage] for run in runs) for stage in runs[0]}
    if args.json:
        print(json.dumps({"fps": args.fps, "size": args.size, "runs": args.runs, "median_s": medians, "bytes": sizes}))
        return
    print(f"{int(medians.pop('frames'))} frames at {args.fps} fps, {args.size}x{args.size}, median of {args.runs} runs")
    for stage, seconds in medians.items():
        print(f"  {stage:<22} {seconds * 1000:8.1f} ms")
    for name, size in sizes.items():
        print(f"  {name:<22} {size / 1024:8.1f} KiB")


if __name__ == "__main__":
    main()
