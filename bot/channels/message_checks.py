"""Checks and cleans what a client sends, so bad input gets a reason instead of a crash."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

MAX_MESSAGE_CHARS = 20_000
# Conversation ids other channels make for themselves; a REST or socket client may not use them.
RESERVED_SENDER_PREFIXES = ("telegram-",)
# C0/C1 control characters except tab and newline: they carry no meaning for a person.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Checked:
    body: dict[str, Any] | None  # the cleaned body, or None when refused
    error: str | None = None
    status: int = 200


def _message_problem(message: Any) -> Checked | None:
    """Why a message's text can't be handled (not text, too long), or None when it can."""
    if not isinstance(message, str):
        return Checked(None, "'message' must be a string", 400)
    if len(message) > MAX_MESSAGE_CHARS:
        return Checked(None, f"'message' is longer than {MAX_MESSAGE_CHARS} characters", 413)
    return None


def _clean(message: str) -> str:
    return _CONTROL.sub("", message).strip()


def check_rest_body(body: Any) -> Checked:
    """Validates a REST webhook body: a JSON object with `sender` and a text `message`."""
    if not isinstance(body, dict):
        return Checked(None, "the body must be a JSON object with 'sender' and 'message'", 400)
    sender = body.get("sender")
    if not isinstance(sender, (str, int)) or isinstance(sender, bool) or not str(sender).strip():
        return Checked(None, "'sender' must be a non-empty string", 400)
    if str(sender).startswith(RESERVED_SENDER_PREFIXES):
        return Checked(None, "'sender' may not start with a prefix another channel uses", 400)
    message = body.get("message")
    if problem := _message_problem(message):
        return problem
    metadata = body.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        return Checked(None, "'metadata' must be a JSON object", 400)
    cleaned = {**body, "sender": str(sender), "message": _clean(message)}
    return Checked(cleaned)


MAX_SESSION_ID_CHARS = 128


def check_session_id(value: Any) -> str | None:
    """A socket.io session id the widget chose (a uuid hex); None when absent or unusable."""
    if isinstance(value, str) and 0 < len(value.strip()) <= MAX_SESSION_ID_CHARS:
        if not value.strip().startswith(RESERVED_SENDER_PREFIXES):
            return value.strip()
    return None


def check_socket_message(data: Any, needs_session: bool = True) -> Checked:
    """Validates a socket.io `user_uttered` payload: an object with a text `message` (and a session id)."""
    if not isinstance(data, dict):
        return Checked(None, "the message must be an object with 'message' and 'session_id'", 400)
    message = data.get("message")
    if problem := _message_problem(message):
        return problem
    session_id = check_session_id(data.get("session_id"))
    if session_id is None and needs_session:
        return Checked(None, "'session_id' is missing: ask for a session first", 400)
    metadata = data.get("metadata") or data.get("customData") or {}
    if not isinstance(metadata, dict):
        metadata = {}
    return Checked({"message": _clean(message), "session_id": session_id, "metadata": metadata})
