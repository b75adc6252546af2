"""Secrets kept in files under var/: owner-only, and never seen half-written by another process."""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path


def _complete_temporary_file(directory: Path, value: str) -> Path:
    """A new owner-only file in `directory` (so a link or rename stays on one file system) holding `value`."""
    directory.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".secret-", dir=directory)  # mkstemp creates it 0600
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
        handle.flush()
        os.fsync(handle.fileno())
    return Path(name)


def write_secret(path: Path, value: str) -> None:
    """Writes `value` to `path` (mode 600), replacing what was there in one step."""
    temporary = _complete_temporary_file(path.parent, value)
    os.replace(temporary, path)


def read_or_create_secret(path: Path) -> str:
    """The secret in `path`; when there is none yet, 64 random hex characters written there (mode 600).

    The secret is written to a temporary file first and then linked into place, which fails if
    `path` appeared meanwhile: another process either finds no file or the whole secret (never an
    empty one), and when two race on first run, both end up with the one that was linked first.
    """
    if path.exists():
        return path.read_text().strip()
    temporary = _complete_temporary_file(path.parent, secrets.token_hex(32))
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass  # another process linked its secret first: that one is everybody's
    finally:
        temporary.unlink()
    return path.read_text().strip()
