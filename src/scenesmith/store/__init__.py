"""The store: a SQL database of runs and stages (SQLite by default) plus content-addressed blob files."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from scenesmith.store.blobs import BlobStore
from scenesmith.store.models import CacheEntry, Run, StageRecord

__all__ = ["Store", "Run", "StageRecord", "CacheEntry", "default_home"]

MIGRATIONS = Path(__file__).parent / "migrations"


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
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


class Store:
    """Opens (and migrates) the database under `home`, or at `database_url` when given."""

    def __init__(self, home: Path, database_url: str | None = None) -> None:
        self.home = home.expanduser().resolve()
        self.home.mkdir(parents=True, exist_ok=True)
        self.blobs = BlobStore(self.home / "blobs")
        self.work = self.home / "work"
        self.url = database_url or os.environ.get("SCENESMITH_DATABASE_URL") or f"sqlite:///{self.home / 'scenesmith.db'}"
        self.engine = create_engine(self.url)
        if self.engine.dialect.name == "sqlite":
            _sqlite_pragmas(self.engine)
        self._migrate()
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def _migrate(self) -> None:
        """Bring the schema to the newest migration. Alembic is imported only when there is work to do."""
        head = _head_revision()
        with self.engine.connect() as connection:
            if inspect(connection).has_table("alembic_version"):
                current = connection.execute(text("select version_num from alembic_version")).scalar()
                if current == head:
                    return
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
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
