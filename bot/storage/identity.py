"""Turns a sender id into a person key (HMAC-SHA256), so raw ids never reach our tables."""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from bot.secret_file import read_or_create_secret

# Keys used to mix in the channel, which Rasa does not know yet when a new conversation opens:
# its first session start keyed the person under "unknown", out of reach of "delete my data".
# Rows under these keys are adopted (or erased) by the sender's current key.
FORMER_CHANNELS = ("rest", "socketio", "telegram", "cmdline", "unknown")


def load_or_create_secret(var_dir: Path) -> str:
    """KINTSUGI_SECRET if set, else var/secret.key, generated (owner-only) on first run."""
    from_env = os.environ.get("KINTSUGI_SECRET", "").strip()
    if from_env:
        return from_env
    return read_or_create_secret(var_dir / "secret.key")


def person_key(secret: str, sender_id: str) -> str:
    """The key of the person behind a conversation (Rasa's sender id, known from its first event);
    without the secret it reveals nothing. It also names their exported reports."""
    return _hmac(secret, f"sender\x1f{sender_id}")


def former_person_keys(secret: str, sender_id: str) -> tuple[str, ...]:
    """The keys the same sender had when the channel was part of the key."""
    return tuple(_hmac(secret, f"{channel}\x1f{sender_id}") for channel in FORMER_CHANNELS)


def _hmac(secret: str, message: str) -> str:
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()
