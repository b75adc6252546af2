"""Closed-loop virtual users over Rasa's REST channel.

Each user runs conversations back to back, with a fresh sender id per conversation, and
waits for each reply before sending the next message. Only messages sent inside the
measurement window (after the warm-up) count; a user stops starting messages when it ends.
"""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import aiohttp

from bot.loadtest.conversations import Conversation
from bot.loadtest.stats import percentile

REQUEST_TIMEOUT_SECONDS = 30.0


@dataclass
class LoadResult:
    """What one load level measured: latencies of answered messages and errors by kind."""

    users: int
    duration_seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)

    @property
    def messages(self) -> int:
        return len(self.latencies_ms)

    @property
    def messages_per_second(self) -> float:
        return self.messages / self.duration_seconds

    def summary(self) -> dict:
        return {
            "users": self.users,
            "duration_seconds": self.duration_seconds,
            "messages": self.messages,
            "messages_per_second": self.messages_per_second,
            "errors": sum(self.errors.values()),
            "errors_by_kind": dict(self.errors),
            "p50_ms": percentile(self.latencies_ms, 0.50),
            "p95_ms": percentile(self.latencies_ms, 0.95),
            "p99_ms": percentile(self.latencies_ms, 0.99),
        }


def reply_error(status: int, replies: object, failure_texts: Collection[str]) -> str | None:
    """What was wrong with an answer, or None: non-200, no reply, or an assistant's trouble message."""
    if status != 200:
        return f"http_{status}"
    if not isinstance(replies, list) or not replies:
        return "empty_reply"
    if any(isinstance(reply, dict) and reply.get("text") in failure_texts for reply in replies):
        return "trouble_reply"  # answered, but with "give me a moment": the turn did not happen
    return None


async def send_message(
    session: aiohttp.ClientSession, url: str, sender: str, text: str, failure_texts: Collection[str]
) -> tuple[float, str | None]:
    """Posts one message; returns its latency in ms and the error kind (None when answered)."""
    started = time.perf_counter()
    try:
        async with session.post(url, json={"sender": sender, "message": text}) as response:
            replies = await response.json(content_type=None) if response.status == 200 else None
            error = reply_error(response.status, replies, failure_texts)
    except asyncio.TimeoutError:
        error = "timeout"
    except (aiohttp.ClientError, ValueError):
        error = "connection"
    return (time.perf_counter() - started) * 1000, error


async def virtual_user(
    session: aiohttp.ClientSession,
    url: str,
    conversations: Sequence[Conversation],
    first: int,
    window: tuple[float, float],
    failure_texts: Collection[str],
    result: LoadResult,
) -> None:
    """Talks until the window ends, starting from conversation `first` so users spread over them."""
    window_start, window_end = window
    for number in itertools.count(first):
        sender = f"load-{uuid.uuid4().hex[:12]}"
        for text in conversations[number % len(conversations)]:
            sent_at = time.monotonic()
            if sent_at >= window_end:
                return
            latency_ms, error = await send_message(session, url, sender, text, failure_texts)
            if sent_at < window_start:
                continue  # warm-up
            if error:
                result.errors[error] += 1
            else:
                result.latencies_ms.append(latency_ms)


async def drive(
    url: str,
    conversations: Sequence[Conversation],
    users: int,
    duration: float,
    warmup: float,
    failure_texts: Collection[str] = (),
    timeout: float = REQUEST_TIMEOUT_SECONDS,
) -> LoadResult:
    """`users` closed-loop users on the REST webhook `url` for `warmup` + `duration` seconds."""
    result = LoadResult(users, duration)
    window_start = time.monotonic() + warmup
    window = (window_start, window_start + duration)
    connector = aiohttp.TCPConnector(limit=0)  # one connection per user, as real clients would have
    client_timeout = aiohttp.ClientTimeout(total=timeout)
    async with aiohttp.ClientSession(connector=connector, timeout=client_timeout) as session:
        await asyncio.gather(
            *(
                virtual_user(session, url, conversations, user, window, failure_texts, result)
                for user in range(users)
            )
        )
    return result


def run_load(
    url: str,
    conversations: Sequence[Conversation],
    users: int,
    duration: float,
    warmup: float,
    failure_texts: Collection[str] = (),
) -> LoadResult:
    """`drive`, from synchronous code."""
    return asyncio.run(drive(url, conversations, users, duration, warmup, failure_texts))
