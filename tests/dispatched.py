"""What messages an action dispatched read as, when it sent a response by name (Rasa's NLG
fills those in on the Rasa side; here, the first wording is filled in the same way)."""

from bot.messages import load_messages, pick

MESSAGES = load_messages()


def rendered(message: dict) -> str:
    if not message.get("response"):
        return message.get("text") or ""
    values = {key: value for key, value in message.items() if isinstance(value, str)}
    return pick(MESSAGES, message["response"].removeprefix("utter_"), **values).text
