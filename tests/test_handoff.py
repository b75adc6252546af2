"""A way to a person: the practice's contacts, and the line for what the person told of."""

import asyncio
import uuid

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


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
    return [m.get("text") or "" for m in dispatcher.messages]


def test_after_control_was_told_the_handoff_names_the_abuse_line(settings):
    texts = handoff_texts(settings, risk_type="abuse")
    assert any("0808 2000 247" in text for text in texts)


def test_without_a_risk_the_handoff_is_the_practice_and_the_directory_only(settings):
    texts = handoff_texts(settings)
    assert len(texts) == 1 and "0808 2000 247" not in texts[0]
