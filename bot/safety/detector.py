"""Decides whether a message shows risk, and of which type, from three signals, recall first.

- the rule screen (bot/safety/screen.py, data/safety/patterns.yml): precise words;
- the learned risk model (bot/safety/risk_model.py): wording nobody wrote a rule for;
- the intent classifier's `crisis` intent anywhere in its ranking.

Any one of them is enough. The thresholds live in config.yml beside the safety component,
with the trade-off they were chosen for (bot/safety/thresholds.py reads them).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from bot.safety.risk_model import RiskModel, RiskScore, default_risk_model
from bot.safety.screen import SafetyScreen, default_screen
from bot.safety.thresholds import Thresholds, load_thresholds

UNSURE = "unsure"  # a risk whose type is unclear: the most protective answer, and a question


@dataclass(frozen=True)
class Assessment:
    risk_type: str | None  # a risk type, UNSURE, or None for no risk
    sources: tuple[str, ...] = ()  # which signals fired: "rules", "model", "classifier"
    evidence: str = ""  # the words the rules matched, if they did
    model_score: float = 0.0

    @property
    def is_risk(self) -> bool:
        return self.risk_type is not None

    def as_dict(self) -> dict:
        return {
            "risk_type": self.risk_type,
            "sources": list(self.sources),
            "evidence": self.evidence,
            "model_score": round(self.model_score, 3),
        }


NO_RISK = Assessment(None)


class SafetyDetector:
    def __init__(self, screen: SafetyScreen, model: RiskModel, thresholds: Thresholds) -> None:
        self.screen = screen
        self.model = model
        self.thresholds = thresholds

    def assess(
        self,
        text: str,
        vector: np.ndarray | None = None,
        crisis_confidence: float = 0.0,
        model_threshold: float | None = None,
    ) -> Assessment:
        """One message. `vector`: its sentence vector if already computed; `crisis_confidence`:
        the classifier's confidence in the `crisis` intent, wherever it ranks."""
        if not text or not text.strip():
            return NO_RISK
        rule = self.screen.screen(text)
        score = self.model.score(text, vector)
        sources = []
        if rule:
            sources.append("rules")
        threshold = self.thresholds.model if model_threshold is None else model_threshold
        if score.probability >= threshold:
            sources.append("model")
        if crisis_confidence >= self.thresholds.crisis_intent:
            sources.append("classifier")
        if not sources:
            return Assessment(None, model_score=score.probability)
        risk_type = self._risk_type(rule.risk_type if rule else None, score)
        if sources == ["model"] and risk_type == "abuse" and score.probability < self.thresholds.abuse_model:
            return Assessment(None, model_score=score.probability)
        return Assessment(risk_type, tuple(sources), rule.evidence if rule else "", score.probability)

    def assess_context(self, previous: list[str], latest: str, use_model: bool = True) -> Assessment:
        """A risk that shows only when the last few messages are read together ("i've saved my
        pills" ... "tonight's the night"). Each message alone has already been assessed.
        `use_model=False` reads them with the rules only (no second pass of the model)."""
        recent = [text for text in previous if text and text.strip()][
            -(self.thresholds.context_messages - 1) :
        ]
        if not recent:
            return NO_RISK
        joined = " ".join([*recent, latest])
        if use_model:
            assessment = self.assess(joined, model_threshold=self.thresholds.context_model)
        else:
            rule = self.screen.screen(joined)
            assessment = Assessment(rule.risk_type, ("rules",), rule.evidence) if rule else NO_RISK
        if not assessment.is_risk:
            return assessment
        return Assessment(
            assessment.risk_type,
            (*assessment.sources, "context"),
            assessment.evidence,
            assessment.model_score,
        )

    def _risk_type(self, rule_type: str | None, score: RiskScore) -> str:
        """The model's type when it is sure (it reads who does what to whom better than the
        rules do: "i could kill him", "he's got a knife"), else the rules' type, else UNSURE."""
        if score.type_share >= self.thresholds.type_share and score.probability >= self.thresholds.model / 2:
            return score.risk_type
        return rule_type or UNSURE


@lru_cache(maxsize=1)
def default_detector() -> SafetyDetector:
    """One per process: the screen, the model and the thresholds from config.yml."""
    return SafetyDetector(default_screen(), default_risk_model(), load_thresholds())
