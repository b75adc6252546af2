"""Notices a person saying they are under 18: Kintsugi is for adults.

Only the person's own age in the first person counts ("i'm 15", "im only 14", "i am
sixteen"), never someone else's ("our daughter, aged 14", "a woman aged 16") or a
difference ("i'm 13 years older than him"). The assistant then asks once to confirm.
"""

from __future__ import annotations

import re

_WORDS = {"thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17}
_AGE = re.compile(
    r"(?:^|[^\w'])(?:i'?m|i am)\s+(?:only\s+|just\s+)?"
    r"(\d{1,2}|thirteen|fourteen|fifteen|sixteen|seventeen)\b"
    r"(?!\s*(?:years?|yrs?|months?|weeks?|wks?|days?|k\b|%|hours?|minutes?|mins?|times?|am\b|pm\b|o'?clock|:|\.\d))"
)
_PHRASES = re.compile(
    r"\b(i'?m|i am) (only )?(a minor|under 18|under eighteen|underage|in high school|in year (7|8|9|10|11|12))\b"
)


def says_under_18(text: str) -> bool:
    """True for "i'm 16", "i am fifteen", "im a minor"; false for "i'm 16 weeks pregnant",
    "our daughter, aged 14" and "i'm 13 years older than him"."""
    text = text.lower().replace("’", "'")
    if _PHRASES.search(text):
        return True
    for match in _AGE.finditer(text):
        raw = match.group(1)
        age = _WORDS.get(raw) or int(raw)
        if 10 <= age < 18:
            return True
    return False
