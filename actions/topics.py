"""Answers from the topic library (data/topics): the question first, then at most one offer.

The topic comes from the topic selector (`response_selector.ask` in the parse,
bot/rasa_components/topic_selector.py) or from a "did you mean" button (entity `topic`).
The offer after an answer is carried by its message, so a "yes" right after it delivers
exactly that (actions/offers.py).
"""

import re
from dataclasses import replace
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.couple import couple_turn, is_couple_turn
from actions.exercises import CATALOGUE, joint_work_off, request_in, suggest
from actions.listening import reflect
from actions.messages import MESSAGES, bot_texts, recent_bot_texts, send
from actions.safety import contacts
from bot.conversation.context import infer_role
from bot.conversation.offers import OFFER_KEY
from bot.conversation.stages import advance_stage
from bot.exercises.request import ExerciseRequest, default_vocabulary
from bot.messages import pick
from bot.topics.context import CONTEXT_MESSAGES, follow_up_in_context, topics_near
from bot.topics.library import Topic, load_library
from bot.topics.nearest import nearest_topics, selected_topic
from bot.topics.routing import asks_something, is_telling

# Asking to do an exercise the message names, rather than asking about it.
_ASKS_TO_DO = re.compile(
    r"\b(can|could|may|should) (i|we) (do|try|start)\b|\b(i|we)('d| would) like to (do|try)\b|"
    r"\b(i|we) want to (do|try)\b|\blet'?s (do|try)\b|\bgive (me|us)\b|\bhow do (i|we) (do|start)\b",
    re.IGNORECASE,
)


# Told of violence or control in this conversation, a person who blames themselves for it.
CONTROL_RISKS = frozenset({"abuse", "violence"})
_BLAMES_SELF = re.compile(
    r"\b(my fault|i deserve (to|what)|deserve (it|this|that)|brought (it|this) on (myself|me)|asked for it|"
    r"because i cheated|because of what i did)\b",
    re.IGNORECASE,
)


# "is there anything i can do right now": a wish for something to do, not a question.
_ASKS_FOR_SOMETHING = re.compile(
    r"\b(anything|something) (i|we) (can|could) do\b|\bwhat (can|could|do|should) (i|we) (even )?do\b",
    re.IGNORECASE,
)


_ASKS_WHAT_TO_DO = re.compile(
    r"\W*(so |but |ok )?(what|wat) (can|could|do|should) i (even )?do\b[\s?!.]*$", re.I
)


def latest_text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def previous_user_text(tracker: Tracker) -> str:
    texts = [event.get("text") or "" for event in tracker.events if event.get("event") == "user"]
    return texts[-2] if len(texts) >= 2 else ""


def something_to_do_now(tracker: Tracker) -> Optional[ExerciseRequest]:
    """What the person wants to do when they ask for something to do and say when or for what
    ("right now", "to stop picturing them"); the need may be in the message before ("i keep
    picturing them together" ... "is there anything i can do right now to stop it")."""
    if not _ASKS_FOR_SOMETHING.search(latest_text(tracker)):
        return None
    request = request_in(tracker)
    if request.need is None:
        request = replace(request, need=default_vocabulary().read(previous_user_text(tracker)).need)
    return request if request.need or request.max_minutes else None


def first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0]


def asks_to_do(text: str) -> bool:
    return bool(_ASKS_TO_DO.search(text))


LIBRARY = load_library(exercise_ids=CATALOGUE.keys())  # checked once: a bad topic stops the server


def offer_for(topic: Topic, tracker: Tracker) -> Optional[str]:
    """The offer this answer makes ("exercise:<id>" or "topic:<id>"), if any fits."""
    offer = topic.offer
    if offer is None:
        return None
    if offer.topic:
        return None if offer.topic in (tracker.get_slot("topics_answered") or []) else f"topic:{offer.topic}"
    exercise = CATALOGUE[offer.exercise]
    role = tracker.get_slot("role")
    if role and role not in exercise.roles:
        return None  # written for the other partner
    if exercise.partner_present and joint_work_off(tracker):
        return None  # couples work is off here; the answer stands alone
    return f"exercise:{exercise.id}"


def _offer_text(dispatcher: CollectingDispatcher, offer: str) -> None:
    """The offer, as a question whose message carries it (bot/conversation/offers.py)."""
    kind, item = offer.split(":", 1)
    if kind == "exercise":
        exercise = CATALOGUE[item]
        values = {"title": exercise.title, "minutes": str(exercise.duration_minutes)}
        message = pick(MESSAGES, "topic_offer_exercise", **values)
    else:
        message = pick(MESSAGES, "topic_offer_topic", title=LIBRARY[item].title_in_sentence)
    dispatcher.utter_message(text=message.text, buttons=list(message.buttons), **{OFFER_KEY: offer})


