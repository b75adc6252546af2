"""Fills `role`, `betrayal_type` and who is at the screen from what people write, on every message."""

from datetime import date
from typing import Any, Dict, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction

from bot.conversation.context import BETRAYAL_TYPES, ROLES, infer_betrayal_type, infer_role
from bot.conversation.plan_answers import (
    is_known_rhythm,
    read_check_in,
    read_frequency,
    read_helpfulness,
    read_outcome,
    read_success_sign,
)
from bot.conversation.speakers import Spoken, split_speaker

# Messages that should never be read as an intake answer: safety and digressions come first.
_NOT_AN_ANSWER = {
    "crisis",
    "bot_challenge",
    "out_of_scope",
    "human_handoff",
    "greet",
    "goodbye",
    "delete_my_data",
}
# While a plan or report question is open, other messages are read as the answer: short
# answers like "3 times a week" often look out of scope (or hurt) to the classifier.
_NOT_A_PLAN_ANSWER = (_NOT_AN_ANSWER - {"out_of_scope"}) | {"show_plan"}
# With these intents only an answer in a recognised form counts ("every day", "in a week").
_MAYBE_A_PLAN_ANSWER = {"hurt", "dont_know"}


def _latest_text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def latest_spoken(tracker: Tracker) -> Spoken:
    """Who wrote the latest message, and what they said. The NLU pipeline takes a name at
    the start off the text and keeps it as "speaker" (bot/rasa_components/speaker_name.py)."""
    speaker = tracker.latest_message.get("speaker")
    return Spoken(speaker, _latest_text(tracker)) if speaker else split_speaker(_latest_text(tracker))


def _latest_intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


# Messages that say what happened: the role and betrayal they make clear replace what was read before.
_TELLS_WHAT_HAPPENED = ("inform", "disclosure")


def speakers_after(tracker: Tracker) -> list:
    """The names seen at the start of messages so far, the latest message's included."""
    seen = list(tracker.get_slot("speakers") or [])
    name = latest_spoken(tracker).speaker
    return seen + [name] if name and name not in seen else seen


def _should_read(tracker: Tracker, slot: str) -> bool:
    """Read a slot while it is asked for, when it is still empty, or from any message that
    tells what happened (so a role read wrongly is put right as soon as a message makes it clear)."""
    intent = _latest_intent(tracker)
    if intent in _NOT_AN_ANSWER:
        return False
    return (
        tracker.get_slot("requested_slot") == slot
        or tracker.get_slot(slot) is None
        or intent in _TELLS_WHAT_HAPPENED
    )


class ValidateSlotMappings(ValidationAction):
    """Runs after every user message (Rasa's action_validate_slot_mappings)."""

    def name(self) -> Text:
        return "action_validate_slot_mappings"

    async def extract_role(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        if len(speakers_after(tracker)) >= 2:
            return {"role": "both"}  # two people are typing on one screen
        if tracker.get_slot("role") == "both" and latest_spoken(tracker).speaker:
            return {}  # "jess: he was seeing someone": one of the two said so, both are here
        if not _should_read(tracker, "role"):
            return {}
        role = infer_role(latest_spoken(tracker).text)
        return {"role": role} if role else {}

    async def extract_speakers(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        speakers = speakers_after(tracker)
        return {"speakers": speakers} if speakers != (tracker.get_slot("speakers") or []) else {}

    async def extract_couple_mode(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        together = len(speakers_after(tracker)) >= 2
        return {"couple_mode": True} if together and not tracker.get_slot("couple_mode") else {}

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

    # --- Answers to the plan and progress forms: read only while the question is open ---

    def _answer(self, tracker: Tracker, slot: str) -> Optional[str]:
        if tracker.get_slot("requested_slot") != slot or _latest_intent(tracker) in _NOT_A_PLAN_ANSWER:
            return None
        return _latest_text(tracker)

    async def extract_plan_frequency(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        text = self._answer(tracker, "plan_frequency")
        frequency = read_frequency(text) if text else None
        if frequency and _latest_intent(tracker) in _MAYBE_A_PLAN_ANSWER and not is_known_rhythm(frequency):
            return {}  # "i feel awful" is not a rhythm
        return {"plan_frequency": frequency} if frequency else {}

    async def extract_plan_check_in(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        text = self._answer(tracker, "plan_check_in")
        if text is None:
            return {}
        check_in = read_check_in(text, date.today())
        if check_in is None and _latest_intent(tracker) in _MAYBE_A_PLAN_ANSWER:
            return {}
        # An answer we can't read as a date still moves on: a week from today, shown for confirmation.
        check_in = check_in or read_check_in("in 1 week", date.today())
        return {"plan_check_in": check_in.isoformat()}

    async def extract_plan_success_signs(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        text = self._answer(tracker, "plan_success_signs")
        sign = read_success_sign(text) if text else None
        return {"plan_success_signs": sign} if sign else {}

    async def extract_progress_outcome(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        reporting = _latest_intent(tracker) == "report_progress"
        text = self._answer(tracker, "progress_outcome") or (_latest_text(tracker) if reporting else None)
        outcome = read_outcome(text) if text else None
        return {"progress_outcome": outcome} if outcome else {}

    async def extract_progress_helpfulness(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        reporting = _latest_intent(tracker) == "report_progress"
        text = self._answer(tracker, "progress_helpfulness") or (_latest_text(tracker) if reporting else None)
        rating = read_helpfulness(text) if text else None
        return {"progress_helpfulness": float(rating)} if rating else {}
