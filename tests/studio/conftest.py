"""The studio's browser tests: a real `scenesmith serve` on a free port with its own store, and Debian's Chromium."""

from __future__ import annotations

import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import numpy as np
import pytest
from PIL import Image

from tests.conftest import cli_env

CHROMIUM = "/usr/bin/chromium"
STARTUP_SECONDS = 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    home: Path
    process: subprocess.Popen
    log: Path
    headers: dict[str, str]

    def get(self, path: str, **params) -> httpx.Response:
        return httpx.get(self.url + path, params=params, headers=self.headers, timeout=30)

    def kinds(self) -> set[str]:
        return {kind["name"] for kind in self.get("/v1/kinds").json()}

    def logs(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


def start_server(home: Path, **env: str) -> Server:
    """`scenesmith serve` on a free port with its own store; returns once GET /v1/health answers."""
    port = free_port()
    log = home.parent / f"{home.name}-server.log"
    headers = {"Authorization": f"Bearer {env['SCENESMITH_API_TOKEN']}"} if "SCENESMITH_API_TOKEN" in env else {}
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "scenesmith", "serve", "--host", "127.0.0.1", "--port", str(port), "--home", str(home), "--workers", "2"],
            env=cli_env(home, **env), stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )
    server = Server(f"http://127.0.0.1:{port}", home, process, log, headers)
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        if process.poll() is not None:
            pytest.fail(f"scenesmith serve exited with {process.returncode}:\n{server.logs()}")
        try:
            if server.get("/v1/health").json().get("status") == "ok":
                return server
        except (httpx.HTTPError, ValueError):
            pass
        if time.monotonic() > deadline:
            stop_server(server)
            pytest.fail(f"scenesmith serve did not answer /v1/health within {STARTUP_SECONDS} s:\n{server.logs()}")
        time.sleep(0.25)


def stop_server(server: Server) -> None:
    os.killpg(server.process.pid, signal.SIGTERM)  # its own session: the server and its job children
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=10)


@pytest.fixture(scope="session")
def studio_server(tmp_path_factory) -> Server:
    server = start_server(tmp_path_factory.mktemp("studio-home"))
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM} (scripts/setup.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        browser.close()


@dataclass
class Studio:
    """One browser tab on the studio, with the page's script errors collected."""

    page: object
    server: Server
    shots: Path
    errors: list[str]

    def open(self, fragment: str = "") -> None:
        self.page.goto(self.server.url + "/" + fragment)
        self.page.wait_for_selector("body[data-ready='true']", timeout=30_000)

    def screenshot(self, selector: str, name: str) -> Path:
        path = self.shots / f"{name}.png"
        self.page.locator(selector).screenshot(path=str(path))
        return path


@pytest.fixture
def studio(chromium, studio_server, tmp_path, request):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    page.on("console", lambda message: errors.append(f"console {message.type}: {message.text}") if message.type == "error" else None)
    page.set_default_timeout(30_000)
    shots = tmp_path / "screenshots"
    shots.mkdir()
    yield Studio(page, studio_server, shots, errors)
    keep = os.environ.get("SCENESMITH_STUDIO_SHOTS")  # a folder to keep the screenshots in, for looking at them
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for shot in shots.glob("*.png"):
            shutil.copy(shot, Path(keep) / f"{request.node.name}-{shot.name}")
    context.close()


def assert_not_blank(png: bytes | Path, what: str, min_std: float = 12.0, min_levels: int = 24) -> None:
    """Fail when a screenshot is near-uniform: an empty result area is one flat colour (or two)."""
    data = png.read_bytes() if isinstance(png, Path) else png
    pixels = np.asarray(Image.open(io.BytesIO(data)).convert("L"), dtype=np.float64)
    levels = len(np.unique(pixels.astype(np.uint8)))
    assert pixels.size > 100 * 100, f"{what}: the screenshot is only {pixels.shape[1]}x{pixels.shape[0]} pixels"
    assert pixels.std() >= min_std and levels >= min_levels, f"{what} looks empty: grey-level spread {pixels.std():.1f}, {levels} distinct levels"
