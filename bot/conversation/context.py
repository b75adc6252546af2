"""Infers who is talking (role) and what kind of betrayal it was from free text.

Buttons send plain sentences, so a tap and a typed answer go through the same rules.
Patterns are deliberately conservative: when the text is ambiguous we return None and
the intake form asks, rather than guess and speak to the wrong partner.
"""

from __future__ import annotations

import re
from typing import Optional

ROLES = ("hurt_partner", "involved_partner", "both")
BETRAYAL_TYPES = ("affair", "emotional_affair", "secret_contact", "lying", "financial", "other")

_PARTNER = (
    r"(he|she|they|my (husband|wife|partner|boyfriend|girlfriend|fiance|fiancee|fiancé|"
    r"fiancée|spouse|bf|gf|hubby|ex))"
)
_WRONGDOING = (
    r"(cheat\w*|lie[sd]?|lying|sle(pt|eping) with|text\w*|sext\w*|hid\w*|hiding|"
    r"(had|having|has had) (an?|this) (\w+ )?(affair|fling|thing with)|seeing|talking to|messag\w*|gambl\w*|spen(t|ding)|"
    r"betray\w*|hooked up|kissed|been on)"
)

# Both partners at the screen, said in the present tense: "we were together 12 years" is
# a story, not two people reading.
_BOTH = [
    r"\b(we are|we're|we) (both (here|reading|on this|talking|writing)|here together|both)\b",
    r"\bwere both (here|on|reading|using|typing)\b",  # "were" typed for "we're"
    r"\bboth of us\b",
    r"\bus both\b",
    r"\b(my \w+ and i|me and my \w+) are (both )?(here|together|reading|on this)\b",
    r"^\s*(both|together|we both|the two of us)\W*$",
]
_HURT = [
    r"\b(cheat\w*|stepped out|went behind my back|lied|lying) (on|to) me\b",
    r"\b(was|been|got|i'?m|am) (cheated on|betrayed|lied to)\b",
    r"\bbetrayed me\b",
    r"\b(hid|hidden|hiding|kept)\b.*\bfrom me\b",
    r"\bi (just )?(found|find|discovered|caught|saw|read|noticed)\b",
    rf"\b{_PARTNER}( has| had| was| is|'?s| is still)?( been)? {_WRONGDOING}",  # "hes been seeing"
    r"\b(his|her|their) (affair|cheating|lies|lying|debt|secret)\b",
    r"\bthe (one|person) who (was|got) (hurt|betrayed|cheated on|lied to)\b",
    r"\bthe (hurt|betrayed) (one|partner|person)\b",
    r"^\s*(hurt|betrayed|the hurt one|me,? i was hurt)\W*$",
]
_INVOLVED = [
    r"\bi (had|have had) (an? (\w+ )?(affair|fling|thing|relationship)|a thing with|sex with|feelings for)\b",
    r"\bi (cheated|had an affair|have been having|slept with|hooked up|kissed|was unfaithful|"
    r"betrayed|lied|hid|have been (hiding|lying|texting|seeing|sleeping|talking|messaging|sexting|"
    r"gambling|spending))\b",
    r"\bi'?ve been (texting|seeing|sleeping|lying|hiding|talking|messaging|sexting|gambling|spending)\b",
    r"\bi was (texting|seeing|sleeping with|talking to|messaging|sexting|cheating|gambling)\b",
    r"\b(i am|i'm|im) (having an affair|seeing someone|in love with)\b",
    r"\bmy (affair|cheating|lies|lying|mistake|infidelity|secret debt)\b",
    r"\bthe one who (cheated|broke|betrayed|lied|messed up|did it|had the affair|hid)\b",
    r"\bbroke (the|her|his|their|our) trust\b",
    # The one keeping it from their partner: "i lost 6k gambling and my wife doesnt know".
    r"\bmy (wife|husband|partner|boyfriend|girlfriend|fiance\w*|spouse) (doesn'?t|does not|dont) know\b",
    r"\bi (lost|owe|ran up|racked up|took out|borrowed) (\S+ ){0,3}(gambl\w*|betting|casino|debts?|loans?|credit)",
    r"\b(tell|confess to|told|admit to) my (wife|husband|partner|boyfriend|girlfriend|fiance\w*|spouse)\b",
    r"\bi (messed|screwed|fucked) (it )?up\b",
    r"^\s*(me,? i did( it)?|i did|i did it|it was me)\W*$",
]

_BETRAYAL_PATTERNS = [
    (
        "financial",
        r"\b(debts?|money|credit cards?|loans?|gambl\w*|betting|spending|spent|savings|"
        r"bank|overdraft|bills|secret account|mortgage|crypto|financ\w*|maxed)\b",
    ),
    ("emotional_affair", r"\b(emotional(ly)?|in love with|feelings for|fell for)\b"),
    (
        "affair",
        r"\b(slept with|sleeping with|sex|hooked up|hook up|one night stand|physical(ly)?|"
        r"escorts?|prostitutes?|paid for)\b",
    ),
    (
        "secret_contact",
        r"\b(text\w*|sext\w*|messag\w*|dms?|tinder|bumble|hinge|grindr|dating (app|site)s?|"
        r"apps?|snapchat|instagram|whatsapp|onlyfans|porn|chat\w*|online|talking to)\b",
    ),
    ("affair", r"\b(affairs?|cheat\w*|unfaithful|seeing someone|kissed|flings?|(a|this) thing with)\b"),
    ("lying", r"\b(li(e|es|ed)|lying|dishonest\w*|secrets?)\b"),
    ("other", r"\b(something else|other|none of (these|them)|different)\b"),
]


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace("’", "'")).strip()


def _count(patterns: list[str], text: str) -> int:
    return sum(1 for pattern in patterns if re.search(pattern, text))


def infer_role(text: str) -> Optional[str]:
    """Returns hurt_partner, involved_partner or both when the text makes it clear, else None."""
    text = _normalise(text)
    if _count(_BOTH, text):
        return "both"
    hurt, involved = _count(_HURT, text), _count(_INVOLVED, text)
    if hurt > involved:
        return "hurt_partner"
    if involved > hurt:
        return "involved_partner"
    return None


def infer_betrayal_type(text: str) -> Optional[str]:
    """Returns the first betrayal type whose words appear, most specific first, else None."""
    text = _normalise(text)
    for betrayal_type, pattern in _BETRAYAL_PATTERNS:
        if re.search(pattern, text):
            return betrayal_type
    return None
