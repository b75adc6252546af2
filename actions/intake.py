"""The intake form's questions, with buttons whose payloads are plain sentences."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.messages import send


class ActionAskRole(Action):
    def name(self) -> Text:
        return "action_ask_role"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        send(dispatcher, "ask_role")
        return []


class ActionAskBetrayalType(Action):
    def name(self) -> Text:
        return "action_ask_betrayal_type"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        send(dispatcher, "ask_betrayal_type")
        return []
