"""Two people on one screen (couple mode, bot/conversation/speakers.py): Kintsugi takes turns.

A feeling from one is reflected, and the other is asked to say back what they heard before
answering (the listener's part of speaker-listener); mirroring is noticed when it happens,
and the speakers swap. Goodbye closes the session with what the two of them did.
"""

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.messages import send
from bot.conversation.speakers import is_mirroring, split_speaker


def _other(tracker: Tracker, speaker: Optional[str]) -> Optional[str]:
    """The person at the screen who did not write the latest message."""
    return next((name for name in tracker.get_slot("speakers") or [] if name != speaker), None)


def _session_messages(tracker: Tracker) -> List[str]:
    """The texts the people typed since this session started."""
    texts: List[str] = []
    for event in tracker.events:
        if event.get("event") == "session_started":
            texts = []
        elif event.get("event") == "user" and not (event.get("text") or "").startswith("/"):
            texts.append(event.get("text") or "")
    return texts


class ActionCoupleTurn(Action):
    def name(self) -> Text:
        return "action_couple_turn"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        spoken = split_speaker(tracker.latest_message.get("text") or "")
        other = _other(tracker, spoken.speaker)
        if spoken.speaker and other and is_mirroring(spoken.text):
            send(dispatcher, "couple_mirroring_noticed", speaker=spoken.speaker, other=other)
            return []
        if spoken.speaker and other:
            dispatcher.utter_message(response="utter_reflect_couple", speaker=spoken.speaker, listener=other)
            send(dispatcher, "couple_listener_turn", speaker=spoken.speaker, listener=other)
        else:
            dispatcher.utter_message(response="utter_reflect_hurt")
            send(dispatcher, "couple_who_is_speaking")
        return []


class ActionCoupleSummary(Action):
    """The close of a session together: who spoke, how often someone said back what they heard."""

    def name(self) -> Text:
        return "action_couple_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        spoken = [split_speaker(text) for text in _session_messages(tracker)]
        names = tracker.get_slot("speakers") or []
        mirrors = sum(1 for s in spoken if s.speaker and is_mirroring(s.text))
        turns = ", ".join(f"{name} {sum(1 for s in spoken if s.speaker == name)}" for name in names)
        send(
            dispatcher,
            "couple_summary",
            names=" and ".join(names) or "both of you",
            turns=turns or "no named turns",
            mirrors=str(mirrors),
        )
        dispatcher.utter_message(response="utter_goodbye")
        return []
