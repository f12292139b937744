"""scenesmith doctor: is every stored file what its name says, and are the system tools the renders need here?

The store check hashes every blob against its content-addressed name and looks up every blob that a
run hands out as an artifact or a cache entry would reuse. A blob that is gone or no longer hashes to
its name is listed with the runs that refer to it (artifacts and stage records); `repair` forgets the
cache entries that point at it (so the next run computes that stage again) and removes a damaged file.
A run whose own artifact is lost is mended by `scenesmith resume RUN_ID`.

The tool check runs each tool the way a render would find it (on PATH) and reads its version, like
Manim's `checkhealth`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import delete

from scenesmith.store import CacheEntry, Run, StageRecord, Store
from scenesmith.store.blobs import BlobState, verify_file

TOOL_TIMEOUT = 30.0  # seconds for one version call (a cold JVM takes about one)


@dataclass
class BlobProblem:
    """A blob the store refers to that is missing, or whose content no longer hashes to its name."""

    blob: str
    state: BlobState
    runs: list[str] = field(default_factory=list)  # runs whose artifacts or stages refer to it
    cache_entries: int = 0  # stage outputs that would reuse it
    repaired: bool = False


@dataclass
class StoreCheck:
    home: str
    blobs_checked: int
    problems: list[BlobProblem]
    # run files still hard-linked to their blob (made before runs got copies): an edit of one changes the blob
    linked: list[str] = field(default_factory=list)
    unlinked: bool = False  # repair gave each of them a copy of its own

    @property
    def sound(self) -> bool:
        return all(problem.repaired for problem in self.problems) and (not self.linked or self.unlinked)


@dataclass(frozen=True)
class Tool:
    name: str
    version_command: tuple[str, ...]
    needed_for: str
    install: str


TOOLS = (
    Tool("latex", ("latex", "--version"), "typesetting the math in videos (Manim's Tex and MathTex)", "apt-get install texlive-latex-base texlive-latex-recommended texlive-latex-extra"),
    Tool("dvisvgm", ("dvisvgm", "--version"), "turning typeset math into shapes for videos", "apt-get install dvisvgm"),
    Tool("java", ("java", "-version"), "running PlantUML for diagrams", "apt-get install plantuml (it brings Java)"),
    Tool("dot", ("dot", "-V"), "Graphviz layouts of PlantUML's class, use-case and component diagrams", "apt-get install graphviz"),
    Tool("bwrap", ("bwrap", "--version"), "the sandbox's jail around every render job (without it jobs are refused)", "apt-get install bubblewrap"),
)


@dataclass
class ToolCheck:
    name: str
    needed_for: str
    ok: bool
    path: str | None = None
    version: str | None = None
    problem: str | None = None
    install: str | None = None  # what to run when it is not ok


@dataclass
class _References:
    artifacts: dict[str, set[str]]  # blob -> runs that hand it out as an artifact
    stages: dict[str, set[str]]  # blob -> runs whose stage records name it (history: an older attempt's output)
    cache: dict[str, list[str]]  # blob -> cache keys that would reuse it


def _references(store: Store) -> _References:
    refs = _References(defaultdict(set), defaultdict(set), defaultdict(list))
    with store.session() as session:
        for run_id, artifacts in session.query(Run.id, Run.artifacts):
            for blob in _blobs_in((artifacts or {}).values()):
                refs.artifacts[blob].add(run_id)
        for run_id, outputs in session.query(StageRecord.run_id, StageRecord.outputs):
            for blob in _blobs_in(((outputs or {}).get("files") or {}).values()):
                refs.stages[blob].add(run_id)
        for key, outputs in session.query(CacheEntry.key, CacheEntry.outputs):
            for blob in _blobs_in(((outputs or {}).get("files") or {}).values()):
                refs.cache[blob].append(key)
    return refs


def _blobs_in(values: Iterable[object]) -> list[str]:
    return [value for value in values if isinstance(value, str) and value]


def check_store(store: Store, repair: bool = False) -> StoreCheck:
    """Verify every blob on disk and every blob the database refers to; with `repair`, drop what points at a broken one."""
    refs = _references(store)
    on_disk = list(store.blobs.names())
    states: dict[str, BlobState] = {name: verify_file(store.blobs.path(name), name) for name in on_disk}
    # Missing counts where something still hands the blob out or reuses it; an old stage record's output may be long replaced.
    for name in set(refs.artifacts) | set(refs.cache):
        states.setdefault(name, "missing")
    problems = [
        BlobProblem(blob=name, state=state, runs=sorted(refs.artifacts.get(name, set()) | refs.stages.get(name, set())), cache_entries=len(refs.cache.get(name, ())))
        for name, state in sorted(states.items())
        if state != "ok"
    ]
    if repair:
        for problem in problems:
            _repair(store, problem, refs.cache.get(problem.blob, []))
    linked = _linked_run_files(store)
    if repair:
        for path in linked:
            _unlink_copy(path)
    return StoreCheck(home=str(store.home), blobs_checked=len(on_disk), problems=problems, linked=[str(p) for p in linked], unlinked=repair and bool(linked))


def _linked_run_files(store: Store) -> list[Path]:
    """Files under runs/ that share their data with another name (a blob): older versions hard-linked them."""
    runs = store.home / "runs"
    if not runs.is_dir():
        return []
    return sorted(p for p in runs.glob("*/*") if p.is_file() and not p.is_symlink() and p.stat().st_nlink > 1)


def _unlink_copy(path: Path) -> None:
    """Replace a hard link with a copy of its content, atomically, so the blob and the run file part ways."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".unlink-")
    os.close(fd)
    try:
        shutil.copy2(path, tmp)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise


