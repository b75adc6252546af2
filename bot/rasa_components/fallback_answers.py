"""What Kintsugi says when part of it is down, so nobody is met with silence.

For the action server (down, hung or failing), the Rasa server answers in its place, in the
action server's own protocol (bot/rasa_components/action_endpoint.py); for a turn that failed
as a whole (the tracker store is down), the channel answers (bot/channels/failed_turns.py).
Safety first: a crisis still gets the crisis answer with the person's contacts (and ends any
open form); a new session still opens with what Kintsugi is and is not; anything else gets
one calm "give me a moment" per turn. Nothing reaches Kintsugi's own tables meanwhile (only
the action server writes them), so a crisis flag lives on in the conversation's slots only.

An action answered for here did not happen, so the turn ends with it (`action_listen`): no
rule goes on as if it had ("Your plan is saved." after a plan that was never saved).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.messages import Message, load_messages, pick
from bot.safety.answers import crisis_answer, locale_of, young_person_answer
from bot.safety.resources import CrisisResources, load_resources

CRISIS_ACTION = "action_crisis_support"
YOUNG_PERSON_ACTION = "action_young_person"
SESSION_START_ACTION = "action_session_start"
# Runs after every message to fill slots; failing it is not worth a message of its own: the
# turn's next custom action (if any) says "give me a moment".
SLOT_MAPPINGS_ACTION = "action_validate_slot_mappings"
# Marks, in the tracker, a message this module sent, so a turn gets only one of them.
FALLBACK_MARK = "kintsugi_fallback"
# Rasa runs a follow-up action next instead of predicting one; action_listen ends the turn.
END_TURN = {"event": "followup", "name": "action_listen"}

ActionServerResponse = dict[str, list[dict[str, Any]]]


def _slot(name: str, value: Any) -> dict[str, Any]:
    return {"event": "slot", "name": name, "value": value}


def _said(message: Message, marked: bool = True) -> dict[str, Any]:
    said: dict[str, Any] = {"text": message.text, "buttons": list(message.buttons)}
    if marked:
        said[FALLBACK_MARK] = True
    return said


def _response(events: list[dict] | None = None, said: list[dict] | None = None) -> ActionServerResponse:
    return {"events": events or [], "responses": said or []}


def _end_any_form(tracker: dict[str, Any]) -> list[dict[str, Any]]:
    """No form question after a safety answer, as the crisis action does."""
    if not (tracker.get("active_loop") or {}).get("name"):
        return []
    return [{"event": "active_loop", "name": None}, _slot("requested_slot", None)]


def already_answered_this_turn(tracker: dict[str, Any]) -> bool:
    """Whether a fallback message went out since the person's latest message."""
    for event in reversed(tracker.get("events") or []):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot" and (event.get("metadata") or {}).get(FALLBACK_MARK):
            return True
    return False


@dataclass(frozen=True)
class FallbackAnswers:
    messages: dict[str, tuple[Message, ...]]
    resources: dict[str, CrisisResources]

    @classmethod
    def load(cls) -> FallbackAnswers:
        """From the responses in domain.yml and data/safety/resources.yml, validated now, not mid-outage."""
        return cls(load_messages(), load_resources())

    def for_action(self, action_name: str, tracker: dict[str, Any]) -> ActionServerResponse:
        """What the action server would have answered, as far as the Rasa server can tell.

        `tracker` is the tracker state Rasa sent with the call (its `tracker` field).
        """
        # A session start ends its own turn (its events end with action_listen), and slot
        # filling runs before the turn's prediction: ending the turn there would leave the
        # person's message unanswered.
        if action_name == SESSION_START_ACTION:
            return self._session_start(tracker)
        if action_name == SLOT_MAPPINGS_ACTION:
            return _response()
        response = self._in_place_of(action_name, tracker)
        response["events"].append(dict(END_TURN))
        return response

    def for_failed_turn(self, parse_data: dict[str, Any] | None, metadata: dict | None) -> Message:
        """The answer when a whole turn failed (e.g. the tracker store is down).

        `parse_data` is what NLU made of the message, if it could be read at all: a message
        that shows a risk still gets the crisis answer.
        """
        parse_data = parse_data or {}
        risk_type = (parse_data.get("safety") or {}).get("risk_type")
        if risk_type or (parse_data.get("intent") or {}).get("name") == "crisis":
            return crisis_answer(self.messages, self.resources, risk_type, locale_of(metadata)).message
        return pick(self.messages, "storage_trouble")

    def _in_place_of(self, action_name: str, tracker: dict[str, Any]) -> ActionServerResponse:
        latest = tracker.get("latest_message") or {}
        locale = locale_of(latest.get("metadata"))
        if action_name == CRISIS_ACTION:
            return self._crisis(tracker, (latest.get("safety") or {}).get("risk_type"), locale)
        if action_name == YOUNG_PERSON_ACTION:
            answer = young_person_answer(self.messages, self.resources, locale)
            return _response([_slot("under_18", True), *_end_any_form(tracker)], [_said(answer)])
        if already_answered_this_turn(tracker):
            return _response()
        return _response(said=[_said(pick(self.messages, "action_server_trouble"))])

    def _crisis(
        self, tracker: dict[str, Any], risk_type: str | None, locale: str | None
    ) -> ActionServerResponse:
        answer = crisis_answer(self.messages, self.resources, risk_type, locale)
        events = [_slot("risk_type", answer.risk_type), *_end_any_form(tracker)]
        if answer.safety_concern:
            events.append(_slot("safety_concern", True))
        return _response(events, [_said(answer.message)])

    def _session_start(self, tracker: dict[str, Any]) -> ActionServerResponse:
        """A new session as actions/session.py opens it, minus what needs Kintsugi's tables."""
        carried = [
            _slot(name, value)
            for name, value in (tracker.get("slots") or {}).items()
            if value is not None and name != "requested_slot"
        ]
        events = [{"event": "session_started"}, *carried, {"event": "action", "name": "action_listen"}]
        return _response(events, [_said(pick(self.messages, "intro"), marked=False)])
