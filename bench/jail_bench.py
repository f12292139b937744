"""What the bubblewrap jail costs per scene render, against the rlimits-only sandbox, in the same run.

    .venv/bin/python bench/jail_bench.py [REPEATS] [RUN_REPEATS]

The same short scene (a MathTex and a Circle, low quality) is rendered REPEATS times in each mode,
alternating jail and rlimits, in fresh-process mode and through a warm pool; prints the medians and
the difference (the ratio jail / rlimits). Then the cost per whole run: `scenesmith make` of one
solution video end to end, each time on a new store (nothing cached), RUN_REPEATS times per mode,
alternating.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scenesmith import sandbox  # noqa: E402

SCENE = '''
from manim import *
class Demo(Scene):
    def construct(self):
        t = MathTex(r"\\int_0^1 x^2\\,dx = \\frac{1}{3}")
        self.play(Write(t))
        self.play(t.animate.shift(UP))
        c = Circle()
        self.play(Create(c))
        self.wait(0.5)
'''
root = Path(tempfile.mkdtemp(prefix="jailbench-"))
tex = root / "cache" / "tex"
work = root / "work"
times = {}


def one(mode, pool, i):
    os.environ["SCENESMITH_SANDBOX"] = mode
    wd = work / f"{mode}-{i}-{'warm' if pool else 'fresh'}"
    wd.mkdir(parents=True)
    (wd / "scenes.py").write_text(SCENE)
    args = ["render", str(wd / "scenes.py"), "Demo", "--quality", "low", "--out", str(wd / "Demo.mp4"), "--tex-cache", str(tex)]
    t = time.monotonic()
    r = sandbox.run_module("scenesmith.storyboard.manim_worker", args, wd, sandbox.Limits(timeout_s=300), pool, read_write=[tex])
    dt = time.monotonic() - t
    assert r.ok and (wd / "Demo.mp4").exists(), r.stderr[-2000:]
    assert (r.argv[0] == "<warm>") == (pool is not None)
    return dt


repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
one("rlimits", None, "warmup")
for kind in ("fresh", "warm"):
    pools = {}
    for mode in ("jail", "rlimits"):
        os.environ["SCENESMITH_SANDBOX"] = mode
        pools[mode] = sandbox.WarmPool(["manim"], work / f"pool-{mode}", shared=[tex]).start() if kind == "warm" else None
    for mode in ("jail", "rlimits"):
        if pools[mode]: one(mode, pools[mode], "warm-up")
    for i in range(repeats):
        for mode in ("jail", "rlimits"):
            times.setdefault((kind, mode), []).append(one(mode, pools[mode], i))
    for p in pools.values():
        if p: p.close()
for (kind, mode), v in times.items():
    print(f"{kind:5} {mode:7} median {statistics.median(v):.2f} s  runs {[round(x,2) for x in v]}")
for kind in ("fresh", "warm"):
    j, r = statistics.median(times[(kind, "jail")]), statistics.median(times[(kind, "rlimits")])
    print(f"{kind}: jail costs {j - r:+.2f} s per scene; ratio jail / rlimits {j / r:.3f}")


def whole_run(mode, i):
    """One `scenesmith make` end to end on a new store, as a user runs it; seconds."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCENESMITH_")}
    env.update(SCENESMITH_HOME=str(root / f"home-{mode}-{i}"), SCENESMITH_SANDBOX=mode)
    t = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "scenesmith", "make", "Solve 3x + 7 = 22", "--json"], env=env, capture_output=True, text=True)
    dt = time.monotonic() - t
    assert done.returncode == 0, done.stderr[-2000:]
    return dt


run_repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
runs = {}
for i in range(run_repeats):
    for mode in ("jail", "rlimits"):
        runs.setdefault(mode, []).append(whole_run(mode, i))
for mode, v in runs.items():
    print(f"run   {mode:7} median {statistics.median(v):.2f} s  runs {[round(x,2) for x in v]}")
j, r = statistics.median(runs["jail"]), statistics.median(runs["rlimits"])
print(f"whole run: jail costs {j - r:+.2f} s per run ({100 * (j - r) / r:+.1f}%); ratio jail / rlimits {j / r:.3f}")
