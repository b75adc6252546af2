"""Rasa's Telegram channel (same name `telegram`, same route /webhooks/telegram/webhook), made for Kintsugi.

What changes over stock Rasa 3.6 (rasa/core/channels/telegram.py):
- The Bot API is reached at a configurable base URL (a self-hosted Bot API server, or the tests' fake).
- Every update must carry the webhook's secret token (X-Telegram-Bot-Api-Secret-Token), which
  setWebhook registers with Telegram; a wrong or missing one gets 403. This replaces stock Rasa's
  getMe call on every update (a round trip to Telegram per message, and no protection at all).
- setWebhook runs in the background once the server is up and is retried while Telegram cannot be
  reached; stock Rasa calls it while building the app, so an unreachable Telegram stops the server.
- Updates are read by bot/channels/telegram_updates.py (private chats only, polite answers for what
  cannot be read) and replies shaped by bot/channels/telegram_messages.py (inline keyboards, long
  texts split at Telegram's limit). Button presses are answered so the button stops spinning.
- A turn that fails as a whole is answered by the channel, crisis contacts included
  (bot/channels/failed_turns.py, as on REST), and the update still gets 200, so Telegram does not
  deliver it again and again.

It talks to the Bot API with aiohttp (bot/channels/telegram_api.py) instead of stock Rasa's aiogram 2:
the calls are plain JSON, errors and time-outs are ours to handle, and no client state is tied to the
event loop that built the app.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.failed_turns import with_failed_turns_answered
from bot.channels.telegram_api import TELEGRAM_API_URL, BotApi, BotApiError
from bot.channels.telegram_messages import OutgoingMessage, outgoing_messages
from bot.channels.telegram_updates import Do, UpdateReading, chat_id_for, read_update, sender_id_for
from bot.messages import load_messages, pick

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]  # Telegram sends nothing else
SET_WEBHOOK_PAUSES_SECONDS = (5, 10, 20, 60, 300)  # between attempts; the last one repeats


class KintsugiTelegramOutput(OutputChannel):
    """Sends Kintsugi's replies with sendMessage: buttons as an inline keyboard, long texts in parts."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    def __init__(self, api: BotApi) -> None:
        self.api = api

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send(recipient_id, outgoing_messages(text))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self._send(recipient_id, outgoing_messages(text, buttons))

    async def _send(self, recipient_id: str, messages: list[OutgoingMessage]) -> None:
        chat_id = chat_id_for(recipient_id)
        for message in messages:
            try:
                await self.api.call(
                    "sendMessage", chat_id=chat_id, text=message.text, reply_markup=message.reply_markup
                )
            except BotApiError as error:
                # The turn itself went through; the rest of this reply would read out of context.
                logger.warning("a reply did not reach Telegram: %s", error)
                return


