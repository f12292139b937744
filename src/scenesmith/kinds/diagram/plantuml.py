"""Render PlantUML in the sandbox: one warm JVM per output format, a cold CLI fallback, and an error check
that PlantUML's quirks cannot fool.

Debian's PlantUML 1.2020 has no server mode, but `-pipe -pipedelimitor TOKEN` keeps one JVM
alive: each diagram written to its stdin comes back on stdout followed by TOKEN. Starting the
JVM costs most of a second; a warm diagram takes a few hundredths. `-stdrpt:1` makes it report
every diagram's status on stderr, written before the image, so after reading TOKEN the report
for that diagram is already in the pipe.

PlantUML's failure modes, and how each is caught:
- a syntax error can still exit 0: the status report (`status=ERROR`) is read, not the exit code;
- the error can be drawn inside the image: an image on PlantUML's black error background, or
  with its green error text on black, is treated as an error even when no report came;
- line numbers are 0-based: `Problem.line` is 1-based, in the source as given.
"""

from __future__ import annotations

import atexit
import io
import os
import re
import select
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from scenesmith.sandbox import Limits, kill_group, spawn

Format = Literal["svg", "png"]
JAR_PATHS = ("/usr/share/plantuml/plantuml.jar",)
# A small heap, the quick JIT tier and the serial collector: faster start, and it fits in the address-space limit.
JVM_OPTIONS = ("-Xmx512m", "-Xss4m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8")
LIMITS = Limits(timeout_s=30.0, memory_mb=3072, file_size_mb=64)
START_TIMEOUT_S = 30.0
INSTALL_HINT = "Install it with: sudo apt-get install -y plantuml graphviz (make setup does this)."


class PlantUMLMissing(RuntimeError):
    """PlantUML (or Java) is not installed: nothing can be rendered."""


@dataclass(frozen=True)
class Problem:
    line: int  # 1-based, in the source that was rendered (0 when PlantUML named no line)
    message: str
    text: str = ""  # the offending line

    def describe(self) -> str:
        where = f"line {self.line}" if self.line else "the diagram"
        shown = f": {self.text.strip()}" if self.text.strip() else ""
        return f"PlantUML error at {where} ({self.message}){shown}"


@dataclass
class Rendered:
    format: str
    data: bytes
    seconds: float
    warm: bool
    problems: list[Problem] = field(default_factory=list)
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and not self.timed_out and bool(self.data)


def base_command() -> list[str]:
    """How to start PlantUML here: java -jar with our JVM options, else the `plantuml` launcher."""
    jar = os.environ.get("SCENESMITH_PLANTUML_JAR") or next((p for p in JAR_PATHS if Path(p).is_file()), None)
    java = shutil.which("java")
    if jar and java and Path(jar).is_file():
        return [java, *JVM_OPTIONS, "-jar", jar]
    launcher = shutil.which("plantuml")
    if launcher:
        return [launcher]
    raise PlantUMLMissing(f"PlantUML is not installed (no {JAR_PATHS[0]} with java, and no 'plantuml' on PATH). {INSTALL_HINT}")


def parse_report(report: str, source: str) -> list[Problem]:
    """Problems from PlantUML's `-stdrpt:1` status lines (and any Java exception) on stderr."""
    problems: list[Problem] = []
    lines = source.splitlines()
    status, number, label = None, None, None
    for raw in report.splitlines() + ["protocolVersion=end"]:
        key, _, value = raw.strip().partition("=")
        if key == "protocolVersion" and status is not None:
            if status == "ERROR":
                line = int(number) + 1 if number is not None and number.lstrip("-").isdigit() and int(number) >= 0 else 0
                text = lines[line - 1] if 0 < line <= len(lines) else ""
                problems.append(Problem(line, label or "syntax error", text))
            status, number, label = None, None, None
        elif key == "status":
            status = value
        elif key == "lineNumber":
            number = value
        elif key == "label":
            label = value
    for raw in report.splitlines():
        if re.search(r"(Exception|Error):|Cannot run program", raw) and not raw.startswith("label="):
            problems.append(Problem(0, raw.strip()[:200]))
            break
    return problems


ERROR_GREEN = (51, 255, 2)  # the colour PlantUML writes its error messages in


def looks_like_error_image(data: bytes, fmt: str) -> bool:
    """PlantUML draws its errors (syntax, a missing Graphviz) on a black background: never pass that off as a diagram."""
    if not data:
        return True
    if fmt == "svg":
        head = data[:1200].decode("utf-8", errors="replace")
        return "background:#000000" in head.replace(" ", "")
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            if image.width < 2 or image.height < 2:
                return True
            rgb = image.convert("RGB")
            area = rgb.width * rgb.height
            dark = sum(rgb.convert("L").histogram()[:48])  # pixels darker than 48/255
            if dark > 0.5 * area:
                return True  # mostly black: PlantUML's error background
            # At some times of day PlantUML adds a panel (an advert with a QR code) beside the error, so black is
            # not always the majority; the error text's own green (#33FF02) on black still gives it away.
            colours = dict((colour, count) for count, colour in rgb.getcolors(maxcolors=area) or [])
            return dark > 0.05 * area and colours.get(ERROR_GREEN, 0) > 0.01 * area
    except Exception:
        return True


def _checked(fmt: str, data: bytes, report: str, source: str, seconds: float, warm: bool) -> Rendered:
    problems = parse_report(report, source)
    if not problems and looks_like_error_image(data, fmt):
        problems.append(Problem(0, "PlantUML drew an error image instead of the diagram"))
    return Rendered(fmt, data, seconds, warm, problems)


