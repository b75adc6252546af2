"""Plays a script turn by turn and checks each expectation against what really happened."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from bot.exercises.catalogue import Exercise
from bot.sessions.script import Script, Turn
from bot.sessions.transcript import TurnRecord, turns_from_events
from bot.sessions.transports import Transport


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    detail: str


@dataclass
class PlayedTurn:
    turn: Turn
    sent: str
    record: TurnRecord
    checks: list[Check] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)


@dataclass
class SessionResult:
    script: Script
    sender: str
    turns: list[PlayedTurn]

    @property
    def checks(self) -> list[Check]:
        return [check for turn in self.turns for check in turn.checks]

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)


def _button_payload(previous: TurnRecord | None, number: int) -> str:
    buttons = [b for reply in (previous.replies if previous else []) for b in reply.get("buttons") or []]
    if not 1 <= number <= len(buttons):
        raise IndexError(f"button {number} was pressed but the last reply had {len(buttons)} button(s)")
    return buttons[number - 1]["payload"]


def check_turn(expect: dict, record: TurnRecord, catalogue: dict[str, Exercise]) -> list[Check]:
    """Each expectation of a turn, passed or failed, with what was seen."""
    checks = []
    if "intent" in expect:
        checks.append(
            Check(
                "intent",
                record.intent == expect["intent"],
                f"expected {expect['intent']}, got {record.intent}",
            )
        )
    if "action" in expect:
        ran = expect["action"] in record.actions
        checks.append(Check(f"runs {expect['action']}", ran, f"actions: {', '.join(record.actions)}"))
    if "not_action" in expect:
        ran = expect["not_action"] in record.actions
        checks.append(
            Check(f"does not run {expect['not_action']}", not ran, f"actions: {', '.join(record.actions)}")
        )
    for slot in ("stage", "role"):
        if slot in expect:
            value = getattr(record, slot)
            checks.append(
                Check(f"{slot} is {expect[slot]}", value == expect[slot], f"{slot} after the turn: {value}")
            )
    if "crisis" in expect:
        checks.append(Check("crisis support" if expect["crisis"] else "no crisis support",
                            record.crisis == expect["crisis"], f"actions: {', '.join(record.actions)}"))  # fmt: skip
    if "exercise" in expect:
        checks.append(_check_exercise(expect["exercise"], record, catalogue))
    if "rephrase" in expect:
        asked = asked_to_rephrase(record)
        name = "asked to rephrase" if expect["rephrase"] else "not asked to rephrase"
        checks.append(Check(name, asked == expect["rephrase"], _short(record.reply_text)))
    if "reply_contains" in expect:
        found = expect["reply_contains"].lower() in record.reply_text.lower()
        checks.append(Check(f"reply contains {expect['reply_contains']!r}", found, _short(record.reply_text)))
    if "reply_not_contains" in expect:
        found = expect["reply_not_contains"].lower() in record.reply_text.lower()
        checks.append(
            Check(
                f"reply does not contain {expect['reply_not_contains']!r}",
                not found,
                _short(record.reply_text),
            )
        )
    return checks


def _check_exercise(expected: bool | dict, record: TurnRecord, catalogue: dict[str, Exercise]) -> Check:
    suggested = [catalogue[e] for e in record.exercises if e in catalogue]
    if expected is False:
        return Check("no exercise suggested", not suggested, f"suggested: {record.exercises}")
    wanted = expected if isinstance(expected, dict) else {}
    fitting = [
        e for e in suggested
        if ("stage" not in wanted or wanted["stage"] in e.stages) and ("role" not in wanted or wanted["role"] in e.roles)
    ]  # fmt: skip
    label = "exercise suggested" + (
        f" ({', '.join(f'{k} {v}' for k, v in wanted.items())})" if wanted else ""
    )
    return Check(label, bool(fitting) and len(fitting) == len(suggested), f"suggested: {record.exercises}")


# Every way Kintsugi says it did not understand: "could you say that another way", "did you
# mean one of these", "I didn't quite catch that", and the choices after a second miss.
REPHRASE_RESPONSES = ("utter_ask_rephrase", "utter_offer_topics", "utter_intake_unclear")
REPHRASE_MESSAGES = ("did_you_mean",)


@lru_cache(maxsize=1)
def _rephrase_texts() -> frozenset[str]:
    from bot.messages import load_messages
    from bot.settings import PROJECT_ROOT
    from bot.yaml_files import load_yaml_mapping

    responses = load_yaml_mapping(PROJECT_ROOT / "domain.yml")["responses"]
    texts = {v["text"] for name in REPHRASE_RESPONSES for v in responses[name]}
    messages = load_messages()
    texts |= {message.text for key in REPHRASE_MESSAGES for message in messages[key]}
    return frozenset(" ".join(text.split()) for text in texts)


def asked_to_rephrase(record: TurnRecord) -> bool:
    """Whether the turn's answer was a request to rephrase or to pick from a list."""
    texts = _rephrase_texts()
    return any(" ".join((reply.get("text") or "").split()) in texts for reply in record.replies)


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def play(
    script: Script,
    transport: Transport,
    catalogue: dict[str, Exercise],
    on_turn: Callable[[PlayedTurn], None] = lambda _: None,
) -> SessionResult:
    """Runs the script as a fresh conversation; `on_turn` is called as each turn finishes."""
    slug = re.sub(r"[^a-z0-9]+", "-", script.title.lower()).strip("-")[:40]
    sender = f"script-{slug}-{uuid.uuid4().hex[:8]}"
    metadata = {"locale": script.persona["locale"]} if script.persona.get("locale") else {}
    played: list[PlayedTurn] = []
    for turn in script.turns:
        previous = played[-1].record if played else None
        if turn.new_session:
            text = "/session_start"
        elif turn.button is not None:
            text = _button_payload(previous, turn.button)
        else:
            text = turn.user
        transport.send(sender, text, metadata)
        record = turns_from_events(transport.events(sender))[-1]
        if played and played[-1].turn.new_session:
            _drop_opening(record, played[-1].record.replies)
        result = PlayedTurn(turn, text, record, check_turn(turn.expect, record, catalogue))
        played.append(result)
        on_turn(result)
    return SessionResult(script, sender, played)


def _drop_opening(record: TurnRecord, opening: list[dict]) -> None:
    """A new session's opening lines come before its first user event, so the transcript puts
    them in the first turn after it too; they were already shown for the coming back."""
    if opening and record.replies[: len(opening)] == opening:
        del record.replies[: len(opening)]


def repeated_replies(result: SessionResult, window: int = 5) -> list[tuple[int, str]]:
    """Bot messages sent again within `window` turns of the first time: (turn number, text)."""
    last_seen: dict[str, int] = {}
    repeats = []
    for index, played in enumerate(result.turns):
        for reply in played.record.replies:
            text = (reply.get("text") or "").strip()
            if not text:
                continue
            if text in last_seen and index - last_seen[text] < window:
                repeats.append((played.turn.number, _short(text, 80)))
            last_seen[text] = index
    return repeats
