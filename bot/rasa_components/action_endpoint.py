"""Rasa's action endpoint, answering in the action server's place when it cannot answer in time.

Rasa (3.6) waits up to five minutes for a custom action, and when the call fails it logs the
error and drops the action's events: the person hears nothing. Every custom action goes through
`EndpointConfig.request`, so this is the one place that sees them all: it gives the action
server `answer_within_seconds` (endpoints.yml), and when the server is down, hung or answers
with an error, returns the answer of bot/rasa_components/fallback_answers.py instead, as a
normal action server response. Rasa then sends and stores it like any other.

bot/rasa_server.py makes the Rasa server use it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Optional

import aiohttp
from rasa.utils.endpoints import ClientResponseError, EndpointConfig

from bot.rasa_components.fallback_answers import FallbackAnswers

logger = logging.getLogger(__name__)

DEFAULT_ANSWER_WITHIN_SECONDS = 5.0  # as endpoints.yml; why 5 s: bot/storage/database.py
# After the action server could not be reached in a person's turn, their calls within this long
# are answered at once, so the rest of the turn does not wait for it again. Per person: nobody
# else's turn is answered for a server that has come back meanwhile.
STILL_DOWN_SECONDS = 2.0


class FallbackActionEndpoint(EndpointConfig):
    """The `action_endpoint` of endpoints.yml, with `answer_within_seconds` (default 5.0)."""

    def __init__(
        self,
        *args: Any,
        answer_within_seconds: float = DEFAULT_ANSWER_WITHIN_SECONDS,
        fallback: Optional[FallbackAnswers] = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.answer_within_seconds = float(answer_within_seconds)
        self.fallback = fallback or FallbackAnswers.load()
        self._unreachable_at: dict[str, float] = {}  # sender id -> when, for STILL_DOWN_SECONDS

    @classmethod
    def replacing(cls, config: EndpointConfig) -> FallbackActionEndpoint:
        """The same endpoint (URL, auth, options) as `config`, with the fallback."""
        return cls(
            config.url,
            config.params,
            config.headers,
            config.basic_auth,
            config.token,
            config.token_name,
            config.cafile,
            **config.kwargs,
        )

    async def request(
        self,
        method: str = "post",
        subpath: Optional[str] = None,
        content_type: Optional[str] = "application/json",
        compress: bool = False,
        **kwargs: Any,
    ) -> Optional[Any]:
        body = kwargs.get("json")
        if not isinstance(body, dict) or "next_action" not in body:  # not an action call
            return await super().request(method, subpath, content_type, compress, **kwargs)
        action, sender = str(body["next_action"]), str(body.get("sender_id"))
        if self._recently_unreachable(sender):
            return self._answer_instead(action, body, "unreachable moments ago")
        try:
            return await asyncio.wait_for(
                super().request(method, subpath, content_type, compress, **kwargs), self.answer_within_seconds
            )
        except ClientResponseError as error:
            if error.status < 500:
                raise  # 400 rejects the action (forms rely on it); 404 is a deployment error
            return self._answer_instead(action, body, f"it answered {error.status}")
        except asyncio.TimeoutError:
            self._remember_unreachable(sender)
            return self._answer_instead(action, body, f"no answer within {self.answer_within_seconds:g} s")
        except aiohttp.ClientError as error:
            self._remember_unreachable(sender)
            return self._answer_instead(action, body, type(error).__name__)

    def _recently_unreachable(self, sender: str) -> bool:
        failed_at = self._unreachable_at.get(sender)
        return failed_at is not None and time.monotonic() - failed_at < STILL_DOWN_SECONDS

    def _remember_unreachable(self, sender: str) -> None:
        now = time.monotonic()
        self._unreachable_at = {s: t for s, t in self._unreachable_at.items() if now - t < STILL_DOWN_SECONDS}
        self._unreachable_at[sender] = now

    def _answer_instead(self, action: str, body: dict[str, Any], reason: str) -> dict[str, Any]:
        # No message text in the log: only the action's name and what went wrong.
        logger.warning(
            "The action server could not run %s (%s): Kintsugi answers in its place.", action, reason
        )
        return self.fallback.for_action(action, body.get("tracker") or {})
