"""A started assistant as the benchmark sees it, and the time it took to give its first answer."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.loadtest.conversations import Conversation

START_TIMEOUT_SECONDS = 240  # a Rasa server loads TensorFlow and the model: slow on a busy machine
PROBE_INTERVAL_SECONDS = 0.2


@dataclass(frozen=True)
class RunningAssistant:
    """Where to talk to a started assistant, what it is made of, and how long it took to answer."""

    name: str
    base_url: str  # the Rasa HTTP API (or the load balancer in front of it)
    token: str  # for the HTTP API (/model/parse)
    conversations: Sequence[Conversation]
    processes: Mapping[str, Sequence[int]]  # role ("rasa", "action_server", ...) -> top pids
    startup_seconds: float
    failure_texts: frozenset[str] = field(default_factory=frozenset)  # "give me a moment" answers
    api_url: str = ""  # the HTTP API where it is not at base_url (behind nginx: its /api location)

    @property
    def webhook_url(self) -> str:
        return f"{self.base_url}/webhooks/rest/webhook"

    @property
    def http_api_url(self) -> str:
        return self.api_url or self.base_url


def launch(command: Sequence[str], cwd: Path, env: Mapping[str, str], log: Path) -> subprocess.Popen:
    """Starts a server with its output in `log` (appended)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as output:
        return subprocess.Popen(
            list(command), cwd=cwd, env=dict(env), stdout=output, stderr=subprocess.STDOUT
        )


def log_tail(log: Path, characters: int = 3000) -> str:
    return log.read_text(errors="replace")[-characters:] if log.exists() else "(no log)"


def answers(webhook_url: str, message: str = "hi", timeout: float = 10) -> bool:
    """Whether the REST webhook answers `message` with at least one reply."""
    body = json.dumps({"sender": "benchmark-start-up-probe", "message": message}).encode()
    request = urllib.request.Request(webhook_url, data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status == 200 and bool(json.loads(response.read() or b"null"))
    except (OSError, ValueError):  # refused, reset, HTTP errors (URLError is an OSError), bad JSON
        return False


def wait_for_first_answer(
    webhook_url: str,
    launched_at: float,
    processes: Sequence[subprocess.Popen],
    logs: Sequence[Path],
    timeout: float = START_TIMEOUT_SECONDS,
) -> float:
    """Seconds from `launched_at` (time.monotonic()) to the first answer on the REST channel.

    Fails with the servers' log tails if one stops or nothing answers within `timeout`.
    """
    deadline = launched_at + timeout
    while time.monotonic() < deadline:
        if answers(webhook_url):
            return time.monotonic() - launched_at
        if any(process.poll() is not None for process in processes):
            break
        time.sleep(PROBE_INTERVAL_SECONDS)
    tails = "\n".join(f"--- {log}\n{log_tail(log)}" for log in logs)
    raise RuntimeError(f"{webhook_url} gave no answer (a server stopped or {timeout:.0f} s passed):\n{tails}")
