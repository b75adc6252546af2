"""How a Telegram Update is read: a turn of the conversation, a polite answer, or nothing."""

import copy
import json

import pytest

from bot.channels.telegram_updates import (
    EDITED_ANSWER,
    GROUP_ANSWER,
    NOT_TEXT_ANSWER,
    Do,
    chat_id_for,
    read_update,
    sender_id_for,
)
from bot.settings import PROJECT_ROOT

UPDATES = PROJECT_ROOT / "tests" / "data" / "telegram"


def update(name: str) -> dict:
    return json.loads((UPDATES / f"{name}.json").read_text())


def text_message(text: str) -> dict:
    body = update("text_message")
    body["message"]["text"] = text
    return body


def test_a_private_text_message_is_a_turn_in_that_chat():
    reading = read_update(update("text_message"))
    assert (reading.do, reading.chat_id, reading.text) == (Do.CONVERSE, 5550001, "hi")


def test_only_the_language_of_the_sender_goes_into_the_metadata():
    assert read_update(update("text_message")).metadata == {"language_code": "en"}


def test_start_greets():
    assert read_update(update("start_command")).text == "/greet"
    assert read_update(text_message("/start@KintsugiTestBot")).text == "/greet"


def test_other_commands_are_read_as_words_so_no_intent_can_be_typed():
    assert read_update(text_message("/delete_my_data")).text == "delete my data"
    assert (
        read_update(text_message('/inform{"role": "hurt_partner"}')).text == 'inform{"role": "hurt_partner"}'
    )


def test_a_button_press_is_a_turn_with_its_payload_and_is_answered():
    reading = read_update(update("callback_query"))
    assert (reading.do, reading.chat_id, reading.text) == (Do.CONVERSE, 5550001, "/disclosure")
    assert reading.callback_query_id == "4382bfdwdsb323b2d9"


def test_a_button_pressed_outside_a_private_chat_is_answered_but_not_handled():
    body = update("callback_query")
    body["callback_query"]["message"]["chat"] = {"id": -987654321, "type": "group", "title": "Our family"}
    reading = read_update(body)
    assert (reading.do, reading.callback_query_id) == (Do.IGNORE, "4382bfdwdsb323b2d9")


def test_an_edited_message_gets_a_polite_answer_not_a_turn():
    reading = read_update(update("edited_message"))
    assert (reading.do, reading.chat_id, reading.message_key) == (Do.ANSWER, 5550001, EDITED_ANSWER)


@pytest.mark.parametrize("name", ["sticker", "photo"])
def test_a_message_without_text_gets_a_polite_answer(name):
    reading = read_update(update(name))
    assert (reading.do, reading.chat_id, reading.message_key) == (Do.ANSWER, 5550001, NOT_TEXT_ANSWER)


def test_a_photo_caption_is_read_as_the_message():
    body = update("photo")
    body["message"]["caption"] = "this is where we met"
    assert read_update(body).text == "this is where we met"


def test_a_group_text_gets_a_pointer_to_a_private_chat_and_is_not_a_turn():
    reading = read_update(update("group_message"))
    assert (reading.do, reading.chat_id, reading.message_key) == (Do.ANSWER, -987654321, GROUP_ANSWER)
    assert reading.text == ""  # the disclosure goes nowhere


def test_a_group_sticker_is_ignored():
    body = update("group_message")
    body["message"].pop("text")
    body["message"]["sticker"] = update("sticker")["message"]["sticker"]
    assert read_update(body).do is Do.IGNORE


@pytest.mark.parametrize(
    "body",
    [
        update("poll"),
        {
            "update_id": 1,
            "channel_post": {"message_id": 1, "chat": {"id": -100, "type": "channel"}, "text": "x"},
        },
        {"update_id": 1, "my_chat_member": {"chat": {"id": 1, "type": "private"}}},
        {"update_id": 1},
        {"update_id": 1, "message": {"text": "no chat"}},
        {"update_id": 1, "message": {"chat": {"id": True, "type": "private"}, "text": "bad id"}},
        {"update_id": 1, "callback_query": {"id": "9", "data": "/affirm"}},
    ],
    ids=[
        "poll",
        "channel_post",
        "my_chat_member",
        "empty",
        "no_chat",
        "bad_chat_id",
        "button_without_message",
    ],
)
def test_updates_kintsugi_does_not_use_are_ignored(body):
    assert read_update(copy.deepcopy(body)).do is Do.IGNORE


def test_conversation_ids_are_the_chat_id_with_a_channel_prefix():
    assert sender_id_for(5550001) == "telegram-5550001"
    assert chat_id_for("telegram-5550001") == 5550001
    assert chat_id_for("telegram--987654321") == -987654321
