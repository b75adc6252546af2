"""Answers from the topic library (data/topics): the question first, then at most one offer.

The topic comes from the topic selector (`response_selector.ask` in the parse,
bot/rasa_components/topic_selector.py) or from a "did you mean" button (entity `topic`). Whatever the answer offers is remembered as `pending_offer`, and a "yes"
right after it delivers exactly that (data/rules/topics.yml).
"""

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.exercises import CATALOGUE, describe
from actions.listening import reflect
from actions.messages import MESSAGES, send
from actions.people import person_session
from bot.conversation.stages import advance_stage
from bot.messages import pick
from bot.safety.answers import JOINT_WORK_OFF
from bot.storage.repository import record_offer, safety_flags
from bot.topics.library import Topic, load_library
from bot.topics.nearest import nearest_topics, selected_topic

logger = logging.getLogger(__name__)

LIBRARY = load_library(exercise_ids=CATALOGUE.keys())  # checked once: a bad topic stops the server


def _joint_work_off(tracker: Tracker) -> bool:
    if tracker.get_slot("safety_concern") or tracker.get_slot("under_18"):
        return True
    try:
        with person_session(tracker) as (session, person):
            return bool(safety_flags(session, person) & JOINT_WORK_OFF)
    except SQLAlchemyError as error:  # unknown: keep to what is safe either way
        logger.warning("safety flags unavailable: %s", type(error).__name__)
        return True


def offer_for(topic: Topic, tracker: Tracker) -> Optional[str]:
    """The pending offer this answer makes ("exercise:<id>" or "topic:<id>"), if any fits."""
    offer = topic.offer
    if offer is None:
        return None
    if offer.topic:
        return None if offer.topic in (tracker.get_slot("topics_answered") or []) else f"topic:{offer.topic}"
    exercise = CATALOGUE[offer.exercise]
    role = tracker.get_slot("role")
    if role and role not in exercise.roles:
        return None  # written for the other partner
    if exercise.partner_present and _joint_work_off(tracker):
        return None  # couples work is off here; the answer stands alone
    return f"exercise:{exercise.id}"


def _offer_text(dispatcher: CollectingDispatcher, pending: str) -> None:
    kind, item = pending.split(":", 1)
    if kind == "exercise":
        exercise = CATALOGUE[item]
        send(dispatcher, "topic_offer_exercise", title=exercise.title, minutes=str(exercise.duration_minutes))
    else:
        send(dispatcher, "topic_offer_topic", title=LIBRARY[item].title.lower())


def answer(dispatcher: CollectingDispatcher, tracker: Tracker, topic: Topic) -> List[EventType]:
    dispatcher.utter_message(
        text=topic.answer_for(tracker.get_slot("role"), tracker.get_slot("betrayal_type"))
    )
    reflect(dispatcher, tracker)  # the question first, then what they told us
    pending = offer_for(topic, tracker)
    if pending:
        _offer_text(dispatcher, pending)
    answered = [t for t in tracker.get_slot("topics_answered") or [] if t != topic.id] + [topic.id]
    return [SlotSet("pending_offer", pending), SlotSet("topics_answered", answered)]


class ActionAnswerTopic(Action):
    def name(self) -> Text:
        return "action_answer_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        topic_id = selected_topic(tracker.latest_message, LIBRARY)
        if topic_id is None:
            return offer_nearest(dispatcher, tracker)
        return [*arc_moves_on(tracker), *answer(dispatcher, tracker, LIBRARY[topic_id])]


def arc_moves_on(tracker: Tracker) -> List[EventType]:
    """A question asked inside a disclosure, hurt or apology still moves the arc on."""
    arc_intent = tracker.latest_message.get("arc_intent")
    current = tracker.get_slot("stage")
    new_stage = advance_stage(current, arc_intent) if arc_intent else current
    return [SlotSet("stage", new_stage)] if new_stage != current else []


def offer_nearest(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """ "Did you mean": the nearest topics as buttons, or a plain request to rephrase."""
    candidates = nearest_topics(tracker.latest_message, LIBRARY)
    if not candidates:
        dispatcher.utter_message(response="utter_ask_rephrase")
        return [SlotSet("pending_offer", None)]
    buttons = [{"title": LIBRARY[t].title, "payload": f'/ask{{"topic": "{t}"}}'} for t in candidates]
    buttons.append({"title": "Something else", "payload": "/dont_know"})
    dispatcher.utter_message(text=pick(MESSAGES, "did_you_mean").text, buttons=buttons)
    return [SlotSet("pending_offer", None)]


class ActionOfferNearestTopics(Action):
    """The first answer to a message the classifier could not place."""

    def name(self) -> Text:
        return "action_offer_nearest_topics"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        return offer_nearest(dispatcher, tracker)


class ActionAcceptOffer(Action):
    """ "Yes" to what was just offered: exactly that, nothing else."""

    def name(self) -> Text:
        return "action_accept_offer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        pending = tracker.get_slot("pending_offer")
        if not pending:
            send(dispatcher, "nothing_offered")
            return []
        kind, item = pending.split(":", 1)
        if kind == "topic":
            return answer(dispatcher, tracker, LIBRARY[item])
        exercise = CATALOGUE[item]
        try:
            with person_session(tracker) as (session, person):
                record_offer(session, person, exercise.id, tracker.get_slot("stage"))
        except SQLAlchemyError as error:  # the exercise still helps without the history row
            logger.warning("exercise offer not recorded: %s", type(error).__name__)
        dispatcher.utter_message(text=describe(exercise, ""))
        send(dispatcher, "exercise_follow_up")
        offered = tracker.get_slot("exercises_offered") or []
        return [
            SlotSet("pending_offer", None),
            SlotSet("exercise_id", exercise.id),
            SlotSet("exercises_offered", [*offered, exercise.id]),
        ]


class ActionDeclineOffer(Action):
    def name(self) -> Text:
        return "action_decline_offer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        send(dispatcher, "offer_declined")
        return [SlotSet("pending_offer", None)]
