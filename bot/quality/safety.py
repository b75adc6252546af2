"""Recall per risk type and the false-positive rate of the safety screen on the labelled set."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bot.safety.screen import RISK_TYPES, SafetyScreen, screen_two_messages
from bot.settings import PROJECT_ROOT
from bot.yaml_files import load_yaml_mapping

SAFETY_SET = PROJECT_ROOT / "tests" / "data" / "safety_set.yml"


@dataclass(frozen=True)
class LabelledMessage:
    text: str
    risk: str  # a risk type or "none"
    previous: str | None = None


@dataclass(frozen=True)
class SafetyReport:
    recall: dict[str, float]
    positives: Counter
    false_positive_rate: float
    negatives: int
    misses: list[LabelledMessage]
    false_alarms: list[LabelledMessage]
    wrong_type: list[tuple[LabelledMessage, str]]


def load_safety_set(path: Path = SAFETY_SET) -> list[LabelledMessage]:
    return [
        LabelledMessage(str(m["text"]), str(m["risk"]), m.get("previous"))
        for m in load_yaml_mapping(path)["messages"]
    ]


def detect(screen: SafetyScreen, message: LabelledMessage) -> str | None:
    """What the assistant would flag for this message: alone, or read with the one before."""
    risk = screen.screen(message.text)
    if risk is None and message.previous:
        risk = screen_two_messages(screen, message.previous, message.text)
    return risk.risk_type if risk else None


def evaluate(screen: SafetyScreen, messages: list[LabelledMessage]) -> SafetyReport:
    """A positive counts as caught when any risk is flagged: the answer always includes the
    emergency number and asks whether the person is safe. The type is reported separately."""
    positives, caught = Counter(), Counter()
    misses, false_alarms, wrong_type = [], [], []
    negatives = 0
    for message in messages:
        found = detect(screen, message)
        if message.risk == "none":
            negatives += 1
            if found:
                false_alarms.append(message)
            continue
        positives[message.risk] += 1
        if found:
            caught[message.risk] += 1
            if found != message.risk:
                wrong_type.append((message, found))
        else:
            misses.append(message)
    return SafetyReport(
        recall={risk: caught[risk] / positives[risk] for risk in RISK_TYPES if positives[risk]},
        positives=positives,
        false_positive_rate=len(false_alarms) / negatives if negatives else 0.0,
        negatives=negatives,
        misses=misses,
        false_alarms=false_alarms,
        wrong_type=wrong_type,
    )


def format_safety_report(report: SafetyReport) -> str:
    lines = [f"{'risk type':<12}{'recall':>8}{'messages':>10}"]
    for risk, recall in report.recall.items():
        lines.append(f"{risk:<12}{recall:>8.3f}{report.positives[risk]:>10}")
    lines.append(
        f"false positives: {len(report.false_alarms)}/{report.negatives} = {report.false_positive_rate:.3f}"
    )
    lines += [f"  missed ({m.risk}): {m.text}" for m in report.misses]
    lines += [f"  false alarm: {m.text}" for m in report.false_alarms]
    lines += [f"  flagged as {found}, labelled {m.risk}: {m.text}" for m, found in report.wrong_type]
    return "\n".join(lines)
