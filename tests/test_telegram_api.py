"""The Bot API client and the Telegram output channel, against a fake Bot API server on loopback."""

import asyncio

import pytest

from bot.channels.telegram import KintsugiTelegramOutput
from bot.channels.telegram_api import BotApi, BotApiError
from bot.services.ports import free_port
from tests.fake_telegram import FakeBotApi

TOKEN = "123456:api-test-token"


@pytest.fixture
def fake_telegram():
    server = FakeBotApi(TOKEN)
    yield server
    server.stop()


def run(coroutine_function, api: BotApi):
    """Runs `coroutine_function()` on a fresh event loop, closing the client's session afterwards."""

    async def with_close():
        try:
            return await coroutine_function()
        finally:
            await api.close()

    return asyncio.run(with_close())


def test_a_call_returns_the_result_and_sends_the_parameters_as_json(fake_telegram):
    api = BotApi(TOKEN, fake_telegram.url)
    result = run(lambda: api.call("sendMessage", chat_id=5550001, text="hello", reply_markup=None), api)
    assert result["text"] == "hello"
    assert fake_telegram.calls_of("sendMessage")[0].params == {"chat_id": 5550001, "text": "hello"}


def test_an_error_answer_raises_with_telegrams_description(fake_telegram):
    api = BotApi(TOKEN, fake_telegram.url)
    with pytest.raises(BotApiError, match="Bad Request: message text is empty") as raised:
        run(lambda: api.call("sendMessage", chat_id=5550001, text=" "), api)
    assert raised.value.error_code == 400


def test_an_unreachable_api_raises_without_revealing_the_token():
    api = BotApi(TOKEN, f"http://127.0.0.1:{free_port()}")
    with pytest.raises(BotApiError, match="unreachable") as raised:
        run(lambda: api.call("getMe"), api)
    assert TOKEN not in str(raised.value)


def test_replies_go_to_the_chat_behind_the_conversation_id(fake_telegram):
    api = BotApi(TOKEN, fake_telegram.url)
    output = KintsugiTelegramOutput(api)
    run(lambda: output.send_text_message("telegram-5550001", "Take your time."), api)
    assert [c.params for c in fake_telegram.calls_of("sendMessage")] == [
        {"chat_id": 5550001, "text": "Take your time."}
    ]


def test_a_reply_with_buttons_is_sent_with_an_inline_keyboard(fake_telegram):
    api = BotApi(TOKEN, fake_telegram.url)
    output = KintsugiTelegramOutput(api)
    buttons = [
        {"title": "I'll try it", "payload": "/affirm"},
        {"title": "Something else", "payload": "/deny"},
    ]
    run(lambda: output.send_text_with_buttons("telegram-5550001", "Shall we?", buttons), api)
    (call,) = fake_telegram.calls_of("sendMessage")
    assert call.params["reply_markup"] == {
        "inline_keyboard": [
            [
                {"text": "I'll try it", "callback_data": "/affirm"},
                {"text": "Something else", "callback_data": "/deny"},
            ]
        ]
    }


def test_a_long_reply_is_sent_in_parts_with_the_keyboard_on_the_last(fake_telegram):
    api = BotApi(TOKEN, fake_telegram.url)
    output = KintsugiTelegramOutput(api)
    text = "\n\n".join(f"Paragraph {n}. " + "Words that go on. " * 100 for n in range(5))  # ~9,000 characters
    run(
        lambda: output.send_text_with_buttons(
            "telegram-5550001", text, [{"title": "Yes", "payload": "/affirm"}]
        ),
        api,
    )
    calls = fake_telegram.calls_of("sendMessage", chat_id=5550001)
    assert len(calls) == 3
    assert all(len(c.params["text"]) <= 4096 for c in calls)
    assert [("reply_markup" in c.params) for c in calls] == [False, False, True]
    assert calls[0].params["text"].startswith("Paragraph 0.") and calls[1].params["text"].startswith(
        "Paragraph 2."
    )


def test_a_reply_telegram_refuses_is_logged_not_raised(fake_telegram, caplog):
    api = BotApi("654321:another-bots-token", fake_telegram.url)  # the fake answers 401 Unauthorized
    output = KintsugiTelegramOutput(api)
    run(lambda: output.send_text_message("telegram-5550001", "hello"), api)
    assert "Unauthorized" in caplog.text
