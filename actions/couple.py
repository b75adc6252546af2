"""Two people on one screen (couple mode, bot/conversation/speakers.py): Kintsugi takes turns.

A feeling from one is reflected, and the other is asked to say back what they heard before
answering (the listener's part of speaker-listener); mirroring is noticed when it happens,
and the speakers swap. Goodbye closes the session with what the two of them did.
"""

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.context import latest_spoken
from actions.messages import send
from actions.stages import messages_this_session
from bot.conversation.closing import closes
from bot.conversation.speakers import asks_for_turn, is_mirroring, split_speaker
from bot.topics.routing import is_telling


def _other(tracker: Tracker, speaker: Optional[str]) -> Optional[str]:
    """The person at the screen who did not write the latest message."""
    return next((name for name in tracker.get_slot("speakers") or [] if name != speaker), None)


class ActionCoupleTurn(Action):
    def name(self) -> Text:
        return "action_couple_turn"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        return couple_turn(dispatcher, tracker)


def couple_turn(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """One turn of speaker and listener: the speaker heard, the other asked to say it back;
    saying it back is noticed."""
    spoken = latest_spoken(tracker)
    other = _other(tracker, spoken.speaker)
    if spoken.speaker and other and asks_for_turn(spoken.text):
        send(dispatcher, "couple_swap", tracker=tracker, speaker=spoken.speaker, other=other)
        return []
    if spoken.speaker and other and is_mirroring(spoken.text):
        send(dispatcher, "couple_mirroring_noticed", tracker=tracker, speaker=spoken.speaker, other=other)
        return []
    if spoken.speaker and other:
        dispatcher.utter_message(response="utter_reflect_couple", speaker=spoken.speaker, listener=other)
        send(dispatcher, "couple_listener_turn", tracker=tracker, speaker=spoken.speaker, listener=other)
    else:
        dispatcher.utter_message(response="utter_reflect_hurt")
        send(dispatcher, "couple_who_is_speaking", tracker=tracker)
    return []


def is_couple_turn(tracker: Tracker) -> bool:
    """In couple mode, a named speaker saying back what they heard, asking for a turn, or
    telling how it is: their turn, whatever intent the words were read as."""
    spoken = latest_spoken(tracker)
    return bool(
        tracker.get_slot("couple_mode")
        and spoken.speaker
        and (is_mirroring(spoken.text) or asks_for_turn(spoken.text) or is_telling(spoken.text))
    )


def _confidence(message: Dict[Text, Any]) -> float:
    return (message.get("intent") or {}).get("confidence") or 0.0


def times(count: int) -> str:
    """ "once", "twice", "3 times": how a person would say it."""
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


class ActionCoupleSummary(Action):
    """The close of a session together: who spoke, how often someone said back what they heard."""

    def name(self) -> Text:
        return "action_couple_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        said = latest_spoken(tracker)
        if said.speaker and not closes(said.text, _confidence(tracker.latest_message)):
            return couple_turn(dispatcher, tracker)  # "maya: ok ill go first. when you..."
        spoken = [split_speaker(text) for text in messages_this_session(tracker)]
        names = tracker.get_slot("speakers") or []
        mirrors = sum(1 for s in spoken if s.speaker and is_mirroring(s.text))
        turns = ", ".join(
            f"{name} spoke {times(sum(1 for s in spoken if s.speaker == name))}" for name in names
        )
        send(
            dispatcher,
            "couple_summary" if mirrors else "couple_summary_no_mirroring",
            names=" and ".join(names) or "both of you",
            turns=turns or "no named turns",
            mirrors=times(mirrors),
        )
        dispatcher.utter_message(response="utter_goodbye")
        return []
