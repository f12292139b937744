"""Benchmark: what hashing every reused blob costs on a cached repeat of a request.

    .venv/bin/python bench/store_check_bench.py [--prompt P] [--quality low|medium|high] [--repeat N]

In a fresh store, the request is made once (every stage computed), then repeated N times with the
check (StageRunner.check_blobs, every reused blob hashed against its name) and N times without it
(only "is the file there"), alternating, in this process (so that process start does not hide the
difference). Each repeat is a new run of the same request: every stage comes from the cache and its
files are copied to runs/ID/. Prints the medians, the ratio with / without, and the bytes hashed per
repeat. End to end through the CLI a repeat also pays the process start (about 2-4 s), so there
the check's share is smaller still.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from scenesmith.engine import runs as run_api  # noqa: E402
from scenesmith.engine.stages import StageRunner  # noqa: E402
from scenesmith.store import CacheEntry, Store  # noqa: E402


def repeat_once(store: Store, prompt: str, quality: str) -> tuple[float, str]:
    started = time.perf_counter()
    run_id = run_api.new_run(store, prompt, quality=quality)
    result = run_api.execute(store, run_id)
    seconds = time.perf_counter() - started
    if result.status != "succeeded":
        raise SystemExit(f"the request did not succeed: {result.status} {result.error}")
    return seconds, run_id


def cached_blobs(store: Store) -> set[str]:
    """The blobs the cache entries name: what one check reads at most."""
    with store.session() as session:
        return {blob for (outputs,) in session.query(CacheEntry.outputs) for blob in outputs.get("files", {}).values()}


def hash_time(store: Store, blobs: set[str], repeat: int) -> float:
    """The median time to verify every cached blob once, alone (no run around it)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        assert all(store.blobs.verify(blob) == "ok" for blob in blobs)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompt", default="Solve x^2 - 5x + 6 = 0")
    parser.add_argument("--quality", default="low", choices=["low", "medium", "high"])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="scenesmith-store-check-") as tmp:
        store = Store(Path(tmp) / "home")
        first, _ = repeat_once(store, args.prompt, args.quality)
        blobs = cached_blobs(store)
        size = sum(store.blobs.path(blob).stat().st_size for blob in blobs)
        print(f"first run (every stage computed): {first:.2f} s; the cache names {len(blobs)} blobs, {size / 1e6:.2f} MB")
        hashing = hash_time(store, blobs, args.repeat)
        repeat_once(store, args.prompt, args.quality)  # warm the page cache and the imports for both sides
        times: dict[bool, list[float]] = {True: [], False: []}
        for _ in range(args.repeat):
            for check in (True, False):
                StageRunner.check_blobs = check
                times[check].append(repeat_once(store, args.prompt, args.quality)[0])
        StageRunner.check_blobs = True

    with_check, without = statistics.median(times[True]), statistics.median(times[False])
    print(f"cached repeat, median of {args.repeat} ({args.quality} quality, in-process):")
    print(f"  with the hash check:    {with_check * 1000:8.1f} ms")
    print(f"  without (exists only):  {without * 1000:8.1f} ms")
    print(f"  ratio with / without:   {with_check / without:8.3f}  (difference {(with_check - without) * 1000:.1f} ms per repeat)")
    print(f"  hashing the cached blobs alone: {hashing * 1000:.1f} ms = {hashing / without:.1%} of a repeat without the check")


if __name__ == "__main__":
    main()
