"""The safety flows: a risk answered at once, with the contacts for that risk and the
person's country; "are you safe right now?" and its answers; which kind of risk, when that
is unclear; a correction of what Kintsugi noticed; and the person's age. The safety plan
lives in actions/safety_plan.py. Which of these runs is decided by bot/safety/flow.py.
"""

import logging
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.messages import MESSAGES, bot_texts, send, utter
from actions.people import person_session
from bot.messages import pick
from bot.safety import flow
from bot.safety.age import says_under_18
from bot.safety.answers import FLAG_FOR_RISK, JOINT_WORK_OFF, line_for, locale_of, noticed_phrase
from bot.safety.answers_read import (
    NOT_SAFE,
    SAFE,
    UNSURE,
    read_answer_then_more,
    read_yes_no,
)
from bot.safety.behaviour import name_behaviour
from bot.safety.detector import UNSURE as UNSURE_TYPE
from bot.safety.detector import default_detector
from bot.safety.resources import load_resources, locale_for_country, needs_country, resources_for
from bot.safety.risk_data import RISK_TYPES
from bot.storage.repository import add_safety_flag, lift_safety_flags

logger = logging.getLogger(__name__)
RESOURCES = load_resources()  # validated once, when the action server starts
# Built now, not on the first crisis: loading takes seconds, and a crisis answer must not wait.
DETECTOR = default_detector()


def person_locale(tracker: Tracker) -> Optional[str]:
    """The country the person named, else the locale their channel reports."""
    return tracker.get_slot("country") or locale_of(tracker.latest_message.get("metadata"))


def contacts(tracker: Tracker) -> Dict[str, str]:
    return resources_for(RESOURCES, person_locale(tracker)).contacts()


