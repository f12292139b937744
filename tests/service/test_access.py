"""Access and streams: the token rule for non-loopback binds, 401 without the bearer token, SSE keep-alives and disconnects."""

from __future__ import annotations

import time

import httpx
import pytest

from scenesmith.engine.errors import UserError
from scenesmith.service.app import check_access, create_app, is_loopback
from tests.conftest import run_cli
from tests.service.conftest import ThreadServer, wait_healthy


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"])
def test_loopback_needs_no_token(host):
    assert is_loopback(host)
    check_access(host, None)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.1", "example.org", ""])
def test_any_other_address_needs_a_token(host):
    assert not is_loopback(host)
    with pytest.raises(UserError, match="SCENESMITH_API_TOKEN"):
        check_access(host, None)
    with pytest.raises(UserError):
        check_access(host, "")
    check_access(host, "s3cret")


def test_serve_refuses_to_start_on_a_public_address_without_a_token(home):
    started = time.monotonic()
    result = run_cli(home, "serve", "--host", "0.0.0.0", "--port", "1", timeout=60)
    assert result.returncode == 2, result.stderr
    assert "SCENESMITH_API_TOKEN" in result.stderr and "127.0.0.1" in result.stderr
    assert time.monotonic() - started < 60


def test_serve_is_listed_and_job_is_hidden(home):
    shown = run_cli(home, "--help", timeout=60).stdout
    commands = [line.split()[1] for line in shown.splitlines() if line.startswith("│ ") and len(line.split()) > 2]
    assert "serve" in commands and "make" in commands and "job" not in commands
    assert "--workers" in run_cli(home, "serve", "--help", timeout=60).stdout


@pytest.fixture
def guarded(home):
    live = ThreadServer(create_app(home, workers=1, token="s3cret-token"))
    yield live
    live.stop()


def test_a_configured_token_is_required_on_every_v1_request(guarded):
    base = guarded.base
    good = {"Authorization": "Bearer s3cret-token"}
    wait_healthy(base, headers=good)
    for method, path in [("GET", "/v1/health"), ("GET", "/v1/kinds"), ("GET", "/v1/runs"), ("POST", "/v1/jobs"), ("GET", "/v1/artifacts/" + "0" * 64 + ".mp4"), ("DELETE", "/v1/jobs/abc")]:
        refused = httpx.request(method, base + path)
        assert refused.status_code == 401, (method, path)
        assert refused.headers["www-authenticate"] == "Bearer"
        assert httpx.request(method, base + path, headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert httpx.request(method, base + path, headers={"Authorization": "s3cret-token"}).status_code == 401
    assert httpx.get(base + "/v1/health", headers=good).status_code == 200
    answer = httpx.post(base + "/v1/jobs", headers=good, json={"prompt": "wave"}, timeout=120)  # the first waits for the planners to load
    assert answer.status_code == 202
    assert httpx.get(base + answer.json()["url"], headers=good).json()["kind"] == "pose"


def test_events_send_keep_alives_and_forget_a_client_that_leaves(home):
    live = ThreadServer(create_app(home, workers=1, keepalive_s=0.3))
    try:
        client = httpx.Client(base_url=live.base, timeout=30)
        wait_healthy(live.base)
        # no worker is free for the second job while the first runs, so its stream waits (with keep-alives)
        first = client.post("/v1/jobs", json={"prompt": "do five jumping jacks"}).json()["job_id"]
        second = client.post("/v1/jobs", json={"prompt": "wave three times"}).json()["job_id"]
        lines = []
        with client.stream("GET", f"/v1/jobs/{second}/events") as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            for line in response.iter_lines():
                lines.append(line)
                if line == ": keep-alive" and len(lines) > 2:
                    assert client.get("/v1/health").json()["listeners"] == 1  # this stream, still open
                    break
        assert "event: queued" in lines and ": keep-alive" in lines
        deadline = time.monotonic() + 10
        while client.get("/v1/health").json()["listeners"] != 0:  # the server noticed the client left
            assert time.monotonic() < deadline, "the listener of a closed stream was kept"
            time.sleep(0.1)
        # both jobs still finish, and a stream opened now follows the second to its end
        with client.stream("GET", f"/v1/jobs/{second}/events") as response:
            names = [line.split(":", 1)[1].strip() for line in response.iter_lines() if line.startswith("event:")]
        assert names[-1] == "end"
        assert client.get(f"/v1/jobs/{first}").json()["status"] == "succeeded"
        assert client.get(f"/v1/jobs/{second}").json()["status"] == "succeeded"
        client.close()
    finally:
        live.stop()
