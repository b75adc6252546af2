"""Reads the answers a person types while building a plan or reporting on an exercise."""

from __future__ import annotations

import re
from datetime import date, timedelta

_NUMBER_WORDS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def read_frequency(text: str) -> str | None:
    """A short rhythm like "daily" or "three times a week"; None for an empty answer."""
    text = " ".join(text.lower().split()).strip(" .!")
    if not text:
        return None
    if re.search(r"\b(every ?day|daily|each day|every night|nightly)\b", text):
        return "daily"
    if re.search(r"\b(weekly|once a week|every week)\b", text):
        return "weekly"
    match = re.search(r"\b(\d|one|two|three|four|five|six)\s*(x|times)\s*(a|per|each)\s*week\b", text)
    if match:
        count = _NUMBER_WORDS.get(match.group(1)) or int(match.group(1))
        return f"{count} times a week"
    return text[:80]


def is_known_rhythm(frequency: str) -> bool:
    """Whether read_frequency recognised the answer rather than keeping it word for word."""
    return frequency in ("daily", "weekly") or frequency.endswith("times a week")


def read_check_in(text: str, today: date) -> date | None:
    """A check-in date from "in a week", "2 weeks", "10 days", "next friday" or 2026-12-01."""
    text = text.lower()
    iso = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)
    if iso:
        try:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            return None
    span = re.search(r"\b(\d+|a|an|one|two|three|four)\s*(day|week|month)s?\b", text)
    if span:
        count = _NUMBER_WORDS.get(span.group(1)) or int(span.group(1))
        days = {"day": 1, "week": 7, "month": 30}[span.group(2)] * count
        return today + timedelta(days=days) if 0 < days <= 120 else None
    if "tomorrow" in text:
        return today + timedelta(days=1)
    for index, name in enumerate(_WEEKDAYS):
        if name in text:
            ahead = (index - today.weekday()) % 7 or 7
            return today + timedelta(days=ahead)
    return None


# Answers that name no sign at all: "no", "idk", "nothing", "whatever".
_NOT_A_SIGN = re.compile(
    r"^(no+|nope|nah|yes|yeah|yep|ok(ay)?|idk|i (dont|don't|do not) know|not sure|no idea|"
    r"nothing|none|whatever|dunno|n/?a|skip|pass)$"
)


def read_success_sign(text: str) -> str | None:
    """A sign of progress in the person's words, or None when the answer names none."""
    sign = " ".join(text.split()).strip()
    bare = sign.lower().strip(" .!?,")
    if len(bare) < 3 or _NOT_A_SIGN.match(bare):
        return None
    return sign[:500]


_LITTLE_WORDS = frozenset(
    "a an the and or but to of in on at it is was we i you he she they my our his her their "
    "with for that this be been do did didnt doesnt dont not no so just can will would about".split()
)


def _content_words(text: str) -> set[str]:
    words = re.findall(r"[a-z]+", text.lower().replace("'", ""))
    return {_stem(word) for word in words if word not in _LITTLE_WORDS and len(word) > 2}


def _stem(word: str) -> str:
    """ "talked", "talking" and "talks" as "talk": enough to compare a report with a sign."""
    for suffix in ("ing", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def sign_is_met(report: str, sign: str) -> bool:
    """Whether a report ("we went through the accounts on sunday and it didnt turn into a
    fight") says nearly what the saved sign of progress says ("we go through the accounts
    without a fight"): most of the sign's own words come back in it."""
    wanted = _content_words(sign)
    return len(wanted) >= 2 and len(wanted & _content_words(report)) / len(wanted) >= 0.6


def read_outcome(text: str) -> str | None:
    """done / partly / not_yet from a free answer about an exercise."""
    text = text.lower()
    if re.search(r"\b(not yet|didn'?t|did not|haven'?t|have not|no time|skipped|forgot|not really)\b", text):
        return "not_yet"
    if re.search(r"\b(partly|partially|some of|half|a bit|kind of|sort of|started|tried)\b", text):
        return "partly"
    if re.search(r"\b(done|did it|we did|i did|finished|completed|yes|all of it)\b", text):
        return "done"
    return None


def read_helpfulness(text: str) -> int | None:
    """A 1-5 rating from "4", "4/5", "four" or words like "very helpful"."""
    text = text.lower()
    digit = re.search(r"\b([1-5])\b", text)
    if digit:
        return int(digit.group(1))
    for word, value in (("one", 1), ("two", 2), ("three", 3), ("four", 4), ("five", 5)):
        if re.search(rf"\b{word}\b", text):
            return value
    if re.search(r"\b(not helpful|useless|no help|didn'?t help|made it worse)\b", text):
        return 1
    if re.search(r"\b(very helpful|really helped|helped a lot|so helpful)\b", text):
        return 5
    if re.search(r"\b(helpful|helped)\b", text):
        return 4
    return None
