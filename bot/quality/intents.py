"""Per-intent precision, recall and F1 of a trained model on the held-out split."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bot.settings import PROJECT_ROOT
from bot.yaml_files import load_yaml_mapping

HELDOUT_FILE = PROJECT_ROOT / "tests" / "data" / "nlu_heldout.yml"
# The intents the dialogue is built on (the "contract intents"), `ask` included.
CONTRACT_INTENTS = frozenset({
    "disclosure", "hurt", "apology", "reassurance", "request_exercise", "plan_repair", "crisis",
    "greet", "goodbye", "affirm", "deny", "bot_challenge", "out_of_scope", "ask",
})  # fmt: skip


@dataclass(frozen=True)
class IntentScores:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class IntentReport:
    per_intent: dict[str, IntentScores]
    macro_f1: float
    confusions: list[tuple[str, str, int]]  # (true intent, predicted intent, count), most first


def load_heldout(path: Path = HELDOUT_FILE) -> list[tuple[str, str]]:
    """(text, intent) pairs from a Rasa NLU YAML file."""
    pairs = []
    for block in load_yaml_mapping(path).get("nlu", []):
        for line in str(block.get("examples", "")).splitlines():
            text = line.strip().removeprefix("- ").strip()
            if text:
                pairs.append((text, block["intent"]))
    return pairs


def score(truth: list[str], predicted: list[str]) -> IntentReport:
    """Precision, recall and F1 per true intent; a fallback prediction counts as a miss."""
    intents = sorted(set(truth))
    per_intent = {}
    for intent in intents:
        true_positive = sum(t == p == intent for t, p in zip(truth, predicted, strict=True))
        predicted_count = sum(p == intent for p in predicted)
        support = sum(t == intent for t in truth)
        precision = true_positive / predicted_count if predicted_count else 0.0
        recall = true_positive / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_intent[intent] = IntentScores(precision, recall, f1, support)
    confusions = Counter((t, p) for t, p in zip(truth, predicted, strict=True) if t != p)
    return IntentReport(
        per_intent=per_intent,
        macro_f1=sum(s.f1 for s in per_intent.values()) / len(per_intent),
        confusions=[(t, p, n) for (t, p), n in confusions.most_common()],
    )


def parse_all(model: Path, texts: list[str]) -> list[dict]:
    """Parses each text with the trained model's NLU pipeline."""
    from rasa.core.agent import Agent

    from bot.rasa_logging import quiet_rasa_logs

    quiet_rasa_logs()
    agent = Agent.load(str(model))

    async def parse() -> list[dict]:
        return [await agent.parse_message(text) for text in texts]

    return asyncio.run(parse())


def predict_intents(model: Path, texts: list[str]) -> list[str]:
    return [parse["intent"]["name"] for parse in parse_all(model, texts)]


def intent_heldout(heldout: Path = HELDOUT_FILE) -> list[tuple[str, str]]:
    """The held-out split, with the topic library's held-out questions as the intent `ask`."""
    from bot.quality.topics import load_topic_heldout

    return load_heldout(heldout) + [(text, "ask") for text, _ in load_topic_heldout()]


def contract_macro_f1(report: IntentReport, contract: set[str]) -> float:
    scores = [s.f1 for intent, s in report.per_intent.items() if intent in contract]
    return sum(scores) / len(scores)


def evaluate_model(model: Path, heldout: Path = HELDOUT_FILE) -> IntentReport:
    pairs = intent_heldout(heldout)
    return score([intent for _, intent in pairs], predict_intents(model, [text for text, _ in pairs]))


def format_report(report: IntentReport) -> str:
    lines = [f"{'intent':<18}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}"]
    for intent, s in report.per_intent.items():
        lines.append(f"{intent:<18}{s.precision:>10.3f}{s.recall:>10.3f}{s.f1:>10.3f}{s.support:>9}")
    lines.append(f"{'macro F1':<18}{'':>20}{report.macro_f1:>10.3f}")
    if report.confusions:
        lines.append("\nconfusions (true -> predicted: count)")
        lines += [f"  {t} -> {p}: {n}" for t, p, n in report.confusions]
    return "\n".join(lines)
