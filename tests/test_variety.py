"""No sentence read twice while another wording is left (bot/conversation/variety.py)."""

import random

import yaml

from bot.conversation.variety import least_recently_seen
from bot.rasa_components.varied_responses import VariedResponses, endpoint
from bot.settings import PROJECT_ROOT


def test_an_unseen_wording_is_chosen_over_a_seen_one():
    options = ["a", "b", "c"]
    for seed in range(20):
        assert least_recently_seen(options, ["x", "a", "c"], random.Random(seed)) == 1


def test_when_every_wording_was_seen_the_oldest_is_chosen_again():
    assert least_recently_seen(["a", "b", "c"], ["b", "a", "c", "a"]) == 1


def test_a_single_wording_is_still_sent():
    assert least_recently_seen(["only"], ["only", "only"]) == 0


def test_endpoints_yml_names_the_varied_generator():
    endpoints = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text())
    assert endpoints["nlg"]["type"] == endpoint().type
    assert endpoint().type.endswith(VariedResponses.__name__)


def test_three_hurt_messages_get_three_different_reflections(conversation):
    conversation.say("hi")
    conversation.say("my husband had an affair with his coworker for a year")
    replies = [
        conversation.texts(text)
        for text in (
            "i cant stop crying, i feel so stupid",
            "it hurts so much i can barely breathe",
            "i keep picturing them together and it makes me sick",
        )
    ]
    assert len(set(replies)) == 3, replies


def test_no_reply_repeats_in_a_long_venting_conversation(conversation):
    """Eight feelings in a row: every reply differs from the five before it."""
    conversation.say("hi")
    conversation.say("i found out my wife has been sexting another man for months")
    replies = [
        conversation.texts(text)
        for text in (
            "i feel sick all the time",
            "i cant sleep, i keep seeing the messages",
            "im so angry i could scream",
            "i feel humiliated, everyone at her work knew",
            "i just feel empty",
            "its like the floor fell away",
            "i keep crying in the car before work",
            "i dont know who she is anymore",
        )
    ]
    for index, reply in enumerate(replies):
        assert reply not in replies[max(0, index - 5) : index], (index, reply)


def test_a_message_sent_by_an_action_is_not_sent_in_the_wording_just_read():
    # A couple's second listener prompt came in the same words as the first, two turns later.
    from bot.messages import load_messages, pick

    messages = load_messages()
    names = {"speaker": "Maya", "listener": "Dev"}
    first = pick(messages, "couple_listener_turn", **names).text
    second = pick(messages, "couple_listener_turn", seen=["hello", first], **names).text
    third = pick(messages, "couple_listener_turn", seen=[first, second], **names).text
    assert len({first, second, third}) == 3
