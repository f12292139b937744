/* scenesmith studio: a plain-JavaScript client of the /v1 API (docs/service.md). No build step, no libraries.
   Everything that comes from the server is put into the page as text (textContent), never as markup. */
"use strict";

const Studio = (() => {
  const $ = (id) => document.getElementById(id);
  const TOKEN_KEY = "scenesmith-token";
  const WATCHED_KEY = "scenesmith-watched-job";
  const ENDED = new Set(["succeeded", "partial", "failed", "cancelled"]);
  const PAGE_SIZE = 20;

  const state = {
    kinds: [],            // GET /v1/kinds
    job: null,            // the job being watched: {id, abort}
    original: null,       // object URL of the picture being edited
    historyOffset: 0,
    historyTotal: 0,
  };

  /* ---------- small helpers ---------- */

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function authHeaders(extra = {}) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    return token ? { ...extra, Authorization: `Bearer ${token}` } : extra;
  }

  // A server bound beyond this machine needs a bearer token: on a 401 the studio asks for it once and tries again.
  async function api(path, options = {}) {
    const sent = sessionStorage.getItem(TOKEN_KEY);
    const response = await fetch(path, { ...options, headers: authHeaders(options.headers || {}) });
    if (response.status !== 401 || options.body instanceof ReadableStream) return response;
    if (!(await askToken(sent))) return response;
    return fetch(path, { ...options, headers: authHeaders(options.headers || {}) });
  }

  async function readJson(response) {
    try { return await response.json(); } catch { return null; }
  }

  let asking = null; // one question at a time, however many requests were refused

  async function askToken(refused) {
    if (sessionStorage.getItem(TOKEN_KEY) !== refused) return true; // another request got a new token meanwhile
    if (!asking) {
      asking = new Promise((resolve) => setTimeout(() => {
        const token = window.prompt(refused ? "That access token was refused. Token (SCENESMITH_API_TOKEN):" : "This server needs an access token (SCENESMITH_API_TOKEN). Token:");
        if (token && token.trim()) sessionStorage.setItem(TOKEN_KEY, token.trim());
        asking = null;
        resolve(Boolean(token && token.trim()));
      }, 0));
    }
    return asking;
  }

  // Media elements cannot send an Authorization header; with a token they get the file as a blob URL.
  async function mediaUrl(url) {
    if (!url || !sessionStorage.getItem(TOKEN_KEY)) return url;
    const response = await api(url);
    return response.ok ? URL.createObjectURL(await response.blob()) : url;
  }

  async function fetchText(url) {
    const response = await api(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.text();
  }

  function seconds(value) {
    if (value === null || value === undefined || Number.isNaN(Number(value))) return "";
    const s = Number(value);
    return s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`;
  }

  function when(iso) {
    if (!iso) return "";
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
  }

  function suffixOf(artifact) {
    const match = /(\.[A-Za-z0-9]+)$/.exec(artifact.id || artifact.url || "");
    return match ? match[1].toLowerCase() : "";
  }

  function artifactUrl(value) {
    if (!value) return null;
    if (typeof value === "object") return value.url || (value.id ? `/v1/artifacts/${value.id}` : null);
    return String(value).startsWith("/") ? String(value) : `/v1/artifacts/${value}`;
  }

  function pretty(text) {
    if (typeof text !== "string") return JSON.stringify(text, null, 2);
    try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return text; }
  }

  // Browsers play WebVTT subtitles only; the runs keep SubRip (.srt). The conversion is a header and "," -> ".".
  function srtToVtt(srt) {
    const body = srt.replace(/\r\n?/g, "\n").trim()
      .replace(/(\d{2}:\d{2}:\d{2}),(\d{3})/g, "$1.$2");
    return `WEBVTT\n\n${body}\n`;
  }

  function showMessage(box, title, lines = [], actions = [], text = "") {
    box.replaceChildren(el("p", { class: "message-title", text: title }));
    if (text) box.append(el("p", { class: "message-text", text }));
    if (lines.length) box.append(el("ul", {}, lines.map((line) => el("li", { text: line }))));
    if (actions.length) box.append(el("div", { class: "suggestions" }, actions));
    box.hidden = false;
  }

  /* ---------- tabs and routing ---------- */

  function selectTab(name, focus = false) {
    for (const tab of document.querySelectorAll('[role="tab"]')) {
      const selected = tab.id === `tab-${name}`;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      $(tab.getAttribute("aria-controls")).hidden = !selected;
      if (selected && focus) tab.focus();
    }
    if (name === "history") loadHistory(true);
    if (document.body.dataset.ready) loadHealth();
  }

  function route() {
    const hash = decodeURIComponent(location.hash.slice(1));
    if (hash.startsWith("run/")) {
      selectTab("history");
      openRun(hash.slice(4));
    } else if (hash === "history") {
      selectTab("history");
    } else {
      selectTab("make");
    }
  }

  function setupTabs() {
    const tabs = [...document.querySelectorAll('[role="tab"]')];
    tabs.forEach((tab, index) => {
      tab.addEventListener("click", () => { location.hash = tab.id === "tab-history" ? "history" : "make"; });
      tab.addEventListener("keydown", (event) => {
        const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
        if (!step) return;
        event.preventDefault();
        const next = tabs[(index + step + tabs.length) % tabs.length];
        location.hash = next.id === "tab-history" ? "history" : "make";
        next.focus();
      });
    });
    window.addEventListener("hashchange", route);
  }

  /* ---------- server, kinds ---------- */

  async function loadHealth() {
    try {
      const response = await api("/v1/health");
      const health = await readJson(response);
      if (!response.ok || !health) throw new Error(`HTTP ${response.status}`);
      $("server-state").textContent = `server ${health.version || ""} · ${health.workers} workers · ${health.queued} queued · ${health.running} running`;
    } catch (error) {
      $("server-state").textContent = `server unreachable (${error.message})`;
    }
  }

  function examplesOf(kind) {
    // a kind's hint names its examples in quotes inside parentheses: "write a math problem ('Solve 3x + 7 = 22')"
    return [...String(kind.hint || "").matchAll(/\('([^']+)'\)/g)].map((match) => match[1]);
  }

  async function loadKinds() {
    const response = await api("/v1/kinds");
    const kinds = response.ok ? await readJson(response) : null;
    state.kinds = Array.isArray(kinds) ? kinds : [];
    const select = $("kind");
    const filter = $("history-kind");
    for (const kind of state.kinds) {
      select.append(el("option", { value: kind.name, text: kind.name }));
      filter.append(el("option", { value: kind.name, text: kind.name }));
    }
    const examples = $("examples");
    examples.replaceChildren();
    const chips = state.kinds.flatMap((kind) => examplesOf(kind).map((text) => ({ kind: kind.name, text, needsInputs: Boolean(kind.needs_inputs) })));
    if (chips.length) {
      examples.append(el("span", { class: "help", text: "Try:" }));
      for (const chip of chips) {
        examples.append(el("button", {
          type: "button", class: "chip", text: chip.text, "aria-label": `Use the example: ${chip.text}`,
          onclick: () => {
            $("prompt").value = chip.text;
            $("kind").value = chip.needsInputs ? chip.kind : "auto"; // a kind that edits a picture is never picked by auto
            kindChanged();
            $("prompt").focus();
          },
        }));
      }
    }
    kindChanged();
  }

  const OPTION_USERS = new Set(["solution", "explainer", "diagram", "pose", "image"]); // the kinds whose use of hints and captions is known

  function currentKind() {
    return state.kinds.find((kind) => kind.name === $("kind").value) || null;
  }

  function kindChanged() {
    const kind = currentKind();
    $("kind-help").textContent = kind ? `Makes ${kind.description}. To ask: ${kind.hint}.` : "auto reads the prompt and picks the kind that reads it best.";
    const takesPicture = Boolean(kind && (kind.needs_inputs || (kind.inputs || []).includes("image")));
    $("image-editor").hidden = !takesPicture;
    // the request's own options, shown where they mean something (any kind not named here shows them all)
    const name = kind ? kind.name : "auto";
    $("hints-field").hidden = !["auto", "solution"].includes(name) && OPTION_USERS.has(name);
    $("captions-field").hidden = !["auto", "pose"].includes(name) && OPTION_USERS.has(name);
    $("quality-field").hidden = ["diagram", "image"].includes(name);
    if (takesPicture) Mask.fit();
  }

  /* ---------- the mask painter ---------- */

  const MASK_COLOUR = "#ff00e1"; // magenta: rare in maps and photographs, so the painted area stands out

  const Mask = (() => {
    const view = () => $("mask-canvas");
    const mask = document.createElement("canvas");   // what is uploaded: white = repaint, black = keep
    const overlay = document.createElement("canvas"); // what is shown over the picture: red where painted
    let picture = null;
    let painting = false;
    let last = null;
    let painted = false;
    let cursor = null; // the keyboard brush's place on the picture

    function load(file) {
      if (state.original) URL.revokeObjectURL(state.original);
      state.original = URL.createObjectURL(file);
      const image = new Image();
      image.onload = () => {
        picture = image;
        cursor = null;
        for (const canvas of [view(), mask, overlay]) {
          canvas.width = image.naturalWidth;
          canvas.height = image.naturalHeight;
        }
        clear();
        $("canvas-empty").hidden = true;
        view().classList.add("ready");
      };
      image.onerror = () => showMessage($("form-message"), "That file is not a picture this browser can read.");
      image.src = state.original;
    }

    function redraw() {
      const canvas = view();
      const ctx = canvas.getContext("2d");
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      if (!picture) return;
      ctx.drawImage(picture, 0, 0);
      ctx.globalAlpha = 0.55;
      ctx.drawImage(overlay, 0, 0);
      ctx.globalAlpha = 1;
      if (cursor && document.activeElement === canvas) { // the keyboard brush: a ring where Space paints
        const radius = brushWidth(cursor.scale) / 2;
        ctx.lineWidth = Math.max(2, cursor.scale * 2);
        for (const [colour, grow] of [["#000", 1], ["#fff", 0]]) {
          ctx.strokeStyle = colour;
          ctx.beginPath();
          ctx.arc(cursor.x, cursor.y, radius + grow * ctx.lineWidth, 0, Math.PI * 2);
          ctx.stroke();
        }
      }
    }

    function brushWidth(scale) {
      return Number($("brush-size").value) * scale;
    }

    // Keyboard painting: arrows move the brush (Shift: further), Space or Enter paints (or erases) a dab there.
    function key(event) {
      if (!picture) return;
      const scale = view().width / view().getBoundingClientRect().width;
      if (!cursor) cursor = { x: view().width / 2, y: view().height / 2, scale };
      const step = (event.shiftKey ? 40 : 10) * scale;
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (moves[event.key]) {
        const [dx, dy] = moves[event.key];
        const next = { x: Math.min(Math.max(cursor.x + dx, 0), view().width), y: Math.min(Math.max(cursor.y + dy, 0), view().height), scale };
        if (event.ctrlKey) stroke(cursor, next); // Ctrl + arrows paint a line
        cursor = next;
      } else if (event.key === " " || event.key === "Enter") {
        stroke(cursor, cursor);
      } else {
        return;
      }
      event.preventDefault();
      redraw();
    }

    function clear() {
      const m = mask.getContext("2d");
      m.globalCompositeOperation = "source-over";
      m.fillStyle = "#000";
      m.fillRect(0, 0, mask.width, mask.height);
      overlay.getContext("2d").clearRect(0, 0, overlay.width, overlay.height);
      painted = false;
      redraw();
    }

    function fillAll() {
      if (!picture) return;
      mask.getContext("2d").fillStyle = "#fff";
      mask.getContext("2d").fillRect(0, 0, mask.width, mask.height);
      const o = overlay.getContext("2d");
      o.globalCompositeOperation = "source-over";
      o.fillStyle = MASK_COLOUR;
      o.fillRect(0, 0, overlay.width, overlay.height);
      painted = true;
      redraw();
    }

    function toCanvas(event) {
      const box = view().getBoundingClientRect();
      const scale = view().width / box.width;
      return { x: (event.clientX - box.left) * scale, y: (event.clientY - box.top) * scale, scale };
    }

    function stroke(from, to) {
      const erasing = $("tool-eraser").checked;
      const width = brushWidth(to.scale);
      for (const [canvas, colour, mode] of [
        [mask, erasing ? "#000" : "#fff", "source-over"],
        [overlay, MASK_COLOUR, erasing ? "destination-out" : "source-over"],
      ]) {
        const ctx = canvas.getContext("2d");
        ctx.globalCompositeOperation = mode;
        ctx.strokeStyle = colour;
        ctx.fillStyle = colour;
        ctx.lineWidth = width;
        ctx.lineCap = "round";
        ctx.lineJoin = "round";
        ctx.beginPath();
        if (from.x === to.x && from.y === to.y) {
          ctx.arc(to.x, to.y, width / 2, 0, Math.PI * 2);
          ctx.fill();
        } else {
          ctx.moveTo(from.x, from.y);
          ctx.lineTo(to.x, to.y);
          ctx.stroke();
        }
        ctx.globalCompositeOperation = "source-over";
      }
      if (!erasing) painted = true;
      redraw();
    }

    function setup() {
      const canvas = view();
      canvas.addEventListener("keydown", key);
      canvas.addEventListener("focus", redraw);
      canvas.addEventListener("blur", redraw);
      canvas.addEventListener("pointerdown", (event) => {
        if (!picture || event.button !== 0) return;
        painting = true;
        canvas.setPointerCapture?.(event.pointerId);
        last = toCanvas(event);
        stroke(last, last);
        event.preventDefault();
      });
      canvas.addEventListener("pointermove", (event) => {
        if (!painting) return;
        const point = toCanvas(event);
        stroke(last, point);
        last = point;
      });
      for (const type of ["pointerup", "pointercancel", "pointerleave"]) {
        canvas.addEventListener(type, () => { painting = false; last = null; });
      }
      $("image-file").addEventListener("change", (event) => {
        const file = event.target.files && event.target.files[0];
        if (file) load(file);
      });
      $("brush-size").addEventListener("input", () => { $("brush-size-value").textContent = $("brush-size").value; });
      $("mask-clear").addEventListener("click", clear);
      $("mask-all").addEventListener("click", fillAll);
    }

    // A PNG of the mask at the picture's own size; null while nothing is painted.
    async function png() {
      if (!picture || !hasPaint()) return null;
      return new Promise((resolve) => mask.toBlob(resolve, "image/png"));
    }

    function hasPaint() {
      if (!painted) return false;
      const data = mask.getContext("2d").getImageData(0, 0, mask.width, mask.height).data;
      for (let i = 0; i < data.length; i += 4) if (data[i] > 127) return true;
      return false;
    }

    return { setup, png, fit: redraw, hasPicture: () => Boolean(picture) };
  })();

  /* ---------- submitting and watching a job ---------- */

  async function upload(blob, name) {
    const body = new FormData();
    body.append("file", blob, name);
    const response = await api("/v1/uploads", { method: "POST", body });
    const data = await readJson(response);
    if (response.status !== 201 && !response.ok) throw refusalError(response.status, data, `Uploading ${name} failed`);
    return data.upload_id;
  }

  function refusalError(status, data, fallback) {
    const error = new Error(fallback);
    error.status = status;
    error.data = data;
    return error;
  }

  function imageOptions() {
    const options = {};
    for (const [key, id, number] of [["strength", "opt-strength", true], ["steps", "opt-steps", true], ["seed", "opt-seed", true], ["style", "opt-style", false]]) {
      const value = $(id).value.trim();
      if (value !== "") options[key] = number ? Number(value) : value;
    }
    return options;
  }

  async function submit(event) {
    event.preventDefault();
    const box = $("form-message");
    box.hidden = true;
    const prompt = $("prompt").value;
    if (!prompt.trim()) {
      showMessage(box, "Write what to make first.");
      $("prompt").focus();
      return;
    }
    const kind = currentKind();
    const body = {
      prompt,
      kind: $("kind").value,
      options: {  // a hidden option does not apply to the chosen kind: its default is sent
        quality: $("quality-field").hidden ? "low" : $("quality").value,
        hints: !$("hints-field").hidden && $("hints").checked,
        captions: $("captions-field").hidden || $("captions").checked,
      },
    };
    let original = null;
    $("submit").disabled = true;
    try {
      if (!$("image-editor").hidden) {
        const file = $("image-file").files[0];
        if (!file || !Mask.hasPicture()) throw refusalError(0, null, "Choose a picture to edit first.");
        const maskPng = await Mask.png();
        if (!maskPng) throw refusalError(0, null, "Paint the area to repaint on the picture first (or press “Mask everything”).");
        const [image, maskId] = await Promise.all([upload(file, file.name), upload(maskPng, "mask.png")]);
        body.inputs = { image, mask: maskId };
        Object.assign(body.options, imageOptions());
        original = state.original;
      } else if (kind && kind.needs_inputs) {
        throw refusalError(0, null, `The ${kind.name} kind needs a picture.`);
      }
      const response = await api("/v1/jobs", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      const data = await readJson(response);
      if (response.status !== 202) throw refusalError(response.status, data, `The server answered HTTP ${response.status}.`);
      watch(data.job_id, original);
    } catch (error) {
      showRefusal(error);
      $("submit").disabled = false;
    }
  }

  function showRefusal(error) {
    const box = $("form-message");
    const detail = error.data && error.data.detail;
    if (error.status === 400 && detail) {
      const text = typeof detail === "string" ? detail : detail.error || JSON.stringify(detail);
      const suggestions = (detail.suggestions || []).map((s) => (typeof s === "string" ? s : s.prompt || s.text || JSON.stringify(s)));
      const actions = suggestions.map((s) => el("button", {
        type: "button", class: "chip", text: s, "aria-label": `Use the suggestion: ${s}`,
        onclick: () => useSuggestion(s),
      }));
      showMessage(box, "Refused", [], actions.length ? [el("span", { class: "help", text: "Try instead:" }), ...actions] : [], text);
      box.dataset.kind = "refusal";
    } else if (error.status === 422 && detail) {
      const lines = Array.isArray(detail)
        ? detail.map((item) => `${(item.loc || []).filter((part) => part !== "body").join(" › ") || "request"}: ${String(item.msg).replace(/^Value error, /, "")}`)
        : [typeof detail === "string" ? detail : detail.error || JSON.stringify(detail)];
      showMessage(box, "The request was not accepted:", lines);
      box.dataset.kind = "invalid";
    } else if (error.status === 413) {
      showMessage(box, "Too large: " + ((detail && (detail.error || detail)) || "the upload is over the server's limit."));
      box.dataset.kind = "invalid";
    } else {
      showMessage(box, error.message || String(error));
      box.dataset.kind = "error";
    }
  }

  // A suggestion names what to ask, with its kind in brackets: "The area of a circle (explainer)".
  function useSuggestion(text) {
    const match = /^(.*\S)\s+\(([a-z][a-z0-9_-]*)\)$/.exec(text);
    const kind = match && state.kinds.find((k) => k.name === match[2]);
    $("prompt").value = kind ? match[1] : text;
    if (kind) {
      $("kind").value = kind.name;
      kindChanged();
    }
    $("form-message").hidden = true;
    $("prompt").focus();
  }

  const Progress = {
    reset(jobId) {
      $("progress").hidden = false;
      $("stage-list").replaceChildren();
      const bar = $("progress-bar");
      bar.max = 1;
      bar.value = 0;
      bar.removeAttribute("aria-valuetext");
      bar.dataset.measured = "";
      this.say(`Job ${jobId} submitted.`);
    },
    busy() { // running, with no count of parts yet: an indeterminate bar
      const bar = $("progress-bar");
      if (!bar.dataset.measured) {
        bar.removeAttribute("value");
        bar.setAttribute("aria-valuetext", "working");
      }
    },
    say(text) { $("progress-live").textContent = text; },
    stage(name, status, secs) {
      const list = $("stage-list");
      let item = [...list.children].find((li) => li.dataset.stage === name);
      if (!item) {
        item = el("li", { "data-stage": name }, el("span", { class: "stage-name", text: name }), el("span", { class: "stage-state" }));
        list.append(item);
      }
      item.dataset.status = status;
      item.querySelector(".stage-state").textContent = secs ? `${status} · ${seconds(secs)}` : status;
    },
    bar(value, max, label) {
      const bar = $("progress-bar");
      bar.max = Math.max(Number(max) || 1, 1);
      bar.value = Math.min(Number(value) || 0, bar.max);
      bar.setAttribute("aria-valuetext", label);
      bar.dataset.measured = "yes";
    },
  };

  function watch(jobId, original) {
    if (state.job) state.job.abort.abort();
    const abort = new AbortController();
    state.job = { id: jobId, abort, original };
    sessionStorage.setItem(WATCHED_KEY, jobId); // a reload keeps watching it
    Progress.reset(jobId);
    $("result").hidden = true;
    $("cancel").hidden = false;
    streamEvents(jobId, abort.signal, (job) => finished(job, original));
  }

  function onEvent(type, data) {
    if (type === "queued") {
      Progress.say(data.position ? `Queued: position ${data.position} in the queue.` : "Queued.");
    } else if (type === "stage") {
      const word = { started: "running", done: "done", cached: "cached", failed: "failed", degraded: "degraded" }[data.event] || data.event;
      Progress.stage(data.stage, word, data.seconds);
      if (data.event === "started") {
        Progress.busy();
        Progress.say(`Running: ${data.stage}`);
      }
    } else if (type === "progress") {
      // renders report how many of their parts are done: the bar shows that, and keeps it across the stages in between
      Progress.bar(data.value, data.max, `${data.stage}: ${data.value} of ${data.max}`);
      Progress.say(`Running: ${data.stage} (${data.value} of ${data.max})`);
    }
  }

  // SSE over fetch, so that a bearer token can be sent (EventSource cannot send headers).
  async function streamEvents(jobId, signal, onEnd) {
    let attempts = 0;
    while (!signal.aborted) {
      try {
        const response = await api(`/v1/jobs/${encodeURIComponent(jobId)}/events`, { headers: { Accept: "text/event-stream" }, signal });
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        const ended = await readStream(response.body.getReader(), (type, data) => {
          attempts = 0;
          if (type === "end") { onEnd(data); return true; }
          onEvent(type, data);
          return false;
        });
        if (ended) return;
      } catch (error) {
        if (signal.aborted) return;
        Progress.say(`Connection lost (${error.message}); reconnecting…`);
      }
      // the stream closed before its end event: ask for the job, then listen again
      attempts += 1;
      try {
        const response = await api(`/v1/jobs/${encodeURIComponent(jobId)}`, { signal });
        if (response.status === 404) { lost(jobId); return; }
        const job = await readJson(response);
        if (job && ENDED.has(job.status)) { onEnd(job); return; }
      } catch { if (signal.aborted) return; }
      await new Promise((resolve) => setTimeout(resolve, Math.min(500 * attempts, 5000)));
    }
  }

  async function readStream(reader, handle) {
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return false;
      buffer += decoder.decode(value, { stream: true });
      // normalise line ends, keeping a trailing "\r" until we know whether "\n" follows it
      const keep = buffer.endsWith("\r") ? "\r" : "";
      buffer = buffer.slice(0, buffer.length - keep.length).replace(/\r\n?/g, "\n") + keep;
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        let type = "message";
        const data = [];
        for (const line of block.split("\n")) {
          if (!line || line.startsWith(":")) continue; // comments are keep-alives
          const colon = line.indexOf(":");
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
          if (field === "event") type = text;
          else if (field === "data") data.push(text);
        }
        if (!data.length) continue;
        let parsed;
        try { parsed = JSON.parse(data.join("\n")); } catch { parsed = { text: data.join("\n") }; }
        if (handle(type, parsed)) { reader.cancel().catch(() => {}); return true; }
      }
    }
  }

  function finished(job, original) {
    $("cancel").hidden = true;
    $("submit").disabled = false;
    for (const stage of job.stages || []) {
      Progress.stage(stage.name, stage.status, stage.seconds);
    }
    const done = job.status === "succeeded" || job.status === "partial";
    const bar = $("progress-bar");
    if (done) Progress.bar(1, 1, "finished");
    else if (!bar.hasAttribute("value")) bar.value = 0; // a stopped job's bar stops moving
    Progress.say(`Job ${job.job_id}: ${job.status}.`);
    $("result").hidden = false;
    renderRun($("result-body"), job, { original });
    loadHealth();
    state.job = null;
    sessionStorage.removeItem(WATCHED_KEY);
  }

  function lost(jobId) { // a job this server does not know (a reload after the store was changed)
    Progress.say(`Job ${jobId} is not on this server.`);
    $("cancel").hidden = true;
    $("submit").disabled = false;
    state.job = null;
    sessionStorage.removeItem(WATCHED_KEY);
  }

  async function cancel() {
    if (!state.job) return;
    $("cancel").disabled = true;
    const response = await api(`/v1/jobs/${encodeURIComponent(state.job.id)}`, { method: "DELETE" });
    $("cancel").disabled = false;
    if (!response.ok && response.status !== 409) Progress.say(`Cancelling failed: HTTP ${response.status}`);
  }

  /* ---------- showing a run ---------- */

  // an edited picture: the image kind stores "original", "mask", "image" (the result) and "comparison" (both side by side)
  const ORIGINAL_NAMES = ["original", "input"];
  const RESULT_NAMES = ["image", "result", "edited", "output"];
  const SHOWN_ELSEWHERE = new Set(["video", "subtitles", "thumbnail", "svg", "source", "gif", "png", "mask", "comparison",
    "plan", "code", "report", "keyframes", "prompt"]);

  const LABELS = { video: "Video", subtitles: "Subtitles", thumbnail: "Thumbnail", plan: "Plan", code: "Code", report: "Report",
    source: "PlantUML source", svg: "Diagram", png: "Diagram", gif: "Animation", keyframes: "Key frames",
    image: "Edited picture", original: "Original", mask: "Mask", comparison: "Before and after", prompt: "Prompt" };

  // "video.mp4", "plan.json"; an artifact named after its format ("svg") takes the kind's name: "diagram.svg"
  function downloadName(job, name, artifact) {
    const suffix = suffixOf(artifact);
    return `${suffix === `.${name}` ? job.kind || "file" : name}${suffix}`;
  }

  function sizeText(bytes) {
    return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  }

  function renderRun(container, job, { original = null, detail = null } = {}) {
    container.replaceChildren();
    const artifacts = job.artifacts || {};
    const head = el("div", { class: "run-head" },
      el("p", { class: "run-prompt" }, el("span", { class: "visually-hidden", text: "Prompt: " }), job.prompt || ""),
      el("p", { class: "run-meta" },
        el("span", { class: `badge status-${job.status}`, text: job.status }),
        job.kind ? el("span", { class: "badge", text: job.kind }) : null,
        job.created_at ? el("span", { text: when(job.created_at) }) : null,
        detail ? null : el("a", { href: `#run/${encodeURIComponent(job.job_id)}`, text: "Open in history" })));
    container.append(head);
    const stopped = { cancelled: "Cancelled", failed: "This run failed", interrupted: "Interrupted: the server resumes it", partial: "Finished in part" }[job.status];
    if (job.error || stopped) {
      container.append(el("div", { class: "message", "data-kind": job.status === "failed" ? "refusal" : "invalid" },
        el("p", { class: "message-title", text: stopped || "Note" }),
        job.error ? el("p", { class: "message-text", text: job.error }) : null));
    }
    if (job.answer) {  // a solution's answer; an edited picture's note on the method used
      const label = job.kind === "image" ? null : el("strong", { text: "Answer: " });
      container.append(el("p", { class: job.kind === "image" ? "answer note" : "answer" }, label, el("span", { text: job.answer })));
    }
    const media = el("div", { class: "media", "data-testid": "result-media" });
    container.append(media);

    if (artifacts.video && !artifacts.gif) media.append(videoFigure(job, artifacts));
    if (artifacts.svg) media.append(diagramFigure(job, artifacts));
    if (artifacts.gif) media.append(el("figure", { class: "gif" },
      lazyMedia("img", artifactUrl(artifacts.gif), { alt: `Animation: ${job.prompt || ""}` }),
      el("figcaption", { text: "Looping animation" })));

    const originalName = ORIGINAL_NAMES.find((name) => artifacts[name] && String(artifacts[name].content_type || "").startsWith("image/"));
    const images = Object.entries(artifacts).filter(([name, a]) =>
      !SHOWN_ELSEWHERE.has(name) && name !== originalName && String(a.content_type || "").startsWith("image/"));
    images.sort(([a], [b]) => (RESULT_NAMES.includes(b) ? 1 : 0) - (RESULT_NAMES.includes(a) ? 1 : 0));
    if (!artifacts.svg && !artifacts.gif && !artifacts.video && artifacts.png) images.push(["png", artifacts.png]);
    if (images.length) {
      const pair = el("div", { class: "compare" });
      const originalUrl = originalName ? artifactUrl(artifacts[originalName]) : original;
      if (originalUrl) {
        pair.append(el("figure", {}, lazyMedia("img", originalUrl, { alt: "The original picture" }), el("figcaption", { text: "Original" })));
      }
      for (const [name, artifact] of images) {
        pair.append(el("figure", {}, lazyMedia("img", artifactUrl(artifact), { alt: `Result (${name}): ${job.prompt || ""}` }),
          el("figcaption", { text: name === images[0][0] ? "Result" : name })));
      }
      media.append(pair);
    }
    if (!media.children.length) media.remove();

    const downloads = Object.entries(artifacts);
    if (downloads.length) {
      container.append(el("div", { class: "downloads" },
        el("h3", { text: "Downloads" }),
        el("ul", { class: "download-list" }, downloads.map(([name, artifact]) => el("li", {},
          el("a", { class: "button secondary", href: artifactUrl(artifact), download: downloadName(job, name, artifact),
            onclick: tokenDownload, "data-artifact": name,
            "aria-label": `Download ${LABELS[name] || name}${artifact.size ? ` (${sizeText(artifact.size)})` : ""}` },
            el("span", { text: LABELS[name] || name }), el("span", { class: "suffix", text: suffixOf(artifact) })))))));
    }
    if (detail) container.append(renderDetail(detail));
  }

  // With a token, plain links cannot authenticate: fetch the file and save it from a blob URL.
  async function tokenDownload(event) {
    if (!sessionStorage.getItem(TOKEN_KEY)) return;
    event.preventDefault();
    const link = event.currentTarget;
    const url = await mediaUrl(link.getAttribute("href"));
    const temp = el("a", { href: url, download: link.getAttribute("download") });
    document.body.append(temp);
    temp.click();
    temp.remove();
  }

  function lazyMedia(tag, url, attrs) {
    const node = el(tag, attrs);
    mediaUrl(url).then((src) => { node.src = src; });
    return node;
  }

  function videoFigure(job, artifacts) {
    const video = el("video", { controls: true, preload: "metadata", playsinline: true });
    mediaUrl(artifactUrl(artifacts.video)).then((src) => { video.src = src; });
    if (artifacts.thumbnail) mediaUrl(artifactUrl(artifacts.thumbnail)).then((src) => { video.poster = src; });
    video.setAttribute("aria-label", `Video: ${job.prompt || ""}`);
    if (artifacts.subtitles) {
      const url = artifactUrl(artifacts.subtitles);
      fetchText(url).then((text) => {
        const vtt = suffixOf(artifacts.subtitles) === ".vtt" || text.startsWith("WEBVTT") ? text : srtToVtt(text);
        const track = el("track", { kind: "subtitles", srclang: "en", label: "English", default: true,
          src: URL.createObjectURL(new Blob([vtt], { type: "text/vtt" })) });
        video.append(track);
      }).catch(() => {});
    }
    return el("figure", { class: "video" }, video, el("figcaption", { text: artifacts.subtitles ? "Video with subtitles" : "Video" }));
  }

  function diagramFigure(job, artifacts) {
    const code = el("code", { text: "Loading the PlantUML source…" });
    if (artifacts.source) fetchText(artifactUrl(artifacts.source)).then((text) => { code.textContent = text; })
      .catch((error) => { code.textContent = `Could not load the source: ${error.message}`; });
    else code.textContent = "(no source stored)";
    return el("div", { class: "diagram" },
      el("figure", {}, lazyMedia("img", artifactUrl(artifacts.svg), { alt: `Diagram: ${job.prompt || ""}` }), el("figcaption", { text: "Diagram (SVG)" })),
      el("figure", { class: "source" },
        el("pre", { tabindex: "0", "aria-label": "PlantUML source" }, code),
        el("figcaption", { text: "PlantUML source" })));
  }

  function section(title, ...body) {
    return el("details", { class: "detail-section", "data-section": title.toLowerCase() }, el("summary", { text: title }), ...body);
  }

  function renderDetail(run) {
    const wrap = el("div", { class: "details" }, el("h3", { text: "Everything stored for this run" }));
    const timings = Object.entries(run.timings || {});
    if (timings.length) {
      const total = timings.reduce((sum, [, s]) => sum + Number(s || 0), 0);
      wrap.append(section("Timings",
        el("table", { class: "timings" },
          el("caption", { class: "visually-hidden", text: "Seconds per stage" }),
          el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "stage" }), el("th", { scope: "col", text: "seconds" }))),
          el("tbody", {}, timings.map(([name, s]) => el("tr", {}, el("th", { scope: "row", text: name }), el("td", { text: seconds(s) })))),
          el("tfoot", {}, el("tr", {}, el("th", { scope: "row", text: "total" }), el("td", { text: seconds(total) }))))));
    }
    const artifacts = run.artifacts || {};
    // a stage's outputs: {"files": {name: {id, url, content_type, size, text?}}, "value": ...}; text files come inline
    const storedFiles = (run.stages || []).flatMap((stage) => Object.entries((stage.outputs || {}).files || {}));
    const inline = (name) => { const found = storedFiles.find(([key, file]) => key === name && file && typeof file.text === "string"); return found && found[1].text; };
    for (const [title, name] of [["Plan", "plan"], ["Code", "code"]]) {
      const pre = el("pre", { tabindex: "0", class: "code" });
      const text = inline(name);
      if (text) pre.textContent = pretty(text);
      else if (artifacts[name]) fetchText(artifactUrl(artifacts[name])).then((t) => { pre.textContent = pretty(t); }).catch((e) => { pre.textContent = e.message; });
      else continue;
      wrap.append(section(title, pre));
    }
    if (run.options && Object.keys(run.options).length) wrap.append(section("Options", el("pre", { class: "code", text: pretty(run.options) })));
    if (run.report && Object.keys(run.report).length) wrap.append(section("Report", el("pre", { class: "code", tabindex: "0", text: pretty(run.report) })));
    const stages = run.stages || [];
    if (stages.length) {
      wrap.append(section("Stages and logs", el("ol", { class: "stage-details" }, stages.map((stage) => {
        const outputs = stage.outputs || {};
        const files = Object.entries(outputs.files || {});
        const hasValue = outputs.value !== undefined && outputs.value !== null;
        return el("li", {},
          el("p", { class: "stage-line" }, el("strong", { text: stage.name }), " ",
            el("span", { class: `badge status-${stage.status}`, text: stage.status || "" }), ` ${seconds(stage.seconds)}`),
          stage.log ? el("pre", { class: "code log", tabindex: "0", "aria-label": `Log of ${stage.name}`, text: stage.log }) : null,
          files.length ? el("ul", { class: "outputs" }, files.map(([name, file]) => el("li", {},
            el("a", { href: artifactUrl(file), download: `${name}${suffixOf(file)}`, onclick: tokenDownload,
              text: `${name}${suffixOf(file)}${file && file.size ? ` (${sizeText(file.size)})` : ""}` })))) : null,
          hasValue ? el("details", { class: "stage-value" }, el("summary", { text: "stage result" }),
            el("pre", { class: "code", tabindex: "0", text: pretty(outputs.value) })) : null);
      }))));
    }
    return wrap;
  }

  /* ---------- history ---------- */

  let historyTimer = null;
  let historyAsked = 0;

  async function loadHistory(fresh) {
    if (fresh) state.historyOffset = 0;
    const params = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(state.historyOffset) });
    for (const [name, id] of [["q", "history-q"], ["kind", "history-kind"], ["status", "history-status"]]) {
      const value = $(id).value.trim();
      if (value) params.set(name, value);
    }
    const list = $("history-list");
    const asked = ++historyAsked; // typing sends a search per pause: only the latest answer is shown
    list.setAttribute("aria-busy", "true");
    const response = await api(`/v1/runs?${params}`);
    const page = await readJson(response);
    if (asked !== historyAsked) return;
    list.removeAttribute("aria-busy");
    if (!response.ok || !page) {
      $("history-count").textContent = `Could not load the history (HTTP ${response.status}).`;
      return;
    }
    if (fresh) list.replaceChildren();
    for (const item of page.items || []) list.append(historyItem(item));
    state.historyTotal = page.total || 0;
    state.historyOffset += (page.items || []).length;
    $("history-count").textContent = state.historyTotal === 1 ? "1 run" : `${state.historyTotal} runs`;
    $("history-more").hidden = state.historyOffset >= state.historyTotal;
  }

  function historyItem(item) {
    const thumb = item.thumbnail ? lazyMedia("img", artifactUrl(item.thumbnail), { alt: "", class: "thumb" }) : el("span", { class: "thumb none", "aria-hidden": "true", text: (item.kind || "?").slice(0, 1) });
    return el("li", { class: "history-item", "data-job": item.job_id },
      el("a", { href: `#run/${encodeURIComponent(item.job_id)}`, class: "history-link" },
        thumb,
        el("span", { class: "history-text" },
          el("span", { class: "history-prompt", text: item.prompt || "(no prompt)" }),
          el("span", { class: "run-meta" },
            el("span", { class: `badge status-${item.status}`, text: item.status }),
            item.kind ? el("span", { class: "badge", text: item.kind }) : null,
            el("span", { text: when(item.created_at) })))));
  }

  async function openRun(id) {
    const panel = $("run-detail");
    panel.hidden = false;
    $("run-detail-title").textContent = `Run ${id}`;
    const body = $("run-detail-body");
    body.replaceChildren(el("p", { class: "help", text: "Loading…" }));
    const response = await api(`/v1/runs/${encodeURIComponent(id)}`);
    const run = await readJson(response);
    if (!response.ok || !run) {
      body.replaceChildren(el("p", { class: "message", "data-kind": "error", role: "alert", text: `Could not open run ${id} (HTTP ${response.status}).` }));
      return;
    }
    renderRun(body, run, { detail: run });
    panel.focus();
    panel.scrollIntoView({ block: "start" });
  }

  function setupHistory() {
    $("history-form").addEventListener("submit", (event) => { event.preventDefault(); loadHistory(true); });
    $("history-q").addEventListener("input", () => {
      clearTimeout(historyTimer);
      historyTimer = setTimeout(() => loadHistory(true), 250);
    });
    for (const id of ["history-kind", "history-status"]) $(id).addEventListener("change", () => loadHistory(true));
    $("history-more").addEventListener("click", () => loadHistory(false));
    $("run-detail-close").addEventListener("click", () => {
      $("run-detail").hidden = true;
      location.hash = "history";
    });
  }

  /* ---------- start ---------- */

  async function start() {
    setupTabs();
    setupHistory();
    Mask.setup();
    $("make-form").addEventListener("submit", submit);
    $("kind").addEventListener("change", kindChanged);
    $("cancel").addEventListener("click", cancel);
    $("prompt").addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) $("make-form").requestSubmit();
    });
    route();
    await Promise.all([loadKinds().catch((error) => showRefusal(error)), loadHealth()]);
    const watched = sessionStorage.getItem(WATCHED_KEY);
    if (watched) {
      $("submit").disabled = true;
      watch(watched, null);
    }
    document.body.dataset.ready = "true";
  }

  return { start, srtToVtt };
})();

document.addEventListener("DOMContentLoaded", Studio.start);
