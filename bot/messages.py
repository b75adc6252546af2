"""The bot's words, read from the responses in domain.yml (validated at load), for the code
that fills them in itself: actions that join pieces into one message, the safety answers
whose buttons carry entities, and the channels and fallback answers outside Rasa's NLG."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.conversation.variety import least_recently_seen
from bot.settings import PROJECT_ROOT
from bot.yaml_files import DataFileError, load_yaml_mapping

DOMAIN_FILE = PROJECT_ROOT / "domain.yml"
RESPONSE_PREFIX = "utter_"


@dataclass(frozen=True)
class Message:
    text: str
    buttons: tuple[dict, ...] = ()


def load_messages(path: Path = DOMAIN_FILE) -> dict[str, tuple[Message, ...]]:
    """Every response, by its name without `utter_` ("couple_swap" for `utter_couple_swap`),
    with its variations; a malformed entry names the file and the response."""
    responses = load_yaml_mapping(path).get("responses")
    if not isinstance(responses, dict):
        raise DataFileError(f"{path}: needs a top-level `responses` mapping")
    loaded = {}
    for name, variations in responses.items():
        if not isinstance(variations, list) or not variations:
            raise DataFileError(f"{path}, response '{name}': needs a list of variations")
        key = name[len(RESPONSE_PREFIX) :] if name.startswith(RESPONSE_PREFIX) else name
        loaded[key] = tuple(_variation(path, name, v) for v in variations)
    return loaded


def _variation(path: Path, key: str, variation: object) -> Message:
    if not isinstance(variation, dict) or not isinstance(variation.get("text"), str):
        raise DataFileError(f"{path}, response '{key}': each variation needs `text`")
    buttons = variation.get("buttons") or []
    if not all(isinstance(b, dict) and b.get("title") and b.get("payload") for b in buttons):
        raise DataFileError(f"{path}, response '{key}': each button needs `title` and `payload`")
    return Message(variation["text"], tuple(buttons))


def pick(
    messages: dict[str, tuple[Message, ...]], key: str, seen: Sequence[str] = (), **values: str
) -> Message:
    """One variation of `key` with {placeholders} filled from `values`: one the person has not
    read in `seen` (the conversation's earlier bot texts), else the one read longest ago."""
    filled = [_filled(message, values) for message in messages[key]]
    return filled[least_recently_seen([message.text for message in filled], seen)]


def _filled(message: Message, values: dict[str, str]) -> Message:
    if not values:
        return message
    text = re.sub(r" {2,}", " ", message.text.format(**values))  # an empty value leaves no gap
    return Message(text, message.buttons)
