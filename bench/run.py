"""Benchmark: success rate, median wall time per video, and scenesmith vs. the bare `manim -ql` CLI.

    .venv/bin/python bench/run.py [--limit N] [--markdown]

For every prompt of bench/prompts.yaml it runs `scenesmith make PROMPT --json` end to end
(planning, layout check, parallel renders, joining, subtitles, thumbnail) in a fresh store,
then renders the same generated scene file with the bare CLI, `manim -ql scenes.py SCENE`,
one scene after another. Both sides keep a LaTeX cache across prompts (scenesmith's store,
the baseline's shared media folder), so neither starts cold after the first prompt.
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

import yaml

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def run_ours(prompt: str, home: Path) -> tuple[float, dict | None, str]:
    env = {**os.environ, "SCENESMITH_HOME": str(home)}
    started = time.perf_counter()
    proc = subprocess.run([str(BIN / "scenesmith"), "make", "--json", "--", prompt], capture_output=True, text=True, env=env, timeout=600)
    elapsed = time.perf_counter() - started
    try:
        return elapsed, json.loads(proc.stdout), proc.stderr
    except json.JSONDecodeError:
        return elapsed, None, proc.stderr


def run_baseline(code: Path, media: Path) -> tuple[float, bool]:
    """The naive way: the bare CLI, one scene at a time."""
    source = code.read_text()
    scenes = [line.split("(")[0][len("class "):] for line in source.splitlines() if line.startswith("class ") and "(Scene)" in line]
    work = media / code.parent.name
    work.mkdir(parents=True, exist_ok=True)
    (work / "scenes.py").write_text(source)
    started = time.perf_counter()
    ok = True
    for scene in scenes:
        proc = subprocess.run([str(BIN / "manim"), "-ql", "--progress_bar", "none", "--media_dir", str(media / "media"), "scenes.py", scene], cwd=work, capture_output=True, text=True, timeout=600)
        ok = ok and proc.returncode == 0
    return time.perf_counter() - started, ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N problems and N topics")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table for BENCHMARKS.md")
    args = parser.parse_args()
    prompts = yaml.safe_load((HERE / "prompts.yaml").read_text())
    problems, topics = prompts["problems"], prompts["topics"]
    if args.limit:
        problems, topics = problems[: args.limit], topics[: args.limit]
    cases = [("solution", p["prompt"], p["answer"]) for p in problems] + [("explainer", t, None) for t in topics]
    rows = []
    with tempfile.TemporaryDirectory(prefix="scenesmith-bench-") as tmp:
        home, media = Path(tmp) / "home", Path(tmp) / "baseline"
        for kind, prompt, answer in cases:
            ours, payload, stderr = run_ours(prompt, home)
            ok = bool(payload) and payload["status"] == "succeeded" and payload["kind"] == kind and (answer is None or payload["answer"] == answer)
            base, base_ok = (run_baseline(Path(payload["artifacts"]["code"]), media) if payload and payload.get("artifacts", {}).get("code") else (float("nan"), False))
            rows.append({"kind": kind, "prompt": prompt, "ok": ok, "ours": ours, "baseline": base, "baseline_ok": base_ok, "error": None if ok else (payload or {}).get("error") or stderr.strip()[-200:]})
            mark = "ok  " if ok else "FAIL"
            print(f"{mark} {kind:<9} {ours:6.2f}s  bare manim {base:6.2f}s  {prompt[:60]}", flush=True)
            if not ok:
                print(f"     {rows[-1]['error']}", flush=True)
    good = [r for r in rows if r["ok"] and r["baseline_ok"]]
    success = sum(r["ok"] for r in rows) / len(rows)
    median = statistics.median(r["ours"] for r in rows if r["ok"]) if any(r["ok"] for r in rows) else float("nan")
    ours_total, base_total = sum(r["ours"] for r in good), sum(r["baseline"] for r in good)
    ratio = ours_total / base_total if base_total else float("nan")
    print()
    print(f"success rate:            {success:.0%} ({sum(r['ok'] for r in rows)}/{len(rows)})")
    print(f"median wall per video:   {median:.2f} s (low quality, end to end through the CLI)")
    print(f"scenesmith total:        {ours_total:.1f} s for {len(good)} videos")
    print(f"bare manim -ql total:    {base_total:.1f} s for the same scene files, one scene after another")
    print(f"ratio scenesmith / bare: {ratio:.2f}")
    if args.markdown:
        print()
        print("| kind | prompt | ok | scenesmith s | bare manim s |")
        print("|---|---|---|---|---|")
        for r in rows:
            print(f"| {r['kind']} | {r['prompt']} | {'yes' if r['ok'] else 'NO'} | {r['ours']:.2f} | {r['baseline']:.2f} |")
    sys.exit(0 if success == 1.0 else 1)


if __name__ == "__main__":
    main()
