"""Moves the `stage` slot along the recovery arc as the person talks, and says whether a
"yes" to the plan offer may build the plan (slot `plan_ready`, read by data/rules/plans.yml)."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.exercises import joint_work_off
from bot.conversation.stages import advance_stage

# Messages telling something (not "hi", "ok", "thanks") before a plan is asked for, after
# which the person has been heard, whatever intents their words were read as.
HEARD_AFTER_MESSAGES = 2
SOCIAL_INTENTS = frozenset({"greet", "affirm", "deny", "thanks", "goodbye", "bot_challenge"})


def telling_messages_before(tracker: Tracker) -> int:
    """How many messages this session, before the latest, told Kintsugi something."""
    count = 0
    users = [e for e in tracker.events if e.get("event") in ("user", "session_started")]
    for event in users[:-1]:
        if event.get("event") == "session_started":
            count = 0
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if not (event.get("text") or "").startswith("/") and intent not in SOCIAL_INTENTS:
            count += 1
    return count


def messages_this_session(tracker: Tracker) -> List[str]:
    """What the person typed since this session started (button payloads left out)."""
    texts: List[str] = []
    for event in tracker.events:
        if event.get("event") == "session_started":
            texts = []
        elif event.get("event") == "user" and not (event.get("text") or "").startswith("/"):
            texts.append(event.get("text") or "")
    return texts


class ActionAdvanceStage(Action):
    def name(self) -> Text:
        return "action_advance_stage"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        current = tracker.get_slot("stage")
        intent = (tracker.latest_message.get("intent") or {}).get("name", "")
        heard = current == "acknowledgement" and telling_messages_before(tracker) >= HEARD_AFTER_MESSAGES
        # Someone who has kept talking since saying what happened has been heard, even when
        # no message read as `hurt`: a plan they ask for is not put off again.
        new_stage = advance_stage("feelings" if heard and intent == "plan_repair" else current, intent)
        events: List[EventType] = [SlotSet("stage", new_stage)] if new_stage != current else []
        # Before the hurt is heard, or where joint work is off, the plan offer is not made.
        ready = new_stage == "repair_planning" and not joint_work_off(tracker)
        if ready != bool(tracker.get_slot("plan_ready")):
            events.append(SlotSet("plan_ready", ready))
        return events
