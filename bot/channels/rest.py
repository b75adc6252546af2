"""Rasa's REST channel (same name and route), refusing malformed bodies with a JSON reason
and answering a turn that failed as a whole (bot/channels/failed_turns.py)."""

from __future__ import annotations

import json
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from bot.channels.failed_turns import with_failed_turns_answered
from bot.channels.message_checks import check_rest_body


class CheckedRestInput(RestInput):
    """POST /webhooks/rest/webhook, as stock Rasa, with the body checked before it is handled
    and an answer even when the turn fails."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = with_failed_turns_answered(super().blueprint, on_new_message)

        @blueprint.middleware("request")
        async def check_body(request: Request) -> Any:
            if request.method != "POST":
                return None
            try:
                body = json.loads(request.body or b"")
            except (UnicodeDecodeError, ValueError):
                return response.json({"error": "the body must be UTF-8 JSON"}, status=400)
            checked = check_rest_body(body)
            if checked.error:
                return response.json({"error": checked.error}, status=checked.status)
            request.parsed_json = checked.body  # what RestInput reads from here on
            return None

        return blueprint
