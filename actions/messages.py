"""Sends the bot's words, the responses in domain.yml: through Rasa's NLG where it can, read
here (loaded once, when the action server starts) where the action fills them in itself."""

from typing import Any, Callable, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.messages import Message, load_messages, pick

MESSAGES = load_messages()


def utter(dispatcher: CollectingDispatcher, message: Message) -> None:
    dispatcher.utter_message(text=message.text, buttons=list(message.buttons))


def bot_texts(tracker: Optional[Tracker]) -> List[str]:
    """What the person has read so far in this conversation, oldest first."""
    if tracker is None:
        return []
    return [event["text"] for event in tracker.events if event.get("event") == "bot" and event.get("text")]


def recent_bot_texts(tracker: Tracker, turns: int = 5) -> List[str]:
    """What the person has read since their `turns`-th last message."""
    events = list(tracker.events)
    users = [index for index, event in enumerate(events) if event.get("event") == "user"]
    start = users[-turns] if len(users) >= turns else 0
    return [e["text"] for e in events[start:] if e.get("event") == "bot" and e.get("text")]


def has_entity_buttons(key: str) -> bool:
    """Buttons whose payload carries entities ('/safety_answer{"safety_status": "safe"}'):
    Rasa's NLG would read the JSON as placeholders to fill, so the action fills the text."""
    return any("{" in button["payload"] for message in MESSAGES[key] for button in message.buttons)


def send(
    dispatcher: CollectingDispatcher, key: str, tracker: Optional[Tracker] = None, **values: str
) -> None:
    """Response `utter_<key>` with its {placeholders} filled from `values`, in a wording the
    person has not read yet (bot/rasa_components/varied_responses.py chooses it)."""
    if has_entity_buttons(key):
        utter(dispatcher, pick(MESSAGES, key, seen=bot_texts(tracker), **values))
    else:
        dispatcher.utter_message(response=f"utter_{key}", **values)


def asking_action(key: str, nothing_to_ask: Optional[Callable[[Tracker], bool]] = None) -> type:
    """An action named `action_<key>` that sends message `key`: how forms ask their questions.
    When `nothing_to_ask(tracker)` holds, it ends the form instead of asking."""

    class AskAction(Action):
        def name(self) -> Text:
            return f"action_{key}"

        async def run(
            self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
        ) -> List[EventType]:
            if nothing_to_ask is not None and nothing_to_ask(tracker):
                return [ActiveLoop(None), SlotSet("requested_slot", None)]
            send(dispatcher, key, tracker=tracker)
            return []

    AskAction.__name__ = AskAction.__qualname__ = "Action" + "".join(part.title() for part in key.split("_"))
    return AskAction
