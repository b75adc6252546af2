"""A fake Telegram Bot API server on loopback that records every call, for tests without the internet.

It answers like the real API (`POST /bot<token>/<method>`, JSON or form bodies, `{"ok": true, "result": ...}`)
for the methods Kintsugi uses, 401 for another bot's token and 404 for unknown methods.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

BOT = {"id": 7000000001, "is_bot": True, "first_name": "Kintsugi", "username": "KintsugiTestBot"}


@dataclass(frozen=True)
class BotApiCall:
    method: str
    params: dict[str, Any]


class FakeBotApi:
    """Serves on 127.0.0.1:`port` until `stop`; `calls` lists what it received, oldest first."""

    def __init__(self, token: str, port: int = 0) -> None:
        self.token = token
        self.calls: list[BotApiCall] = []
        self._lock = threading.Lock()
        self._message_ids = itertools.count(1)
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def calls_of(self, method: str, **matching: Any) -> list[BotApiCall]:
        """The calls of `method` whose params include every `matching` key with that value."""
        with self._lock:
            calls = list(self.calls)
        return [
            call
            for call in calls
            if call.method == method and all(call.params.get(k) == v for k, v in matching.items())
        ]

    def wait_for(self, method: str, count: int = 1, timeout: float = 30, **matching: Any) -> list[BotApiCall]:
        """Waits until `count` matching calls arrived; returns them all (fewer when time ran out)."""
        deadline = time.monotonic() + timeout
        while len(self.calls_of(method, **matching)) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.calls_of(method, **matching)

    def _record(self, method: str, params: dict[str, Any]) -> None:
        with self._lock:
            self.calls.append(BotApiCall(method, params))

    def _result(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if method == "getMe":
            return 200, {"ok": True, "result": BOT}
        if method in ("setWebhook", "deleteWebhook", "answerCallbackQuery"):
            return 200, {"ok": True, "result": True}
        if method == "sendMessage":
            if not str(params.get("text") or "").strip():
                return 400, {
                    "ok": False,
                    "error_code": 400,
                    "description": "Bad Request: message text is empty",
                }
            message = {
                "message_id": next(self._message_ids),
                "from": BOT,
                "chat": {"id": params.get("chat_id"), "type": "private"},
                "date": int(time.time()),
                "text": params["text"],
            }
            return 200, {"ok": True, "result": message}
        return 404, {"ok": False, "error_code": 404, "description": "Not Found"}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                prefix, _, method = self.path.lstrip("/").partition("/")
                if prefix != f"bot{fake.token}":
                    self._answer(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                    return
                params = self._params()
                fake._record(method, params)
                self._answer(*fake._result(method, params))

            def _params(self) -> dict[str, Any]:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    return json.loads(body or b"{}")
                form = urllib.parse.parse_qs(body.decode())
                return {name: values[-1] for name, values in form.items()}

            def _answer(self, status: int, body: dict[str, Any]) -> None:
                encoded = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(encoded)))
                self.end_headers()
                self.wfile.write(encoded)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # the tests read `calls`, not a log

        return Handler
