"""Reads a person's answer to the safety questions Kintsugi asks, in their own words."""

from __future__ import annotations

import re

SAFE, NOT_SAFE, UNSURE = "safe", "not_safe", "unsure"
ANSWER_WORDS = 6  # longer messages say more than an answer: they are screened as usual

_UNSURE = re.compile(
    r"\b(not sure|unsure|i ?d(o|u)n'?n?o|dunno|idk|i don'?t know|i do not know|maybe|not really sure|"
    r"hard to say|no idea|depends|not certain)\b"
)
# "no" counts only as the first word: "there's no abuse" is not "no, I'm not safe".
_NOT_SAFE = re.compile(
    r"^\W*(no|nope|nah)\b|\b(not safe|unsafe|not really|not at all|i'?m not|i am not|not okay|not ok|"
    r"do ?n'?t think so|do not think so|"
    r"scared|in danger|help)\b"
)
_SAFE = re.compile(
    r"\b(yes|yeah|yep|yh|ya|safe|i'?m ok(ay)?|i am ok(ay)?|fine|all good|i'?m good|alright|all right|"
    r"i think so|think so|i guess so|i suppose so)\b"
)


def read_safety_answer(text: str, intent: str | None = None) -> str | None:
    """SAFE, NOT_SAFE, UNSURE, or None when the message is not an answer to "are you safe?"."""
    text = (text or "").lower().replace("’", "'").strip()
    if not text or len(text.split()) > ANSWER_WORDS:
        return None
    if _UNSURE.search(text):
        return UNSURE
    if _NOT_SAFE.search(text) or intent == "deny":
        return NOT_SAFE
    if _SAFE.search(text) or intent == "affirm":
        return SAFE
    return None


_FIRST_CLAUSE = re.compile(r"^[^.,;!?\n]+")
# Safety told as the absence of danger, at any length: "he doesnt hit me or anything. im not
# scared of him like that". Screened first, so a "but he..." after it has already been heard.
_NO_DANGER = re.compile(
    r"\b(not|never|nt|n't) (scared|afraid|frightened) of (him|her|them)\b|"
    r"\b(doesn'?t|does not|never|wouldn'?t) (hit|hurt|touch)s? me\b|\bnot in (any )?danger\b|"
    r"\b(he'?s|she'?s|they'?re|he is|she is|they are) (at work|out(?! of)|away|not (here|home|in))\b"
)


def read_answer_then_more(text: str, intent: str | None = None) -> str | None:
    """The answer, also when more follows it: "yeah im safe right now. my sister came over"
    answers with its first clause. Only for a message already screened as no new risk."""
    if _NO_DANGER.search((text or "").lower().replace("’", "'")):
        return SAFE
    answer = read_safety_answer(text, intent)
    if answer is not None:
        return answer
    first = _FIRST_CLAUSE.match((text or "").strip())
    return read_safety_answer(first.group(0)) if first and first.group(0) != text.strip() else None


_MISREAD = re.compile(
    r"\b(misread|misunderstood|misunderstand|got (it|that|me|this) wrong|not what i meant|wrong idea)\b"
)


def says_misread(text: str) -> bool:
    """The person says plainly that Kintsugi took them wrongly ("you misread me")."""
    return bool(_MISREAD.search((text or "").lower()))


def read_yes_no(text: str, intent: str | None = None) -> bool | None:
    """True for yes, False for no, None for anything else (an offer's answer)."""
    text = (text or "").lower().strip()
    if re.match(r"(no|nope|nah|not now|no thanks|maybe later|later)\b", text) or intent == "deny":
        return False
    if re.match(r"(yes|yeah|yep|yh|ok|okay|sure|please|go on|let'?s do it)\b", text) or intent == "affirm":
        return True
    return None
