"""A way to a human: what Kintsugi is, and the contacts a practice configured."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.messages import send
from actions.safety import contacts
from bot.contacts import load_contacts
from bot.safety.answers import line_for

CONTACTS = load_contacts()


class ActionHumanHandoff(Action):
    def name(self) -> Text:
        return "action_human_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        values = contacts(tracker)
        send(
            dispatcher,
            "human_handoff",
            practice=CONTACTS.describe_practice(),
            directory=CONTACTS.directory,
            emergency=values["emergency"],
        )
        risk_type = tracker.get_slot("risk_type")
        if risk_type:  # a person to talk to about what they told us, named, not only a directory
            send(dispatcher, "human_handoff_line", tracker=tracker, line=values[line_for(risk_type)])
        return []