class KintsugiTelegramInput(TelegramInput):
    """POST /webhooks/telegram/webhook: Telegram's updates, checked against the webhook's secret token."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> KintsugiTelegramInput:
        if not credentials:
            cls.raise_missing_credentials_exception()
        missing = [key for key in ("access_token", "webhook_url", "secret_token") if not credentials.get(key)]
        if missing:
            raise RasaException(f"the telegram channel needs {', '.join(missing)} in its credentials")
        return cls(
            access_token=str(credentials["access_token"]),
            webhook_url=str(credentials["webhook_url"]),
            secret_token=str(credentials["secret_token"]),
            api_url=str(credentials.get("api_url") or TELEGRAM_API_URL),
            bot_name=str(credentials.get("verify") or ""),
        )

    def __init__(
        self,
        access_token: str,
        webhook_url: str,
        secret_token: str,
        api_url: str = TELEGRAM_API_URL,
        bot_name: str = "",
    ) -> None:
        super().__init__(access_token, bot_name, webhook_url, debug_mode=False)
        self.secret_token = secret_token
        self.bot_name = bot_name
        self.api = BotApi(access_token, api_url)
        self.messages = load_messages()
        self._set_webhook_task: asyncio.Task | None = None

    def get_output_channel(self) -> KintsugiTelegramOutput:
        return KintsugiTelegramOutput(self.api)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return with_failed_turns_answered(self._webhook_blueprint, on_new_message)

    def _webhook_blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = Blueprint("telegram_webhook", __name__)
        output = self.get_output_channel()

        @blueprint.listener("after_server_start")
        async def start_setting_webhook(app: Any, loop: asyncio.AbstractEventLoop) -> None:
            self._set_webhook_task = loop.create_task(self._set_webhook())

        @blueprint.listener("before_server_stop")
        async def stop(app: Any, loop: asyncio.AbstractEventLoop) -> None:
            if self._set_webhook_task is not None:
                self._set_webhook_task.cancel()
            await self.api.close()

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @blueprint.route("/webhook", methods=["POST"])
        async def receive_update(request: Request) -> HTTPResponse:
            if not self._carries_secret(request):
                logger.warning("refused a Telegram update without the webhook's secret token")
                return response.json({"error": f"missing or wrong {SECRET_HEADER}"}, status=403)
            update = _json_object(request.body)
            if update is None:
                return response.json(
                    {"error": "the body must be a JSON object (a Telegram Update)"}, status=400
                )
            reading = read_update(update)
            if reading.callback_query_id:
                await self._stop_button_spinning(reading.callback_query_id)
            if reading.do is Do.CONVERSE:
                await self._converse(reading, output, on_new_message)
            elif reading.do is Do.ANSWER:
                logger.info("answered a Telegram update politely: %s", reading.reason)
                await self._answer(output, reading.chat_id, reading.message_key)
            else:
                logger.debug("ignored a Telegram update: %s", reading.reason)
            return response.json({"status": "ok"})

        return blueprint

    def _carries_secret(self, request: Request) -> bool:
        received = request.headers.get(SECRET_HEADER, "")
        return hmac.compare_digest(received.encode(), self.secret_token.encode())

    async def _converse(
        self,
        reading: UpdateReading,
        output: KintsugiTelegramOutput,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> None:
        message = UserMessage(
            reading.text,
            output,
            sender_id_for(reading.chat_id),
            input_channel=self.name(),
            metadata=reading.metadata or None,
        )
        try:
            await on_new_message(message)  # Rasa sends the replies through `output` before returning
        except Exception as error:  # even answering the failed turn failed; Telegram must still get 200
            logger.error("a Telegram turn failed and could not be answered (%s)", type(error).__name__)

    async def _answer(self, output: KintsugiTelegramOutput, chat_id: int | str | None, key: str) -> None:
        where = f" at https://t.me/{self.bot_name}" if self.bot_name else ""
        await output.send_text_message(sender_id_for(chat_id), pick(self.messages, key, where=where).text)

    async def _stop_button_spinning(self, callback_query_id: str) -> None:
        try:
            await self.api.call("answerCallbackQuery", callback_query_id=callback_query_id)
        except BotApiError as error:
            logger.warning("%s", error)

    async def _set_webhook(self) -> None:
        """Registers the webhook URL and secret with Telegram, retrying in the background until it works."""
        attempt = 0
        while True:
            try:
                await self.api.call(
                    "setWebhook",
                    url=self.webhook_url,
                    secret_token=self.secret_token,
                    allowed_updates=ALLOWED_UPDATES,
                )
            except BotApiError as error:
                pause = SET_WEBHOOK_PAUSES_SECONDS[min(attempt, len(SET_WEBHOOK_PAUSES_SECONDS) - 1)]
                # One clear warning; the retries that follow are only worth a debug line.
                log = logger.warning if attempt == 0 else logger.debug
                log(
                    "Telegram webhook not set yet (%s); Kintsugi keeps serving and retries in %d s",
                    error,
                    pause,
                )
                attempt += 1
                await asyncio.sleep(pause)
            else:
                logger.info("Telegram webhook set: Telegram posts updates to %s", self.webhook_url)
                return


def _json_object(body: bytes | None) -> dict[str, Any] | None:
    try:
        update = json.loads(body or b"")
    except (UnicodeDecodeError, ValueError):
        return None
    return update if isinstance(update, dict) else None
