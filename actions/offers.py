"""Offers are binding: "yes" delivers exactly what the last turn offered, "no" declines it.

The offer is read back from the last turn's messages (bot/conversation/offers.py). With no
offer, a "yes" to an exercise card means "I'll try it"; a "yes" to nothing is taken as
agreement, and the person is asked where to go next.
"""

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.exercises import CATALOGUE, request_in, suggest
from actions.messages import send
from actions.people import person_session
from actions.topics import LIBRARY, answer
from bot.conversation.offers import SOLO, card_in_last_turn, offer_in_last_turn
from bot.exercises.request import ExerciseRequest
from bot.storage.repository import accept_latest_offer

logger = logging.getLogger(__name__)


def _exercise_request(tracker: Tracker, item: str | None) -> ExerciseRequest:
    """What "yes" to an exercise offer asks for: the exercise named, or something on one's
    own, or whatever fits now, together with anything said beside the "yes"."""
    said = request_in(tracker)
    if item == SOLO:
        return ExerciseRequest(need=said.need, max_minutes=said.max_minutes, together=False)
    if item in CATALOGUE:
        # an exercise for the two of them, offered to one partner, is for them to take home
        together = said.together if said.together is not None else CATALOGUE[item].partner_present or None
        return ExerciseRequest(named=(item,), need=said.need, max_minutes=said.max_minutes, together=together)
    return said


def remember_taken_up(tracker: Tracker, exercise_id: str) -> None:
    """Kept for the person, so a later session asks how it went, plan or no plan. A failure
    to write costs only that question: the person still gets their answer."""
    try:
        with person_session(tracker) as (session, person):
            if accept_latest_offer(session, person) != exercise_id:
                logger.info("the exercise taken up was not the latest offered")
    except SQLAlchemyError as error:
        logger.warning("could not keep the exercise taken up: %s", type(error).__name__)


class ActionAcceptOffer(Action):
    def name(self) -> Text:
        return "action_accept_offer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        offer = offer_in_last_turn(tracker.events)
        if offer is None:
            card = card_in_last_turn(tracker.events)
            if card:  # "yes, I'll try it" to the card on screen
                remember_taken_up(tracker, card)
                dispatcher.utter_message(response="utter_exercise_encourage")
                return [SlotSet("exercise_id", card)]
            dispatcher.utter_message(response="utter_continue")
            return []
        if offer.kind == "topic" and offer.item in LIBRARY:
            return answer(dispatcher, tracker, LIBRARY[offer.item])
        if offer.kind == "listen":
            send(dispatcher, "listening", tracker=tracker)
            return []
        return suggest(dispatcher, tracker, _exercise_request(tracker, offer.item))


class ActionDeclineOffer(Action):
    def name(self) -> Text:
        return "action_decline_offer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        if offer_in_last_turn(tracker.events) or card_in_last_turn(tracker.events):
            send(dispatcher, "offer_declined", tracker=tracker)
        else:
            dispatcher.utter_message(response="utter_no_pressure")
        return []
