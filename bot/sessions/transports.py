"""How a script reaches Kintsugi: over its HTTP API, or in-process with Rasa's Agent."""

from __future__ import annotations

import asyncio
import json
import urllib.parse
import urllib.request
from typing import Any, Protocol


class Transport(Protocol):
    def send(self, sender: str, text: str, metadata: dict) -> list[dict]: ...

    def events(self, sender: str) -> list[dict]: ...


class HttpTransport:
    """A running Kintsugi: the REST channel to talk, the token-protected API to read trackers."""

    def __init__(self, base_url: str, token: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token

    def send(self, sender: str, text: str, metadata: dict) -> list[dict]:
        body = json.dumps({"sender": sender, "message": text, "metadata": metadata}).encode()
        request = urllib.request.Request(
            f"{self.base_url}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=60) as reply:
            return json.loads(reply.read())

    def events(self, sender: str) -> list[dict]:
        query = urllib.parse.urlencode({"token": self.token, "include_events": "ALL"})
        url = f"{self.base_url}/conversations/{urllib.parse.quote(sender)}/tracker?{query}"
        with urllib.request.urlopen(url, timeout=30) as reply:
            return json.loads(reply.read())["events"]


class AgentTransport:
    """An in-process Rasa Agent (with a real action server behind it)."""

    def __init__(self, agent: Any, loop: asyncio.AbstractEventLoop) -> None:
        self.agent = agent
        self.loop = loop

    def send(self, sender: str, text: str, metadata: dict) -> list[dict]:
        from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

        output = CollectingOutputChannel()
        message = UserMessage(text, output, sender, input_channel="rest", metadata=metadata)
        self.loop.run_until_complete(self.agent.handle_message(message))
        return output.messages

    def events(self, sender: str) -> list[dict]:
        from rasa.shared.core.trackers import EventVerbosity

        tracker = self.loop.run_until_complete(self.agent.tracker_store.retrieve_full_tracker(sender))
        return tracker.current_state(EventVerbosity.ALL)["events"] if tracker else []
