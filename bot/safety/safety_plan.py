"""The six parts of a safety plan, in the order Stanley and Brown's model asks them."""

from __future__ import annotations

import re

# (part, the message key that asks it, how the saved plan names it)
PARTS = (
    ("warning_signs", "safety_plan_warning_signs", "Warning signs"),
    ("coping", "safety_plan_coping", "Things I can do on my own"),
    ("distraction", "safety_plan_distraction", "People and places that take my mind off it"),
    ("people", "safety_plan_people", "People I can ask for help"),
    ("professionals", "safety_plan_professionals", "Professionals and lines"),
    ("means", "safety_plan_means", "Making my surroundings safer"),
)
_SKIP = re.compile(r"^\W*(skip|pass|next|none|nothing|no|nope|n/?a|idk|i don'?t know|dunno)\W*$")
_STOP = re.compile(r"^\W*(stop|cancel|quit|exit|not now|later|i want to stop|let'?s stop)\W*$")


def is_skip(text: str) -> bool:
    return bool(_SKIP.match((text or "").lower().strip()))


def is_stop(text: str) -> bool:
    return bool(_STOP.match((text or "").lower().strip()))


def format_plan(sections: list[tuple[str, str]], lines: str) -> str:
    """The plan as the person sees it; `lines` (the locale's numbers) always under professionals."""
    names = {part: title for part, _, title in PARTS}
    shown = []
    for part, answer in sections:
        if part == "professionals":
            answer = f"{answer}; {lines}" if answer else lines
        if answer:
            shown.append(f"• {names.get(part, part)}: {answer}")
    return "\n".join(shown)
