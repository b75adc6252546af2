"""Moves the `stage` slot along the recovery arc as the person talks, and says whether a
"yes" to the plan offer may build the plan (slot `plan_ready`, read by data/rules/plans.yml)."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.exercises import joint_work_off
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
        events: List[EventType] = [SlotSet("stage", new_stage)] if new_stage != current else []
        # Before the hurt is heard, or where joint work is off, the plan offer is not made.
        ready = new_stage == "repair_planning" and not joint_work_off(tracker)
        if ready != bool(tracker.get_slot("plan_ready")):
            events.append(SlotSet("plan_ready", ready))
        return events
