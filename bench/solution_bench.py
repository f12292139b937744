"""Benchmark of the step engine on its dev set: coverage, precision and plan time per category, and video time on a sample.

    .venv/bin/python bench/solution_bench.py [--videos N] [--markdown]

- coverage: the share of problems with a known answer that the solver answered;
- precision: the share of all answers given that are right (an answer to a prompt that must be
  refused counts as wrong). It must be 100%;
- refusals: the share of must-refuse prompts that were refused;
- plan time: the median time of `solve(prompt)` (read, search, check, format; in its bounded child);
- videos: N problems spread over the categories rendered end to end through the CLI (low quality,
  fresh store), with the median wall time, against the bare `manim -ql` CLI on the same scene files;
- --layout: the layout probe on every answered problem, with and without hints (the suite probes a sample).
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
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from scenesmith.kinds.solution.problem import Unsupported  # noqa: E402
from scenesmith.kinds.solution.solve import solve  # noqa: E402
from tests.solution import devset  # noqa: E402

BIN = Path(sys.executable).parent


def answers() -> tuple[list[dict], dict]:
    rows = []
    for entry in devset.load():
        started = time.perf_counter()
        try:
            got, error = solve(entry["prompt"]).answer_text, None
        except Unsupported as exc:
            got, error = None, str(exc)
        rows.append({**entry, "got": got, "error": error, "seconds": time.perf_counter() - started})
    by = defaultdict(list)
    for row in rows:
        by[row["category"]].append(row)
    return rows, by


def category_line(name: str, rows: list[dict]) -> dict:
    keyed = [r for r in rows if "answer" in r]
    refuse = [r for r in rows if "refuse" in r]
    answered = [r for r in rows if r["got"] is not None]
    right = [r for r in answered if r.get("answer") == r["got"]]
    return {
        "category": name, "problems": len(keyed), "answered": sum(r["got"] is not None for r in keyed),
        "coverage": sum(r["got"] is not None for r in keyed) / len(keyed) if keyed else float("nan"),
        "precision": len(right) / len(answered) if answered else float("nan"),
        "must_refuse": len(refuse), "refused": sum(r["got"] is None for r in refuse),
        "median_ms": 1000 * statistics.median(r["seconds"] for r in rows),
    }


def video_sample(rows: list[dict], count: int) -> list[dict]:
    picked, seen = [], defaultdict(int)
    per_category = max(1, count // max(1, len({r["category"] for r in rows})))
    for row in rows:
        if "answer" in row and row["got"] == row["answer"] and seen[row["category"]] < per_category and len(picked) < count:
            picked.append(row)
            seen[row["category"]] += 1
    out = []
    with tempfile.TemporaryDirectory(prefix="scenesmith-solution-bench-") as tmp:
        env = {**os.environ, "SCENESMITH_HOME": str(Path(tmp) / "home")}
        for row in picked:
            started = time.perf_counter()
            proc = subprocess.run([str(BIN / "scenesmith"), "make", "--json", "--kind", "solution", "--", row["prompt"]], capture_output=True, text=True, env=env, timeout=900)
            seconds = time.perf_counter() - started
            payload = json.loads(proc.stdout) if proc.stdout.strip().startswith("{") else {}
            base = float("nan")
            code = payload.get("artifacts", {}).get("code")
            if code:
                source = Path(code).read_text()
                scenes = [line.split("(")[0][len("class "):] for line in source.splitlines() if line.startswith("class ") and "(Scene)" in line]
                work = Path(tmp) / "baseline" / payload["run_id"]
                work.mkdir(parents=True)
                (work / "scenes.py").write_text(source)
                began = time.perf_counter()
                for scene in scenes:
                    subprocess.run([str(BIN / "manim"), "-ql", "--progress_bar", "none", "--media_dir", str(Path(tmp) / "media"), "scenes.py", scene], cwd=work, capture_output=True, timeout=900)
                base = time.perf_counter() - began
            out.append({"prompt": row["prompt"], "status": payload.get("status"), "answer": payload.get("answer"), "seconds": seconds, "baseline": base})
            print(f"  video {payload.get('status', 'failed'):<9} {seconds:6.2f}s  bare manim {base:6.2f}s  {row['prompt'][:60]}", flush=True)
    return out


def layout_all(rows: list[dict]) -> int:
    """Probe the layout of every answered dev problem (with and without hints); returns the number of issues."""
    from scenesmith import sandbox
    from scenesmith.kinds.solution.planner import solution_storyboard
    from scenesmith.storyboard.compiler import compile_storyboard
    from scenesmith.storyboard.layout import check_code
    from tests.storyboard.combined import one_file

    answered = [r for r in rows if r["got"] is not None and r.get("answer") == r["got"]]
    boards = []
    for index, row in enumerate(answered):
        solution = solve(row["prompt"])
        for hints in (False, True):
            if hints and len(solution.steps) < 2:
                continue
            boards.append((f"P{index:03d}{'H' if hints else ''}", compile_storyboard(solution_storyboard(solution, hints=hints))))
    issues = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="scenesmith-layout-") as tmp:
        for start in range(0, len(boards), 120):
            source, count = one_file(boards[start:start + 120])
            code = Path(tmp) / f"chunk{start}.py"
            code.write_text(source)
            report = check_code(code, Path(tmp) / f"work{start}", Path(tmp) / "tex", limits=sandbox.Limits(timeout_s=1800, memory_mb=8192))
            issues += len(report.issues)
            for issue in report.issues:
                print(f"  layout: {issue}")
            print(f"  layout: {len(report.scenes)}/{count} scenes probed in chunk {start // 120 + 1}", flush=True)
    print(f"layout: {len(boards)} storyboards ({len(answered)} problems, with and without hints), {issues} issues, {time.perf_counter() - started:.0f} s")
    return issues


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--videos", type=int, default=10, help="how many problems to render end to end (0: none)")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables for BENCHMARKS.md")
    parser.add_argument("--layout", action="store_true", help="also probe the layout of every answered problem")
    args = parser.parse_args()
    rows, by = answers()
    lines = [category_line(name, by[name]) for name in sorted(by)]
    lines.append(category_line("all", rows))
    print(f"{'category':<14}{'problems':>9}{'coverage':>10}{'precision':>11}{'refused':>10}{'median ms':>11}")
    for line in lines:
        print(f"{line['category']:<14}{line['problems']:>9}{line['coverage']:>10.1%}{line['precision']:>11.1%}{line['refused']:>5}/{line['must_refuse']:<4}{line['median_ms']:>11.0f}")
    wrong = [r for r in rows if r["got"] is not None and r.get("answer") != r["got"]]
    for r in wrong:
        print(f"WRONG  {r['prompt']!r}: got {r['got']!r}, expected {r.get('answer', 'a refusal')!r}")
    missed = [r for r in rows if r["got"] is None and "answer" in r]
    for r in missed[:40]:
        print(f"refused {r['prompt']!r}: {r['error'][:140]}")
    layout_issues = layout_all(rows) if args.layout else 0
    videos = video_sample(rows, args.videos) if args.videos else []
    if videos:
        ok = [v for v in videos if v["status"] == "succeeded"]
        median = statistics.median(v["seconds"] for v in ok) if ok else float("nan")
        ours = sum(v["seconds"] for v in ok)
        base = sum(v["baseline"] for v in ok)
        print(f"videos: {len(ok)}/{len(videos)} succeeded, median {median:.2f} s end to end; scenesmith {ours:.1f} s vs bare manim -ql {base:.1f} s, ratio {ours / base if base else float('nan'):.2f}")
    if args.markdown:
        print("\n| category | problems | coverage | precision | must-refuse refused | median plan ms |\n|---|---|---|---|---|---|")
        for line in lines:
            print(f"| {line['category']} | {line['problems']} | {line['coverage']:.1%} | {line['precision']:.1%} | {line['refused']}/{line['must_refuse']} | {line['median_ms']:.0f} |")
    sys.exit(0 if not wrong and not layout_issues else 1)


if __name__ == "__main__":
    main()
