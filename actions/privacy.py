"""Deletes everything Kintsugi keeps about the person outside the tracker store: their rows and
exported reports (the tracker store erases the conversation itself once this action has
answered: bot/storage/tracker_store.py)."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.messages import MESSAGES
from actions.people import SECRET, SETTINGS
from bot.messages import pick
from bot.storage.erasure import erase_person
from bot.storage.erasure_marker import ERASED_MARK
from bot.storage.exports import reports_dir

# What the chat page (bot/web/static/kintsugi.js) looks for in a reply's metadata to forget
# the conversation it keeps in the tab's session storage.
FORGET_CONVERSATION = "kintsugi_forget_conversation"


class ActionDeleteMyData(Action):
    def name(self) -> Text:
        return "action_delete_my_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        erase_person(SETTINGS.db_url, reports_dir(SETTINGS.var_dir), SECRET, tracker.sender_id)
        # Sent only once the rows are gone: its mark is what lets the tracker store erase the
        # conversation (a failed delete raises before this, and the conversation stays).
        channel = tracker.get_latest_input_channel()
        # Telegram keeps its own copy of the chat, which only the person can clear.
        done = pick(MESSAGES, "data_deleted_telegram" if channel == "telegram" else "data_deleted")
        if channel == "socketio":
            # The widget shows `text` and passes `metadata` to the page, which then forgets.
            reply = {"text": done.text, "metadata": {FORGET_CONVERSATION: True}}
            dispatcher.utter_message(json_message={"data": reply}, **{ERASED_MARK: True})
        else:
            dispatcher.utter_message(text=done.text, buttons=list(done.buttons), **{ERASED_MARK: True})
        return []
