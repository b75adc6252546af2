"""Reads a Telegram Update (the JSON Telegram posts to the webhook) into what Kintsugi should do with it.

Plain Python (no Rasa, no network). Kintsugi is a private, one-to-one companion:
- a private chat's text, or a button pressed in it, is a turn of the conversation;
- a private chat's sticker, photo without caption, voice note, edit ... gets a polite line saying what
  Kintsugi can read (a caption is read as the text the person wrote);
- a group's text gets a short line pointing to a private chat and never reaches the conversation, so
  nobody's disclosure is answered in front of others; anything else from a group, channel posts and
  update types Kintsugi does not use are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

SENDER_PREFIX = "telegram-"  # conversation ids never collide with REST or socket.io senders


class Do(Enum):
    CONVERSE = "converse"  # hand `text` to Rasa as the person's message
    ANSWER = "answer"  # send the polite message `message_key`, nothing else
    IGNORE = "ignore"


@dataclass(frozen=True)
class UpdateReading:
    """What to do with one update; `callback_query_id`, when set, must be answered whatever else happens."""

    do: Do
    chat_id: int | str | None = None
    text: str = ""
    message_key: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    callback_query_id: str | None = None
    reason: str = ""  # why it was ignored or answered politely, for the log (never message text)


# Response names in domain.yml, without `utter_`.
GROUP_ANSWER = "telegram_private_only"
NOT_TEXT_ANSWER = "telegram_text_only"
EDITED_ANSWER = "telegram_edits_unread"

_MEDIA = ("sticker", "photo", "voice", "audio", "video", "video_note", "animation", "document")


def sender_id_for(chat_id: int | str) -> str:
    return f"{SENDER_PREFIX}{chat_id}"


def chat_id_for(sender_id: str) -> int | str:
    """The Telegram chat id behind a conversation id (ids without the prefix are taken as they are)."""
    chat_id = sender_id.removeprefix(SENDER_PREFIX)
    return int(chat_id) if chat_id.removeprefix("-").isdigit() else chat_id


def read_update(update: dict[str, Any]) -> UpdateReading:
    """Decides what one Update asks of Kintsugi; never raises on an unexpected shape."""
    if isinstance(update.get("callback_query"), dict):
        return _read_callback_query(update["callback_query"])
    if isinstance(update.get("message"), dict):
        return _read_message(update["message"])
    if isinstance(update.get("edited_message"), dict):
        return _read_edited_message(update["edited_message"])
    kinds = sorted(key for key in update if key != "update_id")
    return UpdateReading(Do.IGNORE, reason=f"update type not used: {', '.join(kinds) or 'empty'}")


def _chat(message: dict[str, Any]) -> tuple[int | str | None, str]:
    chat = message.get("chat")
    if (
        not isinstance(chat, dict)
        or not isinstance(chat.get("id"), (int, str))
        or isinstance(chat["id"], bool)
    ):
        return None, ""
    return chat["id"], str(chat.get("type") or "")


def _metadata(message_or_query: dict[str, Any]) -> dict[str, Any]:
    """Only the language (for crisis contacts by locale); names and usernames stay out of the tracker."""
    sender = message_or_query.get("from")
    language = sender.get("language_code") if isinstance(sender, dict) else None
    return {"language_code": language} if isinstance(language, str) and language else {}


def _read_message(message: dict[str, Any]) -> UpdateReading:
    chat_id, chat_type = _chat(message)
    if chat_id is None:
        return UpdateReading(Do.IGNORE, reason="message without a chat")
    text = message.get("text")
    if chat_type != "private":
        if chat_type in ("group", "supergroup") and isinstance(text, str):
            return UpdateReading(Do.ANSWER, chat_id, message_key=GROUP_ANSWER, reason=f"{chat_type} chat")
        return UpdateReading(Do.IGNORE, reason=f"non-text message in a {chat_type or 'unknown'} chat")
    if not isinstance(text, str):
        text = message.get("caption")  # words written under a photo are the person's message
    if isinstance(text, str) and text.strip():
        typed = _typed_text(text)
        if typed:
            return UpdateReading(Do.CONVERSE, chat_id, text=typed, metadata=_metadata(message))
    kind = next((key for key in _MEDIA if key in message), "message without text")
    return UpdateReading(Do.ANSWER, chat_id, message_key=NOT_TEXT_ANSWER, reason=kind)


def _typed_text(text: str) -> str:
    """What the person typed, as Kintsugi should read it.

    Telegram's /start opens the chat: it greets. Any other /command is read as its words, so that a
    typed slash never injects an intent or entities; buttons (callback queries) carry payloads instead.
    """
    text = text.strip()
    if not text.startswith("/"):
        return text
    command, _, rest = text.partition(" ")
    command = command[1:].split("@", 1)[0]  # "/start@KintsugiBot" in a chat with several bots
    if command == "start":
        return "/greet"
    return " ".join(part for part in (command.replace("_", " "), rest.strip()) if part)


def _read_edited_message(message: dict[str, Any]) -> UpdateReading:
    chat_id, chat_type = _chat(message)
    if chat_id is None or chat_type != "private":
        return UpdateReading(Do.IGNORE, reason="edited message outside a private chat")
    return UpdateReading(Do.ANSWER, chat_id, message_key=EDITED_ANSWER, reason="edited message")


def _read_callback_query(query: dict[str, Any]) -> UpdateReading:
    query_id = query.get("id") if isinstance(query.get("id"), str) else None
    message = query.get("message")
    chat_id, chat_type = _chat(message) if isinstance(message, dict) else (None, "")
    data = query.get("data")
    if chat_id is None or chat_type != "private":
        return UpdateReading(Do.IGNORE, callback_query_id=query_id, reason="button outside a private chat")
    if not isinstance(data, str) or not data.strip():
        return UpdateReading(Do.IGNORE, callback_query_id=query_id, reason="button without data")
    return UpdateReading(
        Do.CONVERSE, chat_id, text=data.strip(), metadata=_metadata(query), callback_query_id=query_id
    )
