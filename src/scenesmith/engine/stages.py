"""Stages: pure functions of their inputs plus a version, cached by content hash and recorded per run.

A stage's cache key is sha256(name, version, inputs), where inputs are JSON values and
blob names (which are themselves content hashes). A stage that already ran with the same
key is never run again: its stored outputs are reused, so a killed run resumes at the
first stage with nothing stored. Reused outputs are checked first: a blob that is missing or
no longer hashes to its name drops the cache entry, the stage runs again, and the runner
records it in `repairs` (the run's report).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete

from scenesmith.engine.errors import StageFailed
from scenesmith.sandbox import WarmPool
from scenesmith.store import CacheEntry, StageRecord, Store


def code_version(*modules: str, extra: str = "") -> str:
    """A stage version that changes whenever the code of these modules changes, so stale outputs are never reused."""
    import importlib.util

    digest = hashlib.sha256(extra.encode())
    for name in modules:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise ValueError(f"module {name} not found")
        digest.update(Path(spec.origin).read_bytes())
    return digest.hexdigest()[:12]


def package_version(*packages: str, extra: str = "") -> str:
    """Like code_version, for whole packages: every .py and data file (.yaml) under each package's folder."""
    import importlib.util

    digest = hashlib.sha256(extra.encode())
    for name in packages:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            raise ValueError(f"package {name} not found")
        root = Path(next(iter(spec.submodule_search_locations)))
        for path in sorted(p for p in root.rglob("*") if p.suffix in (".py", ".yaml") and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def content_key(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str).encode()).hexdigest()


@dataclass
class StageOutput:
    """Files (friendly name -> blob name) and a small JSON value."""

    files: dict[str, str] = field(default_factory=dict)
    value: Any = None
    cached: bool = False
    seconds: float = 0.0
    cache: bool = True  # False: keep the record, but let the next run try again (e.g. a placeholder after a failure)


class StageIO:
    """What a stage function gets: a private working folder, a log, and the blob store."""

    def __init__(self, store: Store, workdir: Path) -> None:
        self.store = store
        self.workdir = workdir
        self.lines: list[str] = []

    def log(self, message: str) -> None:
        self.lines.append(message)

    def put_file(self, path: Path, suffix: str | None = None) -> str:
        return self.store.blobs.put_file(path, suffix)

    def put_json(self, value: Any) -> str:
        return self.store.blobs.put_bytes(json.dumps(value, indent=2, sort_keys=True).encode(), ".json")

    def put_bytes(self, data: bytes, suffix: str) -> str:
        return self.store.blobs.put_bytes(data, suffix)

    def put_text(self, text: str, suffix: str) -> str:
        return self.store.blobs.put_bytes(text.encode("utf-8"), suffix)

    def path(self, blob: str) -> Path:
        return self.store.blobs.path(blob)


ProgressCallback = Callable[[str, str, float], None]  # (stage name, event, seconds)


