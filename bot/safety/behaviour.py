"""Names a controlling behaviour in the person's message, so the answer can say what it heard
without labelling anyone ("checking your phone", not "your abuser")."""

from __future__ import annotations

import re

# In order: the first kind a message shows is the one named.
_KINDS = (
    (
        r"\b(nudes?|naked|intimate|videos?|sex tape|pics|pictures|photos)\b.*\b(post|send|share|show|leak|upload)|"
        r"\b(post|send|share|show|leak|upload)\w*\b.*\b(nudes?|naked|intimate|videos?|pics|pictures|photos)\b",
        "threats to share intimate pictures",
    ),
    # "owe" only with sex or "it": "i owe him my passwords" is about the phone, not sex.
    (
        r"\b(sex|say no|in bed|sleep with|make up for it)\b|\bowe[sd]? (him|her|them) (sex|it|that)\b",
        "pressure about sex",
    ),
    (
        r"\b(wages?|salary|bank|card|money|account|allowance|penny|pennies|debts?|loans?|bus fare|spend\w*)\b",
        "control of your money",
    ),
    (
        r"\b(friends?|family|sister|brother|mum|mom|mother|dad|parents|allowed out|not allowed to see|cut off|isolat\w*)\b",
        "keeping you from your friends and family",
    ),
    (
        r"\b(track\w*|airtag|gps|location|find my|spyware|camera|cameras|follow\w*|stalk\w*|turn\w* up|outside (my|the) (house|work))\b",
        "tracking or following where you go",
    ),
    (
        r"\b(phone|messages|texts|passwords?|emails?|dms|screenshots?|read\w* (all|every))\b",
        "checking your phone and messages",
    ),
    (
        r"\b(kids|children|custody|deport\w*|visa|report me|out me)\b",
        "threats about your children or your future",
    ),
)
_COMPILED = tuple((re.compile(pattern), phrase) for pattern, phrase in _KINDS)
UNKNOWN = "what you describe"


def name_behaviour(text: str) -> str:
    """A short noun phrase for the controlling behaviour in `text`, or "what you describe"."""
    lowered = (text or "").lower()
    return next((phrase for pattern, phrase in _COMPILED if pattern.search(lowered)), UNKNOWN)
