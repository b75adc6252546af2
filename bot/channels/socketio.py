"""Rasa's socket.io channel (same name, path and events) made safe for the web widget.

Three fixes over stock Rasa 3.6:
- `enter_room` is awaited. Since python-socketio 5.10 it is a coroutine; Rasa calls it without
  `await`, so with session persistence the socket never joins its session's room and every bot
  reply (emitted to that room) is lost.
- Only pages from the configured origins (KINTSUGI_CORS_ORIGINS) may connect; stock Rasa accepts a
  socket from any site (browsers do not apply CORS to websockets).
- A malformed or oversized message gets a short answer instead of an exception or silence, and so
  does a turn that fails as a whole (bot/channels/failed_turns.py).
"""

from __future__ import annotations

import inspect
import logging
import uuid
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import UserMessage, decode_bearer_token
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint
from socketio import AsyncServer

from bot.channels.failed_turns import with_failed_turns_answered
from bot.channels.message_checks import check_session_id, check_socket_message
from bot.messages import load_messages, pick
from bot.settings import load_settings

logger = logging.getLogger(__name__)


async def join_room(sio: AsyncServer, sid: str, room: str, namespace: str | None) -> None:
    """Joins `room` whether this python-socketio's `enter_room` is a coroutine (>= 5.10) or not."""
    joined = sio.enter_room(sid, room, namespace=namespace)
    if inspect.isawaitable(joined):
        await joined


class KintsugiSocketIOInput(SocketIOInput):
    """socket.io at /socket.io with `user_uttered` / `bot_uttered` and session persistence."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # A turn that fails as a whole (the database is down) is answered, not dropped.
        return with_failed_turns_answered(self._checked_blueprint, on_new_message)

    def _checked_blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        sio = self.sio
        # Checked here, not by engine.io's own cors_allowed_origins: that would add a second
        # Access-Control-Allow-Origin header next to Rasa's (Sanic-CORS), which browsers refuse.
        allowed_origins = set(load_settings().cors_origins)
        self._messages = load_messages()

        # Registering a handler for an event replaces Rasa's one for that event.
        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: dict, auth: Any = None) -> bool:
            origin = environ.get("HTTP_ORIGIN")
            if origin is not None and origin not in allowed_origins:
                logger.warning("refused a socket.io connection from origin %s", origin)
                return False
            if self.jwt_key:  # as stock Rasa: a valid token in `auth` when a key is configured
                token = auth.get("token") if isinstance(auth, dict) else None
                return bool(token and decode_bearer_token(token, self.jwt_key, self.jwt_algorithm))
            return True

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any) -> None:
            session_id = check_session_id(data.get("session_id") if isinstance(data, dict) else None)
            session_id = session_id or uuid.uuid4().hex
            if self.session_persistence:
                await join_room(sio, sid, session_id, self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any) -> None:
            checked = check_socket_message(data, needs_session=self.session_persistence)
            if checked.error:
                logger.warning("refused a socket.io message: %s", checked.error)
                key = "message_too_long" if checked.status == 413 else "message_unreadable"
                await self._answer(sio, sid, pick(self._messages, key).text)
                return
            body = checked.body
            sender_id = body["session_id"] if self.session_persistence else sid
            message = UserMessage(
                body["message"],
                SocketIOOutput(sio, self.bot_message_evt),
                sender_id,
                input_channel=self.name(),
                metadata=body["metadata"],
            )
            await on_new_message(message)

        return blueprint

    async def _answer(self, sio: AsyncServer, sid: str, text: str) -> None:
        await sio.emit(self.bot_message_evt, {"text": text}, room=sid, namespace=self.namespace)
