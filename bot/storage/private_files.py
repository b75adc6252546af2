"""Owner-only local state: var/ is 0700 and every file Kintsugi writes in it is 0600.

People's words end up in var/ (SQLite databases and their WAL, exported reports), so no other
local user may read them. Modes are set at creation, not fixed up afterwards, and files an
older version left readable are tightened when Kintsugi starts.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import URL, make_url

OWNER_ONLY_DIR = 0o700
OWNER_ONLY_FILE = 0o600
OWNER_ONLY_UMASK = 0o077
SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def make_var_private(var_dir: Path) -> None:
    """Creates `var_dir` owner-only (or tightens it), and makes this process and every server it
    starts create files owner-only; files already there are tightened too."""
    os.umask(OWNER_ONLY_UMASK)
    make_private_dir(var_dir)
    for child in (var_dir, var_dir / "reports"):
        if child.is_dir():
            for path in child.iterdir():
                if path.is_file() and not path.is_symlink():
                    path.chmod(OWNER_ONLY_FILE)


def make_private_dir(path: Path) -> None:
    """`path` and any missing parents created, `path` itself owner-only."""
    path.mkdir(parents=True, exist_ok=True, mode=OWNER_ONLY_DIR)
    path.chmod(OWNER_ONLY_DIR)


def write_private_text(path: Path, text: str) -> None:
    """Writes `text` to `path` (replacing it), readable by the owner only from the first byte."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, OWNER_ONLY_FILE)
    os.fchmod(fd, OWNER_ONLY_FILE)  # an existing file keeps its old mode through O_CREAT
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def sqlite_path(url: str | URL) -> Path | None:
    """The database file of a SQLite URL; None for other databases and in-memory SQLite."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def make_sqlite_file_private(url: str | URL) -> None:
    """Creates a SQLite database file owner-only before SQLite opens it (SQLite gives its WAL and
    shared-memory files the database's mode), and tightens files an older version left open."""
    path = sqlite_path(url)
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True, mode=OWNER_ONLY_DIR)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, OWNER_ONLY_FILE))
    for suffix in SQLITE_COMPANIONS:
        companion = Path(f"{path}{suffix}")
        if companion.exists():
            companion.chmod(OWNER_ONLY_FILE)
