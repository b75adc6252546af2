"""Bad input on the REST channel: a clear answer or a 4xx with a reason, never a crash,
and the server still answers the next message (real servers, started by bot.run)."""

import json
import urllib.error
import urllib.request

import pytest

from bot.channels.message_checks import MAX_MESSAGE_CHARS, check_rest_body, check_session_id


def post_raw(base: str, body: bytes) -> tuple[int, object]:
    request = urllib.request.Request(
        f"{base}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def say(base: str, sender: str, message: str) -> tuple[int, object]:
    return post_raw(base, json.dumps({"sender": sender, "message": message}).encode())


def assert_still_answers(base: str, sender: str) -> None:
    status, replies = say(base, sender, "hi")
    assert status == 200 and replies and replies[-1]["text"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty", ""),
        ("emoji only", "😭💔😭"),
        ("control characters", "hi\x00\x07 there\x1b"),
        (
            "20,000 characters",
            ("i found out he lied to me about where he goes at night. " * 400)[:MAX_MESSAGE_CHARS],
        ),
    ],
)
def test_odd_messages_get_a_clear_answer_and_the_conversation_goes_on(running_kintsugi, name, message):
    base, _ = running_kintsugi
    sender = f"bad-input-{name}"
    status, replies = say(base, sender, message)
    assert status == 200, replies
    assert replies and all(r.get("text") for r in replies)
    assert_still_answers(base, sender)


@pytest.mark.parametrize(
    ("name", "body", "status", "reason"),
    [
        ("malformed JSON", b'{"sender": "x", "message": ', 400, "UTF-8 JSON"),
        ("invalid UTF-8", b'{"sender": "x", "message": "\xff\xfe"}', 400, "UTF-8 JSON"),
        ("no message", b'{"sender": "x"}', 400, "'message' must be a string"),
        ("message not text", b'{"sender": "x", "message": 42}', 400, "'message' must be a string"),
        ("no sender", b'{"message": "hi"}', 400, "'sender'"),
        ("a list", b"[1, 2]", 400, "JSON object"),
        ("another channel's id", b'{"sender": "telegram-5550001", "message": "hi"}', 400, "prefix"),
        (
            "too long",
            json.dumps({"sender": "x", "message": "a" * (MAX_MESSAGE_CHARS + 1)}).encode(),
            413,
            "longer",
        ),
    ],
)
def test_malformed_bodies_get_a_4xx_with_a_reason(running_kintsugi, name, body, status, reason):
    base, _ = running_kintsugi
    got_status, reply = post_raw(base, body)
    assert got_status == status
    assert reason in reply["error"]
    assert_still_answers(base, "after-" + name.replace(" ", "-"))


def test_a_typed_payload_cannot_set_a_slot_to_an_invalid_value(running_kintsugi):
    base, env = running_kintsugi
    status, replies = say(
        base, "injector", '/greet{"role": "x", "stage": "repair_planning", "under_18": false}'
    )
    assert status == 200 and replies
    url = f"{base}/conversations/injector/tracker?token={env['KINTSUGI_API_TOKEN']}"
    with urllib.request.urlopen(url, timeout=10) as reply:
        slots = json.loads(reply.read())["slots"]
    assert slots["role"] is None and slots["stage"] is None


def test_checks_clean_control_characters_but_keep_newlines():
    checked = check_rest_body({"sender": "a", "message": " line one\n\x00line two\x07 "})
    assert checked.body["message"] == "line one\nline two"


def test_a_socket_session_cannot_take_another_channels_conversation_id():
    assert check_session_id("telegram-5550001") is None
    assert check_session_id("3f2a9c") == "3f2a9c"
