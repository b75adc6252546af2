"""Who is typing, when two people share one screen: "jess: i still feel sick about it".

A name (or "me", "him", "her") before a colon at the start of a message names the speaker.
Words that often start a message with a colon ("update:", "ps:", "edit:") are not names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

_PREFIX = re.compile(r"^\s*([A-Za-z][A-Za-z'-]{0,19})\s*:\s*(\S.*)$", re.DOTALL)
NOT_NAMES = frozenset(
    "update edit ps pps note q a question answer re fyi btw tldr tl;dr lol ok so also context "
    "background summary yes no well anyway basically honestly".split()
)
# Mirroring, in the listener's words: "what i heard is...", "so you're saying...".
_MIRRORING = re.compile(
    r"^\s*((so|ok|okay|right|alright)\W+)?(what i('?m| am)? (heard|hear|hearing)|i heard you say|so you('re| are) saying|you('re| are) saying|"
    r"so you feel|you feel|what you('re| are) saying|if i got (it|that) right|let me see if i got)",
    re.IGNORECASE,
)

# Asking for a turn: "can we swap?", "my turn", "i want to say something too".
_ASKS_FOR_TURN = re.compile(
    r"\b(can|could|shall) we (swap|switch|change over|trade)\b|\b(swap|switch) (over|places|round|turns)\b|"
    r"\bmy turn\b|\b(can|could|may) i (say|add) something\b|\bi('d| would)? (want|like) to (say|add) something\b|"
    r"\blet me (speak|talk|say something)\b|\b(can|could|may) i (speak|talk) (now|too)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Spoken:
    speaker: Optional[str]  # as written, capitalised ("Jess"); None when no one is named
    text: str  # the message without the name


def split_speaker(message: str) -> Spoken:
    """The speaker named at the start of the message, and what they said."""
    match = _PREFIX.match(message or "")
    if not match or match.group(1).lower() in NOT_NAMES:
        return Spoken(None, message)
    return Spoken(match.group(1).capitalize(), match.group(2).strip())


def asks_for_turn(text: str) -> bool:
    """Whether the speaker asks to speak now, so the two swap roles."""
    return bool(_ASKS_FOR_TURN.search(text or ""))


def is_mirroring(text: str) -> bool:
    """Whether the words say back what the other person said (the listener's part)."""
    return bool(_MIRRORING.search(text or ""))
