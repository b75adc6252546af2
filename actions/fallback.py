"""Low NLU confidence: ask to rephrase first, then offer choices."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher


def _asked_to_rephrase_last(tracker: Tracker) -> bool:
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            return (event.get("metadata") or {}).get("utter_action") == "utter_ask_rephrase"
    return False


class ActionClarify(Action):
    def name(self) -> Text:
        return "action_clarify"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        if _asked_to_rephrase_last(tracker):
            dispatcher.utter_message(response="utter_offer_topics")
        else:
            dispatcher.utter_message(response="utter_ask_rephrase")
        return []
