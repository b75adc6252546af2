"""Turns a channel and sender id into a person key (HMAC-SHA256), so raw ids never reach our tables."""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from bot.secret_file import read_or_create_secret


def load_or_create_secret(var_dir: Path) -> str:
    """KINTSUGI_SECRET if set, else var/secret.key, generated (owner-only) on first run."""
    from_env = os.environ.get("KINTSUGI_SECRET", "").strip()
    if from_env:
        return from_env
    return read_or_create_secret(var_dir / "secret.key")


def person_key(secret: str, channel: str | None, sender_id: str) -> str:
    """A stable key for one person on one channel; without the secret it reveals nothing."""
    message = f"{channel or 'unknown'}\x1f{sender_id}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
