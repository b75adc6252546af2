"""Sends the texts of data/messages.yml (loaded once, when the action server starts)."""

from rasa_sdk.executor import CollectingDispatcher

from bot.messages import load_messages, pick

MESSAGES = load_messages()


def send(dispatcher: CollectingDispatcher, key: str, **values: str) -> None:
    message = pick(MESSAGES, key, **values)
    dispatcher.utter_message(text=message.text, buttons=list(message.buttons))
