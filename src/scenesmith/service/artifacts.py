"""Serving stored files by blob name only (never a path): content type, a strong ETag (the content hash), 304, Range (206)."""

from __future__ import annotations

import mimetypes

from fastapi import HTTPException, Request
from fastapi.responses import FileResponse, Response

from scenesmith.store import Store
from scenesmith.store.blobs import digest_of, valid_name

CONTENT_TYPES = {
    ".mp4": "video/mp4",
    ".gif": "image/gif",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".srt": "application/x-subrip",
    ".vtt": "text/vtt; charset=utf-8",
    ".puml": "text/plain; charset=utf-8",
    ".py": "text/x-python; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".tex": "text/plain; charset=utf-8",
}
TEXT_SUFFIXES = (".json", ".srt", ".vtt", ".puml", ".py", ".txt", ".tex")
# A blob never changes (its name is its content's hash): caches may keep it for good. A served SVG may not run script.
HEADERS = {
    "cache-control": "public, max-age=31536000, immutable",
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox",
}


def content_type(name: str) -> str:
    suffix = "." + name.rpartition(".")[2].lower() if "." in name else ""
    return CONTENT_TYPES.get(suffix) or mimetypes.guess_type("x" + suffix)[0] or "application/octet-stream"


def url(name: str) -> str:
    return f"/v1/artifacts/{name}"


def info(store: Store, name: str) -> dict | None:
    """{"id", "url", "content_type", "size"} for a stored blob; None when it is not (or no longer) in the store."""
    if not valid_name(name):
        return None
    try:
        size = store.blobs.path(name).stat().st_size
    except OSError:
        return None
    return {"id": name, "url": url(name), "content_type": content_type(name), "size": size}


def _matches(header: str, etag: str) -> bool:
    tags = [t.strip() for t in header.split(",")]
    return "*" in tags or any(t.removeprefix("W/") == etag for t in tags)


def serve(store: Store, name: str, request: Request) -> Response:
    if not valid_name(name):
        raise HTTPException(400, "Not an artifact id: an id is a stored file's SHA-256 and suffix, as the job's artifacts list them.")
    path = store.blobs.path(name)
    if not path.is_file():
        raise HTTPException(404, f"No artifact {name} in the store.")
    etag = f'"{digest_of(name)}"'
    headers = {**HEADERS, "etag": etag}
    if_none_match = request.headers.get("if-none-match")
    if if_none_match and _matches(if_none_match, etag):
        return Response(status_code=304, headers=headers)
    return FileResponse(path, media_type=content_type(name), headers=headers)