class PipeServer:
    """One long-lived `plantuml -pipe` JVM for one output format, confined by the sandbox."""

    def __init__(self, fmt: str, workdir: Path) -> None:
        self.fmt = fmt
        self.workdir = workdir
        self.token = f"__scenesmith_{uuid.uuid4().hex}__"  # unguessable, so no diagram text can end an image early
        self.proc: subprocess.Popen | None = None
        self.lock = threading.Lock()

    def start(self) -> None:
        if self.proc is not None and self.proc.poll() is not None:
            self.stop()  # it died since the last diagram: this diagram goes cold, the next one gets a fresh JVM
            raise OSError("the warm PlantUML process had exited")
        if self.proc is None:
            argv = [*base_command(), f"-t{self.fmt}", "-pipe", "-pipedelimitor", self.token, "-stdrpt:1"]
            self.proc = spawn(argv, self.workdir, LIMITS, stdin=subprocess.PIPE, text=False)
            os.set_blocking(self.proc.stderr.fileno(), False)

    def render(self, source: str, timeout_s: float) -> tuple[bytes, str]:
        """(image, status report). Raises TimeoutError (the server is then stopped) or OSError when it died."""
        with self.lock:
            self.start()
            assert self.proc is not None and self.proc.stdin is not None and self.proc.stdout is not None
            self._drain_stderr()
            self.proc.stdin.write(source.encode("utf-8") + b"\n")
            self.proc.stdin.flush()
            end = (self.token + "\n").encode()
            buffer = bytearray()
            deadline = time.monotonic() + timeout_s
            fd = self.proc.stdout.fileno()
            while not buffer.endswith(end):
                left = deadline - time.monotonic()
                if left <= 0:
                    self.stop()
                    raise TimeoutError(f"PlantUML did not finish within {timeout_s:.0f} s")
                ready, _, _ = select.select([fd], [], [], min(left, 0.5))
                if ready:
                    chunk = os.read(fd, 1 << 16)
                    if not chunk:
                        self.stop()
                        raise OSError("the PlantUML process exited")
                    buffer += chunk
            return bytes(buffer[: -len(end)]), self._drain_stderr()

    def _drain_stderr(self) -> str:
        chunks = []
        while True:
            try:
                chunk = os.read(self.proc.stderr.fileno(), 1 << 16)
            except BlockingIOError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks).decode("utf-8", errors="replace")

    def stop(self) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                try:
                    self.proc.stdin.close()  # a clean end of input: PlantUML's pipe loop exits
                    self.proc.wait(timeout=2)
                except (OSError, subprocess.TimeoutExpired):
                    pass
            if self.proc.poll() is None:
                kill_group(self.proc)
            for stream in (self.proc.stdout, self.proc.stderr):
                if stream is not None:
                    stream.close()
            self.proc = None


def render_cold(source: str, fmt: str, workdir: Path, timeout_s: float = LIMITS.timeout_s) -> Rendered:
    """One fresh PlantUML process for one diagram: the fallback when a warm JVM has died."""
    started = time.monotonic()
    proc = spawn([*base_command(), f"-t{fmt}", "-pipe", "-stdrpt:1"], workdir, LIMITS, stdin=subprocess.PIPE, text=False)
    try:
        data, report = proc.communicate((source + "\n").encode("utf-8"), timeout=timeout_s)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        return Rendered(fmt, b"", time.monotonic() - started, False, [], timed_out=True)
    return _checked(fmt, data, report.decode("utf-8", errors="replace"), source, time.monotonic() - started, False)


class PlantUML:
    """Renders diagrams through warm pipe servers (started on first use), else cold."""

    def __init__(self, workdir: Path | None = None, timeout_s: float = LIMITS.timeout_s) -> None:
        self.workdir = workdir or Path(tempfile.mkdtemp(prefix="scenesmith-plantuml-"))
        self.timeout_s = timeout_s
        self.servers: dict[str, PipeServer] = {}
        self.lock = threading.Lock()

    def server(self, fmt: str) -> PipeServer:
        with self.lock:
            if fmt not in self.servers:
                self.servers[fmt] = PipeServer(fmt, self.workdir / fmt)
            return self.servers[fmt]

    def render(self, source: str, fmt: Format) -> Rendered:
        started = time.monotonic()
        server = self.server(fmt)
        try:
            data, report = server.render(source, self.timeout_s)
        except TimeoutError:
            return Rendered(fmt, b"", time.monotonic() - started, True, [], timed_out=True)
        except OSError:
            return render_cold(source, fmt, self.workdir / "cold", self.timeout_s)  # the warm JVM died: one cold run
        return _checked(fmt, data, report, source, time.monotonic() - started, True)

    def render_many(self, source: str, formats: tuple[Format, ...] = ("svg", "png")) -> dict[str, Rendered]:
        """Each format on its own JVM, at the same time (an exception in either is raised here)."""
        with ThreadPoolExecutor(max_workers=len(formats)) as workers:
            futures = {fmt: workers.submit(self.render, source, fmt) for fmt in formats}
            return {fmt: future.result() for fmt, future in futures.items()}

    def close(self) -> None:
        for server in self.servers.values():
            server.stop()
        self.servers.clear()
        shutil.rmtree(self.workdir, ignore_errors=True)


_shared: PlantUML | None = None
_shared_lock = threading.Lock()


def shared() -> PlantUML:
    """The process's renderer: its JVMs stay warm across diagrams and are stopped when the process exits."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = PlantUML()
            atexit.register(_shared.close)
        return _shared


def renderer_version() -> str:
    """What identifies the PlantUML build, for stage versions: the command and the jar's size and date."""
    try:
        argv = base_command()
    except PlantUMLMissing:
        return "missing"
    jar = next((a for a in argv if a.endswith(".jar")), argv[0])
    stat = Path(jar).stat()
    return f"{jar}:{stat.st_size}:{int(stat.st_mtime)}:{' '.join(JVM_OPTIONS)}"
