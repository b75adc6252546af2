"""Notices a person saying they are under 18: Kintsugi is for adults."""

from __future__ import annotations

import re

_WORDS = {"thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17}
_AGE = re.compile(
    r"\b(?:i'?m|i am|im|i'm only|i am only|age|aged)\s+(?:only\s+)?"
    r"(\d{1,2}|thirteen|fourteen|fifteen|sixteen|seventeen)\b(?!\s*(?:years? together|months|weeks|days|k\b|%))"
)
_PHRASES = re.compile(
    r"\b(i'?m|i am|im) (a minor|under 18|under eighteen|underage|in high school|in year (7|8|9|10|11|12))\b"
)


def says_under_18(text: str) -> bool:
    """True for "i'm 16", "i am fifteen", "im a minor"; false for "i'm 16 weeks pregnant"."""
    text = text.lower().replace("’", "'")
    if _PHRASES.search(text):
        return True
    for match in _AGE.finditer(text):
        raw = match.group(1)
        age = _WORDS.get(raw) or int(raw)
        if 10 <= age < 18:
            return True
    return False
