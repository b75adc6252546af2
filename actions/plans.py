"""Repair plans: propose exercises, confirm, save, show, and record how an exercise went."""

import logging
from dataclasses import replace
from datetime import date, timedelta
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.exercises import CATALOGUE, joint_work_off, show_card, situation_from
from actions.messages import asking_action, send
from actions.people import person_session
from bot.conversation.plan_answers import read_check_in, sign_is_met
from bot.conversation.plan_items import OPEN, SWAP, read_plan_item
from bot.exercises.request import ExerciseRequest, default_vocabulary
from bot.exercises.selection import choose_exercise
from bot.storage.models import Plan
from bot.storage.repository import (
    active_plan,
    exercise_history,
    mark_item_done,
    record_feedback,
    replace_plan_item,
    safety_flags,
    save_plan,
)

logger = logging.getLogger(__name__)
PLAN_SIZE = 3
PLAN_SLOTS = ("plan_frequency", "plan_check_in", "plan_success_signs")
DEFAULT_CHECK_IN_DAYS = 7  # when no check-in date was agreed


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


def plan_request(tracker: Tracker) -> ExerciseRequest:
    """What a plan is for: the couple (even when one partner builds it), and after a money
    betrayal, the money exercises first."""
    vocabulary = default_vocabulary()
    need = vocabulary.need("money") if tracker.get_slot("betrayal_type") == "financial" else None
    return ExerciseRequest(need=need, together=None if joint_work_off(tracker) else True)


