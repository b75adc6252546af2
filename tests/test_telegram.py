"""Kintsugi on Telegram, end to end without the internet: `python -m bot.run` with the Telegram channel
pointed at a fake Bot API server on loopback; real Update bodies posted to the webhook; assertions on
what the fake server received.
"""

import contextlib
import itertools
import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT
from tests.conftest import SERVER_TOKEN, kintsugi_environment, kintsugi_running
from tests.fake_telegram import FakeBotApi

TOKEN = "7000000001:kintsugi-test-token"
SECRET = "webhook-secret_for-tests"
UPDATES = PROJECT_ROOT / "tests" / "data" / "telegram"
_chat_ids = itertools.count(5551000)


@pytest.fixture(scope="module")
def fake_telegram():
    server = FakeBotApi(TOKEN)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("telegram-var")


@pytest.fixture(scope="module")
def kintsugi(trained_model, fake_telegram, var_dir):
    """One Kintsugi with Telegram on, for the module; returns its Rasa base URL."""
    env = kintsugi_environment(var_dir)
    env.update(
        KINTSUGI_TELEGRAM_TOKEN=TOKEN,
        KINTSUGI_TELEGRAM_BOT_NAME="KintsugiTestBot",
        KINTSUGI_TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{env['KINTSUGI_RASA_PORT']}/webhooks/telegram/webhook",
        KINTSUGI_TELEGRAM_API_URL=fake_telegram.url,
        KINTSUGI_TELEGRAM_SECRET=SECRET,
    )
    with kintsugi_running(env) as base:
        yield base


def update(name: str, chat_id: int, **message_fields) -> dict:
    """A stored Update, moved to `chat_id` (a private chat's id is also its person's id)."""
    body = json.loads((UPDATES / f"{name}.json").read_text())
    for key in ("message", "edited_message"):
        if key in body:
            body[key]["chat"]["id"] = chat_id
            body[key]["from"]["id"] = abs(chat_id)
            body[key].update(message_fields)
    if "callback_query" in body:
        body["callback_query"]["from"]["id"] = chat_id
        body["callback_query"]["message"]["chat"]["id"] = chat_id
    return body


def button_press(chat_id: int, data: str, query_id: str) -> dict:
    body = update("callback_query", chat_id)
    body["callback_query"]["data"] = data
    body["callback_query"]["id"] = query_id
    return body


