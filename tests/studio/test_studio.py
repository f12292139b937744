"""The web studio in a real browser against a real server: each kind submitted, watched, shown, and opened again from history.

Every test takes a screenshot of the result area and fails when it is near-uniform (an empty result).
Renders are low quality and one per kind.
"""

from __future__ import annotations

import io
import re
import uuid

import httpx
import numpy as np
import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tests.studio.conftest import Studio, assert_not_blank, start_server, stop_server

pytestmark = pytest.mark.slow

RESULT_TIMEOUT_MS = 240_000

# Records, in the page, every text the live progress region and the stage list show while a job runs,
# so a test can tell progress that arrived over the event stream from the final state painted at the end.
WATCH_PROGRESS = """() => {
  window.__progress = [];
  const note = () => {
    const live = document.getElementById('progress-live').textContent;
    const stages = [...document.querySelectorAll('#stage-list li')].map((li) => li.dataset.stage + '=' + li.dataset.status);
    const bar = document.getElementById('progress-bar');
    window.__progress.push({live, stages, value: bar.value, max: bar.max, result: !document.getElementById('result').hidden});
  };
  new MutationObserver(note).observe(document.getElementById('progress'), {subtree: true, childList: true, characterData: true, attributes: true});
}"""


def tag() -> str:
    return uuid.uuid4().hex[:6]


def submit(studio, prompt: str, kind: str = "auto") -> None:
    page = studio.page
    page.fill("#prompt", prompt)
    page.select_option("#kind", kind)
    page.evaluate(WATCH_PROGRESS)
    page.click("#submit")


def wait_for_result(studio) -> dict:
    """Wait for the job's end; return what the progress region showed on the way (from the event stream)."""
    page = studio.page
    page.wait_for_selector("#progress:not([hidden])")
    page.wait_for_selector("#result:not([hidden])", timeout=RESULT_TIMEOUT_MS)
    seen = page.evaluate("window.__progress")
    before_end = [entry for entry in seen if not entry["result"]]
    live_texts = [entry["live"] for entry in before_end]
    assert any(text.startswith("Running:") for text in live_texts), f"no stage start was shown while the job ran: {live_texts[:20]}"
    running = {stage for entry in before_end for stage in entry["stages"] if stage.endswith("=running")}
    assert running, "the stage list never showed a running stage before the end"
    status = page.locator("#result-body .run-meta .badge").first.inner_text()
    assert status == "succeeded", f"the job ended {status}: {page.locator('#result-body').inner_text()[:800]}\n{studio.server.logs()}"
    assert page.evaluate("() => { const bar = document.getElementById('progress-bar'); return bar.value === bar.max; }"), "the bar is not full at the end"
    return {"live": live_texts, "running": running, "bars": [(entry["value"], entry["max"]) for entry in before_end]}


def assert_render_progress(seen: dict) -> None:
    """A render's progress events (parts done of all parts) moved the bar before the end."""
    measured = [(value, most) for value, most in seen["bars"] if most >= 2]
    assert measured and any(1 <= value < most for value, most in measured), f"no render progress was shown: {seen['bars'][-10:]}"


def shot_result(studio, name: str, selector: str = "#result-body .media") -> None:
    page = studio.page
    page.locator(selector).scroll_into_view_if_needed()
    assert_not_blank(studio.screenshot(selector, name), f"the result area ({name})")
    studio.screenshot("body", f"{name}-page")


def open_from_history(studio, prompt_marker: str) -> None:
    """Search the history for the prompt, open the run, and check everything stored is shown."""
    page = studio.page
    page.click("#tab-history")
    page.fill("#history-q", prompt_marker)
    expect(page.locator("#history-list .history-item")).to_have_count(1)  # only the run whose prompt has the text
    item = page.locator("#history-list .history-item").filter(has_text=prompt_marker)
    item.first.locator("a").click()
    page.wait_for_selector("#run-detail:not([hidden]) .details")
    detail = page.locator("#run-detail-body")
    assert prompt_marker in detail.locator(".run-prompt").inner_text()
    summaries = detail.locator(".detail-section > summary").all_inner_texts()
    for section in ("Timings", "Plan", "Stages and logs"):
        assert section in summaries, f"the opened run lacks its {section} ({summaries})"
    for section in detail.locator(".detail-section > summary").all():
        section.click()
    plan = detail.locator("[data-section='plan'] pre")
    page.wait_for_function("(pre) => pre.textContent.trim().startsWith('{')", arg=plan.element_handle())
    assert detail.locator(".timings tbody tr").count() >= 1
    assert detail.locator(".stage-details > li").count() >= 1


