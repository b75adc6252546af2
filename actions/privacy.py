"""Deletes everything Kintsugi's own tables hold about the person (the tracker store erases
the conversation itself when this action has run: bot/storage/tracker_store.py)."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.messages import send
from actions.people import SETTINGS, key_for
from bot.storage.database import session_scope
from bot.storage.repository import delete_person


class ActionDeleteMyData(Action):
    def name(self) -> Text:
        return "action_delete_my_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        with session_scope(SETTINGS.db_url) as session:
            delete_person(session, key_for(tracker))
        send(dispatcher, "data_deleted")
        return []
