"""NLU component: the safety detector, run on every message after the classifiers.

A risk found by the rules, the learned model or the classifier's `crisis` intent (anywhere
in its ranking) makes the intent `crisis` (confidence 1.0) whatever else the classifier
said; the assessment travels in the parse data under "safety". Its thresholds are this
component's settings in config.yml (bot/safety/thresholds.py reads them there, so the
policy and the action server use the same ones). A person saying they are under 18 is
marked "young_person" (the policy asks once to confirm).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.rasa_components.question_router import route_question
from bot.rasa_components.sentence_embedding import SENTENCE_VECTOR
from bot.safety.age import says_under_18
from bot.safety.detector import default_detector

CRISIS = "crisis"


FALLBACK = "nlu_fallback"
FALLBACK_THRESHOLD = 0.45  # the FallbackClassifier's threshold in config.yml


def crisis_confidence(message: Message) -> float:
    """The classifier's confidence in `crisis`, wherever it ranks (not only at the top)."""
    ranking = message.get("intent_ranking") or []
    return max((r.get("confidence") or 0.0 for r in ranking if r.get("name") == CRISIS), default=0.0)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SafetyScreenComponent(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # Read by bot/safety/thresholds.py from config.yml; listed so Rasa accepts them.
        return {
            "model": 0.5,
            "crisis_intent": 1.0,
            "type_share": 0.5,
            "context_messages": 3,
            "context_model": 0.7,
            "abuse_model": 0.65,
        }

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafetyScreenComponent:
        return cls()

    def __init__(self) -> None:
        self._detector = default_detector()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._screen_message(message)
        return messages

    def _screen_message(self, message: Message) -> None:
        text = message.get("text") or ""
        if not text:
            return
        if says_under_18(text):
            message.set("young_person", True, add_to_output=True)
        intent = (message.get("intent") or {}).get("name")
        confidence = crisis_confidence(message)
        vector = message.get(SENTENCE_VECTOR)  # from the featurizer, when it ran
        assessment = self._detector.assess(text, vector=vector, crisis_confidence=confidence)
        # Kept on every message: the policy reads the last few together only when one of
        # them scored at all (bot/rasa_components/safety_policy.py).
        message.set("risk_score", round(assessment.model_score, 4), add_to_output=True)
        if not assessment.is_risk:
            if intent == CRISIS:
                self._not_a_crisis(message)
            return
        details = {
            **assessment.as_dict(),
            "classifier_intent": intent,
            "crisis_confidence": round(confidence, 3),
        }
        message.set("safety", details, add_to_output=True)
        message.set("intent", {"name": CRISIS, "confidence": 1.0}, add_to_output=True)
        ranking = [r for r in message.get("intent_ranking") or [] if r.get("name") != CRISIS]
        message.set("intent_ranking", [{"name": CRISIS, "confidence": 1.0}, *ranking], add_to_output=True)

    @staticmethod
    def _not_a_crisis(message: Message) -> None:
        """The classifier alone said `crisis` below the detector's threshold: measured, that
        is mostly ordinary talk (config.yml), so the next intent answers, or a fallback.

        The other intents' confidences are rescaled to sum to one without `crisis`, the
        classifier's belief given that it is not a crisis: "im terrified shes going to leave"
        scored 0.95 `crisis` and 0.03 `ask`, which unscaled would be asked to rephrase."""
        others = [r for r in message.get("intent_ranking") or [] if r.get("name") not in (CRISIS, FALLBACK)]
        total = sum(r.get("confidence") or 0.0 for r in others)
        ranking = (
            [{**r, "confidence": (r.get("confidence") or 0.0) / total} for r in others] if total else others
        )
        best = ranking[0] if ranking else {"name": FALLBACK, "confidence": 0.0}
        if best.get("confidence", 0.0) < FALLBACK_THRESHOLD:
            best = {"name": FALLBACK, "confidence": best.get("confidence", 0.0)}
        message.set("intent", best, add_to_output=True)
        message.set("intent_ranking", ranking, add_to_output=True)
        route_question(message)  # "so whats the point of you": the router saw only `crisis`
