"""Training, timed once per model and remembered, so a later run can still print how long it took.

A model is trained only when it is missing. Its training time goes into `training.json`
next to it; a run that finds the model reports that time as cached (or as unknown, when
the model was trained by something else).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

RECORD_NAME = "training.json"


@dataclass(frozen=True)
class TrainingTime:
    seconds: float | None  # None: the model was there, trained by something else
    cached: bool  # measured on an earlier run, not this one

    def summary(self) -> dict:
        return {"seconds": self.seconds, "cached": self.cached}


def _records(model: Path) -> dict:
    try:
        return json.loads((model.parent / RECORD_NAME).read_text())
    except (OSError, ValueError):
        return {}


def timed_training(model: Path, train: Callable[[], object]) -> TrainingTime:
    """Runs `train` (which must create `model`) when `model` is missing, timing it."""
    if model.exists():
        recorded = _records(model).get(model.name, {})
        return TrainingTime(recorded.get("seconds"), cached=True)
    started = time.monotonic()
    train()
    seconds = time.monotonic() - started
    if not model.exists():
        raise RuntimeError(f"training finished without creating {model}")
    records = {name: r for name, r in _records(model).items() if (model.parent / name).exists()}
    records[model.name] = {"seconds": seconds, "trained_at": datetime.now(timezone.utc).isoformat()}
    (model.parent / RECORD_NAME).write_text(json.dumps(records, indent=2))
    return TrainingTime(seconds, cached=False)
