"""Chooses the exercise that fits who is talking, where they are and how they feel now.

Plain Python over plain data, so it runs (and is tested) in microseconds. The same
situation always gives the same choice: ties are broken by exercise id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional

from bot.conversation.stages import stage_index
from bot.exercises.catalogue import Exercise

SAFETY_BLOCKING_JOINT_WORK = "violence_or_abuse"

_STAGE_REASONS = {
    "acknowledgement": "it helps to steady things while you take in what happened",
    "feelings": "it gives the hurt room to be heard without anyone needing to fix it",
    "accountability": "it turns regret into clear, specific ownership",
    "reassurance": "trust grows back through small, steady actions like this one",
    "repair_planning": "it is a solid building block for a repair plan",
}


@dataclass(frozen=True)
class Situation:
    """Everything selection needs to know about the person, with no Rasa types."""

    role: Optional[str] = None
    stage: Optional[str] = None
    betrayal_type: Optional[str] = None
    intensity: str = "moderate"
    safety_flags: frozenset[str] = frozenset()  # violence_or_abuse, under_18
    ongoing_contact: bool = False
    done: frozenset[str] = frozenset()
    unhelpful: frozenset[str] = frozenset()
    offered: tuple[str, ...] = field(default_factory=tuple)  # this conversation, newest last

    @property
    def readiness(self) -> frozenset[str]:
        ready = set()
        if stage_index(self.stage) >= stage_index("feelings"):
            ready.add("hurt_heard")
        if stage_index(self.stage) >= stage_index("reassurance"):
            ready.add("apology_made")
        if not self.ongoing_contact and (
            self.betrayal_type in ("financial", "lying")
            or stage_index(self.stage) >= stage_index("reassurance")
        ):
            ready.add("contact_ended")
        return frozenset(ready)


@dataclass(frozen=True)
class Choice:
    exercise: Exercise
    reason: str


def _fits_person(exercise: Exercise, situation: Situation) -> bool:
    if situation.role == "both":
        return "both" in exercise.roles
    if exercise.partner_present:
        return False
    if situation.role is None:  # unknown: only what suits either partner alone
        return {"hurt_partner", "involved_partner"} <= exercise.roles
    return situation.role in exercise.roles


def is_safe_for(exercise: Exercise, situation: Situation) -> bool:
    """Contraindications: any one of them rules the exercise out, whatever else fits."""
    flags = set(situation.safety_flags)
    if situation.intensity == "flooded":
        flags.add("flooded")
    if situation.ongoing_contact:
        flags.add("ongoing_contact")
    if SAFETY_BLOCKING_JOINT_WORK in flags and exercise.partner_present:
        return False
    return not (exercise.contraindications & flags)


def eligible(exercise: Exercise, situation: Situation) -> bool:
    """Whether the exercise may be offered now at all."""
    stage = situation.stage or "acknowledgement"
    calming_needed = situation.intensity == "flooded"
    return (
        _fits_person(exercise, situation)
        and is_safe_for(exercise, situation)
        and (calming_needed or stage in exercise.stages)
        and (not calming_needed or "flooded" in exercise.intensity)
        and (not exercise.betrayal_types or situation.betrayal_type in exercise.betrayal_types)
        and exercise.needs <= situation.readiness
        and exercise.id not in situation.unhelpful
        and exercise.id not in situation.offered
    )


def _score(exercise: Exercise, situation: Situation) -> int:
    score = 0
    if situation.intensity in exercise.intensity:
        score += 4
    if exercise.betrayal_types:  # made for this kind of betrayal
        score += 3
    if situation.role and exercise.roles == {situation.role}:
        score += 1
    if exercise.id in situation.done:
        score -= 5  # variety: prefer something not yet tried
    if exercise.therapist_only:
        score -= 3
    return score


def explain(exercise: Exercise, situation: Situation) -> str:
    """One sentence on why this exercise, now."""
    if situation.intensity == "flooded":
        return "Because things feel overwhelming right now, this one is about calming your body first."
    if exercise.therapist_only:
        return "This is best done with a therapist; this version helps you prepare for it."
    if exercise.betrayal_types and situation.betrayal_type == "financial":
        return "This one is made for the money side of what happened."
    reason = _STAGE_REASONS.get(situation.stage or "acknowledgement", _STAGE_REASONS["acknowledgement"])
    return f"I suggest it now because {reason}."


def choose_exercise(catalogue: Iterable[Exercise], situation: Situation) -> Optional[Choice]:
    """The best eligible exercise, or None when nothing fits (or the person is under 18)."""
    if "under_18" in situation.safety_flags:
        return None
    candidates = [exercise for exercise in catalogue if eligible(exercise, situation)]
    if not candidates:
        return None
    best = min(candidates, key=lambda exercise: (-_score(exercise, situation), exercise.id))
    return Choice(best, explain(best, situation))


INTENSITY_WORDS = {
    "flooded": (
        "can't breathe",
        "cant breathe",
        "heart is racing",
        "heart racing",
        "heart pounding",
        "panic",
        "shaking",
        "can't think",
        "cant think",
        "spiralling",
        "spiraling",
        "losing it",
        "overwhelmed",
        "falling apart",
    ),
    "calm": ("calmer", "feeling better", "doing okay", "doing ok", "feel calm", "we're good"),
}


def estimate_intensity(recent_texts: Iterable[str], hurt_recently: bool) -> str:
    """flooded / high / moderate / calm from the person's last few messages."""
    text = " ".join(recent_texts).lower().replace("’", "'")
    if any(word in text for word in INTENSITY_WORDS["flooded"]):
        return "flooded"
    if hurt_recently:
        return "high"
    if any(word in text for word in INTENSITY_WORDS["calm"]):
        return "calm"
    return "moderate"
