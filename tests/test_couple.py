"""Two people on one screen: who is speaking, taking turns, mirroring noticed, a summary."""

import pytest

from bot.conversation.speakers import asks_for_turn, is_mirroring, split_speaker


@pytest.mark.parametrize(
    ("message", "speaker", "text"),
    [
        ("jess: i still feel sick about it", "Jess", "i still feel sick about it"),
        ("Tom:   i know. im sorry", "Tom", "i know. im sorry"),
        ("update: we talked last night", None, "update: we talked last night"),
        ("i feel sick", None, "i feel sick"),
        ("ps: thank you", None, "ps: thank you"),
    ],
)
def test_a_name_before_a_colon_names_the_speaker(message, speaker, text):
    spoken = split_speaker(message)
    assert (spoken.speaker, spoken.text) == (speaker, text)


@pytest.mark.parametrize(
    "text",
    [
        "what i heard is that you feel humiliated",
        "so you're saying you felt alone",
        "You feel like i chose her",
        "so what im hearing is when im late and dont text it takes you right back",
    ],
)
def test_saying_back_what_was_heard_is_mirroring(text):
    assert is_mirroring(text)


def test_an_answer_back_is_not_mirroring():
    assert not is_mirroring("thats not fair, i told you everything")
    assert not is_mirroring("so i think we should stop")


@pytest.mark.parametrize(
    "text", ["can we swap? i want to say something too", "my turn now", "can i say something", "let me speak"]
)
def test_asking_to_speak_is_asking_for_a_turn(text):
    assert asks_for_turn(text)


def test_saying_something_is_not_asking_for_a_turn():
    assert not asks_for_turn("i want to say sorry for everything")
    assert not asks_for_turn("we swapped phones last week so i could see his messages")


def test_a_couple_on_one_phone_take_turns_and_get_a_summary(conversation):
    conversation.say("hi")
    conversation.say("jess: we're both here. tom had an affair with someone from his work")
    conversation.say("tom: yes. it was me. i want to fix this")
    assert conversation.slot("role") == "both"
    assert conversation.slot("couple_mode") is True
    reply = conversation.texts("jess: i still feel sick every time i think about it")
    assert "action_couple_turn" in conversation.actions_after_last_user_message()
    listener_asked = any(words in reply.lower() for words in ("heard", "hear", "say it back"))
    assert "Tom" in reply and listener_asked  # the listener's turn to say back what Jess said
    reply = conversation.texts("tom: what i heard is that you still feel sick when you think about it")
    assert "mirroring" in reply.lower() or "said it back" in reply.lower()
    # Asking for a turn swaps the two: Tom speaks, Jess listens (it was "did you mean").
    reply = conversation.texts("tom: can we swap? i want to say something too")
    assert "Tom" in reply and "listen" in reply.lower() and "Did you mean" not in reply
    reply = conversation.texts("jess: we're going to stop for tonight. thank you")
    assert "action_couple_summary" in conversation.actions_after_last_user_message()
    assert "Jess and Tom" in reply and "once one of you said back" in reply


def test_one_of_two_at_the_screen_telling_what_happened_keeps_the_role_both(conversation):
    # Jess's "he was seeing someone" made the role hurt_partner, with Tom still beside her.
    conversation.say("hi its jess and tom, were both on my phone")
    assert conversation.slot("role") == "both"
    conversation.say(
        "jess: he was seeing someone from his old job for about 4 months. i found out in january"
    )
    assert conversation.slot("role") == "both"
