"""How replies are shaped for Telegram: split at the message limit, buttons as inline keyboards."""

import yaml

from bot.channels.telegram_messages import (
    CALLBACK_DATA_LIMIT,
    MESSAGE_LIMIT,
    inline_keyboard,
    outgoing_messages,
    split_text,
    utf16_length,
)
from bot.settings import PROJECT_ROOT


def test_a_short_text_is_one_message():
    assert split_text("  I'm glad you're here.  ") == ["I'm glad you're here."]


def test_an_empty_text_is_no_message():
    assert split_text(" \n ") == []
    assert outgoing_messages("") == []


def test_a_long_text_is_split_at_paragraphs():
    first, second = "a" * 3000, "b" * 3000
    assert split_text(f"{first}\n\n{second}") == [first, second]


def test_a_long_paragraph_is_split_at_lines_before_words():
    first, second = "word " * 600, "more " * 600  # 3000 characters each
    parts = split_text(f"{first.strip()}\n{second.strip()}")
    assert parts == [first.strip(), second.strip()]


def test_a_long_line_is_split_between_words():
    text = " ".join(f"w{i:04d}" for i in range(2000))  # 11,999 characters, no line breaks
    parts = split_text(text)
    assert len(parts) == 3
    assert all(utf16_length(part) <= MESSAGE_LIMIT for part in parts)
    assert " ".join(parts) == text  # nothing lost, no word cut


def test_a_text_without_spaces_is_cut_at_the_limit():
    parts = split_text("x" * 9000)
    assert [len(part) for part in parts] == [4096, 4096, 808]


def test_emoji_count_twice_towards_the_limit():
    parts = split_text("💛" * 3000)  # 6,000 UTF-16 code units
    assert [len(part) for part in parts] == [2048, 952]


def test_every_part_fits_telegram_limit_and_keeps_every_word():
    text = "\n\n".join(("A sentence that repeats. " * 40).strip() for _ in range(20))
    parts = split_text(text)
    assert len(parts) > 1 and all(utf16_length(part) <= MESSAGE_LIMIT for part in parts)
    assert "".join(parts).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")


def test_buttons_become_inline_keyboard_buttons_with_their_payload_as_callback_data():
    markup, left_over = inline_keyboard(
        [
            {"title": "Something happened between us", "payload": "/disclosure"},
            {"title": "I'd like an exercise", "payload": "/request_exercise"},
        ]
    )
    assert markup == {
        "inline_keyboard": [
            [{"text": "Something happened between us", "callback_data": "/disclosure"}],
            [{"text": "I'd like an exercise", "callback_data": "/request_exercise"}],
        ]
    }
    assert left_over == []


def test_short_choices_share_one_row():
    markup, _ = inline_keyboard([{"title": str(n), "payload": str(n)} for n in range(1, 6)])
    assert [[button["text"] for button in row] for row in markup["inline_keyboard"]] == [
        ["1", "2", "3", "4", "5"]
    ]


def test_a_payload_too_long_for_callback_data_is_offered_as_text():
    too_long = "i would like to talk about " + "something " * 5
    assert len(too_long.encode()) > CALLBACK_DATA_LIMIT
    messages = outgoing_messages(
        "What would help?", [{"title": "Talk", "payload": too_long}, {"title": "Yes", "payload": "/affirm"}]
    )
    assert messages[-1].text == "What would help?\n• Talk"
    assert messages[-1].reply_markup == {"inline_keyboard": [[{"text": "Yes", "callback_data": "/affirm"}]]}


def test_the_keyboard_goes_with_the_last_part_of_a_long_reply():
    messages = outgoing_messages("a" * 3000 + "\n\n" + "b" * 3000, [{"title": "Yes", "payload": "/affirm"}])
    assert [m.reply_markup for m in messages] == [
        None,
        {"inline_keyboard": [[{"text": "Yes", "callback_data": "/affirm"}]]},
    ]


def _payloads(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [str(node["payload"])] if "payload" in node and "title" in node else []
        return found + [p for value in node.values() for p in _payloads(value)]
    if isinstance(node, list):
        return [p for item in node for p in _payloads(item)]
    return []


def test_every_button_kintsugi_sends_fits_telegram_callback_data():
    payloads = _payloads(yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text()))
    assert payloads, "no buttons found: the test reads the wrong files"
    assert [p for p in payloads if len(p.encode()) > CALLBACK_DATA_LIMIT] == []