def answer(dispatcher: CollectingDispatcher, tracker: Tracker, topic: Topic) -> List[EventType]:
    text = topic.answer_for(tracker.get_slot("role"), tracker.get_slot("betrayal_type"))
    if text in recent_bot_texts(tracker):
        # Asked again in other words: the gist and a question, never the paragraph twice.
        send(
            dispatcher,
            "topic_again",
            tracker=tracker,
            title=topic.title_in_sentence,
            gist=first_sentence(text),
        )
        return []
    dispatcher.utter_message(text=text)
    reflect(dispatcher, tracker)  # the question first, then what they told us
    offer = offer_for(topic, tracker)
    if offer:
        _offer_text(dispatcher, offer)
    answered = [t for t in tracker.get_slot("topics_answered") or [] if t != topic.id] + [topic.id]
    return [SlotSet("topics_answered", answered)]


class ActionAnswerTopic(Action):
    def name(self) -> Text:
        return "action_answer_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        if is_couple_turn(tracker):
            return couple_turn(dispatcher, tracker)
        if tracker.get_slot("risk_type") in CONTROL_RISKS and _BLAMES_SELF.search(latest_text(tracker)):
            # "is this my fault" from someone who told of control: not the library's answer on
            # an affair's cause, but that nothing done makes control deserved.
            send(dispatcher, "not_your_fault_when_controlled", tracker=tracker, **contacts(tracker))
            return []
        if tracker.get_slot("risk_type") in CONTROL_RISKS and _ASKS_WHAT_TO_DO.match(latest_text(tracker)):
            # "what can i do", after telling of control: first steps for them, not what Kintsugi does.
            send(dispatcher, "options_when_controlled", tracker=tracker, **contacts(tracker))
            return []
        if request_in(tracker).named and asks_to_do(tracker.latest_message.get("text") or ""):
            return suggest(dispatcher, tracker)  # "writing a letter you dont send. can i do that"
        topic_id = selected_topic(tracker.latest_message, LIBRARY)
        if topic_id is None:
            wanted = something_to_do_now(tracker)
            if wanted is not None:
                return suggest(dispatcher, tracker, wanted)
            return offer_nearest(dispatcher, tracker)
        return [*arc_moves_on(tracker), *answer(dispatcher, tracker, LIBRARY[topic_id])]


def arc_moves_on(tracker: Tracker) -> List[EventType]:
    """A question asked inside a disclosure, hurt or apology still moves the arc on."""
    arc_intent = tracker.latest_message.get("arc_intent")
    current = tracker.get_slot("stage")
    new_stage = advance_stage(current, arc_intent) if arc_intent else current
    return [SlotSet("stage", new_stage)] if new_stage != current else []


def recent_topic(tracker: Tracker) -> Optional[str]:
    """The topic answered last, if within the last CONTEXT_MESSAGES messages (this one
    included) of this session."""
    messages = 0
    for event in reversed(tracker.events):
        if event.get("event") == "session_started":
            return None
        if event.get("event") == "user":
            messages += 1
            if messages > CONTEXT_MESSAGES:
                return None
        elif event.get("event") == "slot" and event.get("name") == "topics_answered" and event.get("value"):
            return event["value"][-1]
    return None


def follow_up_topic(tracker: Tracker) -> Optional[str]:
    """The topic a follow-up question asks about, read with the conversation around it."""
    exercises = [tracker.get_slot(name) for name in ("exercise_id", "follow_up_exercise")]
    nears = topics_near(LIBRARY, recent_topic(tracker), [e for e in exercises if e])
    return follow_up_in_context(tracker.latest_message, LIBRARY, nears)


def offer_nearest(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """An exercise the message names ("a letter you don't send, can i do that"); a follow-up
    question the conversation makes clear; someone telling how things are is listened to;
    else "did you mean": the nearest topics as buttons, or a plain request to rephrase
    (gibberish has no topic near it)."""
    if request_in(tracker).named:
        return suggest(dispatcher, tracker)
    if is_couple_turn(tracker):
        return couple_turn(dispatcher, tracker)
    text = tracker.latest_message.get("text") or ""
    if infer_role(text) == "both" and not tracker.get_slot("couple_mode"):
        # "hi we're both here, sam and alex": how to take turns, not a request to rephrase.
        send(dispatcher, "couple_who_is_speaking", tracker=tracker)
        return []
    follow_up = follow_up_topic(tracker) if asks_something(text) else None
    if follow_up:
        return [*arc_moves_on(tracker), *answer(dispatcher, tracker, LIBRARY[follow_up])]
    candidates = nearest_topics(tracker.latest_message, LIBRARY)
    if is_telling(text):
        # Someone telling how it is, in words no intent or topic fits: listen, do not ask again.
        reflect(dispatcher, tracker)
        dispatcher.utter_message(response="utter_listen_on")
        return []
    if not candidates:
        dispatcher.utter_message(response="utter_ask_rephrase")
        return []
    buttons = [{"title": LIBRARY[t].title, "payload": f'/ask{{"topic": "{t}"}}'} for t in candidates]
    buttons.append({"title": "Something else", "payload": "/dont_know"})
    dispatcher.utter_message(
        text=pick(MESSAGES, "did_you_mean", seen=bot_texts(tracker)).text, buttons=buttons
    )
    return []


class ActionOfferNearestTopics(Action):
    """The first answer to a message the classifier could not place."""

    def name(self) -> Text:
        return "action_offer_nearest_topics"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        return offer_nearest(dispatcher, tracker)
