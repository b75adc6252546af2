"""Suggests a communication exercise that fits the person now (slot `exercise_id`)."""

import logging
import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.messages import send
from actions.people import person_session
from bot.exercises.catalogue import Exercise, load_catalogue
from bot.exercises.selection import Situation, choose_exercise, estimate_intensity
from bot.safety.answers import JOINT_WORK_OFF
from bot.storage.repository import ExerciseHistory, exercise_history, record_offer, safety_flags

logger = logging.getLogger(__name__)

CATALOGUE = load_catalogue()  # validated once: a bad entry stops the action server starting
RECENT_MESSAGES = 3


def _recent_user_messages(tracker: Tracker) -> List[Dict[Text, Any]]:
    messages = [event for event in tracker.events if event.get("event") == "user"]
    return messages[-RECENT_MESSAGES:]


def situation_from(tracker: Tracker, history: ExerciseHistory, stored_flags: frozenset) -> Situation:
    """Reads what selection needs from the tracker and the person's stored history."""
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
    return (
        f"{exercise.title} (about {exercise.duration_minutes} minutes)\n"
        f"{exercise.purpose} {reason}\n\n{steps}"
    )


class ActionSuggestExercise(Action):
    def name(self) -> Text:
        return "action_suggest_exercise"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        try:
            with person_session(tracker) as (session, person):
                situation = situation_from(
                    tracker, exercise_history(session, person), safety_flags(session, person)
                )
                choice = choose_exercise(CATALOGUE.values(), situation)
                if choice:
                    record_offer(session, person, choice.exercise.id, situation.stage)
        except SQLAlchemyError as error:  # still help, from this conversation alone
            logger.warning("exercise history unavailable: %s", type(error).__name__)
            situation = situation_from(tracker, ExerciseHistory(frozenset(), frozenset(), None), frozenset())
            choice = choose_exercise(CATALOGUE.values(), situation)
        if "violence_or_abuse" in situation.safety_flags and asks_for_joint_work(tracker):
            send(dispatcher, "joint_withheld")  # say why, kindly, before what fits
        if choice is None:
            send(dispatcher, "no_exercise_fits")
            return [SlotSet("exercise_id", None)]
        dispatcher.utter_message(text=describe(choice.exercise, choice.reason))
        send(dispatcher, "exercise_follow_up")
        return [
            SlotSet("exercise_id", choice.exercise.id),
            SlotSet("exercises_offered", [*situation.offered, choice.exercise.id]),
        ]
