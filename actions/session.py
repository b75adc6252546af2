"""Opens every new session with what Kintsugi is and is not, and restores safety flags."""

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from actions.exercises import CATALOGUE
from actions.messages import send
from actions.people import person_session
from bot.safety.answers import JOINT_WORK_OFF
from bot.storage.models import Person
from bot.storage.repository import active_plan, exercise_history, safety_flags

logger = logging.getLogger(__name__)


def exercise_to_ask_about(session: Session, person: Person) -> Optional[str]:
    """The saved plan's next exercise not yet done; without a plan, the last exercise the
    person said they would try, unless they have already said how it went."""
    plan = active_plan(session, person)
    if plan:
        return next((i.exercise_id for i in plan.items if not i.done_on), None)
    history = exercise_history(session, person)
    reported = history.done | history.unhelpful
    return history.last_offered if history.last_offered not in reported else None


def returning_person(tracker: Tracker, dispatcher: CollectingDispatcher) -> List[EventType]:
    """Safety flags from earlier conversations keep applying; a saved plan, or an exercise
    the person meant to try, gets a follow-up."""
    try:
        with person_session(tracker) as (session, person):
            flags = safety_flags(session, person)
            pending = exercise_to_ask_about(session, person)
    except SQLAlchemyError as error:
        logger.warning("could not read the person's history: %s", type(error).__name__)
        return []
    events: List[EventType] = []
    if flags & JOINT_WORK_OFF:
        events.append(SlotSet("safety_concern", True))
    if "under_18" in flags:
        events.append(SlotSet("under_18", True))
    elif pending in CATALOGUE:
        send(dispatcher, "follow_up_question", tracker=tracker, title=CATALOGUE[pending].title)
        events.append(SlotSet("follow_up_exercise", pending))
    return events


class ActionSessionStart(Action):
    def name(self) -> Text:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        events: List[EventType] = [SessionStarted()]
        # Carry the person's context into the new session (role, stage, ...), as Rasa's
        # default session start would with carry_over_slots_to_new_session.
        events += [
            SlotSet(name, value)
            for name, value in tracker.current_slot_values().items()
            if value is not None and name != "requested_slot"
        ]
        send(dispatcher, "intro", tracker=tracker)
        events += returning_person(tracker, dispatcher)
        events.append(ActionExecuted("action_listen"))
        return events
