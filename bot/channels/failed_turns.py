"""A turn that fails as a whole still gets an answer from the channel, never silence.

A turn fails as a whole when Rasa cannot load or save the conversation (the tracker store's
database is down; bot/rasa_server.py lets that fail the turn rather than go on with an empty
conversation). Rasa's channels would log the error, with the message text, and answer
nothing. A channel built with `with_failed_turns_answered` answers "please send that again
in a moment" instead, and a message that shows a risk still gets the crisis contacts: NLU
needs no database, so the message is still screened.
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Optional

from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, Sanic

from bot.rasa_components.fallback_answers import FallbackAnswers

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def with_failed_turns_answered(
    make_blueprint: Callable[[OnNewMessage], Blueprint],
    on_new_message: OnNewMessage,
    answers: Optional[FallbackAnswers] = None,
) -> Blueprint:
    """A channel's blueprint, `make_blueprint(on_new_message)`, that answers a failed turn itself.

    In a channel: `blueprint = with_failed_turns_answered(super().blueprint, on_new_message)`.
    """
    answers = answers or FallbackAnswers.load()
    app: Optional[Sanic] = None  # known once the server starts; its agent reads the message

    async def handle(message: UserMessage) -> None:
        try:
            await on_new_message(message)
        except Exception as error:  # whatever broke, the person must get an answer
            # The type only: an exception's text can quote the message.
            logger.warning("A turn failed (%s): the channel answers in its place.", type(error).__name__)
            agent = getattr(app.ctx, "agent", None) if app else None
            answer = answers.for_failed_turn(await _understood(agent, message.text or ""), message.metadata)
            await message.output_channel.send_response(
                message.sender_id, {"text": answer.text, "buttons": list(answer.buttons)}
            )

    blueprint = make_blueprint(handle)

    @blueprint.listener("before_server_start")
    async def remember_app(server: Sanic, _loop: Any) -> None:
        nonlocal app
        app = server

    return blueprint


async def _understood(agent: Any, text: str) -> Optional[dict]:
    """What NLU makes of `text` (intent, safety screen), or None if it cannot be read either."""
    if agent is None or not text:
        return None
    try:
        return await agent.parse_message(text)
    except Exception as error:  # then the plain "send that again" answer
        logger.warning("Could not read the message of a failed turn (%s).", type(error).__name__)
        return None
