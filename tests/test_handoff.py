"""When a conversation might end: a way to a person (and the line for what was told), and a
goodbye that is meant, not only read as one."""

import asyncio
import uuid

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from tests.dispatched import rendered


def handoff_texts(settings, **slots) -> list[str]:
    from actions.handoff import ActionHumanHandoff

    tracker = Tracker(
        f"handoff-{uuid.uuid4().hex[:10]}",
        slots,
        {
            "text": "is there a real person i could talk to",
            "intent": {"name": "human_handoff"},
            "metadata": {"locale": "en-GB"},
        },
        [],
        False,
        None,
        {},
        "",
    )
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionHumanHandoff().run(dispatcher, tracker, {}))
    return [rendered(m) for m in dispatcher.messages]


def test_after_control_was_told_the_handoff_names_the_abuse_line(settings):
    texts = handoff_texts(settings, risk_type="abuse")
    assert any("0808 2000 247" in text for text in texts)


def test_without_a_risk_the_handoff_is_the_practice_and_the_directory_only(settings):
    texts = handoff_texts(settings)
    assert len(texts) == 1 and "0808 2000 247" not in texts[0]


def goodbye_responses(text: str, confidence: float) -> list:
    from actions.listening import ActionGoodbye

    latest = {"text": text, "intent": {"name": "goodbye", "confidence": confidence}, "entities": []}
    tracker = Tracker(f"bye-{uuid.uuid4().hex[:10]}", {}, latest, [], False, None, {}, "")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionGoodbye().run(dispatcher, tracker, {}))
    return [m.get("response") for m in dispatcher.messages]


def test_the_night_one_found_out_is_not_a_goodbye():
    from bot.conversation.closing import closes

    # "maya: ok ill go first. ... the night i found out" closed a couple's session.
    assert not closes(
        "ok ill go first. when you come home late i go straight back to the night i found out", 0.65
    )


def test_a_message_only_read_as_goodbye_is_listened_to(settings):
    # The first message at 2 a.m. was read as `goodbye` (0.45) and answered "Goodbye for now".
    responses = goodbye_responses(
        "hey. sorry its like 2am, i cant sleep and i dont know who else to talk to", 0.45
    )
    assert "utter_goodbye" not in responses and "utter_listen_on" in responses


@pytest.mark.parametrize(
    "text",
    [
        "thank you. im gonna try and lie down",
        "shes coming up the stairs, bye",
        "we're going to stop for tonight",
    ],
)
def test_a_real_goodbye_closes_warmly_even_when_the_classifier_is_unsure(settings, text):
    assert goodbye_responses(text, 0.5) == ["utter_goodbye"]