def downloads(studio) -> dict[str, str]:
    links = studio.page.locator("#result-body .download-list a")
    return {links.nth(i).get_attribute("download"): links.nth(i).get_attribute("href") for i in range(links.count())}


def check_video(studio, container: str) -> None:
    page = studio.page
    video = page.locator(f"{container} video")
    video.wait_for()
    assert video.get_attribute("poster"), "the video has no thumbnail poster"
    page.wait_for_function("(v) => v.readyState >= 1 || v.error", arg=video.element_handle(), timeout=30_000)
    assert page.evaluate("(v) => v.error ? v.error.message || v.error.code : null", video.element_handle()) is None
    assert page.evaluate("(v) => v.duration", video.element_handle()) > 1
    # subtitles: a <track> made from the run's SubRip file, with its cues loaded
    page.wait_for_function("(v) => v.textTracks.length > 0 && v.textTracks[0].cues && v.textTracks[0].cues.length > 0",
                           arg=video.element_handle(), timeout=15_000)
    first_cue = page.evaluate("(v) => v.textTracks[0].cues[0].text", video.element_handle())
    assert first_cue.strip(), "the first subtitle cue is empty"


def no_script_errors(studio) -> None:
    assert not studio.errors, "\n".join(studio.errors)


def test_solution_submit_watch_result_history(studio):
    studio.open()
    submit(studio, "Solve 3x + 7 = 22", "solution")
    assert_render_progress(wait_for_result(studio))
    page = studio.page
    assert page.locator("#result-body .answer").inner_text().strip() == "Answer: x = 5"
    check_video(studio, "#result-body")
    files = downloads(studio)
    assert {"video.mp4", "subtitles.srt", "thumbnail.png"} <= set(files), files
    assert all(re.fullmatch(r"/v1/artifacts/[0-9a-f]{64}\.[a-z0-9]+", href) for href in files.values()), files
    assert httpx.get(studio.server.url + files["video.mp4"], timeout=30).headers["content-type"] == "video/mp4"
    shot_result(studio, "solution")
    open_from_history(studio, "Solve 3x + 7 = 22")
    check_video(studio, "#run-detail-body")
    code = page.locator("#run-detail-body [data-section='code'] pre")
    page.wait_for_function("(pre) => pre.textContent.includes('class ')", arg=code.element_handle())
    studio.screenshot("#run-detail", "solution-history")
    no_script_errors(studio)


def test_explainer_submit_watch_result_history(studio):
    studio.open()
    submit(studio, "Explain the absolute value of -4", "auto")
    assert_render_progress(wait_for_result(studio))
    page = studio.page
    assert "explainer" in page.locator("#result-body .run-meta").inner_text()
    check_video(studio, "#result-body")
    shot_result(studio, "explainer")
    open_from_history(studio, "absolute value of -4")
    check_video(studio, "#run-detail-body")
    no_script_errors(studio)


def test_diagram_submit_watch_result_history(studio):
    marker = tag()
    prompt = f"A Library{marker} has many Books; a Book has many Pages"
    studio.open()
    submit(studio, prompt, "diagram")
    wait_for_result(studio)
    page = studio.page
    svg = page.locator("#result-body .diagram img")
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 50", arg=svg.element_handle())
    source = page.locator("#result-body .diagram pre")
    page.wait_for_function("(pre) => pre.textContent.includes('@startuml')", arg=source.element_handle())
    assert f"Library{marker}" in source.inner_text()
    assert {"diagram.svg", "source.puml", "diagram.png"} <= set(downloads(studio))
    shot_result(studio, "diagram")
    # the diagram and its source sit side by side on a desktop
    image_box, source_box = svg.bounding_box(), source.bounding_box()
    assert source_box["x"] >= image_box["x"] + image_box["width"] - 1, (image_box, source_box)
    open_from_history(studio, f"Library{marker}")
    page.wait_for_function("() => { const img = document.querySelector('#run-detail-body .diagram img'); return img && img.complete && img.naturalWidth > 50; }")
    no_script_errors(studio)


