"""Repair plans: propose exercises, confirm, save, show, and record how an exercise went."""

import logging
from datetime import date
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.exercises import CATALOGUE, situation_from
from actions.messages import asking_action, send
from actions.people import person_session
from bot.exercises.selection import choose_exercise
from bot.storage.repository import (
    active_plan,
    exercise_history,
    mark_item_done,
    record_feedback,
    safety_flags,
    save_plan,
)

logger = logging.getLogger(__name__)
PLAN_SIZE = 3
PLAN_SLOTS = ("plan_frequency", "plan_check_in", "plan_success_signs")


def plan_lines(exercise_ids: List[str]) -> str:
    """A numbered list of exercise titles with their one-line purpose."""
    lines = []
    for number, exercise_id in enumerate(exercise_ids, start=1):
        exercise = CATALOGUE.get(exercise_id)
        lines.append(
            f"{number}. {exercise.title}: {exercise.purpose}" if exercise else f"{number}. {exercise_id}"
        )
    return "\n".join(lines)


def readable_date(iso: Optional[str]) -> str:
    try:
        return date.fromisoformat(iso or "").strftime("%A %d %B")
    except ValueError:
        return iso or "not set"


class ActionProposePlan(Action):
    """Picks two or three exercises that fit now, with selection's usual safety rules."""

    def name(self) -> Text:
        return "action_propose_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        with person_session(tracker) as (session, person):
            situation = situation_from(
                tracker, exercise_history(session, person), safety_flags(session, person)
            )
        chosen: List[str] = []
        for _ in range(PLAN_SIZE):
            choice = choose_exercise(CATALOGUE.values(), situation)
            if choice is None:
                break
            chosen.append(choice.exercise.id)
            situation = situation.__class__(
                **{**situation.__dict__, "offered": (*situation.offered, choice.exercise.id)}
            )
        if not chosen:
            send(dispatcher, "no_exercise_fits")
        else:
            send(dispatcher, "plan_proposal", items=plan_lines(chosen))
        return [SlotSet("plan_exercises", chosen), *(SlotSet(slot, None) for slot in PLAN_SLOTS)]


class ActionConfirmPlan(Action):
    def name(self) -> Text:
        return "action_confirm_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        send(
            dispatcher,
            "plan_summary",
            items=plan_lines(tracker.get_slot("plan_exercises") or []),
            frequency=tracker.get_slot("plan_frequency") or "",
            check_in=readable_date(tracker.get_slot("plan_check_in")),
            signs=tracker.get_slot("plan_success_signs") or "",
        )
        return []


class ActionSavePlan(Action):
    def name(self) -> Text:
        return "action_save_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        with person_session(tracker) as (session, person):
            save_plan(
                session,
                person,
                tracker.get_slot("plan_exercises") or [],
                tracker.get_slot("plan_frequency") or "",
                date.fromisoformat(tracker.get_slot("plan_check_in")),
                tracker.get_slot("plan_success_signs") or "",
            )
        return []


class ActionResetPlan(Action):
    def name(self) -> Text:
        return "action_reset_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        return [SlotSet(slot, None) for slot in PLAN_SLOTS]


class ActionShowPlan(Action):
    def name(self) -> Text:
        return "action_show_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        with person_session(tracker) as (session, person):
            plan = active_plan(session, person)
            if plan is None:
                send(dispatcher, "no_plan")
                return []
            items = plan_lines([item.exercise_id for item in plan.items])
            done = [
                CATALOGUE[i.exercise_id].title for i in plan.items if i.done_on and i.exercise_id in CATALOGUE
            ]
            send(
                dispatcher,
                "show_plan",
                items=items + (f"\nDone so far: {', '.join(done)}" if done else ""),
                frequency=plan.frequency,
                check_in=readable_date(plan.check_in_on.isoformat()),
                signs=plan.success_signs,
            )
        return []


ActionAskPlanFrequency = asking_action("ask_plan_frequency")
ActionAskPlanCheckIn = asking_action("ask_plan_check_in")
ActionAskPlanSuccessSigns = asking_action("ask_plan_success_signs")


def exercise_to_follow_up(tracker: Tracker, session: Any, person: Any) -> Optional[str]:
    """The exercise a progress report is about: the one followed up or last suggested, else the
    first unfinished one of the active plan; None when there is nothing to report on."""
    exercise_id = tracker.get_slot("follow_up_exercise") or tracker.get_slot("exercise_id")
    plan = active_plan(session, person)
    if exercise_id is None and plan is not None:
        exercise_id = next((i.exercise_id for i in plan.items if not i.done_on), None)
    return exercise_id


def no_exercise_on_record(tracker: Tracker) -> bool:
    """Nothing to report on: the progress questions end the report before asking, and
    action_record_progress says so."""
    with person_session(tracker) as (session, person):
        return exercise_to_follow_up(tracker, session, person) is None


ActionAskProgressOutcome = asking_action("ask_progress_outcome", no_exercise_on_record)
ActionAskProgressHelpfulness = asking_action("ask_progress_helpfulness", no_exercise_on_record)


class ActionRecordProgress(Action):
    """Records done / partly / not yet and a 1-5 rating for the exercise being followed up."""

    def name(self) -> Text:
        return "action_record_progress"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        outcome = tracker.get_slot("progress_outcome")
        rating = tracker.get_slot("progress_helpfulness")
        reset = [SlotSet("progress_outcome", None), SlotSet("progress_helpfulness", None)]
        with person_session(tracker) as (session, person):
            exercise_id = exercise_to_follow_up(tracker, session, person)
            if exercise_id is None:
                send(dispatcher, "nothing_to_report")
                return reset
            record_feedback(session, person, exercise_id, outcome, int(rating) if rating else None)
            plan = active_plan(session, person)
            if outcome == "done" and plan is not None:
                mark_item_done(session, plan, exercise_id, date.today())
        next_step = (
            "I won't suggest that one again; let's find something that suits you better."
            if rating is not None and rating <= 2
            else "Would you like to see your plan, or talk about how things are?"
        )
        send(dispatcher, "progress_recorded", next=next_step)
        return reset
