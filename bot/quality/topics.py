"""How well questions find their topic: top-1 accuracy, the share answered, per-topic accuracy
and the confusions, on a held-out set written by someone who never saw the training data."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from bot.settings import PROJECT_ROOT
from bot.topics.library import RETRIEVAL_INTENT
from bot.topics.nearest import nearest_topics, selected_topic
from bot.yaml_files import DataFileError, load_yaml_mapping

TOPICS_HELDOUT_FILE = PROJECT_ROOT / "tests" / "data" / "topics_heldout.yml"


@dataclass(frozen=True)
class TopicOutcome:
    text: str
    truth: str
    answered: str | None  # the topic answered, or None (a "did you mean", or another intent)
    intent: str
    suggested: tuple[str, ...]  # the "did you mean" buttons, when no topic was answered


@dataclass(frozen=True)
class TopicReport:
    outcomes: list[TopicOutcome]

    @property
    def top1(self) -> float:
        return sum(o.answered == o.truth for o in self.outcomes) / len(self.outcomes)

    @property
    def answer_rate(self) -> float:
        return sum(o.answered is not None for o in self.outcomes) / len(self.outcomes)

    @property
    def right_or_suggested(self) -> float:
        return sum(o.answered == o.truth or o.truth in o.suggested for o in self.outcomes) / len(
            self.outcomes
        )

    def per_topic(self) -> dict[str, tuple[int, int]]:
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for o in self.outcomes:
            counts[o.truth][0] += o.answered == o.truth
            counts[o.truth][1] += 1
        return {topic: (right, total) for topic, (right, total) in sorted(counts.items())}

    def confusions(self) -> list[tuple[str, str, int]]:
        wrong = Counter(
            (o.truth, o.answered or f"({o.intent})") for o in self.outcomes if o.answered != o.truth
        )
        return [(truth, got, n) for (truth, got), n in wrong.most_common()]


def load_topic_heldout(path: Path = TOPICS_HELDOUT_FILE) -> list[tuple[str, str]]:
    questions = load_yaml_mapping(path).get("questions")
    if not isinstance(questions, list):
        raise DataFileError(f"{path}: needs a `questions` list")
    return [(" ".join(str(q["text"]).split()), str(q["topic"])) for q in questions]


def outcome_of(text: str, truth: str, parse: dict, library: dict) -> TopicOutcome:
    """What the assistant does with the parse: answer a topic only when the intent is `ask`."""
    intent = (parse.get("intent") or {}).get("name") or ""
    answered = selected_topic(parse, library) if intent == RETRIEVAL_INTENT else None
    suggested = (
        tuple(nearest_topics(parse, library))
        if answered is None and intent in (RETRIEVAL_INTENT, "nlu_fallback")
        else ()
    )
    return TopicOutcome(text, truth, answered, intent, suggested)


def evaluate_topics(model: Path, library: dict, heldout: Path = TOPICS_HELDOUT_FILE) -> TopicReport:
    from bot.quality.intents import parse_all

    pairs = load_topic_heldout(heldout)
    parses = parse_all(model, [text for text, _ in pairs])
    return TopicReport(
        [outcome_of(text, truth, parse, library) for (text, truth), parse in zip(pairs, parses, strict=True)]
    )


def format_topic_report(report: TopicReport, details: bool = True) -> str:
    lines = [
        f"held-out questions: {len(report.outcomes)}",
        f"right topic answered (top-1): {report.top1:.3f}",
        f'answered (no rephrase, no "did you mean"): {report.answer_rate:.3f}',
        f'right topic answered or among the "did you mean" buttons: {report.right_or_suggested:.3f}',
    ]
    if details:
        weak = [(t, r, n) for t, (r, n) in report.per_topic().items() if r < n]
        lines.append(f"\ntopics below 100% ({len(weak)} of {len(report.per_topic())}): right/asked")
        lines += [f"  {topic}: {right}/{total}" for topic, right, total in weak]
        lines.append("\nconfusions (true -> answered: count)")
        lines += [f"  {t} -> {g}: {n}" for t, g, n in report.confusions()]
    return "\n".join(lines)
