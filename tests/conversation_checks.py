"""Clients and checks for conversations spread over several Rasa servers (scale-out tests).

A message is sent over the REST channel with a tag in its metadata, so its user event can be
found in the tracker whatever its text; the checks then read the stored events and say what
was lost, duplicated, reordered or interleaved.
"""

from __future__ import annotations

import json
import urllib.request
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

import aiohttp

TAG = "kintsugi_test_tag"


@dataclass
class SentMessage:
    text: str
    tag: str
    replies: list[dict]
    server: str


async def send(
    session: aiohttp.ClientSession, base_url: str, sender: str, text: str, tag: str
) -> SentMessage:
    """One REST message; fails unless the server answered 200 with at least one reply."""
    body = {"sender": sender, "message": text, "metadata": {TAG: tag}}
    async with session.post(f"{base_url}/webhooks/rest/webhook", json=body) as response:
        answer = await response.text()
    assert response.status == 200, f"{base_url} answered {response.status} to {tag}: {answer[:300]}"
    replies = json.loads(answer)
    assert replies, f"{base_url} gave no reply to {tag}"
    return SentMessage(text, tag, replies, base_url)


def stored_events(base_url: str, token: str, sender: str) -> list[dict]:
    """Every stored event of the conversation, read through the token-protected HTTP API: a Rasa
    server reads the query's token, nginx's /api location the header's."""
    url = f"{base_url}/conversations/{sender}/tracker?token={token}&include_events=ALL"
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())["events"]


def turns(events: list[dict]) -> list[list[dict]]:
    """The events split at each user message: [[user, what followed], ...]."""
    split: list[list[dict]] = []
    for event in events:
        if event["event"] == "user":
            split.append([event])
        elif split:
            split[-1].append(event)
    return split


def problems(events: list[dict], sent: list[SentMessage]) -> list[str]:
    """What is wrong with a stored conversation, given the messages sent in this order."""
    found: list[str] = []
    serialised = [json.dumps(event, sort_keys=True) for event in events]
    duplicated = [event for event, count in Counter(serialised).items() if count > 1]
    if duplicated:
        found.append(f"{len(duplicated)} events stored twice, e.g. {duplicated[0][:200]}")
    stamps = [event["timestamp"] for event in events]
    if any(later < earlier for earlier, later in pairwise(stamps)):
        found.append("timestamps go backwards")
    stored_tags = [(turn[0].get("metadata") or {}).get(TAG) for turn in turns(events)]
    if stored_tags != [message.tag for message in sent]:
        found.append(f"user messages stored as {stored_tags}, sent as {[m.tag for m in sent]}")
        return found  # the turn-by-turn checks below would only repeat it
    # The first message starts the session: what that says comes before its user event.
    first_user = next(index for index, event in enumerate(events) if event["event"] == "user")
    session_start = [event.get("text") for event in events[:first_user] if event["event"] == "bot"]
    for number, (turn, message) in enumerate(zip(turns(events), sent, strict=True)):
        found += turn_problems(turn, message, session_start if number == 0 else [])
    return found


def turn_problems(turn: list[dict], message: SentMessage, said_before: list[str]) -> list[str]:
    """A turn must hold its user message, the replies its sender got, and end listening."""
    found = []
    if turn[0].get("text") != message.text:
        found.append(f"{message.tag}: stored text {turn[0].get('text')!r}, sent {message.text!r}")
    bot_texts = said_before + [event.get("text") for event in turn if event["event"] == "bot"]
    reply_texts = [reply.get("text") for reply in message.replies]
    # Rasa's channels send a text without buttons as one message per paragraph.
    if _paragraphs(bot_texts) != _paragraphs(reply_texts):
        found.append(f"{message.tag}: stored bot messages {bot_texts} but the sender got {reply_texts}")
    actions = [event["name"] for event in turn if event["event"] == "action"]
    if not actions or actions[-1] != "action_listen":
        found.append(f"{message.tag}: the turn does not end listening (actions {actions})")
    if actions.count("action_listen") != 1:
        found.append(f"{message.tag}: {actions.count('action_listen')} action_listen in one turn")
    return found


def _paragraphs(texts: list[str | None]) -> list[str]:
    return [part.strip() for text in texts for part in (text or "").split("\n\n") if part.strip()]
