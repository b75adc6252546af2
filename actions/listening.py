"""Reflections of what the person said happened, and the disclosure acknowledgement that
begins with one (bot/listening)."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.messages import MESSAGES
from bot.conversation.closing import closes
from bot.listening.reflection import reflection
from bot.messages import pick
from bot.rasa_components.details_extractor import EXTRACTOR


def _render(key: str, **values: str) -> str:
    return pick(MESSAGES, key, **values).text


def details_said(tracker: Tracker) -> Dict[str, tuple]:
    """{kind: (value, span)} from the person's latest message."""
    entities = tracker.latest_message.get("entities") or []
    return {
        e["entity"]: (e.get("value"), e.get("span", "")) for e in entities if e.get("extractor") == EXTRACTOR
    }


def reflect(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Sends a reflection when the latest message said something about what happened."""
    text = reflection(details_said(tracker), tracker.get_slot("role"), _render)
    if text:
        dispatcher.utter_message(text=text)
    return bool(text)


class ActionAcknowledgeDisclosure(Action):
    """What they said, reflected; then the acknowledgement for their role and safety."""

    def name(self) -> Text:
        return "action_acknowledge_disclosure"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        reflect(dispatcher, tracker)
        dispatcher.utter_message(response="utter_acknowledge_disclosure")
        return []


class ActionGoodbye(Action):
    """Closes warmly when the person is leaving; a message only read as goodbye ("sorry its
    like 2am, i cant sleep") is listened to instead (bot/conversation/closing.py)."""

    def name(self) -> Text:
        return "action_goodbye"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        latest = tracker.latest_message
        confidence = (latest.get("intent") or {}).get("confidence") or 0.0
        if closes(latest.get("text") or "", confidence):
            dispatcher.utter_message(response="utter_goodbye")
        else:
            reflect(dispatcher, tracker)
            dispatcher.utter_message(response="utter_listen_on")
        return []
