"""Engines and short-lived sessions. One engine per URL per process; one session per action call."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker


def tune_sqlite(engine: Engine) -> None:
    """Settings for every SQLite connection of `engine` (Kintsugi's tables and the tracker store)."""

    @event.listens_for(engine, "connect")
    def _on_connect(connection, _record) -> None:  # noqa: ANN001 - DBAPI types
        cursor = connection.cursor()
        # WAL lets readers work during a write, and with synchronous=NORMAL a commit no longer
        # waits for a disk flush (a killed process loses nothing; a power cut may lose the last
        # turn). busy_timeout makes concurrent writers wait instead of failing; foreign_keys
        # makes ON DELETE CASCADE work; secure_delete overwrites erased rows ("delete my data").
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    """The process-wide engine (a thread-safe connection pool) for `url`."""
    engine = create_engine(url, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        tune_sqlite(engine)
    return engine


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """A session that commits on success, rolls back on error and is always closed."""
    session = sessionmaker(bind=engine_for(url), future=True, expire_on_commit=False)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