def test_queue_position_is_shown_while_a_job_waits(studio):
    """With both workers busy, a job submitted in the studio shows its place in the queue; after a reload the page
    watches the same job until it finishes."""
    marker = tag()
    busy = [httpx.post(f"{studio.server.url}/v1/jobs", json={"prompt": f"A Garage{marker}x{i} has many Cars; a Car has many Wheels", "kind": "diagram"},
                       timeout=30) for i in range(3)]
    assert [answer.status_code for answer in busy] == [202, 202, 202]
    studio.open()
    page = studio.page
    submit(studio, f"A Zoo{marker} has many Animals; an Animal has many Legs", "diagram")
    page.wait_for_function("() => /^Queued: position [1-9]/.test(document.getElementById('progress-live').textContent)", timeout=30_000)
    # a reload while it waits: the page takes up the same job again and shows its result
    job_id = page.evaluate("() => sessionStorage.getItem('scenesmith-watched-job')")
    assert job_id, "the page does not keep the job it watches"
    page.reload()
    page.wait_for_selector("body[data-ready='true']")
    page.wait_for_selector("#result:not([hidden])", timeout=RESULT_TIMEOUT_MS)
    assert page.locator("#result-body .run-meta .badge").first.inner_text() == "succeeded"
    assert page.locator("#progress-live").inner_text() == f"Job {job_id}: succeeded."
    page.wait_for_function("() => document.querySelector('#result-body .diagram pre').textContent.includes('@startuml')")
    assert f"Zoo{marker}" in page.locator("#result-body .diagram pre").inner_text()
    shot_result(studio, "after-reload")
    no_script_errors(studio)


def test_pose_submit_watch_result_history(studio):
    studio.open()
    submit(studio, "wave hello", "pose")
    wait_for_result(studio)
    page = studio.page
    gif = page.locator("#result-body .gif img")
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 50", arg=gif.element_handle())
    assert httpx.get(studio.server.url + gif.get_attribute("src"), timeout=30).content[:6] in (b"GIF87a", b"GIF89a")
    assert {"pose.gif", "video.mp4"} <= set(downloads(studio))
    shot_result(studio, "pose")
    open_from_history(studio, "wave hello")
    no_script_errors(studio)


def test_cancel_stops_a_running_job(studio):
    studio.open()
    page = studio.page
    page.fill("#prompt", "Solve 7x - 4 = 24")
    page.select_option("#kind", "solution")
    page.select_option("#quality", "high")  # 1080p60: long enough to be cancelled while it renders
    page.click("#submit")
    page.wait_for_function("() => document.getElementById('progress-live').textContent.startsWith('Running:')", timeout=60_000)
    page.click("#cancel")
    page.wait_for_selector("#result:not([hidden])", timeout=60_000)
    assert page.locator("#result-body .run-meta .badge").first.inner_text() == "cancelled"
    assert page.locator("#cancel").is_hidden() and page.locator("#submit").is_enabled()
    assert page.locator("#result-body video").count() == 0
    assert page.locator("#result-body .message-title").inner_text() == "Cancelled"
    studio.screenshot("#panel-make", "cancelled")
    job_id = page.locator("#result-body .run-meta a").get_attribute("href").rpartition("/")[2]
    assert studio.server.get(f"/v1/jobs/{job_id}").json()["status"] == "cancelled"


def test_refused_prompt_shows_the_refusal(studio):
    studio.open()
    page = studio.page
    jobs = []
    page.on("response", lambda response: jobs.append(response.status) if response.url.endswith("/v1/jobs") else None)
    page.fill("#prompt", "bake me a chocolate cake")
    page.click("#submit")
    message = page.locator("#form-message")
    message.wait_for(state="visible")
    text = message.inner_text()
    assert jobs == [400]
    assert text.startswith("Refused"), text
    assert "What scenesmith makes" in text
    assert message.get_attribute("role") == "alert"
    assert page.locator("#progress").is_hidden() and page.locator("#result").is_hidden()
    assert_not_blank(studio.screenshot("#make-form", "refusal"), "the refusal", min_std=8, min_levels=8)
    # a near miss gets suggestions; one click puts the suggestion and its kind in the form
    page.fill("#prompt", "Explain the area of a circel")
    page.click("#submit")
    chips = page.locator("#form-message .suggestions .chip")
    chips.first.wait_for()
    assert "The area of a circle (explainer)" in chips.all_inner_texts()
    chips.filter(has_text="The area of a circle (explainer)").click()
    assert page.input_value("#prompt") == "The area of a circle" and page.input_value("#kind") == "explainer"
    assert page.locator("#form-message").is_hidden()
    assert jobs == [400, 400]
    # an invalid request (a prompt of only blanks) is stopped before it is sent, and says so
    page.fill("#prompt", "   ")
    page.click("#submit")
    assert page.locator("#form-message").inner_text() == "Write what to make first."
    assert jobs == [400, 400]
    # a prompt over the limit: the field error from the 422 answer
    page.fill("#prompt", "Solve " + "x + " * 600 + "1 = 2")
    page.click("#submit")
    page.wait_for_function("() => document.getElementById('form-message').textContent.includes('not accepted')")
    assert re.search(r"prompt: The prompt is [\d,]+ characters long; the limit is 2,000", page.locator("#form-message").inner_text())
    assert jobs == [400, 400, 422]


