"""A safety plan made together, one part a message, kept privately and shown on request."""

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.messages import send
from actions.people import person_session
from actions.safety import contacts, end_any_form
from bot.safety import flow
from bot.safety.answers_read import read_yes_no
from bot.safety.safety_plan import PARTS, format_plan, is_skip, is_stop
from bot.storage.repository import safety_plan, save_safety_plan

logger = logging.getLogger(__name__)


def ask_part(
    dispatcher: CollectingDispatcher, tracker: Tracker, step: int, answers: List[str]
) -> List[EventType]:
    send(dispatcher, PARTS[step][1], tracker=tracker, **contacts(tracker))
    return [
        SlotSet("safety_plan_step", step),
        SlotSet("safety_plan_answers", answers),
        SlotSet("safety_asked", flow.ASKED_SAFETY_PLAN),
    ]


def lines_for(tracker: Tracker) -> str:
    values = contacts(tracker)
    return f"{values['crisis_line']}; in an emergency, {values['emergency']}"


class ActionStartSafetyPlan(Action):
    def name(self) -> Text:
        return flow.START_SAFETY_PLAN

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        return [*end_any_form(tracker), *ask_part(dispatcher, tracker, 0, [])]


class ActionSafetyPlanOffer(Action):
    """The answer to "would you like to make a safety plan?"."""

    def name(self) -> Text:
        return flow.SAFETY_PLAN_OFFER

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        latest = tracker.latest_message
        intent = (latest.get("intent") or {}).get("name")
        if intent == "make_safety_plan" or read_yes_no(latest.get("text") or "", intent):
            return ask_part(dispatcher, tracker, 0, [])
        dispatcher.utter_message(response="utter_no_pressure")
        return [SlotSet("safety_asked", None)]


class ActionSafetyPlan(Action):
    """Keeps the answer to the part just asked, then asks the next, then saves the plan."""

    def name(self) -> Text:
        return flow.SAFETY_PLAN_STEP

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        text = (tracker.latest_message.get("text") or "").strip()
        step = int(tracker.get_slot("safety_plan_step") or 0)
        answers = list(tracker.get_slot("safety_plan_answers") or [])
        done = [
            SlotSet("safety_plan_step", None),
            SlotSet("safety_plan_answers", None),
            SlotSet("safety_asked", None),
        ]
        if is_stop(text):
            dispatcher.utter_message(response="utter_no_pressure")
            return done
        answers.append("" if is_skip(text) else text[:500])
        if step + 1 < len(PARTS):
            return ask_part(dispatcher, tracker, step + 1, answers)
        sections = [(part, answer) for (part, _, _), answer in zip(PARTS, answers, strict=False)]
        try:
            with person_session(tracker) as (session, person):
                save_safety_plan(session, person, sections)
        except SQLAlchemyError as error:
            logger.warning("could not save a safety plan: %s", type(error).__name__)
            send(
                dispatcher,
                "safety_plan_show",
                tracker=tracker,
                plan=format_plan(sections, lines_for(tracker)),
            )
            send(dispatcher, "storage_trouble", tracker=tracker)
            return done
        send(dispatcher, "safety_plan_show", tracker=tracker, plan=format_plan(sections, lines_for(tracker)))
        send(dispatcher, "safety_plan_saved", tracker=tracker)
        return done


class ActionShowSafetyPlan(Action):
    def name(self) -> Text:
        return flow.SHOW_SAFETY_PLAN

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        try:
            with person_session(tracker) as (session, person):
                sections = safety_plan(session, person)
        except SQLAlchemyError as error:
            logger.warning("could not read a safety plan: %s", type(error).__name__)
            send(dispatcher, "storage_trouble", tracker=tracker)
            return []
        if not sections:
            send(dispatcher, "safety_plan_none", tracker=tracker)
            return [SlotSet("safety_asked", flow.ASKED_SAFETY_PLAN_OFFER)]
        send(dispatcher, "safety_plan_show", tracker=tracker, plan=format_plan(sections, lines_for(tracker)))
        return [SlotSet("safety_asked", None)]