def post(base: str, body: object, secret: str | None = SECRET) -> int:
    """Posts to the webhook as Telegram would; returns the HTTP status."""
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(f"{base}/webhooks/telegram/webhook", data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            return reply.status
    except urllib.error.HTTPError as error:
        return error.code


def replies(fake: FakeBotApi, chat_id: int) -> list[dict]:
    return [call.params for call in fake.calls_of("sendMessage", chat_id=chat_id)]


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as reply:
        return json.loads(reply.read())


def user_events(base: str, chat_id: int) -> list[dict]:
    tracker = get_json(f"{base}/conversations/telegram-{chat_id}/tracker?token={SERVER_TOKEN}")
    return [e for e in tracker["events"] if e["event"] == "user"]


def callback_data(reply: dict) -> list[str]:
    rows = (reply.get("reply_markup") or {}).get("inline_keyboard", [])
    return [button["callback_data"] for row in rows for button in row]


def test_the_webhook_is_set_at_start_up_with_its_secret_token(kintsugi, fake_telegram):
    (call,) = fake_telegram.wait_for("setWebhook", timeout=30)
    assert call.params["url"] == f"{kintsugi}/webhooks/telegram/webhook"
    assert call.params["secret_token"] == SECRET
    assert set(call.params["allowed_updates"]) == {"message", "edited_message", "callback_query"}


def test_a_text_message_is_answered_in_its_chat_with_buttons(kintsugi, fake_telegram):
    chat_id = next(_chat_ids)
    assert post(kintsugi, update("text_message", chat_id, text="hi")) == 200
    sent = replies(fake_telegram, chat_id)  # Rasa has sent the replies by the time the webhook answers
    assert len(sent) >= 2  # the introduction, then the greeting
    assert "not a therapist" in sent[0]["text"]
    assert "/disclosure" in callback_data(sent[-1])


def test_a_button_press_is_answered_and_handled_as_its_payload(kintsugi, fake_telegram):
    chat_id = next(_chat_ids)
    post(kintsugi, update("text_message", chat_id, text="hi"))
    greeting = replies(fake_telegram, chat_id)[-1]
    disclosure = next(data for data in callback_data(greeting) if data == "/disclosure")

    assert post(kintsugi, button_press(chat_id, disclosure, query_id="press-1")) == 200

    assert len(fake_telegram.calls_of("answerCallbackQuery", callback_query_id="press-1")) == 1
    question = replies(fake_telegram, chat_id)[-1]  # the intake asks who is talking
    assert "i am the one who was betrayed" in callback_data(question)


def test_a_disclosure_is_answered(kintsugi, fake_telegram):
    chat_id = next(_chat_ids)
    post(kintsugi, update("text_message", chat_id, text="hi"))
    before = len(replies(fake_telegram, chat_id))
    post(kintsugi, update("text_message", chat_id, text="my husband had an affair and I just found out"))
    answers = replies(fake_telegram, chat_id)[before:]
    assert answers and all(answer["text"].strip() for answer in answers)


def test_the_conversation_is_kept_under_the_prefixed_chat_id(kintsugi, fake_telegram):
    chat_id = next(_chat_ids)
    post(kintsugi, update("text_message", chat_id, text="hi"))
    tracker = get_json(f"{kintsugi}/conversations/telegram-{chat_id}/tracker?token={SERVER_TOKEN}")
    user_turns = [e for e in tracker["events"] if e["event"] == "user"]
    assert [(e["text"], e["input_channel"]) for e in user_turns] == [("hi", "telegram")]
    assert user_turns[0]["metadata"]["language_code"] == "en"  # for crisis contacts by locale
    assert "Sam" not in json.dumps(tracker)  # the person's name stays with Telegram


def test_an_update_without_the_secret_token_is_refused(kintsugi, fake_telegram):
    chat_id = next(_chat_ids)
    assert post(kintsugi, update("text_message", chat_id), secret=None) == 403
    assert replies(fake_telegram, chat_id) == []


def test_an_update_with_a_wrong_secret_token_is_refused(kintsugi, fake_telegram):
    chat_id = next(_chat_ids)
    assert post(kintsugi, update("text_message", chat_id), secret=SECRET + "x") == 403
    assert replies(fake_telegram, chat_id) == []


@pytest.mark.parametrize(
    "name", ["edited_message", "sticker", "photo", "group_message", "poll", "start_command", "callback_query"]
)
def test_no_update_gets_a_server_error(kintsugi, name):
    assert post(kintsugi, update(name, next(_chat_ids))) == 200


def test_a_body_that_is_not_json_gets_a_400(kintsugi):
    assert post(kintsugi, b"not json") == 400
    assert post(kintsugi, [1, 2]) == 400


def test_a_sticker_gets_a_polite_text_answer(kintsugi, fake_telegram):
    chat_id = next(_chat_ids)
    post(kintsugi, update("sticker", chat_id))
    (answer,) = replies(fake_telegram, chat_id)
    assert "only read text" in answer["text"]


def test_a_photo_gets_a_polite_text_answer(kintsugi, fake_telegram):
    chat_id = next(_chat_ids)
    post(kintsugi, update("photo", chat_id))
    (answer,) = replies(fake_telegram, chat_id)
    assert "only read text" in answer["text"]


def test_an_edited_message_gets_a_polite_answer_and_no_turn(kintsugi, fake_telegram):
    chat_id = next(_chat_ids)
    post(kintsugi, update("edited_message", chat_id))
    (answer,) = replies(fake_telegram, chat_id)
    assert "not edits" in answer["text"]
    assert not user_events(kintsugi, chat_id)


def test_a_group_gets_a_pointer_to_a_private_chat_and_no_conversation(kintsugi, fake_telegram):
    group_id = -next(_chat_ids)
    post(kintsugi, update("group_message", group_id))
    (answer,) = replies(fake_telegram, group_id)
    assert "private" in answer["text"] and "https://t.me/KintsugiTestBot" in answer["text"]
    assert "affair" not in answer["text"]
    assert not user_events(kintsugi, group_id)


def test_an_unknown_update_type_is_ignored(kintsugi, fake_telegram):
    sent_before = len(fake_telegram.calls_of("sendMessage"))
    assert post(kintsugi, json.loads((UPDATES / "poll.json").read_text())) == 200
    assert len(fake_telegram.calls_of("sendMessage")) == sent_before


@contextlib.contextmanager
def conversation_store_down(var_dir: Path):
    """The SQLite tracker store cannot be opened while a directory stands where its file was."""
    database, away = var_dir / "tracker.db", var_dir / "tracker.db.away"
    database.rename(away)
    database.mkdir()
    try:
        yield
    finally:
        database.rmdir()
        away.rename(database)


def test_a_crisis_gets_the_crisis_contacts_even_when_the_turn_fails(kintsugi, fake_telegram, var_dir):
    chat_id = next(_chat_ids)
    crisis = update("text_message", chat_id, text="i want to kill myself")
    crisis["message"]["from"]["language_code"] = "en-GB"
    with conversation_store_down(var_dir):
        assert post(kintsugi, crisis) == 200
    answer = "\n".join(reply["text"] for reply in replies(fake_telegram, chat_id))
    assert "999" in answer and "116 123" in answer  # en-GB's emergency number and Samaritans
