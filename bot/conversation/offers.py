"""What Kintsugi offered in its last turn, read back from the conversation.

Offers are binding: a "yes" delivers exactly what the last turn offered, and a "no"
declines exactly that. Each offering message carries its offer in its metadata: a response
in the domain as `metadata: {offer: ...}`, a message from a custom action as the `offer`
keyword. An exercise card carries `exercise_card: <id>`, so "yes, I'll try it" is about
that card. Reading the offer back from the last turn (rather than from a slot set earlier)
means an offer is never delivered after the conversation has moved on.

Offers are written "<kind>" or "<kind>:<item>":
- `exercise:<id>` that exercise; `exercise` whatever fits now; `exercise:solo` the same,
  without the partner;
- `topic:<id>` an answer from the topic library;
- `listen` an invitation to say more.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Optional

OFFER_KEY = "offer"
CARD_KEY = "exercise_card"
KINDS = ("exercise", "topic", "listen")
SOLO = "solo"


@dataclass(frozen=True)
class Offer:
    kind: str
    item: Optional[str] = None

    @classmethod
    def parse(cls, value: str) -> Offer:
        kind, _, item = value.partition(":")
        if kind not in KINDS:
            raise ValueError(f"unknown offer kind {kind!r} in {value!r} (known: {', '.join(KINDS)})")
        return cls(kind, item or None)

    def __str__(self) -> str:
        return f"{self.kind}:{self.item}" if self.item else self.kind


def _last_turn_metadata(events: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The metadata of the bot messages sent between the person's last two messages."""
    found: list[Mapping[str, Any]] = []
    users_seen = 0
    for event in reversed(list(events)):
        kind = event.get("event")
        if kind == "user":
            users_seen += 1
            if users_seen == 2:
                break
        elif kind == "bot" and users_seen == 1:
            found.append(event.get("metadata") or {})
    return found


def _value(metadata: Mapping[str, Any], key: str) -> Optional[str]:
    """A key sent by a custom action sits at the top; one from a domain response, under `metadata`."""
    nested = metadata.get("metadata")
    value = metadata.get(key) or (nested.get(key) if isinstance(nested, Mapping) else None)
    return str(value) if value else None


def offer_in_last_turn(events: Iterable[Mapping[str, Any]]) -> Optional[Offer]:
    """The offer the last turn made, if any (its last one, when it made several)."""
    for metadata in _last_turn_metadata(events):
        value = _value(metadata, OFFER_KEY)
        if value:
            return Offer.parse(value)
    return None


def card_in_last_turn(events: Iterable[Mapping[str, Any]]) -> Optional[str]:
    """The id of the exercise the last turn showed, if it showed one."""
    for metadata in _last_turn_metadata(events):
        value = _value(metadata, CARD_KEY)
        if value:
            return value
    return None
