"""Benchmark: warm PlantUML rendering against a cold `plantuml` CLI call on the same source, and prompt to PNG.

    .venv/bin/python bench/diagram_bench.py [--repeat N]

For each prompt of bench/diagram_prompts.yaml: plan and compile it (in-process), then
- warm: render the source as SVG on scenesmith's warm JVM (after one warm-up diagram), N times;
- cold: `plantuml -tsvg -pipe < source` (Debian's launcher, a fresh JVM each time), N times.
Prints the medians and the ratio warm / cold (target: 0.1 or below). Then times
`scenesmith make --kind diagram --json PROMPT` end to end for the six dev prompts in a fresh
store (process start, planning, SVG and PNG on two fresh JVMs).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from scenesmith.kinds.diagram.compiler import compile_diagram
from scenesmith.kinds.diagram.plantuml import PlantUML
from scenesmith.kinds.diagram.planner import plan_diagram

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def load_prompts() -> list[dict]:
    data = yaml.safe_load((HERE / "diagram_prompts.yaml").read_text())
    return data["prompts"] if isinstance(data, dict) else data


def cold(source: str) -> float:
    plantuml = shutil.which("plantuml") or "plantuml"
    started = time.perf_counter()
    proc = subprocess.run([plantuml, "-tsvg", "-pipe"], input=source.encode(), capture_output=True, timeout=120)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0 or b"<svg" not in proc.stdout:
        raise RuntimeError(f"cold plantuml failed: {proc.stderr[-300:]!r}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="renders per source on each side")
    args = parser.parse_args()
    prompts = load_prompts()
    sources = [compile_diagram(plan_diagram(item["prompt"])) for item in prompts]
    renderer = PlantUML()
    try:
        renderer.render(sources[0], "svg")  # the warm-up diagram: the JVM start is paid once, here
        warm_times, cold_times = [], []
        for source in sources:
            for _ in range(args.repeat):
                result = renderer.render(source, "svg")
                assert result.ok and result.warm, result.problems
                warm_times.append(result.seconds)
                cold_times.append(cold(source))
    finally:
        renderer.close()
    warm_median, cold_median = statistics.median(warm_times), statistics.median(cold_times)
    print(f"diagrams: {len(sources)} sources x {args.repeat} renders each side")
    print(f"warm JVM (scenesmith) median SVG render: {warm_median * 1000:.1f} ms")
    print(f"cold plantuml CLI median SVG render:     {cold_median * 1000:.1f} ms")
    print(f"ratio warm / cold: {warm_median / cold_median:.3f} (target <= 0.1)")

    dev = [item for item in prompts if item.get("dev")] or prompts[:6]
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "SCENESMITH_HOME": home}
        times = []
        for item in dev:
            started = time.perf_counter()
            proc = subprocess.run([str(BIN / "scenesmith"), "make", "--kind", "diagram", "--json", "--", item["prompt"]], capture_output=True, text=True, env=env, timeout=300)
            times.append(time.perf_counter() - started)
            status = json.loads(proc.stdout)["status"] if proc.stdout.strip() else f"exit {proc.returncode}"
            print(f"  {times[-1]:5.2f} s  {status:<9} {item['prompt'][:70]}")
        print(f"prompt to SVG+PNG through the CLI, fresh process each: median {statistics.median(times):.2f} s over {len(times)} prompts")


if __name__ == "__main__":
    main()
