"""Picks out what a person says about what happened (how long it went on, how it came out,
who the affair partner is, whether the partner knows), from data/listening/details.yml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.settings import PROJECT_ROOT
from bot.yaml_files import DataFileError, load_yaml_mapping

DETAILS_FILE = PROJECT_ROOT / "data" / "listening" / "details.yml"
FREE_TEXT = "affair_duration"  # its value is the person's own words, not a category
KINDS = ("affair_duration", "discovery", "affair_partner", "partner_knows")
# "together 12 years", "married for 20 years": the relationship's length, not the affair's.
RELATIONSHIP_LENGTH = re.compile(
    r"(together|married|with (him|her|them)|known|dating|relationship)\W+(for\W+)?$", re.IGNORECASE
)
SECOND_PERSON = {"my": "your", "i": "you", "me": "you", "our": "your"}


@dataclass(frozen=True)
class Detail:
    kind: str
    value: str
    span: str  # the words to quote back, in the second person
    start: int
    end: int


def _compile(path: Path, kind: str, patterns: object) -> list[re.Pattern]:
    if not isinstance(patterns, list) or not patterns:
        raise DataFileError(f"{path}, detail '{kind}': needs a list of patterns")
    try:
        return [re.compile(p, re.IGNORECASE) for p in patterns]
    except re.error as error:
        raise DataFileError(f"{path}, detail '{kind}': a pattern does not compile ({error})") from error


@lru_cache(maxsize=4)
def load_patterns(path: Path = DETAILS_FILE) -> dict[str, dict[str, list[re.Pattern]]]:
    """{kind: {value: [patterns]}}; for the free-text kind the value is ""."""
    raw = load_yaml_mapping(path).get("details")
    if not isinstance(raw, dict) or set(raw) - set(KINDS):
        raise DataFileError(f"{path}: needs `details` with kinds among {', '.join(KINDS)}")
    loaded = {}
    for kind, entries in raw.items():
        if kind == FREE_TEXT:
            loaded[kind] = {"": _compile(path, kind, entries)}
        elif isinstance(entries, dict):
            loaded[kind] = {value: _compile(path, f"{kind}.{value}", p) for value, p in entries.items()}
        else:
            raise DataFileError(f"{path}, detail '{kind}': needs values, each with patterns")
    return loaded


def second_person(words: str) -> str:
    return re.sub(
        r"\b(my|i|me|our)\b", lambda m: SECOND_PERSON[m.group(1).lower()], words, flags=re.IGNORECASE
    )


def _counts(kind: str, text: str, match: re.Match) -> bool:
    return kind != FREE_TEXT or not RELATIONSHIP_LENGTH.search(
        text[max(0, match.start() - 30) : match.start()]
    )


def extract(text: str, path: Path = DETAILS_FILE) -> list[Detail]:
    """The first match of each kind, in the order the kinds are listed."""
    found = []
    for kind, values in load_patterns(path).items():
        for value, patterns in values.items():
            match = next((m for p in patterns for m in p.finditer(text) if _counts(kind, text, m)), None)
            if match:
                span = match.group("span") if "span" in match.re.groupindex else match.group(0)
                words = second_person(span.lower())
                found.append(
                    Detail(kind, words if kind == FREE_TEXT else value, words, match.start(), match.end())
                )
                break
    return found