def test_markup_is_accessible_and_fits_a_phone(chromium, studio_server, tmp_path):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(studio_server.url + "/")
    page.wait_for_selector("body[data-ready='true']")
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('input, select, textarea, button')]
        .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.textContent.trim())
        .map((el) => el.outerHTML.slice(0, 80))""")
    assert unlabelled == []
    assert page.get_attribute("#progress-live", "aria-live") == "polite"
    kinds = page.locator("#kind option").evaluate_all("(options) => options.map((o) => o.value)")
    assert kinds[0] == "auto" and {"solution", "explainer", "diagram", "pose"} <= set(kinds)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways on a phone"
    # the tabs work from the keyboard
    page.focus("#tab-make")
    page.keyboard.press("ArrowRight")
    page.wait_for_selector("#panel-history:not([hidden])")
    assert page.evaluate("() => document.activeElement.id") == "tab-history"
    page.keyboard.press("ArrowLeft")
    page.wait_for_selector("#panel-make:not([hidden])")
    path = tmp_path / "phone.png"
    page.screenshot(path=str(path), full_page=True)
    assert_not_blank(path, "the studio on a phone", min_std=8, min_levels=8)
    context.close()


def test_a_server_that_needs_a_token(chromium, tmp_path):
    """SCENESMITH_API_TOKEN set: the studio asks for the token once, then sends it with every call, the event stream
    and the files included (a media element cannot send a header, so those come as blob URLs)."""
    token = "studio-" + uuid.uuid4().hex
    home = tmp_path / "token-home"
    home.mkdir()
    server = start_server(home, SCENESMITH_API_TOKEN=token)
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    try:
        assert httpx.get(server.url + "/v1/kinds", timeout=30).status_code == 401
        page = context.new_page()
        asked = []
        page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept(token)))
        shots = tmp_path / "screenshots"
        shots.mkdir()
        studio = Studio(page, server, shots, [])
        page.on("pageerror", lambda error: studio.errors.append(f"page error: {error}"))
        studio.open()
        assert len(asked) == 1 and "access token" in asked[0]
        assert "diagram" in page.locator("#kind option").all_inner_texts()
        marker = tag()
        submit(studio, f"A Museum{marker} has many Rooms; a Room has many Paintings", "diagram")
        wait_for_result(studio)
        svg = page.locator("#result-body .diagram img")
        page.wait_for_function("(img) => img.complete && img.naturalWidth > 50", arg=svg.element_handle())
        assert svg.get_attribute("src").startswith("blob:")
        assert f"Museum{marker}" in page.locator("#result-body .diagram pre").inner_text()
        shot_result(studio, "token-diagram")
        assert len(asked) == 1 and not studio.errors, studio.errors
    finally:
        context.close()
        stop_server(server)


# ---------- image editing: painting a mask, inpainting ----------

def museum_map(path) -> None:
    """A small map-like picture: meadow, a road, a grey building."""
    image = Image.new("RGB", (480, 320), (96, 150, 70))
    draw = ImageDraw.Draw(image)
    rng = np.random.default_rng(3)
    for _ in range(400):
        x, y = rng.integers(0, 480), rng.integers(0, 320)
        shade = int(rng.integers(-25, 25))
        draw.point((int(x), int(y)), fill=(96 + shade, 150 + shade, 70 + shade))
    draw.rectangle((0, 140, 479, 170), fill=(120, 120, 120))
    draw.rectangle((330, 30, 430, 110), fill=(170, 90, 80))
    image.save(path)


def canvas_point(box: dict, x: float, y: float, width: int, height: int) -> tuple[float, float]:
    """The page position of picture pixel (x, y) on the displayed canvas."""
    return box["x"] + x * box["width"] / width, box["y"] + y * box["height"] / height


def test_mask_painting_and_inpainting(studio, tmp_path):
    if "image" not in studio.server.kinds():
        pytest.skip("the server has no 'image' kind (GET /v1/kinds): the inpainting kind is not installed")
    picture = tmp_path / "map.png"
    museum_map(picture)
    studio.open()
    page = studio.page
    page.select_option("#kind", "image")
    page.wait_for_selector("#image-editor:not([hidden])")
    page.set_input_files("#image-file", str(picture))
    page.locator("#mask-canvas.ready").wait_for()
    page.fill("#brush-size", "30")
    page.dispatch_event("#brush-size", "input")

    def paint(tool: str, *points: tuple[int, int]) -> None:
        """Drag the mouse through picture pixels `points` with the brush or the eraser."""
        page.check(f"#tool-{tool}")
        canvas = page.locator("#mask-canvas")
        canvas.scroll_into_view_if_needed()
        box = canvas.bounding_box()
        page.mouse.move(*canvas_point(box, *points[0], 480, 320))
        page.mouse.down()
        for point in points[1:]:
            page.mouse.move(*canvas_point(box, *point, 480, 320), steps=3)
        page.mouse.up()

    stroke = [(x, 240) for x in range(60, 221, 20)]  # across the meadow, picture pixels 60..220 on row 240
    paint("brush", (400, 280))  # a dab that "Clear mask" takes away again
    page.click("#mask-clear")
    paint("brush", *stroke)
    paint("eraser", (200, 240), (230, 240))  # erase the stroke's right end
    # the keyboard brush: it starts at the middle (240, 160); ten steps right, then Space paints a dab there
    page.check("#tool-brush")
    page.focus("#mask-canvas")
    scale = 480 / page.locator("#mask-canvas").bounding_box()["width"]
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    dab = (round(240 + 100 * scale), 160)
    studio.screenshot("#canvas-wrap", "painted-mask")
    assert_not_blank(studio.shots / "painted-mask.png", "the painted picture")

    page.fill("#prompt", "a lake here")
    page.click(".image-options summary")
    page.fill("#opt-seed", "7")
    page.evaluate(WATCH_PROGRESS)
    uploads = []
    page.on("response", lambda response: uploads.append(response) if response.url.endswith("/v1/uploads") else None)
    page.click("#submit")
    wait_for_result(studio)

    assert [response.status for response in uploads] == [201, 201], "the picture and the mask are not both uploaded"
    stored = [httpx.get(f"{studio.server.url}/v1/artifacts/{response.json()['upload_id']}", timeout=30).content for response in uploads]
    assert picture.read_bytes() in stored, "the picture was not uploaded as it is"
    mask = np.asarray(Image.open(io.BytesIO(next(data for data in stored if data != picture.read_bytes()))).convert("L"))
    assert mask.shape == (320, 480), "the mask is not the picture's size"
    assert mask[240, 100] == 255 and mask[240, 150] == 255, "the painted stroke is not white"
    assert mask[240, 225] == 0, "the erased end of the stroke is still white"
    assert mask[280, 400] == 0, "the stroke painted before 'Clear mask' is still white"
    assert mask[dab[1], dab[0]] == 255, "the dab painted with the keyboard is not white"
    assert mask[40, 40] == 0 and mask[160, 240] == 0 and mask[100, 400] == 0, "unpainted pixels are white"
    painted = mask > 127
    assert 1500 < painted.sum() < 9000, f"{painted.sum()} white pixels for one 30-pixel stroke of 140 pixels and a dab"

    compare = page.locator("#result-body .compare")
    figures = compare.locator("figure")
    assert figures.count() >= 2
    assert figures.nth(0).locator("figcaption").inner_text() == "Original"
    assert figures.nth(1).locator("figcaption").inner_text() == "Result"
    for i in (0, 1):
        page.wait_for_function("(img) => img.complete && img.naturalWidth === 480", arg=figures.nth(i).locator("img").element_handle())
    first, second = figures.nth(0).bounding_box(), figures.nth(1).bounding_box()
    assert second["x"] >= first["x"] + first["width"] - 1, "the result is not next to the original"
    result_src = figures.nth(1).locator("img").get_attribute("src")
    result = np.asarray(Image.open(io.BytesIO(httpx.get(studio.server.url + result_src, timeout=30).content)).convert("RGB"), dtype=np.int32)
    original = np.asarray(Image.open(picture).convert("RGB"), dtype=np.int32)
    change = np.abs(result - original).sum(axis=2)
    assert change[painted].mean() > 20, "the result does not change the painted area"
    assert change[~painted].mean() < change[painted].mean() / 4, "the result changes the picture outside the mask as much as inside"
    shot_result(studio, "inpainting")

    job_id = page.locator("#result-body .run-meta a").get_attribute("href").rpartition("/")[2]
    open_from_history(studio, "a lake here")
    assert job_id in page.locator("#run-detail-title").inner_text()
    no_script_errors(studio)
