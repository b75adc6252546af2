"""What Kintsugi says when a risk shows: the text for the risk type, with the locale's contacts.

One place for it, because two callers must say the same: the safety actions, and the Rasa
server's fallback when the action server cannot run them (bot/rasa_components/fallback_answers.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from bot.messages import Message, pick
from bot.safety.behaviour import UNKNOWN, name_behaviour
from bot.safety.resources import CrisisResources, resources_for

# Flags kept for the person across conversations.
FLAG_FOR_RISK = {
    "violence": "violence_or_abuse",
    "abuse": "violence_or_abuse",
    "harm_others": "harm_others",
    "self_harm": "self_harm",
    "child": "child",
}
# Flags that switch off joint exercises and "talk to your partner" advice until corrected.
JOINT_WORK_OFF = frozenset({"violence_or_abuse", "harm_others"})
# Which line to give again when the person is not safe or not sure.
LINE_FOR_RISK = {"violence": "abuse_line", "abuse": "abuse_line", "child": "child_line"}
# Said back when the person asks why Kintsugi asked: "I asked because {noticed}".
NOTICED = {
    "self_harm": "you mentioned thoughts of hurting yourself or not wanting to be here",
    "violence": "you mentioned being hurt or threatened",
    "harm_others": "you mentioned wanting to hurt someone",
    "child": "you mentioned a child who might not be safe",
}


@dataclass(frozen=True)
class CrisisAnswer:
    message: Message
    risk_type: Optional[str]
    flag: Optional[str]  # what to keep for the person across conversations, if anything

    @property
    def safety_concern(self) -> bool:
        """Joint exercises and "talk to your partner" advice are withheld from now on."""
        return self.flag in JOINT_WORK_OFF


def locale_of(metadata: Optional[dict]) -> Optional[str]:
    """The locale a channel reports in the message metadata (e.g. Telegram's language_code)."""
    metadata = metadata or {}
    return metadata.get("locale") or metadata.get("language_code")


def contacts_for(resources: dict[str, CrisisResources], locale: Optional[str]) -> dict[str, str]:
    """The {emergency}, {crisis_line}, {abuse_line} and {child_line} values for a locale."""
    return resources_for(resources, locale).contacts()


def line_for(risk_type: Optional[str]) -> str:
    """The contact field to give again for this risk: abuse, child or crisis line."""
    return LINE_FOR_RISK.get(risk_type or "", "crisis_line")


def noticed_phrase(risk_type: Optional[str], text: str) -> str:
    """What Kintsugi noticed, in words it can say back to the person."""
    if risk_type == "abuse":
        behaviour = name_behaviour(text)
        return (
            "you mentioned being controlled or watched"
            if behaviour == UNKNOWN
            else f"you mentioned {behaviour}"
        )
    return NOTICED.get(risk_type or "", "something you wrote sounded like it could be about your safety")


def crisis_answer(
    messages: dict[str, tuple[Message, ...]],
    resources: dict[str, CrisisResources],
    risk_type: Optional[str],
    locale: Optional[str],
    text: str = "",
) -> CrisisAnswer:
    """The answer for `risk_type`; an unknown risk gets the text that names every contact."""
    known = risk_type if risk_type in FLAG_FOR_RISK else None
    key = f"crisis_{known}" if known else "crisis_unknown"
    message = pick(messages, key, behaviour=name_behaviour(text), **contacts_for(resources, locale))
    return CrisisAnswer(message, known, FLAG_FOR_RISK.get(known or ""))


def young_person_answer(
    messages: dict[str, tuple[Message, ...]], resources: dict[str, CrisisResources], locale: Optional[str]
) -> Message:
    """Kintsugi is for adults: child-protection contacts and no couples content."""
    return pick(messages, "young_person", **contacts_for(resources, locale))
