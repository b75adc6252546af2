"""Answers any risk to safety at once, with resources for the person's locale."""

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.safety.resources import load_resources, resources_for

RESOURCES = load_resources()  # validated once, when the action server starts


def person_locale(tracker: Tracker) -> Optional[str]:
    """The locale a channel reports in the message metadata (e.g. Telegram's language_code)."""
    metadata = tracker.latest_message.get("metadata") or {}
    return metadata.get("locale") or metadata.get("language_code")


class ActionCrisisSupport(Action):
    """Sets the contacts that utter_crisis_support shows (see data/rules/safety.yml)."""

    def name(self) -> Text:
        return "action_crisis_support"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        resources = resources_for(RESOURCES, person_locale(tracker))
        return [
            SlotSet("crisis_emergency", resources.emergency),
            SlotSet("crisis_line", resources.crisis_line),
            SlotSet("abuse_line", resources.abuse_line),
        ]
