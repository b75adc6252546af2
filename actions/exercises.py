"""Suggests a communication exercise that fits the person now and what they asked for
(slot `exercise_id`); the card carries its exercise id, so "I'll try it" is about that card."""

import logging
import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.messages import send
from actions.people import person_session
from bot.conversation.offers import CARD_KEY
from bot.exercises.catalogue import Exercise, load_catalogue
from bot.exercises.request import ExerciseRequest, default_vocabulary
from bot.exercises.selection import Choice, Situation, choose_exercise, estimate_intensity
from bot.safety.answers import JOINT_WORK_OFF
from bot.storage.repository import ExerciseHistory, exercise_history, record_offer, safety_flags

logger = logging.getLogger(__name__)

CATALOGUE = load_catalogue()  # validated once: a bad entry stops the action server starting
RECENT_MESSAGES = 3


def _recent_user_messages(tracker: Tracker) -> List[Dict[Text, Any]]:
    messages = [event for event in tracker.events if event.get("event") == "user"]
    return messages[-RECENT_MESSAGES:]


def joint_work_off(tracker: Tracker) -> bool:
    """Couples work is off: a safety concern in this conversation or kept for the person, or
    someone under 18. When the flags cannot be read, keep to what is safe either way."""
    if tracker.get_slot("safety_concern") or tracker.get_slot("under_18"):
        return True
    try:
        with person_session(tracker) as (session, person):
            return bool(safety_flags(session, person) & JOINT_WORK_OFF)
    except SQLAlchemyError as error:
        logger.warning("safety flags unavailable: %s", type(error).__name__)
        return True


def request_in(tracker: Tracker) -> ExerciseRequest:
    """What the person's latest message asks of an exercise ("right now", "together", a name)."""
    return default_vocabulary().read(tracker.latest_message.get("text") or "")


def situation_from(
    tracker: Tracker,
    history: ExerciseHistory,
    stored_flags: frozenset,
    request: ExerciseRequest | None = None,
) -> Situation:
    """Reads what selection needs from the tracker, the person's stored history and what they
    asked for (by default, read from their latest message)."""
    recent = _recent_user_messages(tracker)
    hurt_recently = any((m.get("parse_data") or {}).get("intent", {}).get("name") == "hurt" for m in recent)
    flags = set(stored_flags)
    if tracker.get_slot("safety_concern") or flags & JOINT_WORK_OFF:
        flags.add("violence_or_abuse")  # the selection's name for "no joint exercises"
    if tracker.get_slot("under_18"):
        flags.add("under_18")
    return Situation(
        role=tracker.get_slot("role"),
        stage=tracker.get_slot("stage"),
        betrayal_type=tracker.get_slot("betrayal_type"),
        intensity=estimate_intensity((m.get("text") or "" for m in recent), hurt_recently),
        safety_flags=frozenset(flags & {"violence_or_abuse", "under_18"}),
        done=history.done,
        unhelpful=history.unhelpful,
        offered=tuple(tracker.get_slot("exercises_offered") or ()),
        request=request_in(tracker) if request is None else request,
    )


JOINT_WORDS = re.compile(
    r"\b(together|both of us|with (him|her|my (husband|wife|partner))|as a couple|couples?|joint|we)\b"
)


def asks_for_joint_work(tracker: Tracker) -> bool:
    """The person asked for something to do with their partner."""
    return bool(JOINT_WORDS.search((tracker.latest_message.get("text") or "").lower()))


def describe(exercise: Exercise, reason: str) -> str:
    """The exercise as a short chat message."""
    steps = "\n".join(f"{number}. {step}" for number, step in enumerate(exercise.steps, start=1))
    why = f"{exercise.purpose} {reason}".strip()
    return f"{exercise.title} (about {exercise.duration_minutes} minutes)\n{why}\n\n{steps}"


def show_card(dispatcher: CollectingDispatcher, exercise: Exercise, reason: str) -> None:
    """The exercise card, marked with its id (bot/conversation/offers.py), and the follow-up."""
    dispatcher.utter_message(text=describe(exercise, reason), **{CARD_KEY: exercise.id})
    dispatcher.utter_message(response="utter_exercise_follow_up")


def suggest(
    dispatcher: CollectingDispatcher, tracker: Tracker, request: ExerciseRequest | None = None
) -> List[EventType]:
    """Chooses, records and shows the exercise that fits now and what was asked."""
    choice: Choice | None
    try:
        with person_session(tracker) as (session, person):
            situation = situation_from(
                tracker, exercise_history(session, person), safety_flags(session, person), request
            )
            choice = choose_exercise(CATALOGUE.values(), situation)
            if choice:
                record_offer(session, person, choice.exercise.id, situation.stage)
    except SQLAlchemyError as error:  # still help, from this conversation alone
        logger.warning("exercise history unavailable: %s", type(error).__name__)
        empty = ExerciseHistory(frozenset(), frozenset(), None)
        situation = situation_from(tracker, empty, frozenset(), request)
        choice = choose_exercise(CATALOGUE.values(), situation)
    wanted_joint = situation.request.together or asks_for_joint_work(tracker)
    if choice is None:
        send(dispatcher, "no_exercise_fits", tracker=tracker)
        return [SlotSet("exercise_id", None)]
    if "violence_or_abuse" in situation.safety_flags and wanted_joint:
        send(dispatcher, "joint_withheld", tracker=tracker)  # say why, kindly, before what fits
    show_card(dispatcher, choice.exercise, choice.reason)
    return [
        SlotSet("exercise_id", choice.exercise.id),
        SlotSet("exercises_offered", [*situation.offered, choice.exercise.id]),
    ]


class ActionSuggestExercise(Action):
    def name(self) -> Text:
        return "action_suggest_exercise"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        return suggest(dispatcher, tracker)
