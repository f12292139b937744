"""Content-addressed artifact files, written atomically (temporary file, fsync, then rename), and checked against their names."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

CHUNK = 1 << 20
DIGEST_LENGTH = 64  # hex characters of a SHA-256

BlobState = Literal["ok", "missing", "damaged"]
NAME = re.compile(r"[0-9a-f]{64}(\.[A-Za-z0-9]{1,12})?")  # a blob's name: its SHA-256, then its suffix


def valid_name(name: str) -> bool:
    """Whether `name` is a blob name at all (a name from a URL is checked with this before it becomes a path)."""
    return bool(NAME.fullmatch(name))


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def digest_of(name: str) -> str:
    """The SHA-256 a blob's name promises: the name without its extension."""
    return name[:DIGEST_LENGTH]


def verify_file(path: Path, name: str) -> BlobState:
    """Whether the file at `path` is there and its content still hashes to what the blob `name` promises."""
    try:
        actual = sha256_file(path)
    except FileNotFoundError:
        return "missing"
    except IsADirectoryError:
        return "damaged"
    return "ok" if actual == digest_of(name) else "damaged"


FICLONE = 0x40049409  # Linux ioctl: share the source's extents copy-on-write (Btrfs, XFS); not on ext4 or tmpfs


def _reflink(source_fd: int, target_fd: int) -> bool:
    try:
        import fcntl

        fcntl.ioctl(target_fd, FICLONE, source_fd)
    except (ImportError, OSError):
        return False
    return True


class BlobStore:
    """Files named by the SHA-256 of their content plus their extension: blobs/ab/abcdef....mp4."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)

    def path(self, name: str) -> Path:
        if not valid_name(name):  # never a path outside the store, whatever a caller was handed
            raise ValueError(f"not a blob name: {name[:80]!r}")
        return self.root / name[:2] / name

    def exists(self, name: str) -> bool:
        return valid_name(name) and self.path(name).is_file()

    def verify(self, name: str) -> BlobState:
        """ok, missing, or damaged (its content no longer hashes to its name): reads the whole file."""
        return verify_file(self.path(name), name)

    def names(self) -> Iterator[str]:
        """Every blob on disk (not the temporary files of writes in progress)."""
        for folder in sorted(p for p in self.root.iterdir() if p.is_dir()):
            for path in sorted(folder.iterdir()):
                if valid_name(path.name):  # not the temporary files of writes in progress, nor strays
                    yield path.name

    def discard(self, name: str) -> None:
        self.path(name).unlink(missing_ok=True)

    def _publish(self, tmp: Path, digest: str, suffix: str) -> str:
        name = digest + suffix
        target = self.path(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Always replace: a blob already there may be damaged, and the fresh file has the content its name promises.
        os.replace(tmp, target)
        return name

    def _tmp(self) -> Path:
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        os.close(fd)
        return Path(tmp)

    def put_bytes(self, data: bytes, suffix: str) -> str:
        if suffix and not NAME.fullmatch("0" * 64 + suffix):
            raise ValueError(f"not a file suffix: {suffix[:20]!r}")
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

    def copy_to(self, name: str, dest: Path) -> None:
        """Put a private copy of the blob at `dest` (a reflink where the filesystem can), never a link to it:
        whatever later writes to `dest` leaves the blob, and every run that reuses it, untouched."""
        with open(self.path(name), "rb") as source:
            tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:12]}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the user's umask applies, as for any new file
            try:
                with os.fdopen(fd, "wb") as target:
                    if not _reflink(source.fileno(), target.fileno()):
                        shutil.copyfileobj(source, target, CHUNK)
                os.replace(tmp, dest)
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise

    def read_text(self, name: str) -> str:
        return self.path(name).read_text(encoding="utf-8")
