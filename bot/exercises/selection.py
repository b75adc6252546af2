"""Chooses the exercise that fits who is talking, where they are and how they feel now.

Plain Python over plain data, so it runs (and is tested) in microseconds. The same
situation always gives the same choice: ties are broken by exercise id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional

from bot.conversation.stages import stage_index
from bot.exercises.catalogue import Exercise
from bot.exercises.request import ExerciseRequest

SAFETY_BLOCKING_JOINT_WORK = "violence_or_abuse"


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
    request: ExerciseRequest = ExerciseRequest()  # what the person asked for in their own words

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
    together = situation.request.together
    if together is False and exercise.partner_present:
        return False  # asked for something to do alone
    if situation.role == "both":
        return "both" in exercise.roles
    if exercise.partner_present:
        return together is True and "both" in exercise.roles  # one partner, for the two of them
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


def _needed(exercise: Exercise, situation: Situation) -> bool:
    need = situation.request.need
    return need is not None and exercise.id in need.exercises


def eligible(exercise: Exercise, situation: Situation) -> bool:
    """Whether the exercise may be offered now at all."""
    stage = situation.stage or "acknowledgement"
    calming_needed = situation.intensity == "flooded"
    return (
        _fits_person(exercise, situation)
        and is_safe_for(exercise, situation)
        and (calming_needed or stage in exercise.stages or _needed(exercise, situation))
        and (not calming_needed or "flooded" in exercise.intensity)
        and (
            not exercise.betrayal_types
            or situation.betrayal_type in exercise.betrayal_types
            or _needed(exercise, situation)  # "the debt he hid": the money side, whatever else happened
        )
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
    """Why this exercise, now, in one sentence; empty when its purpose says it all (each
    exercise's purpose is its own reason, so no stock sentence is added to every card)."""
    if _needed(exercise, situation):
        return situation.request.need.reason
    if situation.intensity == "flooded":
        return "Because things feel overwhelming right now, this one is about calming your body first."
    if exercise.therapist_only:
        return "This is best done with a therapist; this version helps you prepare for it."
    if exercise.betrayal_types and situation.betrayal_type == "financial":
        return "This one is made for the money side of what happened."
    if situation.request.max_minutes and exercise.duration_minutes <= situation.request.max_minutes:
        return "It fits in the few minutes you have."
    return ""


def named_choice(catalogue: Iterable[Exercise], situation: Situation) -> Optional[Choice]:
    """An exercise the person asked for by name, when it is safe and fits them: stage and
    readiness do not hold back what someone asks for themselves."""
    by_id = {exercise.id: exercise for exercise in catalogue}
    for exercise_id in situation.request.named:
        exercise = by_id.get(exercise_id)
        if exercise and _may_be_named(exercise, situation) and is_safe_for(exercise, situation):
            return Choice(exercise, explain(exercise, situation))
    return None


def _may_be_named(exercise: Exercise, situation: Situation) -> bool:
    """Who is talking is not known yet: what they ask for by name is theirs to try (alone, or
    to take to their partner), unless they asked for something to do alone."""
    if situation.role is None:
        return situation.request.together is not False or not exercise.partner_present
    return _fits_person(exercise, situation)


def _narrowed(candidates: list[Exercise], situation: Situation) -> list[Exercise]:
    """The candidates that match what was asked (the need, then those made for this stage
    among them, the time, together), each narrowing only when something is left."""
    request, stage = situation.request, situation.stage or "acknowledgement"
    for keep in (
        lambda e: request.need is not None and e.id in request.need.exercises,
        lambda e: stage in e.stages,  # a need lets in exercises of any stage; prefer this one's
        lambda e: request.max_minutes is not None and e.duration_minutes <= request.max_minutes,
        lambda e: request.together is True and e.partner_present,
    ):
        matching = [exercise for exercise in candidates if keep(exercise)]
        if matching:
            candidates = matching
    return candidates


def choose_exercise(catalogue: Iterable[Exercise], situation: Situation) -> Optional[Choice]:
    """The exercise asked for by name if it fits, else the best eligible one for what was
    asked, or None when nothing fits (or the person is under 18)."""
    if "under_18" in situation.safety_flags:
        return None
    catalogue = list(catalogue)
    named = named_choice(catalogue, situation)
    if named:
        return named
    candidates = _narrowed([e for e in catalogue if eligible(e, situation)], situation)
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
