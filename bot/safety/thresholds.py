"""The safety detector's thresholds, read from the safety component's entry in config.yml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.settings import PROJECT_ROOT
from bot.yaml_files import DataFileError, load_yaml_mapping

CONFIG_FILE = PROJECT_ROOT / "config.yml"
COMPONENT = "bot.rasa_components.safety_screen.SafetyScreenComponent"


@dataclass(frozen=True)
class Thresholds:
    model: float = 0.5  # the learned model's risk probability that counts as a risk
    crisis_intent: float = 1.0  # the classifier's `crisis` confidence, anywhere in its ranking
    type_share: float = 0.5  # below this share of the risk probability, the type is unsure
    context_messages: int = 3  # messages read together for a risk spread over several
    context_model: float = 0.7  # the model's threshold for those joined messages
    abuse_model: float = 0.65  # the model alone, when the type it reads is coercive control

    def __post_init__(self) -> None:
        for name in ("model", "crisis_intent", "type_share", "context_model", "abuse_model"):
            if not 0 < getattr(self, name) <= 1:
                raise DataFileError(f"config.yml: {COMPONENT} {name} must be between 0 and 1")
        if self.context_messages < 1:
            raise DataFileError(f"config.yml: {COMPONENT} context_messages must be 1 or more")


def load_thresholds(path: Path = CONFIG_FILE) -> Thresholds:
    for entry in load_yaml_mapping(path).get("pipeline") or []:
        if isinstance(entry, dict) and entry.get("name") == COMPONENT:
            known = Thresholds.__dataclass_fields__
            unknown = set(entry) - set(known) - {"name"}
            if unknown:
                raise DataFileError(f"{path}: {COMPONENT} has unknown settings {sorted(unknown)}")
            return Thresholds(**{key: value for key, value in entry.items() if key in known})
    raise DataFileError(f"{path}: the pipeline needs {COMPONENT}")
