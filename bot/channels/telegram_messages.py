"""Shapes Kintsugi's replies for Telegram: text split at the message limit, buttons as an inline keyboard.

Plain Python (no Rasa, no network), so it is tested in microseconds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

MESSAGE_LIMIT = 4096  # Telegram's sendMessage `text`, counted in UTF-16 code units
CALLBACK_DATA_LIMIT = 64  # bytes of `callback_data` Telegram keeps for an inline button
ONE_ROW_CHARS = 30  # buttons whose titles together fit this many characters share one row
MAX_BUTTONS_PER_ROW = 8  # Telegram's own limit
_BREAKS = ("\n\n", "\n", " ")  # best first: paragraph, line, word


@dataclass(frozen=True)
class OutgoingMessage:
    """One sendMessage call: the text and, for the last part of a reply, its keyboard."""

    text: str
    reply_markup: dict[str, Any] | None = None


def utf16_length(text: str) -> int:
    """Length as Telegram counts it: characters outside the BMP (most emoji) count twice."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Splits `text` into parts of at most `limit`, at paragraph, line or word boundaries if possible."""
    parts = []
    rest = text.strip()
    while rest:
        if utf16_length(rest) <= limit:
            parts.append(rest)
            break
        head = _longest_prefix_within(rest, limit)
        cut = _last_break(head) or len(head)  # no boundary at all: cut mid-word
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return parts


def _longest_prefix_within(text: str, limit: int) -> str:
    used = 0
    for index, character in enumerate(text):
        used += 2 if ord(character) > 0xFFFF else 1
        if used > limit:
            return text[:index]
    return text


def _last_break(head: str) -> int:
    """Where to cut `head`: after its last paragraph break, else line break, else space; 0 if none."""
    for separator in _BREAKS:
        at = head.rfind(separator)
        if at > 0:
            return at
    return 0


def inline_keyboard(buttons: Sequence[Mapping[str, Any]]) -> tuple[dict[str, Any] | None, list[str]]:
    """Rasa buttons as Telegram `reply_markup`, and the titles of buttons that cannot be inline buttons.

    A button's payload becomes its callback_data; one too long for Telegram (over 64 bytes) cannot,
    so its title is returned for the caller to offer as text (typing works wherever a button does).
    """
    usable, left_over = [], []
    for button in buttons:
        payload = str(button.get("payload") or "")
        title = str(button.get("title") or payload)
        if not payload:
            continue
        if len(payload.encode("utf-8")) > CALLBACK_DATA_LIMIT:
            left_over.append(title)
            continue
        usable.append({"text": title, "callback_data": payload})
    if not usable:
        return None, left_over
    return {"inline_keyboard": _rows(usable)}, left_over


def _rows(buttons: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    """Short choices (a 1-5 scale, yes/no) on one row; longer ones one per row, readable on a phone."""
    titles = sum(len(button["text"]) for button in buttons)
    if titles <= ONE_ROW_CHARS and len(buttons) <= MAX_BUTTONS_PER_ROW:
        return [buttons]
    return [[button] for button in buttons]


def outgoing_messages(text: str, buttons: Sequence[Mapping[str, Any]] = ()) -> list[OutgoingMessage]:
    """A reply as the sendMessage calls it takes; the keyboard goes with the last part."""
    reply_markup, left_over = inline_keyboard(buttons)
    if left_over:
        text = "\n".join([text, *(f"• {title}" for title in left_over)])
    parts = split_text(text)
    if not parts:
        return []
    messages = [OutgoingMessage(part) for part in parts[:-1]]
    messages.append(OutgoingMessage(parts[-1], reply_markup))
    return messages
