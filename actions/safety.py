"""Answers any risk to safety at once, with resources for that risk and the person's locale."""

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.messages import MESSAGES, utter
from actions.people import person_session
from bot.safety.answers import contacts_for, crisis_answer, locale_of, young_person_answer
from bot.safety.resources import load_resources
from bot.safety.screen import default_screen, screen_two_messages
from bot.storage.repository import add_safety_flag

logger = logging.getLogger(__name__)
RESOURCES = load_resources()  # validated once, when the action server starts
# Built now, not on the first crisis: building takes seconds, and a crisis answer must not wait.
SCREEN = default_screen()


def person_locale(tracker: Tracker) -> Optional[str]:
    return locale_of(tracker.latest_message.get("metadata"))


def risk_type_of(tracker: Tracker) -> Optional[str]:
    """The risk the NLU screen found, else one spread over the last two messages, else None."""
    safety = tracker.latest_message.get("safety") or {}
    if safety.get("risk_type"):
        return safety["risk_type"]
    texts = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"]
    if len(texts) >= 2:
        risk = screen_two_messages(SCREEN, texts[-2], texts[-1])
        return risk.risk_type if risk else None
    return None


def contacts(tracker: Tracker) -> Dict[str, str]:
    return contacts_for(RESOURCES, person_locale(tracker))


def remember_flag(tracker: Tracker, flag: str) -> None:
    """Keeps the flag for the person; the answer never waits on, or fails with, the database."""
    try:
        with person_session(tracker) as (session, person):
            add_safety_flag(session, person, flag)
    except SQLAlchemyError as error:
        logger.warning("could not store a safety flag: %s", type(error).__name__)


def end_any_form(tracker: Tracker) -> List[EventType]:
    """No form question after a safety answer: the open form, if any, is closed."""
    if not tracker.active_loop.get("name"):
        return []
    return [ActiveLoop(None), SlotSet("requested_slot", None)]


class ActionCrisisSupport(Action):
    def name(self) -> Text:
        return "action_crisis_support"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        answer = crisis_answer(MESSAGES, RESOURCES, risk_type_of(tracker), person_locale(tracker))
        utter(dispatcher, answer.message)
        events: List[EventType] = [SlotSet("risk_type", answer.risk_type), *end_any_form(tracker)]
        if answer.safety_concern:
            events.append(SlotSet("safety_concern", True))
        if answer.flag:
            remember_flag(tracker, answer.flag)
        return events


class ActionYoungPerson(Action):
    """Kintsugi is for adults: a young person gets child-protection contacts, no couples content."""

    def name(self) -> Text:
        return "action_young_person"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        utter(dispatcher, young_person_answer(MESSAGES, RESOURCES, person_locale(tracker)))
        if not tracker.get_slot("under_18"):
            remember_flag(tracker, "under_18")
        return [SlotSet("under_18", True), *end_any_form(tracker)]
