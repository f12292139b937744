"""POST /v1/inpaint and image jobs through the API, against the image kind's contract (inputs image and mask;
options strength, steps, seed, style). Skipped while the image kind is not installed."""

from __future__ import annotations

import io
import warnings

import pytest
from PIL import Image, ImageDraw

from scenesmith.engine.kinds import all_kinds
from tests.service.conftest import wait_job

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    HAVE_IMAGE_KIND = "image" in all_kinds()

pytestmark = pytest.mark.skipif(not HAVE_IMAGE_KIND, reason="the image kind (scenesmith.kinds.image) is not installed yet: the inpainting endpoints have no kind to run")


def _picture(size=(96, 64)) -> bytes:
    image = Image.new("RGB", size, (90, 140, 70))
    ImageDraw.Draw(image).rectangle((10, 10, 40, 30), fill=(200, 180, 120))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _mask(size=(96, 64), box=(30, 20, 70, 50)) -> bytes:
    mask = Image.new("L", size, 0)
    if box:
        ImageDraw.Draw(mask).rectangle(box, fill=255)
    buffer = io.BytesIO()
    mask.save(buffer, format="PNG")
    return buffer.getvalue()


def test_inpaint_in_one_request(server):
    answer = server.client.post("/v1/inpaint", files={"image": ("map.png", _picture(), "image/png"), "mask": ("mask.png", _mask(), "image/png")},
                                data={"prompt": "a lake here", "seed": "7", "strength": "1"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "image/png" and answer.headers["x-scenesmith-method"]
    result = Image.open(io.BytesIO(answer.content))
    assert result.size == (96, 64)
    original = Image.open(io.BytesIO(_picture())).convert("RGB")
    assert result.convert("RGB").getpixel((2, 2)) == original.getpixel((2, 2))  # outside the mask: untouched
    assert result.convert("RGB").getpixel((50, 35)) != original.getpixel((50, 35))  # inside: repainted
    job = server.client.get(f"/v1/runs/{answer.headers['x-scenesmith-job']}").json()
    assert job["kind"] == "image" and set(job["options"]["inputs"]) == {"image", "mask"}


def test_inpaint_refuses_bad_input_with_422(server):
    def post(image: bytes, mask: bytes):
        return server.client.post("/v1/inpaint", files={"image": ("a.png", image, "image/png"), "mask": ("m.png", mask, "image/png")}, data={"prompt": "a lake here"})

    assert post(_picture(), _mask(size=(50, 50))).status_code == 422  # the mask's size is not the image's
    assert post(_picture(), _mask(box=None)).status_code == 422  # an empty mask
    assert post(b"not an image at all", _mask()).status_code == 422
    assert post(_picture((4097, 8)), _mask((4097, 8))).status_code == 413


def test_image_job_with_uploads(server):
    image = server.client.post("/v1/uploads", files={"file": ("map.png", _picture(), "image/png")}).json()["upload_id"]
    mask = server.client.post("/v1/uploads", files={"file": ("mask.png", _mask(), "image/png")}).json()["upload_id"]
    accepted = server.client.post("/v1/jobs", json={"prompt": "a forest here", "inputs": {"image": image, "mask": mask}, "options": {"seed": 3}})
    assert accepted.status_code == 202, accepted.text
    job = wait_job(server.client, accepted.json()["job_id"])
    assert job["kind"] == "image" and job["status"] == "succeeded", job
