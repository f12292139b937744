"""Content-addressed artifact files, written atomically (temporary file, fsync, then rename)."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class BlobStore:
    """Files named by the SHA-256 of their content plus their extension: blobs/ab/abcdef....mp4."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)

    def path(self, name: str) -> Path:
        return self.root / name[:2] / name

    def exists(self, name: str) -> bool:
        return self.path(name).is_file()

    def _publish(self, tmp: Path, digest: str, suffix: str) -> str:
        name = digest + suffix
        target = self.path(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            tmp.unlink()
        else:
            os.replace(tmp, target)
        return name

    def _tmp(self) -> Path:
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        os.close(fd)
        return Path(tmp)

    def put_bytes(self, data: bytes, suffix: str) -> str:
        tmp = self._tmp()
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        return self._publish(tmp, hashlib.sha256(data).hexdigest(), suffix)

    def put_file(self, source: Path, suffix: str | None = None) -> str:
        tmp = self._tmp()
        shutil.copyfile(source, tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        return self._publish(tmp, sha256_file(tmp), suffix if suffix is not None else source.suffix)

    def read_text(self, name: str) -> str:
        return self.path(name).read_text(encoding="utf-8")
