"""One item of a saved plan, asked about in the person's words: "how do i do number 2, the
softened start-up?" opens it; "can i swap the self-worth one for something about money"
swaps it, and only it. Pure functions; actions/plans.py does the rest."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.exercises.request import ExerciseRequest, default_vocabulary

OPEN, SWAP = "open", "swap"
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_POSITION = re.compile(
    r"\b(?:number|no\.?|item|#) ?([1-5])\b|\b(?:the )?(first|1st|second|2nd|third|3rd|fourth|4th)"
    r" (?:one|exercise|item|thing)\b"
)
_SWAP = re.compile(r"\b(swap|replace|switch|change|drop|remove|instead of)\b")
_OPEN = re.compile(
    r"\bhow (do|does|should|can|would)\b|\bshow me\b|\btell me (about|more)\b|"
    r"\bwhat('?s| is| does)\b|\bexplain\b|\bsteps\b|\bopen\b"
)
# "the self-worth one": an exercise named, and pointed at as one of a list.
_THE_ONE = re.compile(r"\bthe [\w' -]{2,30}? (one|exercise)\b")
# What a swap asks for instead: the words after "for" or "with" ("for something about money").
_INSTEAD = re.compile(r"\b(?:for|with) (.+)$")


@dataclass(frozen=True)
class PlanItemAsk:
    kind: str  # OPEN or SWAP
    position: int  # 1-based, in the saved plan
    instead: ExerciseRequest  # what a swap asks for in its place (empty when nothing said)


def refers_to_plan_item(text: str) -> bool:
    """A message about one item of a plan, whatever the intent classifier made of it."""
    lowered = (text or "").lower()
    acts = _SWAP.search(lowered) or _OPEN.search(lowered)
    return bool(acts and (_POSITION.search(lowered) or (_SWAP.search(lowered) and _THE_ONE.search(lowered))))


def read_plan_item(text: str, plan: list[str]) -> PlanItemAsk | None:
    """The item of `plan` (exercise ids in order) the message asks to open or swap, if any."""
    lowered = (text or "").lower()
    if not refers_to_plan_item(lowered):
        return None
    position = _position(lowered, plan)
    if position is None:
        return None
    if _SWAP.search(lowered):
        instead = _INSTEAD.search(lowered.split(_SWAP.search(lowered).group(0), 1)[1])
        request = default_vocabulary().read(instead.group(1)) if instead else ExerciseRequest()
        return PlanItemAsk(SWAP, position, request)
    return PlanItemAsk(OPEN, position, ExerciseRequest())


def _position(lowered: str, plan: list[str]) -> int | None:
    found = _POSITION.search(lowered)
    if found:
        number = int(found.group(1)) if found.group(1) else _ORDINALS[found.group(2)]
        return number if 1 <= number <= len(plan) else None
    named = default_vocabulary().read(lowered).named
    return next((plan.index(exercise_id) + 1 for exercise_id in named if exercise_id in plan), None)
