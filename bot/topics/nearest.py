"""Which topic a parsed message asks about, read from Rasa's parse data (pure functions)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.topics.library import RETRIEVAL_INTENT

# Below this the ResponseSelector's best topic is a guess: the person chooses from the nearest.
ANSWER_CONFIDENCE = 0.3
# "Did you mean" only when the nearest topic is at least this close (gibberish tops out near
# 0.1), then every topic at least SUGGEST_CONFIDENCE close.
NEAREST_CONFIDENCE = 0.15
SUGGEST_CONFIDENCE = 0.05
MAX_SUGGESTIONS = 3


def _topic_id(intent_response_key: str | None) -> str | None:
    prefix = f"{RETRIEVAL_INTENT}/"
    if intent_response_key and intent_response_key.startswith(prefix):
        return intent_response_key[len(prefix) :]
    return None


def _selector(parse: Mapping[str, Any]) -> Mapping[str, Any]:
    return (parse.get("response_selector") or {}).get(RETRIEVAL_INTENT) or {}


def selected_topic(parse: Mapping[str, Any], library: Mapping[str, Any]) -> str | None:
    """A topic chosen from a button, else the selector's best when it is sure enough."""
    for entity in parse.get("entities") or []:
        if entity.get("entity") == "topic" and entity.get("value") in library:
            return entity["value"]
    response = _selector(parse).get("response") or {}
    topic = _topic_id(response.get("intent_response_key"))
    if topic in library and (response.get("confidence") or 0.0) >= ANSWER_CONFIDENCE:
        return topic
    return None


def ranked_topics(parse: Mapping[str, Any], library: Mapping[str, Any]) -> list[tuple[str, float]]:
    """The selector's ranking as (topic, confidence), best first, library topics only."""
    ranking = _selector(parse).get("ranking") or []
    pairs = [
        (_topic_id(entry.get("intent_response_key")), entry.get("confidence") or 0.0) for entry in ranking
    ]
    return [(topic, confidence) for topic, confidence in pairs if topic in library]


def nearest_topics(parse: Mapping[str, Any], library: Mapping[str, Any]) -> list[str]:
    """Up to three topics the message may have meant, nearest first; none for gibberish."""
    ranking = _selector(parse).get("ranking") or []
    if not ranking or (ranking[0].get("confidence") or 0.0) < NEAREST_CONFIDENCE:
        return []
    nearest = [
        topic
        for entry in ranking
        if (topic := _topic_id(entry.get("intent_response_key"))) in library
        and (entry.get("confidence") or 0.0) >= SUGGEST_CONFIDENCE
    ]
    return nearest[:MAX_SUGGESTIONS]
