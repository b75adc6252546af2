"""Whether a message really closes the conversation. Ending it wrongly costs the most: at
2 a.m. "sorry its like 2am, i cant sleep and i dont know who else to talk to" was read as
`goodbye` (0.45) and answered "Goodbye for now"."""

from __future__ import annotations

import re

# Words a goodbye uses; a message read as `goodbye` without any of them, and without the
# classifier being sure, is someone still talking. Not "night" or "later" alone: "the night
# i found out" is not a goodbye.
_CLOSING = re.compile(
    r"\b(bye+|byee*|goodbye|good ?night|nite|night night|g2g|gtg|gotta go|got to go|have to go|"
    r"need to go|(go|going|head|heading) (now|off|to bed|to sleep)|log(ging)? off|stop(ping)?|"
    r"done for|leave it (there|for)|call it|enough for|talk (tomorrow|later|soon)|see you|cya|"
    r"thanks|thank you|ty|cheers|take care|lie down|try (and|to) sleep|back tomorrow)\b",
    re.IGNORECASE,
)
SURE = 0.8


def closes(text: str, confidence: float) -> bool:
    """A goodbye the person meant: the classifier is sure, or the words say it."""
    return confidence >= SURE or text.startswith("/") or bool(_CLOSING.search(text))
