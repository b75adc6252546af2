"""What a person asks of an exercise, read from their own words (data/exercise_requests.yml).

"i mean right now, like breathing or something" names a need (calming down) and a time (a few
minutes); "something we can do together" asks for joint work; "the daily reassurance
check-in" names an exercise. Selection (bot/exercises/selection.py) honours what is read here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from bot.settings import PROJECT_ROOT
from bot.yaml_files import DataFileError, load_yaml_mapping

REQUESTS_FILE = PROJECT_ROOT / "data" / "exercise_requests.yml"


@dataclass(frozen=True)
class Need:
    name: str
    words: tuple[str, ...]
    exercises: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class ExerciseRequest:
    """What the message asked for; empty when it asked for nothing in particular."""

    named: tuple[str, ...] = ()  # exercises named, best first
    need: Optional[Need] = None
    max_minutes: Optional[int] = None
    together: Optional[bool] = None  # True: with the partner; False: alone; None: not said


@dataclass(frozen=True)
class RequestVocabulary:
    needs: tuple[Need, ...]
    short_words: tuple[str, ...]
    short_minutes: int
    together_words: tuple[str, ...]
    alone_words: tuple[str, ...]
    names: Mapping[str, tuple[str, ...]]  # phrase -> exercise ids

    def need(self, name: str) -> Optional[Need]:
        return next((need for need in self.needs if need.name == name), None)

    def read(self, text: str) -> ExerciseRequest:
        words = normalise(text)
        named: list[str] = []
        for phrase in sorted(self.names, key=len, reverse=True):  # the longest name first
            if contains(words, phrase):
                named += [exercise for exercise in self.names[phrase] if exercise not in named]
        need = next((need for need in self.needs if any(contains(words, w) for w in need.words)), None)
        short = any(contains(words, w) for w in self.short_words)
        alone = any(contains(words, w) for w in self.alone_words)
        together = any(contains(words, w) for w in self.together_words)
        return ExerciseRequest(
            named=tuple(named),
            need=need,
            max_minutes=self.short_minutes if short else None,
            together=False if alone else (True if together else None),
        )


def normalise(text: str) -> str:
    """Lower case, apostrophes dropped, anything else that is not a letter or digit a space."""
    text = text.lower().replace("’", "'").replace("'", "")
    return " " + " ".join(re.sub(r"[^a-z0-9-]+", " ", text).split()) + " "


def contains(normalised_text: str, phrase: str) -> bool:
    return normalise(phrase) in normalised_text


def _phrases(path: Path, where: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(f"{path}, {where}: needs a list of phrases")
    return tuple(value)


def load_vocabulary(titles: Mapping[str, str], path: Path = REQUESTS_FILE) -> RequestVocabulary:
    """The vocabulary for a catalogue whose exercise titles are `titles` (id -> title); an
    unknown exercise id or a malformed entry names the file and the entry."""
    content = load_yaml_mapping(path)
    needs = []
    for name, entry in (content.get("needs") or {}).items():
        if not isinstance(entry, dict) or not isinstance(entry.get("reason"), str):
            raise DataFileError(f"{path}, need '{name}': needs `words`, `exercises` and `reason`")
        exercises = _phrases(path, f"need '{name}' exercises", entry.get("exercises"))
        _check_known(path, f"need '{name}'", exercises, titles)
        needs.append(
            Need(name, _phrases(path, f"need '{name}' words", entry.get("words")), exercises, entry["reason"])
        )
    short = content.get("short_time") or {}
    if not isinstance(short.get("minutes"), int):
        raise DataFileError(f"{path}, short_time: needs `minutes` (a whole number) and `words`")
    names: dict[str, tuple[str, ...]] = {}
    for exercise_id, title in titles.items():
        names[title] = (*names.get(title, ()), exercise_id)
    for exercise_id, phrases in (content.get("names") or {}).items():
        _check_known(path, "names", [exercise_id], titles)
        for phrase in _phrases(path, f"names of '{exercise_id}'", phrases):
            names[phrase] = (*names.get(phrase, ()), exercise_id)
    return RequestVocabulary(
        needs=tuple(needs),
        short_words=_phrases(path, "short_time words", short.get("words")),
        short_minutes=short["minutes"],
        together_words=_phrases(path, "together words", (content.get("together") or {}).get("words")),
        alone_words=_phrases(path, "alone words", (content.get("alone") or {}).get("words")),
        names=names,
    )


def _check_known(path: Path, where: str, exercise_ids: Iterable[str], titles: Mapping[str, str]) -> None:
    unknown = [e for e in exercise_ids if e not in titles]
    if unknown:
        raise DataFileError(f"{path}, {where}: unknown exercise ids {unknown}")


@lru_cache(maxsize=1)
def default_vocabulary() -> RequestVocabulary:
    from bot.exercises.catalogue import load_catalogue

    return load_vocabulary({e.id: e.title for e in load_catalogue().values()})