def _repair(store: Store, problem: BlobProblem, keys: list[str]) -> None:
    """Drop the cache entries that would reuse the blob and remove it if damaged. A lost artifact that no
    cache entry names stays a problem: only resuming its runs makes it again."""
    if keys:
        with store.session() as session:
            session.execute(delete(CacheEntry).where(CacheEntry.key.in_(keys)))
    if problem.state == "damaged":
        store.blobs.discard(problem.blob)
    problem.repaired = bool(keys) or problem.state == "damaged"


def check_tools(tools: Iterable[Tool] = TOOLS) -> list[ToolCheck]:
    checks = [_check_tool(tool) for tool in tools]
    if all(check.ok for check in checks if check.name in ("latex", "dvisvgm")):
        checks.append(check_latex_document())
    return checks


# What Manim's Tex and MathTex need of TeX Live: its standalone class, amsmath and amssymb, then dvisvgm.
TEST_DOCUMENT = r"""\documentclass[preview]{standalone}
\usepackage[english]{babel}
\usepackage{amsmath}
\usepackage{amssymb}
\begin{document}
$\displaystyle x = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}$
\end{document}
"""
LATEX_INSTALL = "apt-get install texlive-latex-base texlive-latex-recommended texlive-latex-extra dvisvgm"


def check_latex_document() -> ToolCheck:
    """Typeset a formula the way a render does (latex, then dvisvgm): the packages, not only the programs, must be there."""
    name, needed = "latex document", "typesetting a formula as a render does (standalone, amsmath, amssymb, dvisvgm)"
    with tempfile.TemporaryDirectory(prefix="scenesmith-doctor-") as folder:
        (Path(folder) / "test.tex").write_text(TEST_DOCUMENT)
        steps = (["latex", "-interaction=batchmode", "-halt-on-error", "test.tex"], ["dvisvgm", "--no-fonts", "--verbosity=1", "test.dvi"])
        for command in steps:
            try:
                done = subprocess.run(command, cwd=folder, capture_output=True, text=True, errors="replace", timeout=TOOL_TIMEOUT, stdin=subprocess.DEVNULL)
            except subprocess.TimeoutExpired:
                return ToolCheck(name, needed, ok=False, problem=f"'{command[0]}' did not finish within {TOOL_TIMEOUT:.0f} s", install=LATEX_INSTALL)
            except OSError as exc:
                return ToolCheck(name, needed, ok=False, problem=f"cannot run '{command[0]}': {exc.strerror or exc}", install=LATEX_INSTALL)
            if done.returncode != 0:
                log = Path(folder) / "test.log"
                text = (log.read_text(errors="replace") if log.exists() else "") + "\n" + done.stdout + "\n" + done.stderr
                first_error = next((line.strip() for line in text.splitlines() if line.startswith("!")), "") or next((line.strip() for line in (done.stderr or done.stdout).splitlines() if line.strip()), f"exit {done.returncode}")
                return ToolCheck(name, needed, ok=False, path=shutil.which(command[0]), problem=f"'{command[0]}' failed on a test formula: {first_error[:200]}", install=LATEX_INSTALL)
        if not (Path(folder) / "test.svg").exists():
            return ToolCheck(name, needed, ok=False, problem="dvisvgm made no SVG of the test formula", install=LATEX_INSTALL)
    return ToolCheck(name, needed, ok=True, path=shutil.which("latex"), version="a test formula typeset and converted to SVG")


def _check_tool(tool: Tool) -> ToolCheck:
    path = shutil.which(tool.version_command[0])
    if path is None:
        return ToolCheck(tool.name, tool.needed_for, ok=False, problem=f"'{tool.version_command[0]}' is not on PATH", install=tool.install)
    try:
        done = subprocess.run([path, *tool.version_command[1:]], capture_output=True, text=True, errors="replace", timeout=TOOL_TIMEOUT, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return ToolCheck(tool.name, tool.needed_for, ok=False, path=path, problem=f"'{' '.join(tool.version_command)}' did not answer within {TOOL_TIMEOUT:.0f} s", install=tool.install)
    except OSError as exc:
        return ToolCheck(tool.name, tool.needed_for, ok=False, path=path, problem=f"cannot run it: {exc.strerror or exc}", install=tool.install)
    first_line = next((line.strip() for line in (done.stdout + "\n" + done.stderr).splitlines() if line.strip()), "")
    if done.returncode != 0:
        return ToolCheck(tool.name, tool.needed_for, ok=False, path=path, problem=f"'{' '.join(tool.version_command)}' exited {done.returncode}: {first_line}", install=tool.install)
    return ToolCheck(tool.name, tool.needed_for, ok=True, path=path, version=first_line)


def artifact_states(exported: dict[str, str], blobs: dict[str, str]) -> dict[str, BlobState]:
    """For each of a run's artifacts (name -> exported path, name -> blob): is the file there, with the content the run made?"""
    return {name: verify_file(Path(path), blobs[name]) for name, path in exported.items() if name in blobs}


def report(store_check: StoreCheck, tools: list[ToolCheck]) -> dict:
    """The JSON object `scenesmith doctor --json` prints."""
    healthy = store_check.sound and all(tool.ok for tool in tools)
    return {
        "status": "ok" if healthy else "problems",
        "home": store_check.home,
        "blobs_checked": store_check.blobs_checked,
        "problems": [asdict(problem) for problem in store_check.problems],
        "linked_run_files": store_check.linked,
        "linked_run_files_repaired": store_check.unlinked,
        "tools": [asdict(tool) for tool in tools],
    }
