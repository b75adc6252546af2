"""Recall per risk type, false alarms and type accuracy of the safety detector on a labelled set."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.safety.risk_data import RISK_TYPES, LabelledText, load_labelled
from bot.settings import PROJECT_ROOT

SAFETY_SET = PROJECT_ROOT / "tests" / "data" / "safety_set.yml"
# Written by people who saw neither the rules nor the training data. Each round was measured
# first, then folded into training (rounds 1-6 so far, bot/safety/risk_data.py); the newest
# round is the honest figure (README, "An honest measure").
FRESH_SETS = (
    PROJECT_ROOT / "tests" / "data" / "safety_fresh_round1.yml",
    PROJECT_ROOT / "tests" / "data" / "safety_fresh_round2.yml",
    PROJECT_ROOT / "tests" / "data" / "safety_fresh_round3.yml",
    PROJECT_ROOT / "tests" / "data" / "safety_fresh_round4.yml",
    PROJECT_ROOT / "tests" / "data" / "safety_fresh_round5.yml",
    PROJECT_ROOT / "tests" / "data" / "safety_fresh_round6.yml",
    PROJECT_ROOT / "tests" / "data" / "safety_fresh_round7.yml",
    PROJECT_ROOT / "tests" / "data" / "safety_fresh_round8.yml",
    PROJECT_ROOT / "tests" / "data" / "safety_fresh_round9.yml",
    PROJECT_ROOT / "tests" / "data" / "safety_fresh_round10.yml",
)
LATEST_UNTOUCHED_SET = FRESH_SETS[-1]
ORDINARY_SET = PROJECT_ROOT / "tests" / "data" / "ordinary_messages.yml"

# What a detector says of a message (and the one before, if any): a risk type, "unsure", or None.
Detect = Callable[[str, "str | None"], "str | None"]


@dataclass(frozen=True)
class SafetyReport:
    recall: dict[str, float]
    positives: Counter
    false_positive_rate: float
    negatives: int
    type_accuracy: float  # among risks caught, the share answered with the right type
    misses: list[LabelledText]
    false_alarms: list[LabelledText]
    wrong_type: list[tuple[LabelledText, str]]

    @property
    def overall_recall(self) -> float:
        total = sum(self.positives.values())
        caught = total - len(self.misses)
        return caught / total if total else 1.0


def load_safety_set(path: Path = SAFETY_SET) -> list[LabelledText]:
    return load_labelled(path)


def load_ordinary(path: Path = ORDINARY_SET) -> list[LabelledText]:
    from bot.yaml_files import load_yaml_mapping

    return [LabelledText(str(text), "none") for text in load_yaml_mapping(path)["messages"]]


def evaluate(detect: Detect, messages: list[LabelledText]) -> SafetyReport:
    """A positive is caught when any risk is flagged (the answer always names the emergency
    number and asks whether the person is safe); a wrong type is counted apart."""
    positives, caught = Counter(), Counter()
    misses, false_alarms, wrong_type = [], [], []
    negatives = 0
    for message in messages:
        found = detect(message.text, message.previous)
        if message.label == "none":
            negatives += 1
            if found:
                false_alarms.append(message)
            continue
        positives[message.label] += 1
        if found:
            caught[message.label] += 1
            if found != message.label:
                wrong_type.append((message, found))
        else:
            misses.append(message)
    total_caught = sum(caught.values())
    return SafetyReport(
        recall={risk: caught[risk] / positives[risk] for risk in RISK_TYPES if positives[risk]},
        positives=positives,
        false_positive_rate=len(false_alarms) / negatives if negatives else 0.0,
        negatives=negatives,
        type_accuracy=(total_caught - len(wrong_type)) / total_caught if total_caught else 1.0,
        misses=misses,
        false_alarms=false_alarms,
        wrong_type=wrong_type,
    )


def detector_detect(detector) -> Detect:  # noqa: ANN001 - a SafetyDetector
    """The assistant's own decision: the message alone, else read with the one before."""

    def detect(text: str, previous: str | None) -> str | None:
        assessment = detector.assess(text)
        if not assessment.is_risk and previous:
            assessment = detector.assess_context([previous], text)
        return assessment.risk_type

    return detect


def format_safety_report(report: SafetyReport, details: bool = True) -> str:
    lines = [f"{'risk type':<12}{'recall':>8}{'messages':>10}"]
    for risk, recall in report.recall.items():
        lines.append(f"{risk:<12}{recall:>8.3f}{report.positives[risk]:>10}")
    lines.append(f"{'all':<12}{report.overall_recall:>8.3f}{sum(report.positives.values()):>10}")
    lines.append(
        f"false alarms: {len(report.false_alarms)}/{report.negatives} = {report.false_positive_rate:.3f}"
    )
    lines.append(f"type right: {report.type_accuracy:.3f} of the risks caught")
    if details:
        lines += [f"  missed ({m.label}): {m.text}" for m in report.misses]
        lines += [f"  false alarm: {m.text}" for m in report.false_alarms]
        lines += [f"  answered as {found}, labelled {m.label}: {m.text}" for m, found in report.wrong_type]
    return "\n".join(lines)
