"""The REST API against a live `scenesmith serve` on 127.0.0.1: jobs, events, artifacts, history, uploads, one-shots, limits."""

from __future__ import annotations

import http.client
import io
import json

import httpx
import pytest
from PIL import Image

from scenesmith.service.app import STUDIO
from tests.service.conftest import read_events, wait_job

POSE_PROMPT = "do three jumping jacks"
DIAGRAM_PROMPT = "A School has many Classes; a Class has many Students"


@pytest.fixture(scope="module")
def pose_job(server) -> dict:
    """One cheap real job (a stick-figure GIF), submitted and followed through its event stream."""
    answer = server.client.post("/v1/jobs", json={"prompt": POSE_PROMPT, "options": {"quality": "low"}})
    assert answer.status_code == 202, answer.text
    accepted = answer.json()
    assert accepted["status"] == "queued" and accepted["url"] == f"/v1/jobs/{accepted['job_id']}"
    events = read_events(server.client, accepted["job_id"])
    return {"accepted": accepted, "events": events, "job": server.client.get(accepted["url"]).json()}


def test_health_and_kinds(server):
    health = server.client.get("/v1/health").json()
    assert health["status"] == "ok" and health["workers"] == 2
    kinds = {k["name"]: k for k in server.client.get("/v1/kinds").json()}
    assert {"solution", "diagram", "pose", "explainer"} <= set(kinds)
    assert kinds["pose"]["needs_inputs"] is False and kinds["pose"]["description"]


def test_job_runs_with_events_and_artifacts(server, pose_job):
    job, events = pose_job["job"], pose_job["events"]
    assert job["status"] == "succeeded" and job["kind"] == "pose", job
    assert [s["name"] for s in job["stages"]] == ["plan", "keyframes", "render"]
    assert set(job["timings"]) == {"plan", "keyframes", "render"}
    names = [name for name, _ in events]
    assert names[-1] == "end" and events[-1][1]["status"] == "succeeded"
    stage_events = [(d["stage"], d["event"]) for n, d in events if n == "stage"]
    assert ("render", "started") in stage_events and ("render", "done") in stage_events
    ticks = [d for n, d in events if n == "progress"]
    assert [t["value"] for t in ticks] == [1, 2, 3] and {t["max"] for t in ticks} == {3}
    gif = job["artifacts"]["gif"]
    assert gif["content_type"] == "image/gif" and gif["url"] == f"/v1/artifacts/{gif['id']}"
    body = server.client.get(gif["url"])
    assert body.status_code == 200 and body.headers["content-type"] == "image/gif"
    assert body.content[:6] == b"GIF89a" and len(body.content) == gif["size"]
    # a client that connects after the end gets the end event at once
    again = read_events(server.client, job["job_id"], timeout=10)
    assert [n for n, _ in again] == ["end"] and again[0][1]["status"] == "succeeded"


