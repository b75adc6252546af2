"""Turns a Rasa tracker (its JSON form) into per-turn records a report can show."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CRISIS_ACTIONS = {"action_crisis_support", "action_young_person"}
EXERCISE_ACTIONS = {
    "action_suggest_exercise",
    "action_propose_plan",
    "action_accept_offer",
    "action_offer_nearest_topics",
    "action_answer_topic",  # "writing a letter you dont send. can i do that" shows the card
}
INTERNAL_ACTIONS = {"action_listen", "action_extract_slots", "action_session_start"}


@dataclass
class TurnRecord:
    """One user message and everything the assistant did until it listened again."""

    text: str
    intent: str | None
    confidence: float
    actions: list[str] = field(default_factory=list)
    replies: list[dict] = field(default_factory=list)
    slots_set: dict[str, Any] = field(default_factory=dict)
    safety: dict[str, Any] | None = None
    stage: str | None = None  # after the turn
    role: str | None = None

    @property
    def crisis(self) -> bool:
        return bool(CRISIS_ACTIONS & set(self.actions))

    @property
    def exercises(self) -> list[str]:
        """Exercises suggested in this turn (one, or a plan's two or three)."""
        if not EXERCISE_ACTIONS & set(self.actions):
            return []
        if self.slots_set.get("plan_exercises"):
            return list(self.slots_set["plan_exercises"])
        return [self.slots_set["exercise_id"]] if self.slots_set.get("exercise_id") else []

    @property
    def reply_text(self) -> str:
        return "\n".join(reply.get("text") or "" for reply in self.replies)


def turns_from_events(events: list[dict]) -> list[TurnRecord]:
    """Splits a tracker's events into turns, carrying stage and role forward."""
    turns: list[TurnRecord] = []
    stage = role = None
    opening: list[dict] = []  # the session's opening lines come before the first user event
    for event in events:
        kind = event.get("event")
        if kind == "user":
            parse = event.get("parse_data") or {}
            intent = parse.get("intent") or {}
            turns.append(
                TurnRecord(
                    text=event.get("text") or "",
                    intent=intent.get("name"),
                    confidence=float(intent.get("confidence") or 0.0),
                    safety=parse.get("safety"),
                    stage=stage,
                    role=role,
                    replies=opening,
                )
            )
            opening = []
        elif kind == "slot":
            if event.get("name") == "stage":
                stage = event.get("value")
            if event.get("name") == "role":
                role = event.get("value")
            if turns:
                turns[-1].slots_set[event.get("name")] = event.get("value")
                turns[-1].stage, turns[-1].role = stage, role
        elif kind == "action" and turns and event.get("name") not in INTERNAL_ACTIONS:
            turns[-1].actions.append(event.get("name"))
        elif kind == "bot":
            data = event.get("data") or {}
            reply = {"text": event.get("text"), "buttons": data.get("buttons") or []}
            (turns[-1].replies if turns else opening).append(reply)
    return turns
