"""A small client for the Telegram Bot API (Telegram's own or a self-hosted Bot API server), over aiohttp.

Every call is `POST {api_url}/bot{token}/{method}` with a JSON body; Telegram answers
`{"ok": true, "result": ...}` or `{"ok": false, "error_code": ..., "description": ...}`.
Failures raise `BotApiError` with a reason that never contains the token.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp

logger = logging.getLogger(__name__)

TELEGRAM_API_URL = "https://api.telegram.org"
TIMEOUT_SECONDS = 10
LONGEST_RETRY_AFTER_SECONDS = 5  # a 429 asking to wait longer is reported, not waited for


class BotApiError(Exception):
    """A Bot API call failed: unreachable, timed out, or answered with an error."""

    def __init__(self, method: str, reason: str, error_code: int | None = None) -> None:
        super().__init__(f"Telegram {method} failed: {reason}")
        self.method = method
        self.error_code = error_code


class BotApi:
    """Calls Bot API methods for one bot; the HTTP session is opened on first use, closed by `close`."""

    def __init__(self, token: str, api_url: str = TELEGRAM_API_URL, timeout: float = TIMEOUT_SECONDS) -> None:
        self._token = token
        self._api_url = api_url.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def call(self, method: str, **params: Any) -> Any:
        """Calls `method` with `params` (None values left out); returns its `result`."""
        body = {name: value for name, value in params.items() if value is not None}
        answer = await self._post(method, body)
        retry_after = (answer.get("parameters") or {}).get("retry_after")
        if answer.get("error_code") == 429 and isinstance(retry_after, int):
            if retry_after <= LONGEST_RETRY_AFTER_SECONDS:
                await asyncio.sleep(retry_after)  # Telegram's flood control: wait as told, once
                answer = await self._post(method, body)
        if answer.get("ok") is not True:
            description = str(answer.get("description") or "no description")
            raise BotApiError(method, description, answer.get("error_code"))
        return answer.get("result")

    async def _post(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        url = f"{self._api_url}/bot{self._token}/{method}"
        try:
            async with self._open_session().post(url, json=body) as reply:
                answer = await reply.json(content_type=None)
        except asyncio.TimeoutError as error:
            raise BotApiError(method, f"no answer within {self._timeout.total:.0f} s") from error
        except aiohttp.ClientError as error:
            reason = str(error)
            if self._token:
                reason = reason.replace(self._token, "<token>")  # some errors name the URL, which holds it
            raise BotApiError(method, f"unreachable ({type(error).__name__}: {reason})") from error
        except ValueError as error:
            raise BotApiError(method, "the answer was not JSON") from error
        if not isinstance(answer, dict):
            raise BotApiError(method, "the answer was not a JSON object")
        return answer

    def _open_session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        return self._session

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
