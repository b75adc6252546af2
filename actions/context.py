"""Fills `role` and `betrayal_type` from what the person writes, on every message."""

from typing import Any, Dict, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction

from bot.conversation.context import BETRAYAL_TYPES, ROLES, infer_betrayal_type, infer_role

# Messages that should never be read as an intake answer: safety and digressions come first.
_NOT_AN_ANSWER = {"crisis", "bot_challenge", "out_of_scope", "human_handoff", "greet", "goodbye"}


def _latest_text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def _latest_intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def _should_read(tracker: Tracker, slot: str) -> bool:
    """Read a slot while it is asked for, or when it is still empty or the person corrects it."""
    intent = _latest_intent(tracker)
    if intent in _NOT_AN_ANSWER:
        return False
    return tracker.get_slot("requested_slot") == slot or tracker.get_slot(slot) is None or intent == "inform"


class ValidateSlotMappings(ValidationAction):
    """Runs after every user message (Rasa's action_validate_slot_mappings)."""

    def name(self) -> Text:
        return "action_validate_slot_mappings"

    async def extract_role(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        if not _should_read(tracker, "role"):
            return {}
        role = infer_role(_latest_text(tracker))
        return {"role": role} if role else {}

    async def extract_betrayal_type(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        if not _should_read(tracker, "betrayal_type"):
            return {}
        betrayal_type = infer_betrayal_type(_latest_text(tracker))
        asked = tracker.get_slot("requested_slot") == "betrayal_type"
        if betrayal_type is None and asked and _latest_intent(tracker) == "dont_know":
            betrayal_type = "other"  # "not sure what to call it" is a fine answer
        return {"betrayal_type": betrayal_type} if betrayal_type else {}

    async def validate_role(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict
    ) -> Dict[Text, Any]:
        return {"role": value if value in ROLES else None}

    async def validate_betrayal_type(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict
    ) -> Dict[Text, Any]:
        return {"betrayal_type": value if value in BETRAYAL_TYPES else None}
