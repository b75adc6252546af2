"""What Kintsugi says when a risk shows: the text for the risk type, with the locale's contacts.

One place for it, because two callers must say the same: the crisis actions, and the Rasa
server's fallback when the action server cannot run them (bot/rasa_components/action_fallback.py).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Optional

from bot.messages import Message, pick
from bot.safety.resources import CrisisResources, resources_for

# Flags kept for the person; violence and abuse switch off joint work for good.
FLAG_FOR_RISK = {
    "violence": "violence_or_abuse",
    "abuse": "violence_or_abuse",
    "self_harm": "self_harm",
    "child": "child",
}


@dataclass(frozen=True)
class CrisisAnswer:
    message: Message
    risk_type: Optional[str]
    flag: Optional[str]  # what to keep for the person across conversations, if anything

    @property
    def safety_concern(self) -> bool:
        """Joint exercises and "talk to your partner" advice are withheld from now on."""
        return self.flag == "violence_or_abuse"


def locale_of(metadata: Optional[dict]) -> Optional[str]:
    """The locale a channel reports in the message metadata (e.g. Telegram's language_code)."""
    metadata = metadata or {}
    return metadata.get("locale") or metadata.get("language_code")


def contacts_for(resources: dict[str, CrisisResources], locale: Optional[str]) -> dict[str, str]:
    """The {emergency}, {crisis_line}, {abuse_line} and {child_line} values for a locale."""
    return asdict(resources_for(resources, locale))


def crisis_answer(
    messages: dict[str, tuple[Message, ...]],
    resources: dict[str, CrisisResources],
    risk_type: Optional[str],
    locale: Optional[str],
) -> CrisisAnswer:
    """The answer for `risk_type`; an unknown risk gets the text that names every contact."""
    message = pick(messages, f"crisis_{risk_type or 'unknown'}", **contacts_for(resources, locale))
    return CrisisAnswer(message, risk_type, FLAG_FOR_RISK.get(risk_type or ""))


def young_person_answer(
    messages: dict[str, tuple[Message, ...]], resources: dict[str, CrisisResources], locale: Optional[str]
) -> Message:
    """Kintsugi is for adults: child-protection contacts and no couples content."""
    return pick(messages, "young_person", **contacts_for(resources, locale))
