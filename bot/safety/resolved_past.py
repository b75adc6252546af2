"""A risk told as a past that is over: "i self harmed as a teenager but thats long behind me",
"my first husband hit me, twenty years ago. i got out". The issue counts these as ordinary
talk, and people tell them for context. A rule match is set aside only when three things hold:
its own sentence places it in the past, the message says it is resolved, and nothing in the
message brings it into the present ("again", "the urges are back", "yesterday"). The learned
model still reads the message, so a risk told in other words is not lost.
"""

from __future__ import annotations

import re

_PAST = re.compile(
    r"\b(years? ago|as a (teen|teenager|kid|child)|when i was (a )?(teen|teenager|kid|young|younger|\d+)|"
    r"in my (teens|twenties|20s|thirties|30s)|at \d\d\b|back in (19|20)\d\d|in (19|20)\d\d|"
    r"(first|ex-?) ?(husband|wife|partner|boyfriend|girlfriend)|my ex\b|used to)"
)
_RESOLVED = re.compile(
    r"\b(behind me|long gone|(that'?s|its|it'?s) over|never (gone|went|been) back|not going back|clean|"
    r"recovered|got (proper )?help|had therapy|therapy (really )?(worked|helped)|better place|"
    r"(i'?m|i am) (ok|okay|good|fine|safe|better|well) now|now (i'?m|i am) (ok|okay|good|fine|safe|happy)|"
    r"left (him|her|them)|i got out|divorced)\b"
)
_STILL_HAPPENING = re.compile(
    r"\b(again|(are|is|came|coming|creeping|crept) back|relaps\w*|urges?|tempt\w*|lately|recently|"
    r"tonight|today|yesterday|this (morning|week)|last night|every (morning|night|day)|keeps?|still)\b"
)


def told_as_resolved_past(sentence: str, message: str) -> bool:
    """`sentence` holds the rule's match; `message` is the whole message (both lower case)."""
    return bool(_PAST.search(sentence) and _RESOLVED.search(message) and not _STILL_HAPPENING.search(message))
