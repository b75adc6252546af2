"""Where a person is in the recovery arc, and how a topic moves them along it."""

from __future__ import annotations

from typing import Optional

STAGES = ("acknowledgement", "feelings", "accountability", "reassurance", "repair_planning")

# The stage each topic belongs to; other intents leave the stage alone.
TOPIC_STAGE = {
    "disclosure": "acknowledgement",
    "inform": "acknowledgement",
    "hurt": "feelings",
    "apology": "accountability",
    "reassurance": "reassurance",
    "plan_repair": "repair_planning",
}


def stage_index(stage: Optional[str]) -> int:
    """Position of a stage in the arc; -1 before the arc has started."""
    return STAGES.index(stage) if stage in STAGES else -1


def advance_stage(current: Optional[str], intent: str) -> Optional[str]:
    """The stage after a message with `intent`: the arc only moves forward.

    Readiness gate: planning waits until the hurt has been heard, so a person who asks
    for a plan straight after a disclosure is taken to feelings first.
    """
    target = TOPIC_STAGE.get(intent)
    if target is None:
        return current
    if target == "repair_planning" and stage_index(current) < stage_index("feelings"):
        target = "feelings"
    return target if stage_index(target) > stage_index(current) else current
