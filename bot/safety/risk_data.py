"""Labelled messages for the learned risk model, read from the project's YAML files.

Two shapes are read: the training files in data/safety/training/ (`examples:` with a list
of texts under each label) and labelled sets (`messages:` with `text`, `risk` and an
optional `previous`), such as a fresh evaluation set once it has been measured and folded in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.settings import PROJECT_ROOT
from bot.yaml_files import DataFileError, load_yaml_mapping

RISK_TYPES = ("self_harm", "violence", "harm_others", "abuse", "child")
LABELS = ("none", *RISK_TYPES)
TRAINING_DIR = PROJECT_ROOT / "data" / "safety" / "training"
# Evaluation sets measured first, then folded into training (README: "An honest measure").
FOLDED_SETS = (
    PROJECT_ROOT / "tests" / "data" / "safety_set.yml",
    PROJECT_ROOT / "tests" / "data" / "safety_fresh_round1.yml",
    PROJECT_ROOT / "tests" / "data" / "safety_fresh_round2.yml",
    PROJECT_ROOT / "tests" / "data" / "safety_fresh_round3.yml",
    PROJECT_ROOT / "tests" / "data" / "safety_fresh_round4.yml",
    PROJECT_ROOT / "tests" / "data" / "safety_fresh_round5.yml",
    PROJECT_ROOT / "tests" / "data" / "safety_fresh_round6.yml",
    PROJECT_ROOT / "tests" / "data" / "safety_fresh_round7.yml",
    PROJECT_ROOT / "tests" / "data" / "safety_fresh_round8.yml",
    PROJECT_ROOT / "tests" / "data" / "safety_fresh_round9.yml",
)
# The intent classifier's examples are ordinary talk with the assistant: all but `crisis`.
NLU_DIR = PROJECT_ROOT / "data" / "nlu"
TOPICS_DIR = PROJECT_ROOT / "data" / "topics"
# Intents whose examples speak of a risk: never learned as "none".
NOT_NEGATIVES = frozenset({None, "crisis", "crisis_kind", "safety_answer"})


@dataclass(frozen=True)
class LabelledText:
    text: str
    label: str  # "none" or a risk type
    previous: str | None = None  # the person's message just before, when the label needs both


def _check_label(path: Path, label: object) -> str:
    if label not in LABELS:
        raise DataFileError(f"{path}: unknown label {label!r} (allowed: {', '.join(LABELS)})")
    return str(label)


def load_labelled(path: Path) -> list[LabelledText]:
    """Either file shape; a wrong label or a text that is not a string names the file."""
    content = load_yaml_mapping(path)
    found: list[LabelledText] = []
    if "examples" in content:
        for label, texts in (content["examples"] or {}).items():
            label = _check_label(path, label)
            for text in texts or []:
                if not isinstance(text, str) or not text.strip():
                    raise DataFileError(f"{path}: label {label!r} has an entry that is not text: {text!r}")
                found.append(LabelledText(text, label))
    elif "messages" in content:
        for entry in content["messages"] or []:
            if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
                raise DataFileError(f"{path}: every message needs `text` and `risk`: {entry!r}")
            found.append(
                LabelledText(entry["text"], _check_label(path, entry.get("risk")), entry.get("previous"))
            )
    else:
        raise DataFileError(f"{path}: needs `examples` (by label) or `messages` (text and risk)")
    return found


def load_nlu_negatives(directory: Path = NLU_DIR) -> list[LabelledText]:
    """Every NLU training example of an intent other than `crisis`, as a `none` message."""
    found = []
    for path in sorted(directory.glob("*.yml")):
        for block in load_yaml_mapping(path).get("nlu") or []:
            if block.get("intent") in NOT_NEGATIVES:
                continue
            for line in str(block.get("examples") or "").splitlines():
                text = re.sub(
                    r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\{[^}]*\}", r"\1\2", line.strip().removeprefix("- ")
                )
                if text:
                    found.append(LabelledText(text, "none"))
    return found


def load_topic_negatives(directory: Path = TOPICS_DIR) -> list[LabelledText]:
    """The topic library's questions (data/topics): ordinary affair-recovery talk, `none`."""
    found = []
    for path in sorted(directory.glob("*.yml")):
        for topic in load_yaml_mapping(path).get("topics") or []:
            found += [
                LabelledText(" ".join(str(text).split()), "none") for text in topic.get("examples") or []
            ]
    return found


def load_training_set(directory: Path = TRAINING_DIR) -> list[LabelledText]:
    """The training files, the folded sets, the NLU and topic negatives, each text once (the
    first label wins). A folded message labelled together with the one before is learned joined."""
    candidates = [example for path in sorted(directory.glob("*.yml")) for example in load_labelled(path)]
    for path in FOLDED_SETS:
        for example in load_labelled(path):
            text = f"{example.previous} {example.text}" if example.previous else example.text
            candidates.append(LabelledText(text, example.label))
    candidates += load_nlu_negatives() + load_topic_negatives()
    seen: set[str] = set()
    examples = []
    for example in candidates:
        key = example.text.strip().lower()
        if key not in seen:
            seen.add(key)
            examples.append(example)
    return examples
