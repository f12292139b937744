"""The store: a SQL database of runs and stages (SQLite by default) plus content-addressed blob files."""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from scenesmith.store.blobs import BlobStore
from scenesmith.store.models import CacheEntry, Run, StageRecord

__all__ = ["Store", "Run", "StageRecord", "CacheEntry", "default_home", "FolderError", "writable_folder"]

MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 30_000  # how long a command waits for another one's write to the database before it gives up


def _head_revision() -> str:
    """The newest migration's revision id: migrations are numbered files, 0001_initial.py, 0002_... ."""
    return sorted(p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))[-1]


def default_home() -> Path:
    if env := os.environ.get("SCENESMITH_HOME"):
        return Path(env).expanduser()
    return Path.home() / ".local" / "share" / "scenesmith"


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # noqa: ANN001
        cursor = dbapi_connection.cursor()
        # First the busy timeout, so that everything after it, the switch to WAL included, waits for other writers.
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


@contextlib.contextmanager
def _exclusive(lock_file: Path) -> Iterator[None]:
    """Hold an exclusive lock on `lock_file` (created if missing) while the block runs; it waits for any other holder.

    The kernel drops the lock when its holder exits, even by kill -9, so a crashed process never leaves it held."""
    with open(lock_file, "a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _revision(connection) -> str | None:  # noqa: ANN001
    """The schema revision the database is at, or None for a database not yet created."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("select version_num from alembic_version")).scalar()


class FolderError(Exception):
    """A folder the user chose (the store's home, an output folder) cannot be used; the message says why and what to do."""


def writable_folder(path: Path, what: str, remedy: str) -> Path:
    """Create `path` if needed and prove it writable, or raise FolderError naming the fault and `remedy`."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except (FileExistsError, NotADirectoryError):
        blocker = next((p for p in (path, *path.parents) if p.exists() and not p.is_dir()), path)
        where = "is a file" if blocker == path else f"lies under {str(blocker)!r}, which is a file"
        raise FolderError(f"{what} {str(path)!r} {where}, not a folder. {remedy}") from None
    except OSError as exc:
        raise FolderError(f"{what} {str(path)!r} cannot be written to ({exc.strerror or exc}). Make it writable, or {remedy[0].lower()}{remedy[1:]}") from None
    return path


class Store:
    """Opens (and migrates) the database under `home`, or at `database_url` when given."""

    def __init__(self, home: Path, database_url: str | None = None) -> None:
        self.home = writable_folder(home.expanduser().resolve(), "The store home", "Choose a folder you can write to with --home or SCENESMITH_HOME.")
        self.blobs = BlobStore(self.home / "blobs")
        self.work = self.home / "work"
        self.url = database_url or os.environ.get("SCENESMITH_DATABASE_URL") or f"sqlite:///{self.home / 'scenesmith.db'}"
        self.engine = create_engine(self.url)
        if self.engine.dialect.name == "sqlite":
            _sqlite_pragmas(self.engine)
        self._migrate()
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def _migrate(self) -> None:
        """Bring the schema to the newest migration. Alembic is imported only when there is work to do.

        Safe when several commands open a new or old store at once: one at a time takes the home's lock file,
        looks again, and migrates in one transaction (SQLite's DDL is transactional), so the others find the
        schema done, and a migration cut short leaves the database as it was."""
        head = _head_revision()
        with self.engine.connect() as connection:
            if _revision(connection) == head:
                return
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with _exclusive(self.home / "store.lock"), self.engine.begin() as connection:
            if self.engine.dialect.name == "sqlite":
                connection.exec_driver_sql("BEGIN IMMEDIATE")  # the driver would otherwise run each CREATE on its own
            if _revision(connection) == head:
                return
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    def dir_for(self, purpose: str, key: str) -> Path:
        path = self.home / purpose / key
        path.mkdir(parents=True, exist_ok=True)
        return path