class ActionProposePlan(Action):
    """Picks two or three exercises that fit now, with selection's usual safety rules."""

    def name(self) -> Text:
        return "action_propose_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        request = plan_request(tracker)  # reads the flags in a session of its own: not nested
        with person_session(tracker) as (session, person):
            situation = situation_from(
                tracker, exercise_history(session, person), safety_flags(session, person), request
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
            send(dispatcher, "plan_nothing_fits", tracker=tracker)
        else:
            send(dispatcher, "plan_proposal", tracker=tracker, items=plan_lines(chosen))
        return [SlotSet("plan_exercises", chosen), *(SlotSet(slot, None) for slot in PLAN_SLOTS)]


class ActionConfirmPlan(Action):
    def name(self) -> Text:
        return "action_confirm_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        if not tracker.get_slot("plan_exercises"):
            return []  # nothing fitted: action_propose_plan has said so, and there is nothing to confirm
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
    """Saves the confirmed plan and says so; a plan with no exercise is never saved."""

    def name(self) -> Text:
        return "action_save_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        exercises = tracker.get_slot("plan_exercises") or []
        if not exercises:
            send(dispatcher, "plan_empty", tracker=tracker)
            return []
        check_in = read_check_in(tracker.get_slot("plan_check_in") or "", date.today()) or (
            date.today() + timedelta(days=DEFAULT_CHECK_IN_DAYS)
        )
        with person_session(tracker) as (session, person):
            save_plan(
                session,
                person,
                exercises,
                tracker.get_slot("plan_frequency") or "",
                check_in,
                tracker.get_slot("plan_success_signs") or "",
            )
        dispatcher.utter_message(response="utter_plan_saved")  # only once it is saved
        return []


class ActionResetPlan(Action):
    def name(self) -> Text:
        return "action_reset_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        return [SlotSet(slot, None) for slot in PLAN_SLOTS]


class ActionShowPlan(Action):
    """The saved plan; or one item of it opened ("how do i do number 2") or swapped on its own
    ("can i swap the self-worth one for something about money")."""

    def name(self) -> Text:
        return "action_show_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        base = plan_request(tracker)  # reads the flags in a session of its own: not nested
        with person_session(tracker) as (session, person):
            plan = active_plan(session, person)
            if plan is None:
                send(dispatcher, "no_plan", tracker=tracker)
                return []
            ids = [item.exercise_id for item in plan.items]
            ask = read_plan_item(tracker.latest_message.get("text") or "", ids)
            if ask is not None and ask.kind == OPEN and ids[ask.position - 1] in CATALOGUE:
                exercise = CATALOGUE[ids[ask.position - 1]]
                send(dispatcher, "plan_item_open", tracker=tracker, number=str(ask.position))
                show_card(dispatcher, exercise, "")
                return [SlotSet("exercise_id", exercise.id)]
            if ask is not None and ask.kind == SWAP:
                request = ExerciseRequest(
                    need=ask.instead.need or base.need,
                    max_minutes=ask.instead.max_minutes,
                    together=base.together,
                )
                situation = situation_from(
                    tracker, exercise_history(session, person), safety_flags(session, person), request
                )
                choice = choose_exercise(
                    CATALOGUE.values(), replace(situation, offered=(*situation.offered, *ids))
                )
                if choice is None:
                    send(dispatcher, "plan_item_no_swap", tracker=tracker)
                    return []
                old = CATALOGUE.get(ids[ask.position - 1])
                replace_plan_item(plan, ask.position, choice.exercise.id)
                send(
                    dispatcher,
                    "plan_item_swapped",
                    tracker=tracker,
                    number=str(ask.position),
                    old=old.title if old else ids[ask.position - 1],
                    new=choice.exercise.title,
                )
            show_saved_plan(dispatcher, plan)
        return []


def show_saved_plan(dispatcher: CollectingDispatcher, plan: Plan) -> None:
    items = plan_lines([item.exercise_id for item in plan.items])
    done = [CATALOGUE[i.exercise_id].title for i in plan.items if i.done_on and i.exercise_id in CATALOGUE]
    send(
        dispatcher,
        "show_plan",
        items=items + (f"\nDone so far: {', '.join(done)}" if done else ""),
        frequency=plan.frequency,
        check_in=readable_date(plan.check_in_on.isoformat()),
        signs=plan.success_signs,
    )


def no_plan_exercises(tracker: Tracker) -> bool:
    """Nothing fitted the plan: the form ends before its first question (an empty plan is never built)."""
    return not tracker.get_slot("plan_exercises")


ActionAskPlanFrequency = asking_action("ask_plan_frequency", no_plan_exercises)
ActionAskPlanCheckIn = asking_action("ask_plan_check_in")
ActionAskPlanSuccessSigns = asking_action("ask_plan_success_signs")


def report_text(tracker: Tracker) -> str:
    """What the person said when they began reporting ("i did the letter thing last night")."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if ((event.get("parse_data") or {}).get("intent") or {}).get("name") == "report_progress":
                return event.get("text") or ""
    return ""


def exercise_to_follow_up(tracker: Tracker, session: Any, person: Any) -> Optional[str]:
    """The exercise a progress report is about: the one it names ("i did the letter thing"),
    else the one followed up or last suggested, else the first unfinished one of the active
    plan; None when there is nothing to report on."""
    named = default_vocabulary().read(report_text(tracker)).named
    exercise_id = (
        next((e for e in named if e in CATALOGUE), None)
        or tracker.get_slot("follow_up_exercise")
        or tracker.get_slot("exercise_id")
    )
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


ASK_RATING_AT_MOST = 2  # then the report is kept without a rating, not asked a third time


def times_asked_in_this_report(tracker: Tracker, action: str) -> int:
    """How often `action` has asked its question since the progress report began."""
    asked = 0
    for event in tracker.events:
        if event.get("event") == "active_loop" and event.get("name") == "progress_form":
            asked = 0
        elif event.get("event") == "action" and event.get("name") == action:
            asked += 1
    return asked


def nothing_to_rate(tracker: Tracker) -> bool:
    """Not done yet (nothing to rate), or the rating already asked twice: the report ends
    without the question."""
    return (
        tracker.get_slot("progress_outcome") == "not_yet"
        or times_asked_in_this_report(tracker, "action_ask_progress_helpfulness") >= ASK_RATING_AT_MOST
        or no_exercise_on_record(tracker)
    )


ActionAskProgressHelpfulness = asking_action("ask_progress_helpfulness", nothing_to_rate)


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
                send(dispatcher, "nothing_to_report", tracker=tracker)
                return reset
            record_feedback(session, person, exercise_id, outcome, int(rating) if rating else None)
            plan = active_plan(session, person)
            if outcome == "done" and plan is not None:
                mark_item_done(session, plan, exercise_id, date.today())
            sign = plan.success_signs if plan is not None else ""
        if sign and sign_is_met(report_text(tracker), sign):
            send(dispatcher, "progress_sign_met", tracker=tracker, sign=sign)
        if outcome == "not_yet":  # still planned: kept as it is, not dropped
            title = CATALOGUE[exercise_id].title if exercise_id in CATALOGUE else "it"
            send(dispatcher, "progress_not_yet", tracker=tracker, title=title)
            return [*reset, SlotSet("exercise_id", exercise_id)]
        next_step = (
            "I won't suggest that one again; let's find something that suits you better."
            if rating is not None and rating <= 2
            else "Would you like to see your plan, or talk about how things are?"
        )
        send(dispatcher, "progress_recorded", tracker=tracker, next=next_step)
        return reset
