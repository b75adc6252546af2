"""The session script format, loaded and checked: mistakes name the file, turn and field."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROLES = ("hurt_partner", "involved_partner", "both")
STAGES = ("acknowledgement", "feelings", "accountability", "reassurance", "repair_planning")
BETRAYAL_TYPES = ("affair", "emotional_affair", "secret_contact", "lying", "financial", "other")
EXPECTATION_KEYS = {
    "intent": str, "action": str, "not_action": str, "stage": str, "role": str,
    "exercise": (bool, dict), "crisis": bool, "reply_contains": str, "reply_not_contains": str,
    "rephrase": bool,
}  # fmt: skip
TURN_KEYS = {"user", "button", "new_session", "expect", "note"}


class ScriptError(ValueError):
    """A malformed script; the message names the file, the turn and what is wrong."""


@dataclass(frozen=True)
class Turn:
    number: int
    user: str | None = None  # a typed message
    button: int | None = None  # or: press button N (1-based) of the bot's last message
    new_session: bool = False  # or: come back later (a new session, same person)
    expect: dict[str, Any] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class Script:
    path: Path
    title: str
    # Who the script is written as, all optional: role and betrayal_type are shown in the
    # report (checks on them are the turns' `expect: {role: ...}`); locale picks crisis contacts.
    persona: dict[str, str]
    turns: tuple[Turn, ...]


def _fail(path: Path, where: str, problem: str) -> ScriptError:
    return ScriptError(f"{path}: {where}: {problem}")


def _check_expectations(path: Path, number: int, expect: Any) -> dict[str, Any]:
    where = f"turn {number}, field 'expect'"
    if not isinstance(expect, dict):
        raise _fail(path, where, "must be a mapping")
    for key, value in expect.items():
        if key not in EXPECTATION_KEYS:
            raise _fail(
                path,
                f"turn {number}, field 'expect.{key}'",
                f"unknown expectation (allowed: {', '.join(EXPECTATION_KEYS)})",
            )
        if not isinstance(value, EXPECTATION_KEYS[key]):
            raise _fail(path, f"turn {number}, field 'expect.{key}'", f"wrong type {type(value).__name__}")
    if expect.get("stage") not in (None, *STAGES):
        raise _fail(path, f"turn {number}, field 'expect.stage'", f"unknown stage {expect['stage']!r}")
    if expect.get("role") not in (None, *ROLES):
        raise _fail(path, f"turn {number}, field 'expect.role'", f"unknown role {expect['role']!r}")
    exercise = expect.get("exercise")
    if isinstance(exercise, dict) and set(exercise) - {"stage", "role"}:
        raise _fail(path, f"turn {number}, field 'expect.exercise'", "may only name 'stage' and 'role'")
    return dict(expect)


def _parse_turn(path: Path, number: int, raw: Any) -> Turn:
    if not isinstance(raw, dict):
        raise _fail(path, f"turn {number}", "must be a mapping with 'user', 'button' or 'new_session'")
    unknown = set(raw) - TURN_KEYS
    if unknown:
        raise _fail(
            path,
            f"turn {number}, field '{sorted(unknown)[0]}'",
            f"unknown field (allowed: {', '.join(sorted(TURN_KEYS))})",
        )
    kinds = [k for k in ("user", "button", "new_session") if k in raw]
    if len(kinds) != 1:
        raise _fail(path, f"turn {number}", "needs exactly one of 'user', 'button' or 'new_session'")
    if "user" in raw and not isinstance(raw["user"], str):
        raise _fail(path, f"turn {number}, field 'user'", "must be text")
    if "button" in raw and (not isinstance(raw["button"], int) or raw["button"] < 1):
        raise _fail(path, f"turn {number}, field 'button'", "must be a button number, 1 for the first")
    if "new_session" in raw and raw["new_session"] is not True:
        raise _fail(path, f"turn {number}, field 'new_session'", "must be true")
    return Turn(
        number=number,
        user=raw.get("user"),
        button=raw.get("button"),
        new_session=bool(raw.get("new_session")),
        expect=_check_expectations(path, number, raw.get("expect", {})),
        note=str(raw.get("note", "")),
    )


def load_script(path: Path) -> Script:
    """Reads and checks one script file."""
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ScriptError(f"{path}: cannot be read as YAML ({error})") from error
    if not isinstance(content, dict):
        raise _fail(path, "top level", "must be a mapping with title and turns (and a persona)")
    title = content.get("title")
    if not isinstance(title, str) or not title.strip():
        raise _fail(path, "field 'title'", "must be non-empty text")
    persona = content.get("persona") or {}
    if not isinstance(persona, dict):
        raise _fail(path, "field 'persona'", "must be a mapping of role, betrayal_type and locale")
    if persona.get("role") not in (None, *ROLES):
        raise _fail(path, "field 'persona.role'", f"must be one of {', '.join(ROLES)}")
    if persona.get("betrayal_type") not in (None, *BETRAYAL_TYPES):
        raise _fail(path, "field 'persona.betrayal_type'", f"must be one of {', '.join(BETRAYAL_TYPES)}")
    unknown = set(persona) - {"role", "betrayal_type", "locale"}
    if unknown:
        raise _fail(
            path, f"field 'persona.{sorted(unknown)[0]}'", "unknown (allowed: role, betrayal_type, locale)"
        )
    turns = content.get("turns")
    if not isinstance(turns, list) or not turns:
        raise _fail(path, "field 'turns'", "must be a non-empty list")
    return Script(
        path=path,
        title=title.strip(),
        persona={k: str(v) for k, v in persona.items()},
        turns=tuple(_parse_turn(path, number, raw) for number, raw in enumerate(turns, start=1)),
    )