class StageRunner:
    """Runs the stages of one run: checks the cache, records every stage, reports progress."""

    def __init__(self, store: Store, run_id: str, progress: ProgressCallback | None = None, pool: WarmPool | None = None) -> None:
        self.store = store
        self.run_id = run_id
        self.pool = pool  # a warm sandbox pool for the run's heavy jobs, started early by the caller
        self.progress = progress or (lambda name, event, seconds: None)
        self._on_tick = getattr(progress, "tick", None)  # a progress object may also take ticks within a stage (renders)
        self.timings: dict[str, float] = {}
        self.repairs: list[dict[str, str]] = []  # cached outputs found missing or damaged, and recomputed
        self._lock = threading.Lock()

    def stage(self, name: str, version: str, inputs: dict[str, Any], fn: Callable[[StageIO], StageOutput]) -> StageOutput:
        key = content_key(name.split(":")[0], version, inputs)
        input_hash = content_key(inputs)
        cached, broken = self._cached(name, key)
        if cached is not None:
            self._record(name, version, "cached", input_hash, key, 0.0, cached, "reused from cache")
            self.timings[name] = 0.0
            self.progress(name, "cached", 0.0)
            return cached
        record_id = self._record(name, version, "running", input_hash, key, None, StageOutput(), "")
        self.progress(name, "started", 0.0)
        workdir = self.workspace / f"{self.run_id}-{key[:12]}"
        shutil.rmtree(workdir, ignore_errors=True)
        workdir.mkdir(parents=True)
        io = StageIO(self.store, workdir)
        for problem in broken:
            io.log(f"the stored output {problem['file']} ({problem['blob']}) was {problem['state']}: cache entry dropped, stage recomputed")
        started = time.monotonic()
        try:
            output = fn(io)
        except Exception as exc:
            seconds = time.monotonic() - started
            io.log(f"{type(exc).__name__}: {exc}")
            self._finish(record_id, "failed", seconds, StageOutput(), io.lines)
            self.progress(name, "failed", seconds)
            raise
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        output.seconds = time.monotonic() - started
        status = "done" if output.cache else "degraded"
        # The record and the cache entry are written in one transaction: a kill never leaves a 'done' stage uncached.
        entry = CacheEntry(key=key, stage=name.split(":")[0], version=version, outputs={"files": output.files, "value": output.value}, seconds=output.seconds) if output.cache else None
        self._finish(record_id, status, output.seconds, output, io.lines, entry)
        self.timings[name] = round(output.seconds, 3)
        self.progress(name, status, output.seconds)
        return output

    @property
    def workspace(self) -> Path:
        """Where the run's stages get their folders: inside its warm pool's jail when it has one (that jail can
        write there and nowhere else, so a job never reaches another run's folders), else the store's work folder."""
        return self.pool.workspace if self.pool is not None else self.store.work

    def tick(self, stage: str, value: float, maximum: float) -> None:
        """Report progress within a running stage (a scene rendered, a frame drawn): `value` of `maximum`."""
        if self._on_tick is not None:
            self._on_tick(stage, value, maximum)

    # Hash every reused blob (bench/store_check_bench.py measures the cost on a cached repeat).
    check_blobs = True

    def _cached(self, name: str, key: str) -> tuple[StageOutput | None, list[dict[str, str]]]:
        """The stored output for `key`, if every blob of it is sound; else (None, what was missing or damaged)."""
        with self._lock, self.store.session() as session:
            entry = session.get(CacheEntry, key)
            if entry is None:
                return None, []
            files = dict(entry.outputs.get("files", {}))
            value = entry.outputs.get("value")
        broken = []
        for file, blob in files.items():
            state = self.store.blobs.verify(blob) if self.check_blobs else ("ok" if self.store.blobs.exists(blob) else "missing")
            if state != "ok":
                broken.append({"stage": name, "file": file, "blob": blob, "state": state})
        if not broken:
            return StageOutput(files=files, value=value, cached=True), []
        # Never hand out a broken file: forget the entry, so this run (and any other) computes the stage again.
        with self._lock, self.store.session() as session:
            session.execute(delete(CacheEntry).where(CacheEntry.key == key))
        self.repairs.extend(broken)
        return None, broken

    def _record(self, name: str, version: str, status: str, input_hash: str, key: str, seconds: float | None, output: StageOutput, log: str) -> int:
        with self._lock, self.store.session() as session:
            record = StageRecord(run_id=self.run_id, name=name, version=version, status=status, input_hash=input_hash, cache_key=key, seconds=seconds, outputs={"files": output.files, "value": output.value}, log=log)
            session.add(record)
            session.flush()
            return record.id

    def _finish(self, record_id: int, status: str, seconds: float, output: StageOutput, lines: list[str], entry: CacheEntry | None = None) -> None:
        with self._lock, self.store.session() as session:
            if entry is not None:
                session.merge(entry)
            record = session.get(StageRecord, record_id)
            record.status = status
            record.seconds = round(seconds, 3)
            record.outputs = {"files": output.files, "value": output.value}
            record.log = "\n".join(lines)[-20000:]


def require(condition: bool, message: str) -> None:
    if not condition:
        raise StageFailed(message)
