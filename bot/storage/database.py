"""Engines and short-lived sessions. One engine per URL per process; one session per action call."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from bot.storage.private_files import make_sqlite_file_private

# How long a write to Kintsugi's tables waits for another writer's lock before it fails (and
# rolls back). The actions write these tables, and the Rasa server waits for an action only
# `answer_within_seconds` (5 s, endpoints.yml): an action must finish or fail inside that, never
# go on to write after the person was told "give me a moment". Worst case on PostgreSQL: a new
# connection (CONNECT_SECONDS) plus one lock wait, 4 s.
TABLES_LOCK_WAIT_SECONDS = 2.0
CONNECT_SECONDS = 2  # libpq's smallest connect timeout (it reads 1 as 2)
# Rasa's tracker store, on the Rasa server's side of the action call, may wait longer: no action
# budget runs while it reads or saves a conversation.
TRACKER_LOCK_WAIT_SECONDS = 10.0


def tune_sqlite(engine: Engine, busy_timeout_seconds: float = TRACKER_LOCK_WAIT_SECONDS) -> None:
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
        cursor.execute(f"PRAGMA busy_timeout={round(busy_timeout_seconds * 1000)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    """The process-wide engine (a thread-safe connection pool) for `url`: Kintsugi's tables."""
    make_sqlite_file_private(url)
    connect_args = {}
    if make_url(url).get_backend_name() == "postgresql":
        lock_wait_ms = round(TABLES_LOCK_WAIT_SECONDS * 1000)
        connect_args = {"connect_timeout": CONNECT_SECONDS, "options": f"-c lock_timeout={lock_wait_ms}"}
    engine = create_engine(url, future=True, pool_pre_ping=True, connect_args=connect_args)
    if engine.dialect.name == "sqlite":
        tune_sqlite(engine, TABLES_LOCK_WAIT_SECONDS)
    return engine


def truncate_wal(engine: Engine) -> None:
    """After an erasure on SQLite: copies the WAL into the database and truncates it to zero
    bytes, so erased rows do not live on in the -wal file (secure_delete has overwritten them
    in the database itself). Nothing to do on other databases."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


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