def user_texts_since_safety(tracker: Tracker) -> List[str]:
    """The person's messages back to the last safety action, oldest first."""
    texts: List[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") in flow.SAFETY_ACTIONS:
            break
        if event.get("event") == "user":
            texts.append(event.get("text") or "")
    return list(reversed(texts))


def remember_flag(tracker: Tracker, flag: str, source: str, noticed: str) -> None:
    """Keeps the flag for the person; the answer never waits on, or fails with, the database."""
    try:
        with person_session(tracker) as (session, person):
            add_safety_flag(session, person, flag, source, noticed)
    except SQLAlchemyError as error:
        logger.warning("could not store a safety flag: %s", type(error).__name__)


def end_any_form(tracker: Tracker) -> List[EventType]:
    """No form question after a safety answer: the open form, if any, is closed."""
    if not tracker.active_loop.get("name"):
        return []
    return [ActiveLoop(None), SlotSet("requested_slot", None)]


def just_answered(tracker: Tracker) -> bool:
    """The bot's last action before this message was a safety answer."""
    seen_message = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_message:
                return False
            seen_message = True
        elif seen_message and event.get("event") == "action" and event.get("name") != "action_listen":
            return event.get("name") in flow.SAFETY_ACTIONS
    return False


def answer_risk(
    dispatcher: CollectingDispatcher, tracker: Tracker, risk_type: str, source: str, text: str
) -> List[EventType]:
    """The answer for this kind of risk, the flag it keeps, and the question it leaves open."""
    values = contacts(tracker)
    if risk_type == UNSURE_TYPE:
        utter(dispatcher, pick(MESSAGES, "crisis_unsure", seen=bot_texts(tracker), **values))
        # Until the person says which it is, joint exercises are withheld in this conversation.
        return [SlotSet("safety_concern", True), SlotSet("safety_asked", flow.ASKED_CRISIS_KIND)]
    key = f"crisis_{risk_type}" if risk_type in RISK_TYPES else "crisis_unknown"
    if risk_type == tracker.get_slot("risk_type") and just_answered(tracker):
        key = "crisis_again"  # the same risk, told more: no second copy of the long answer
    utter(
        dispatcher,
        pick(
            MESSAGES,
            key,
            seen=bot_texts(tracker),
            behaviour=name_behaviour(text),
            line=values[line_for(risk_type)],
            **values,
        ),
    )
    events: List[EventType] = [SlotSet("risk_type", risk_type if risk_type in RISK_TYPES else None)]
    flag = FLAG_FOR_RISK.get(risk_type)
    if flag:
        remember_flag(tracker, flag, source, noticed_phrase(risk_type, text))
        if flag in JOINT_WORK_OFF:
            events.append(SlotSet("safety_concern", True))
    if not tracker.get_slot("country_asked") and needs_country(RESOURCES, person_locale(tracker)):
        send(dispatcher, "ask_country", tracker=tracker)
        events.append(SlotSet("country_asked", True))
    return [*events, SlotSet("safety_asked", flow.ASKED_SAFE_NOW)]


class ActionCrisisSupport(Action):
    def name(self) -> Text:
        return flow.CRISIS

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        safety = tracker.latest_message.get("safety") or {}
        text = tracker.latest_message.get("text") or ""
        risk_type = safety.get("risk_type")
        source = "plain" if "rules" in (safety.get("sources") or []) else "model"
        if not risk_type:  # the policy read it in the last few messages together
            texts = user_texts_since_safety(tracker)
            assessment = DETECTOR.assess_context(texts[:-1], texts[-1] if texts else text)
            risk_type = assessment.risk_type or UNSURE_TYPE
            source = "plain" if "rules" in assessment.sources else "model"
            text = " ".join(texts)
        return [*end_any_form(tracker), *answer_risk(dispatcher, tracker, risk_type, source, text)]


_KIND_WORDS = (
    (r"\b(myself|my life|me dead|suicid\w*|end it)\b", "self_harm"),
    (r"\b(child|children|kids?|son|daughter|baby)\b", "child"),
    (r"\b(hurt (him|her|them|someone)|kill (him|her)|i could hurt|what i might do)\b", "harm_others"),
    (r"\b(control\w*|watch\w*|track\w*|money|phone|not allowed)\b", "abuse"),
    (r"\b(hits?|hurting me|threat\w*|scared of (him|her)|hurts me)\b", "violence"),
)


def kind_from_words(text: str) -> Optional[str]:
    lowered = text.lower()
    return next((kind for pattern, kind in _KIND_WORDS if re.search(pattern, lowered)), None)


class ActionCrisisKind(Action):
    """The person said which kind of risk it is (a button, or their own words)."""

    def name(self) -> Text:
        return flow.CRISIS_KIND

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        text = tracker.latest_message.get("text") or ""
        chosen = next(tracker.get_latest_entity_values("risk_type"), None)
        if chosen not in RISK_TYPES:
            assessment = DETECTOR.assess(text)
            chosen = assessment.risk_type if assessment.risk_type in RISK_TYPES else kind_from_words(text)
        if chosen is None:
            utter(dispatcher, pick(MESSAGES, "crisis_unknown", **contacts(tracker)))
            return [SlotSet("safety_asked", flow.ASKED_SAFE_NOW)]
        # The person chose the words: a flag kept from their own answer counts as plain.
        return answer_risk(dispatcher, tracker, chosen, "plain", " ".join(user_texts_since_safety(tracker)))


class ActionSafetyCheck(Action):
    """The answer to "are you safe right now?": never a new flag, always the numbers again
    when the person is not safe or not sure."""

    def name(self) -> Text:
        return flow.SAFETY_CHECK

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        latest = tracker.latest_message
        answer = next(tracker.get_latest_entity_values("safety_status"), None)
        if answer not in (SAFE, NOT_SAFE, UNSURE):
            # The policy runs this only for a message with no new risk (bot/safety/flow.py).
            answer = read_answer_then_more(latest.get("text") or "", (latest.get("intent") or {}).get("name"))
        values = contacts(tracker)
        line = values[line_for(tracker.get_slot("risk_type"))]
        if answer == NOT_SAFE:
            send(dispatcher, "safety_check_not_safe", tracker=tracker, line=line, **values)
            return [SlotSet("safety_asked", flow.ASKED_SAFE_NOW)]
        if answer == UNSURE:
            send(dispatcher, "safety_check_unsure", tracker=tracker, line=line, **values)
            return [SlotSet("safety_asked", flow.ASKED_SAFE_NOW)]
        if answer == SAFE:
            risk_type = tracker.get_slot("risk_type")
            if FLAG_FOR_RISK.get(risk_type) in JOINT_WORK_OFF:
                # "I'm fine" does not lift what was said in plain words: say why, kindly.
                text = " ".join(user_texts_since_safety(tracker)[:-1])
                send(dispatcher, "safety_flag_kept", tracker=tracker, noticed=noticed_phrase(risk_type, text))
                return [SlotSet("safety_asked", None)]
            send(dispatcher, "safety_check_safe", tracker=tracker)
            return [SlotSet("safety_asked", flow.ASKED_SAFETY_PLAN_OFFER)]
        send(dispatcher, "safety_check_again", tracker=tracker)
        return [SlotSet("safety_asked", flow.ASKED_SAFE_NOW_AGAIN)]


class ActionCorrectSafetyFlag(Action):
    """ "You misread me": say what was noticed and why it asked, and lift the restriction.
    The flag stays in the database, marked as corrected, for review."""

    def name(self) -> Text:
        return flow.CORRECT_FLAG

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        noticed = ""
        try:
            with person_session(tracker) as (session, person):
                lifted = lift_safety_flags(session, person, set(FLAG_FOR_RISK.values()))
                noticed = next((flag.noticed for flag in lifted if flag.noticed), "")
        except SQLAlchemyError as error:
            logger.warning("could not lift a safety flag: %s", type(error).__name__)
        if not noticed:
            noticed = noticed_phrase(tracker.get_slot("risk_type"), "")
        send(dispatcher, "safety_flag_explained", tracker=tracker, noticed=noticed)
        return [SlotSet("safety_concern", False), SlotSet("risk_type", None), SlotSet("safety_asked", None)]


class ActionSetCountry(Action):
    """The person named their country: the contacts from now on are that country's."""

    def name(self) -> Text:
        return flow.SET_COUNTRY

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        said = next(tracker.get_latest_entity_values("country"), None) or tracker.latest_message.get("text")
        locale = locale_for_country(RESOURCES, said)
        events: List[EventType] = [SlotSet("country_asked", True)]
        if locale is None:
            send(dispatcher, "country_other", tracker=tracker, **resources_for(RESOURCES, None).contacts())
            return events
        entry = resources_for(RESOURCES, locale)
        send(
            dispatcher,
            "country_noted",
            tracker=tracker,
            country_name=entry.country or locale,
            **entry.contacts(),
        )
        return [*events, SlotSet("country", locale)]


class ActionYoungPerson(Action):
    """Kintsugi is for adults: a young person gets child-protection contacts, no couples content."""

    def name(self) -> Text:
        return flow.YOUNG_PERSON

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        utter(dispatcher, pick(MESSAGES, "young_person", **contacts(tracker)))
        return [SlotSet("under_18", True), *end_any_form(tracker)]


class ActionAskAge(Action):
    """The person seemed to say they are under 18: asked once, not assumed."""

    def name(self) -> Text:
        return flow.ASK_AGE

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        send(dispatcher, "young_person_check", tracker=tracker)
        return [*end_any_form(tracker), SlotSet("safety_asked", flow.ASKED_AGE)]


class ActionAnswerAge(Action):
    def name(self) -> Text:
        return flow.ANSWER_AGE

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        latest = tracker.latest_message
        text = latest.get("text") or ""
        yes = says_under_18(text) or read_yes_no(text, (latest.get("intent") or {}).get("name"))
        if yes:
            utter(dispatcher, pick(MESSAGES, "young_person", **contacts(tracker)))
            remember_flag(tracker, "under_18", "plain", "you told me you are under 18")
            return [SlotSet("under_18", True), SlotSet("safety_asked", None)]
        send(dispatcher, "young_person_adult", tracker=tracker)
        return [SlotSet("age_checked", True), SlotSet("safety_asked", None)]