def test_artifact_etag_and_range(server, pose_job):
    video = pose_job["job"]["artifacts"]["video"]
    full = server.client.get(video["url"])
    assert full.headers["content-type"] == "video/mp4" and full.headers["accept-ranges"] == "bytes"
    etag = full.headers["etag"]
    assert etag == f'"{video["id"][:64]}"'
    cached = server.client.get(video["url"], headers={"If-None-Match": etag})
    assert cached.status_code == 304 and cached.content == b""
    assert server.client.get(video["url"], headers={"If-None-Match": '"0000"'}).status_code == 200
    part = server.client.get(video["url"], headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == full.content[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(full.content)}"
    tail = server.client.get(video["url"], headers={"Range": "bytes=-50"})
    assert tail.status_code == 206 and tail.content == full.content[-50:]
    beyond = server.client.get(video["url"], headers={"Range": f"bytes={len(full.content) + 10}-"})
    assert beyond.status_code == 416


@pytest.mark.parametrize("path", [
    "/v1/artifacts/..%2F..%2Fscenesmith.db",
    "/v1/artifacts/..%2fscenesmith.db",
    "/v1/artifacts/%2Fetc%2Fpasswd",
    "/v1/artifacts//etc/passwd",
    "/v1/artifacts/../../scenesmith.db",
    "/v1/artifacts/..",
    "/v1/artifacts/scenesmith.db",
    "/v1/artifacts/" + "z" * 64 + ".mp4",
    "/v1/artifacts/" + "a" * 64 + ".mp4%00.db",
    "/v1/artifacts/" + "A" * 64 + ".gif",
])
def test_path_traversal_is_refused(server, path):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", path)  # sent exactly as written: no client-side normalisation
    response = connection.getresponse()
    body = response.read()
    connection.close()
    assert response.status in (400, 404, 422), (path, response.status)
    assert b"SQLite" not in body and b"root:" not in body


def test_missing_artifact_is_404(server):
    assert server.client.get("/v1/artifacts/" + "0" * 64 + ".mp4").status_code == 404


@pytest.mark.parametrize(("body", "field"), [
    ({"prompt": ""}, "prompt"),
    ({"prompt": "x" * 2001}, "prompt"),
    ({"prompt": "Solve 3x + 7 = 22\x07"}, "prompt"),
    ({}, "prompt"),
    ({"prompt": "Solve 3x + 7 = 22", "kind": "video-of-cats"}, "kind"),
    ({"prompt": "Solve 3x + 7 = 22", "kind": "nosuchkind"}, "kind"),
    ({"prompt": "Solve 3x + 7 = 22", "options": {"quality": "ultra"}}, "options"),
    ({"prompt": "Solve 3x + 7 = 22", "options": {"hints": "maybe"}}, "options"),
    ({"prompt": "Solve 3x + 7 = 22", "inputs": {"image": "../etc/passwd"}}, "inputs"),
    ({"prompt": "Solve 3x + 7 = 22", "inputs": {"image": "0" * 64 + ".png"}}, "inputs"),
    ({"prompt": "Solve 3x + 7 = 22", "colour": "red"}, "colour"),
    ({"prompt": "do three jumping jacks", "options": {"speed": 3}}, "options"),
])
def test_malformed_input_gets_422_with_field_errors(server, body, field):
    answer = server.client.post("/v1/jobs", json=body)
    assert answer.status_code == 422, answer.text
    locations = [e["loc"] for e in answer.json()["detail"]]
    assert any(field in loc for loc in locations), locations


def test_malformed_json_gets_422(server):
    answer = server.client.post("/v1/jobs", content=b"{not json", headers={"content-type": "application/json"})
    assert answer.status_code == 422


def test_prompt_no_kind_takes_gets_400_with_the_planners_message(server):
    answer = server.client.post("/v1/jobs", json={"prompt": "flibber the gadget quietly"})
    assert answer.status_code == 400, answer.text
    detail = answer.json()["detail"]
    assert "scenesmith" in detail["error"] and "To ask" in detail["error"] and isinstance(detail["suggestions"], list)
    named = server.client.post("/v1/jobs", json={"prompt": "flibber the gadget quietly", "kind": "pose"})
    assert named.status_code == 400 and "Nearest actions" in named.json()["detail"]["error"]


def test_body_over_the_limit_gets_413(server):
    big = b"{" + b" " * (31 * 1024 * 1024) + b"}"
    answer = server.client.post("/v1/jobs", content=big, headers={"content-type": "application/json"})
    assert answer.status_code == 413 and "30 MB" in answer.json()["detail"]

    def chunks():  # no Content-Length: the server counts as it reads
        for _ in range(32):
            yield b" " * (1024 * 1024)

    streamed = server.client.post("/v1/jobs", content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413


def test_unknown_job_is_404_and_bad_id_422(server):
    assert server.client.get("/v1/jobs/" + "f" * 12).status_code == 404
    assert server.client.get("/v1/jobs/not-an-id!").status_code == 422
    assert server.client.delete("/v1/jobs/" + "f" * 12).status_code == 404
    assert server.client.get("/v1/jobs/" + "f" * 12 + "/events").status_code == 404


def test_cancel_of_an_ended_job_is_409(server, pose_job):
    answer = server.client.delete(pose_job["accepted"]["url"])
    assert answer.status_code == 409 and "already ended" in answer.json()["detail"]


def test_identical_request_reuses_the_stage_cache(server, pose_job):
    again = server.client.post("/v1/jobs", json={"prompt": POSE_PROMPT}).json()
    job = wait_job(server.client, again["job_id"])
    assert job["status"] == "succeeded"
    assert {s["status"] for s in job["stages"]} == {"cached"}
    assert job["artifacts"]["gif"]["id"] == pose_job["job"]["artifacts"]["gif"]["id"]


def test_history_lists_searches_pages_and_shows_everything(server, pose_job):
    job_id = pose_job["job"]["job_id"]
    page = server.client.get("/v1/runs", params={"q": "jumping JACKS", "kind": "pose"}).json()
    assert job_id in [item["job_id"] for item in page["items"]]
    assert all("jumping jacks" in item["prompt"] for item in page["items"])
    item = next(i for i in page["items"] if i["job_id"] == job_id)
    assert item["status"] == "succeeded" and item["thumbnail"]["content_type"] == "image/png"
    assert server.client.get("/v1/runs", params={"q": "no prompt says this"}).json() == {"total": 0, "items": []}
    assert server.client.get("/v1/runs", params={"q": "100%_"}).json()["total"] == 0  # LIKE wildcards are literal
    everything = server.client.get("/v1/runs", params={"limit": 100}).json()
    first = server.client.get("/v1/runs", params={"limit": 1}).json()
    second = server.client.get("/v1/runs", params={"limit": 1, "offset": 1}).json()
    assert first["total"] == everything["total"] >= 2
    assert [first["items"][0]["job_id"], second["items"][0]["job_id"]] == [i["job_id"] for i in everything["items"][:2]]
    assert all(i["status"] == "succeeded" for i in server.client.get("/v1/runs", params={"status": "succeeded"}).json()["items"])
    assert server.client.get("/v1/runs", params={"status": "lost"}).status_code == 422
    detail = server.client.get(f"/v1/runs/{job_id}").json()
    assert detail["options"]["quality"] == "low" and detail["report"]["kind_routing"]["kind"] == "pose"
    plan = detail["stages"][0]
    assert plan["name"] == "plan" and "action jumping_jack" in plan["log"].replace("jumping_jacks", "jumping_jack")
    assert json.loads(plan["outputs"]["files"]["plan"]["text"])["steps"]
    render = detail["stages"][2]
    assert render["outputs"]["files"]["gif"]["content_type"] == "image/gif" and "text" not in render["outputs"]["files"]["gif"]


def _png(width: int, height: int, fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 120, 200)).save(buffer, format=fmt)
    return buffer.getvalue()


def test_uploads_take_images_and_refuse_others(server):
    answer = server.client.post("/v1/uploads", files={"file": ("map.png", _png(64, 48), "image/png")})
    assert answer.status_code == 201, answer.text
    upload = answer.json()
    assert upload["content_type"] == "image/png" and upload["upload_id"].endswith(".png") and upload["size"] > 0
    stored = server.client.get(f"/v1/artifacts/{upload['upload_id']}")
    assert stored.content == _png(64, 48)
    jpeg = server.client.post("/v1/uploads", files={"file": ("a.jpg", _png(32, 32, "JPEG"), "image/jpeg")}).json()
    assert jpeg["content_type"] == "image/jpeg" and jpeg["upload_id"].endswith(".jpg")
    gif = server.client.post("/v1/uploads", files={"file": ("a.gif", _png(32, 32, "GIF"), "image/gif")})
    assert gif.status_code == 422 and "PNG, JPEG or WebP" in gif.text
    text = server.client.post("/v1/uploads", files={"file": ("a.png", b"hello, I am no image", "image/png")})
    assert text.status_code == 422
    empty = server.client.post("/v1/uploads", files={"file": ("a.png", b"", "image/png")})
    assert empty.status_code == 422
    wide = server.client.post("/v1/uploads", files={"file": ("a.png", _png(4097, 8), "image/png")})
    assert wide.status_code == 413 and "4096" in wide.text
    truncated = server.client.post("/v1/uploads", files={"file": ("a.png", _png(300, 300)[:200], "image/png")})
    assert truncated.status_code == 422
    assert server.client.post("/v1/uploads").status_code == 422


def test_a_job_with_inputs_its_kind_does_not_take_is_refused(server):
    upload = server.client.post("/v1/uploads", files={"file": ("map.png", _png(16, 16), "image/png")}).json()
    answer = server.client.post("/v1/jobs", json={"prompt": POSE_PROMPT, "kind": "pose", "inputs": {"image": upload["upload_id"]}})
    assert answer.status_code == 400 and "input files" in answer.json()["detail"]["error"]


def test_diagram_in_one_request(server):
    svg = server.client.post("/v1/diagram", json={"prompt": DIAGRAM_PROMPT})
    assert svg.status_code == 200, svg.text
    assert svg.headers["content-type"] == "image/svg+xml" and b"<svg" in svg.content and b"School" in svg.content
    job = server.client.get(f"/v1/jobs/{svg.headers['x-scenesmith-job']}").json()
    assert job["kind"] == "diagram" and job["status"] == "succeeded"
    png = server.client.post("/v1/diagram", params={"format": "png"}, json={"prompt": "@startuml\nAlice -> Bob: hello\n@enduml"})
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert Image.open(io.BytesIO(png.content)).size[0] > 20
    bad_source = server.client.post("/v1/diagram", json={"prompt": "@startuml\nA -> B : ping\nnonsense ((( here\n@enduml"})
    assert bad_source.status_code == 400 and "line 3" in bad_source.json()["detail"]["error"], bad_source.text
    hostile = server.client.post("/v1/diagram", json={"prompt": "@startuml\n!include /etc/passwd\nAlice -> Bob\n@enduml"})
    assert hostile.status_code == 400 and "not allowed" in hostile.json()["detail"]["error"] and b"root:" not in hostile.content
    assert server.client.post("/v1/diagram", params={"format": "bmp"}, json={"prompt": DIAGRAM_PROMPT}).status_code == 422


def test_pose_render_in_one_request(server):
    by_name = server.client.post("/v1/pose/render", json={"poses": ["t_pose", "hands_on_hips", "point_left"]})
    assert by_name.status_code == 200, by_name.text
    assert by_name.headers["content-type"] == "image/gif" and by_name.content[:6] == b"GIF89a"
    gif = Image.open(io.BytesIO(by_name.content))
    assert gif.n_frames > 10
    detail = server.client.get(f"/v1/runs/{by_name.headers['x-scenesmith-job']}").json()
    steps = [s["pose"] for s in json.loads(detail["stages"][0]["outputs"]["files"]["plan"]["text"])["steps"]]
    assert steps == ["stand", "t_pose", "hands_on_hips", "point_left", "stand"]
    by_prompt = server.client.post("/v1/pose/render", json={"prompt": "wave"})
    assert by_prompt.status_code == 200 and by_prompt.content[:6] == b"GIF89a"
    unknown = server.client.post("/v1/pose/render", json={"poses": ["t_pose", "moonwalk_backwards"]})
    assert unknown.status_code == 422 and "moonwalk_backwards" in unknown.text
    assert server.client.post("/v1/pose/render", json={}).status_code == 422
    assert server.client.post("/v1/pose/render", json={"prompt": "wave", "poses": ["t_pose"]}).status_code == 422


def test_openapi_and_docs_are_served(server):
    schema = server.client.get("/openapi.json").json()
    assert {"/v1/jobs", "/v1/jobs/{job_id}", "/v1/jobs/{job_id}/events", "/v1/runs", "/v1/artifacts/{artifact_id}", "/v1/diagram", "/v1/pose/render", "/v1/inpaint"} <= set(schema["paths"])
    assert server.client.get("/docs").status_code == 200
    if STUDIO.is_dir():  # the web studio is mounted after the API: it never shadows a /v1 route
        studio = server.client.get("/")
        assert studio.status_code == 200 and studio.headers["content-type"].startswith("text/html")
    assert server.client.get("/v1/no-such-route").status_code == 404


def test_httpx_client_sees_no_token_needed_on_loopback(server):
    assert httpx.get(server.base + "/v1/health").status_code == 200
