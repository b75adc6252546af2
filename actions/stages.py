"""Moves the `stage` slot along the recovery arc as the person talks."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.conversation.stages import advance_stage


class ActionAdvanceStage(Action):
    def name(self) -> Text:
        return "action_advance_stage"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        current = tracker.get_slot("stage")
        intent = (tracker.latest_message.get("intent") or {}).get("name", "")
        new_stage = advance_stage(current, intent)
        return [SlotSet("stage", new_stage)] if new_stage != current else []
