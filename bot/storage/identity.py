"""Turns a channel and sender id into a person key (HMAC-SHA256), so raw ids never reach our tables."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path


def load_or_create_secret(var_dir: Path) -> str:
    """KINTSUGI_SECRET if set, else var/secret.key, generated (owner-only) on first run."""
    from_env = os.environ.get("KINTSUGI_SECRET", "").strip()
    if from_env:
        return from_env
    path = var_dir / "secret.key"
    if path.exists():
        return path.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_hex(32)
    # O_EXCL: if two processes race on first run, one creates the file and both read it.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secret)
    return secret


def person_key(secret: str, channel: str | None, sender_id: str) -> str:
    """A stable key for one person on one channel; without the secret it reveals nothing."""
    message = f"{channel or 'unknown'}\x1f{sender_id}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
