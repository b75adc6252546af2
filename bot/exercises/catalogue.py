"""Loads and validates the exercise catalogue (data/exercises/*.yml).

A therapist edits the YAML, not Python; any mistake stops start-up with a message that
names the file, the exercise and the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.conversation.context import BETRAYAL_TYPES, ROLES
from bot.conversation.stages import STAGES
from bot.settings import PROJECT_ROOT
from bot.yaml_files import DataFileError, load_yaml_mapping

CATALOGUE_DIR = PROJECT_ROOT / "data" / "exercises"
INTENSITIES = ("flooded", "high", "moderate", "calm")
READINESS = ("hurt_heard", "apology_made", "contact_ended")
CONTRAINDICATIONS = ("flooded", "violence_or_abuse", "ongoing_contact", "under_18")


class CatalogueError(DataFileError):
    """A catalogue entry is wrong; the message names the file, exercise and field."""


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    purpose: str
    steps: tuple[str, ...]
    stages: frozenset[str]
    roles: frozenset[str]
    partner_present: bool
    duration_minutes: int
    intensity: frozenset[str]
    betrayal_types: frozenset[str]  # empty means any
    needs: frozenset[str]
    contraindications: frozenset[str]
    therapist_only: bool
    source: str


def _text(entry: dict, field: str, where: str) -> str:
    value = entry.get(field)
    if not isinstance(value, str) or not value.strip():
        raise CatalogueError(f"{where}, field '{field}': must be non-empty text")
    return value.strip()


def _flag(entry: dict, field: str, where: str) -> bool:
    value = entry.get(field)
    if not isinstance(value, bool):
        raise CatalogueError(f"{where}, field '{field}': must be true or false")
    return value


def _choices(
    entry: dict, field: str, allowed: tuple[str, ...], where: str, *, empty_ok: bool
) -> frozenset[str]:
    value = entry.get(field)
    if not isinstance(value, list) or (not value and not empty_ok):
        raise CatalogueError(
            f"{where}, field '{field}': must be a list" + ("" if empty_ok else " with at least one value")
        )
    unknown = [item for item in value if item not in allowed]
    if unknown:
        raise CatalogueError(
            f"{where}, field '{field}': unknown value {unknown[0]!r} (allowed: {', '.join(allowed)})"
        )
    return frozenset(value)


def parse_exercise(entry: Any, where: str) -> Exercise:
    """Builds one Exercise, checking every field; `where` is "file, exercise 'id'"."""
    if not isinstance(entry, dict):
        raise CatalogueError(f"{where}: each exercise must be a mapping")
    steps = entry.get("steps")
    if not isinstance(steps, list) or not steps or not all(isinstance(s, str) and s.strip() for s in steps):
        raise CatalogueError(f"{where}, field 'steps': must be a list of non-empty steps")
    duration = entry.get("duration_minutes")
    if not isinstance(duration, int) or isinstance(duration, bool) or duration <= 0:
        raise CatalogueError(f"{where}, field 'duration_minutes': must be a positive whole number")
    betrayal_types = _choices(entry, "betrayal_types", BETRAYAL_TYPES + ("any",), where, empty_ok=False)
    return Exercise(
        id=_text(entry, "id", where),
        title=_text(entry, "title", where),
        purpose=_text(entry, "purpose", where),
        steps=tuple(s.strip() for s in steps),
        stages=_choices(entry, "stages", STAGES, where, empty_ok=False),
        roles=_choices(entry, "roles", ROLES, where, empty_ok=False),
        partner_present=_flag(entry, "partner_present", where),
        duration_minutes=duration,
        intensity=_choices(entry, "intensity", INTENSITIES, where, empty_ok=False),
        betrayal_types=frozenset() if "any" in betrayal_types else betrayal_types,
        needs=_choices(entry, "needs", READINESS, where, empty_ok=True),
        contraindications=_choices(entry, "contraindications", CONTRAINDICATIONS, where, empty_ok=True),
        therapist_only=_flag(entry, "therapist_only", where),
        source=_text(entry, "source", where),
    )


def _check_safety_invariants(exercise: Exercise, where: str) -> None:
    # A joint exercise must never reach someone flooded or at risk from their partner.
    if exercise.partner_present and not {"violence_or_abuse", "flooded"} <= exercise.contraindications:
        raise CatalogueError(
            f"{where}, field 'contraindications': a joint exercise must list violence_or_abuse and flooded"
        )


def load_catalogue(directory: Path = CATALOGUE_DIR) -> dict[str, Exercise]:
    """Reads every *.yml in `directory`; returns exercises by id, in file order."""
    files = sorted(directory.glob("*.yml"))
    if not files:
        raise CatalogueError(f"{directory}: no exercise files (*.yml) found")
    exercises: dict[str, Exercise] = {}
    seen_in: dict[str, Path] = {}
    for path in files:
        entries = load_yaml_mapping(path).get("exercises")
        if not isinstance(entries, list):
            raise CatalogueError(f"{path}: needs a top-level `exercises` list")
        for position, entry in enumerate(entries, start=1):
            name = entry.get("id") if isinstance(entry, dict) else None
            where = f"{path}, exercise '{name or f'#{position}'}'"
            exercise = parse_exercise(entry, where)
            if exercise.id in exercises:
                raise CatalogueError(
                    f"{where}, field 'id': duplicate id, first defined in {seen_in[exercise.id]}"
                )
            _check_safety_invariants(exercise, where)
            exercises[exercise.id] = exercise
            seen_in[exercise.id] = path
    return exercises
