"""Details of what happened, picked out of what people type, and the reflections built on them."""

import pytest

from actions.messages import MESSAGES
from bot.listening.details import extract
from bot.listening.reflection import reflection
from bot.messages import pick


def details(text: str) -> dict:
    return {d.kind: (d.value, d.span) for d in extract(text)}


def render(key: str, **values: str) -> str:
    return pick(MESSAGES, key, **values).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "i found texts on his phone, hes been seeing a coworker for six months",
            {"affair_duration": "six months", "discovery": "phone", "affair_partner": "coworker"},
        ),
        (
            "i had an affair with my best friend for 2 years and she doesnt know",
            {"affair_duration": "2 years", "affair_partner": "best_friend", "partner_knows": "not_yet"},
        ),
        (
            "my husband told me last night he slept with his ex",
            {"discovery": "confessed", "affair_partner": "ex"},
        ),
        ("found the credit card statements, 40k of debt", {"discovery": "money_records"}),
        # The relationship's own length, and times ago, are not how long the affair went on.
        ("we were together 12 years and he cheated on me", {}),
        ("it ended 3 years ago", {}),
    ],
)
def test_details_are_picked_out_as_people_type_them(text, expected):
    assert {kind: value for kind, (value, _) in details(text).items()} == expected


def test_the_persons_own_words_are_quoted_back_in_the_second_person():
    assert details("it was on my phone the whole time")["discovery"][1] == "on your phone"


def test_a_hurt_partner_hears_how_long_and_how_it_came_out_without_a_question():
    text = reflection(
        details("found messages on his phone, it went on for six months"), "hurt_partner", render
    )
    assert "Six months" in text and "on his phone" in text
    assert "?" not in text


def test_an_involved_partner_is_not_told_how_they_were_found_out():
    text = reflection(
        details("my wife found texts on my phone, it went on for 8 months"), "involved_partner", render
    )
    assert "8 months" in text and "phone" not in text


def test_nothing_said_about_what_happened_gives_no_reflection():
    assert reflection(details("i feel awful tonight"), "hurt_partner", render) is None


def test_a_disclosure_with_details_is_reflected_before_it_is_acknowledged(conversation):
    conversation.say("hi")
    messages = conversation.say(
        "i found texts on his phone. hes been sleeping with a coworker for six months"
    )
    texts = [m.get("text") or "" for m in messages]
    assert "action_acknowledge_disclosure" in conversation.actions_after_last_user_message()
    assert any("Six months" in t and "on his phone" in t for t in texts)
    assert conversation.slot("affair_partner") == "coworker"
